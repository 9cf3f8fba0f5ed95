/**
 * 异常预警 (supervision, anomaly flags): the rules are data a supervisor edits (versioned,
 * validated, stale edits refused); a decision through the real workflow is recorded from
 * applications' case.changed event and flagged (decided after hours; by a staff member at the
 * applicant's registered address; by one who declared a relation with the enterprise); the
 * handling-time, correction and share rules on many decisions; re-runs and redelivered events
 * raise nothing twice; the set-based full pass raises the same flags as the incremental one; who
 * sees and reviews what (supervisor: the region; department head: their department read-only,
 * not the flags naming them; clerk: 403; another region's flags: not found); a finding is
 * audited and goes to the transparency log.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActionBody, AnomalyRules, EnterpriseLink } from '../../../contract/openapi.ts';
import { DEMO_CITIZEN } from '../../src/demo/accounts.ts';
import { DEMO_FAMILY } from '../../src/demo/households.ts';
import { DEMO_ITEMS } from '../../src/demo/items.ts';
import { sampleAnswers } from '../../src/demo/sample-answers.ts';
import { uuidv7 } from '../../src/platform/ids.ts';
import { anDb } from '../../src/modules/supervision/supervision.anomalies.repository.ts';
import type { DecisionFacts } from '../../src/modules/supervision/supervision.anomaly-sources.ts';
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
let citizen: Client;
let enterprise: EnterpriseLink;
let clerk: Client;
let reviewer: Client;
let approver: Client;
let head: Client; // deptadmin01: ASB's head
let otherHead: Client; // hrss-admin
let supervisor: Client;
let headId: string;
let approverId: string;
const HYGIENE = DEMO_ITEMS.find((i) => i.name.zh === '公共场所卫生许可')!;
const PERSON = {
  name: DEMO_CITIZEN.name,
  idNumber: DEMO_FAMILY[0]!.idNumber,
  phone: DEMO_CITIZEN.phone,
  address: DEMO_CITIZEN.address,
};
const REGION = '330383';
const OTHER_REGION = '330382';
const DAY_S = 86_400;
let keySeq = 0;

beforeAll(async () => {
  ctx = await createTestApp({ residents: 20, fullStaff: true });
  citizen = await signInCitizen(ctx, undefined, undefined, '10.81.0.1');
  enterprise = ok(await citizen.GET('/api/me/enterprises')).items[0]!;
  ok(await citizen.POST('/api/me/acting-as', { body: { enterpriseId: enterprise.enterpriseId } }));
  clerk = await signInStaff(ctx, 'clerk01', '10.81.0.2');
  reviewer = await signInStaff(ctx, 'reviewer01', '10.81.0.3');
  approver = await signInStaff(ctx, 'approver01', '10.81.0.4');
  head = await signInStaff(ctx, 'deptadmin01', '10.81.0.5');
  otherHead = await signInStaff(ctx, 'hrss-admin', '10.81.0.6');
  supervisor = await signInStaff(ctx, 'supervisor01', '10.81.0.7');
  headId = ok(await head.GET('/api/me')).id;
  approverId = ok(await approver.GET('/api/me')).id;
}, 120_000);
afterAll(async () => {
  await ctx.teardown();
});

const anomalies = () => ctx.modules.supervision.service.anomalies;
const act = (c: Client, id: string, body: ActionBody) =>
  c.POST('/api/applications/cases/{id}/actions', { params: { path: { id } }, body });
const flagsOf = async (c: Client, query: { rule?: string; department?: string; status?: 'open' } = {}) =>
  ok(await c.GET('/api/supervision/anomalies', { params: { query: { pageSize: 200, ...query } } }));
const rulesOf = async (c: Client) => ok(await c.GET('/api/supervision/anomaly-rules'));

/** Rules whose after-hours window ends at 15:00: the test clock's 16:00 (Shanghai) is after hours. */
function editedRules(base: AnomalyRules): AnomalyRules {
  return {
    rules: base.rules.map((r) =>
      r.kind === 'after_hours'
        ? { ...r, workdayEnd: '15:00' }
        : r.kind === 'corrections'
          ? { ...r, minCount: 2 }
          : r.kind === 'handling_time'
            ? { ...r, minPeers: 30 }
            : r,
    ),
  };
}

/** A synthetic decided case, recorded and checked by the incremental pass as a case.changed event would. */
let synthSeq = 0;
async function decide(f: Partial<DecisionFacts> & { seconds: number }, keys: string[] = []) {
  const decidedAt = f.decidedAt ?? new Date('2026-11-24T02:00:00Z'); // 10:00 Shanghai, a Tuesday
  const n = ++synthSeq;
  const facts: DecisionFacts = {
    caseId: `synth-${n}`,
    caseNumber: `${f.regionCode ?? REGION}-SYN-${String(n).padStart(5, '0')}`,
    regionCode: REGION,
    departmentCode: 'HRSS',
    itemCode: 'SYN-ITEM',
    outcome: 'completed',
    applicantAccountId: uuidv7(),
    enterpriseId: null,
    submittedAt: new Date(decidedAt.getTime() - f.seconds * 1000),
    decidedAt,
    deciderAccountId: uuidv7(),
    deciderName: '测试审批人',
    corrections: 0,
    ...f,
  };
  const raised = await anomalies().recordDecision(anDb(ctx.database.db), facts, keys, ctx.clock.now());
  return { facts, raised };
}

describe('the rules are data', () => {
  it('the defaults are version 1; heads read them; only a supervisor saves a new version; clerks get 403', async () => {
    const first = await rulesOf(supervisor);
    expect(first.version).toBe(1);
    expect(first.rules.rules.map((r) => r.kind).sort()).toEqual([
      'after_hours',
      'applicant_share',
      'corrections',
      'handling_time',
      'related_staff',
    ]);
    expect((await rulesOf(head)).version).toBe(1);
    expect((await clerk.GET('/api/supervision/anomaly-rules')).response.status).toBe(403);

    const body = { expectedVersion: 1, rules: editedRules(first.rules), note: '下午三点后办结须预警' };
    expect((await head.PUT('/api/supervision/anomaly-rules', { body })).response.status).toBe(403);
    expect((await clerk.PUT('/api/supervision/anomaly-rules', { body })).response.status).toBe(403);
    const bad = await supervisor.PUT('/api/supervision/anomaly-rules', {
      body: {
        ...body,
        rules: {
          rules: [
            {
              code: 'late',
              kind: 'after_hours',
              enabled: true,
              workdayStart: '18:00',
              workdayEnd: '09:00',
              restDays: false,
            },
          ],
        },
      },
    });
    expect(errorCode(bad)).toBe('ANOMALY_RULES_INVALID');
    const unknownKind = await supervisor.raw('PUT', '/api/supervision/anomaly-rules', {
      ...body,
      rules: { rules: [{ code: 'x-y', kind: 'astrology', enabled: true }] },
    });
    expect(unknownKind.statusCode).toBe(400);

    const saved = ok(await supervisor.PUT('/api/supervision/anomaly-rules', { body }));
    expect(saved.version).toBe(2);
    expect(errorCode(await supervisor.PUT('/api/supervision/anomaly-rules', { body }))).toBe('ANOMALY_RULES_STALE');
    const now = await rulesOf(supervisor);
    expect(now.version).toBe(2);
    expect(now.history.map((h) => h.version)).toEqual([2, 1]);
    const audit = await query(
      ctx,
      sql`select 1 from platform.audit_log where action = 'supervision.anomaly.rules-changed' and resource_id = ${`${REGION}:2`}`,
    );
    expect(audit).toHaveLength(1);
    // Versions are append-only: not even the owner rewrites one.
    await expect(
      sql`update supervision.anomaly_rulesets set note = 'x' where version = 1`.execute(ctx.owner.db),
    ).rejects.toThrow();
  });
});

describe('the incremental pass on a real decision', () => {
  it('an approval after hours, by a staff member at the applicant’s address and related to the enterprise, is flagged once', async () => {
    // The approver declares: their own ID number (they live with the applicant: the same
    // registered address in the population registry) and the enterprise.
    const declared = ok(
      await approver.PUT('/api/supervision/relations', {
        body: { idNumber: DEMO_FAMILY[1]!.idNumber, relatives: [], enterprises: [enterprise.uscc] },
      }),
    );
    expect(declared).toMatchObject({ addressOnRecord: true, relatives: 0, enterprises: 1 });
    const keys = await query<{ kind: string }>(
      ctx,
      sql`select kind from supervision.staff_relation_keys where staff_account_id = ${approverId} order by kind`,
    );
    expect(keys.map((k) => k.kind)).toEqual(['address', 'enterprise']);
    expect(
      (await citizen.PUT('/api/supervision/relations', { body: { relatives: [], enterprises: [] } })).response.status,
    ).toBe(403);

    const c = ok(
      await citizen.POST('/api/applications/cases', {
        params: { header: { 'idempotency-key': `anomalies-${++keySeq}` } },
        body: {
          itemCode: HYGIENE.handlingItemCode,
          form: sampleAnswers(HYGIENE.form, { ...PERSON, company: enterprise }),
          materials: await uploadMaterials(citizen, HYGIENE.materials),
        },
      }),
    );
    ok(await act(clerk, c.id, { action: 'accept', expectedSeq: 0 }));
    ok(await act(reviewer, c.id, { action: 'pass', expectedSeq: 1, comment: '符合条件' }));
    ok(await act(approver, c.id, { action: 'approve', expectedSeq: 2, comment: '同意' }));
    ok(await act(clerk, c.id, { action: 'complete', expectedSeq: 3, result: { note: '准予许可' } }));
    await ctx.platform.outbox.flush();

    const recorded = await query<{ decider_account_id: string; corrections: number; outcome: string }>(
      ctx,
      sql`select decider_account_id, corrections, outcome from supervision.anomaly_cases where case_id = ${c.id}`,
    );
    expect(recorded).toEqual([{ decider_account_id: approverId, corrections: 0, outcome: 'completed' }]);
    const mine = (await flagsOf(supervisor)).items.filter((f) => f.caseId === c.id);
    expect(mine.map((f) => f.ruleCode).sort()).toEqual(['after-hours', 'related-staff']);
    const related = mine.find((f) => f.ruleCode === 'related-staff')!;
    expect(related).toMatchObject({
      staffAccountId: approverId,
      departmentCode: 'ASB',
      status: 'open',
      rulesetVersion: 2,
    });
    expect(related.detail).toEqual({ relations: ['address', 'enterprise'] });
    expect(mine.find((f) => f.ruleCode === 'after-hours')!.detail).toMatchObject({ restDay: false });

    // A redelivered event raises nothing more.
    const event = await query<{ id: string; payload: unknown; created_at: Date }>(
      ctx,
      sql`select id, payload, created_at from platform.outbox where topic = 'applications.case.changed'
        and payload->>'caseId' = ${c.id} and payload->>'status' = 'completed'`,
    );
    await anomalies().onCaseChanged({
      id: event[0]!.id,
      topic: 'applications.case.changed',
      payload: event[0]!.payload as Parameters<ReturnType<typeof anomalies>['onCaseChanged']>[0]['payload'],
      regionCode: REGION,
      createdAt: event[0]!.created_at,
    });
    const again = (await flagsOf(supervisor)).items.filter((f) => f.caseId === c.id);
    expect(again.map((f) => f.id).sort()).toEqual(mine.map((f) => f.id).sort());
  });
});

describe('handling time, corrections and shares', () => {
  it('a case decided in minutes among peers taking days is flagged; typical ones are not; each rule once', async () => {
    const peers = [];
    for (let i = 0; i < 40; i++) peers.push(await decide({ seconds: (2 + (i % 7) * 0.5) * DAY_S }));
    expect(peers.every((p) => p.raised === 0)).toBe(true);
    const fast = await decide({ seconds: 15 * 60 });
    const slow = await decide({ seconds: 120 * DAY_S });
    const typical = await decide({ seconds: 3 * DAY_S });
    expect([fast.raised, slow.raised, typical.raised]).toEqual([1, 1, 0]);
    const timing = (await flagsOf(supervisor, { rule: 'handling-time' })).items;
    const fastFlag = timing.find((f) => f.caseId === fast.facts.caseId)!;
    expect(fastFlag.score).toBeLessThan(-3.5);
    expect(fastFlag.detail).toMatchObject({ peers: 41, handlingSeconds: 900 });
    expect(timing.find((f) => f.caseId === slow.facts.caseId)!.score).toBeGreaterThan(3.5);

    // Corrections (the edited rule: two or more).
    expect((await decide({ seconds: 3 * DAY_S, corrections: 1 })).raised).toBe(0);
    const twice = await decide({ seconds: 3 * DAY_S, corrections: 2 });
    expect(twice.raised).toBe(1);
    // The same case again (a redelivered event): not recorded twice, nothing raised, histogram unchanged.
    const before = await query<{ n: number }>(
      ctx,
      sql`select n from supervision.anomaly_item_stats where item_code = 'SYN-ITEM'`,
    );
    expect(await anomalies().recordDecision(anDb(ctx.database.db), twice.facts, [], ctx.clock.now())).toBe(0);
    const after = await query<{ n: number }>(
      ctx,
      sql`select n from supervision.anomaly_item_stats where item_code = 'SYN-ITEM'`,
    );
    expect(after).toEqual(before);
  });

  it('one staff member deciding most of one applicant’s cases is flagged once, on the pair', async () => {
    const applicant = uuidv7();
    const staff = uuidv7();
    const other = uuidv7();
    const share = { applicantAccountId: applicant, itemCode: 'SYN-SHARE', departmentCode: 'HRSS', seconds: DAY_S };
    const raised = [];
    for (let i = 0; i < 6; i++)
      raised.push((await decide({ ...share, deciderAccountId: i === 1 ? other : staff })).raised);
    // 4 of 5 at the fifth decision (0.8 ≥ 0.8): flagged then; the sixth (5 of 6) finds the pair flagged already.
    expect(raised).toEqual([0, 0, 0, 0, 1, 0]);
    const flags = (await flagsOf(supervisor, { rule: 'applicant-share' })).items.filter(
      (f) => f.staffAccountId === staff,
    );
    expect(flags).toHaveLength(1);
    expect(flags[0]!.detail).toEqual({ cases: 4, applicantCases: 5 });
  });
});

describe('the full pass', () => {
  it('raises the same flags as the incremental pass, set-based, and nothing on a second run', async () => {
    // A share flag is on the applicant and staff pair (the full pass names the pair's latest case).
    const key = (f: { ruleCode: string; ruleKind: string; caseId: string; staffAccountId: string | null }) =>
      `${f.ruleCode}:${f.ruleKind === 'applicant_share' ? f.staffAccountId : f.caseId}`;
    const incremental = (await flagsOf(supervisor)).items.map(key).sort();
    expect(incremental.length).toBeGreaterThan(5);
    await sql`delete from supervision.anomaly_flags`.execute(ctx.owner.db);
    expect((await clerk.POST('/api/supervision/anomalies/full-pass')).response.status).toBe(403);
    expect((await head.POST('/api/supervision/anomalies/full-pass')).response.status).toBe(403);
    const pass = ok(await supervisor.POST('/api/supervision/anomalies/full-pass'));
    expect(pass.rulesetVersion).toBe(2);
    expect((await flagsOf(supervisor)).items.map(key).sort()).toEqual(incremental);
    const second = ok(await supervisor.POST('/api/supervision/anomalies/full-pass'));
    expect(Object.values(second.raised).every((n) => n === 0)).toBe(true);
  });
});

describe('who sees and reviews flags', () => {
  it('supervisor: the region; head: their department, read-only, not flags naming them; clerk: 403; another region: not found', async () => {
    // A flag naming the ASB head as the decider, and one in another region.
    const own = await decide({ seconds: 3 * DAY_S, corrections: 5, departmentCode: 'ASB', deciderAccountId: headId });
    const far = await decide({ seconds: 3 * DAY_S, corrections: 5, regionCode: OTHER_REGION, departmentCode: 'ASB' });
    expect([own.raised, far.raised]).toEqual([1, 1]);

    const all = (await flagsOf(supervisor)).items;
    expect(all.some((f) => f.caseId === own.facts.caseId)).toBe(true);
    expect(all.some((f) => f.caseId === far.facts.caseId)).toBe(false);
    expect(new Set(all.map((f) => f.departmentCode))).toEqual(new Set(['ASB', 'HRSS']));

    const asb = (await flagsOf(head)).items;
    expect(asb.length).toBeGreaterThan(0);
    expect(asb.every((f) => f.departmentCode === 'ASB')).toBe(true);
    expect(asb.some((f) => f.caseId === own.facts.caseId)).toBe(false);
    expect((await flagsOf(otherHead)).items.every((f) => f.departmentCode === 'HRSS')).toBe(true);
    expect((await clerk.GET('/api/supervision/anomalies')).response.status).toBe(403);
    expect((await citizen.GET('/api/supervision/anomalies')).response.status).toBe(403);

    const farFlag = await query<{ id: string }>(
      ctx,
      sql`select id from supervision.anomaly_flags where case_id = ${far.facts.caseId}`,
    );
    const farId = farFlag[0]!.id;
    const get = (c: Client, id: string) => c.GET('/api/supervision/anomalies/{id}', { params: { path: { id } } });
    expect(errorCode(await get(supervisor, farId))).toBe('ANOMALY_FLAG_NOT_FOUND');
    const review = (c: Client, id: string, finding: 'no_issue' | 'referred' = 'referred') =>
      c.POST('/api/supervision/anomalies/{id}/review', {
        params: { path: { id } },
        body: { finding, note: '经核查，存在利害关系未回避，移送纪检监察' },
      });
    expect(errorCode(await review(supervisor, farId))).toBe('ANOMALY_FLAG_NOT_FOUND');
    const ownId = all.find((f) => f.caseId === own.facts.caseId)!.id;
    expect(errorCode(await get(head, ownId))).toBe('ANOMALY_FLAG_NOT_FOUND');

    const target = asb.find((f) => f.ruleCode === 'related-staff')!;
    expect(ok(await get(head, target.id)).id).toBe(target.id);
    expect((await review(head, target.id)).response.status).toBe(403);
    expect(errorCode(await review(otherHead, target.id))).toBe('ANOMALY_FLAG_NOT_FOUND');
    expect((await review(clerk, target.id)).response.status).toBe(403);
    const done = ok(await review(supervisor, target.id));
    expect(done).toMatchObject({ status: 'referred', findingNote: '经核查，存在利害关系未回避，移送纪检监察' });
    expect(errorCode(await review(supervisor, target.id, 'no_issue'))).toBe('ANOMALY_FLAG_REVIEWED');
    expect((await flagsOf(supervisor, { status: 'open' })).items.some((f) => f.id === target.id)).toBe(false);

    // Audited, and in the transparency log's queue (or already in the log).
    const audit = await query<{ id: string }>(
      ctx,
      sql`select id from platform.audit_log where action = 'supervision.anomaly.reviewed' and resource_id = ${target.id}`,
    );
    expect(audit).toHaveLength(1);
    const logged = await query(
      ctx,
      sql`select 1 from transparency.queue where source = 'audit' and record_id = ${audit[0]!.id}
        union all select 1 from transparency.entries where source = 'audit' and record_id = ${audit[0]!.id}`,
    );
    expect(logged).toHaveLength(1);
  });
});
