import { expect, test, type Page } from '@playwright/test';
import type { FormDefinition, SharedDataPreview } from '../web/src/shared/contract.ts';
import { api, ok } from './api.ts';
import { CITIZEN_LOGIN, DEMO_PASSWORD, docScreenshot, idCheckChar, pdf, signInStaff } from './helpers.ts';

// Once-only data sharing (数据共享) in the citizen app: the demo citizen applies for 出生一件事 and,
// acting for his company, for 开办企业一件事. The preview shows each value the platform would use
// and where it comes from; he agrees, the form is filled, and no document the government holds is
// uploaded: the departments share them when the case is filed. The clerk at the comprehensive
// window sees the shared evidence with its provenance (registry, record, version, time, digest).

test.use({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });

const caller = (page: Page) => api(page.request);
const fieldsOf = (form: FormDefinition) => form.sections.flatMap((s) => s.fields);

async function signIn(page: Page) {
  await page.goto('/login?elder=0');
  await page.getByTestId('login-login').locator('input').fill(CITIZEN_LOGIN);
  await page.getByTestId('login-password').locator('input').fill(DEMO_PASSWORD);
  await page.getByTestId('login-submit').click();
  await expect(page.getByTestId('me-page')).toBeVisible();
}

async function dropDrafts(page: Page, bundleCode: string) {
  const drafts = await ok(caller(page).GET('/api/applications/drafts'));
  for (const d of drafts.items.filter((x) => x.bundleCode === bundleCode))
    await caller(page).DELETE('/api/applications/drafts/{id}', { params: { path: { id: d.id } } });
}

/** A valid citizen ID number (GB 11643) born on the given day. */
function idNumber(birth: string, sequence: number): string {
  const first17 = `330383${birth.replaceAll('-', '')}${String(sequence).padStart(3, '0')}`;
  return first17 + idCheckChar(first17);
}

/** Answers what the registries did not fill: the first option of a choice, a plausible value otherwise. */
async function fillTheRest(page: Page, form: FormDefinition) {
  for (const f of fieldsOf(form)) {
    const box = page.getByTestId(`field-${f.key}`);
    if (f.optional || (await box.count()) === 0) continue;
    const schema = f.schema as { enum?: string[]; format?: string; type?: string; items?: { enum?: string[] } };
    const options = schema.enum ?? schema.items?.enum;
    if (options) {
      if (f.widget === 'select') {
        if (!/请选择/.test((await page.getByTestId(`select-${f.key}`).textContent()) ?? '')) continue;
        await page.getByTestId(`select-${f.key}`).click();
        await page.getByTestId(`option-${f.key}-${options[0]}`).click();
        await expect(page.getByTestId(`options-${f.key}`)).toBeHidden();
      } else {
        const chosen = box.locator('.adm-radio-checked, .adm-checkbox-checked');
        if ((await chosen.count()) === 0) await page.getByTestId(`option-${f.key}-${options[0]}`).click();
      }
      continue;
    }
    if (schema.format === 'date') {
      const date = page.getByTestId(`date-${f.key}`);
      if (/\d{4}-\d{2}-\d{2}/.test((await date.textContent()) ?? '')) continue;
      await date.click();
      await page.locator('.adm-picker-header-button:visible', { hasText: '确定' }).click();
      continue;
    }
    const input = box.locator('input, textarea').first();
    if ((await input.inputValue()) !== '' || (await input.isDisabled())) continue;
    const value =
      f.widget === 'idNumber'
        ? idNumber('1990-03-08', 222)
        : f.widget === 'phone'
          ? CITIZEN_LOGIN
          : f.widget === 'money' || f.widget === 'number' || schema.type === 'number' || schema.type === 'integer'
            ? '10'
            : f.key === 'bank_account'
              ? '6222020200112233'
              : '龙港市世纪大道 66 号';
    await input.fill(value);
  }
}

/** The preview as the server answers it, and on the page: every value with its source, nothing to upload. */
async function checkPreview(page: Page, bundleCode: string): Promise<SharedDataPreview> {
  const expected = await ok(caller(page).POST('/api/exchange/preview', { body: { bundleCode } }));
  const preview = page.getByTestId('apply-preview');
  await expect(preview).toBeVisible();
  expect(expected.values.length, 'values the registries fill in').toBeGreaterThan(0);
  await expect(preview.getByTestId('preview-value')).toHaveCount(expected.values.length);
  for (const v of expected.values) {
    const row = preview.locator(`[data-testid="preview-value"][data-field="${v.fieldKey}"]`);
    await expect(row.getByTestId('preview-value-shown')).toHaveText(v.shown);
    await expect(row.getByTestId('preview-value-source')).toContainText(v.registryName.zh);
    await expect(row.getByTestId('preview-value-source')).toContainText(v.ownerDepartmentName.zh);
  }
  // Every document the government holds is shared: none falls back to an upload.
  expect(expected.evidence.filter((e) => e.outcome === 'upload')).toEqual([]);
  await expect(preview.locator('[data-testid="preview-evidence"][data-outcome="upload"]')).toHaveCount(0);
  const [scroll, width] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
  expect(scroll, 'page width').toBeLessThanOrEqual(width);
  return expected;
}

/** Agree, complete the form, upload only what the applicant supplies, submit: the case id. */
async function agreeAndFile(page: Page, bundleCode: string, expected: SharedDataPreview, shot: string) {
  const bundle = await ok(caller(page).GET('/api/catalog/bundles/{code}', { params: { path: { code: bundleCode } } }));
  await docScreenshot(page, shot);
  await page.getByTestId('preview-agree').click();
  await expect(page.getByTestId('apply-page')).toHaveAttribute('data-step', 'form');
  // The agreed values fill the form.
  for (const v of expected.values.filter((x) => !/date|gender/i.test(x.field))) {
    const input = page.getByTestId(`field-${v.fieldKey}`).locator('input, textarea').first();
    if ((await input.count()) > 0) await expect(input).toHaveValue(v.value);
  }
  await fillTheRest(page, bundle.form);
  await page.getByTestId('apply-next').click();
  await expect(page.getByTestId('apply-page')).toHaveAttribute('data-step', 'materials');
  const own = bundle.materials.filter((m) => m.source === 'applicant' && m.required);
  for (const m of own) {
    // (a bundle lists a material two of its items ask for once per item: one upload serves both)
    await page
      .getByTestId(`upload-input-${m.code}`)
      .first()
      .setInputFiles({ name: `${m.code}.pdf`, mimeType: 'application/pdf', buffer: pdf(m.code) });
    await expect(page.getByTestId(`file-${m.code}`).first()).toBeVisible();
  }
  await page.getByTestId('apply-next').click();
  await page.getByTestId('apply-declaration').click();
  await page.getByTestId('apply-submit').click();
  await expect(page.getByTestId('case-page')).toBeVisible();
  const caseId = page.url().split('/cases/')[1]!;
  const filed = await ok(caller(page).GET('/api/applications/cases/{id}', { params: { path: { id: caseId } } }));
  // Only what the applicant supplies was uploaded; the rest came from the registries.
  const shared = bundle.materials.filter((m) => m.source === 'shared').map((m) => m.code);
  expect(filed.materials.filter((m) => shared.includes(m.code))).toEqual([]);
  expect(filed.evidence.length).toBeGreaterThan(0);
  // The case page says 已由部门共享, with the source.
  await page.getByTestId('case-filed').getByText('已交材料').click();
  const evidence = page.getByTestId('case-shared-evidence');
  await expect(evidence).toHaveCount(filed.evidence.length);
  await expect(evidence.first()).toContainText('已由部门共享');
  await expect(evidence.first()).toContainText(filed.evidence[0]!.registryName.zh);
  return filed;
}

test('出生一件事 and 开办企业一件事 without uploading what the government holds; the clerk sees the evidence', async ({
  page,
  browser,
}) => {
  test.setTimeout(240_000);
  await signIn(page);
  await caller(page).POST('/api/me/acting-as', { body: { enterpriseId: null } });
  await dropDrafts(page, 'birth');
  await page.goto('/apply/bundle/birth?elder=0');
  const birthPreview = await checkPreview(page, 'birth');
  const birth = await agreeAndFile(page, 'birth', birthPreview, 'citizen-shared-data-preview.png');

  // acting for his company: the enterprise's register fills the form, the agent agrees for it
  const company = (await ok(caller(page).GET('/api/me/enterprises'))).items[0]!;
  await dropDrafts(page, 'open-business');
  await ok(caller(page).POST('/api/me/acting-as', { body: { enterpriseId: company.enterpriseId } }));
  await page.goto('/apply/bundle/open-business?elder=0');
  await expect(page.getByTestId('preview-enterprise')).toContainText(company.name);
  const businessPreview = await checkPreview(page, 'open-business');
  expect(businessPreview.subject).toEqual({ kind: 'enterprise', name: company.name });
  const business = await agreeAndFile(page, 'open-business', businessPreview, 'citizen-shared-data-business.png');
  const consents = await ok(caller(page).GET('/api/exchange/consents'));
  expect(consents.items.every((c) => c.subjectKind === 'enterprise' && c.enterpriseId === company.enterpriseId)).toBe(
    true,
  );
  await caller(page).POST('/api/me/acting-as', { body: { enterpriseId: null } });

  // the comprehensive window's clerk: the evidence next to the uploads, with provenance
  const staff = await (await browser.newContext({ viewport: { width: 1400, height: 900 } })).newPage();
  await signInStaff(staff, 'clerk01');
  for (const filed of [birth, business]) {
    await staff.goto(`/console/cases/${filed.id}`);
    await expect(staff.getByTestId('case-number')).toHaveText(filed.caseNumber, { timeout: 30_000 });
    const table = staff.getByTestId('case-evidence');
    await expect(table.locator('tbody tr.ant-table-row')).toHaveCount(filed.evidence.length);
    for (const e of filed.evidence) {
      const row = table.locator('tbody tr.ant-table-row', { hasText: e.recordId });
      await expect(row.getByTestId('evidence-source')).toContainText(e.registryName.zh);
      await expect(row.getByTestId('evidence-version')).toContainText(`第 ${e.recordVersion} 版`);
      await expect(row.getByTestId('evidence-digest')).toContainText(e.digest);
      await expect(row.getByTestId('evidence-fetched-at')).not.toBeEmpty();
    }
    await expect(staff.getByTestId('case-materials')).toBeVisible();
  }
  await docScreenshot(staff, 'console-case-evidence.png');
});
