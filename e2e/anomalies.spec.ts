import { randomUUID } from 'node:crypto';
import { expect as baseExpect, test } from '@playwright/test';
import { sampleAnswers } from '../server/src/demo/sample-answers.ts';
import type { ActionInput, ItemDetail } from '../web/src/shared/contract.ts';
import { api, ok, upload, type Api } from './api.ts';
import { DEMO_OWN, staffApi } from './callers.ts';
import { CITIZEN_LOGIN, DEMO_PASSWORD, pdf, signInStaff } from './helpers.ts';

// 异常预警 end to end: PSB sends the demo citizen's 户口迁入 back for correction three times and
// then decides it; the decision's event raises a 多次补正 flag; the supervisor finds it in the
// console's 异常预警 page, opens the drawer and refers it to discipline inspection.

const expect = baseExpect.configure({ timeout: 15_000 });
const ITEM_NAME = '户口迁入（市外迁入）';

test('three corrections raise a flag; the supervisor reviews it in the drawer', async ({ browser, baseURL }) => {
  const citizen = api((await browser.newContext({ baseURL })).request);
  await ok(citizen.POST('/api/auth/login', { body: { login: CITIZEN_LOGIN, password: DEMO_PASSWORD } }));
  const found = await ok(
    citizen.GET('/api/catalog/items', { params: { query: { q: ITEM_NAME, page: 1, pageSize: 20 } } }),
  );
  const code = found.items.find((i) => i.name.zh === ITEM_NAME)!.code;
  const item: ItemDetail = await ok(citizen.GET('/api/catalog/items/{code}', { params: { path: { code } } }));
  const materials = async () => {
    const out = [];
    for (const m of item.item.materials.filter((x) => x.source === 'applicant' && x.required)) {
      const res = await upload(citizen, `${m.code}.pdf`, pdf(`${m.code} ${randomUUID()}`));
      out.push({ code: m.code, uploadId: res.data!.id });
    }
    return out;
  };
  const filed = await ok(
    citizen.POST('/api/applications/cases', {
      params: { header: { 'idempotency-key': `e2e-anomaly-${randomUUID()}` } },
      body: { itemCode: code, form: sampleAnswers(item.item.form, DEMO_OWN), materials: await materials() },
    }),
  );
  const [clerk, reviewer, approver] = [
    await staffApi(browser, baseURL!, 'psb-clerk'),
    await staffApi(browser, baseURL!, 'psb-reviewer'),
    await staffApi(browser, baseURL!, 'psb-approver'),
  ];
  const act = (who: Api, body: ActionInput) =>
    ok(who.POST('/api/applications/cases/{id}/actions', { params: { path: { id: filed.id } }, body }));
  let seq = 0;
  for (let round = 0; round < 3; round++) {
    await act(clerk, { action: 'request_correction', expectedSeq: seq++, correctionItems: [`第${round + 1}次补正`] });
    await act(citizen, { action: 'resubmit', expectedSeq: seq++, materials: await materials() });
  }
  await act(clerk, { action: 'accept', expectedSeq: seq++ });
  await act(reviewer, { action: 'pass', expectedSeq: seq++, comment: '已审核' });
  await act(approver, {
    action: 'reject',
    expectedSeq: seq,
    reason: '不符合迁入条件',
    legalBasis: '《中华人民共和国户口登记条例》第十条',
  });

  // The flag is raised from the decision's event, after commit (on a freshly seeded server the
  // demo history's events are delivered first): wait for it through the supervisor's API.
  const supervisor = await staffApi(browser, baseURL!, 'supervisor01');
  await expect(async () => {
    const open = await ok(
      supervisor.GET('/api/supervision/anomalies', { params: { query: { rule: 'repeated-corrections' } } }),
    );
    expect(open.items.map((f) => f.caseNumber)).toContain(filed.caseNumber);
  }).toPass({ timeout: 60_000 });

  // The supervisor's 异常预警 page lists it; the drawer takes the finding.
  const page = await (await browser.newContext({ baseURL })).newPage();
  await signInStaff(page, 'supervisor01');
  await page.getByTestId('menu-anomalies').click();
  await expect(page.getByRole('heading', { name: '异常预警' })).toBeVisible();
  const flag = page.getByTestId(`flag-${filed.caseNumber}-repeated-corrections`);
  await flag.click();
  const drawer = page.getByTestId('flag-drawer');
  await expect(drawer).toContainText('多次补正');
  await expect(drawer).toContainText('补正次数');
  await expect(drawer.getByTestId('flag-status')).toHaveText('待核查');
  await drawer.getByTestId('finding-referred').click();
  await drawer.getByTestId('finding-note').fill('同一办件三次补正，告知不一次性，移送纪检监察');
  await drawer.getByTestId('finding-submit').click();
  await expect(drawer.getByTestId('flag-status')).toHaveText('已移送纪检');
  await expect(drawer).toContainText('同一办件三次补正');
  await expect(drawer.getByTestId('finding-submit')).toHaveCount(0);
});
