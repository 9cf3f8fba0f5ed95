/**
 * Security headers for every answer: pages (the citizen app at /, the staff console at
 * /console/, the API docs), API answers and the operations routes.
 *
 * The headers are made by `helmet` (the library behind @fastify/helmet) ONCE, at start, for
 * each kind of answer, and set by one synchronous onRequest hook. @fastify/helmet itself adds
 * two async hooks and rebuilds helmet's middleware on every request; on the hot path
 * (`/api/me`, docs/benchmarks.md) that costs a promise per request and a parse of the whole
 * configuration, for headers that never change between requests.
 *
 * Decisions (docs/security.md has the reasons at more length):
 * - script-src 'self' plus the SHA-256 of every inline <script> found in the built HTML
 *   (one today: the citizen page's few lines that set elder mode and the language before its
 *   static home shell paints, web/index.html). No 'unsafe-inline',
 *   no 'unsafe-eval'.
 * - style-src: the citizen app (antd-mobile: plain CSS files; React sets inline styles through
 *   the CSSOM, which CSP does not govern) gets style-src 'self'. The staff console and the API
 *   docs get style-src 'self' 'unsafe-inline': antd's CSS-in-JS inserts <style> elements at run
 *   time whose content varies, so no hash can list them; a nonce would need antd's
 *   ConfigProvider `csp.nonce` in web/src and a per-request HTML rewrite (a follow-up). Inline
 *   styles cannot run script; what they could do (CSS-based exfiltration through attribute
 *   selectors) is bounded by connect-src, img-src and font-src 'self'.
 * - frame-ancestors 'none' (and X-Frame-Options: DENY) everywhere but where the super app
 *   embeds its own pages: the citizen app's pages (its consent sheet) and the payment sheet's
 *   hosted page (`embeddableRoutes`) get frame-ancestors 'self' (X-Frame-Options: SAMEORIGIN).
 * - Cross-origin isolation: COOP same-origin, CORP same-origin, COEP require-corp on the
 *   console's pages. The citizen app's pages (the super app) have no COEP: they embed mini-apps
 *   from other origins (docs/superapp-bridge.md), which COEP would refuse unless every mini-app
 *   sent COEP and CORP cross-origin itself. Their frame-src allows https origins (and, unless the
 *   platform is on https, http on localhost and the mini-apps' host): a document's CSP is fixed
 *   when the single-page app loads, while apps are approved at run time; what is framed is only
 *   ever an approved app's registered entry URL, in a sandboxed iframe. Camera: (self), for the
 *   host's QR scanning.
 * - API answers: a CSP of default-src 'none' (an API answer is never a document), nosniff,
 *   CORP, no-referrer, X-Frame-Options and Cache-Control: no-store unless the route is in
 *   `publicCacheRoutes`; not the document-only headers (Permissions-Policy, COOP, …).
 * - HSTS only when the public URL is https (never on plain http, where it would be ignored
 *   or, behind a misconfigured proxy, lock users out).
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import type { FastifyReply, FastifyRequest, onRequestHookHandler } from 'fastify';
import helmet from 'helmet';

export interface SecurityHeaderOptions {
  /** The public address; HSTS and upgrade-insecure-requests only when it is https. */
  publicUrl?: string | undefined;
  /** Where the built web apps are; their HTML is read once for inline script hashes. */
  webDist?: string | undefined;
  /** A map tile URL template (config mapTiles): its host is allowed as an image source. */
  mapTileUrl?: string | undefined;
  /** The demo mini-apps' host (config superapp.miniappsHost): its http origins may be framed unless on https. */
  miniappsHost?: string | undefined;
}

/**
 * The CSP source of a tile URL template's host: `https://t{s}.tianditu.gov.cn/...` →
 * `https://*.tianditu.gov.cn` (a placeholder in the host becomes the one wildcard CSP allows, the leftmost label).
 */
export function tileSource(url: string): string | null {
  const m = /^(https?):\/\/([^/]+)\//.exec(url);
  if (!m) return null;
  const [, scheme, host] = m as unknown as [string, string, string];
  if (!host.includes('{')) return `${scheme}://${host}`;
  const dot = host.indexOf('.');
  const rest = host.slice(dot + 1);
  if (dot < 0 || host.slice(0, dot).includes('.') || rest.includes('{')) return null;
  return `${scheme}://*.${rest}`;
}

/**
 * GET routes (Fastify route patterns) whose answers are the same for everyone and may be kept
 * by browsers and shared caches for a minute: the catalogue's search and guides (reading is
 * public, and the answer does not depend on who asks). Every other /api answer is no-store.
 */
export const publicCacheRoutes: ReadonlySet<string> = new Set([
  '/api/catalog/items',
  '/api/catalog/items/:code',
  '/api/catalog/bundles',
  '/api/catalog/bundles/:code',
]);
const PUBLIC_CACHE = 'public, max-age=60';

/** Operations routes answer like the API: not documents, never cached. */
const OPERATIONS: ReadonlySet<string> = new Set(['/healthz', '/readyz', '/metrics']);

/** Pages under /api the super app embeds (its payment sheet): they get `frame-ancestors 'self'`. */
export const embeddableRoutes: readonly string[] = ['/api/payments/sandbox/pay/'];

const PERMISSIONS_POLICY = [
  // Nothing asks for these today. The city-operations report (geolocation) and the
  // certificate QR scanner (camera) will switch theirs to (self) when they arrive.
  'accelerometer=()',
  'autoplay=()',
  'camera=()',
  'display-capture=()',
  'encrypted-media=()',
  'fullscreen=(self)',
  'geolocation=()',
  'gyroscope=()',
  'magnetometer=()',
  'microphone=()',
  'midi=()',
  'payment=()',
  'picture-in-picture=()',
  'publickey-credentials-get=()',
  'screen-wake-lock=()',
  'serial=()',
  'usb=()',
  'xr-spatial-tracking=()',
].join(', ');

type Headers = Record<string, string>;

/** Run helmet's middleware once against a recording response and keep the headers it sets. */
function helmetHeaders(options: Parameters<typeof helmet>[0]): Headers {
  const out: Headers = {};
  const res = {
    setHeader(name: string, value: string | number | readonly string[]) {
      out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
      return res;
    },
    removeHeader(name: string) {
      delete out[name.toLowerCase()];
    },
  };
  helmet(options)({} as IncomingMessage, res as unknown as ServerResponse, (err?: unknown) => {
    if (err) throw err;
  });
  return out;
}

/** SHA-256 CSP sources for the inline <script> elements of the built pages. */
export function inlineScriptHashes(htmlFiles: readonly string[]): string[] {
  const hashes = new Set<string>();
  for (const file of htmlFiles) {
    if (!fs.existsSync(file)) continue;
    const html = fs.readFileSync(file, 'utf8');
    for (const m of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
      if (/\bsrc\s*=/.test(m[1]!) || m[2]!.length === 0) continue;
      hashes.add(`'sha256-${createHash('sha256').update(m[2]!, 'utf8').digest('base64')}'`);
    }
  }
  return [...hashes].sort();
}

export interface SecurityHeaders {
  /** The citizen app. */
  page: Headers;
  /** The staff console and the API docs (antd's run-time styles). */
  pageWithInlineStyles: Headers;
  api: Headers;
  /** The onRequest hook: synchronous, no allocation beyond Fastify's own header writes. */
  hook: onRequestHookHandler;
}

export function securityHeaders(opts: SecurityHeaderOptions): SecurityHeaders {
  const https = opts.publicUrl?.startsWith('https://') ?? false;
  const scriptHashes = opts.webDist
    ? inlineScriptHashes([path.join(opts.webDist, 'index.html'), path.join(opts.webDist, 'console/index.html')])
    : [];
  const tiles = opts.mapTileUrl ? tileSource(opts.mapTileUrl) : null;
  const common = {
    referrerPolicy: { policy: 'no-referrer' as const },
    strictTransportSecurity: https ? { maxAge: 31_536_000, includeSubDomains: false } : (false as const),
    xFrameOptions: { action: 'deny' as const },
    crossOriginOpenerPolicy: { policy: 'same-origin' as const },
    crossOriginResourcePolicy: { policy: 'same-origin' as const },
  };
  // The super app (the citizen app) frames mini-apps and its own consent and payment sheets.
  const superApp = {
    frameSrc: [
      "'self'",
      'https:',
      ...(https
        ? []
        : [
            'http://localhost:*',
            'http://127.0.0.1:*',
            ...(opts.miniappsHost ? [`http://${opts.miniappsHost}:*`] : []),
          ]),
    ],
  };
  const pagePolicy = (styleSrc: string[], embeds?: typeof superApp): Headers => {
    const headers = helmetHeaders({
      ...common,
      xFrameOptions: { action: embeds ? 'sameorigin' : 'deny' },
      crossOriginEmbedderPolicy: embeds ? false : { policy: 'require-corp' },
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          'default-src': ["'self'"],
          'script-src': ["'self'", ...scriptHashes],
          'script-src-attr': ["'none'"],
          'style-src': styleSrc,
          'img-src': ["'self'", 'data:', 'blob:', ...(tiles ? [tiles] : [])],
          'font-src': ["'self'", 'data:'],
          'connect-src': ["'self'"],
          'worker-src': ["'self'"],
          'manifest-src': ["'self'"],
          'media-src': ["'self'"],
          'object-src': ["'none'"],
          'frame-src': embeds ? [...new Set(embeds.frameSrc)] : ["'none'"],
          'base-uri': ["'self'"],
          'form-action': ["'self'"],
          'frame-ancestors': [embeds ? "'self'" : "'none'"],
          ...(https ? { 'upgrade-insecure-requests': [] } : {}),
        },
      },
    });
    headers['permissions-policy'] = embeds
      ? PERMISSIONS_POLICY.replace('camera=()', 'camera=(self)')
      : PERMISSIONS_POLICY;
    return headers;
  };
  const page = pagePolicy(["'self'"], superApp);
  const pageWithInlineStyles = pagePolicy(["'self'", "'unsafe-inline'"]);

  // An API answer is never a document: only the headers that matter for a response that is not
  // rendered (what a browser may do with it, framing, caching, referrer, HSTS). The document-only
  // ones (Permissions-Policy, COOP, Origin-Agent-Cluster, the legacy X-* ones) would add a
  // kilobyte to every answer for nothing (docs/benchmarks.md).
  const api = helmetHeaders({
    ...common,
    crossOriginEmbedderPolicy: false,
    crossOriginOpenerPolicy: false,
    originAgentCluster: false,
    xDnsPrefetchControl: false,
    xDownloadOptions: false,
    xPermittedCrossDomainPolicies: false,
    xXssProtection: false,
    contentSecurityPolicy: {
      useDefaults: false,
      directives: { 'default-src': ["'none'"], 'frame-ancestors': ["'none'"] },
    },
  });
  api['cache-control'] = 'no-store';
  const apiPublic: Headers = { ...api, 'cache-control': PUBLIC_CACHE };
  const apiEmbeddable: Headers = {
    ...api,
    'content-security-policy': "default-src 'none'; frame-ancestors 'self'",
    'x-frame-options': 'SAMEORIGIN',
  };

  const hook: onRequestHookHandler = (request: FastifyRequest, reply: FastifyReply, done) => {
    const url = request.url;
    if (url.startsWith('/api/')) {
      if (url.startsWith('/api/docs')) void reply.headers(pageWithInlineStyles);
      // (request.routeOptions is a getter that builds an object: only asked where it matters)
      else if (request.method === 'GET' && url.startsWith('/api/catalog/'))
        void reply.headers(publicCacheRoutes.has(request.routeOptions.url ?? '') ? apiPublic : api);
      else if (embeddableRoutes.some((r) => url.startsWith(r))) void reply.headers(apiEmbeddable);
      else void reply.headers(api);
    } else if (url.startsWith('/console')) void reply.headers(pageWithInlineStyles);
    else if (OPERATIONS.has(url.split('?', 1)[0]!)) void reply.headers(api);
    else void reply.headers(page);
    done();
  };
  return { page, pageWithInlineStyles, api, hook };
}
