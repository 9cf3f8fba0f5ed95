/**
 * Supervision of mini-apps: what each app obtained about whom (the citizen's view, the
 * reviewer's with persons masked, the owner's aggregate figures), withdrawing an app's consent,
 * complaints decided by the app reviewer, and automatic suspension after the configured number
 * of upheld complaints or a failed re-check (audited as the system, the owner told).
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CITIZEN_ID } from '../../src/demo/households.ts';
import { uuidv7 } from '../../src/platform/ids.ts';
import { PII } from '../../src/platform/pii.ts';
import { libraryManifest } from '../../src/modules/superapp/superapp.supervision.seed.ts';
import type { Manifest } from '../../src/modules/superapp/index.ts';
import type { NewAppComplaint } from '../../../contract/openapi.ts';
import {
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

let ctx: TestContext;
let citizen: Client;
let citizenId: string;
let other: Client;
let reviewer: Client;
let library: { id: string; slug: string };
let bus: { id: string; slug: string };
let ownEnterpriseId: string;

const supervision = () => ctx.modules.superapp.parts.supervision.api;
const busManifest = (): Manifest =>
  ({
    ...libraryManifest(),
    slug: 'sv-bus',
    name: { zh: '公交卡', en: 'Bus card' },
    entryUrl: 'http://localhost:7301/',
    redirectUris: ['http://localhost:7301/callback'],
    scopes: [
      { scope: 'openid', purpose: { zh: '识别持卡人', en: 'To know the card holder' } },
      { scope: 'phone', purpose: { zh: '充值通知', en: 'Top-up notices' } },
    ],
  }) as Manifest;

const complain = (
  c: Client,
  slug: string,
  key: string,
  body: NewAppComplaint = { category: 'privacy', text: '未经同意收集手机号' },
) =>
  c.POST('/api/superapp/apps/{slug}/complaints', {
    params: { path: { slug }, header: { 'idempotency-key': key } },
    body,
  });
const decide = (c: Client, id: string, outcome: 'upheld' | 'dismissed', reason = '经核实属实') =>
  c.POST('/api/superapp/supervision/complaints/{id}/decision', { params: { path: { id } }, body: { outcome, reason } });

beforeAll(async () => {
  ctx = await createTestApp();
  citizen = await signInCitizen(ctx, undefined, undefined, '10.31.0.1');
  citizenId = ok(await citizen.GET('/api/me')).id;
  other = (await registerCitizen(ctx, { ip: '10.31.0.2' })).client;
  reviewer = await signInStaff(ctx, 'appreviewer01', '10.31.0.3');
  // An app of the demo citizen's own enterprise (the demo's stand-in library), with its demo releases and usage.
  const own = ok(await citizen.GET('/api/me/enterprises')).items[0]!;
  ownEnterpriseId = own.enterpriseId;
  const [owner] = await query<{ uscc: string; name: string }>(
    ctx,
    sql`select uscc, name from identity.enterprises where id = ${ownEnterpriseId}`,
  );
  const libraryApp = await ctx.modules.superapp.context.directory.putApproved(
    { manifest: libraryManifest(), ownerUscc: owner!.uscc, ownerName: owner!.name },
    ctx.clock.now(),
  );
  library = { id: libraryApp.id, slug: libraryApp.slug };
  await ctx.modules.superapp.parts.supervision.api!.seedDemo(DEMO_CITIZEN_ID);
  // The bus company is another enterprise: the demo citizen does not act for it.
  const [otherEnterprise] = await query<{ uscc: string; name: string }>(
    ctx,
    sql`select uscc, name from identity.enterprises where id <> ${ownEnterpriseId} order by uscc limit 1`,
  );
  const b = await ctx.modules.superapp.context.directory.putApproved(
    { manifest: busManifest(), ownerUscc: otherEnterprise!.uscc, ownerName: otherEnterprise!.name },
    ctx.clock.now(),
  );
  bus = { id: b.id, slug: b.slug };
});
afterAll(async () => {
  await ctx.teardown();
});

describe('what apps obtained', () => {
  it('the citizen sees each app that received data about them, its claims and when', async () => {
    await supervision().recordRelease({
      appId: bus.id,
      accountId: citizenId,
      claims: ['sub', 'phone_number'],
      consentId: null,
      via: 'userinfo',
    });
    const mine = ok(await citizen.GET('/api/superapp/me/apps')).items;
    const b = mine.find((x) => x.app.slug === 'sv-bus')!;
    expect(b.claims).toEqual(['phone_number', 'sub']);
    expect(b.releases).toBe(1);
    expect(b.app.name.zh).toBe('公交卡');
    expect(mine.find((x) => x.app.slug === 'city-library')!.claims).toContain('name');
    const one = ok(await citizen.GET('/api/superapp/me/apps/{id}', { params: { path: { id: bus.id } } }));
    expect(one.releases[0]!.via).toBe('userinfo');
  });

  it('the release is in the data tracker as the app, with its id to link to', async () => {
    const page = ok(await citizen.GET('/api/exchange/tracker', { params: { query: {} } }));
    const entry = page.items.find((e) => e.resourceType === 'superapp.app' && e.resourceId === bus.id)!;
    expect(entry.accessor.name).toBe('公交卡');
    expect(entry.fields).toEqual(['phone_number', 'sub']);
    expect(entry.purpose).toContain('充值通知');
  });

  it('another citizen sees none of it; a citizen cannot read the reviewer’s view', async () => {
    expect(ok(await other.GET('/api/superapp/me/apps')).items).toEqual([]);
    const one = ok(await other.GET('/api/superapp/me/apps/{id}', { params: { path: { id: bus.id } } }));
    expect(one.releases).toEqual([]);
    const res = await citizen.GET('/api/superapp/supervision/apps/{id}', { params: { path: { id: bus.id } } });
    expect(res.response.status).toBe(403);
    expect((await other.GET('/api/superapp/supervision/apps')).response.status).toBe(403);
  });

  it('the reviewer sees totals by claim and the newest releases with the person masked', async () => {
    const view = ok(await reviewer.GET('/api/superapp/supervision/apps/{id}', { params: { path: { id: bus.id } } }));
    expect(view.claimTotals).toEqual([
      { claim: 'phone_number', count: 1 },
      { claim: 'sub', count: 1 },
    ]);
    expect(view.people).toBe(1);
    expect(view.recentReleases[0]!.person).toBe('陈*明'); // the platform's masking
    const list = ok(await reviewer.GET('/api/superapp/supervision/apps')).items;
    expect(list.find((x) => x.app.id === library.id)!.usage.opens).toBeGreaterThan(0);
  });

  it("the owner's agent reads its own app's aggregate figures only, never another's", async () => {
    expect(
      (await citizen.GET('/api/superapp/supervision/apps/{id}/figures', { params: { path: { id: library.id } } }))
        .response.status,
    ).toBe(403); // not acting for the enterprise
    ok(await citizen.POST('/api/me/acting-as', { body: { enterpriseId: ownEnterpriseId } }));
    try {
      const figures = ok(
        await citizen.GET('/api/superapp/supervision/apps/{id}/figures', { params: { path: { id: library.id } } }),
      );
      expect(figures.people).toBe(1);
      expect(JSON.stringify(figures)).not.toContain('陈');
      ok(await citizen.GET('/api/superapp/supervision/apps/{id}/usage', { params: { path: { id: library.id } } }));
      for (const path of [
        '/api/superapp/supervision/apps/{id}/figures',
        '/api/superapp/supervision/apps/{id}/usage',
      ] as const)
        expect((await citizen.GET(path, { params: { path: { id: bus.id } } })).response.status).toBe(403);
      expect(
        (await citizen.GET('/api/superapp/supervision/apps/{id}', { params: { path: { id: library.id } } })).response
          .status,
      ).toBe(403); // persons are the reviewer's
    } finally {
      ok(await citizen.POST('/api/me/acting-as', { body: { enterpriseId: null } }));
    }
  });
});

describe("withdrawing an app's consent", () => {
  it('withdraws the exchange consent `app:<slug>`; a second time there is none', async () => {
    // The consent the OIDC part records when the person agrees (item `app:<slug>`).
    const index = ctx.platform.protector.blindIndexes(DEMO_CITIZEN_ID, PII.citizenId)[0]!;
    const consentId = uuidv7();
    await query(
      ctx,
      sql`insert into exchange.consents (id, subject_kind, subject_index, account_id, item_code, purpose, fields, version, given_at)
        values (${consentId}, 'person', ${index}, ${citizenId}, 'app:sv-bus', '登录', ${['population.name']}, 1, ${ctx.clock.now()})`,
    );
    const before = ok(await citizen.GET('/api/superapp/me/apps')).items.find((x) => x.app.id === bus.id)!;
    expect(before.consent).toMatchObject({ id: consentId, withdrawnAt: null });
    expect(
      (await other.POST('/api/superapp/me/apps/{id}/withdraw', { params: { path: { id: bus.id } } })).error?.error.code,
    ).toBe('SUPERAPP_NO_CONSENT');
    const done = ok(await citizen.POST('/api/superapp/me/apps/{id}/withdraw', { params: { path: { id: bus.id } } }));
    expect(done.consentIds).toEqual([consentId]);
    const after = ok(await citizen.GET('/api/superapp/me/apps')).items.find((x) => x.app.id === bus.id)!;
    expect(after.consent!.withdrawnAt).not.toBeNull();
    const again = await citizen.POST('/api/superapp/me/apps/{id}/withdraw', { params: { path: { id: bus.id } } });
    expect(errorCode(again)).toBe('SUPERAPP_NO_CONSENT');
  });
});

describe('complaints', () => {
  it('are idempotent: the same key answers the same complaint; with other content it is refused', async () => {
    const first = await complain(citizen, bus.slug, 'complaint-key-0001');
    expect(first.response.status).toBe(201);
    const again = await complain(citizen, bus.slug, 'complaint-key-0001');
    expect(again.response.status).toBe(201);
    expect(ok(again).id).toBe(ok(first).id);
    const changed = await complain(citizen, bus.slug, 'complaint-key-0001', {
      category: 'fraud',
      text: '另一件事情发生了',
    });
    expect(errorCode(changed)).toBe('IDEMPOTENCY_KEY_REUSED');
    const mine = ok(await citizen.GET('/api/superapp/me/complaints')).items;
    expect(mine.filter((x) => x.id === ok(first).id)).toHaveLength(1);
  });

  it('are validated at the edge with stable codes', async () => {
    const raw = await citizen.raw(
      'POST',
      `/api/superapp/apps/${bus.slug}/complaints`,
      { category: 'spam', text: '广告太多了吧' },
      {
        'idempotency-key': 'complaint-key-0002',
      },
    );
    expect(raw.statusCode).toBe(400);
    expect(errorCode(raw)).toBe('VALIDATION_FAILED');
    const short = await complain(citizen, bus.slug, 'complaint-key-0003', { category: 'other', text: '差' });
    expect(errorCode(short)).toBe('VALIDATION_FAILED');
    const noKey = await citizen.raw('POST', `/api/superapp/apps/${bus.slug}/complaints`, {
      category: 'other',
      text: '页面打不开了',
    });
    expect(errorCode(noKey)).toBe('VALIDATION_FAILED');
    expect(errorCode(await complain(citizen, 'no-such-app', 'complaint-key-0004'))).toBe('APP_NOT_FOUND');
  });

  it('a citizen cannot decide a complaint; the reviewer cannot decide one twice', async () => {
    const c = ok(
      await complain(other, bus.slug, 'complaint-key-0005', { category: 'broken', text: '支付后页面一直转圈' }),
    );
    expect((await decide(citizen, c.id, 'upheld')).response.status).toBe(403);
    expect((await decide(other, c.id, 'dismissed')).response.status).toBe(403);
    const d = ok(await decide(reviewer, c.id, 'dismissed', '无法复现'));
    expect(d.complaint.status).toBe('dismissed');
    expect(d.complaint.complainant).toMatch(/\*/);
    expect(errorCode(await decide(reviewer, c.id, 'upheld'))).toBe('SUPERAPP_COMPLAINT_DECIDED');
    expect(errorCode(await decide(reviewer, uuidv7(), 'upheld'))).toBe('SUPERAPP_COMPLAINT_NOT_FOUND');
    const seen = ok(await other.GET('/api/superapp/me/complaints')).items.find((x) => x.id === c.id)!;
    expect(seen).toMatchObject({ status: 'dismissed', reason: '无法复现' });
  });

  it('three upheld complaints suspend the app: audited as the system, complainants and the owner told', async () => {
    // The owner's agent who registered the app (the registry sets created_by).
    const owner = await registerCitizen(ctx, { ip: '10.31.0.4' });
    await query(ctx, sql`update superapp.apps set created_by = ${owner.id} where id = ${bus.id}`);
    const queue = ok(
      await reviewer.GET('/api/superapp/supervision/complaints', { params: { query: { status: 'open' } } }),
    );
    const open = queue.items.filter((x) => x.app.id === bus.id);
    expect(open).toHaveLength(1); // complaint-key-0001
    const more = [
      ok(await complain(other, bus.slug, 'complaint-key-0006', { category: 'privacy', text: '把手机号给了第三方' })),
      ok(await complain(citizen, bus.slug, 'complaint-key-0007', { category: 'fraud', text: '充值未到账还扣款' })),
    ];
    const ids = [open[0]!.id, ...more.map((x) => x.id)];
    expect(ok(await decide(reviewer, ids[0]!, 'upheld')).suspended).toBe(false);
    expect(ok(await decide(reviewer, ids[1]!, 'upheld')).suspended).toBe(false);
    const view = ok(await reviewer.GET('/api/superapp/supervision/apps/{id}', { params: { path: { id: bus.id } } }));
    expect(view).toMatchObject({ upheldTowardsSuspension: 2, suspendAfterUpheld: 3 });
    const third = ok(await decide(reviewer, ids[2]!, 'upheld'));
    expect(third.suspended).toBe(true);
    expect(third.complaint.app.status).toBe('suspended');
    expect((await ctx.modules.superapp.context.directory.byId(bus.id))!.usable).toBe(false);

    const audit = await query<{ actor_kind: string; actor_id: string | null }>(
      ctx,
      sql`select actor_kind, actor_id from platform.audit_log where action = 'superapp.app.suspended' and resource_id = ${bus.id}`,
    );
    expect(audit).toEqual([{ actor_kind: 'system', actor_id: null }]);
    const decided = await query<{ n: number }>(
      ctx,
      sql`select count(*)::int as n from platform.audit_log where action = 'superapp.complaint.decided' and resource_id in (${sql.join(ids)})`,
    );
    expect(decided[0]!.n).toBe(3);
    const told = ok(await owner.client.GET('/api/me/notifications', { params: { query: {} } }));
    expect(JSON.stringify(told)).toContain('已被暂停');
    const outcome = ok(await other.GET('/api/superapp/me/complaints')).items.find((x) => x.id === ids[1])!;
    expect(outcome.status).toBe('upheld');
    const message = ok(await other.GET('/api/me/notifications', { params: { query: {} } }));
    expect(JSON.stringify(message)).toContain('经核实成立');
    // The person sees why the app is suspended.
    const mine = ok(await citizen.GET('/api/superapp/me/apps/{id}', { params: { path: { id: bus.id } } }));
    expect(mine.app.statusReason).toContain('3');
  });

  it('a failed re-check suspends an approved app (audited as the system); a passed one changes nothing', async () => {
    const again = await ctx.modules.superapp.context.directory.putApproved(
      {
        manifest: { ...busManifest(), slug: 'sv-bus-2' } as Manifest,
        ownerUscc: '913303830000000001',
        ownerName: '龙港公交',
      },
      ctx.clock.now(),
    );
    expect(await supervision().suspendAfterFailedRecheck(again.id, { passed: true, problems: [] })).toEqual({
      suspended: false,
    });
    const r = await supervision().suspendAfterFailedRecheck(again.id, {
      passed: false,
      problems: ['第三方追踪脚本 tracker.example.com'],
    });
    expect(r).toEqual({ suspended: true });
    const app = (await ctx.modules.superapp.context.directory.byId(again.id))!;
    expect(app.status).toBe('suspended');
    expect(
      await query(
        ctx,
        sql`select actor_kind from platform.audit_log where action = 'superapp.app.suspended' and resource_id = ${again.id}`,
      ),
    ).toEqual([{ actor_kind: 'system' }]);
    // Already suspended: nothing more.
    expect(await supervision().suspendAfterFailedRecheck(again.id, { passed: false, problems: ['x'] })).toEqual({
      suspended: false,
    });
  });
});
