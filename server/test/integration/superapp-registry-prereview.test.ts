/**
 * The registry's automated pre-review in headless Chromium (Debian's), against real pages this
 * test serves on localhost: a well-behaved app (CSP, follows the bridge's elder and English hints,
 * asks only declared scopes) passes; one without CSP, with a third-party script, ignoring the
 * hints and asking an undeclared scope fails each check; without a browser the report says so.
 * The report is kept on the version (a job on submission, and on demand) and shown in the review.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PreReviewer } from '../../src/modules/superapp/superapp.registry.prereview.ts';
import { createTestApp, errorCode, ok, signInCitizen, signInStaff, type Client, type TestContext } from '../helpers.ts';
import { testManifest } from '../superapp-fixtures.ts';

let ctx: TestContext;
let agent: Client;
let reviewer: Client;
let site: Server;
let thirdParty: Server;
let origin: string;
/** The page at /flip/ loses its CSP when this is set: an app that changed after its approval. */
let flipped = false;

const GOOD_JS = `
const q = new URLSearchParams(location.search);
if (q.get('yw_elder') === '1') document.documentElement.style.fontSize = '22px';
if (q.get('yw_lang') === 'en') document.documentElement.lang = 'en';
fetch('/oidc/auth?client_id=app-pre-good&response_type=code&scope=openid%20profile');
`;
const page = (head: string) =>
  `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">${head}</head><body><h1>缴费</h1></body></html>`;

function listen(server: Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
}

beforeAll(async () => {
  thirdParty = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/javascript' });
    res.end('window.tracked = true;');
  });
  const tpPort = await listen(thirdParty);
  site = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const html = (body: string, headers: Record<string, string> = {}) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', ...headers });
      res.end(body);
    };
    if (url.pathname === '/good/')
      html(page('<script src="/good.js"></script>'), { 'content-security-policy': "default-src 'self'" });
    else if (url.pathname === '/flip/')
      html(
        page('<script src="/good.js"></script>'),
        flipped ? {} : { 'content-security-policy': "default-src 'self'" },
      );
    else if (url.pathname === '/good.js') {
      res.writeHead(200, { 'content-type': 'text/javascript' });
      res.end(GOOD_JS);
    } else if (url.pathname === '/bad/')
      html(
        page(
          `<script src="http://127.0.0.1:${tpPort}/t.js"></script><script>fetch('/oidc/auth?scope=openid%20id_number')</script>`,
        ),
      );
    else if (url.pathname === '/oidc/auth') {
      res.writeHead(500);
      res.end('the pre-review should have answered this itself');
    } else {
      res.writeHead(404);
      res.end();
    }
  });
  origin = `http://localhost:${await listen(site)}`;
  ctx = await createTestApp({ residents: 60 });
  agent = await signInCitizen(ctx, undefined, undefined, '10.152.0.1');
  const enterprise = ok(await agent.GET('/api/me/enterprises')).items[0]!;
  ok(await agent.POST('/api/me/acting-as', { body: { enterpriseId: enterprise.enterpriseId } }));
  reviewer = await signInStaff(ctx, 'appreviewer01', '10.152.0.2');
}, 120_000);
afterAll(async () => {
  await ctx.teardown();
  site.close();
  thirdParty.close();
});

const manifestAt = (slug: string, path: string) => ({
  ...testManifest(slug, origin),
  entryUrl: `${origin}${path}`,
});
const checks = (report: { checks: { name: string; outcome: string }[] }) =>
  Object.fromEntries(report.checks.map((c) => [c.name, c.outcome]));

describe('pre-review', () => {
  it('runs as a job on submission: a well-behaved app passes every check, kept on the version', async () => {
    const app = ok(
      await agent.POST('/api/superapp/registry/apps', { body: { manifest: manifestAt('pre-good', '/good/') } }),
    );
    expect(app.versions[0]!.preReview).toBeNull();
    await ctx.platform.jobs.flush();
    const seen = ok(await reviewer.GET('/api/superapp/registry/apps/{id}', { params: { path: { id: app.id } } }));
    const report = seen.versions[0]!.preReview!;
    expect(report.browser).toMatch(/^chromium /);
    expect(checks(report)).toEqual({
      transport: 'pass',
      csp: 'pass',
      trackers: 'pass',
      elder: 'pass',
      english: 'pass',
      scopes: 'pass',
    });
    expect(report.outcome).toBe('pass');
    const details = Object.fromEntries(report.checks.map((c) => [c.name, c.details]));
    expect(details.elder).toBe('root font size 16px plain, 22px with yw_elder=1');
    expect(details.scopes).toBe('asked for openid profile, all declared');
    const queued = ok(await reviewer.GET('/api/superapp/review/queue')).items.find((q) => q.appId === app.id);
    expect(queued?.preReviewOutcome).toBe('pass');
  }, 60_000);

  it('on demand: no CSP, a third-party script, hints ignored, an undeclared scope each fail', async () => {
    const app = ok(
      await agent.POST('/api/superapp/registry/apps', { body: { manifest: manifestAt('pre-bad', '/bad/') } }),
    );
    const path = { params: { path: { id: app.id, version: 1 } } };
    expect(errorCode(await agent.POST('/api/superapp/review/apps/{id}/versions/{version}/pre-review', path))).toBe(
      'FORBIDDEN',
    );
    const report = ok(await reviewer.POST('/api/superapp/review/apps/{id}/versions/{version}/pre-review', path));
    expect(checks(report)).toEqual({
      transport: 'pass',
      csp: 'fail',
      trackers: 'fail',
      elder: 'fail',
      english: 'fail',
      scopes: 'fail',
    });
    expect(report.outcome).toBe('fail');
    const details = Object.fromEntries(report.checks.map((c) => [c.name, c.details]));
    expect(details.trackers).toMatch(/^third-party script http:\/\/127\.0\.0\.1:\d+$/);
    expect(details.scopes).toBe('asked for undeclared scopes: id_number');
    const kept = ok(await reviewer.GET('/api/superapp/registry/apps/{id}', { params: { path: { id: app.id } } }));
    expect(kept.versions[0]!.preReview?.outcome).toBe('fail');
  }, 60_000);

  it('recheck (supervision) runs on the live version', async () => {
    const app = ok(
      await agent.POST('/api/superapp/registry/apps', { body: { manifest: manifestAt('pre-live', '/good/') } }),
    );
    ok(
      await reviewer.POST('/api/superapp/review/apps/{id}/versions/{version}/approve', {
        params: { path: { id: app.id, version: 1 } },
        body: {},
      }),
    );
    const report = await ctx.modules.superapp.parts.registry.api!.recheck(app.id);
    expect(report.outcome).toBe('pass');
  }, 60_000);

  it('the daily re-check: an app that lost its CSP after approval is suspended (supervision), and not re-checked again', async () => {
    const app = ok(
      await agent.POST('/api/superapp/registry/apps', { body: { manifest: manifestAt('pre-flip', '/flip/') } }),
    );
    ok(
      await reviewer.POST('/api/superapp/review/apps/{id}/versions/{version}/approve', {
        params: { path: { id: app.id, version: 1 } },
        body: {},
      }),
    );
    const directory = ctx.modules.superapp.context.directory;
    expect((await directory.byId(app.id))!.status).toBe('approved');
    flipped = true;
    ctx.clock.set(new Date(ctx.clock.now().getTime() + 25 * 60 * 60 * 1000));
    await ctx.platform.jobs.runDue();
    const suspended = (await directory.byId(app.id))!;
    expect(suspended.status).toBe('suspended');
    expect(suspended.usable).toBe(false);
    // Its re-check job is done, not scheduled again (reinstating the app schedules it anew).
    const job = await sql<{ run_at: Date; done_at: Date | null }>`
      select run_at, done_at from platform.jobs where key = ${`superapp-recheck:${app.id}`}`.execute(ctx.platform.db);
    expect(job.rows).toHaveLength(1);
    expect(job.rows[0]!.done_at).not.toBeNull();
  }, 90_000);

  it('without a browser: "not run: no browser", and review proceeds by hand', async () => {
    const none = new PreReviewer({ chromiumPath: '/nonexistent/chromium', platformUrl: null });
    const report = await none.run(manifestAt('pre-none', '/good/'), new Date());
    expect(report.browser).toBeNull();
    expect(report.note).toBe('not run: no browser');
    expect(report.outcome).toBe('not-run');
    expect(checks(report)).toMatchObject({ transport: 'pass', csp: 'not-run', scopes: 'not-run' });
  });
});
