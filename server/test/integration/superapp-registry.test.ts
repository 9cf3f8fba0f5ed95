/**
 * The mini-app registry (docs/superapp-registry.md): an enterprise's agent registers an app and
 * submits versions; the app reviewer approves, rejects, suspends, reinstates and takes down, each
 * decision audited and the agent told; a version adding scopes is reviewed while the live one
 * keeps serving; approved apps are listed for the app centre and search. Who may do what.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateEnterprises, generateResidents } from '../../src/demo/population.ts';
import { DEMO_SEED } from '../../src/demo/seed.ts';
import {
  client,
  createTestApp,
  errorCode,
  ok,
  query,
  register,
  signInCitizen,
  signInStaff,
  type Client,
  type TestContext,
} from '../helpers.ts';
import { testManifest } from '../superapp-fixtures.ts';

let ctx: TestContext;
let agent: Client;
let otherAgent: Client;
let citizen: Client;
let reviewer: Client;
let agentId: string;

beforeAll(async () => {
  ctx = await createTestApp({ residents: 60 });
  agent = await signInCitizen(ctx, undefined, undefined, '10.151.0.1');
  const enterprise = ok(await agent.GET('/api/me/enterprises')).items[0]!;
  ok(await agent.POST('/api/me/acting-as', { body: { enterpriseId: enterprise.enterpriseId } }));
  agentId = ok(await agent.GET('/api/me')).id;
  citizen = await signInCitizen(ctx, undefined, undefined, '10.151.0.2');
  reviewer = await signInStaff(ctx, 'appreviewer01', '10.151.0.3');
  // The legal representative of another enterprise registers, is linked, and acts for it.
  const residents = [...generateResidents(DEMO_SEED, 60)];
  const rep = [...generateEnterprises(DEMO_SEED, 5, 60)]
    .map((e) => ({ uscc: e.uscc, person: residents[e.legalRepResidentIndex]! }))
    .find((e) => e.uscc !== enterprise.uscc)!;
  const { name, idNumber, phone } = rep.person;
  const { client: other, res } = await register(ctx, { name, idNumber, phone }, { ip: '10.151.0.4' });
  expect(res.response.status, JSON.stringify(res.error)).toBe(201);
  for (let i = 0; i < 3; i++) await ctx.platform.outbox.flush();
  ctx.clock.advance(5_000);
  const theirs = ok(await other.GET('/api/me/enterprises')).items.find((e) => e.uscc === rep.uscc)!;
  ok(await other.POST('/api/me/acting-as', { body: { enterpriseId: theirs.enterpriseId } }));
  otherAgent = other;
}, 120_000);
afterAll(async () => {
  await ctx.teardown();
});

const registerApp = (c: Client, slug: string, scopes?: Parameters<typeof testManifest>[2]) =>
  c.POST('/api/superapp/registry/apps', { body: { manifest: testManifest(slug, undefined, scopes) } });
const byVersion = (id: string, version: number) => ({ params: { path: { id, version } } });
const audits = (id: string) =>
  query<{ action: string; actor_id: string | null }>(
    ctx,
    sql`select action, actor_id from platform.audit_log where resource_type = 'superapp.app' and resource_id = ${id} order by at, id`,
  );
const messages = (topic: string) =>
  query<{ n: number }>(
    ctx,
    sql`select count(*)::int as n from notify.messages where account_id = ${agentId} and topic = ${topic}`,
  );

describe('registration', () => {
  it('an agent acting for an enterprise registers an app: in review, version 1, a pre-review job', async () => {
    const app = ok(await registerApp(agent, 'reg-water'));
    expect(app.status).toBe('in_review');
    expect(app.liveVersion).toBeNull();
    expect(app.versions.map((v) => [v.version, v.status])).toEqual([[1, 'in_review']]);
    expect(app.ownerUscc).toMatch(/^[0-9A-Z]{18}$/);
    const again = ok(await registerApp(agent, 'reg-water'));
    expect(again.id).toBe(app.id);
    const jobs = await query<{ n: number }>(
      ctx,
      sql`select count(*)::int as n from platform.jobs where key = ${`superapp-prereview:${app.id}:1`}`,
    );
    expect(jobs[0]!.n).toBe(1);
    expect((await audits(app.id)).map((a) => a.action)).toEqual(['superapp.app.registered']);
    expect(ok(await agent.GET('/api/superapp/registry/apps')).items.map((a) => a.slug)).toContain('reg-water');
  });

  it('refuses bad manifests with stable codes', async () => {
    const bad = await agent.raw('POST', '/api/superapp/registry/apps', {
      manifest: { ...testManifest('reg-bad'), scopes: [{ scope: 'everything', purpose: { zh: '全', en: 'all' } }] },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('VALIDATION_FAILED');
    const elsewhere = await agent.POST('/api/superapp/registry/apps', {
      body: { manifest: { ...testManifest('reg-bad'), redirectUris: ['https://evil.example.com/cb'] } },
    });
    expect(errorCode(elsewhere)).toBe('APP_MANIFEST_INVALID');
    expect((elsewhere.error as { error: { details: { path: string; code: string }[] } }).error.details).toEqual([
      expect.objectContaining({ path: '/redirectUris/0', code: 'origin' }),
    ]);
    const plainHttp = await agent.POST('/api/superapp/registry/apps', {
      body: { manifest: testManifest('reg-bad', 'http://water.example.cn') },
    });
    expect(errorCode(plainHttp)).toBe('APP_MANIFEST_INVALID');
    const scriptIcon = `data:image/svg+xml,${encodeURIComponent('<svg onload="alert(1)"></svg>')}`;
    const icon = await agent.POST('/api/superapp/registry/apps', {
      body: { manifest: { ...testManifest('reg-bad'), icon: scriptIcon } },
    });
    expect(errorCode(icon)).toBe('APP_MANIFEST_INVALID');
    const noOpenid = await registerApp(agent, 'reg-bad', ['profile']);
    expect(errorCode(noOpenid)).toBe('APP_MANIFEST_INVALID');
    expect(errorCode(await registerApp(otherAgent, 'reg-water'))).toBe('APP_SLUG_TAKEN');
  });

  it('only an agent acting for an enterprise registers; another enterprise’s agent cannot submit a version', async () => {
    expect(errorCode(await registerApp(citizen, 'reg-mine'))).toBe('FORBIDDEN');
    expect((await registerApp(client(ctx), 'reg-mine')).response.status).toBe(401);
    const app = ok(await registerApp(agent, 'reg-owned'));
    const theirs = await otherAgent.POST('/api/superapp/registry/apps/{id}/versions', {
      params: { path: { id: app.id } },
      body: { manifest: testManifest('reg-owned') },
    });
    expect(errorCode(theirs)).toBe('APP_NOT_FOUND');
    const read = await otherAgent.GET('/api/superapp/registry/apps/{id}', { params: { path: { id: app.id } } });
    expect(errorCode(read)).toBe('APP_NOT_FOUND');
    expect(ok(await otherAgent.GET('/api/superapp/registry/apps')).items.some((a) => a.id === app.id)).toBe(false);
  });
});

describe('review', () => {
  it('a citizen or an agent cannot review', async () => {
    const app = ok(await registerApp(agent, 'rev-nobody'));
    for (const c of [citizen, agent]) {
      expect(errorCode(await c.GET('/api/superapp/review/queue'))).toBe('FORBIDDEN');
      const approve = await c.POST('/api/superapp/review/apps/{id}/versions/{version}/approve', {
        ...byVersion(app.id, 1),
        body: {},
      });
      expect(errorCode(approve)).toBe('FORBIDDEN');
    }
    const clerk = await signInStaff(ctx, 'clerk01');
    expect(errorCode(await clerk.GET('/api/superapp/review/queue'))).toBe('FORBIDDEN');
  });

  it('approve: live in the app centre and search, the agent told, audited; reject with reasons', async () => {
    const app = ok(await registerApp(agent, 'rev-bus'));
    const queue = ok(await reviewer.GET('/api/superapp/review/queue')).items;
    expect(queue.find((q) => q.appId === app.id)).toMatchObject({ version: 1, addedScopes: ['openid', 'profile'] });
    const before = (await messages('superapp.app.reviewed'))[0]!.n;
    const approved = ok(
      await reviewer.POST('/api/superapp/review/apps/{id}/versions/{version}/approve', {
        ...byVersion(app.id, 1),
        body: { note: '符合规范' },
      }),
    );
    expect(approved).toMatchObject({ status: 'approved', liveVersion: 1 });
    const again = await reviewer.POST('/api/superapp/review/apps/{id}/versions/{version}/approve', {
      ...byVersion(app.id, 1),
      body: {},
    });
    expect(errorCode(again)).toBe('APP_NOT_IN_REVIEW');
    expect((await messages('superapp.app.reviewed'))[0]!.n).toBe(before + 1);
    const centre = ok(await client(ctx).GET('/api/superapp/apps', { params: { query: { category: 'utilities' } } }));
    expect(centre.items.map((a) => a.slug)).toContain('rev-bus');
    const found = ok(await client(ctx).GET('/api/superapp/apps', { params: { query: { q: 'bus' } } }));
    expect(found.items.map((a) => a.slug)).toContain('rev-bus'); // (and the demo's bus-card app, also a bus)
    expect(found.items.every((a) => JSON.stringify(a).toLowerCase().includes('bus'))).toBe(true);
    expect((await ctx.modules.superapp.context.directory.bySlug('rev-bus'))?.usable).toBe(true);

    const other = ok(await registerApp(agent, 'rev-rejected'));
    const rejected = ok(
      await reviewer.POST('/api/superapp/review/apps/{id}/versions/{version}/reject', {
        ...byVersion(other.id, 1),
        body: { reason: '隐私政策缺少数据保存期限' },
      }),
    );
    expect(rejected).toMatchObject({ status: 'rejected', statusReason: '隐私政策缺少数据保存期限' });
    expect(rejected.versions[0]).toMatchObject({ status: 'rejected', reason: '隐私政策缺少数据保存期限' });
    const audit = await audits(other.id);
    expect(audit.map((a) => a.action)).toEqual(['superapp.app.registered', 'superapp.app.rejected']);
    // The agent fixes it and submits again: in review once more.
    const fixed = ok(
      await agent.POST('/api/superapp/registry/apps/{id}/versions', {
        params: { path: { id: other.id } },
        body: { manifest: testManifest('rev-rejected') },
      }),
    );
    expect(fixed.status).toBe('in_review');
    expect(fixed.versions.map((v) => [v.version, v.status])).toEqual([
      [2, 'in_review'],
      [1, 'rejected'],
    ]);
  });

  it('a version adding scopes is reviewed again while the live version keeps serving', async () => {
    const app = ok(await registerApp(agent, 'rev-scopes'));
    ok(
      await reviewer.POST('/api/superapp/review/apps/{id}/versions/{version}/approve', {
        ...byVersion(app.id, 1),
        body: {},
      }),
    );
    const more = ok(
      await agent.POST('/api/superapp/registry/apps/{id}/versions', {
        params: { path: { id: app.id } },
        body: { manifest: testManifest('rev-scopes', undefined, ['openid', 'profile', 'phone']) },
      }),
    );
    expect(more).toMatchObject({ status: 'approved', liveVersion: 1 });
    expect(more.versions[0]).toMatchObject({ version: 2, status: 'in_review', addedScopes: ['phone'] });
    const pending = await agent.POST('/api/superapp/registry/apps/{id}/versions', {
      params: { path: { id: app.id } },
      body: { manifest: testManifest('rev-scopes', undefined, ['openid', 'address']) },
    });
    expect(errorCode(pending)).toBe('APP_VERSION_PENDING');
    const live = await ctx.modules.superapp.context.directory.bySlug('rev-scopes');
    expect(live).toMatchObject({ usable: true, liveVersion: 1, scopes: ['openid', 'profile'] });
    const queued = ok(await reviewer.GET('/api/superapp/review/queue')).items.find((q) => q.appId === app.id)!;
    expect(queued).toMatchObject({ version: 2, liveVersion: 1, addedScopes: ['phone'] });
    const done = ok(
      await reviewer.POST('/api/superapp/review/apps/{id}/versions/{version}/approve', {
        ...byVersion(app.id, 2),
        body: {},
      }),
    );
    expect(done.versions.map((v) => [v.version, v.status])).toEqual([
      [2, 'approved'],
      [1, 'superseded'],
    ]);
    expect((await ctx.modules.superapp.context.directory.bySlug('rev-scopes'))?.scopes).toEqual([
      'openid',
      'profile',
      'phone',
    ]);
  });

  it('suspend, reinstate and take down: audited, the app leaves the centre, no more versions', async () => {
    const app = ok(await registerApp(agent, 'rev-hospital'));
    ok(
      await reviewer.POST('/api/superapp/review/apps/{id}/versions/{version}/approve', {
        ...byVersion(app.id, 1),
        body: {},
      }),
    );
    const body = { reason: '多名市民投诉收集无关信息' };
    const id = { params: { path: { id: app.id } } };
    expect(errorCode(await agent.POST('/api/superapp/review/apps/{id}/suspend', { ...id, body }))).toBe('FORBIDDEN');
    ok(await reviewer.POST('/api/superapp/review/apps/{id}/suspend', { ...id, body }));
    expect((await ctx.modules.superapp.context.directory.byId(app.id))?.usable).toBe(false);
    const listed = async () =>
      ok(await client(ctx).GET('/api/superapp/apps', {})).items.some((a) => a.slug === 'rev-hospital');
    expect(await listed()).toBe(false);
    ok(await reviewer.POST('/api/superapp/review/apps/{id}/reinstate', { ...id, body: { reason: '已整改' } }));
    expect(await listed()).toBe(true);
    const down = ok(await reviewer.POST('/api/superapp/review/apps/{id}/take-down', { ...id, body }));
    expect(down).toMatchObject({ status: 'taken_down', statusReason: body.reason });
    expect(await listed()).toBe(false);
    const late = await agent.POST('/api/superapp/registry/apps/{id}/versions', {
      ...id,
      body: { manifest: testManifest('rev-hospital') },
    });
    expect(errorCode(late)).toBe('APP_STATE_CONFLICT');
    expect(errorCode(await reviewer.POST('/api/superapp/review/apps/{id}/reinstate', { ...id, body }))).toBe(
      'APP_STATE_CONFLICT',
    );
    const reviewerId = ok(await reviewer.GET('/api/me')).id;
    const trail = await audits(app.id);
    expect(trail.map((a) => a.action)).toEqual([
      'superapp.app.registered',
      'superapp.app.approved',
      'superapp.app.suspended',
      'superapp.app.reinstated',
      'superapp.app.taken-down',
    ]);
    expect(trail.slice(1).every((a) => a.actor_id === reviewerId)).toBe(true);
  });

  it('supervision suspends through the part api, as the system', async () => {
    const app = ok(await registerApp(agent, 'rev-auto'));
    ok(
      await reviewer.POST('/api/superapp/review/apps/{id}/versions/{version}/approve', {
        ...byVersion(app.id, 1),
        body: {},
      }),
    );
    const registry = ctx.modules.superapp.parts.registry.api!;
    await registry.suspend(app.id, '3 件投诉成立', { accountId: null, kind: 'system', requestId: null, ip: null });
    expect((await ctx.modules.superapp.context.directory.byId(app.id))?.status).toBe('suspended');
    expect((await audits(app.id)).at(-1)).toMatchObject({ action: 'superapp.app.suspended', actor_id: null });
  });
});
