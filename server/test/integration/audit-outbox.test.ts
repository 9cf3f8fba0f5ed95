/**
 * Audit records and outbox events are written in the transaction of the change they
 * describe; the audit trail is append-only; events are delivered after commit, at least
 * once, and retried with backoff.
 */
import { sql } from 'kysely';
import { randomUUID } from 'node:crypto';
import { Type } from 'typebox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { command, withEvents, type Platform } from '../../src/platform/context.ts';
import { jobRow, scheduleJobLater } from '../../src/platform/jobs.ts';
import { defineEvents, insertEvent, type DomainEvent } from '../../src/platform/outbox.ts';
import {
  createStaff,
  createTestApp,
  errorCode,
  query,
  registerCitizen,
  signInStaff,
  type TestContext,
} from '../helpers.ts';

/** The events these tests emit, declared like a module's. */
const Parcel = Type.Object({ parcel: Type.Optional(Type.Integer()), n: Type.Optional(Type.Integer()) });
const Widget = Type.Object({ id: Type.Optional(Type.String()) });
const testEvents = defineEvents({
  'test.widget.broken': Widget,
  'test.widget.half': Widget,
  'test.widget.made': Widget,
  'test.widget.later': Widget,
  'test.parcel.sent': Parcel,
  'test.parcel.lost': Parcel,
  'test.parcel.fragile': Parcel,
  'test.parcel.bad': Parcel,
  'test.parcel.good': Parcel,
  'test.parcel.stranded': Parcel,
  'test.parcel.many': Parcel,
});

let ctx: TestContext;
/** The app's platform, emitting the test events. */
let platform: Platform<typeof testEvents>;
beforeAll(async () => {
  ctx = await createTestApp({ residents: 20 });
  platform = withEvents(ctx.platform, testEvents);
});
afterAll(async () => {
  await ctx.teardown();
});

const actor = (requestId: string) => ({ accountId: null, kind: 'system', requestId, ip: '127.0.0.1' });

const auditCount = async (action: string, resourceId?: string) =>
  (
    await query<{ n: number }>(
      ctx,
      resourceId === undefined
        ? sql`select count(*)::int as n from platform.audit_log where action = ${action}`
        : sql`select count(*)::int as n from platform.audit_log where action = ${action} and resource_id = ${resourceId}`,
    )
  )[0]!.n;

const outboxRows = (topic: string) =>
  query<{
    id: string;
    payload: unknown;
    request_id: string | null;
    delivered_at: Date | null;
    attempts: number;
    last_error: string | null;
    available_at: Date;
  }>(
    ctx,
    sql`select id, payload, request_id, delivered_at, attempts, last_error, available_at from platform.outbox where topic = ${topic} order by id`,
  );

describe('one transaction for the change, its audit record and its events', () => {
  it('a command that throws leaves neither the audit row nor the event', async () => {
    await expect(
      command(platform, actor('req-rollback-1'), async (w) => {
        await w.audit({ action: 'test.widget.broken', resourceType: 'widget', resourceId: 'w1' });
        await w.emit('test.widget.broken', { id: 'w1' });
        throw new Error('boom after writing');
      }),
    ).rejects.toThrow('boom after writing');
    expect(await auditCount('test.widget.broken')).toBe(0);
    expect(await outboxRows('test.widget.broken')).toEqual([]);
  });

  it('a command that fails on a database error rolls back what it wrote before', async () => {
    await expect(
      command(platform, actor('req-rollback-2'), async (w) => {
        await w.audit({ action: 'test.widget.half', resourceType: 'widget' });
        await w.emit('test.widget.half', {});
        await sql`select * from no_such_schema.no_such_table`.execute(w.tx);
      }),
    ).rejects.toThrow();
    expect(await auditCount('test.widget.half')).toBe(0);
    expect(await outboxRows('test.widget.half')).toEqual([]);
  });

  it('a successful command leaves both, with the request id and the same time', async () => {
    const result = await command(platform, actor('req-commit-1'), async (w) => {
      await w.audit({
        action: 'test.widget.made',
        resourceType: 'widget',
        resourceId: 'w2',
        change: { colour: 'red' },
        detail: { size: 3 },
      });
      await w.emit('test.widget.made', { id: 'w2' }, '330383');
      return 'done';
    });
    expect(result).toBe('done');
    const audits = await query<{
      request_id: string;
      actor_kind: string;
      change_hash: string;
      detail: unknown;
      at: Date;
      ip: string;
    }>(
      ctx,
      sql`select request_id, actor_kind, change_hash, detail, at, ip from platform.audit_log where action = 'test.widget.made'`,
    );
    expect(audits).toHaveLength(1);
    expect(audits[0]!.request_id).toBe('req-commit-1');
    expect(audits[0]!.actor_kind).toBe('system');
    expect(audits[0]!.ip).toBe('127.0.0.1');
    expect(audits[0]!.change_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(audits[0]!.detail).toEqual({ size: 3 });
    expect(new Date(audits[0]!.at).getTime()).toBe(ctx.clock.now().getTime());
    const events = await outboxRows('test.widget.made');
    expect(events).toHaveLength(1);
    expect(events[0]!.payload).toEqual({ id: 'w2' });
    expect(events[0]!.request_id).toBe('req-commit-1');
  });

  it("writes a command's audit records, events and later rows together when it ends, triggers and all", async () => {
    const key = `test-later-${Date.now()}`;
    const runAt = new Date(ctx.clock.now().getTime() + 365 * 86_400_000);
    const job = (n: number) => jobRow({ kind: 'test.later', key, payload: { n }, runAt }, ctx.clock.now());
    const caseId = randomUUID();
    await command(platform, actor('req-later-1'), async (w) => {
      await w.audit({ action: 'test.widget.later', resourceType: 'widget', resourceId: 'w-later' });
      // An action the transparency log takes: its statement trigger queues it, as for a lone insert.
      await w.audit({ action: 'applications.case.accept', resourceType: 'case', resourceId: caseId });
      await w.emit('test.widget.later', { id: 'w-later' });
      scheduleJobLater(w, { kind: 'test.later', key, payload: { n: 1 }, runAt }, w.now);
      // The same key again: kept as it was (on conflict do nothing), as scheduleJob without replace.
      w.insertLater('platform.jobs', job(2), { onConflictDoNothing: 'key' });
      // A column left undefined takes its default.
      w.insertLater('platform.jobs', { ...job(3), key: `${key}-b`, attempts: undefined });
    });
    expect(await auditCount('test.widget.later', 'w-later')).toBe(1);
    expect(await auditCount('applications.case.accept', caseId)).toBe(1);
    const queued = await query<{ n: number }>(
      ctx,
      sql`select count(*)::int as n from transparency.queue q join platform.audit_log a on a.id = q.record_id
          where a.resource_id = ${caseId}`,
    );
    expect(queued[0]!.n).toBe(1);
    expect((await outboxRows('test.widget.later')).map((e) => [e.payload, e.request_id])).toEqual([
      [{ id: 'w-later' }, 'req-later-1'],
    ]);
    const jobs = await query<{ key: string; payload: unknown; attempts: number }>(
      ctx,
      sql`select key, payload, attempts from platform.jobs where key like ${`${key}%`} order by key`,
    );
    expect(jobs).toEqual([
      { key, payload: { n: 1 }, attempts: 0 },
      { key: `${key}-b`, payload: { n: 3 }, attempts: 0 },
    ]);
    // A command that throws after asking for later rows writes none of them.
    await expect(
      command(platform, actor('req-later-2'), async (w) => {
        w.insertLater('platform.jobs', { ...job(4), key: `${key}-c` });
        await w.audit({ action: 'test.widget.later', resourceType: 'widget', resourceId: 'w-later-2' });
        throw new Error('boom before the end');
      }),
    ).rejects.toThrow('boom before the end');
    expect(await query(ctx, sql`select 1 from platform.jobs where key = ${`${key}-c`}`)).toEqual([]);
    expect(await auditCount('test.widget.later', 'w-later-2')).toBe(0);
  });

  it('equal changes hash equally, different changes differently', async () => {
    for (const [id, change] of [
      ['h1', { b: 1, a: 2 }],
      ['h2', { a: 2, b: 1 }],
      ['h3', { a: 2, b: 2 }],
    ] as const) {
      await command(ctx.platform, actor(`req-${id}`), (w) =>
        w.audit({ action: 'test.hash.check', resourceType: 'thing', resourceId: 'same', change }),
      );
    }
    const rows = await query<{ change_hash: string }>(
      ctx,
      sql`select change_hash from platform.audit_log where action = 'test.hash.check' order by id`,
    );
    expect(rows).toHaveLength(3);
    expect(rows[0]!.change_hash).toBe(rows[1]!.change_hash);
    expect(rows[2]!.change_hash).not.toBe(rows[0]!.change_hash);
  });
});

describe('audit through the API', () => {
  it('a grant refused for role separation leaves no identity.role.granted record or event', async () => {
    const secadmin = await signInStaff(ctx, 'secadmin', '10.5.0.1');
    const [{ id: sysadminId }] = (await query<{ id: string }>(
      ctx,
      sql`select id from identity.accounts where username = 'sysadmin'`,
    )) as [{ id: string }];
    const before = await auditCount('identity.role.granted');
    const res = await secadmin.PUT('/api/admin/accounts/{id}/roles/{role}', {
      params: { path: { id: sysadminId, role: 'auditor' } },
    });
    expect(errorCode(res)).toBe('ROLE_SEPARATION');
    expect(await auditCount('identity.role.granted', sysadminId)).toBe(0);
    expect(await auditCount('identity.role.granted')).toBe(before);
    expect(
      (await outboxRows('identity.role.granted')).filter(
        (e) => (e.payload as { accountId: string }).accountId === sysadminId,
      ),
    ).toEqual([]);
    // while a grant that succeeds leaves exactly one record and one event
    const sysadmin = await signInStaff(ctx, 'sysadmin', '10.5.0.2');
    const staff = await createStaff(ctx, sysadmin, 'audited.grant');
    const granted = await secadmin.PUT('/api/admin/accounts/{id}/roles/{role}', {
      params: { path: { id: staff.accountId, role: 'auditor' } },
    });
    expect(granted.response.status).toBe(204);
    expect(await auditCount('identity.role.granted', staff.accountId)).toBe(1);
    const rows = await query<{ request_id: string; actor_kind: string; detail: unknown }>(
      ctx,
      sql`select request_id, actor_kind, detail from platform.audit_log where action = 'identity.role.granted' and resource_id = ${staff.accountId}`,
    );
    expect(rows[0]!.request_id).toBe(granted.response.headers.get('x-request-id'));
    expect(rows[0]!.actor_kind).toBe('staff');
    expect(rows[0]!.detail).toEqual({ role: 'auditor' });
    expect(
      (await outboxRows('identity.role.granted')).filter(
        (e) => (e.payload as { accountId: string }).accountId === staff.accountId,
      ),
    ).toHaveLength(1);
  });

  it('a registration leaves exactly one identity.account.registered record, without personal data in clear', async () => {
    const who = await registerCitizen(ctx, { ip: '10.5.0.3' });
    const rows = await query<{
      actor_id: string;
      actor_kind: string;
      resource_type: string;
      request_id: string;
      change_hash: string;
      detail: unknown;
      region_code: string;
      ip: string;
    }>(
      ctx,
      sql`select actor_id, actor_kind, resource_type, request_id, change_hash, detail, region_code, ip from platform.audit_log
          where action = 'identity.account.registered' and resource_id = ${who.id}`,
    );
    expect(rows).toHaveLength(1);
    const r = rows[0]!;
    expect(r.actor_id).toBe(who.id);
    expect(r.actor_kind).toBe('citizen');
    expect(r.resource_type).toBe('account');
    expect(r.request_id).toBe(who.requestId);
    expect(r.change_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(r.region_code).toBe('330383');
    expect(r.ip).toBe('10.5.0.3');
    const detail = JSON.stringify(r.detail);
    expect(detail).not.toContain(who.idNumber);
    expect(detail).not.toContain(who.idNumber.slice(6, 14)); // not even the birth date
    expect(detail).not.toContain(who.phone);
    expect(detail).not.toContain(who.name);
    expect(detail).not.toContain(who.password);
    // nor anywhere else in the audit trail or the outbox
    const everywhere = await query<{ n: number }>(
      ctx,
      sql`select count(*)::int as n from platform.audit_log where detail::text like ${`%${who.phone}%`} or detail::text like ${`%${who.idNumber}%`} or resource_id = ${who.idNumber}`,
    );
    expect(everywhere[0]!.n).toBe(0);
    const events = await outboxRows('identity.account.registered');
    const mine = events.filter((e) => (e.payload as { accountId: string }).accountId === who.id);
    expect(mine).toHaveLength(1);
    expect(JSON.stringify(mine[0]!.payload)).not.toContain(who.phone);
  });
});

describe('the audit trail is append-only', () => {
  it('refuses UPDATE, DELETE and TRUNCATE of platform.audit_log', async () => {
    const before = (await query<{ n: number }>(ctx, sql`select count(*)::int as n from platform.audit_log`))[0]!.n;
    expect(before).toBeGreaterThan(0);
    await expect(sql`update platform.audit_log set action = 'tampered'`.execute(ctx.database.db)).rejects.toThrow(
      // the trigger, or (with database roles) the application role's missing privilege
      /append-only|permission denied/,
    );
    await expect(sql`delete from platform.audit_log`.execute(ctx.database.db)).rejects.toThrow(
      /append-only|permission denied/,
    );
    await expect(sql`truncate platform.audit_log`.execute(ctx.database.db)).rejects.toThrow(
      /append-only|permission denied/,
    );
    const after = await query<{ n: number; tampered: number }>(
      ctx,
      sql`select count(*)::int as n, count(*) filter (where action = 'tampered')::int as tampered from platform.audit_log`,
    );
    expect(after[0]!.n).toBe(before);
    expect(after[0]!.tampered).toBe(0);
  });

  it('a refused change inside a command rolls the whole command back', async () => {
    await expect(
      command(ctx.platform, actor('req-tamper'), async (w) => {
        await w.audit({ action: 'test.tamper.cover', resourceType: 'x' });
        await sql`delete from platform.audit_log where action = 'identity.account.registered'`.execute(w.tx);
      }),
    ).rejects.toThrow(/append-only|permission denied/);
    expect(await auditCount('test.tamper.cover')).toBe(0);
    expect(await auditCount('identity.account.registered')).toBeGreaterThan(0);
  });
});

describe('outbox delivery', () => {
  it('delivers an event once after commit and marks it delivered', async () => {
    const seen: DomainEvent[] = [];
    ctx.platform.outbox.subscribe(testEvents, 'test.parcel.sent', 'recorder', async (e) => {
      seen.push(e);
    });
    await command(platform, actor('req-parcel'), (w) => w.emit('test.parcel.sent', { parcel: 7 }, '330383'));
    await ctx.platform.outbox.flush();
    await ctx.platform.outbox.flush();
    expect(seen).toHaveLength(1);
    expect(seen[0]!.topic).toBe('test.parcel.sent');
    expect(seen[0]!.payload).toEqual({ parcel: 7 });
    expect(seen[0]!.regionCode).toBe('330383');
    const [row] = await outboxRows('test.parcel.sent');
    expect(seen[0]!.id).toBe(row!.id);
    expect(row!.delivered_at).not.toBeNull();
    expect(row!.attempts).toBe(1);
    expect(row!.last_error).toBeNull();
  });

  it('does not deliver the event of a rolled-back command', async () => {
    const seen: DomainEvent[] = [];
    ctx.platform.outbox.subscribe(testEvents, 'test.parcel.lost', 'recorder', async (e) => {
      seen.push(e);
    });
    await expect(
      command(platform, actor('req-lost'), async (w) => {
        await w.emit('test.parcel.lost', {});
        throw new Error('rolled back');
      }),
    ).rejects.toThrow();
    await ctx.platform.outbox.flush();
    expect(seen).toEqual([]);
  });

  it('keeps a failing event pending with attempts and last_error, and retries it after the backoff', async () => {
    let failing = true;
    const calls: string[] = [];
    ctx.platform.outbox.subscribe(testEvents, 'test.parcel.fragile', 'flaky', async (e) => {
      calls.push(e.id);
      if (failing) throw new Error('downstream unavailable');
    });
    await command(platform, actor('req-fragile'), (w) => w.emit('test.parcel.fragile', { parcel: 8 }));
    await ctx.platform.outbox.flush();
    let [row] = await outboxRows('test.parcel.fragile');
    expect(calls).toHaveLength(1);
    expect(row!.delivered_at).toBeNull();
    expect(row!.attempts).toBe(1);
    expect(row!.last_error).toContain('downstream unavailable');
    expect(new Date(row!.available_at).getTime()).toBeGreaterThan(ctx.clock.now().getTime());
    expect(await ctx.platform.outbox.pendingCount()).toBeGreaterThanOrEqual(1);

    // Not yet due: nothing happens however often we flush.
    await ctx.platform.outbox.flush();
    expect(calls).toHaveLength(1);

    // Due again and still failing: the second attempt waits longer.
    ctx.clock.advance(new Date(row!.available_at).getTime() - ctx.clock.now().getTime() + 1);
    await ctx.platform.outbox.flush();
    expect(calls).toHaveLength(2);
    [row] = await outboxRows('test.parcel.fragile');
    expect(row!.attempts).toBe(2);
    expect(row!.delivered_at).toBeNull();
    const secondWait = new Date(row!.available_at).getTime() - ctx.clock.now().getTime();
    expect(secondWait).toBeGreaterThan(2_000);

    failing = false;
    ctx.clock.advance(secondWait + 1);
    await ctx.platform.outbox.flush();
    expect(calls).toHaveLength(3);
    expect(new Set(calls).size).toBe(1); // the same event each time
    [row] = await outboxRows('test.parcel.fragile');
    expect(row!.delivered_at).not.toBeNull();
    expect(row!.attempts).toBe(3);
    expect(row!.last_error).toBeNull();
  });

  it('a failing handler does not block other events', async () => {
    const seen: string[] = [];
    ctx.platform.outbox.subscribe(testEvents, 'test.parcel.bad', 'always-fails', async () => {
      throw new Error('never works');
    });
    ctx.platform.outbox.subscribe(testEvents, 'test.parcel.good', 'recorder', async (e) => {
      seen.push((e.payload as { n: number }).n.toString());
    });
    await command(platform, actor('req-mixed'), async (w) => {
      await w.emit('test.parcel.bad', {});
      await w.emit('test.parcel.good', { n: 1 });
    });
    await ctx.platform.outbox.flush();
    expect(seen).toEqual(['1']);
    expect((await outboxRows('test.parcel.bad'))[0]!.delivered_at).toBeNull();
    expect((await outboxRows('test.parcel.good'))[0]!.delivered_at).not.toBeNull();
  });

  it("gives a subscribeMany handler a round's events together, and each alone when the round fails", async () => {
    const calls: number[][] = [];
    ctx.platform.outbox.subscribeMany(testEvents, 'test.parcel.many', 'batcher', async (events) => {
      calls.push(events.map((e) => e.payload.parcel ?? 0));
      if (events.some((e) => e.payload.parcel === 13)) throw new Error('unlucky parcel');
    });
    await command(platform, actor('req-many'), async (w) => {
      await w.emit('test.parcel.many', { parcel: 1 });
      await w.emit('test.parcel.many', { parcel: 2 });
    });
    await ctx.platform.outbox.flush();
    expect(calls).toEqual([[1, 2]]);

    calls.length = 0;
    await command(platform, actor('req-many-bad'), async (w) => {
      await w.emit('test.parcel.many', { parcel: 3 });
      await w.emit('test.parcel.many', { parcel: 13 });
      await w.emit('test.parcel.many', { parcel: 4 });
    });
    await ctx.platform.outbox.flush();
    // The round failed, so each event was given alone: one bad event holds back no other.
    expect(calls).toEqual([[3, 13, 4], [3], [13], [4]]);
    const rows = await outboxRows('test.parcel.many');
    const byParcel = new Map(rows.map((r) => [(r.payload as { parcel: number }).parcel, r]));
    for (const n of [1, 2, 3, 4]) expect(byParcel.get(n)!.delivered_at).not.toBeNull();
    expect(byParcel.get(13)!.delivered_at).toBeNull();
    expect(byParcel.get(13)!.last_error).toContain('unlucky parcel');
  });

  it('delivers an event its writer left undelivered (the node stopped after commit) once the lease runs out', async () => {
    const seen: string[] = [];
    ctx.platform.outbox.subscribe(testEvents, 'test.parcel.stranded', 'recorder', async (e) => {
      seen.push(e.id);
    });
    // What command() writes, without its hand-over to this node's dispatcher after commit.
    const written = await ctx.platform.db
      .transaction()
      .execute((tx) =>
        insertEvent(tx, testEvents, { topic: 'test.parcel.stranded', payload: { parcel: 9 } }, ctx.clock.now()),
      );
    await ctx.platform.outbox.flush();
    expect(seen).toEqual([]); // still leased to the node that wrote it
    ctx.clock.advance(30_001);
    await ctx.platform.outbox.flush();
    await ctx.platform.outbox.flush();
    expect(seen).toEqual([written.id]);
    const [row] = await outboxRows('test.parcel.stranded');
    expect(row!.delivered_at).not.toBeNull();
    expect(row!.attempts).toBe(2);
  });
});
