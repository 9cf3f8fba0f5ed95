/**
 * CPU profile of the server while it answers `GET /api/me` (signed in) under load: the server
 * runs with `--cpu-prof`, autocannon loads it, and the profile is summarised by function
 * (bench/profile-summary.ts). Also measures the bare route in the same run for the ratio.
 *
 * Run: node bench/profile-me.ts [--seconds 8] [--out dir]
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEMO_PASSWORD } from '../server/src/demo/accounts.ts';
import { load, root, startServer } from './lib.ts';
import { markdownTable, summarise } from './profile-summary.ts';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1]! : fallback;
};
const seconds = Number(arg('--seconds', '8'));
const out = path.resolve(arg('--out', fs.mkdtempSync(path.join(os.tmpdir(), 'yiwang-prof-'))));
fs.mkdirSync(out, { recursive: true });
const node = process.execPath;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'yiwang-bench-'));
const env = { YIWANG_DATA_DIR: dataDir, LOG_LEVEL: 'warn', DATABASE_URL: '' };
execFileSync(node, ['server/src/cli.ts', 'seed'], { cwd: root, env: { ...process.env, ...env }, stdio: 'ignore' });

const bare = await startServer(node, ['bench/bare-server.ts'], {}, 18_300, '/bare');
const spawnedAt = performance.now();
const server = await startServer(
  node,
  ['--liftoff-only', '--cpu-prof', `--cpu-prof-dir=${out}`, 'server/src/cli.ts', 'start'],
  env,
  18_301,
  '/readyz',
);
const csrf = await fetch(`${server.url}/api/auth/csrf`);
const csrfCookie = csrf.headers
  .getSetCookie()
  .map((c) => c.split(';')[0])
  .join('; ');
const { csrfToken } = (await csrf.json()) as { csrfToken: string };
const login = await fetch(`${server.url}/api/auth/login`, {
  method: 'POST',
  headers: { 'content-type': 'application/json', 'x-csrf-token': csrfToken, cookie: csrfCookie },
  body: JSON.stringify({ login: '13800138000', password: DEMO_PASSWORD }),
});
if (!login.ok) throw new Error(`login failed: ${login.status}`);
const cookie = login.headers
  .getSetCookie()
  .map((c) => c.split(';')[0])
  .join('; ');

const b1 = await load('bare', `${bare.url}/bare`, { duration: seconds });
const meFrom = performance.now() - spawnedAt;
const me = await load('me', `${server.url}/api/me`, { duration: seconds, headers: { cookie } });
const meTo = performance.now() - spawnedAt;
const b2 = await load('bare', `${bare.url}/bare`, { duration: seconds });
await bare.stop();
await server.stop();
fs.rmSync(dataDir, { recursive: true, force: true });
const baseRps = (b1.rps + b2.rps) / 2;
console.log(
  `bare ${b1.rps.toFixed(0)}/${b2.rps.toFixed(0)} req/s, /api/me ${me.rps.toFixed(0)} req/s = ${((me.rps / baseRps) * 100).toFixed(0)}% (non-2xx ${me.non2xx})`,
);
const file = fs
  .readdirSync(out)
  .filter((f) => f.endsWith('.cpuprofile'))
  .map((f) => path.join(out, f))
  .sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs)[0];
if (!file) throw new Error(`no profile in ${out}`);
console.log(`profile: ${file}`);
// Only the samples taken while /api/me was under load (its warm-up included), not start-up.
const s = summarise(JSON.parse(fs.readFileSync(file, 'utf8')), { fromMs: meFrom, toMs: meTo });
const requests = me.rps * seconds;
console.log(
  `while loaded: busy ${s.total.toFixed(0)} ms, idle ${s.idle.toFixed(0)} ms; ≈ ${((s.total * 1000) / (requests * ((seconds + 2) / seconds))).toFixed(1)} µs sampled per request`,
);
console.log(`window: --from ${meFrom.toFixed(0)} --to ${meTo.toFixed(0)}`);
console.log(markdownTable(s, 25));
