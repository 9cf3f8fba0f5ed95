import { createHash, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { expect as baseExpect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import type { ActionInput, CaseView, ErrorAnswer, FormValues, ItemDetail, Upload } from '../web/src/shared/contract.ts';
import { api, errorText, ok, upload, type Api } from './api.ts';
import { CITIZEN_LOGIN, DEMO_PASSWORD, docScreenshot, pdf, signInStaff as signIn } from './helpers.ts';

// Case handling (办件) end to end: the demo citizen applies for an ASB licence through the
// API; in the staff console the ASB window accepts it, the reviewer asks for a correction,
// the citizen resubmits, the reviewer passes it, the approver approves and the window
// completes it with a result the citizen then sees. Staff of another department neither
// see nor open the case. A second case is refused at the window while a second tab still
// shows it as open: that tab's action is answered 409 CASE_CONFLICT and the tab reloads; a
// clerk acting on a case another clerk has claimed is answered 409 CASE_CLAIMED.

const VIEWPORT = { width: 1366, height: 860 };
// Several browsers (the citizen and four staff members) share the machine with the server.
const expect = baseExpect.configure({ timeout: 20_000 });
const ITEM_NAME = '公共场所卫生许可';

// ---------------------------------------------------------------------------------------
// The citizen, through the typed API caller with the browser context's cookies

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

class Citizen {
  readonly context: BrowserContext;
  readonly api: Api;

  private constructor(context: BrowserContext) {
    this.context = context;
    this.api = api(context.request);
  }

  static async signIn(browser: Browser, baseURL: string): Promise<Citizen> {
    const citizen = new Citizen(await browser.newContext({ baseURL }));
    await ok(citizen.api.POST('/api/auth/login', { body: { login: CITIZEN_LOGIN, password: DEMO_PASSWORD } }));
    // The ASB licences are for enterprises: apply while acting for the one the citizen represents.
    const enterprises = await citizen.enterprises();
    expect(enterprises.length, 'the demo citizen represents an enterprise').toBeGreaterThan(0);
    await ok(citizen.api.POST('/api/me/acting-as', { body: { enterpriseId: enterprises[0]!.enterpriseId } }));
    return citizen;
  }

  enterprises = () => ok(this.api.GET('/api/me/enterprises')).then((r) => r.items);

  async upload(fileName: string, bytes: Buffer): Promise<Upload> {
    const res = await upload(this.api, fileName, bytes);
    expect(res.response.status, `upload ${fileName}`).toBe(201);
    return res.data!;
  }

  /** Uploads one PDF per material the applicant must supply. */
  async uploadMaterials(item: ItemDetail, tag: string) {
    const out: { code: string; upload: Upload; bytes: Buffer }[] = [];
    for (const m of item.item.materials.filter((x) => x.source === 'applicant')) {
      const bytes = pdf(`${m.code} ${tag} ${randomUUID()}`);
      out.push({ code: m.code, upload: await this.upload(`${m.code}.pdf`, bytes), bytes });
    }
    return out;
  }

  async apply(item: ItemDetail, form: FormValues, materials: { code: string; upload: Upload }[]): Promise<CaseView> {
    const res = await this.api.POST('/api/applications/cases', {
      params: { header: { 'idempotency-key': `e2e-${randomUUID()}` } },
      body: { itemCode: item.code, form, materials: materials.map((m) => ({ code: m.code, uploadId: m.upload.id })) },
    });
    expect(res.response.status, `apply: ${JSON.stringify(res.error)}`).toBe(201);
    return res.data!;
  }

  case = (id: string) => ok(this.api.GET('/api/applications/cases/{id}', { params: { path: { id } } }));

  act = (id: string, input: ActionInput) =>
    ok(this.api.POST('/api/applications/cases/{id}/actions', { params: { path: { id } }, body: input }));
}

/** The ASB licence handled by `simple_licence` (accept → review → decide → issue). */
async function asbLicence(citizen: Citizen): Promise<ItemDetail> {
  const found = await ok(
    citizen.api.GET('/api/catalog/items', { params: { query: { q: ITEM_NAME, page: 1, pageSize: 20 } } }),
  );
  const summary = found.items.find((i) => i.name.zh === ITEM_NAME && i.departmentCode === 'ASB');
  expect(summary, `the ASB item ${ITEM_NAME}`).toBeDefined();
  const detail = await ok(citizen.api.GET('/api/catalog/items/{code}', { params: { path: { code: summary!.code } } }));
  expect(detail.item.processCode).toBe('simple_licence');
  return detail;
}

/** The form of the hygiene licence, for the enterprise the citizen represents. */
async function hygieneForm(citizen: Citizen): Promise<FormValues> {
  const company = (await citizen.enterprises())[0];
  expect(company, 'the demo citizen represents an enterprise').toBeDefined();
  return {
    company_name: company!.name,
    company_uscc: company!.uscc,
    contact_name: '陈晓明',
    applicant_phone: CITIZEN_LOGIN,
    place_type: 'beauty_salon',
    business_address: '龙港市世纪大道 66 号 1 层',
    premises_area: 86.5,
    employee_count: 6,
  };
}

// ---------------------------------------------------------------------------------------
// Staff in the console

async function signInStaff(browser: Browser, baseURL: string, username: string): Promise<Page> {
  const context = await browser.newContext({
    baseURL,
    viewport: VIEWPORT,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  });
  const page = await context.newPage();
  await signIn(page, username);
  return page;
}

/** The inbox, narrowed to one case number; returns the case's rows. */
async function inboxRows(page: Page, caseNumber: string) {
  await page.getByTestId('menu-inbox').click();
  await expect(page.getByTestId('inbox-page')).toBeVisible();
  const search = page.getByTestId('inbox-search').locator('input');
  await search.fill(caseNumber);
  await search.press('Enter');
  return page.getByTestId('inbox-table').locator('tbody tr.ant-table-row', { hasText: caseNumber });
}

async function openFromInbox(page: Page, caseNumber: string) {
  const row = await inboxRows(page, caseNumber);
  await expect(row).toHaveCount(1);
  await row.getByTestId('case-link').click();
  await expect(page.getByTestId('case-number')).toHaveText(caseNumber);
  return page.getByTestId('case-desk');
}

/** Opens the action's dialog and returns it. */
async function startAction(page: Page, action: string) {
  await page.getByTestId(`action-${action}`).click();
  const dialog = page.getByTestId('action-dialog');
  await expect(dialog).toBeVisible();
  await expect(dialog).toHaveAttribute('data-action', action);
  return dialog;
}

const historyActions = (page: Page) =>
  page.getByTestId('history-entry').evaluateAll((els) => els.map((e) => e.getAttribute('data-action')));

// ---------------------------------------------------------------------------------------

test('a licence goes from the citizen through acceptance, correction, review, approval and completion', async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(360_000);
  const citizen = await Citizen.signIn(browser, baseURL!);
  const item = await asbLicence(citizen);
  const form = await hygieneForm(citizen);
  const materials = await citizen.uploadMaterials(item, 'first');
  const filed = await citizen.apply(item, form, materials);
  expect(filed.status).toBe('in_progress');
  const caseNumber = filed.caseNumber;

  // --- the ASB window (clerk01 王丽) finds the case, claims and accepts it
  const clerk = await signInStaff(browser, baseURL!, 'clerk01');
  let row = await inboxRows(clerk, caseNumber);
  await expect(row).toHaveCount(1);
  await expect(row.getByTestId('row-state')).toHaveText('待受理');
  await expect(row.getByTestId('row-claimed-by')).toHaveText('未认领');
  await expect(row).toContainText(ITEM_NAME);
  await expect(row).not.toContainText('陈晓明'); // the applicant's name is masked
  await row.getByTestId('row-claim').click();
  await expect(row.getByTestId('row-claimed-by')).toHaveText('王丽');
  await expect(row.getByTestId('row-release')).toBeVisible();
  await clerk.getByTestId('scope-mine').click();
  await expect(row).toHaveCount(1);
  await clerk.getByTestId('scope-unclaimed').click();
  await expect(row).toHaveCount(0);
  await clerk.getByTestId('scope-all').click();
  await row.getByTestId('case-link').click();

  const desk = clerk.getByTestId('case-desk');
  await expect(desk.getByTestId('case-number')).toHaveText(caseNumber);
  await expect(desk.getByTestId('case-title')).toHaveText(ITEM_NAME);
  await expect(desk.getByTestId('case-status')).toHaveText('办理中');
  await expect(desk.getByTestId('case-state')).toHaveText('待受理');
  await expect(desk.getByTestId('case-applicant')).not.toHaveText('陈晓明');
  // the filed form, labelled from the item's form definition
  const filedForm = desk.getByTestId('case-form');
  await expect(filedForm).toContainText('企业名称');
  await expect(filedForm).toContainText('经营场所面积（平方米）');
  await expect(desk.getByTestId('form-value-company_name')).toHaveText(String(form.company_name));
  await expect(desk.getByTestId('form-value-premises_area')).toHaveText('86.5');
  await expect(desk.getByTestId('form-value-place_type')).toHaveText('美容美发店'); // the option's label, not its code
  // the materials, each with its SHA-256 and a link to its bytes
  await expect(desk.getByTestId('material-sha256')).toHaveCount(materials.length);
  for (const m of materials) {
    expect(m.upload.sha256).toBe(sha256(m.bytes));
    await expect(desk.getByTestId('case-materials')).toContainText(m.upload.sha256);
  }
  const href = await desk.getByTestId('material-open').first().getAttribute('href');
  const material = await clerk.request.get(href!);
  expect(material.status()).toBe(200);
  expect(materials.map((m) => m.upload.sha256)).toContain(sha256(await material.body()));

  // 受理 asks for nothing but a confirmation
  await expect(desk.getByTestId('release')).toBeVisible();
  const accept = await startAction(clerk, 'accept');
  await expect(accept.getByTestId('action-comment')).toBeVisible();
  await clerk.getByTestId('action-submit').click();
  await expect(accept).toBeHidden();
  await expect(desk.getByTestId('case-state')).toHaveText('审核');
  await expect(desk.getByTestId('action-accept')).toHaveCount(0);
  await expect(desk.getByTestId('history-entry').last()).toContainText('受理');
  await expect(desk.getByTestId('history-entry').last()).toContainText('王丽');
  await docScreenshot(clerk, 'console-case.png');

  // --- the reviewer (reviewer01 李强) asks for a correction, listing what to correct
  const reviewer = await signInStaff(browser, baseURL!, 'reviewer01');
  await reviewer.getByTestId('menu-inbox').click();
  await expect(reviewer.getByTestId('inbox-table').locator('tbody tr.ant-table-row').first()).toBeVisible(); // the demo history's work too
  await docScreenshot(reviewer, 'console-inbox.png');
  row = await inboxRows(reviewer, caseNumber);
  await expect(row.getByTestId('row-state')).toHaveText('审核');
  await row.click(); // the whole row opens the case
  const reviewDesk = reviewer.getByTestId('case-desk');
  await expect(reviewDesk.getByTestId('case-state')).toHaveText('审核');
  const correction = await startAction(reviewer, 'request_correction');
  await reviewer.getByTestId('action-submit').click();
  await expect(correction.locator('.ant-form-item-explain-error').first()).toBeVisible(); // nothing listed yet
  const items = ['请补充全体从业人员的健康合格证明（缺 2 人）', '平面布局图请标注消毒间位置'];
  await reviewer.getByTestId('action-correction-item-0').fill(items[0]!);
  await reviewer.getByTestId('action-add-item').click();
  await reviewer.getByTestId('action-correction-item-1').fill(items[1]!);
  await reviewer.getByTestId('action-submit').click();
  await expect(correction).toBeHidden();
  await expect(reviewDesk.getByTestId('case-status')).toHaveText('待补正');
  for (const text of items) await expect(reviewDesk.getByTestId('case-correction')).toContainText(text);
  await expect(reviewDesk.getByTestId('history-correction-items').last()).toContainText(items[1]!);
  await expect(reviewDesk.getByTestId('action-pass')).toHaveCount(0);

  // --- the citizen sees the correction notice in the app and resubmits with a new health certificate
  const citizenPage = await citizen.context.newPage();
  await citizenPage.goto(`/cases/${filed.id}`);
  await expect(citizenPage.getByTestId('case-view')).toHaveAttribute('data-status', 'correction');
  for (const text of items) await expect(citizenPage.getByTestId('correction-items')).toContainText(text);
  const awaiting = await citizen.case(filed.id);
  expect(awaiting.status).toBe('correction');
  expect(awaiting.actions.map((a) => a.action)).toContain('resubmit');
  const healthCode = materials.some((m) => m.code === 'health_check')
    ? 'health_check'
    : materials[materials.length - 1]!.code;
  const corrected = pdf(`${healthCode} corrected ${randomUUID()}`);
  const replacement = await citizen.upload(`${healthCode}-corrected.pdf`, corrected);
  const resubmitted = await citizen.act(filed.id, {
    action: 'resubmit',
    expectedSeq: awaiting.seq,
    form: { ...form, employee_count: 8 },
    materials: materials.map((m) => ({ code: m.code, uploadId: m.code === healthCode ? replacement.id : m.upload.id })),
  });
  expect(resubmitted.status).toBe('in_progress');

  // --- the reviewer sees it back in review and passes it; a comment is required
  await reviewDesk.getByTestId('case-reload').click();
  await expect(reviewDesk.getByTestId('case-status')).toHaveText('办理中');
  await expect(reviewDesk.getByTestId('case-state')).toHaveText('审核');
  await expect(reviewDesk.getByTestId('form-value-employee_count')).toHaveText('8');
  await expect(reviewDesk.getByTestId('case-materials')).toContainText(replacement.sha256);
  // what the applicant changed: the field (labelled from the form) from 6 to 8, the replaced material
  const changes = reviewDesk.getByTestId('case-changes');
  await expect(changes.getByTestId('changes-round')).toHaveCount(1);
  await expect(changes).toContainText('从业人数');
  await expect(changes.getByTestId('change-field-employee_count').getByTestId('change-before')).toHaveText('6');
  await expect(changes.getByTestId('change-field-employee_count').getByTestId('change-after')).toHaveText('8');
  await expect(changes.locator('[data-testid^="change-field-"]')).toHaveCount(1);
  const changedMaterial = changes.getByTestId(`change-material-${healthCode}`);
  await expect(changedMaterial).toHaveAttribute('data-change', 'replaced');
  await expect(changedMaterial).toContainText(`${healthCode}-corrected.pdf`);
  await expect(changes.locator('[data-testid^="change-material-"]')).toHaveCount(1);
  await docScreenshot(reviewer, 'console-changes-after-correction.png');
  const pass = await startAction(reviewer, 'pass');
  await reviewer.getByTestId('action-submit').click();
  await expect(pass.locator('.ant-form-item-explain-error')).toContainText('请填写办理意见');
  await reviewer.getByTestId('action-comment').fill('补正材料齐全，场所布局及卫生设施符合标准，建议准予许可。');
  await reviewer.getByTestId('action-submit').click();
  await expect(pass).toBeHidden();
  await expect(reviewDesk.getByTestId('case-state')).toHaveText('审批');
  await expect(reviewDesk.getByTestId('history-comment').last()).toContainText('建议准予许可');

  // --- the approver (approver01 张敏) approves with a comment
  const approver = await signInStaff(browser, baseURL!, 'approver01');
  const approveDesk = await openFromInbox(approver, caseNumber);
  await expect(approveDesk.getByTestId('case-state')).toHaveText('审批');
  await startAction(approver, 'approve');
  await approver.getByTestId('action-comment').fill('同意，准予许可。');
  await approver.getByTestId('action-submit').click();
  await expect(approveDesk.getByTestId('case-state')).toHaveText('制证送达');

  // --- the window completes it with the result
  const issueDesk = await openFromInbox(clerk, caseNumber);
  await expect(issueDesk.getByTestId('case-state')).toHaveText('制证送达');
  const complete = await startAction(clerk, 'complete');
  await clerk.getByTestId('action-submit').click();
  await expect(complete.locator('.ant-form-item-explain-error')).toContainText('请填写办理结果说明');
  const note = '准予许可，电子证照已签发，可在“我的证照”中查看。';
  await clerk.getByTestId('action-result-note').fill(note);
  await clerk.getByTestId('action-document-number').fill('龙卫公证字〔2026〕第 0088 号');
  // the result document (办结文书), uploaded in the dialog
  const decision = pdf(`decision ${randomUUID()}`);
  await clerk
    .getByTestId('action-result-files')
    .locator('input[type=file]')
    .setInputFiles({ name: 'decision.pdf', mimeType: 'application/pdf', buffer: decision });
  await expect(clerk.getByTestId('action-result-files')).toContainText('decision.pdf');
  await clerk.getByTestId('action-submit').click();
  await expect(complete).toBeHidden();
  await expect(issueDesk.getByTestId('case-status')).toHaveText('已办结');
  await expect(issueDesk.getByTestId('case-result')).toContainText(note);
  await expect(issueDesk.getByTestId('case-document-number')).toHaveText('龙卫公证字〔2026〕第 0088 号');
  await expect(issueDesk.getByTestId('case-result-file')).toContainText('decision.pdf');
  await expect(issueDesk.getByTestId('no-actions')).toBeVisible();
  const trail = await historyActions(clerk);
  const expected = ['accept', 'request_correction', 'resubmit', 'pass', 'approve', 'complete'];
  expect(trail.filter((a) => expected.includes(a ?? ''))).toEqual(expected);

  // it has left everyone's inbox and is found in 办件查询 as completed
  await expect(await inboxRows(clerk, caseNumber)).toHaveCount(0);
  await expect(clerk.getByTestId('inbox-table')).toContainText('暂无待办事项');
  await clerk.getByTestId('tab-cases').click();
  await clerk.getByTestId('cases-search').locator('input').fill(caseNumber);
  await clerk.getByTestId('cases-search').locator('input').press('Enter');
  const found = clerk.getByTestId('cases-table').locator('tbody tr.ant-table-row', { hasText: caseNumber });
  await expect(found).toHaveCount(1);
  await expect(found.getByTestId('case-status')).toHaveText('已办结');

  // --- the citizen sees the completed case and its result
  await citizenPage.reload();
  await expect(citizenPage.getByTestId('case-view')).toHaveAttribute('data-status', 'completed');
  await expect(citizenPage.getByTestId('case-result-note')).toHaveText(note);
  await expect(citizenPage.getByTestId('case-document-number')).toHaveText('龙卫公证字〔2026〕第 0088 号');
  // the applicant downloads the result document from the case page: the bytes the clerk uploaded
  await expect(citizenPage.getByTestId('case-result-file')).toContainText('decision.pdf');
  const [download] = await Promise.all([
    citizenPage.waitForEvent('download'),
    citizenPage.getByTestId('case-result-file').click(),
  ]);
  expect(download.suggestedFilename()).toBe('decision.pdf');
  const saved = await download.path();
  expect(sha256(readFileSync(saved))).toBe(sha256(decision));
  const done = await citizen.case(filed.id);
  expect(done.status).toBe('completed');
  expect(done.result).toEqual({ note, documentNumber: '龙卫公证字〔2026〕第 0088 号' });

  // --- staff of another department neither see the case nor open it
  const psb = await signInStaff(browser, baseURL!, 'psb-clerk');
  await psb.getByTestId('menu-inbox').click();
  await psb.getByTestId('tab-cases').click();
  await psb.getByTestId('cases-search').locator('input').fill(caseNumber);
  await psb.getByTestId('cases-search').locator('input').press('Enter');
  await expect(psb.getByTestId('cases-table')).toContainText('没有符合条件的办件');
  await psb.goto(`/console/cases/${filed.id}`);
  await expect(psb.getByTestId('case-not-found')).toBeVisible();
  await expect(psb.getByTestId('case-desk')).toHaveCount(0);
});

test('actions on a case claimed by someone else, or handled since it was opened, are refused and the case reloads', async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(120_000);
  const citizen = await Citizen.signIn(browser, baseURL!);
  const item = await asbLicence(citizen);
  const filed = await citizen.apply(item, await hygieneForm(citizen), await citizen.uploadMaterials(item, 'second'));

  // another ASB clerk (not clerk01: a TOTP code is accepted once per account) claims it and opens it in two tabs
  const tab1 = await signInStaff(browser, baseURL!, 'asb-clerk');
  const tab2 = await tab1.context().newPage();
  const row = await inboxRows(tab1, filed.caseNumber);
  await expect(row).toHaveCount(1);
  await row.getByTestId('case-link').click();
  await tab1.getByTestId('claim').click();
  await expect(tab1.getByTestId('release')).toBeVisible();
  await tab2.goto(`/console/cases/${filed.id}`);
  await expect(tab2.getByTestId('case-state')).toHaveText('待受理');

  // clerk01 (signed in by the first test, in an earlier TOTP window) may not act on a case another clerk has claimed
  const other = await signInStaff(browser, baseURL!, 'clerk01');
  await other.goto(`/console/cases/${filed.id}`);
  await expect(other.getByTestId('case-state')).toHaveText('待受理');
  await expect(other.getByTestId('claim')).toHaveCount(0);
  await startAction(other, 'accept');
  const answer = other.waitForResponse((r) => r.url().endsWith(`/api/applications/cases/${filed.id}/actions`));
  await other.getByTestId('action-submit').click();
  const claimed = await answer;
  expect(claimed.status()).toBe(409);
  const { error } = (await claimed.json()) as ErrorAnswer<'/api/applications/cases/{id}/actions', 'post'>;
  expect(error.code).toBe('CASE_CLAIMED');
  // The error catalogue's message for the code, in Chinese (the server's own until it lists it).
  await expect(other.locator('.ant-message')).toContainText(errorText(error.code, error.message));
  await expect(other.getByTestId('action-dialog')).toBeHidden();
  await expect(other.getByTestId('case-state')).toHaveText('待受理');

  // tab 1 refuses to accept it, giving the reason and the legal basis
  const reject = await startAction(tab1, 'reject');
  await tab1.getByTestId('action-submit').click();
  await expect(reject.locator('.ant-form-item-explain-error')).toHaveCount(2);
  await tab1.getByTestId('action-reason').fill('申请场所不在本市行政区域内，不属于本机关职权范围。');
  await tab1.getByTestId('action-legal-basis').fill('《中华人民共和国行政许可法》第三十二条第一款第（二）项');
  await tab1.getByTestId('action-submit').click();
  await expect(reject).toBeHidden();
  await expect(tab1.getByTestId('case-status')).toHaveText('不予办理');
  await expect(tab1.getByTestId('case-rejection')).toContainText('不属于本机关职权范围');

  // tab 2 still shows it awaiting acceptance: accepting now is a conflict
  await startAction(tab2, 'accept');
  await tab2.getByTestId('action-submit').click();
  await expect(tab2.locator('.ant-message')).toContainText('案件已被他人处理，已刷新');
  await expect(tab2.getByTestId('action-dialog')).toBeHidden();
  await expect(tab2.getByTestId('case-status')).toHaveText('不予办理');
  await expect(tab2.getByTestId('case-rejection')).toContainText('第三十二条');
  await expect(tab2.getByTestId('action-accept')).toHaveCount(0);

  const refused = await citizen.case(filed.id);
  expect(refused.status).toBe('rejected');
});
