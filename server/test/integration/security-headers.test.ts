/**
 * Security headers on pages, API answers (errors included) and the operations routes; the
 * cache rule for the API (no-store unless public); HSTS only with an https public address.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tileSource } from '../../src/platform/security-headers.ts';
import { client, createTestApp, ok, signInCitizen, signInStaff, type TestContext } from '../helpers.ts';

// A stand-in for web/dist (the real one is built only before the browser tests), with an inline
// script in the citizen page so that its hash must appear in script-src.
const INLINE = "window.__yiwangBoot = 'ok';";
const webDist = mkdtempSync(join(tmpdir(), 'yiwang-web-'));
mkdirSync(join(webDist, 'console'));
mkdirSync(join(webDist, 'assets'));
writeFileSync(
  join(webDist, 'index.html'),
  `<!doctype html><html><head><script>${INLINE}</script><script type="module" src="/assets/a.js"></script></head><body></body></html>`,
);
writeFileSync(join(webDist, 'console/index.html'), '<!doctype html><html><body>console</body></html>');
writeFileSync(join(webDist, 'assets/a.js'), 'export {};');

/** 天地图's vector tiles (a key of the city's own goes in tk). */
const TIANDITU =
  'https://t{s}.tianditu.gov.cn/vec_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=vec&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk=demo';

let ctx: TestContext;
let https: TestContext;
beforeAll(async () => {
  ctx = await createTestApp({ residents: 10, config: { webDist } });
  https = await createTestApp({
    seed: false,
    config: {
      webDist,
      publicUrl: 'https://yiwang.example.gov.cn',
      mapTiles: { url: TIANDITU, subdomains: '01234567' },
    },
  });
}, 120_000);
afterAll(async () => {
  await ctx?.teardown();
  await https?.teardown();
  rmSync(webDist, { recursive: true, force: true });
});

/** What these checks read of an answer: its status and headers, raw or typed. */
type Answer = Pick<LightMyRequestResponse, 'statusCode' | 'headers'>;
/** A typed call's answer (openapi-fetch), as its status and headers. */
const answer = (a: { response: Response }): Answer => ({
  statusCode: a.response.status,
  headers: Object.fromEntries(a.response.headers),
});

const csp = (res: Answer): Map<string, string[]> =>
  new Map(
    String(res.headers['content-security-policy'] ?? '')
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((d) => d[0])
      .map(([name, ...values]) => [name!, values]),
  );

/** Headers that only documents use: sent on pages, left off API answers. */
function expectDocument(res: Answer, what: string, superApp = false) {
  expect(res.headers['cross-origin-opener-policy'], what).toBe('same-origin');
  // the super app's host page scans QR codes for mini-apps (camera, its own origin only)
  expect(String(res.headers['permissions-policy']), what).toMatch(
    superApp ? /(^|, )camera=\(self\)/ : /(^|, )camera=\(\)/,
  );
  expect(String(res.headers['permissions-policy']), what).toMatch(/(^|, )geolocation=\(\)/);
}

/** `framedBySelf`: the citizen app's pages, which the super app frames itself (its consent sheet). */
function expectCommon(res: Answer, what: string, framedBySelf = false) {
  expect(res.headers['x-content-type-options'], what).toBe('nosniff');
  expect(res.headers['referrer-policy'], what).toBe('no-referrer');
  expect(res.headers['x-frame-options'], what).toBe(framedBySelf ? 'SAMEORIGIN' : 'DENY');
  expect(res.headers['cross-origin-resource-policy'], what).toBe('same-origin');
  expect(csp(res).get('frame-ancestors'), what).toEqual([framedBySelf ? "'self'" : "'none'"]);
  expect(res.headers['strict-transport-security'], what).toBeUndefined();
}

describe('pages', () => {
  it('send a strict CSP: scripts from the site and hashed inline scripts only, no framing', async () => {
    const hash = `'sha256-${createHash('sha256').update(INLINE).digest('base64')}'`;
    for (const url of ['/', '/console/', '/cases/some-client-route', '/console/inbox', '/assets/a.js']) {
      const res = await ctx.app.inject(url);
      expect(res.statusCode, url).toBe(200);
      expectCommon(res, url, !url.startsWith('/console'));
      expectDocument(res, url, !url.startsWith('/console'));
      const policy = csp(res);
      expect(policy.get('script-src'), url).toEqual(["'self'", hash]);
      expect(policy.get('script-src-attr'), url).toEqual(["'none'"]);
      expect(policy.get('object-src'), url).toEqual(["'none'"]);
      expect(policy.get('default-src'), url).toEqual(["'self'"]);
      expect(policy.get('connect-src'), url).toEqual(["'self'"]);
      expect(policy.get('base-uri'), url).toEqual(["'self'"]);
      expect(policy.has('upgrade-insecure-requests'), url).toBe(false);
      for (const [directive, values] of policy)
        if (directive.startsWith('script')) expect(values, url).not.toContain("'unsafe-inline'");
      // the console is cross-origin isolated; the super app (citizen pages) embeds mini-apps from other origins
      const citizen = !url.startsWith('/console');
      expect(res.headers['cross-origin-embedder-policy'], url).toBe(citizen ? undefined : 'require-corp');
      expect(policy.get('frame-src'), url).toEqual(
        citizen ? ["'self'", 'https:', 'http://localhost:*', 'http://127.0.0.1:*'] : ["'none'"],
      );
      expect(res.headers['cache-control'], url).not.toBe('no-store');
      // antd's run-time <style> elements need inline styles in the console; the citizen app needs none
      expect(policy.get('style-src'), url).toEqual(
        url.startsWith('/console') ? ["'self'", "'unsafe-inline'"] : ["'self'"],
      );
    }
  });

  it('the API docs are a page too', async () => {
    const res = await ctx.app.inject('/api/docs/');
    expectCommon(res, '/api/docs/');
    expectDocument(res, '/api/docs/');
    expect(csp(res).get('script-src')?.[0]).toBe("'self'");
  });
});

describe('API answers', () => {
  it('are no-store with a CSP that allows nothing, signed in or not, errors included', async () => {
    const citizen = await signInCitizen(ctx);
    const staff = await signInStaff(ctx, 'clerk01');
    const answers: [string, Answer][] = [
      ['GET /api/me (anonymous, 401)', await ctx.app.inject('/api/me')],
      ['GET /api/me', answer(await citizen.GET('/api/me'))],
      ['GET /api/me/data-access', answer(await citizen.GET('/api/me/data-access'))],
      ['GET /api/applications/inbox', answer(await staff.GET('/api/applications/inbox'))],
      ['GET /api/auth/csrf', await ctx.app.inject('/api/auth/csrf')],
      // raw: a body missing its fields, not something the contract lets a caller send
      ['POST /api/auth/login (400)', await citizen.raw('POST', '/api/auth/login', {})],
      ['GET /api/nope (404)', await ctx.app.inject('/api/nope')],
      ['GET /api/openapi.json', await ctx.app.inject('/api/openapi.json')],
    ];
    for (const [what, res] of answers) {
      expectCommon(res, what);
      expect(res.headers['cache-control'], what).toBe('no-store');
      expect(csp(res).get('default-src'), what).toEqual(["'none'"]);
      expect(res.headers['cross-origin-embedder-policy'], what).toBeUndefined();
      expect(res.headers['permissions-policy'], what).toBeUndefined();
    }
    expect(answers[1]![1].statusCode).toBe(200);
    expect(answers[3]![1].statusCode).toBe(200);
  });

  it('the public catalogue (search, guides, bundles) may be cached for a minute; editing it is no-store', async () => {
    const search = await ctx.app.inject('/api/catalog/items?q=%E6%88%B7%E5%8F%A3');
    expect(search.statusCode).toBe(200);
    const code = (search.json().items as { code: string }[])[0]!.code;
    const bundles = await ctx.app.inject('/api/catalog/bundles');
    const bundle = (bundles.json().items as { code: string }[])[0]!.code;
    for (const url of [
      '/api/catalog/items',
      `/api/catalog/items/${code}`,
      '/api/catalog/bundles',
      `/api/catalog/bundles/${bundle}`,
    ]) {
      const res = await ctx.app.inject(url);
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['cache-control'], url).toBe('public, max-age=60');
      expectCommon(res, url);
    }
    // a guide that does not exist, and a change: not public
    const admin = await signInStaff(ctx, 'deptadmin01');
    // raw: an empty item, a body the contract does not allow: refused
    const edit = await admin.raw('PUT', `/api/catalog/items/${code}`, {});
    expect(edit.statusCode).toBeGreaterThanOrEqual(400);
    expect(edit.headers['cache-control']).toBe('no-store');
  });

  it('health, readiness and metrics are no-store with the same headers', async () => {
    for (const url of ['/healthz', '/readyz', '/metrics', '/healthz?probe=1']) {
      const res = await ctx.app.inject(url);
      expect(res.statusCode, url).toBe(200);
      expectCommon(res, url);
      expect(res.headers['cache-control'], url).toBe('no-store');
    }
  });
});

describe('HSTS', () => {
  it('is sent, with upgrade-insecure-requests, only when the public address is https', async () => {
    for (const url of ['/', '/api/me', '/healthz']) {
      const res = await https.app.inject(url);
      expect(res.headers['strict-transport-security'], url).toBe('max-age=31536000');
    }
    expect(csp(await https.app.inject('/')).has('upgrade-insecure-requests')).toBe(true);
    expect((await ctx.app.inject('/')).headers['strict-transport-security']).toBeUndefined();
  });
});

describe('map tiles', () => {
  it('are off by default: images from the site only, and the public settings say no tiles', async () => {
    expect(csp(await ctx.app.inject('/console/')).get('img-src')).toEqual(["'self'", 'data:', 'blob:']);
    expect(ok(await client(ctx).GET('/api/config')).mapTiles).toBeNull();
  });

  it('when set (天地图), the tile host is an image source and the public settings give the template', async () => {
    expect(csp(await https.app.inject('/console/')).get('img-src')).toEqual([
      "'self'",
      'data:',
      'blob:',
      'https://*.tianditu.gov.cn',
    ]);
    expect(ok(await client(https).GET('/api/config')).mapTiles).toEqual({
      url: TIANDITU,
      subdomains: '01234567',
      attribution: null,
    });
    expect(tileSource('https://tiles.example.org/{z}/{x}/{y}.png')).toBe('https://tiles.example.org');
    expect(tileSource('https://{s}.tile.example.org/{z}/{x}/{y}.png')).toBe('https://*.tile.example.org');
    expect(tileSource('https://a.{s}.example.org/{z}/{x}/{y}.png')).toBeNull();
  });
});
