/**
 * Open311 `POST requests.json` per second (issue 13): each request a new city event, routed
 * (the point's community and grid, the category's department, the deadline), written with its
 * history, audit record and event, over PostgreSQL; against a bare Fastify route in the same
 * run. (For comparison, the issue quotes an existing TypeScript Open311 server at about 7/s.)
 *
 * Run: npm run bench:open311-post            (PostgreSQL at BENCH_DATABASE_URL)
 *      npm run bench:open311-post -- --quick (shorter load runs)
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import pg from 'pg';
import { hashApiKey as hashKey } from '../server/src/platform/api-keys.ts';
import { createScratchDatabase } from '../server/test/scratch-database.ts';
import { seedCity, startCity } from './city.ts';
import { benchDatabaseUrl, hostFacts, loadAverage, startServer, writeSection, type Server } from './lib.ts';

const quick = process.argv.includes('--quick');
const duration = quick ? 5 : 15;
const CONNECTIONS = 10;
const base = benchDatabaseUrl();
const scratch = await createScratchDatabase(base, 'yiwang_bench_open311_post');
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'yiwang-bench-open311-'));
const dataKey = randomBytes(32).toString('base64');
const stops: (() => Promise<void>)[] = [];
const ms = (x: number) => Math.round(x * 100) / 100;

interface Run {
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
  total: number;
}

async function run(url: string, opts: { method?: 'POST'; body?: string; headers?: Record<string, string> }) {
  const go = (seconds: number) =>
    autocannon({ url, connections: CONNECTIONS, duration: seconds, pipelining: 1, ...opts });
  await go(2);
  const r = await go(duration);
  return {
    rps: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    non2xx: r.non2xx,
    errors: r.errors,
    total: r.requests.total,
  } satisfies Run;
}

try {
  const city = { url: scratch.url, dataKey, dataDir };
  await seedCity(city, { residents: 100, enterprises: 5 });
  const db = new pg.Client({ connectionString: scratch.url });
  await db.connect();
  stops.push(() => db.end());
  const pgVersion = (await db.query<{ v: string }>(`select split_part(version(), ' ', 2) as v`)).rows[0]!.v;
  // An API key as the console issues one (only its hash is stored).
  const key = `o311_${randomBytes(32).toString('base64url')}`;
  await db.query(
    `insert into cityops.open311_keys (id, region_code, name, contact, key_prefix, key_hash, created_at, created_by)
     values (gen_random_uuid(), '330383', 'bench', 'bench', $1, $2, now(), gen_random_uuid())`,
    [key.slice(0, 11), hashKey(key)],
  );
  const service = (
    await db.query<{ code: string }>(
      `select code from cityops.categories where active and sensor_type is null and attributes = '[]'::jsonb order by code limit 1`,
    )
  ).rows[0]!.code;

  const bare = await startServer(process.execPath, ['bench/bare-server.ts'], {}, 18_520, '/bare');
  stops.push(() => bare.stop());
  const yiwang: Server = await startCity(city, 18_521);
  stops.push(() => yiwang.stop());

  const form = new URLSearchParams({
    api_key: key,
    service_code: service,
    lat: '27.599396',
    long: '120.493069',
    description: '路灯不亮，已经三天了',
    email: 'reporter@example.org',
    first_name: 'Ming',
    last_name: 'Li',
  }).toString();
  const before = Number((await db.query(`select count(*) as n from cityops.events`)).rows[0].n);
  const load0 = loadAverage();
  const baseline = await run(`${bare.url}/bare`, {});
  const posted = await run(`${yiwang.url}/open311/v2/requests.json`, {
    method: 'POST',
    body: form,
    headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
  });
  const after = Number((await db.query(`select count(*) as n from cityops.events`)).rows[0].n);
  const routed = Number(
    (
      await db.query(
        `select count(*) as n from cityops.events where source = 'open311' and grid_id is not null and department_id is not null`,
      )
    ).rows[0].n,
  );
  const ratio = posted.rps / baseline.rps;
  const row = (name: string, r: Run) =>
    `| ${name} | ${r.rps.toFixed(0)} | ${ms(r.p50)} | ${ms(r.p99)} | ${r.non2xx + r.errors} |`;
  const md = `## Open311: POST requests.json with routing (issue 13)

Command: \`npm run bench:open311-post${quick ? ' -- --quick' : ''}\` on ${hostFacts(`PostgreSQL ${pgVersion}`)};
${CONNECTIONS} connections, ${duration} s after a 2 s warm-up; load average ${load0.toFixed(2)} before.

Each POST is a new event: form-encoded body with an API key, a point routed to its community and
grid (point in polygon), the category's department, the deadline by the working-day calendar, the
contact sealed; the event, its history, audit record and \`cityops.event.changed\` in one transaction.

| route | requests/s | p50 ms | p99 ms | failed |
| --- | ---: | ---: | ---: | ---: |
${row('bare Fastify route (baseline)', baseline)}
${row('POST /open311/v2/requests.json', posted)}

**${posted.rps.toFixed(0)} requests/s, ${(ratio * 100).toFixed(1)}% of the bare route** (an existing
TypeScript Open311 server measured here did about 7/s). Events written: ${(after - before).toLocaleString('en')}
(${routed.toLocaleString('en')} Open311 events routed to a grid and a department).`;
  console.log(md);
  writeSection('open311-post', md);
} finally {
  for (const stop of stops.reverse()) await stop().catch(() => {});
  await scratch.drop();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
