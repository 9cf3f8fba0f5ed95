/**
 * A case's progress as each reader sees it: the applicant told when it is overdue (in days, in
 * the city's calendar), decision words that follow the item's type (a 行政确认 is confirmed,
 * not licensed), a correction counted as items, the staff's own wording, and the birth
 * bundle's parts in order (出生登记 after 出生医学证明), laid out in its own sections with
 * one ID-card material.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActionBody, SubmitBody } from '../../../contract/openapi.ts';
import { DEMO_CITIZEN } from '../../src/demo/accounts.ts';
import { DEMO_ITEMS } from '../../src/demo/items.ts';
import { sampleAnswers } from '../../src/demo/sample-answers.ts';
import type { ServiceItemData } from '../../src/modules/catalog/index.ts';
import { makeCitizenId } from '../../src/platform/id-numbers.ts';
import {
  createTestApp,
  ok,
  signInCitizen,
  signInStaff,
  type Client,
  type TestContext,
  uploadMaterials,
} from '../helpers.ts';

let ctx: TestContext;
let ipSeq = 0;
/** The clock moves on through the file (sessions expire): each test signs in afresh. */
const signIn = () => signInCitizen(ctx, undefined, undefined, `10.40.9.${++ipSeq}`);
const DAY = 24 * 3600_000;
const OWN = {
  name: DEMO_CITIZEN.name,
  idNumber: makeCitizenId('330383', DEMO_CITIZEN.idNumberBirth, DEMO_CITIZEN.idSequence),
  phone: DEMO_CITIZEN.phone,
  address: DEMO_CITIZEN.address,
};
/** 户口迁入（市外迁入）: a 行政确认 of the PSB, handled as accept → review → decide → issue. */
const MOVE_IN = DEMO_ITEMS.find((i) => i.name.zh === '户口迁入（市外迁入）')!;
let keySeq = 0;

beforeAll(async () => {
  ctx = await createTestApp({ residents: 20, fullStaff: true });
}, 120_000);
afterAll(async () => {
  await ctx.teardown();
});

const submit = (c: Client, body: SubmitBody) =>
  c.POST('/api/applications/cases', {
    params: { header: { 'idempotency-key': `case-progress-${++keySeq}` } },
    body,
  });

async function file(c: Client, item: ServiceItemData) {
  const res = await submit(c, {
    itemCode: item.handlingItemCode,
    form: sampleAnswers(item.form, OWN),
    materials: await uploadMaterials(c, item.materials),
  });
  expect(res.response.status).toBe(201);
  return ok(res);
}

const byId = (id: string) => ({ params: { path: { id } } });
const act = (c: Client, id: string, body: ActionBody) =>
  c.POST('/api/applications/cases/{id}/actions', { ...byId(id), body });
const view = async (c: Client, id: string) => ok(await c.GET('/api/applications/cases/{id}', byId(id)));

describe('overdue, as the applicant is told', () => {
  it('carries the days past the expected completion in the view and the list, counted in the city', async () => {
    const citizen = await signIn();
    const c = await file(citizen, MOVE_IN);
    expect(c.overdueDays).toBeNull();
    const due = new Date(c.dueAt!);
    // An hour after the expected completion: one day overdue.
    ctx.clock.set(new Date(due.getTime() + 3600_000));
    const fresh = await signInCitizen(ctx, undefined, undefined, '10.40.0.2');
    expect((await view(fresh, c.id)).overdueDays).toBe(1);
    // Nine days on (2 December for a case due on 23 November).
    ctx.clock.set(new Date(due.getTime() + 9 * DAY));
    const later = await signInCitizen(ctx, undefined, undefined, '10.40.0.3');
    expect((await view(later, c.id)).overdueDays).toBe(9);
    const list = ok(
      await later.GET('/api/applications/cases', { params: { query: { status: 'open', pageSize: 100 } } }),
    );
    expect(list.items.find((x) => x.id === c.id)!.overdueDays).toBe(9);
    // Staff see it too (the same summary).
    const clerk = await signInStaff(ctx, 'psb-clerk', '10.40.0.4');
    expect((await view(clerk, c.id)).overdueDays).toBe(9);
  });

  it('is not overdue while the applicant corrects it', async () => {
    const citizen = await signIn();
    const c = await file(citizen, MOVE_IN);
    const clerk = await signInStaff(ctx, 'psb-clerk', '10.40.0.5');
    const asked = await act(clerk, c.id, {
      action: 'request_correction',
      expectedSeq: 0,
      correctionItems: ['请补充房屋租赁合同', '现居住地址请写到门牌号'],
    });
    expect(asked.response.status).toBe(200);
    ctx.clock.set(new Date(new Date(c.dueAt!).getTime() + 3 * DAY));
    const again = await signInCitizen(ctx, undefined, undefined, '10.40.0.6');
    const mine = await view(again, c.id);
    expect(mine.status).toBe('correction');
    expect(mine.overdueDays).toBeNull();
    // Two items, one of them an answer on the form: counted as items, not as materials.
    expect(mine.headline.zh).toBe('需要您补正 2 项内容，补正后继续办理');
    expect(mine.handledBy).toEqual({ zh: '等待您补正', en: 'Waiting for your correction' });
    // Staff read who it waits for in their own words.
    const staffView = await view(await signInStaff(ctx, 'psb-clerk', '10.40.0.7'), c.id);
    expect(staffView.handledBy).toEqual({ zh: '等待申请人补正', en: 'Waiting for the applicant to correct it' });
  });
});

describe('decision words follow the item type', () => {
  it('a 行政确认 is decided with 予以确认 / 不予确认, not 准予许可 / 不予许可', async () => {
    expect(MOVE_IN.type).toBe('confirmation');
    const citizen = await signIn();
    const c = await file(citizen, MOVE_IN);
    const clerk = await signInStaff(ctx, 'psb-clerk', '10.40.1.1');
    ok(await act(clerk, c.id, { action: 'accept', expectedSeq: 0 }));
    const reviewer = await signInStaff(ctx, 'psb-reviewer', '10.40.1.2');
    ok(await act(reviewer, c.id, { action: 'pass', expectedSeq: 1, comment: '符合迁入条件' }));
    const approver = await signInStaff(ctx, 'psb-approver', '10.40.1.3');
    const seen = await view(approver, c.id);
    const names = Object.fromEntries(seen.actions.map((a) => [a.action, a.name.zh]));
    expect(names).toEqual({ approve: '予以确认', reject: '不予确认' });
    expect(JSON.stringify(seen)).not.toContain('许可');
    const refused = ok(
      await act(approver, c.id, {
        action: 'reject',
        expectedSeq: 2,
        reason: '不符合迁入条件',
        legalBasis: '《中华人民共和国户口登记条例》第十条',
      }),
    );
    expect(refused.stateName.zh).toBe('不予确认');
    expect(refused.history.at(-1)!.actionName.zh).toBe('不予确认');
  });
});

describe('the birth bundle', () => {
  const birth = async (c: Client) =>
    ok(await c.GET('/api/catalog/bundles/{code}', { params: { path: { code: 'birth' } } }));
  it('asks its questions in its own sections and the ID cards once, and says which part waits for which', async () => {
    const citizen = await signIn();
    const bundle = await birth(citizen);
    expect(bundle.form.sections.map((s) => s.title.zh)).toEqual([
      '新生儿信息',
      '父母信息',
      '申请人（监护人）信息',
      '领取方式',
    ]);
    const child = bundle.form.sections[0]!.fields.map((f) => f.key);
    expect(child).toEqual(['child_name', 'child_gender', 'child_birth_date', 'birth_place']);
    const labels = bundle.form.sections.flatMap((s) => s.fields.map((f) => f.label.zh));
    expect(labels.filter((l) => l.includes('学生'))).toEqual([]);
    const idCards = bundle.materials.filter((m) => m.name.zh.includes('身份证'));
    expect(idCards.map((m) => m.name.zh)).toEqual(['父母及申请人居民身份证']);
    expect(idCards[0]!.itemCodes).toHaveLength(3);
    const certificate = DEMO_ITEMS.find((i) => i.name.zh === '出生医学证明首次签发')!.handlingItemCode;
    const registration = DEMO_ITEMS.find((i) => i.name.zh === '出生登记（户口申报）')!.handlingItemCode;
    expect(bundle.order).toContainEqual({ itemCode: registration, needsResultOf: [certificate] });
  });

  it('counts the parts done in the list as on the case: a part waiting for another is not done', async () => {
    const citizen = await signIn();
    const bundle = await birth(citizen);
    const res = await submit(citizen, {
      bundleCode: 'birth',
      form: sampleAnswers(bundle.form, OWN),
      materials: await uploadMaterials(citizen, bundle.materials),
    });
    expect(res.response.status).toBe(201);
    const c = ok(res);
    const asb = await signInStaff(ctx, 'asb-clerk', '10.40.3.1');
    ok(await act(asb, c.id, { action: 'accept', expectedSeq: 0 }));
    const shown = await view(citizen, c.id);
    expect(shown.headline.zh).toMatch(/已完成 0 个$/);
    const list = ok(
      await citizen.GET('/api/applications/cases', { params: { query: { status: 'open', pageSize: 100 } } }),
    );
    expect(list.items.find((x) => x.id === c.id)?.headline).toEqual(shown.headline);
  });

  it('when the birth certificate is refused, the registration that needs it cannot be done and says why', async () => {
    const citizen = await signIn();
    const bundle = await birth(citizen);
    const res = await submit(citizen, {
      bundleCode: 'birth',
      form: sampleAnswers(bundle.form, OWN),
      materials: await uploadMaterials(citizen, bundle.materials),
    });
    expect(res.response.status).toBe(201);
    const c = ok(res);
    const asb = await signInStaff(ctx, 'asb-clerk', '10.40.2.1');
    ok(await act(asb, c.id, { action: 'accept', expectedSeq: 0 }));
    const hcb = await signInStaff(ctx, 'hcb-reviewer', '10.40.2.2');
    const refused = await act(hcb, c.id, {
      action: 'reject',
      branch: 'HCB',
      expectedSeq: 1,
      reason: '非本市助产机构出生',
      legalBasis: '《出生医学证明管理办法》',
    });
    expect(refused.response.status).toBe(200);
    const parts = Object.fromEntries(ok(refused).branches.map((b) => [b.code, b]));
    expect(parts.PSB).toMatchObject({ done: true, outcome: 'rejected', waitingFor: [] });
    expect(parts.PSB!.stateName.zh).toMatch(/^无法办理：“出生医学证明.*”未予办理$/);
    expect(parts.HSA).toMatchObject({ done: true, outcome: 'rejected' });
    // The card needs the insurance, which could not be done either: the whole bundle is decided.
    expect(parts.HRSS).toMatchObject({ done: true, outcome: 'rejected' });
    expect(ok(refused).state).toBe('deliver');
    // Once joined, the parts still read the same from the history.
    const again = await view(citizen, c.id);
    expect(again.branches.find((b) => b.code === 'PSB')!.stateName.zh).toBe(parts.PSB!.stateName.zh);
  });
});
