/**
 * Catalogue search (issue: one-stop services): p50/p99 and requests/s of GET /api/catalog/items
 * with 1,000 service items, against a bare Fastify route measured in the same run; and the
 * latency at a fixed 1,000 requests/s (target: p99 under 10 ms).
 *
 * Run: npm run bench:catalog
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import pino from 'pino';
import { buildApp } from '../server/src/app.ts';
import { loadConfig } from '../server/src/config.ts';
import { DEMO_BUNDLES, DEMO_ITEMS } from '../server/src/demo/items.ts';
import type { ServiceItemData } from '../server/src/modules/catalog/catalog.types.ts';
import { load, machine, SERVER_NODE_FLAGS, startServer, writeSection, type LoadResult } from './lib.ts';

const ITEMS = 1_000;
const quick = process.argv.includes('--quick');
const duration = quick ? 4 : 10;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'yiwang-bench-catalog-'));
const env = { YIWANG_DATA_DIR: dataDir, LOG_LEVEL: 'warn', DATABASE_URL: '' };

// 1,000 items: the demo items, then variants of them (other places, other handling kinds), as a province's list would have.
const PLACES = ['城东', '城西', '江南', '滨海', '新城', '北港', '南湖', '东塘', '西岙', '中心'];
const items: ServiceItemData[] = [...DEMO_ITEMS];
for (let i = 0; items.length < ITEMS; i++) {
  const base = DEMO_ITEMS[i % DEMO_ITEMS.length]!;
  const place = PLACES[Math.floor(i / DEMO_ITEMS.length) % PLACES.length]!;
  const code = `${base.handlingItemCode}V${String(i).padStart(4, '0')}`;
  items.push({
    ...base,
    handlingItemCode: code,
    name: { zh: `${base.name.zh}（${place}分中心）`, en: `${base.name.en} (${place} branch ${i})` },
  });
}

console.log(`seeding ${items.length} service items into ${dataDir} ...`);
const config = loadConfig({ dataDir, logLevel: 'warn', seed: 'none' });
const built = await buildApp(config, { logger: pino({ level: 'warn' }) });
await built.modules.catalog.service.seed(items, DEMO_BUNDLES, console.log);
await built.close();

const QUERIES = [
  '公积金',
  '身份证',
  '营业执照',
  '社保卡',
  '出生',
  '入学',
  '许可',
  'provident fund',
  'business',
  '医保',
  '户口迁入',
  '排污',
];
const bare = await startServer(process.execPath, ['bench/bare-server.ts'], {}, 18_300, '/bare');
const yiwang = await startServer(
  process.execPath,
  [...SERVER_NODE_FLAGS, 'server/src/cli.ts', 'start'],
  { ...env, YIWANG_SEED: 'none' },
  18_301,
  '/readyz',
);
await fetch(`${yiwang.url}/api/catalog/items?q=warm`); // build the index

const searchRequests = QUERIES.map((q) => ({
  method: 'GET' as const,
  path: `/api/catalog/items?q=${encodeURIComponent(q)}&pageSize=20`,
}));
const results: LoadResult[] = [];
results.push(await load('bare Fastify route (baseline)', `${bare.url}/bare`, { duration }));
const run = async (name: string, opts: { overallRate?: number; connections?: number }) => {
  const r = await autocannon({ url: yiwang.url, connections: 32, duration, requests: searchRequests, ...opts });
  return { name, rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, errors: r.errors, non2xx: r.non2xx };
};
await run('warm-up', {});
results.push(await run('GET /api/catalog/items?q=… (12 queries in turn), full load', {}));
// A steady 1,000 requests/s from 10 clients (with 32, autocannon's pacing sends bursts that queue).
results.push(
  await run('the same at a fixed 1,000 requests/s (10 connections)', { overallRate: 1_000, connections: 10 }),
);
await bare.stop();
await yiwang.stop();
fs.rmSync(dataDir, { recursive: true, force: true });

for (const r of results)
  if (r.errors > 0 || r.non2xx > 0) throw new Error(`${r.name}: ${r.errors} errors, ${r.non2xx} non-2xx`);
const base = results[0]!;
const fixed = results[2]!;
const md = `
## One-stop services: catalogue search

Command: \`npm run bench:catalog\` (${new Date().toISOString().slice(0, 10)}, ${machine()}; ${items.length} service items on embedded PGlite; autocannon, 32 connections unless noted, ${duration} s; queries in Chinese and English in turn).

| route | requests/s | p50 ms | p99 ms | vs bare route |
| --- | ---: | ---: | ---: | ---: |
${results.map((r) => `| ${r.name} | ${r.rps.toFixed(0)} | ${r.p50} | ${r.p99} | ${((r.rps / base.rps) * 100).toFixed(0)}% |`).join('\n')}

Target: p99 under 10 ms at 1,000 requests/s — **${fixed.p99} ms** (${fixed.p99 < 10 ? 'met' : 'NOT met'}).
`;
writeSection('catalog-search', md);
console.log(md);
