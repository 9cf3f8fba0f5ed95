/**
 * `GET /api/me` (signed in) under load, against the bare Fastify route, in rounds that take
 * turns (so the machine's other work slows every side alike): requests/s and the server's CPU
 * per request (user + system, from /proc). The server runs with `--cpu-prof`, and its profile
 * is summarised by function (bench/profile-summary.ts) over the time /api/me was loaded.
 * With `--against <path to another checkout's server/src/cli.ts>` that server is measured in the
 * same rounds (a before/after comparison; it is not profiled).
 *
 * Run: node bench/profile-me.ts [--seconds 5] [--rounds 2] [--against /work/main/server/src/cli.ts] [--out dir]
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEMO_PASSWORD } from '../server/src/demo/accounts.ts';
import { cpuMs, load, root, SERVER_NODE_FLAGS, startServer, type Server } from './lib.ts';
import { markdownTable, summarise } from './profile-summary.ts';

const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const seconds = Number(arg('--seconds') ?? '5');
const rounds = Number(arg('--rounds') ?? '2');
const against = arg('--against');
const out = path.resolve(arg('--out') ?? fs.mkdtempSync(path.join(os.tmpdir(), 'yiwang-prof-')));
fs.mkdirSync(out, { recursive: true });
const node = process.execPath;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'yiwang-bench-'));
const env = { YIWANG_DATA_DIR: dataDir, LOG_LEVEL: 'warn', DATABASE_URL: '' };
execFileSync(node, ['server/src/cli.ts', 'seed'], { cwd: root, env: { ...process.env, ...env }, stdio: 'ignore' });
// The other server gets a copy of the same seeded city (an embedded database is one process's).
const otherDir = `${dataDir}-other`;
if (against) fs.cpSync(dataDir, otherDir, { recursive: true });

async function signIn(url: string): Promise<string> {
  const cookies = (r: Response) =>
    r.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
  const csrf = await fetch(`${url}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const login = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-csrf-token': csrfToken, cookie: cookies(csrf) },
    body: JSON.stringify({ login: '13800138000', password: DEMO_PASSWORD }),
  });
  if (!login.ok) throw new Error(`login failed: ${login.status}`);
  return cookies(login);
}

const bare = await startServer(node, ['bench/bare-server.ts'], {}, 18_300, '/bare');
const t0 = performance.now(); // about when the profiled server's process, and its profile, start
const server = await startServer(
  node,
  [...SERVER_NODE_FLAGS, '--cpu-prof', `--cpu-prof-dir=${out}`, 'server/src/cli.ts', 'start'],
  env,
  18_301,
  '/readyz',
);
const other = against
  ? await startServer(
      node,
      [...SERVER_NODE_FLAGS, against, 'start'],
      { ...env, YIWANG_DATA_DIR: otherDir },
      18_302,
      '/readyz',
    )
  : null;
const cookie = await signIn(server.url);
const otherCookie = other ? await signIn(other.url) : '';

interface Row {
  rps: number[];
  cpuUs: number[];
}
const rows = new Map<string, Row>();
const windows: { fromMs: number; toMs: number }[] = [];
async function measure(name: string, s: Server, route: string, headers: Record<string, string> = {}) {
  const from = performance.now() - t0;
  const before = cpuMs(s.proc.pid!);
  const r = await load(name, s.url + route, { duration: seconds, headers });
  const after = cpuMs(s.proc.pid!);
  if (r.errors > 0 || r.non2xx > 0) throw new Error(`${name}: ${r.errors} errors, ${r.non2xx} non-2xx`);
  const row = rows.get(name) ?? { rps: [], cpuUs: [] };
  row.rps.push(r.rps);
  // load() warms up for 2 s first: its requests are counted at the measured rate
  row.cpuUs.push(((after.user + after.system - before.user - before.system) * 1000) / (r.rps * (seconds + 2)));
  rows.set(name, row);
  if (s === server) windows.push({ fromMs: from, toMs: performance.now() - t0 });
}
for (let i = 0; i < rounds; i++) {
  await measure('bare Fastify route', bare, '/bare');
  await measure('GET /api/me (this tree)', server, '/api/me', { cookie });
  if (other) await measure(`GET /api/me (${against})`, other, '/api/me', { cookie: otherCookie });
}
await bare.stop();
await server.stop();
await other?.stop();
fs.rmSync(dataDir, { recursive: true, force: true });
if (against) fs.rmSync(otherDir, { recursive: true, force: true });

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const base = rows.get('bare Fastify route')!;
console.log(`| | requests/s (each round) | vs bare route | server CPU µs/request | bare route's CPU vs this |`);
console.log(`| --- | ---: | ---: | ---: | ---: |`);
for (const [name, r] of rows)
  console.log(
    `| ${name} | ${r.rps.map((x) => x.toFixed(0)).join(', ')} | ${((mean(r.rps) / mean(base.rps)) * 100).toFixed(0)}% | ${mean(r.cpuUs).toFixed(1)} | ${((mean(base.cpuUs) / mean(r.cpuUs)) * 100).toFixed(0)}% |`,
  );

const file = fs
  .readdirSync(out)
  .filter((f) => f.endsWith('.cpuprofile'))
  .map((f) => path.join(out, f))
  .sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs)[0];
if (!file) throw new Error(`no profile in ${out}`);
// The profile starts when the server process does (t0); only the samples
// taken while /api/me was loaded count (the last round's window), not start-up.
const last = windows[windows.length - 1]!;
const s = summarise(JSON.parse(fs.readFileSync(file, 'utf8')), last);
console.log(`\nprofile ${file}, ${(last.fromMs / 1000).toFixed(1)}-${(last.toMs / 1000).toFixed(1)} s:`);
console.log(`busy ${s.total.toFixed(0)} ms, idle ${s.idle.toFixed(0)} ms`);
console.log(markdownTable(s, 25));
