/**
 * Open311 API keys in the console: only the city's operators list, issue and revoke them; the
 * key is answered once and stored as a hash; issuing and revoking are audited. And what a key
 * does through POST servicerequestupdates: the handling service's action, audited as that system.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  client,
  createTestApp,
  errorCode,
  ok,
  query,
  signInCitizen,
  signInStaff,
  type TestContext,
} from '../helpers.ts';

let ctx: TestContext;

beforeAll(async () => {
  ctx = await createTestApp({ seed: true });
}, 120_000);

afterAll(async () => {
  await ctx?.teardown();
});

describe('Open311 API keys', () => {
  it('a city operator issues a key (shown once, stored hashed), lists and revokes it; both audited', async () => {
    const operator = await signInStaff(ctx, 'operator01');
    const issued = ok(
      await operator.POST('/api/cityops/open311/keys', { body: { name: '随手拍 App', contact: '王工 13900000000' } }),
    );
    expect(issued.key).toMatch(/^o311_[\w-]{40,}$/);
    expect(issued.key.startsWith(issued.keyPrefix)).toBe(true);
    const rows = await query<{ key_hash: string }>(
      ctx,
      sql`select key_hash from cityops.open311_keys where id = ${issued.id}`,
    );
    expect(rows[0]!.key_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(rows[0]!.key_hash).not.toContain(issued.key);

    const list = ok(await operator.GET('/api/cityops/open311/keys'));
    const listed = list.items.find((k) => k.id === issued.id)!;
    expect(listed).toMatchObject({ name: '随手拍 App', revokedAt: null });
    expect(JSON.stringify(list)).not.toContain(issued.key);

    const revoked = ok(
      await operator.POST('/api/cityops/open311/keys/{id}/revoke', { params: { path: { id: issued.id } } }),
    );
    expect(revoked.revokedAt).not.toBeNull();
    const again = await operator.POST('/api/cityops/open311/keys/{id}/revoke', {
      params: { path: { id: issued.id } },
    });
    expect(again.response.status).toBe(409);
    expect(errorCode(again)).toBe('OPEN311_KEY_REVOKED');
    const missing = await operator.POST('/api/cityops/open311/keys/{id}/revoke', {
      params: { path: { id: '00000000-0000-4000-8000-000000000000' } },
    });
    expect(missing.response.status).toBe(404);

    const audit = await query<{ action: string }>(
      ctx,
      sql`select action from platform.audit_log where resource_id = ${issued.id} order by at, id`,
    );
    expect(audit.map((a) => a.action)).toEqual(['cityops.open311_key.issued', 'cityops.open311_key.revoked']);
  });

  it('another user cannot: a citizen, a grid worker, a clerk, or nobody signed in', async () => {
    const operator = await signInStaff(ctx, 'operator01');
    const issued = ok(await operator.POST('/api/cityops/open311/keys', { body: { name: 'x', contact: 'y' } }));
    for (const other of [
      await signInCitizen(ctx),
      await signInStaff(ctx, 'grid01'),
      await signInStaff(ctx, 'clerk01'),
    ]) {
      expect((await other.GET('/api/cityops/open311/keys')).response.status).toBe(403);
      expect(
        (await other.POST('/api/cityops/open311/keys', { body: { name: 'x', contact: 'y' } })).response.status,
      ).toBe(403);
      const revoke = await other.POST('/api/cityops/open311/keys/{id}/revoke', { params: { path: { id: issued.id } } });
      expect(revoke.response.status).toBe(403);
    }
    const anonymous = client(ctx);
    expect((await anonymous.GET('/api/cityops/open311/keys')).response.status).toBe(401);
    const still = ok(await operator.GET('/api/cityops/open311/keys')).items.find((k) => k.id === issued.id)!;
    expect(still.revokedAt).toBeNull();
  });

  it('refuses an empty name or contact (400)', async () => {
    const operator = await signInStaff(ctx, 'operator01');
    const res = await operator.POST('/api/cityops/open311/keys', { body: { name: '', contact: 'y' } });
    expect(res.response.status).toBe(400);
  });

  it('an update POSTed with a key closes the event through the handling service, audited as that key', async () => {
    const operator = await signInStaff(ctx, 'operator01');
    const issued = ok(
      await operator.POST('/api/cityops/open311/keys', { body: { name: '市政养护系统', contact: 'z' } }),
    );
    const form = (f: Record<string, string>) => ({
      method: 'POST' as const,
      url: `/open311/v2/${f.file}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
      payload: new URLSearchParams({ api_key: issued.key, ...f, file: '' }).toString(),
    });
    const made = await ctx.app.inject(
      form({ file: 'requests.json', service_code: 'traffic-signal', lat: '27.599396', long: '120.493069' }),
    );
    expect(made.statusCode).toBe(200);
    const number = (made.json() as { service_request_id: string }[])[0]!.service_request_id;
    const closed = await ctx.app.inject(
      form({
        file: 'servicerequestupdates.json',
        service_request_id: number,
        update_id: 'works-42',
        status: 'FIXED',
        updated_datetime: '2026-12-02T08:00:00+08:00',
        description: '已修补完毕',
      }),
    );
    expect(closed.statusCode).toBe(200);
    const updateId = (closed.json() as { update_id: string }[])[0]!.update_id;

    const [event] = await query<{ id: string; status: string; close_note: string }>(
      ctx,
      sql`select id, status, close_note from cityops.events where number = ${number}`,
    );
    expect(event).toMatchObject({ status: 'closed', close_note: '已修补完毕' });
    const audit = await query<{ actor_kind: string; actor_id: string | null; detail: unknown }>(
      ctx,
      sql`select actor_kind, actor_id, detail from platform.audit_log
          where resource_id = ${event!.id} and action = 'cityops.event.closed'`,
    );
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor_kind: 'system', actor_id: null });
    const detail = (typeof audit[0]!.detail === 'string' ? JSON.parse(audit[0]!.detail) : audit[0]!.detail) as {
      system: string;
    };
    expect(detail.system).toBe(`open311:${issued.id}`);
    // The operator sees the closing in the event's history, as the update the client was answered.
    const history = ok(await operator.GET('/api/cityops/events/{id}/history', { params: { path: { id: event!.id } } }));
    expect(history.items.map((h) => h.id)).toContain(updateId);
  });
});
