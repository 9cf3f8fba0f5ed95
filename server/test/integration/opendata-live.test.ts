/**
 * The open-data portal's API keys and live endpoints: a signed-in citizen asks for a key (shown
 * once, stored hashed, audited), lists and revokes it; another citizen neither sees nor revokes
 * it; staff and the signed-out get none. The live endpoint of city events (the demo's, listed
 * in CKAN's package_show and resource_show with format API) needs a key (401 / 403), serves the
 * latest release's rows filtered by its columns and paged, switches to a new release once it is
 * loaded, and limits each key per minute (429 RATE_LIMITED with Retry-After; another key and the
 * next minute pass).
 */
import { Readable } from 'node:stream';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Publisher } from '../../src/modules/opendata/index.ts';
import {
  client,
  createTestApp,
  errorCode,
  ok,
  query,
  registerCitizen,
  signInCitizen,
  signInStaff,
  type Client,
  type TestContext,
} from '../helpers.ts';

const PER_MINUTE = 12;
let ctx: TestContext;
let citizen: Client;
let other: Client;
let liveUrl: string;

interface LiveBody {
  version: string;
  total: number;
  limit: number;
  offset: number;
  columns: { name: string; type: string }[];
  rows: Record<string, string | number | null>[];
}

const live = async (query: string, headers: Record<string, string> = {}) => {
  const res = await ctx.app.inject({ method: 'GET', url: `${liveUrl}${query}`, headers });
  return { res, body: res.json() as LiveBody & { error?: { code: string } } };
};

const issue = async (c: Client, name = '交通研究', purpose = '分析城市事件与道路的关系') =>
  ok(await c.POST('/api/opendata/keys', { body: { name, purpose } }));

beforeAll(async () => {
  ctx = await createTestApp({
    residents: 20,
    config: { opendata: { liveRequestsPerMinute: PER_MINUTE, keysPerOwner: 3 } },
  });
  // The demo's releases are loaded for their live endpoints after they are published.
  await ctx.platform.outbox.flush();
  citizen = await signInCitizen(ctx);
  other = (await registerCitizen(ctx, { ip: '10.0.9.1' })).client;
  const shown = (await client(ctx).raw('GET', '/api/3/action/package_show?id=city-events-weekly')).json() as {
    result: { resources: { format: string; url: string }[] };
  };
  liveUrl = new URL(shown.result.resources.find((r) => r.format === 'API')!.url).pathname;
}, 120_000);
afterAll(async () => ctx?.teardown());

describe('API keys for the live endpoints', () => {
  it('a citizen asks for a key (answered once, stored hashed, audited), sees it and revokes it', async () => {
    const issued = await issue(citizen);
    expect(issued.key).toMatch(/^ywod_[\w-]{40,}$/);
    expect(issued.key.startsWith(issued.keyPrefix)).toBe(true);
    const rows = await query<{ key_hash: string }>(
      ctx,
      sql`select key_hash from opendata.api_keys where id = ${issued.id}`,
    );
    expect(rows[0]!.key_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(rows[0]!.key_hash).not.toContain(issued.key);

    const list = ok(await citizen.GET('/api/opendata/keys'));
    expect(list.requestsPerMinute).toBe(PER_MINUTE);
    expect(list.items.find((k) => k.id === issued.id)).toMatchObject({
      name: '交通研究',
      revokedAt: null,
      requests: 0,
    });
    expect(JSON.stringify(list)).not.toContain(issued.key);

    const revoked = ok(await citizen.POST('/api/opendata/keys/{id}/revoke', { params: { path: { id: issued.id } } }));
    expect(revoked.revokedAt).not.toBeNull();
    const again = await citizen.POST('/api/opendata/keys/{id}/revoke', { params: { path: { id: issued.id } } });
    expect(errorCode(again)).toBe('OPENDATA_KEY_REVOKED');
    const audit = await query<{ action: string; detail: { keyPrefix?: string } }>(
      ctx,
      sql`select action, detail from platform.audit_log where resource_id = ${issued.id} order by at, id`,
    );
    expect(audit.map((a) => a.action)).toEqual(['opendata.api_key.issued', 'opendata.api_key.revoked']);
    expect(JSON.stringify(audit)).not.toContain(issued.key);
  });

  it('another citizen neither sees nor revokes my key; staff and the signed-out hold none', async () => {
    const mine = await issue(citizen, '我的密钥');
    expect(ok(await other.GET('/api/opendata/keys')).items.map((k) => k.id)).not.toContain(mine.id);
    const theirs = await other.POST('/api/opendata/keys/{id}/revoke', { params: { path: { id: mine.id } } });
    expect(theirs.response.status).toBe(404);
    expect(errorCode(theirs)).toBe('OPENDATA_KEY_NOT_FOUND');
    expect(ok(await citizen.GET('/api/opendata/keys')).items.find((k) => k.id === mine.id)!.revokedAt).toBeNull();

    const anonymous = await client(ctx).POST('/api/opendata/keys', { body: { name: 'x', purpose: 'y' } });
    expect(anonymous.response.status).toBe(401);
    const staff = await signInStaff(ctx, 'dataofficer01');
    const byStaff = await staff.POST('/api/opendata/keys', { body: { name: 'x', purpose: 'y' } });
    expect(byStaff.response.status).toBe(403);
  });

  it('refuses a key past the number one may hold at once', async () => {
    const c = (await registerCitizen(ctx, { ip: '10.0.9.2' })).client;
    for (let i = 0; i < 3; i++) await issue(c, `key ${i}`);
    const fourth = await c.POST('/api/opendata/keys', { body: { name: 'one more', purpose: 'p' } });
    expect(fourth.response.status).toBe(409);
    expect(errorCode(fourth)).toBe('OPENDATA_KEY_LIMIT_REACHED');
  });
});

describe('the live endpoint', () => {
  it('is listed by CKAN as the dataset resource of format API', async () => {
    const shown = (await client(ctx).raw('GET', '/api/3/action/package_show?id=city-events-weekly')).json() as {
      result: { resources: { id: string; format: string; url: string; resource_type: string }[] };
    };
    const api = shown.result.resources.find((r) => r.format === 'API')!;
    expect(api.resource_type).toBe('api');
    expect(api.url).toMatch(/^http:\/\/[^/]+\/api\/opendata\/live\/[0-9a-f-]{36}$/);
    const resource = (await client(ctx).raw('GET', `/api/3/action/resource_show?id=${api.id}`)).json() as {
      success: boolean;
      result: { format: string; url: string };
    };
    expect(resource).toMatchObject({ success: true, result: { format: 'API', url: api.url } });
  });

  it('needs a key: none 401, a wrong or revoked one 403', async () => {
    expect((await live('')).body.error?.code).toBe('OPENDATA_KEY_REQUIRED');
    expect((await live('')).res.statusCode).toBe(401);
    const wrong = await live('', { 'x-api-key': 'ywod_not-a-key-at-all' });
    expect(wrong.res.statusCode).toBe(403);
    expect(wrong.body.error?.code).toBe('OPENDATA_KEY_INVALID');
    const k = await issue(other, '吊销测试');
    expect((await live('', { 'x-api-key': k.key })).res.statusCode).toBe(200);
    ok(await other.POST('/api/opendata/keys/{id}/revoke', { params: { path: { id: k.id } } }));
    expect((await live('', { 'x-api-key': k.key })).body.error?.code).toBe('OPENDATA_KEY_INVALID');
  });

  it('answers a page on another site: the pre-flight allows X-API-Key, the answer exposes the rate-limit headers', async () => {
    const origin = 'https://research.example.org';
    const pre = await ctx.app.inject({
      method: 'OPTIONS',
      url: liveUrl,
      headers: { origin, 'access-control-request-method': 'GET', 'access-control-request-headers': 'x-api-key' },
    });
    expect(pre.statusCode).toBe(204);
    expect(pre.headers['access-control-allow-origin']).toBe('*');
    expect(String(pre.headers['access-control-allow-headers']).toLowerCase()).toContain('x-api-key');
    expect(pre.headers['access-control-allow-methods']).toBe('GET');
    expect(pre.headers['access-control-allow-credentials']).toBeUndefined();
    const k = await issue(other, '跨站调用');
    const { res } = await live('?limit=1', { 'x-api-key': k.key, origin });
    expect(res.statusCode).toBe(200);
    expect(res.headers['access-control-allow-origin']).toBe('*');
    expect(String(res.headers['access-control-expose-headers'])).toContain('X-RateLimit-Remaining');
    ok(await other.POST('/api/opendata/keys/{id}/revoke', { params: { path: { id: k.id } } }));
  });

  it("serves the latest release's rows, filtered by its columns and paged", async () => {
    const k = await issue(other, '分页测试');
    const all = await live('?limit=1000', { 'x-api-key': k.key });
    expect(all.res.statusCode, all.res.body).toBe(200);
    expect(all.res.headers['x-ratelimit-limit']).toBe(String(PER_MINUTE));
    expect(all.body.columns.map((c) => c.name)).toEqual(['week', 'community', 'category', 'count']);
    expect(all.body.total).toBeGreaterThan(10);
    expect(all.body.rows).toHaveLength(all.body.total);
    expect(typeof all.body.rows[0]!.count).toBe('number');

    const page = await live(`?limit=3&offset=2&api_key=${k.key}`);
    expect(page.body).toMatchObject({ total: all.body.total, limit: 3, offset: 2 });
    expect(page.body.rows).toEqual(all.body.rows.slice(2, 5));

    const road = await live(`?category=${encodeURIComponent('道路破损')}&limit=1000`, { 'x-api-key': k.key });
    const expected = all.body.rows.filter((r) => r.category === '道路破损');
    expect(road.body.total).toBe(expected.length);
    expect(road.body.rows).toEqual(expected);
    const n = all.body.rows[0]!.count as number;
    const byCount = await live(`?count=${n}&week=${all.body.rows[0]!.week as string}&limit=1000`, {
      'x-api-key': k.key,
    });
    expect(byCount.body.rows).toEqual(all.body.rows.filter((r) => r.count === n && r.week === all.body.rows[0]!.week));

    const unknown = await live('?district=x', { 'x-api-key': k.key });
    expect(unknown.res.statusCode).toBe(400);
    expect(unknown.body.error?.code).toBe('OPENDATA_LIVE_FILTER_INVALID');
    const tooMany = await live('?limit=5000', { 'x-api-key': k.key });
    expect(tooMany.res.statusCode).toBe(400);
    const listed = ok(await other.GET('/api/opendata/keys')).items.find((x) => x.id === k.id)!;
    expect(listed.requests).toBe(5);
  });

  it('serves a new release once it is loaded, and drops the rows of the one before', async () => {
    const k = await issue(citizen, '新版本');
    const before = await live('', { 'x-api-key': k.key });
    const dataset = ok(
      await client(ctx).GET('/api/opendata/datasets/{name}', { params: { path: { name: 'city-events-weekly' } } }),
    );
    const pipeline: Publisher = {
      kind: 'pipeline',
      pipelineId: '01900000-0000-7000-8000-00000000abcd',
      departmentCode: 'CLE',
    };
    const release = await ctx.modules.opendata.catalogue.publishRelease(pipeline, dataset.id, {
      version: null,
      notes: '更正',
      notesEn: 'Correction',
      files: [
        {
          name: '城市事件周报',
          nameEn: 'Weekly city events',
          description: '',
          format: 'CSV',
          content: Readable.from([
            Buffer.from('\ufeffweek,community,category,count\r\n2026-W47,"龙江社区",道路破损,'),
            Buffer.from('9\r\n2026-W47,海城社区,"占道经营, 流动",6\r\n'),
          ]),
          columns: [
            { name: 'week', type: 'string', title: '周', titleEn: 'Week' },
            { name: 'community', type: 'string', title: '社区', titleEn: 'Community' },
            { name: 'category', type: 'string', title: '事件类别', titleEn: 'Category' },
            { name: 'count', type: 'integer', title: '件数', titleEn: 'Events' },
          ],
          rowCount: 2,
        },
      ],
      report: {
        steps: ['aggregate'],
        removedIdentifiers: [],
        quasiIdentifiers: [],
        kRequired: null,
        kReached: null,
        minCellSize: 5,
        cellsSuppressed: 0,
        rowsSuppressed: 0,
        generalisations: [],
        lDiversity: [],
        epsilon: null,
        passed: true,
      },
      pipelineId: null,
      releaseKey: 'live-test-1',
      temporal: null,
    });
    // Until it is loaded, the release before is served, whole: never an empty or half-loaded answer.
    // (On PostgreSQL the outbox may deliver the load before this request: then it is the new one.)
    const meanwhile = (await live('', { 'x-api-key': k.key })).body;
    if (meanwhile.version === before.body.version) expect(meanwhile.rows).toEqual(before.body.rows);
    else expect(meanwhile.version).toBe(release.version);
    await ctx.platform.outbox.flush();
    const after = await live('', { 'x-api-key': k.key });
    expect(after.body.version).toBe(release.version);
    expect(after.body.rows).toEqual([
      { week: '2026-W47', community: '龙江社区', category: '道路破损', count: 9 },
      { week: '2026-W47', community: '海城社区', category: '占道经营, 流动', count: 6 },
    ]);
    const stale = await query<{ n: number }>(
      ctx,
      sql`select count(*)::int as n from opendata.live_rows where version_id <> ${release.id}
          and version_id in (select id from opendata.versions where dataset_id = ${dataset.id})`,
    );
    expect(stale[0]!.n).toBe(0);
    // Loading the same release again (an event delivered twice) changes nothing.
    await ctx.modules.opendata.portal.live.load(dataset.id, release.id);
    expect((await live('', { 'x-api-key': k.key })).body.total).toBe(2);
  });

  it('limits each key per minute: 429 RATE_LIMITED with Retry-After; another key and the next minute pass', async () => {
    const a = await issue(other, '限流 A');
    const b = await issue(other, '限流 B');
    for (let i = 0; i < PER_MINUTE; i++) {
      const r = await live('', { 'x-api-key': a.key });
      expect(r.res.statusCode).toBe(200);
      expect(r.res.headers['x-ratelimit-remaining']).toBe(String(PER_MINUTE - i - 1));
    }
    const limited = await live('', { 'x-api-key': a.key });
    expect(limited.res.statusCode).toBe(429);
    expect(limited.body.error?.code).toBe('RATE_LIMITED');
    const retryAfter = Number(limited.res.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect((await live('', { 'x-api-key': b.key })).res.statusCode).toBe(200);
    ctx.clock.advance(retryAfter * 1000);
    expect((await live('', { 'x-api-key': a.key })).res.statusCode).toBe(200);
  });
});
