/**
 * 时限监督 (supervision, deadlines part): the live view of cases at risk and overdue by
 * department, item and staff member, from applications' own deadlines; the warning to the
 * holder when a line becomes at risk; the 黄牌 at the deadline (from applications.case.overdue)
 * and the 红牌 N working days later (the jobs runner), one of each per case, audited and in the
 * transparency log's queue; who sees what (supervisor: the region; department head: theirs;
 * clerk, reviewer, approver: 403).
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CITIZEN } from '../../src/demo/accounts.ts';
import { DEMO_ITEMS } from '../../src/demo/items.ts';
import { sampleAnswers } from '../../src/demo/sample-answers.ts';
import type { ServiceItemData } from '../../src/modules/catalog/index.ts';
import { makeCitizenId } from '../../src/platform/id-numbers.ts';
import {
  createTestApp,
  errorCode,
  ok,
  query,
  signInCitizen,
  signInStaff,
  type Client,
  type TestContext,
  uploadMaterials,
} from '../helpers.ts';

let ctx: TestContext;
/** 社会保障卡申领: HRSS. 户口迁入（市外迁入）: PSB. */
const CARD = DEMO_ITEMS.find((i) => i.name.zh === '社会保障卡申领')!;
const MOVE_IN = DEMO_ITEMS.find((i) => i.name.zh === '户口迁入（市外迁入）')!;
const OWN = {
  name: DEMO_CITIZEN.name,
  idNumber: makeCitizenId('330383', DEMO_CITIZEN.idNumberBirth, DEMO_CITIZEN.idSequence),
  phone: DEMO_CITIZEN.phone,
  address: DEMO_CITIZEN.address,
};
let keySeq = 0;
let ipSeq = 0;
/** Sign in afresh (moving the clock by days ends sessions), each from its own address. */
const staff = (username: string) => signInStaff(ctx, username, `10.83.${Math.floor(++ipSeq / 200)}.${ipSeq % 200}`);

beforeAll(async () => {
  ctx = await createTestApp({ residents: 20, fullStaff: true });
}, 120_000);
afterAll(async () => {
  await ctx.teardown();
});

async function file(item: ServiceItemData) {
  const citizen = await signInCitizen(ctx, undefined, undefined, `10.83.250.${++keySeq}`);
  const res = await citizen.POST('/api/applications/cases', {
    params: { header: { 'idempotency-key': `deadlines-${keySeq}` } },
    body: {
      itemCode: item.handlingItemCode,
      form: sampleAnswers(item.form, OWN),
      materials: await uploadMaterials(citizen, item.materials),
    },
  });
  await ctx.platform.outbox.flush();
  return ok(res);
}

const view = async (
  c: Client,
  query: { departmentCode?: string; holder?: string; flag?: 'overdue' | 'at_risk' } = {},
) => ok(await c.GET('/api/supervision/deadlines', { params: { query } }));
const cards = async (c: Client) => ok(await c.GET('/api/supervision/deadlines/cards')).items;
const cardCount = async (caseId: string, color: 'yellow' | 'red') =>
  (
    await query<{ n: number }>(
      ctx,
      sql`select count(*)::int as n from supervision.deadline_cards where case_id = ${caseId} and color = ${color}`,
    )
  )[0]!.n;
const auditCount = async (action: string, caseNumber: string) =>
  (
    await query<{ n: number }>(
      ctx,
      sql`select count(*)::int as n from platform.audit_log where action = ${action} and detail->>'case' = ${caseNumber}`,
    )
  )[0]!.n;

/** Deliver what is due: the jobs (deadlines, warnings, red cards) and the events they write. */
async function runDue() {
  await ctx.platform.jobs.runDue();
  await ctx.platform.outbox.flush();
  await ctx.platform.jobs.runDue();
  await ctx.platform.outbox.flush();
}

describe('a case through its deadline', () => {
  it('warns the holder when at risk, then 黄牌 at the deadline and 红牌 N working days later, once each', async () => {
    const c = await file(CARD);
    const hrssClerk = await staff('hrss-clerk');
    const clerkId = ok(await hrssClerk.GET('/api/me')).id;
    ok(await hrssClerk.POST('/api/applications/cases/{id}/claim', { params: { path: { id: c.id } }, body: {} }));

    // Not yet at risk: nothing listed for the case.
    let supervisor = await staff('supervisor01');
    expect((await view(supervisor)).lines.some((l) => l.caseId === c.id)).toBe(false);

    // The warning's job waits for the moment the line becomes at risk.
    const [warn] = await query<{ run_at: Date }>(
      ctx,
      sql`select run_at from platform.jobs where key like ${`supervision.deadline-warning:${c.id}:%`}`,
    );
    expect(warn).toBeDefined();
    ctx.clock.set(new Date(warn!.run_at.getTime() + 60_000));
    await runDue();
    const hrssClerkNow = await staff('hrss-clerk');
    const messages = ok(await hrssClerkNow.GET('/api/me/notifications')).items;
    expect(messages.filter((m) => m.link === `/console/cases/${c.id}` && m.title.zh.includes('即将超期'))).toHaveLength(
      1,
    );

    supervisor = await staff('supervisor01');
    const atRisk = await view(supervisor, { flag: 'at_risk' });
    const line = atRisk.lines.find((l) => l.caseId === c.id)!;
    expect(line).toMatchObject({ flag: 'at_risk', departmentCode: 'HRSS', holder: { id: clerkId }, cards: [] });
    expect(Date.parse(line.atRiskFrom)).toBe(warn!.run_at.getTime());
    // Filed Wednesday 16:00 in the city, due at the end of Friday (two working days): at risk
    // from Thursday 00:00, when the deadline is within one working day (before the last 20%).
    expect(line.atRiskFrom).toBe('2026-11-25T16:00:00.000Z');
    expect(atRisk.settings).toEqual({ atRiskPercent: 20, atRiskWorkingDays: 1, redCardWorkingDays: 3 });
    const mine = atRisk.staff.find((s) => s.id === clerkId)!;
    expect(mine.atRisk).toBeGreaterThanOrEqual(1);
    expect(atRisk.items.find((i) => i.code === CARD.handlingItemCode)!.atRisk).toBeGreaterThanOrEqual(1);
    expect(atRisk.departments.find((d) => d.code === 'HRSS')!.name.zh).toBeTruthy();

    // The deadline passes: applications' deadline job says so, and the 黄牌 follows, once.
    ctx.clock.set(new Date(Date.parse(line.deadlineAt) + 60_000));
    await runDue();
    await runDue();
    expect(await cardCount(c.id, 'yellow')).toBe(1);
    expect(await auditCount('supervision.card.yellow', c.caseNumber)).toBe(1);
    // Delivered again (at least once): still one card.
    const [event] = await query<{ id: string; payload: unknown }>(
      ctx,
      sql`select id, payload from platform.outbox where topic = 'applications.case.overdue' and payload->>'caseId' = ${c.id}`,
    );
    await ctx.modules.supervision.service.deadlines.onCaseOverdue({
      id: event!.id,
      topic: 'applications.case.overdue',
      payload: event!.payload as Parameters<
        typeof ctx.modules.supervision.service.deadlines.onCaseOverdue
      >[0]['payload'],
      regionCode: null,
      createdAt: ctx.clock.now(),
    });
    expect(await cardCount(c.id, 'yellow')).toBe(1);

    supervisor = await staff('supervisor01');
    const late = (await view(supervisor, { holder: clerkId })).lines.find((l) => l.caseId === c.id)!;
    expect(late).toMatchObject({ flag: 'overdue', cards: [{ color: 'yellow' }] });
    const yellow = (await cards(supervisor)).find((k) => k.caseId === c.id && k.color === 'yellow')!;
    expect(yellow).toMatchObject({ caseNumber: c.caseNumber, departmentCode: 'HRSS', holder: { id: clerkId } });
    expect(yellow.deadlineAt).toBe(line.deadlineAt);

    // Not yet red; red 3 working days after the deadline, once.
    const [red] = await query<{ run_at: Date }>(
      ctx,
      sql`select run_at from platform.jobs where key = ${`supervision.deadline-red-card:${c.id}`}`,
    );
    expect(red!.run_at.getTime()).toBe(
      ctx.modules.supervision.service.deadlines.redAt(new Date(line.deadlineAt)).getTime(),
    );
    expect(await cardCount(c.id, 'red')).toBe(0);
    ctx.clock.set(new Date(red!.run_at.getTime() + 60_000));
    await runDue();
    await runDue();
    expect(await cardCount(c.id, 'red')).toBe(1);
    expect(await auditCount('supervision.card.red', c.caseNumber)).toBe(1);
    // The cards are records: not even the owner changes them; they are queued for the transparency log.
    await expect(
      sql`delete from supervision.deadline_cards where case_id = ${c.id}`.execute(ctx.owner.db),
    ).rejects.toThrow();
    const queued = await query<{ n: number }>(
      ctx,
      sql`select count(*)::int as n from transparency.queue q join platform.audit_log a on a.id = q.record_id
        where q.source = 'audit' and a.action like 'supervision.card.%' and a.detail->>'case' = ${c.caseNumber}`,
    );
    const logged = await query<{ n: number }>(
      ctx,
      sql`select count(*)::int as n from transparency.entries e join platform.audit_log a on a.id = e.record_id
        where e.source = 'audit' and a.action like 'supervision.card.%' and a.detail->>'case' = ${c.caseNumber}`,
    );
    expect(queued[0]!.n + logged[0]!.n).toBe(2);

    const head = await staff('hrss-admin');
    const messages2 = ok(await head.GET('/api/me/notifications')).items;
    expect(messages2.some((m) => m.link === `/console/cases/${c.id}` && m.title.zh.includes('红牌'))).toBe(true);
  });

  it('a case that moved on is not carded red', async () => {
    const c = await file(CARD);
    const deadline = (
      await query<{ deadline_at: Date }>(
        ctx,
        sql`select deadline_at from applications.work_items where case_id = ${c.id}`,
      )
    )[0]!.deadline_at;
    ctx.clock.set(new Date(deadline.getTime() + 60_000));
    await runDue();
    expect(await cardCount(c.id, 'yellow')).toBe(1);
    const clerk = await staff('hrss-clerk');
    ok(
      await clerk.POST('/api/applications/cases/{id}/actions', {
        params: { path: { id: c.id } },
        body: { action: 'accept', expectedSeq: 0 },
      }),
    );
    await ctx.platform.outbox.flush();
    const [red] = await query<{ run_at: Date }>(
      ctx,
      sql`select run_at from platform.jobs where key = ${`supervision.deadline-red-card:${c.id}`}`,
    );
    // The review's own limit runs from the acceptance: not late yet when the red card's time comes.
    const next = (
      await query<{ deadline_at: Date }>(
        ctx,
        sql`select deadline_at from applications.work_items where case_id = ${c.id}`,
      )
    )[0]!.deadline_at;
    expect(next.getTime()).toBeGreaterThan(red!.run_at.getTime());
    ctx.clock.set(new Date(red!.run_at.getTime() + 60_000));
    await runDue();
    expect(await cardCount(c.id, 'red')).toBe(0);
  });
});

describe('who sees what', () => {
  it('supervisor: every department; department head: theirs; clerk, reviewer, approver: 403', async () => {
    const psbCase = await file(MOVE_IN);
    const hrssCase = await file(CARD);
    const deadline = (
      await query<{ deadline_at: Date }>(
        ctx,
        sql`select max(deadline_at) as deadline_at from applications.work_items where case_id in (${psbCase.id}, ${hrssCase.id})`,
      )
    )[0]!.deadline_at;
    ctx.clock.set(new Date(new Date(deadline).getTime() + 60_000));
    await runDue();

    const supervisor = await staff('supervisor01');
    const all = await view(supervisor, { flag: 'overdue' });
    expect(all.lines.some((l) => l.caseId === psbCase.id)).toBe(true);
    expect(all.lines.some((l) => l.caseId === hrssCase.id)).toBe(true);
    expect(all.departments.map((d) => d.code)).toEqual(expect.arrayContaining(['HRSS', 'PSB']));
    const supCards = await cards(supervisor);
    expect(supCards.some((k) => k.caseId === psbCase.id) && supCards.some((k) => k.caseId === hrssCase.id)).toBe(true);

    const head = await staff('hrss-admin');
    const theirs = await view(head);
    expect(theirs.lines.some((l) => l.caseId === hrssCase.id)).toBe(true);
    expect(theirs.lines.every((l) => l.departmentCode === 'HRSS')).toBe(true);
    expect(theirs.departments.map((d) => d.code)).toEqual(['HRSS']);
    // Asking for another department's drill-down shows nothing of it.
    expect((await view(head, { departmentCode: 'PSB' })).lines).toEqual([]);
    expect((await cards(head)).every((k) => k.departmentCode === 'HRSS')).toBe(true);
    const other = await staff('psb-admin');
    expect((await view(other)).lines.some((l) => l.caseId === hrssCase.id)).toBe(false);
    expect((await cards(other)).some((k) => k.caseId === hrssCase.id)).toBe(false);

    for (const who of ['clerk01', 'hrss-clerk', 'hrss-reviewer', 'hrss-approver']) {
      const c = await staff(who);
      const a = await c.GET('/api/supervision/deadlines', { params: { query: {} } });
      expect(a.response.status).toBe(403);
      expect(errorCode(a)).toBe('FORBIDDEN');
      const b = await c.GET('/api/supervision/deadlines/cards');
      expect(b.response.status).toBe(403);
    }
    const citizen = await signInCitizen(ctx, undefined, undefined, '10.83.251.1');
    expect((await citizen.GET('/api/supervision/deadlines', { params: { query: {} } })).response.status).toBe(403);
  });
});

describe('the demo seed', () => {
  it("cards the history's late cases as the jobs would, idempotently", async () => {
    const late = await query<{ case_id: string }>(
      ctx,
      sql`select distinct case_id from applications.work_items where deadline_at < ${ctx.clock.now()}`,
    );
    expect(late.length).toBeGreaterThan(0);
    const deadlines = ctx.modules.supervision.service.deadlines;
    await deadlines.catchUp(() => {});
    await deadlines.catchUp(() => {});
    const carded = await query<{ n: number }>(
      ctx,
      sql`select count(*)::int as n from supervision.deadline_cards where color = 'yellow'
        and case_id in (select case_id::text from applications.work_items where deadline_at < ${ctx.clock.now()})`,
    );
    expect(carded[0]!.n).toBe(late.length);
  });
});
