/**
 * The data tracker (谁查了我的数据): a citizen sees exactly the reads of their own data and
 * never another's; an enterprise's legal representative and agents see the enterprise's, a
 * non-agent does not; filters and keyset pages; law enforcement hides a read until a date
 * (audited) and it shows once the date has passed; the page is one index range scan.
 */
import { CompiledQuery, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EnterpriseLink, TrackerEntry } from '../../../contract/openapi.ts';
import { pageQuery, type TrackerTables } from '../../src/modules/exchange/exchange.tracker.repository.ts';
import { scoped } from '../../src/platform/db.ts';
import { PII, recordPersonalDataAccess, type PersonalDataAccess } from '../../src/platform/pii.ts';
import {
  createTestApp,
  errorCode,
  ok,
  query,
  registerCitizen,
  signInCitizen,
  signInStaff,
  client,
  type Client,
  type TestContext,
} from '../helpers.ts';

let ctx: TestContext;
let demo: Client;
let alice: Awaited<ReturnType<typeof registerCitizen>>;
let other: Awaited<ReturnType<typeof registerCitizen>>;
let enterprise: EnterpriseLink;
const DAY = 86_400_000;

const indexOf = (value: string) => ctx.platform.protector.blindIndex(value, PII.citizenId);
const log = (subject: string, a: Partial<PersonalDataAccess>, at: Date) =>
  recordPersonalDataAccess(
    ctx.platform.db,
    {
      subjectIndex: indexOf(subject),
      accessorId: null,
      accessorName: '测试员',
      organisation: null,
      purpose: '测试用途',
      fields: ['population-registry.name'],
      resourceType: 'registry',
      resourceId: null,
      requestId: null,
      departmentCode: 'HRSS',
      ...a,
    },
    at,
  );

type Query = {
  department?: string;
  purpose?: string;
  from?: string;
  to?: string;
  field?: string;
  outcome?: 'read' | 'refused';
  caseNumber?: string;
  cursor?: string;
  limit?: number;
};
const mine = (c: Client, q: Query = {}) => c.GET('/api/exchange/tracker', { params: { query: q } });
const ofEnterprise = (c: Client, enterpriseId: string, q: Query = {}) =>
  c.GET('/api/exchange/tracker/enterprises/{enterpriseId}', { params: { path: { enterpriseId }, query: q } });
/** Every entry, walking the keyset pages. */
async function all(c: Client, q: Query = {}, enterpriseId?: string): Promise<TrackerEntry[]> {
  const out: TrackerEntry[] = [];
  let cursor: string | undefined;
  for (;;) {
    const page = ok(await (enterpriseId ? ofEnterprise(c, enterpriseId, { ...q, cursor }) : mine(c, { ...q, cursor })));
    out.push(...page.items);
    if (!page.nextCursor) return out;
    cursor = page.nextCursor;
  }
}

const t0 = new Date('2026-11-01T02:00:00Z');

beforeAll(async () => {
  ctx = await createTestApp({ residents: 30, fullStaff: true });
  demo = await signInCitizen(ctx, undefined, undefined, '10.8.0.1');
  alice = await registerCitizen(ctx, { ip: '10.8.0.5' });
  other = await registerCitizen(ctx, { ip: '10.8.0.2' });
  enterprise = ok(await demo.GET('/api/me/enterprises')).items[0]!;
  // Alice: 25 reads over 25 days by two departments, one refused, one of a case.
  for (let i = 0; i < 25; i++) {
    await log(
      alice.idNumber,
      {
        departmentCode: i % 2 === 0 ? 'HRSS' : 'CAB',
        purpose: i % 2 === 0 ? '社会保险参保登记' : '婚姻登记核验',
        fields:
          i % 5 === 0 ? ['marriage-registry.status'] : ['population-registry.name', 'population-registry.address'],
        ...(i === 3 ? { refusal: 'EXCHANGE_NO_GRANT' } : {}),
        ...(i === 7 ? { caseNumber: 'TEST-CASE-0007', legalBasis: '《社会保险法》' } : {}),
      },
      new Date(t0.getTime() + i * DAY),
    );
  }
  // Another person's reads, and the enterprise's.
  for (let i = 0; i < 3; i++) await log(other.idNumber, { purpose: '他人的查询' }, new Date(t0.getTime() + i * DAY));
  for (let i = 0; i < 4; i++)
    await log(
      enterprise.uscc,
      {
        subjectKind: 'enterprise',
        departmentCode: 'TAX',
        purpose: '税务登记信息确认',
        fields: ['enterprise-registry.name'],
      },
      new Date(t0.getTime() + i * DAY),
    );
});
afterAll(async () => {
  await ctx.teardown();
});

describe('a citizen sees the reads of their own data', () => {
  it('exactly theirs, newest first, with department, who, fields, purpose, legal basis and case', async () => {
    const entries = await all(alice.client);
    expect(entries).toHaveLength(25);
    expect(entries.every((e) => e.purpose !== '他人的查询' && e.subjectKind === 'person')).toBe(true);
    const times = entries.map((e) => Date.parse(e.at));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    const withCase = entries.find((e) => e.caseNumber === 'TEST-CASE-0007')!;
    expect(withCase).toMatchObject({
      department: { code: 'CAB', name: expect.any(String), nameEn: expect.any(String) },
      accessor: { kind: 'staff', name: '测试员' },
      legalBasis: '《社会保险法》',
      outcome: 'read',
      fields: ['population-registry.name', 'population-registry.address'],
    });
    expect(entries.find((e) => e.outcome === 'refused')?.refusal).toBe('EXCHANGE_NO_GRANT');
  });

  it('another citizen sees theirs and never Alice’s', async () => {
    const entries = await all(other.client);
    expect(entries).toHaveLength(3);
    expect(entries.every((e) => e.purpose === '他人的查询')).toBe(true);
  });

  it('keyset pages: no entry twice, none missed, a bad cursor refused', async () => {
    const first = ok(await mine(alice.client, { limit: 10 }));
    expect(first.items).toHaveLength(10);
    expect(first.nextCursor).toBeTruthy();
    const walked = await all(alice.client, { limit: 7 });
    expect(new Set(walked.map((e) => e.id)).size).toBe(25);
    const bad = await mine(alice.client, { cursor: 'bm90LWEtY3Vyc29y' });
    expect(bad.response.status).toBe(400);
  });

  it('filters by department, purpose, date range, field, outcome and case number', async () => {
    expect((await all(alice.client, { department: 'CAB' })).every((e) => e.department?.code === 'CAB')).toBe(true);
    expect(await all(alice.client, { department: 'CAB' })).toHaveLength(12);
    expect(await all(alice.client, { purpose: '婚姻' })).toHaveLength(12);
    const from = new Date(t0.getTime() + 10 * DAY).toISOString();
    const to = new Date(t0.getTime() + 15 * DAY).toISOString();
    expect(await all(alice.client, { from, to })).toHaveLength(5);
    expect(await all(alice.client, { field: 'marriage-registry.status' })).toHaveLength(5);
    expect(await all(alice.client, { outcome: 'refused' })).toHaveLength(1);
    expect(await all(alice.client, { outcome: 'read' })).toHaveLength(24);
    expect((await all(alice.client, { caseNumber: 'TEST-CASE-0007' })).map((e) => e.caseNumber)).toEqual([
      'TEST-CASE-0007',
    ]);
    expect(await all(alice.client, { department: 'CAB', field: 'marriage-registry.status' })).toHaveLength(2);
  });

  it('staff have no tracker of their own; without signing in, 401', async () => {
    const clerk = await signInStaff(ctx, 'clerk01', '10.8.0.3');
    expect((await mine(clerk)).response.status).toBe(403);
    expect((await mine(client(ctx, '10.8.0.4'))).response.status).toBe(401);
  });
});

describe('reads through the exchange', () => {
  it('a granted read and a refused one both show, with the department, case, fields and legal basis', async () => {
    const psbAdmin = await signInStaff(ctx, 'psb-admin', '10.8.4.1');
    const granted = await psbAdmin.POST('/api/exchange/grants', {
      body: {
        registry: 'population-registry',
        granteeDepartment: 'HRSS',
        fields: ['name', 'address'],
        purpose: '社会保险参保登记核验',
        legalBasis: '《社会保险法》第五十八条',
        statutory: true,
      },
    });
    expect(granted.response.status, JSON.stringify(granted.error)).toBe(201);
    const body = {
      registry: 'population-registry' as const,
      subject: { idNumber: alice.idNumber },
      fields: ['name'],
      purpose: '社会保险参保登记核验',
      caseNumber: 'TEST-XROAD-1',
    };
    const hrss = await signInStaff(ctx, 'hrss-clerk', '10.8.4.2');
    const read = await hrss.POST('/api/exchange/read', { body: { ...body, department: 'HRSS' } });
    expect(read.response.status, JSON.stringify(read.error)).toBe(200);
    const cab = await signInStaff(ctx, 'cab-clerk', '10.8.4.3');
    const refused = await cab.POST('/api/exchange/read', {
      body: { ...body, department: 'CAB', caseNumber: 'TEST-XROAD-2' },
    });
    expect(refused.response.status).toBe(403);

    const seen = await all(await signInCitizen(ctx, alice.phone, alice.password, '10.8.4.4'), {
      purpose: '参保登记核验',
    });
    const ok1 = seen.find((e) => e.caseNumber === 'TEST-XROAD-1')!;
    expect(ok1).toMatchObject({
      department: { code: 'HRSS' },
      accessor: { kind: 'staff' },
      fields: ['population-registry.name'],
      legalBasis: '《社会保险法》第五十八条',
      outcome: 'read',
    });
    expect(seen.find((e) => e.caseNumber === 'TEST-XROAD-2')).toMatchObject({
      department: { code: 'CAB' },
      outcome: 'refused',
      refusal: 'EXCHANGE_NO_GRANT',
    });
    // Bob sees none of it.
    expect((await all(other.client)).some((e) => e.caseNumber?.startsWith('TEST-XROAD'))).toBe(false);
  });
});

describe("an enterprise's reads", () => {
  it('its legal representative sees them, and they are not in their own list', async () => {
    const entries = (await all(demo, {}, enterprise.enterpriseId)).filter((e) => e.purpose === '税务登记信息确认');
    expect(entries).toHaveLength(4);
    expect(entries.every((e) => e.subjectKind === 'enterprise' && e.department?.code === 'TAX')).toBe(true);
    expect((await all(demo)).some((e) => e.purpose === '税务登记信息确认')).toBe(false);
  });

  it('an authorised agent sees them; a citizen who is not an agent is told there is no such enterprise', async () => {
    expect((await ofEnterprise(other.client, enterprise.enterpriseId)).response.status).toBe(404);
    expect(errorCode(await ofEnterprise(other.client, enterprise.enterpriseId))).toBe('ENTERPRISE_NOT_FOUND');
    const clerk = await signInStaff(ctx, 'clerk01', '10.8.1.9');
    expect(
      (await clerk.POST('/api/admin/accounts/{id}/verify-in-person', { params: { path: { id: other.id } } })).response
        .status,
    ).toBe(204);
    const granted = await demo.POST('/api/enterprises/{id}/agents', {
      params: { path: { id: enterprise.enterpriseId } },
      body: { idNumber: other.idNumber },
    });
    expect(granted.response.status, JSON.stringify(granted.error)).toBe(201);
    expect(
      (await all(other.client, {}, enterprise.enterpriseId)).filter((e) => e.purpose === '税务登记信息确认'),
    ).toHaveLength(4);
    // and still only their own reads as a person
    expect(await all(other.client)).toHaveLength(3);
  });
});

/** Alice's reads, signed in afresh (the clock moves by days here: sessions expire). */
const aliceSees = async () => all(await signInCitizen(ctx, alice.phone, alice.password, '10.8.3.1'));

describe('law enforcement hides a read until a date', () => {
  it('a read logged hidden shows once its date has passed', async () => {
    const now = ctx.clock.now();
    await log(
      alice.idNumber,
      { departmentCode: 'PSB', purpose: '案件侦查', hiddenUntil: new Date(now.getTime() + 3 * DAY) },
      now,
    );
    expect((await aliceSees()).some((e) => e.purpose === '案件侦查')).toBe(false);
    ctx.clock.advance(3 * DAY + 1000);
    expect((await aliceSees()).some((e) => e.purpose === '案件侦查')).toBe(true);
  });

  it("a law-enforcement approver hides their department's read (audited); others may not", async () => {
    const now = ctx.clock.now();
    await log(alice.idNumber, { departmentCode: 'PSB', purpose: '线索核查' }, now);
    await log(alice.idNumber, { departmentCode: 'HRSS', purpose: '待遇核定' }, now);
    const [psbRead] = await query<{ id: string }>(
      ctx,
      sql`select id from platform.personal_data_access where purpose = '线索核查'`,
    );
    const [hrssRead] = await query<{ id: string }>(
      ctx,
      sql`select id from platform.personal_data_access where purpose = '待遇核定'`,
    );
    const until = new Date(now.getTime() + 10 * DAY).toISOString();
    const body = { until, reason: '告知本人将妨碍侦查' };
    const hide = (c: Client, id: string) =>
      c.POST('/api/exchange/access-log/{id}/hiding', { params: { path: { id } }, body });

    const hrssAdmin = await signInStaff(ctx, 'hrss-admin', '10.8.2.1');
    expect((await hide(hrssAdmin, hrssRead!.id)).response.status).toBe(403);
    const psbClerk = await signInStaff(ctx, 'psb-clerk', '10.8.2.2');
    expect((await hide(psbClerk, psbRead!.id)).response.status).toBe(403);
    const psbApprover = await signInStaff(ctx, 'psb-approver', '10.8.2.3');
    // Another department's read answers as if there were none.
    expect((await hide(psbApprover, hrssRead!.id)).response.status).toBe(404);
    expect(
      (await hide(await signInCitizen(ctx, alice.phone, alice.password, '10.8.3.2'), psbRead!.id)).response.status,
    ).toBe(403);

    const res = await hide(psbApprover, psbRead!.id);
    expect(res.response.status, JSON.stringify(res.error)).toBe(200);
    expect(ok(res)).toEqual({ entryId: psbRead!.id, hiddenUntil: until });
    const audit = await query<{ action: string; resource_id: string }>(
      ctx,
      sql`select action, resource_id from platform.audit_log where action = 'exchange.access.hidden'`,
    );
    expect(audit).toEqual([{ action: 'exchange.access.hidden', resource_id: psbRead!.id }]);
    const seen = await aliceSees();
    expect(seen.some((e) => e.purpose === '线索核查')).toBe(false);
    expect(seen.some((e) => e.purpose === '待遇核定')).toBe(true);
    // A date in the past, or too far ahead, is refused.
    const past = await psbApprover.POST('/api/exchange/access-log/{id}/hiding', {
      params: { path: { id: psbRead!.id } },
      body: { until: new Date(now.getTime() - DAY).toISOString(), reason: '过去的日期' },
    });
    expect(past.response.status).toBe(400);

    ctx.clock.advance(10 * DAY + 1000);
    expect((await aliceSees()).some((e) => e.purpose === '线索核查')).toBe(true);
  });
});

describe('the query', () => {
  it('is one index-only range scan of the covering (subject_index, at, id) index, with no sort', async () => {
    const subject = indexOf(alice.idNumber);
    const compiled = pageQuery(
      scoped<TrackerTables>(ctx.platform.db),
      [subject],
      {},
      { at: new Date(), id: 'ffffffff-ffff-7fff-bfff-ffffffffffff' },
      21,
      new Date(),
    ).compile();
    const plan = await ctx.platform.db.transaction().execute(async (tx) => {
      await sql`set local enable_seqscan = off`.execute(tx);
      await sql`set local enable_bitmapscan = off`.execute(tx);
      const r = await tx.executeQuery<{ 'QUERY PLAN': string }>(
        CompiledQuery.raw(`explain ${compiled.sql}`, [...compiled.parameters]),
      );
      return r.rows.map((x) => x['QUERY PLAN']).join('\n');
    });
    // Index-only: every column the page reads is in the index, none is fetched from the heap.
    expect(plan).toContain('Index Only Scan using personal_data_access_tracker');
    expect(plan).not.toMatch(/\bSort\b/);
  });
});
