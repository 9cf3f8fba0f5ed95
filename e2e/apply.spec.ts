import { createHash } from 'node:crypto';
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import type { DraftSummary, ErrorAnswer, FormDefinition } from '../web/src/shared/contract.ts';
import { api, errorText, ok, type Api } from './api.ts';
import {
  bodyFontSize,
  CITIZEN_LOGIN,
  CITIZEN_NAME,
  DEMO_PASSWORD,
  docScreenshot,
  idCheckChar,
  pdf,
  totpFor,
} from './helpers.ts';

// Applying online in the citizen app: the demo citizen applies for an ASB licence (a
// simple_licence item with materials to upload) acting for his company, meets a field check,
// a refused fake PDF and a real one, submits once (a double tap files one case) and follows
// the case; then applies for the 出生一件事 bundle, whose case lists its departments, and
// withdraws it. Expected data comes from the API, and every step is checked against what
// the server stored.

test.use({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });

const ITEM_NAME = '公共场所卫生许可';
const BUNDLE_CODE = 'birth';

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** A valid citizen ID number (GB 11643) born on the given day. */
function idNumber(birth: string, sequence: number): string {
  const first17 = `330383${birth.replaceAll('-', '')}${String(sequence).padStart(3, '0')}`;
  return first17 + idCheckChar(first17);
}

// Reads and writes through the typed caller, with the page's session (and its CSRF token on writes).
const caller = (page: Page) => api(page.request);
const myDrafts = (page: Page) => ok(caller(page).GET('/api/applications/drafts')).then((r) => r.items);
const draftOf = (page: Page, id: string) =>
  ok(caller(page).GET('/api/applications/drafts/{id}', { params: { path: { id } } }));
const caseOf = (page: Page, id: string) =>
  ok(caller(page).GET('/api/applications/cases/{id}', { params: { path: { id } } }));
const caseCount = (page: Page) =>
  ok(caller(page).GET('/api/applications/cases', { params: { query: { page: 1, pageSize: 1 } } })).then((r) => r.total);
const unreadCount = (page: Page) => ok(caller(page).GET('/api/me/notifications/unread-count')).then((r) => r.count);
const notificationSettings = (page: Page) => ok(caller(page).GET('/api/me/notification-settings'));

const fieldsOf = (form: FormDefinition) => form.sections.flatMap((s) => s.fields);

/** A mobile page must not scroll sideways (it would zoom out on a phone). */
async function expectNoSidewaysScroll(page: Page) {
  const [scroll, width] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
  expect(scroll, 'page width').toBeLessThanOrEqual(width);
}

/**
 * An ASB window clerk signed in through the API (password, then the TOTP code). Not clerk01:
 * the handling test signs that one in, and a TOTP time step is accepted once per account.
 */
async function asbClerk(request: APIRequestContext): Promise<Api> {
  const clerk = api(request);
  const login = await ok(clerk.POST('/api/auth/login', { body: { login: 'asb-clerk', password: DEMO_PASSWORD } }));
  if (login.status !== 'totp_required') throw new Error('asb-clerk signs in with a second factor');
  await ok(clerk.POST('/api/auth/totp', { body: { challenge: login.challenge, code: await totpFor('asb-clerk') } }));
  return clerk;
}

async function signIn(page: Page) {
  await page.getByTestId('login-login').locator('input').fill(CITIZEN_LOGIN);
  await page.getByTestId('login-password').locator('input').fill(DEMO_PASSWORD);
  await page.getByTestId('login-submit').click();
}

/** Chooses an option of a select (a sheet of options) by its label. */
async function pick(page: Page, key: string, label: string) {
  await page.getByTestId(`select-${key}`).click();
  await page.getByTestId(`options-${key}`).getByText(label, { exact: true }).click();
  await expect(page.getByTestId(`options-${key}`)).toBeHidden();
  await expect(page.getByTestId(`select-${key}`)).toHaveText(new RegExp(label));
}

/** Deletes the citizen's drafts for a target, so the page starts from a fresh form. */
async function dropDrafts(page: Page, match: (d: DraftSummary) => boolean) {
  for (const d of (await myDrafts(page)).filter(match)) {
    const res = await caller(page).DELETE('/api/applications/drafts/{id}', { params: { path: { id: d.id } } });
    expect(res.response.status).toBe(204);
  }
}

test('a citizen applies for an ASB licence: sign-in, checks, uploads, one case filed, followed and corrected', async ({
  page,
  playwright,
  baseURL,
}) => {
  // the item: ASB, handled by simple_licence, with materials the applicant uploads
  const found = await ok(
    caller(page).GET('/api/catalog/items', { params: { query: { q: ITEM_NAME, page: 1, pageSize: 20 } } }),
  );
  const summary = found.items.find((i) => i.name.zh === ITEM_NAME && i.departmentCode === 'ASB');
  expect(summary, `the ASB item ${ITEM_NAME}`).toBeDefined();
  const item = await ok(caller(page).GET('/api/catalog/items/{code}', { params: { path: { code: summary!.code } } }));
  expect(item.item.processCode).toBe('simple_licence');
  const uploads = item.item.materials.filter((m) => m.source === 'applicant');
  expect(uploads.length).toBeGreaterThan(0);
  const shared = item.item.materials.filter((m) => m.source === 'shared');

  // signed out, the apply button sends the citizen to sign in and back
  await page.goto(`/services/${item.code}?elder=0`);
  await expect(page.getByTestId('guide-name')).toHaveText(ITEM_NAME);
  await expect(page.getByTestId('apply-button')).toHaveText('在线申办');
  await page.getByTestId('apply-button').click();
  await expect(page.getByTestId('login-page')).toBeVisible();
  await signIn(page);
  await expect(page).toHaveURL(new RegExp(`/apply/${item.code}$`));

  const company = (await ok(caller(page).GET('/api/me/enterprises'))).items[0];
  expect(company, 'the demo citizen represents a company').toBeDefined();
  await dropDrafts(page, (d) => d.itemCode === item.code);
  await page.reload();

  // an enterprise service: the citizen switches to act for his company
  await expect(page.getByTestId('apply-choose-applicant')).toContainText('请以企业身份办理');
  await page.getByTestId('apply-as-enterprise').first().click();
  // what the departments hold is previewed first; this walk types everything itself
  await expect(page.getByTestId('preview-enterprise')).toContainText(company!.name);
  await page.getByTestId('preview-self').click();
  await expect(page.getByTestId('apply-acting-as')).toContainText(company!.name);
  const casesBefore = await caseCount(page);
  await expect(page.getByTestId('apply-name')).toHaveText(ITEM_NAME);
  await expectNoSidewaysScroll(page);

  // prefilled from the company and the person; the rest typed in
  const input = (key: string) => page.getByTestId(`field-${key}`).locator('input');
  await expect(input('company_name')).toHaveValue(company!.name);
  await expect(input('company_uscc')).toHaveValue(company!.uscc);
  await expect(input('contact_name')).toHaveValue(CITIZEN_NAME);
  await input('applicant_phone').fill('1380013800');
  await input('business_address').fill('龙港市世纪大道 66 号 1 层');
  await input('premises_area').fill('86.5');
  await input('employee_count').fill('6');
  await pick(page, 'place_type', '美容美发店');

  // a phone number one digit short: the field says so, and the server agrees
  await page.getByTestId('apply-next').click();
  await expect(page.getByTestId('apply-error')).toHaveText('请先修改标红的信息');
  await docScreenshot(page, 'citizen-apply-form.png');
  await expect(page.getByTestId('field-applicant_phone')).toContainText('请输入正确的 11 位手机号');
  await expect(page.getByTestId('apply-page')).toHaveAttribute('data-step', 'form');
  const refused = await caller(page).POST('/api/applications/cases', {
    params: { header: { 'idempotency-key': `e2e-invalid-${Date.now()}` } },
    body: { itemCode: item.code, form: { company_name: company!.name, applicant_phone: '1380013800' }, materials: [] },
  });
  expect(refused.response.status).toBe(400);
  expect(refused.error?.error.code).toBe('FORM_INVALID');
  expect(refused.error?.error.details?.map((d) => d.path)).toContain('/form/applicant_phone');

  await input('applicant_phone').fill(CITIZEN_LOGIN);
  await input('applicant_phone').blur();
  await expect(page.getByTestId('field-applicant_phone')).not.toContainText('请输入正确的 11 位手机号');
  await expect(page.getByTestId('save-status')).toHaveText('✓ 已保存');
  await page.getByTestId('apply-next').click();
  await expect(page.getByTestId('apply-page')).toHaveAttribute('data-step', 'materials');

  // materials: required ones missing are named; shared ones are not asked for
  await page.getByTestId('apply-next').click();
  await expect(page.getByTestId('apply-error')).toHaveText('还有必交材料没有上传');
  for (const m of uploads.filter((x) => x.required))
    await expect(page.getByTestId(`material-error-${m.code}`)).toHaveText('请上传此材料');
  if (shared.length > 0) {
    await expect(page.getByTestId('shared-materials').getByTestId('material-shared')).toHaveCount(shared.length);
    await expect(page.getByTestId('shared-materials')).toContainText('无需提交，部门共享');
  }

  // a text file named .pdf is refused by the server (by its bytes)
  const first = uploads[0]!;
  const answer = page.waitForResponse((r) => r.url().includes('/api/applications/uploads?'));
  await page.getByTestId(`upload-input-${first.code}`).setInputFiles({
    name: '营业场所照片.pdf',
    mimeType: 'application/pdf',
    buffer: Buffer.from('this is not a PDF, just text\n'),
  });
  const { error } = (await (await answer).json()) as ErrorAnswer<'/api/applications/uploads', 'put'>;
  expect(error.code).toBe('FILE_TYPE_NOT_ALLOWED');
  // the error catalogue's words for the code, else the app's own for the check it also makes itself
  await expect(page.getByTestId(`material-error-${first.code}`)).toHaveText(
    errorText(error.code, '文件格式不支持：请上传 PDF、JPG 或 PNG 文件'),
  );
  await expect(page.getByTestId(`file-${first.code}`)).toHaveCount(0);

  // real PDFs: name, size and the start of the SHA-256 the server measured
  const files = new Map<string, Buffer>();
  for (const m of uploads) {
    const bytes = pdf(`${m.code} ${Date.now()}`);
    files.set(m.code, bytes);
    await page
      .getByTestId(`upload-input-${m.code}`)
      .setInputFiles({ name: `${m.code}.pdf`, mimeType: 'application/pdf', buffer: bytes });
    const file = page.getByTestId(`file-${m.code}`);
    await expect(file.getByTestId('file-name')).toHaveText(`${m.code}.pdf`);
    // Its size, and no checksum: a citizen has no use for a SHA-256 called 校验码.
    await expect(file.getByTestId('file-meta')).toHaveText(/^\d+(\.\d)? (B|KB)$/);
    await expect(file).not.toContainText('校验码');
    await expect(page.getByTestId(`material-error-${m.code}`)).toHaveCount(0);
  }
  await page.evaluate(() => window.scrollTo(0, 0));
  await docScreenshot(page, 'citizen-apply-materials.png');

  // the draft holds what was entered (autosaved)
  await expect(page.getByTestId('save-status')).toHaveText('✓ 已保存');
  await expect
    .poll(async () => {
      const mine = (await myDrafts(page)).find((d) => d.itemCode === item.code);
      if (!mine) return null;
      const draft = await draftOf(page, mine.id);
      return { phone: draft.form.applicant_phone, area: draft.form.premises_area, materials: draft.materials.length };
    })
    .toEqual({ phone: CITIZEN_LOGIN, area: 86.5, materials: uploads.length });

  // review, the declaration, and a double tap on submit
  await page.getByTestId('apply-next').click();
  await expect(page.getByTestId('apply-review')).toBeVisible();
  await expect(page.getByTestId('review-place_type')).toContainText('美容美发店');
  await expect(page.getByTestId('review-premises_area')).toContainText('86.5');
  await page.getByTestId('apply-submit').click();
  await expect(page.getByTestId('apply-error')).toHaveText('请先阅读并勾选承诺');
  await page.getByTestId('apply-declaration').click();
  await page.getByTestId('apply-submit').dblclick();

  // the case page: waiting for acceptance, with its number
  await expect(page.getByTestId('case-page')).toBeVisible();
  const caseNumber = (await page.getByTestId('case-number').textContent())!;
  expect(caseNumber).toMatch(/^330383-\d{8}-\d{8}$/);
  await expect(page.getByTestId('case-view')).toHaveAttribute('data-status', 'in_progress');
  await expect(page.getByTestId('case-status')).toHaveText('办理中');
  await expect(page.getByTestId('case-headline')).toHaveText(/^已提交，等待.+受理$/);
  await expect(page.getByTestId('case-handled-by')).toContainText('待受理');
  await expect(page.getByTestId('case-due')).toHaveText(/^\d{4}年\d{1,2}月\d{1,2}日$/);
  await expect(page.getByTestId('case-timeline')).toContainText('提交申请');
  await expectNoSidewaysScroll(page);
  await expect(page.getByText('提交成功')).toBeHidden();
  await docScreenshot(page, 'citizen-case.png');

  // one case was filed, with the form and the files as uploaded; the draft is gone
  const caseId = page.url().split('/cases/')[1]!;
  const filed = await caseOf(page, caseId);
  expect(filed.caseNumber).toBe(caseNumber);
  expect(filed.itemCode).toBe(item.code);
  expect(filed.state).toBe('accept');
  expect(filed.form).toMatchObject({
    company_uscc: company!.uscc,
    applicant_phone: CITIZEN_LOGIN,
    place_type: 'beauty_salon',
    premises_area: 86.5,
    employee_count: 6,
  });
  expect(Object.fromEntries(filed.materials.map((m) => [m.code, m.sha256]))).toEqual(
    Object.fromEntries([...files].map(([code, b]) => [code, sha256(b)])),
  );
  expect(await caseCount(page)).toBe(casesBefore + 1);
  expect((await myDrafts(page)).filter((d) => d.itemCode === item.code)).toHaveLength(0);

  // my cases: under 办理中, not under 待补正
  await page.goto('/cases');
  const row = page.locator(`[data-testid="case-row"][data-case-number="${caseNumber}"]`);
  await expect(row).toBeVisible();
  await expect(row.getByTestId('case-headline')).toHaveText(/^已提交，等待.+受理$/);
  await expectNoSidewaysScroll(page);
  await page.getByTestId('case-tab-correction').click();
  await expect(page.getByTestId('cases-empty').or(page.getByTestId('case-list'))).toBeVisible();
  await expect(row).toHaveCount(0);

  // and on the home page
  await page.goto('/');
  await expect(
    page.getByTestId('my-cases').locator(`[data-testid="case-row"][data-case-number="${caseNumber}"]`),
  ).toBeVisible();

  // the window asks for a correction while the citizen has the case open (seq 0)
  await page.goto(`/cases/${caseId}`);
  await expect(page.getByTestId('case-view')).toHaveAttribute('data-seq', '0');
  const staff = await playwright.request.newContext({ baseURL: baseURL! });
  const clerk = await asbClerk(staff);
  const fix = uploads[0]!;
  await ok(
    clerk.POST('/api/applications/cases/{id}/actions', {
      params: { path: { id: caseId } },
      body: { action: 'request_correction', expectedSeq: 0, correctionItems: [`${fix.name.zh}不清晰，请重新上传`] },
    }),
  );
  await staff.dispose();

  // withdrawing from the stale page is answered 409 CASE_CONFLICT: the page says so and reloads
  await page.getByTestId('case-withdraw').click();
  await page.locator('.adm-dialog').getByRole('button', { name: '撤回申请' }).click();
  await expect(page.getByText('办件状态已更新，已为您刷新页面')).toBeVisible();
  await expect(page.getByTestId('case-view')).toHaveAttribute('data-status', 'correction');
  await expect(page.getByTestId('case-status')).toHaveText('待补正');
  await expect(page.getByTestId('correction-items')).toHaveText(`${fix.name.zh}不清晰，请重新上传`);
  expect((await caseOf(page, caseId)).status).toBe('correction');

  // 补正: a clearer file, resubmitted; the case returns to the window
  await page.getByTestId('correction-start').click();
  await expect(page.getByTestId('correction-editor')).toBeVisible();
  await expect(page.getByTestId(`file-${fix.code}`).getByTestId('file-name')).toHaveText(`${fix.code}.pdf`);
  const clearer = pdf(`${fix.code} clearer ${Date.now()}`);
  await page
    .getByTestId(`upload-input-${fix.code}`)
    .setInputFiles({ name: `${fix.code}-v2.pdf`, mimeType: 'application/pdf', buffer: clearer });
  await expect(page.getByTestId(`file-${fix.code}`).getByTestId('file-name')).toHaveText(`${fix.code}-v2.pdf`);
  await page.getByTestId('correction-submit').click();
  await expect(page.getByText('补正已提交')).toBeVisible();
  await expect(page.getByTestId('case-view')).toHaveAttribute('data-status', 'in_progress');
  await expect(page.getByTestId('case-headline')).toHaveText(/^已提交，等待.+受理$/);
  await expect(page.getByTestId('timeline-item').filter({ hasText: '一次性告知补正' })).toBeVisible();
  const resubmitted = await caseOf(page, caseId);
  expect(resubmitted.state).toBe('accept');
  expect(resubmitted.history.map((h) => h.action)).toEqual(['request_correction', 'resubmit']);
  expect(resubmitted.materials.find((m) => m.code === fix.code)?.sha256).toBe(sha256(clearer));
});

test('a citizen applies for the birth bundle once; the case lists its departments and can be withdrawn', async ({
  page,
}) => {
  const bundle = await ok(caller(page).GET('/api/catalog/bundles/{code}', { params: { path: { code: BUNDLE_CODE } } }));
  const departments = await ok(caller(page).GET('/api/org/departments'));
  const deptName = (code: string) => departments.items.find((d) => d.code === code)?.name ?? code;
  const fields = fieldsOf(bundle.form);

  await page.goto('/login');
  await signIn(page);
  await expect(page.getByTestId('me-page')).toBeVisible();
  await dropDrafts(page, (d) => d.bundleCode === BUNDLE_CODE);
  const casesBefore = await caseCount(page);

  await page.goto(`/bundles/${BUNDLE_CODE}?elder=0`);
  await page.getByTestId('apply-button').click();
  await expect(page).toHaveURL(new RegExp(`/apply/bundle/${BUNDLE_CODE}$`));
  await page.getByTestId('preview-self').click();
  await expect(page.getByTestId('apply-name')).toHaveText(bundle.name.zh);
  await expect(page.getByTestId('apply-department')).toHaveCount(bundle.departments.length);
  for (const d of bundle.departments) await expect(page.getByTestId('apply-departments')).toContainText(deptName(d));
  await expectNoSidewaysScroll(page);

  // the merged form: every question once
  const answers: Record<string, string> = {
    child_name: '陈小雨',
    birth_place: '龙港市人民医院',
    mother_name: '林美华',
    mother_id_number: idNumber('1990-03-08', 222),
    father_name: CITIZEN_NAME,
    father_id_number: idNumber('1988-06-15', 371),
    applicant_id_number: idNumber('1988-06-15', 371),
    household_address: '龙港市龙跃路88号3幢502室',
    applicant_address: '龙港市龙跃路88号3幢502室',
    applicant_phone: CITIZEN_LOGIN,
  };
  const labels: Record<string, string> = { child_gender: '女', delivery_method: '免费邮寄', guardian_relation: '父亲' };
  for (const f of fields) {
    const box = page.getByTestId(`field-${f.key}`);
    await expect(box).toHaveCount(1);
    if (f.prefill === 'person.name' || f.prefill === 'person.idNumber') {
      // The applicant's identity, from the account, complete (not masked) and read-only.
      await expect(box.locator('input')).toHaveValue(
        f.prefill === 'person.name' ? CITIZEN_NAME : idNumber('1988-06-15', 371),
      );
      await expect(box).toHaveAttribute('data-fixed', 'true');
      await expect(box.locator('input')).toBeDisabled();
      await expect(box).toContainText('您的实名信息，不可修改');
    } else if (f.prefill === 'person.phone') {
      // What the account holds is filled in too, and stays editable.
      await expect(box.locator('input')).toHaveValue(CITIZEN_LOGIN);
      await expect(box.locator('input')).toBeEnabled();
    } else if (f.schema.format === 'date') {
      await page.getByTestId(`date-${f.key}`).click();
      await page.locator('.adm-picker-header-button:visible', { hasText: '确定' }).click();
      await expect(page.getByTestId(`date-${f.key}`)).toHaveText(/\d{4}-\d{2}-\d{2}/);
    } else if (f.schema.enum && f.widget === 'radio') {
      await box.getByText(labels[f.key] ?? '', { exact: true }).click();
    } else if (f.schema.enum) {
      await pick(page, f.key, labels[f.key]!);
    } else if (!f.optional) {
      expect(answers[f.key], `an answer for ${f.key}`).toBeDefined();
      await box.locator('input, textarea').first().fill(answers[f.key]!);
    }
  }
  await expect(page.getByTestId('save-status')).toHaveText('✓ 已保存');

  // the draft waits under my cases; continuing it restores every answer
  await page.goto('/cases');
  const draftRow = page.getByTestId('draft-row').filter({ hasText: bundle.name.zh });
  await expect(draftRow).toHaveCount(1);
  await draftRow.getByTestId('draft-continue').click();
  await expect(page.getByTestId('draft-resumed')).toBeVisible();
  await expect(page.getByTestId('field-child_name').locator('input')).toHaveValue(answers.child_name!);
  await expect(page.getByTestId('field-mother_id_number').locator('input')).toHaveValue(answers.mother_id_number!);
  await expect(page.getByTestId('option-child_gender-female').locator('input')).toBeChecked();
  await expect(page.getByTestId('select-guardian_relation')).toContainText('父亲');

  await page.getByTestId('apply-next').click();
  await expect(page.getByTestId('apply-page')).toHaveAttribute('data-step', 'materials');

  // one set of materials: upload what the applicant supplies
  for (const m of bundle.materials.filter((x) => x.source === 'applicant')) {
    await page
      .getByTestId(`upload-input-${m.code}`)
      .setInputFiles({ name: `${m.code}.pdf`, mimeType: 'application/pdf', buffer: pdf(`${m.code} birth`) });
    await expect(page.getByTestId(`file-${m.code}`)).toBeVisible();
  }
  await expect(page.getByTestId('shared-materials').getByTestId('material-shared').first()).toContainText('部门共享');
  await page.getByTestId('apply-next').click();
  await page.getByTestId('apply-declaration').click();
  await page.getByTestId('apply-submit').click();

  // the case: one, for the bundle, naming each department
  await expect(page.getByTestId('case-page')).toBeVisible();
  await expect(page.getByTestId('case-view')).toHaveAttribute('data-status', 'in_progress');
  const caseId = page.url().split('/cases/')[1]!;
  const filed = await caseOf(page, caseId);
  expect(filed.kind).toBe('bundle');
  expect(filed.bundleCode).toBe(BUNDLE_CODE);
  expect(await caseCount(page)).toBe(casesBefore + 1);
  const branches = page.getByTestId('case-branches');
  const bundleDepartments = [...new Set(filed.items.map((i) => i.departmentCode))];
  expect(bundleDepartments.length).toBeGreaterThan(1);
  for (const d of bundleDepartments)
    await expect(branches.locator(`[data-testid="case-branch"][data-department="${d}"]`).first()).toContainText(
      deptName(d),
    );

  // a message tells the citizen; opening it marks it read and leads to the case
  const unread = () => unreadCount(page);
  await expect
    .poll(async () =>
      (
        await ok(caller(page).GET('/api/me/notifications', { params: { query: { page: 1, pageSize: 20 } } }))
      ).items.some((n) => n.link === `/cases/${caseId}` && !n.readAt),
    )
    .toBe(true);
  const unreadBefore = await unread();
  await page.goto('/messages');
  const message = page
    .locator('[data-testid="message"][data-unread="true"]')
    .filter({ hasText: `「${bundle.name.zh}」` })
    .filter({ hasText: filed.caseNumber })
    .first();
  await expect(message).toBeVisible();
  await message.click();
  await expect(page).toHaveURL(new RegExp(`/cases/${caseId}$`));
  await expect.poll(unread).toBe(unreadBefore - 1);

  // elder mode: large type, nothing wider than the phone
  await page.goto(`/cases/${caseId}?elder=1`);
  await expect(page.getByTestId('case-headline')).toBeVisible();
  expect(await bodyFontSize(page)).toBeGreaterThanOrEqual(20);
  await expectNoSidewaysScroll(page);
  await page.goto(`/cases/${caseId}?elder=0`);

  // in English the progress reads in English
  await page.evaluate(() => localStorage.setItem('yw.lang', 'en'));
  await page.reload();
  await expect(page.getByTestId('case-status')).toHaveText('In progress');
  await expect(page.getByTestId('case-headline')).toHaveText(/^Submitted: waiting for .+ to accept it$/);

  // withdrawn, after confirming
  await page.getByTestId('case-withdraw').click();
  await page.locator('.adm-dialog').getByRole('button', { name: 'Withdraw application' }).click();
  await expect(page.getByTestId('case-view')).toHaveAttribute('data-status', 'withdrawn');
  await expect(page.getByTestId('case-withdraw')).toHaveCount(0);
  expect((await caseOf(page, caseId)).status).toBe('withdrawn');
  await page.evaluate(() => localStorage.setItem('yw.lang', 'zh-CN'));
});

test('messages: all read at once; e-mail notices need the full address', async ({ page }) => {
  await page.goto('/login?elder=0');
  await signIn(page);
  await expect(page.getByTestId('me-page')).toBeVisible();

  // the Me tab leads to messages; 全部已读 clears the count the home page shows
  await page.getByTestId('to-messages').click();
  await expect(page.getByTestId('messages-page')).toBeVisible();
  await expect(page.getByTestId('message').first()).toBeVisible();
  if ((await unreadCount(page)) > 0) {
    await page.getByTestId('messages-read-all').click();
    await expect(page.getByText('已全部标为已读')).toBeVisible();
  }
  await expect(page.locator('[data-testid="message"][data-unread="true"]')).toHaveCount(0);
  expect(await unreadCount(page)).toBe(0);
  await page.goto('/');
  await expect(page.getByTestId('home-messages')).toContainText('没有未读消息');

  // a draft can be thrown away from my cases
  const items = await ok(
    caller(page).GET('/api/catalog/items', { params: { query: { targetUser: 'person', page: 1, pageSize: 5 } } }),
  );
  const started = await caller(page).POST('/api/applications/drafts', {
    body: { itemCode: items.items[0]!.code, form: {} },
  });
  expect(started.response.status).toBe(201);
  const draftId = started.data!.id;
  await page.goto('/cases');
  const row = page.locator(`[data-testid="draft-row"][data-draft-id="${draftId}"]`);
  await row.getByTestId('draft-delete').click();
  await page.locator('.adm-dialog').getByRole('button', { name: '删除' }).click();
  await expect(page.getByText('草稿已删除')).toBeVisible();
  await expect(row).toHaveCount(0);
  const gone = await caller(page).GET('/api/applications/drafts/{id}', { params: { path: { id: draftId } } });
  expect(gone.response.status).toBe(404);

  // e-mail: turning it on asks for the full address; the saved one comes back masked
  await page.goto('/me');
  await page.getByTestId('to-notify-settings').click();
  await expect(page.getByTestId('notify-settings-page')).toBeVisible();
  await page.getByTestId('notify-email-enabled').click();
  await page.getByTestId('notify-save').click();
  await expect(page.getByTestId('form-error')).toHaveText('请输入完整的邮箱地址后再开启邮件通知');
  await page.getByTestId('notify-email').locator('input').fill('chen.xiaoming@example.com');
  await page.getByTestId('notify-save').click();
  await expect(page.getByText('设置已保存')).toBeVisible();
  await expect(page.getByTestId('notify-current')).toContainText('@example.com');
  await expect(page.getByTestId('notify-current')).toContainText('*');
  await expect(page.getByTestId('notify-current')).not.toContainText('chen.xiaoming');
  let saved = await notificationSettings(page);
  expect(saved.emailEnabled).toBe(true);
  expect(saved.email).toMatch(/\*.*@example\.com$/);

  // turning it off keeps the address (never sent back: it is only shown masked), and on again needs no retyping
  await page.getByTestId('notify-email-enabled').click();
  await page.getByTestId('notify-save').click();
  await expect(page.getByText('设置已保存')).toBeVisible();
  saved = await notificationSettings(page);
  expect(saved.emailEnabled).toBe(false);
  expect(saved.email).toMatch(/\*.*@example\.com$/);
  await page.getByTestId('notify-email-enabled').click();
  await page.getByTestId('notify-save').click();
  await expect.poll(async () => (await notificationSettings(page)).emailEnabled).toBe(true);
});
