/**
 * Certificate verification (issue 11):
 * - the offline verification function (docs/verify-credential.ts: jose alone over a cached JWKS
 *   and cached status lists), credentials per second on one core (target 5,000);
 * - the HTTP verify endpoint (GET /api/credentials/verify?input=<JWT>: parse, issuer key,
 *   signature, both status bits from the database) against a bare Fastify route in the same run
 *   (target: at least 30% of its requests/s).
 *
 * Run: npm run bench:credentials
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
import { load, machine, SERVER_NODE_FLAGS, startServer, writeSection, type LoadResult } from './lib.ts';

const quick = process.argv.includes('--quick');
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
const jwt = compactJws(
  signer,
  { typ: 'vc+jwt' },
  {
    '@context': ['https://www.w3.org/ns/credentials/v2'],
    id: 'urn:uuid:0195f0a0-0000-7000-8000-000000000001',
    type: ['VerifiableCredential', 'ElectronicCertificate'],
    issuer: { id: did, name: '龙港市市场监督管理局' },
    name: '营业执照',
    validFrom: '2026-11-25T08:00:00Z',
    credentialSubject: {
      type: 'Enterprise',
      name: '龙港市示范科技有限公司',
      uscc: '91330383MA2ABCDE1X',
      certificate: { number: '1.2.156.3005.2.SCJG001.11330383MB0000000X.0000001.K', typeCode: 'SCJG001' },
    },
    credentialStatus: ['revocation', 'suspension'].map((purpose) => ({
      id: `${statusUrl(purpose)}#7919`,
      type: 'BitstringStatusListEntry',
      statusPurpose: purpose,
      statusListIndex: '7919',
      statusListCredential: statusUrl(purpose),
    })),
  },
);
const jwks: JSONWebKeySet = { keys: (await service.published('AMR')).map((k) => k.jwk) };
const lists = await Promise.all(
  (['revocation', 'suspension'] as const).map(async (p) => (await service.list('AMR', p)).jwt),
);
await built.close();

// 1. Offline, on this process's one thread.
const verify = await offlineVerifier(jwks, lists);
if ((await verify(jwt)).outcome !== 'valid') throw new Error('the offline check does not say valid');
const offlineRounds: number[] = [];
for (let round = 0; round < 6; round++) {
  const n = quick ? 2_000 : 10_000;
  const t0 = performance.now();
  for (let i = 0; i < n; i++) await verify(jwt);
  const perSecond = n / ((performance.now() - t0) / 1000);
  if (round > 0) offlineRounds.push(perSecond); // the first round warms up
}
const offline = [...offlineRounds].sort((a, b) => a - b)[Math.floor(offlineRounds.length / 2)]!;

// 2. Over HTTP, against a bare route, in the same run.
const bare = await startServer(process.execPath, ['bench/bare-server.ts'], {}, PORT + 1, '/bare');
const yiwang = await startServer(
  process.execPath,
  [...SERVER_NODE_FLAGS, 'server/src/cli.ts', 'start'],
  { ...env, YIWANG_SEED: 'none' },
  PORT,
  '/readyz',
);
const verifyPath = `/api/credentials/verify?input=${encodeURIComponent(jwt)}`;
const first = (await (await fetch(`${yiwang.url}${verifyPath}`)).json()) as { outcome: string };
if (first.outcome !== 'valid') throw new Error(`the endpoint says ${first.outcome}`);
const results: LoadResult[] = [];
results.push(await load('bare Fastify route (baseline)', `${bare.url}/bare`, { duration }));
const run = async (name: string) => {
  const r = await autocannon({ url: `${yiwang.url}${verifyPath}`, connections: 32, duration });
  return { name, rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, errors: r.errors, non2xx: r.non2xx };
};
await run('warm-up');
results.push(await run('GET /api/credentials/verify?input=<JWT> (valid credential)'));
await bare.stop();
await yiwang.stop();
fs.rmSync(dataDir, { recursive: true, force: true });

for (const r of results)
  if (r.errors > 0 || r.non2xx > 0) throw new Error(`${r.name}: ${r.errors} errors, ${r.non2xx} non-2xx`);
const baseline = results[0]!;
const md = `
## Electronic certificates: verification

Command: \`npm run bench:credentials\` (${new Date().toISOString().slice(0, 10)}, ${machine()}; embedded PGlite; Ed25519).

Offline verification function (\`offlineVerifier\` of docs/verify-credential.ts: \`jose\` alone over a cached JWKS and cached status lists; header, issuer key, signature, both status bits, validity period), one thread, the median of 5 rounds: **${offline.toFixed(0)} credentials/s per core** (target 5,000).

HTTP (autocannon, 32 connections, ${duration} s):

| route | requests/s | p50 ms | p99 ms | vs bare route |
| --- | ---: | ---: | ---: | ---: |
${results.map((r) => `| ${r.name} | ${r.rps.toFixed(0)} | ${r.p50} | ${r.p99} | ${((r.rps / baseline.rps) * 100).toFixed(0)}% |`).join('\n')}

Target for the endpoint: at least 30% of the bare route's requests/s.
`;
console.log(md);
writeSection('credentials', md);
