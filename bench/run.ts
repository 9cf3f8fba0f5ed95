/**
 * Foundation benchmarks (issue: Foundation):
 *  1. requests/s and p99 of an authenticated GET /api/me and of /healthz, as ratios against a
 *     bare Fastify route measured in the same run (target since the security headers: /api/me at >= 60% of the bare route);
 *  2. start-up time of the server (and of `npm start`) on an already-seeded embedded database,
 *     and peak memory (targets: < 3 s, < 300 MB).
 *
 * Run: npm run bench            (embedded PGlite; writes docs/benchmarks.md)
 *      npm run bench -- --quick (shorter load runs)
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEMO_PASSWORD } from '../server/src/demo/accounts.ts';
import {
  cpuMs,
  load,
  machine,
  peakMemoryMb,
  root,
  SERVER_NODE_FLAGS,
  startServer,
  writeSection,
  type LoadResult,
} from './lib.ts';

const quick = process.argv.includes('--quick');
const duration = quick ? 4 : 10;
const node = process.execPath;
const NODE_FLAGS = SERVER_NODE_FLAGS;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'yiwang-bench-'));
const env = { YIWANG_DATA_DIR: dataDir, LOG_LEVEL: 'warn', DATABASE_URL: '' };

console.log(`seeding the demo city into ${dataDir} ...`);
execFileSync(node, ['server/src/cli.ts', 'seed'], { cwd: root, env: { ...process.env, ...env }, stdio: 'inherit' });

// --- start-up on an already-seeded database
const starts: { readyMs: number; memMb: number }[] = [];
for (let i = 0; i < 5; i++) {
  const s = await startServer(node, [...NODE_FLAGS, 'server/src/cli.ts', 'start'], env, 18_100 + i, '/readyz');
  starts.push({ readyMs: s.readyMs, memMb: peakMemoryMb(s.proc.pid!) });
  await s.stop();
}
const npmStart = await startServer('npm', ['start', '--silent'], env, 18_110, '/readyz');
const npmStartMs = npmStart.readyMs;
await npmStart.stop();
starts.sort((a, b) => a.readyMs - b.readyMs);
const medianStart = starts[Math.floor(starts.length / 2)]!;

// --- HTTP: bare Fastify vs the platform, same machine, same load generator, same run
const bare = await startServer(node, ['bench/bare-server.ts'], {}, 18_200, '/bare');
const yiwang = await startServer(node, [...NODE_FLAGS, 'server/src/cli.ts', 'start'], env, 18_201, '/readyz');
const csrf = await fetch(`${yiwang.url}/api/auth/csrf`);
const csrfCookie = csrf.headers
  .getSetCookie()
  .map((c) => c.split(';')[0])
  .join('; ');
const { csrfToken } = (await csrf.json()) as { csrfToken: string };
const login = await fetch(`${yiwang.url}/api/auth/login`, {
  method: 'POST',
  headers: { 'content-type': 'application/json', 'x-csrf-token': csrfToken, cookie: csrfCookie },
  body: JSON.stringify({ login: '13800138000', password: DEMO_PASSWORD }),
});
if (!login.ok) throw new Error(`login failed: ${login.status} ${await login.text()}`);
const cookie = login.headers
  .getSetCookie()
  .map((c) => c.split(';')[0])
  .join('; ');

// Each load also records the CPU the server process used per request (user + system, all its
// threads): less sensitive than requests/s to the load generator and other work sharing the cores.
// The bare route is measured before and after the platform's routes; the baseline is their mean.
type Measured = LoadResult & { cpuUsPerRequest: number };
const measure = async (
  name: string,
  server: { proc: { pid?: number | undefined } },
  url: string,
  headers?: Record<string, string>,
): Promise<Measured> => {
  const pid = server.proc.pid!;
  const before = cpuMs(pid);
  const r = await load(name, url, { duration, ...(headers ? { headers } : {}) });
  const after = cpuMs(pid);
  // load() runs a 2 s warm-up first: its requests are counted at the measured rate.
  const requests = r.rps * (duration + 2);
  const cpu = after.user + after.system - before.user - before.system;
  return { ...r, cpuUsPerRequest: (cpu * 1000) / requests };
};
const bare1 = await measure('bare Fastify route (baseline), before', bare, `${bare.url}/bare`);
const health = await measure('GET /healthz', yiwang, `${yiwang.url}/healthz`);
const meRun = await measure('GET /api/me (authenticated, session cookie)', yiwang, `${yiwang.url}/api/me`, { cookie });
const bare2 = await measure('bare Fastify route (baseline), after', bare, `${bare.url}/bare`);
const results: Measured[] = [bare1, bare2, health, meRun];
const loadedMemMb = peakMemoryMb(yiwang.proc.pid!);
await bare.stop();
await yiwang.stop();
fs.rmSync(dataDir, { recursive: true, force: true });

const base = {
  rps: (bare1.rps + bare2.rps) / 2,
  cpuUsPerRequest: (bare1.cpuUsPerRequest + bare2.cpuUsPerRequest) / 2,
};
for (const r of results)
  if (r.errors > 0 || r.non2xx > 0) throw new Error(`${r.name}: ${r.errors} errors, ${r.non2xx} non-2xx answers`);
const pct = (x: number) => `${(x * 100).toFixed(0)}%`;
const me = meRun;
const md = `
## Foundation: HTTP overhead, start-up and memory

Command: \`npm run bench\` (${new Date().toISOString().slice(0, 10)}, ${machine()}; embedded PGlite; autocannon, 32 connections, ${duration} s after a 2 s warm-up, load generator on the same machine).

| route | requests/s | p50 ms | p99 ms | requests/s vs bare route | server CPU µs/request | bare route's CPU vs this |
| --- | ---: | ---: | ---: | ---: | ---: | ---: |
${results.map((r) => `| ${r.name} | ${r.rps.toFixed(0)} | ${r.p50} | ${r.p99} | ${pct(r.rps / base.rps)} | ${r.cpuUsPerRequest.toFixed(1)} | ${pct(base.cpuUsPerRequest / r.cpuUsPerRequest)} |`).join('\n')}

The bare route is measured before and after the platform's routes; "vs bare route" compares with the mean of the two.

Target: the authenticated route at 60% or more of the bare route — **${pct(me.rps / base.rps)}** (${me.rps / base.rps >= 0.6 ? 'met' : 'NOT met'}); by server CPU per request, the bare route's cost is ${pct(base.cpuUsPerRequest / me.cpuUsPerRequest)} of \`/api/me\`'s.

| start-up on an already-seeded embedded database | value | target |
| --- | ---: | ---: |
| server (\`node server/src/cli.ts start\`) to /readyz, median of 5 | ${(medianStart.readyMs / 1000).toFixed(2)} s | < 3 s |
| \`npm start\` (web already built) to /readyz | ${(npmStartMs / 1000).toFixed(2)} s | < 3 s |
| peak memory (VmHWM) after start-up | ${medianStart.memMb.toFixed(0)} MB | < 300 MB |
| peak memory after the load runs above | ${loadedMemMb.toFixed(0)} MB | < 300 MB |
`;
writeSection('foundation', md);
console.log(md);
