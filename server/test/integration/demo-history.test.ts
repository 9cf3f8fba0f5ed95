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

  it('has its applicants pay their fees before the step that needs them: no accepted or completed case owes one', async () => {
    await ctx.platform.outbox.flush();
    // A case accepted (or completed) on its main line owes nothing due before that step.
    const owing = await query<{ case_number: string; timing: string; status: string }>(
      ctx,
      sql`select distinct c.case_number, o.timing, o.status from payments.orders o
          join applications.cases c on c.id::text = o.case_id::text
          join applications.case_events e on e.case_id::text = o.case_id::text and e.branch is null
          where o.status not in ('paid', 'refunded')
            and ((o.timing = 'before_acceptance' and e.action = 'accept') or (o.timing = 'on_decision' and e.action = 'complete'))`,
    );
    expect(owing).toEqual([]);
    const paid = await query<{ n: number; late: number }>(
      ctx,
      sql`select count(*)::int as n, count(*) filter (where paid_at > ${ctx.clock.now()})::int as late from payments.orders where status = 'paid'`,
    );
    expect(paid[0]!.n).toBeGreaterThan(0);
    // Paid on the history's clock, not at seeding time in the future of the case.
    expect(paid[0]!.late).toBe(0);
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
