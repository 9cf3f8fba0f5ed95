/**
 * Certificate verification (issue 11):
 * - the offline verification function (docs/verify-credential.ts: jose alone over a cached JWKS
 *   and cached status lists), credentials per second on one core (target 5,000), over distinct
 *   credentials, by the clock and by the process's CPU time (the machine is shared);
 * - the HTTP verify endpoint (GET /api/credentials/verify?input=<JWT>: parse, issuer key,
 *   signature, both status bits, through the endpoint's caches) against a bare Fastify route in
 *   the same run (target: at least 30% of its requests/s): one credential again and again, and
 *   more distinct credentials than the endpoint keeps (a signature checked on every request).
 *
 * Run: npm run bench:credentials
 *      npm run bench:credentials -- --quick --profile (a CPU profile of the server, in $TMPDIR/yiwang-profiles;
 *      summarise it with `node bench/profile-summary.ts <file>`)
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import type { JSONWebKeySet } from 'jose';
import pino from 'pino';
import { offlineVerifier } from '../docs/verify-credential.ts';
import { buildApp } from '../server/src/app.ts';
import { loadConfig } from '../server/src/config.ts';
import { compactJws } from '../server/src/modules/credentials/signer.ts';
import {
  cpuMs,
  loadAverage,
  machine,
  SERVER_NODE_FLAGS,
  startServer,
  writeSection,
  type LoadResult,
  type Server,
} from './lib.ts';

const quick = process.argv.includes('--quick');
// --profile: the server writes a CPU profile (.cpuprofile) when it stops.
const profileDir = path.join(os.tmpdir(), 'yiwang-profiles');
const profile = process.argv.includes('--profile') ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
const duration = quick ? 4 : 10;
const PORT = 18_610;
const base = `http://127.0.0.1:${PORT}`;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'yiwang-bench-credentials-'));
const env = { YIWANG_DATA_DIR: dataDir, LOG_LEVEL: 'warn', DATABASE_URL: '', YIWANG_PUBLIC_URL: base };

// An issuer key and a credential shaped like an issued one (signed through the module's signer).
const config = loadConfig({ dataDir, logLevel: 'warn', seed: 'none', publicUrl: base });
const built = await buildApp(config, { logger: pino({ level: 'warn' }) });
const service = built.modules.credentials.service;
const signer = await service.signerOf('AMR');
const did = signer.kid.split('#')[0]!;
const statusUrl = (purpose: string) => `${base}/api/credentials/status/AMR/${purpose}`;
/** The n-th credential (its id and number differ), as the module issues them. */
const credential = (n: number) =>
  compactJws(
    signer,
    { typ: 'vc+jwt' },
    {
      '@context': ['https://www.w3.org/ns/credentials/v2'],
      id: `urn:uuid:0195f0a0-0000-7000-8000-${String(n).padStart(12, '0')}`,
      type: ['VerifiableCredential', 'ElectronicCertificate'],
      issuer: { id: did, name: '龙港市市场监督管理局' },
      name: '营业执照',
      validFrom: '2026-11-25T08:00:00Z',
      credentialSubject: {
        type: 'Enterprise',
        name: '龙港市示范科技有限公司',
        uscc: '91330383MA2ABCDE1X',
        certificate: {
          number: `1.2.156.3005.2.SCJG001.11330383MB0000000X.${String(n).padStart(7, '0')}.K`,
          typeCode: 'SCJG001',
        },
      },
      credentialStatus: ['revocation', 'suspension'].map((purpose) => ({
        id: `${statusUrl(purpose)}#${7919 + n}`,
        type: 'BitstringStatusListEntry',
        statusPurpose: purpose,
        statusListIndex: String(7919 + n),
        statusListCredential: statusUrl(purpose),
      })),
    },
  );
const jwt = credential(1);
// More distinct credentials than the endpoint keeps (about 4 MB of them): each request checks a signature.
const DISTINCT = 6_000;
const many = Array.from({ length: DISTINCT }, (_, i) => credential(i + 2));
const jwks: JSONWebKeySet = { keys: (await service.published('AMR')).map((k) => k.jwk) };
const lists = await Promise.all(
  (['revocation', 'suspension'] as const).map(async (p) => (await service.list('AMR', p)).jwt),
);
await built.close();

// 1. Offline, on this process's one thread.
const verify = await offlineVerifier(jwks, lists);
if ((await verify(jwt)).outcome !== 'valid') throw new Error('the offline check does not say valid');
// Distinct credentials (no verifier could have kept an answer); the rate by the clock and by
// the process's CPU time (user + system, every thread: jose's WebCrypto checks run on libuv's),
// which a shared machine's other work skews far less.
const offlineRounds: { wall: number; cpu: number }[] = [];
const offlineLoad = loadAverage();
for (let round = 0; round < 6; round++) {
  const n = quick ? 2_000 : DISTINCT;
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < n; i++) await verify(many[i % DISTINCT]!);
  const cpu = process.cpuUsage(c0);
  const wall = n / ((performance.now() - t0) / 1000);
  if (round > 0) offlineRounds.push({ wall, cpu: n / ((cpu.user + cpu.system) / 1e6) }); // the first round warms up
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const offline = median(offlineRounds.map((r) => r.wall));
const offlineCpu = median(offlineRounds.map((r) => r.cpu));

// 2. Over HTTP, against a bare route, in the same run.
const bare = await startServer(process.execPath, ['bench/bare-server.ts'], {}, PORT + 1, '/bare');
const yiwang = await startServer(
  process.execPath,
  [...SERVER_NODE_FLAGS, ...profile, 'server/src/cli.ts', 'start'],
  { ...env, YIWANG_SEED: 'none' },
  PORT,
  '/readyz',
);
const verifyPath = `/api/credentials/verify?input=${encodeURIComponent(jwt)}`;
const first = (await (await fetch(`${yiwang.url}${verifyPath}`)).json()) as { outcome: string };
if (first.outcome !== 'valid') throw new Error(`the endpoint says ${first.outcome}`);
// Each run also takes the server's CPU time per request (user + system, every thread of its
// process, from /proc): what one dedicated core would serve, whatever the client and the
// machine's other work leave of the clock.
type Row = LoadResult & { cpuUs: number };
const results: Row[] = [];
// One path: autocannon's fixed request (as for the bare route); several: a path each request, in turn.
const run = async (name: string, server: Server, paths: string[]): Promise<Row> => {
  let next = 0;
  const pid = server.proc.pid!;
  const c0 = cpuMs(pid);
  const r = await autocannon({
    url: paths.length === 1 ? `${server.url}${paths[0]}` : server.url,
    connections: 32,
    duration,
    ...(paths.length > 1
      ? {
          requests: [
            { method: 'GET' as const, setupRequest: (req) => ({ ...req, path: paths[next++ % paths.length] }) },
          ],
        }
      : {}),
  });
  const c1 = cpuMs(pid);
  const cpuUs = ((c1.user + c1.system - c0.user - c0.system) * 1000) / Math.max(1, r.requests.total);
  return {
    name,
    rps: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    errors: r.errors,
    non2xx: r.non2xx,
    cpuUs,
  };
};
await run('warm-up', bare, ['/bare']);
const httpLoad = loadAverage();
results.push(await run('bare Fastify route (baseline)', bare, ['/bare']));
// The platform's floor: a public /api route that does no work (every hook, a tiny answer).
results.push(await run('GET /api/config (a platform route doing no work, for scale)', yiwang, ['/api/config']));
await run('warm-up', yiwang, [verifyPath]);
results.push(
  await run('GET /api/credentials/verify?input=<JWT> (one valid credential, again and again)', yiwang, [verifyPath]),
);
const manyPaths = many.map((j) => `/api/credentials/verify?input=${encodeURIComponent(j)}`);
results.push(
  await run(
    `GET /api/credentials/verify?input=<JWT> (${DISTINCT.toLocaleString('en')} distinct credentials in turn)`,
    yiwang,
    manyPaths,
  ),
);
await bare.stop();
await yiwang.stop();
fs.rmSync(dataDir, { recursive: true, force: true });

for (const r of results)
  if (r.errors > 0 || r.non2xx > 0) throw new Error(`${r.name}: ${r.errors} errors, ${r.non2xx} non-2xx`);
const baseline = results[0]!;
const md = `
## Electronic certificates: verification

Command: \`npm run bench:credentials\` (${new Date().toISOString().slice(0, 10)}, ${machine()}; embedded PGlite; Ed25519). The machine is shared: load average ${offlineLoad.toFixed(1)} during the offline rounds, ${httpLoad.toFixed(1)} before the HTTP runs (2 cores), so the clock rates are lower bounds.

Offline verification function (\`offlineVerifier\` of docs/verify-credential.ts: \`jose\` alone over a cached JWKS and cached status lists; header, issuer key, signature, both status bits, validity period), one thread awaiting each check, ${quick ? '2,000' : DISTINCT.toLocaleString('en')} distinct credentials per round, the median of 5 rounds: **${offlineCpu.toFixed(0)} credentials per CPU-second** (the process's CPU time, every thread) and ${offline.toFixed(0)} credentials/s by the clock (target 5,000 per second per core).

HTTP (autocannon, 32 connections, ${duration} s each; the server as \`npm start\` runs it):

| route | requests/s | p50 ms | p99 ms | vs bare route | server CPU µs/request | per core vs bare route |
| --- | ---: | ---: | ---: | ---: | ---: | ---: |
${results.map((r) => `| ${r.name} | ${r.rps.toFixed(0)} | ${r.p50} | ${r.p99} | ${((r.rps / baseline.rps) * 100).toFixed(0)}% | ${r.cpuUs.toFixed(0)} | ${((baseline.cpuUs / r.cpuUs) * 100).toFixed(0)}% |`).join('\n')}

Target for the endpoint: at least 30% of the bare route's requests/s. "Per core" is the bare route's server CPU time per request over the route's: the share of the bare route's rate one dedicated core would serve, which the client (autocannon, on the same 2 cores, sending and reading about 1.4 kB per verify request) and other work do not skew. \`/api/config\` shows what the platform's hooks (security headers, request id, session, metrics) leave of the bare route before any work. The endpoint keeps a department's status bits (5 s; a change through the same server drops them at once) and the credentials whose signature held (about 4 MB of them, by their exact text; status and validity period are checked on every answer): the first row is a credential checked again and again (a QR code at a gate), the second one more distinct credentials than it keeps, each request checking an Ed25519 signature (docs/credentials.md, "Caches of the verify endpoint").
`;
console.log(md);
writeSection('credentials', md);
