/**
 * The automated pre-review (自动预审): loads a mini-app's entry URL in headless Chromium
 * (playwright-core driving the system's Chromium: `CHROMIUM_PATH`, else /usr/bin/chromium) and
 * checks what a reviewer should not have to check by hand (docs/superapp-registry.md):
 *
 * - transport: the entry URL is https, or http on localhost;
 * - csp: the page is served with a Content-Security-Policy (header or <meta http-equiv>);
 * - trackers: no request goes to a known tracker host, and no script loads from an origin other
 *   than the app's own and the platform's;
 * - elder / english: loaded with the bridge's hints (`?yw_elder=1&yw_lang=en`, see below) the
 *   root font size grows over a plain load, and `<html lang>` becomes English;
 * - scopes: any request to an OIDC authorization endpoint (`…/oidc/auth`) during load asks for
 *   no scope the manifest did not declare (those requests are answered locally, never sent).
 *
 * Without a browser every check but `transport` is "not-run" and review proceeds by hand.
 */
import { existsSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { Type, type Static } from 'typebox';
import { DateTime, Enum, Nullable, Obj } from '../../platform/http.ts';
import { isSecureOrLocal } from './superapp.registry.logic.ts';
import type { Manifest } from './superapp.manifest.ts';

export const CHECKS = ['transport', 'csp', 'trackers', 'elder', 'english', 'scopes'] as const;
export type CheckName = (typeof CHECKS)[number];
export type Outcome = 'pass' | 'fail' | 'not-run';

export const PreReviewReport = Obj(
  {
    ranAt: DateTime(),
    browser: Nullable(Type.String({ description: 'The browser and its version; null: not run (no browser)' })),
    outcome: Enum('SuperappPreReviewOutcome', ['pass', 'fail', 'not-run']),
    note: Nullable(Type.String()),
    checks: Type.Array(
      Obj(
        {
          name: Enum('SuperappPreReviewCheck', [...CHECKS]),
          outcome: Enum('SuperappCheckOutcome', ['pass', 'fail', 'not-run']),
          details: Type.String(),
        },
        { title: 'SuperappPreReviewCheckResult' },
      ),
    ),
  },
  { title: 'SuperappPreReviewReport' },
);
export type PreReviewReportT = Static<typeof PreReviewReport>;

/** The query parameters the super app's host page passes to an app it opens (the bridge reads the same settings). */
export const BRIDGE_HINTS = { elder: 'yw_elder', lang: 'yw_lang' } as const;

/** Hosts of well-known trackers and analytics (any request to them fails the check). */
export const TRACKER_HOSTS = [
  'google-analytics.com',
  'googletagmanager.com',
  'doubleclick.net',
  'googlesyndication.com',
  'connect.facebook.net',
  'facebook.com',
  'hm.baidu.com',
  'cnzz.com',
  'umeng.com',
  'umengcloud.com',
  'growingio.com',
  'sensorsdata.cn',
  'hotjar.com',
  'segment.io',
  'mixpanel.com',
  'clarity.ms',
  'matomo.cloud',
  'tiktok.com',
  'zhugeio.com',
];
const isTracker = (host: string) => TRACKER_HOSTS.some((t) => host === t || host.endsWith(`.${t}`));

const LOAD_TIMEOUT_MS = 15_000;
const IDLE_TIMEOUT_MS = 3_000;

interface Load {
  ok: boolean;
  error: string | null;
  csp: string | null;
  fontPx: number | null;
  lang: string | null;
  requests: { url: string; type: string }[];
  oidcScopes: string[][];
}

export class PreReviewer {
  private readonly executable: string | null;
  private readonly platformOrigin: string | null;

  /** `chromiumPath`: the configured browser (null: /usr/bin/chromium when it exists). */
  constructor(opts: { chromiumPath: string | null; platformUrl: string | null }) {
    const path = opts.chromiumPath ?? '/usr/bin/chromium';
    this.executable = existsSync(path) ? path : null;
    this.platformOrigin = opts.platformUrl ? new URL(opts.platformUrl).origin : null;
  }

  get hasBrowser(): boolean {
    return this.executable !== null;
  }

  async run(manifest: Manifest, now: Date): Promise<PreReviewReportT> {
    const entry = new URL(manifest.entryUrl);
    const checks = new Map<CheckName, { outcome: Outcome; details: string }>();
    checks.set(
      'transport',
      isSecureOrLocal(entry)
        ? { outcome: 'pass', details: `${entry.protocol}//${entry.host}` }
        : { outcome: 'fail', details: `${entry.protocol} on ${entry.hostname}: only https, or http on localhost` },
    );
    let browser: string | null = null;
    let note: string | null = null;
    if (!this.executable) note = 'not run: no browser';
    else {
      const { chromium } = await import('playwright-core');
      const b = await chromium.launch({ executablePath: this.executable, headless: true });
      try {
        browser = `chromium ${b.version()}`;
        const plain = await this.load(b, entry);
        const hinted = new URL(entry);
        hinted.searchParams.set(BRIDGE_HINTS.elder, '1');
        hinted.searchParams.set(BRIDGE_HINTS.lang, 'en');
        const bridged = plain.ok ? await this.load(b, hinted) : plain;
        if (!plain.ok) note = `the entry URL did not load: ${plain.error}`;
        this.judge(manifest, entry, plain, bridged, checks);
      } finally {
        await b.close();
      }
    }
    for (const name of CHECKS)
      if (!checks.has(name)) checks.set(name, { outcome: 'not-run', details: note ?? 'not run' });
    const list = CHECKS.map((name) => ({ name, ...checks.get(name)! }));
    const outcome: Outcome = list.some((c) => c.outcome === 'fail')
      ? 'fail'
      : list.some((c) => c.outcome === 'not-run')
        ? 'not-run'
        : 'pass';
    return { ranAt: now.toISOString(), browser, outcome, note, checks: list };
  }

  private judge(
    manifest: Manifest,
    entry: URL,
    plain: Load,
    bridged: Load,
    checks: Map<CheckName, { outcome: Outcome; details: string }>,
  ) {
    if (!plain.ok) return;
    checks.set(
      'csp',
      plain.csp
        ? { outcome: 'pass', details: plain.csp.slice(0, 300) }
        : { outcome: 'fail', details: 'no Content-Security-Policy header or meta' },
    );
    const allowed = new Set([entry.origin, ...(this.platformOrigin ? [this.platformOrigin] : [])]);
    const offending = new Set<string>();
    for (const r of [...plain.requests, ...bridged.requests]) {
      let u: URL;
      try {
        u = new URL(r.url);
      } catch {
        continue;
      }
      if (u.protocol === 'data:' || u.protocol === 'blob:') continue;
      if (isTracker(u.hostname)) offending.add(`tracker ${u.hostname}`);
      else if (r.type === 'script' && !allowed.has(u.origin)) offending.add(`third-party script ${u.origin}`);
    }
    checks.set(
      'trackers',
      offending.size
        ? { outcome: 'fail', details: [...offending].join('; ') }
        : { outcome: 'pass', details: `${plain.requests.length} requests, none to a tracker or a third-party script` },
    );
    if (bridged.ok && plain.fontPx !== null && bridged.fontPx !== null)
      checks.set('elder', {
        outcome: bridged.fontPx > plain.fontPx ? 'pass' : 'fail',
        details: `root font size ${plain.fontPx}px plain, ${bridged.fontPx}px with ${BRIDGE_HINTS.elder}=1`,
      });
    if (!manifest.languages.includes('en'))
      checks.set('english', { outcome: 'not-run', details: 'the manifest declares no English' });
    else if (bridged.ok)
      checks.set('english', {
        outcome: bridged.lang?.toLowerCase().startsWith('en') ? 'pass' : 'fail',
        details: `<html lang="${plain.lang ?? ''}"> plain, lang="${bridged.lang ?? ''}" with ${BRIDGE_HINTS.lang}=en`,
      });
    const declared = new Set(manifest.scopes.map((s) => s.scope as string));
    const asked = [...plain.oidcScopes, ...bridged.oidcScopes].flat();
    const beyond = [...new Set(asked.filter((s) => !declared.has(s)))];
    checks.set(
      'scopes',
      beyond.length
        ? { outcome: 'fail', details: `asked for undeclared scopes: ${beyond.join(' ')}` }
        : {
            outcome: 'pass',
            details: asked.length
              ? `asked for ${[...new Set(asked)].join(' ')}, all declared`
              : 'no authorization request during load',
          },
    );
  }

  private async load(b: Browser, url: URL): Promise<Load> {
    const context = await b.newContext({ viewport: { width: 390, height: 844 }, serviceWorkers: 'block' });
    const out: Load = { ok: false, error: null, csp: null, fontPx: null, lang: null, requests: [], oidcScopes: [] };
    try {
      const page = await context.newPage();
      page.on('request', (r) => out.requests.push({ url: r.url(), type: r.resourceType() }));
      // Authorization requests are recorded and answered here: the pre-review signs nobody in.
      await context.route(
        (u) => /\/oidc\/auth(\/|$)/.test(u.pathname),
        async (route) => {
          const scope = new URL(route.request().url()).searchParams.get('scope') ?? '';
          out.oidcScopes.push(scope.split(/\s+/).filter(Boolean));
          await route.fulfill({ status: 204, body: '' });
        },
      );
      const res = await page.goto(url.href, { waitUntil: 'load', timeout: LOAD_TIMEOUT_MS });
      if (!res || !res.ok()) {
        out.error = res ? `HTTP ${res.status()}` : 'no response';
        return out;
      }
      out.csp = (await res.headerValue('content-security-policy')) ?? null;
      await page.waitForLoadState('networkidle', { timeout: IDLE_TIMEOUT_MS }).catch(() => undefined);
      // Read in the page (a string: the server's compiler knows no DOM).
      const seen = (await page.evaluate(`({
        font: parseFloat(getComputedStyle(document.documentElement).fontSize),
        lang: document.documentElement.lang,
        meta: document.querySelector('meta[http-equiv="Content-Security-Policy" i]')?.getAttribute('content') ?? null,
      })`)) as { font: number; lang: string; meta: string | null };
      out.csp ??= seen.meta;
      out.fontPx = Number.isFinite(seen.font) ? seen.font : null;
      out.lang = seen.lang || null;
      out.ok = true;
    } catch (err) {
      out.error = err instanceof Error ? err.message.split('\n')[0]! : String(err);
    } finally {
      await context.close();
    }
    return out;
  }
}
