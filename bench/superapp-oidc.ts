/**
 * The super app's OpenID Connect provider (issue 15): token grants (authorization_code with
 * PKCE, each a distinct code minted beforehand through the bridge's login-code API, outside the
 * timed run) and userinfo requests per second, against a bare Fastify route in the same run, with
 * the server's CPU time per request (what one dedicated core would serve). Target: at least 500
 * token grants per second per core (Keycloak: about 120 per vCPU).
 *
 * Run: npm run bench:superapp-oidc (PostgreSQL at BENCH_DATABASE_URL; a scratch database)
 *      npm run bench:superapp-oidc -- --quick
 */
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { DEMO_PASSWORD } from '../server/src/demo/accounts.ts';
import type { Manifest } from '../server/src/modules/superapp/index.ts';
import { createScratchDatabase } from '../server/test/scratch-database.ts';
import { seedCity, startCity } from './city.ts';
import {
  benchDatabaseUrl,
  cpuMs,
  hostFacts,
  HttpSession,
  loadAverage,
  SERVER_NODE_FLAGS,
  startServer,
  writeSection,
  type Server,
} from './lib.ts';

const quick = process.argv.includes('--quick');
// --profile: the server writes a CPU profile (.cpuprofile, in $TMPDIR/yiwang-profiles) when it stops.
const profile = process.argv.includes('--profile')
  ? ['--cpu-prof', `--cpu-prof-dir=${path.join(os.tmpdir(), 'yiwang-profiles')}`]
  : [];
const CODES = quick ? 1_500 : 4_000;
const DURATION = quick ? 4 : 8;
const PORT = 18_650;
const CB = 'http://127.0.0.1:5399/cb';

const scratch = await createScratchDatabase(benchDatabaseUrl(), 'yiwang_bench_oidc');
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'yiwang-bench-oidc-'));
const city = { url: scratch.url, dataKey: randomBytes(32).toString('base64'), dataDir };
const stops: (() => Promise<void>)[] = [];
const b64url = (b: Buffer) => b.toString('base64url');

try {
  const manifest = {
    slug: 'bench-app',
    name: { zh: '压测应用', en: 'Bench app' },
    description: { zh: '压测', en: 'Benchmark' },
    icon: 'http://127.0.0.1:5399/icon.png',
    category: 'utilities',
    entryUrl: 'http://127.0.0.1:5399/',
    redirectUris: [CB],
    scopes: [
      { scope: 'openid', purpose: { zh: '登录', en: 'Sign-in' } },
      { scope: 'profile', purpose: { zh: '称呼您', en: 'To address you' } },
    ],
    privacyPolicyUrl: 'http://127.0.0.1:5399/privacy',
    support: { phone: '0577-12345' },
    elderMode: true,
    languages: ['zh-CN', 'en'],
  } as unknown as Manifest;
  await seedCity(city, { residents: 50, enterprises: 2 }, (app) =>
    app.modules.superapp.context.directory.putApproved(
      { manifest, ownerUscc: '91330383MA2ABCDE1X', ownerName: '压测公司' },
      new Date(),
    ),
  );
  const server = profile.length
    ? await startServer(
        process.execPath,
        [...SERVER_NODE_FLAGS, ...profile, 'server/src/cli.ts', 'start'],
        {
          DATABASE_URL: city.url,
          YIWANG_DATA_KEY: city.dataKey,
          YIWANG_DATA_DIR: city.dataDir,
          YIWANG_SEED: 'none',
          LOG_LEVEL: 'warn',
        },
        PORT,
        '/readyz',
      )
    : await startCity(city, PORT);
  stops.push(() => server.stop());
  const bare = await startServer(process.execPath, ['bench/bare-server.ts'], {}, PORT + 1, '/bare');
  stops.push(() => bare.stop());

  // A citizen signs in and consents once; then the codes, each with its own PKCE verifier.
  const person = new HttpSession(server.url);
  await person.json('POST', '/api/auth/login', { login: '13800138000', password: DEMO_PASSWORD });
  await person.json('PUT', '/api/superapp/me/apps/bench-app/consent', { scopes: ['openid', 'profile'] });
  const mint = async () => {
    const verifier = b64url(randomBytes(32));
    const challenge = b64url(createHash('sha256').update(verifier).digest());
    const { code } = await person.json<{ code: string }>('POST', '/api/superapp/apps/bench-app/login-code', {
      redirectUri: CB,
      codeChallenge: challenge,
      scope: 'openid profile',
    });
    return new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: CB,
      code_verifier: verifier,
      client_id: 'app-bench-app',
    }).toString();
  };
  const mintMany = async (n: number) => {
    const out: string[] = [];
    const t0 = performance.now();
    for (let i = 0; i < n; i += 16) out.push(...(await Promise.all(Array.from({ length: Math.min(16, n - i) }, mint))));
    return { bodies: out, perSecond: n / ((performance.now() - t0) / 1000) };
  };

  type Row = { name: string; rps: number; p50: number; p99: number; bad: number; cpuUs: number };
  const measure = async (name: string, s: Server, opts: autocannon.Options): Promise<Row> => {
    const c0 = cpuMs(s.proc.pid!);
    const r = await autocannon({ connections: 16, pipelining: 1, ...opts });
    const c1 = cpuMs(s.proc.pid!);
    return {
      name,
      rps: r.requests.average || r.requests.total / (r.duration || 1),
      p50: r.latency.p50,
      p99: r.latency.p99,
      bad: r.errors + r.non2xx,
      cpuUs: ((c1.user + c1.system - c0.user - c0.system) * 1000) / Math.max(1, r.requests.total),
    };
  };
  const tokenRun = (name: string, bodies: string[]) => {
    let next = 0;
    return measure(name, server, {
      url: `${server.url}/oidc/token`,
      amount: bodies.length,
      requests: [
        {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          setupRequest: (req) => ({ ...req, body: bodies[next++]! }),
        },
      ],
    });
  };

  const load = loadAverage();
  await measure('warm-up', bare, { url: `${bare.url}/bare`, duration: 2 });
  const rows: Row[] = [
    await measure('bare Fastify route (baseline)', bare, { url: `${bare.url}/bare`, duration: DURATION }),
  ];
  // Warm the provider (first requests compile its paths), then the timed grants with fresh codes.
  const warm = await mintMany(200);
  await tokenRun('warm-up', warm.bodies);
  const minted = await mintMany(CODES);
  const grants = await tokenRun(
    `POST /oidc/token (authorization_code + PKCE S256, ${CODES.toLocaleString('en')} distinct codes)`,
    minted.bodies,
  );
  rows.push(grants);
  // Userinfo with one access token (5 minutes), again and again.
  const token = (await (
    await fetch(`${server.url}/oidc/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: (await mintMany(1)).bodies[0],
    })
  ).json()) as { access_token: string };
  const auth = { authorization: `Bearer ${token.access_token}` };
  await measure('warm-up', server, { url: `${server.url}/oidc/me`, headers: auth, duration: 2 });
  rows.push(
    await measure('GET /oidc/me (userinfo: live consent check, claims, release recorded)', server, {
      url: `${server.url}/oidc/me`,
      headers: auth,
      duration: DURATION,
    }),
  );
  for (const r of rows) if (r.bad > 0) throw new Error(`${r.name}: ${r.bad} failed requests`);

  const baseline = rows[0]!;
  const md = `
## 超级App: OpenID Connect token grants and userinfo (issue 15)

Command: \`npm run bench:superapp-oidc\` (${new Date().toISOString().slice(0, 10)}, ${hostFacts()}; PostgreSQL scratch database; load average ${load.toFixed(1)} before the run, the machine is shared). The server as \`npm start\` runs it; autocannon, 16 connections. Codes minted beforehand through \`POST /api/superapp/apps/{slug}/login-code\` (${minted.perSecond.toFixed(0)} codes/s), outside the timed run; each token request redeems its own code with its own PKCE verifier.

| request | requests/s | p50 ms | p99 ms | vs bare route | server CPU µs/request | per core (1 s / CPU time) |
| --- | ---: | ---: | ---: | ---: | ---: | ---: |
${rows.map((r) => `| ${r.name} | ${r.rps.toFixed(0)} | ${r.p50} | ${r.p99} | ${((r.rps / baseline.rps) * 100).toFixed(1)}% | ${r.cpuUs.toFixed(0)} | ${(1e6 / r.cpuUs).toFixed(0)}/s |`).join('\n')}

Target: at least 500 token grants per second per core (Keycloak, published: about 120 per vCPU). A token grant here takes the code (read and marked consumed in one statement, with its grant), checks the client (the app directory), PKCE, the person's live consent (the exchange's record, kept a second per node), signs an ES256 ID token, stores the access token, and records the release of \`sub\` and \`acr\` in superapp.releases and the personal-data access log; userinfo checks the token, the grant and the live consent, reads the claims and records their release.
`;
  console.log(md);
  if (!profile.length) writeSection('superapp-oidc', md);
} finally {
  for (const stop of stops.reverse()) await stop().catch(() => {});
  await scratch.drop();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
