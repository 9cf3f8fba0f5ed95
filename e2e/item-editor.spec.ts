import { expect as baseExpect, test, type APIRequestContext, type Page } from '@playwright/test';
import type { ServiceItemData } from '../web/src/shared/contract.ts';
import { api, ok } from './api.ts';
import { chooseOption, signInStaff } from './helpers.ts';

// The console's service-item editor: a department admin edits an item of their department
// (each save publishes a new version, which the citizen guide shows at once), creates and
// retires one; other staff get no edit buttons. Expected data is read from the API.

test.use({ viewport: { width: 1440, height: 900 } });
// Long flows through a lazily loaded page: generous limits for a busy machine.
test.describe.configure({ timeout: 180_000 });
const expect = baseExpect.configure({ timeout: 20_000 });
const SLOW = { timeout: 40_000 };

const departmentName = async (request: APIRequestContext, code: string) =>
  (await ok(api(request).GET('/api/org/departments'))).items.find((d) => d.code === code)!.name;

const itemsOf = (request: APIRequestContext, department: string) =>
  ok(api(request).GET('/api/catalog/items', { params: { query: { department, page: 1, pageSize: 100 } } })).then(
    (r) => r.items,
  );

/** One version of an item (the current one when no version is given). */
const itemOf = (request: APIRequestContext, code: string, version?: number) =>
  ok(api(request).GET('/api/catalog/items/{code}', { params: { path: { code }, query: { version } } }));

async function openCatalog(page: Page) {
  await page.getByTestId('menu-catalog').click();
  await expect(page.getByTestId('catalog-page')).toBeVisible();
  await expect(page.getByTestId('catalog-table').locator('tbody tr.ant-table-row').first()).toBeVisible();
}

async function searchCatalog(page: Page, text: string) {
  const search = page.getByTestId('catalog-search').locator('input');
  await search.fill(text);
  await search.press('Enter');
}

const rowOf = (page: Page, code: string) =>
  page.getByTestId('catalog-table').locator('tbody tr.ant-table-row').filter({ hasText: code });

test('a department admin edits an item: a new version, shown in the history and in the citizen guide', async ({
  page,
}) => {
  // An ASB item the other browser tests do not file cases on (they use 公共场所卫生许可).
  const asb = await itemsOf(page.request, 'ASB');
  const target = asb.find((i) => i.name.zh !== '公共场所卫生许可')!;
  expect(target, 'an ASB item').toBeDefined();
  const before = await itemOf(page.request, target.code);
  const next = before.version + 1;
  // A promised limit one working day shorter (so still within the statutory one).
  expect(before.item.promisedLimit.unit).toBe('working_days');
  const promised = before.item.promisedLimit.value - 1;
  expect(promised).toBeGreaterThan(0);
  const material = {
    code: 'authorisation_letter',
    zh: '授权委托书（委托他人办理的提供）',
    en: 'Letter of authorisation (when an agent applies)',
  };
  expect(before.item.materials.map((m) => m.code)).not.toContain(material.code);

  await signInStaff(page, 'deptadmin01');
  await openCatalog(page);
  await expect(page.getByTestId('new-item')).toBeVisible();
  await searchCatalog(page, target.name.zh);
  await rowOf(page, target.code).getByTestId('edit-item').click();

  const editor = page.getByTestId('item-editor');
  await expect(editor).toBeVisible(SLOW);
  await expect(page.getByTestId('item-name-zh')).toHaveValue(target.name.zh);
  await expect(page.getByTestId('item-handling-code')).toHaveValue(target.code);
  await expect(page.getByTestId('item-handling-code')).toBeDisabled();
  await expect(page.getByTestId('item-department')).toHaveValue(await departmentName(page.request, 'ASB'));

  // The JSON escape hatch: a negative fee is something only the server refuses; its error is
  // listed with its path and marked at the fee's amount input.
  await page.getByTestId('tab-json').click();
  const json = page.getByTestId('json-text');
  const data = JSON.parse(await json.inputValue()) as ServiceItemData;
  expect(data.handlingItemCode).toBe(target.code);
  data.fees = [{ name: { zh: '工本费', en: 'Production fee' }, amountYuan: -5 }];
  await json.fill(JSON.stringify(data, null, 2));
  await page.getByTestId('json-apply').click();
  await page.getByTestId('item-save').click();
  await expect(page.getByTestId('publish-confirm')).toHaveText(
    `保存将发布新版本 (v${next})，已受理的办件仍按原版本办理。确定发布吗？`,
  );
  await page.getByTestId('publish-ok').click();
  const refused = page.getByTestId('save-error');
  await expect(refused).toContainText('服务端未接受保存');
  const serverError = refused.locator('[data-testid="server-error"][data-path="/fees/0/amountYuan"]');
  await expect(serverError).toContainText('收费 › 第 1 项 › 金额');
  await expect(serverError).toContainText('数值太小');
  await expect(page.getByTestId('fees')).toBeVisible(); // the tab with the error is shown
  await expect(page.getByTestId('fees').locator('.ant-form-item-explain-error')).toContainText('数值太小');
  expect((await itemOf(page.request, target.code)).version).toBe(before.version);

  // Fix it: drop the fee, shorten the promised limit, add a material.
  await page.getByTestId('fees').getByRole('button', { name: '删除' }).click();
  await page.getByTestId('promised-value').fill(String(promised));
  await page.getByTestId('tab-materials').click();
  const rows = page.getByTestId('materials-editor').getByTestId('material-row');
  await expect(rows).toHaveCount(before.item.materials.length);
  await page.getByTestId('material-add').click();
  await expect(rows).toHaveCount(before.item.materials.length + 1);
  const added = rows.last();
  await added.getByTestId('material-code').fill(material.code);
  await added.getByTestId('material-name-zh').fill(material.zh);
  await added.getByTestId('material-name-en').fill(material.en);
  await added.getByTestId('material-required').click(); // optional: only when an agent applies

  await page.getByTestId('item-save').click();
  await expect(page.getByTestId('publish-confirm')).toContainText(
    `保存将发布新版本 (v${next})，已受理的办件仍按原版本办理`,
  );
  await page.getByTestId('publish-ok').click();

  // Back on the catalogue, the item's version history shows the new version as current.
  await expect(page).toHaveURL(/\/console\/catalog$/, SLOW);
  const drawer = page.getByTestId('item-drawer');
  await expect(drawer).toBeVisible();
  const versions = drawer.getByTestId('versions-table').locator('tbody tr.ant-table-row');
  await expect(versions).toHaveCount(next);
  const newest = versions.filter({ has: page.getByText(`v${next}`, { exact: true }) });
  await expect(newest).toContainText('当前');
  await expect(drawer.getByTestId('item-details')).toContainText(material.zh);
  await expect(drawer.getByTestId('item-details')).toContainText(`${promised} 个工作日`);

  const after = await itemOf(page.request, target.code);
  expect(after.version).toBe(next);
  expect(after.item.promisedLimit.value).toBe(promised);
  expect(after.item.fees).toEqual(before.item.fees);
  expect(after.item.materials.find((m) => m.code === material.code)).toEqual({
    code: material.code,
    name: { zh: material.zh, en: material.en },
    required: false,
    form: 'electronic',
    source: 'applicant',
  });
  // The old version stays readable, unchanged.
  const old = await itemOf(page.request, target.code, before.version);
  expect(old.item.materials).toEqual(before.item.materials);

  // The citizen guide shows the new version.
  await page.goto(`/services/${target.code}?elder=0`);
  await expect(page.getByTestId('guide-page')).toBeVisible();
  await expect(
    page.getByTestId('guide-materials').getByTestId('material').filter({ hasText: material.zh }),
  ).toBeVisible();
  await expect(page.getByTestId('guide-promised')).toHaveText(`承诺时限 ${promised} 个工作日`);
  await expect(page.getByTestId('guide-version')).toContainText(`第${next}版`);
});

test('a department admin creates an item with its application form, then retires it', async ({ page }) => {
  const eeb = await itemsOf(page.request, 'EEB');
  const name = { zh: '排污许可证补办', en: 'Reissue of a pollutant discharge permit' };

  await signInStaff(page, 'eeb-admin');
  await openCatalog(page);
  await page.getByTestId('new-item').click();
  await expect(page.getByTestId('item-editor')).toBeVisible(SLOW);
  await expect(page.getByTestId('item-department')).toHaveValue(await departmentName(page.request, 'EEB'));

  // Codes follow the department's existing items: the same implementing body, the next number.
  const code = await page.getByTestId('item-handling-code').inputValue();
  expect(code).toMatch(/^[0-9A-Za-z_-]{1,64}$/);
  expect(eeb.map((i) => i.code)).not.toContain(code);
  const basic = await page.getByTestId('item-basic-code').inputValue();
  expect(basic).toMatch(/^00\d{4}001000$/); // licensing by default
  await chooseOption(page, 'item-type', '行政确认');
  await expect(page.getByTestId('item-basic-code')).toHaveValue(`07${basic.slice(2)}`);
  const finalCode = await page.getByTestId('item-handling-code').inputValue();

  // Saving with nothing filled in: the inputs that need attention are marked.
  await page.getByTestId('item-save').click();
  await expect(page.getByText(/处需要修改/).first()).toBeVisible();
  await expect(page.getByTestId('publish-confirm')).toHaveCount(0);

  await page.getByTestId('item-name-zh').fill(name.zh);
  await page.getByTestId('item-name-en').fill(name.en);
  await page.getByTestId('legal-basis-add').click();
  await page.getByTestId('legal-basis-0').fill('《排污许可管理条例》');
  await page.getByTestId('tab-handling').click();
  await page.getByTestId('result-name-zh').fill('排污许可证');

  // The application form: the applicant's fields are there; add a choice field and see it in the preview.
  await page.getByTestId('tab-form').click();
  const preview = page.getByTestId('form-preview');
  await expect(preview.getByTestId('preview-field')).toHaveCount(3);
  await page.getByTestId('field-add').click();
  const fieldEditor = page.getByTestId('field-editor');
  await fieldEditor.getByTestId('field-key').fill('reissue_reason');
  await fieldEditor.getByTestId('field-label-zh').fill('补办原因');
  await fieldEditor.getByTestId('field-label-en').fill('Why a new permit is needed');
  await chooseOption(page, 'field-widget', '单选'); // (a click during the list's animation can be lost)
  await fieldEditor.getByTestId('field-save').click();
  await expect(fieldEditor.getByText('请至少添加一个选项')).toBeVisible(); // a choice needs options
  for (const [i, [value, zh, en]] of [
    ['lost', '遗失', 'Lost'],
    ['damaged', '损毁', 'Damaged'],
  ].entries()) {
    await fieldEditor.getByTestId('option-add').click();
    await fieldEditor.getByTestId('option-value').nth(i).fill(value!);
    await fieldEditor.getByTestId('option-label-zh').nth(i).fill(zh!);
    await fieldEditor.getByTestId('option-label-en').nth(i).fill(en!);
  }
  await fieldEditor.getByTestId('field-save').click();
  await expect(fieldEditor).toBeHidden();
  await expect(page.locator('[data-testid="designer-field"][data-key="reissue_reason"]')).toContainText('单选');
  await expect(preview.getByTestId('preview-field')).toHaveCount(4);
  await expect(preview.getByTestId('preview-field').last()).toContainText('补办原因');
  await expect(preview.getByTestId('preview-field').last().getByText('损毁')).toBeVisible();
  // The preview checks what is typed against the fields' schemas.
  await preview.getByTestId('preview-check').click();
  await expect(preview.locator('.ant-form-item-explain-error').first()).toBeVisible();

  await page.getByTestId('item-save').click();
  await expect(page.getByTestId('publish-confirm')).toContainText('第一版 (v1)');
  await page.getByTestId('publish-ok').click();
  await expect(page).toHaveURL(/\/console\/catalog$/, SLOW);
  await expect(
    page.getByTestId('item-drawer').getByTestId('versions-table').locator('tbody tr.ant-table-row'),
  ).toHaveCount(1);
  await expect(page.getByTestId('item-drawer').getByTestId('item-details')).toContainText(name.zh);

  const created = await itemOf(page.request, finalCode);
  expect(created.version).toBe(1);
  expect(created.item.type).toBe('confirmation');
  const reason = created.item.form.sections.flatMap((s) => s.fields).find((f) => f.key === 'reissue_reason');
  expect(reason?.schema).toEqual({
    type: 'string',
    oneOf: [
      { const: 'lost', title: { zh: '遗失', en: 'Lost' } },
      { const: 'damaged', title: { zh: '损毁', en: 'Damaged' } },
    ],
  });

  // Retire it (from its drawer, after a confirmation): it leaves the catalogue and the citizen guide.
  await page.getByTestId('item-drawer').getByTestId('drawer-retire').click();
  await page.getByTestId('retire-confirm-ok').click();
  await expect(page.getByText(`已停用“${name.zh}”`)).toBeVisible();
  await expect(page.getByTestId('item-drawer')).toBeHidden();
  await searchCatalog(page, name.zh);
  await expect(page.getByTestId('catalog-table').locator('tbody tr.ant-table-row').first()).toBeVisible();
  await expect(rowOf(page, finalCode)).toHaveCount(0);
  const gone = await api(page.request).GET('/api/catalog/items/{code}', { params: { path: { code: finalCode } } });
  expect(gone.response.status).toBe(404);
  const versions = await ok(
    api(page.request).GET('/api/catalog/items/{code}/versions', { params: { path: { code: finalCode } } }),
  );
  expect(versions.items.map((v) => v.status).sort()).toEqual(['published', 'retired']);
});

test('a clerk sees no edit buttons and cannot open the editor', async ({ page }) => {
  const target = (await itemsOf(page.request, 'ASB'))[0]!;
  await signInStaff(page, 'clerk01');
  await openCatalog(page);
  await expect(page.getByTestId('new-item')).toHaveCount(0);
  await expect(page.getByTestId('edit-item')).toHaveCount(0);
  await searchCatalog(page, target.name.zh);
  await rowOf(page, target.code).getByTestId('view-item').click();
  await expect(page.getByTestId('item-drawer')).toContainText('只读');
  await expect(page.getByTestId('drawer-edit')).toHaveCount(0);
  await expect(page.getByTestId('drawer-retire')).toHaveCount(0);

  await page.goto(`/console/catalog/${target.code}/edit`);
  await expect(page.getByTestId('editor-denied')).toContainText('不是该事项所属部门的管理员', SLOW);
  await page.goto('/console/catalog/new');
  await expect(page.getByTestId('editor-denied')).toContainText('仅部门管理员', SLOW);
});

test("another department's admin can edit their own items but not the ASB's", async ({ page }) => {
  const asbItem = (await itemsOf(page.request, 'ASB'))[0]!;
  const psbItem = (await itemsOf(page.request, 'PSB'))[0]!;
  await signInStaff(page, 'psb-admin');
  await openCatalog(page);
  await expect(page.getByTestId('new-item')).toBeVisible();

  await searchCatalog(page, asbItem.name.zh);
  await expect(rowOf(page, asbItem.code)).toBeVisible();
  await expect(rowOf(page, asbItem.code).getByTestId('edit-item')).toHaveCount(0);
  await rowOf(page, asbItem.code).getByTestId('view-item').click();
  await expect(page.getByTestId('item-drawer')).toContainText('只读');
  await expect(page.getByTestId('drawer-retire')).toHaveCount(0);
  await page.keyboard.press('Escape');

  await searchCatalog(page, psbItem.name.zh);
  await expect(rowOf(page, psbItem.code).getByTestId('edit-item')).toBeVisible();

  await page.goto(`/console/catalog/${asbItem.code}/edit`);
  await expect(page.getByTestId('editor-denied')).toBeVisible(SLOW);
});
