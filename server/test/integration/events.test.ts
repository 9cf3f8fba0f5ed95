/**
 * Typed events: every module declares what it emits as a topic → schema map in its manifest;
 * every event the platform writes has a schema and matches it; the outbox refuses an event
 * that is not declared or does not match (the transaction rolls back), and a subscription
 * names a declared topic.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applicationsEvents, CASE_CHANGED, type ApplicationsEvents } from '../../src/modules/applications/index.ts';
import { manifests } from '../../src/app.ts';
import { command, withEvents, type Work } from '../../src/platform/context.ts';
import { payloadProblems, type EventMap } from '../../src/platform/outbox.ts';
import { createTestApp, query, registerCitizen, type TestContext } from '../helpers.ts';

const declared: EventMap = Object.assign({}, ...manifests.map((m) => m.events));

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestApp({ residents: 30, fullStaff: true, cases: 12 });
}, 180_000);
afterAll(async () => {
  await ctx.teardown();
});

const actor = { accountId: null, kind: 'system', requestId: 'req-events', ip: null };

/** What the compiler refuses (never run: `npm run typecheck` fails when one of these lines compiles). */
function _refusedByTheCompiler(w: Work<ApplicationsEvents>): void {
  // @ts-expect-error: a topic applications does not declare
  void w.emit('applications.case.lost', {});
  // @ts-expect-error: a payload without the declared fields
  void w.emit(CASE_CHANGED, { caseId: 'c1' });
  ctx.platform.outbox.subscribe(applicationsEvents, CASE_CHANGED, 'typed', async (e) => {
    // @ts-expect-error: the handler sees the declared payload, which has no such field
    void e.payload.nothing;
  });
}

describe('declared events', () => {
  it("each module's topics are its own (<module>.<entity>.<verb>), each with a schema", () => {
    for (const m of manifests) {
      for (const [topic, schema] of Object.entries(m.events)) {
        expect(topic).toMatch(new RegExp(`^${m.name}\\.[a-z-]+\\.[a-z-]+$`));
        expect(schema).toHaveProperty('type');
      }
    }
    expect(Object.keys(applicationsEvents).sort()).toEqual(['applications.case.changed', 'applications.case.overdue']);
  });

  it('every event written by filing, handling, deadlines and registration has a schema, and matches it', async () => {
    await registerCitizen(ctx, { ip: '10.9.0.1' });
    ctx.clock.advance(60 * 24 * 3600_000); // every open deadline passes
    await ctx.platform.jobs.runDue();
    const rows = await query<{ topic: string; payload: unknown }>(ctx, sql`select topic, payload from platform.outbox`);
    const topics = new Set(rows.map((r) => r.topic));
    for (const t of ['applications.case.changed', 'applications.case.overdue', 'identity.account.registered'])
      expect(topics).toContain(t);
    for (const row of rows) {
      const schema = declared[row.topic];
      expect(schema, `${row.topic} is declared`).toBeDefined();
      expect(payloadProblems(schema!, row.payload), row.topic).toEqual([]);
    }
  });
});

describe('the outbox refuses what is not declared', () => {
  const outboxCount = async () =>
    (await query<{ n: number }>(ctx, sql`select count(*)::int as n from platform.outbox`))[0]!.n;
  const auditCount = async (action: string) =>
    (
      await query<{ n: number }>(ctx, sql`select count(*)::int as n from platform.audit_log where action = ${action}`)
    )[0]!.n;

  it('a payload that does not match its schema throws, and the whole command rolls back', async () => {
    const before = await outboxCount();
    const platform = withEvents(ctx.platform, applicationsEvents);
    await expect(
      command(platform, actor, async (w) => {
        await w.audit({ action: 'test.events.invalid', resourceType: 'case' });
        // What the compiler refuses, forced: a status no case has, and no headline.
        const bad = { caseId: 'c1', caseNumber: 'n1', regionCode: '330383', status: 'lost' };
        await w.emit(CASE_CHANGED, bad as never);
      }),
    ).rejects.toThrow(/applications\.case\.changed does not match its declared schema: .*status/);
    expect(await outboxCount()).toBe(before);
    expect(await auditCount('test.events.invalid')).toBe(0);
  });

  it('a topic its module does not declare throws, also on a platform that declares none', async () => {
    const before = await outboxCount();
    await expect(
      command(withEvents(ctx.platform, applicationsEvents), actor, (w) =>
        w.emit('applications.case.lost' as never, {} as never),
      ),
    ).rejects.toThrow(/applications\.case\.lost is not declared/);
    await expect(
      command(ctx.platform, actor, (w) => w.emit('identity.account.registered' as never, {} as never)),
    ).rejects.toThrow(/is not declared/);
    expect(await outboxCount()).toBe(before);
  });

  it('a subscription names a declared topic of the emitter', () => {
    expect(() =>
      ctx.platform.outbox.subscribe(applicationsEvents, 'applications.case.lost' as never, 'nobody', async () => {}),
    ).toThrow(/does not declare/);
  });
});
