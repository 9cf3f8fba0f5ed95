/**
 * A demo mini-app's own small site (node:http): its static pages and its backend. The backend
 * redeems the login code at the platform's PUBLIC OpenID Connect endpoints (discovery, token with
 * the PKCE verifier, userinfo), keeps its own sessions (a bearer token the page holds, so no
 * third-party cookie is needed inside the super app's iframe), and checks payments by trade
 * number at the platform's public payment look-up. Nothing here imports the platform's code.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

export interface User {
  sub: string;
  name?: string;
  claims: Record<string, unknown>;
}

export interface Ctx {
  user: User;
  body: Record<string, unknown>;
  params: string[];
}

export type Handler = (ctx: Ctx) => Promise<unknown> | unknown;

export interface SiteOptions {
  slug: string;
  /** The folder of its pages (public/). */
  dir: string;
  /** Where the platform is (the browser's address of it, and the backend's). */
  platformUrl: string;
  /** Its API: `METHOD /path/:param` → handler, for signed-in users. */
  routes: Record<string, Handler>;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};
const LIB = import.meta.dirname;
const SHARED = new Set(['/lib/page.js', '/lib/style.css']);

export class HttpError extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

interface Discovery {
  token_endpoint: string;
  userinfo_endpoint: string;
}

export function createSite(o: SiteOptions) {
  const platform = new URL(o.platformUrl).origin;
  const sessions = new Map<string, User>();
  let discovery: Promise<Discovery> | null = null;
  const csp = [
    "default-src 'self'",
    `script-src 'self' ${platform}`,
    "style-src 'self'",
    "img-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    `frame-ancestors ${platform}`,
  ].join('; ');

  const discover = () =>
    (discovery ??= fetch(`${platform}/oidc/.well-known/openid-configuration`).then(async (r) => {
      if (!r.ok) {
        discovery = null;
        throw new HttpError(502, `discovery answered ${r.status}`);
      }
      return (await r.json()) as Discovery;
    }));

  /** The code (with its PKCE verifier) → tokens at the token endpoint → claims at userinfo → a session of ours. */
  async function signIn(body: Record<string, unknown>) {
    const { code, codeVerifier, redirectUri } = body as Record<string, string>;
    if (!code || !codeVerifier || !redirectUri) throw new HttpError(400, 'code, codeVerifier and redirectUri');
    const d = await discover();
    const tr = await fetch(d.token_endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code,
        code_verifier: codeVerifier,
        redirect_uri: redirectUri,
        client_id: `app-${o.slug}`,
      }),
    });
    const tokens = (await tr.json()) as { access_token?: string; error?: string };
    if (!tr.ok || !tokens.access_token) throw new HttpError(401, `token endpoint: ${tokens.error ?? tr.status}`);
    const ur = await fetch(d.userinfo_endpoint, { headers: { authorization: `Bearer ${tokens.access_token}` } });
    if (!ur.ok) throw new HttpError(401, `userinfo answered ${ur.status}`);
    const claims = (await ur.json()) as Record<string, unknown>;
    const user: User = { sub: String(claims.sub), name: claims.name as string | undefined, claims };
    const session = randomBytes(24).toString('base64url');
    sessions.set(session, user);
    return { session, user: { name: user.name ?? null, claims } };
  }

  /** A payment's outcome, as the platform's public look-up says (the app checks it against its own order). */
  async function payment(tradeNo: string) {
    const r = await fetch(`${platform}/api/superapp/payments/${encodeURIComponent(tradeNo)}`);
    if (!r.ok) throw new HttpError(422, `payment look-up answered ${r.status}`);
    return (await r.json()) as { app: string; orderId: string; amountFen: number; status: string };
  }

  const compiled = Object.entries(o.routes).map(([key, handler]) => {
    const [method, pattern] = key.split(' ') as [string, string];
    const re = new RegExp(`^${pattern.replace(/:[a-z]+/gi, '([^/]+)')}$`);
    return { method, re, handler };
  });

  function send(res: http.ServerResponse, status: number, body: unknown) {
    res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
    res.end(JSON.stringify(body));
  }

  async function readBody(req: http.IncomingMessage): Promise<Record<string, unknown>> {
    let raw = '';
    for await (const chunk of req) {
      raw += String(chunk);
      if (raw.length > 65_536) throw new HttpError(413, 'too large');
    }
    return raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
  }

  async function api(req: http.IncomingMessage, res: http.ServerResponse, pathname: string) {
    const body = req.method === 'POST' ? await readBody(req) : {};
    if (req.method === 'POST' && pathname === '/api/session') return send(res, 200, await signIn(body));
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const user = token ? sessions.get(token) : undefined;
    if (!user) return send(res, 401, { error: 'sign in first' });
    if (req.method === 'GET' && pathname === '/api/me')
      return send(res, 200, { name: user.name ?? null, claims: user.claims });
    for (const r of compiled) {
      const m = r.method === req.method ? r.re.exec(pathname) : null;
      if (m) return send(res, 200, await r.handler({ user, body, params: m.slice(1).map(decodeURIComponent) }));
    }
    return send(res, 404, { error: 'not found' });
  }

  function page(res: http.ServerResponse, pathname: string) {
    const shared = SHARED.has(pathname);
    const file = shared
      ? path.join(LIB, path.basename(pathname))
      : path.join(o.dir, pathname === '/' ? 'index.html' : pathname.slice(1));
    if (!shared && !file.startsWith(o.dir + path.sep)) return send(res, 404, { error: 'not found' });
    if (!fs.existsSync(file) || !fs.statSync(file).isFile()) return send(res, 404, { error: 'not found' });
    let content = fs.readFileSync(file);
    if (file.endsWith('.html')) content = Buffer.from(content.toString('utf8').replaceAll('%PLATFORM%', platform));
    res.writeHead(200, {
      'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream',
      'content-security-policy': csp,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cache-control': 'no-cache',
    });
    res.end(content);
  }

  const server = http.createServer((req, res) => {
    const { pathname } = new URL(req.url ?? '/', 'http://x');
    const run = pathname.startsWith('/api/') ? api(req, res, pathname) : Promise.resolve(page(res, pathname));
    run.catch((err: unknown) =>
      send(res, err instanceof HttpError ? err.status : 500, { error: err instanceof Error ? err.message : 'failed' }),
    );
  });

  return {
    server,
    payment,
    async listen(port: number, host: string): Promise<number> {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => resolve());
      });
      return (server.address() as AddressInfo).port;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
