/**
 * Key rotation at city scale (issue: hardening): sealed fields re-sealed per second by
 * `yiwang keys rotate` on PostgreSQL for the 460,000-resident city, and the p50/p99 of an
 * authenticated GET /api/me at a steady rate while it runs, against the same route measured
 * just before on the same server.
 *
 * The city is seeded with `yiwang seed --scale 460000` into a scratch database under one key;
 * the server then runs with YIWANG_DATA_KEY=<new>,<old> (the new key current, the old loaded),
 * and `yiwang keys rotate` runs as a separate process, as an operator would run it.
 *
 * Run: npm run bench:key-rotation               (PostgreSQL at BENCH_DATABASE_URL)
 *      npm run bench:key-rotation -- --scale 50000 (a smaller city; not written to the docs)
 */
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { DEMO_PASSWORD } from '../server/src/demo/accounts.ts';
import { dataKeyId } from '../server/src/platform/crypto.ts';
import { createScratchDatabase } from '../server/test/scratch-database.ts';
import {
  benchDatabaseUrl,
  hostFacts,
  HttpSession,
  loadAverage,
  root,
  SERVER_NODE_FLAGS,
  startServer,
  steadyLoad,
  writeSection,
} from './lib.ts';

const scaleArg = process.argv.indexOf('--scale');
const SCALE = scaleArg > 0 ? Number(process.argv[scaleArg + 1]) : 460_000;
const RATE = 200; // GET /api/me per second: a busy city's sign-in traffic on one node
const WINDOW_S = 5;
const node = process.execPath;

const scratch = await createScratchDatabase(benchDatabaseUrl(), 'yw_bench_keys');
const oldKey = randomBytes(32).toString('base64');
const newKey = randomBytes(32).toString('base64');
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'yiwang-bench-keys-'));
const env = { DATABASE_URL: scratch.url, YIWANG_DATA_DIR: dataDir, LOG_LEVEL: 'warn', YIWANG_SEED: 'none' };
const cli = path.join(root, 'server/src/cli.ts');
try {
  console.log(`seeding ${SCALE} residents into ${scratch.url} ...`);
  const t0 = performance.now();
  execFileSync(node, [cli, 'seed', '--scale', String(SCALE)], {
    cwd: root,
    env: { ...process.env, ...env, YIWANG_DATA_KEY: oldKey },
    stdio: 'inherit',
  });
  const seedS = (performance.now() - t0) / 1000;
  const client = new pg.Client({ connectionString: scratch.url });
  await client.connect();
  const count = async (q: string) => Number((await client.query<{ n: string }>(q)).rows[0]!.n);
  const sealed =
    (await count(
      `select count(id_number_enc) + count(name_enc) + count(phone_enc) + count(address_enc) as n from exchange.residents`,
    )) +
    (await count(
      `select count(id_number_enc) + count(phone_enc) + count(totp_secret_enc) as n from identity.accounts`,
    )) +
    (await count(`select count(address_enc) as n from identity.enterprises`)) +
    (await count(`select count(*) * 2 as n from applications.cases`)) +
    (await count(`select count(*) as n from applications.drafts`)) +
    (await count(`select count(email_enc) as n from notify.settings`));
  const pgVersion = (await client.query<{ v: string }>('select version() as v')).rows[0]!.v.split(' on ')[0];

  const ring = `${dataKeyId(newKey)}:${newKey},${dataKeyId(oldKey)}:${oldKey}`;
  const server = await startServer(
    node,
    [...SERVER_NODE_FLAGS, cli, 'start'],
    { ...env, YIWANG_DATA_KEY: ring },
    18_420,
    '/readyz',
  );
  const session = new HttpSession(server.url);
  const login = await session.request('POST', '/api/auth/login', { login: '13800138000', password: DEMO_PASSWORD });
  if (!login.ok) throw new Error(`sign-in failed: ${login.status}`);
  const headers = { cookie: session.cookie };
  await steadyLoad(server.url, ['/api/me'], { rate: RATE, seconds: 2, headers }); // warm-up
  const before = await steadyLoad(server.url, ['/api/me'], { rate: RATE, seconds: 10, headers });

  console.log('rotating ...');
  const rotation = spawn(node, [cli, 'keys', 'rotate', '--batch', '1000'], {
    cwd: root,
    env: { ...process.env, ...env, YIWANG_DATA_KEY: ring },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  rotation.stdout.on('data', (d: Buffer) => {
    out += d.toString();
    process.stdout.write(d);
  });
  const tRot = performance.now();
  let exited = false;
  const exit = new Promise<number>((resolve) =>
    rotation.on('exit', (code) => {
      exited = true;
      resolve(code ?? 1);
    }),
  );
  const windows: Awaited<ReturnType<typeof steadyLoad>>[] = [];
  const loads: number[] = [];
  while (!exited) {
    windows.push(await steadyLoad(server.url, ['/api/me'], { rate: RATE, seconds: WINDOW_S, headers }));
    loads.push(loadAverage());
  }
  const code = await exit;
  const rotS = (performance.now() - tRot) / 1000;
  if (code !== 0) throw new Error(`keys rotate failed (exit ${code})`);
  const changed = Number(/(\d+) values re-sealed or re-keyed in/.exec(out)?.[1] ?? NaN);
  const remaining = await count(
    `select count(*) as n from exchange.residents where left(id_number_enc, 17) <> 'a256gcm.${dataKeyId(newKey)}.'`,
  );
  await client.end();
  await server.stop();

  const total = windows.reduce((n, w) => n + w.total, 0);
  const errors = windows.reduce((n, w) => n + w.errors + w.non2xx, 0);
  const p99s = windows.map((w) => w.p99).sort((a, b) => a - b);
  const p50s = windows.map((w) => w.p50).sort((a, b) => a - b);
  const md = `
## Hardening: key rotation at city scale

Command: \`npm run bench:key-rotation\` (${new Date().toISOString().slice(0, 10)}, ${hostFacts(pgVersion)}; load average ${Math.max(...loads, 0).toFixed(1)} at most during the run).
City: \`yiwang seed --scale ${SCALE}\` in ${seedS.toFixed(0)} s under one key: **${sealed.toLocaleString('en')}** sealed values
(residents' ID numbers, phones and addresses, accounts, enterprises, cases, drafts, e-mail addresses), plus their blind indexes
and the copies of them in other tables. Then the server ran with \`YIWANG_DATA_KEY=<new>,<old>\` and \`yiwang keys rotate --batch 1000\`
ran beside it, as a separate process.

| | value |
| --- | ---: |
| values re-sealed or re-keyed (sealed fields, blind indexes, copied indexes) | ${changed.toLocaleString('en')} |
| rotation time, start to the old key retired | ${rotS.toFixed(1)} s |
| **sealed fields re-sealed per second** | **${Math.round(changed / rotS).toLocaleString('en')}** |
| values left under the old key afterwards | ${remaining} |

GET /api/me (the demo citizen, session cookie) at a steady ${RATE} requests/s (latency counted from when each request was due):

| | requests | p50 ms | p99 ms |
| --- | ---: | ---: | ---: |
| before the rotation, 10 s | ${before.total} | ${before.p50.toFixed(1)} | ${before.p99.toFixed(1)} |
| during the rotation, ${windows.length} windows of ${WINDOW_S} s (median of the windows) | ${total} | ${(p50s[Math.floor(p50s.length / 2)] ?? 0).toFixed(1)} | ${(p99s[Math.floor(p99s.length / 2)] ?? 0).toFixed(1)} |
| during the rotation, the worst window | | ${(p50s.at(-1) ?? 0).toFixed(1)} | ${(p99s.at(-1) ?? 0).toFixed(1)} |

Errors or non-2xx answers during the rotation: ${errors}.
`;
  console.log(md);
  if (SCALE === 460_000) writeSection('key-rotation', md);
} finally {
  await scratch.drop();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
