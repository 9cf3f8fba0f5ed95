/** The demo city's case history: every state a case can be in, played through the real service. */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, ok, query, signInCitizen, signInStaff, type TestContext } from '../helpers.ts';

let ctx: TestContext;

beforeAll(async () => {
  ctx = await createTestApp({ residents: 60, fullStaff: true, cases: 80 });
}, 180_000);
afterAll(async () => {
  await ctx.teardown();
});

describe('demo case history', () => {
  it('has cases in every status and in every kind of state', async () => {
    const rows = await query<{ status: string; state: string; n: number }>(
      ctx,
      sql`select status, state, count(*)::int as n from applications.cases group by status, state`,
    );
    const statuses = new Set(rows.map((r) => r.status));
    const states = new Set(rows.map((r) => r.state));
    expect([...statuses].sort()).toEqual(['completed', 'correction', 'in_progress', 'rejected', 'withdrawn']);
    for (const s of ['accept', 'review', 'decide', 'correction', 'completed']) expect(states, s).toContain(s);
    const bundles = await query<{ n: number }>(
      ctx,
      sql`select count(*)::int as n from applications.cases where kind = 'bundle'`,
    );
    expect(bundles[0]!.n).toBeGreaterThan(0);
    // Every step has its history row and audit record.
    const [events] = await query<{ n: number }>(ctx, sql`select count(*)::int as n from applications.case_events`);
    const [audits] = await query<{ n: number }>(
      ctx,
      sql`select count(*)::int as n from platform.audit_log where action like 'applications.case.%' and action not in ('applications.case.submitted', 'applications.case.overdue', 'applications.case.claimed', 'applications.case.released')`,
    );
    expect(events!.n).toBeGreaterThan(100);
    expect(audits!.n).toBe(events!.n);
  });

  it('shows the demo citizen their cases and the staff their inbox', async () => {
    const citizen = await signInCitizen(ctx);
    const mine = ok(await citizen.GET('/api/applications/cases', { params: { query: { pageSize: 100 } } }));
    expect(mine.total).toBeGreaterThan(0);
    // The public-security bureau handles the most personal items (户籍, 身份证, 居住证): its clerk has work.
    const clerk = await signInStaff(ctx, 'psb-clerk');
    const inbox = ok(await clerk.GET('/api/applications/inbox'));
    expect(inbox.total).toBeGreaterThan(0);
    expect(inbox.items.every((i) => i.departmentCode === 'PSB')).toBe(true);
  });
});
