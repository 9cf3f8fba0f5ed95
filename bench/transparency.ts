/**
 * The transparency log (issue 11) on PostgreSQL: appends per second through the sequencer's
 * batches while inclusion proofs are served alongside, against SHA-256 hashing speed measured
 * in the same run; and verifying the log from scratch (`yiwang verify-log`'s work: every record
 * re-hashed, the tree rebuilt, every checkpoint checked) at 1,000,000 entries, with the tree
 * rebuild alone for 1,000,000 leaves.
 *
 * The log to verify is made for real: its records by SQL (generate_series), appended by the
 * sequencer (the appends measured first, the rest in one long drain), a checkpoint signed every
 * 100,000 entries.
 *
 * Run: npm run bench:transparency                 (PostgreSQL at BENCH_DATABASE_URL)
 *      npm run bench:transparency -- --records N  (appends measured over N records; default 50,000)
 *      npm run bench:transparency -- --verify M   (entries verified; default 1,000,000)
 * Only the defaults are written to docs/benchmarks.md.
 */
import { hash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql, type Kysely } from 'kysely';
import pino from 'pino';
import { buildApp } from '../server/src/app.ts';
import { loadConfig } from '../server/src/config.ts';
import { BinaryRange } from '../server/src/platform/merkle.ts';
import { scoped } from '../server/src/platform/db.ts';
import { binaryLeafOf } from '../server/src/modules/transparency/transparency.records.ts';
import type { TransparencyTables } from '../server/src/modules/transparency/transparency.tables.ts';
import { verifyLog } from '../server/src/modules/transparency/transparency.verify.ts';
import { createScratchDatabase } from '../server/test/scratch-database.ts';
import { benchDatabaseUrl, hostFacts, loadAverage, writeSection } from './lib.ts';

const option = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const RECORDS = option('--records', 50_000);
const VERIFY = Math.max(option('--verify', 1_000_000), RECORDS);
const DEFAULTS = !process.argv.includes('--records') && !process.argv.includes('--verify');
const PROOF_CLIENTS = 2;
const loads: number[] = [loadAverage()];
const fmt = (n: number) => Math.round(n).toLocaleString('en');

// Baseline: SHA-256 of a leaf-sized input, one core.
const sample = Buffer.alloc(120, 7);
let t = performance.now();
const HASHES = 1_000_000;
for (let i = 0; i < HASHES; i += 1) hash('sha256', sample, 'buffer');
const hashesPerS = HASHES / ((performance.now() - t) / 1000);

// The tree rebuilt from 1,000,000 leaves (the leaf line hashed, then every node), in memory.
t = performance.now();
const range = new BinaryRange();
for (let i = 0; i < 1_000_000; i += 1) {
  range.append(binaryLeafOf('audit', '01900000-0000-7000-8000-000000000000', i.toString(16).padStart(64, '0')));
}
range.root();
const rebuildMillionS = (performance.now() - t) / 1000;

/** `n` audit records of case decisions after the `done` already made, one a millisecond, their ids UUIDv7 as writeAudit makes them. */
async function makeRecords(db: Kysely<object>, done: number, n: number): Promise<void> {
  for (let at = done; at < done + n; at += 250_000) {
    await sql`insert into platform.audit_log (id, at, actor_kind, action, resource_type, resource_id, change_hash, detail)
      select (lpad(to_hex(1796083200000 + i), 12, '0') || '7' || substr(md5(i::text), 1, 3) || '8' || substr(md5(i::text), 4, 15))::uuid,
        timestamptz '2026-12-01 00:00:00+00' + (i || ' milliseconds')::interval, 'staff',
        'applications.case.approve', 'case', gen_random_uuid()::text, md5(i::text), jsonb_build_object('i', i)
      from generate_series(${at + 1}::int, ${Math.min(at + 250_000, done + n)}::int) as s(i)`.execute(db);
  }
}

const scratch = await createScratchDatabase(benchDatabaseUrl(), 'yw_bench_log');
const dataDir = mkdtempSync(path.join(tmpdir(), 'yiwang-bench-log-'));
try {
  const config = loadConfig({
    databaseUrl: scratch.url,
    dataDir,
    dataKey: Buffer.alloc(32, 3).toString('base64'),
    logLevel: 'silent',
    seed: 'none',
    transparencyIntervalMs: 0,
  });
  const built = await buildApp(config, { logger: pino({ level: 'silent' }) });
  const db = built.platform.db;
  const pg = (await sql<{ v: string }>`select split_part(version(), ' ', 2) as v`.execute(db)).rows[0]!.v;
  await makeRecords(db, 0, RECORDS);
  const { sequencer, service } = built.modules.transparency;
  // Warm: the first batch and a checkpoint (so proofs have a tree size to be served at).
  await sequencer.appendBatch();
  await sequencer.checkpoint(true);
  let served = 0;
  let appending = true;
  const proofs = async () => {
    while (appending) {
      const size = (await service.latestCheckpoint()).treeSize;
      await service.inclusion({ index: Math.floor(Math.random() * size), treeSize: size });
      served += 1;
    }
  };
  loads.push(loadAverage());
  t = performance.now();
  const clients = Array.from({ length: PROOF_CLIENTS }, proofs);
  let appended = 0;
  for (;;) {
    const n = await sequencer.appendBatch();
    appended += n;
    await sequencer.checkpoint(true);
    if (n === 0) break;
  }
  const appendS = (performance.now() - t) / 1000;
  appending = false;
  await Promise.all(clients);
  const appendsPerS = appended / appendS;
  const proofsPerS = served / appendS;
  loads.push(loadAverage());

  // The rest of the log to verify, appended by the same sequencer without proof clients.
  const size0 = RECORDS + 1; // the records and the signing key's creation
  await makeRecords(db, RECORDS, VERIFY - size0);
  t = performance.now();
  let filled = 0;
  for (let mark = 100_000; ;) {
    const n = await sequencer.appendBatch();
    filled += n;
    if (n === 0 || size0 + filled >= mark) {
      await sequencer.checkpoint(true);
      mark += 100_000;
    }
    if (n === 0) break;
  }
  const fillS = (performance.now() - t) / 1000;
  // The statistics autovacuum would have gathered by now on a log that grew over months.
  await sql`analyze`.execute(db);
  loads.push(loadAverage());

  t = performance.now();
  const cpu0 = process.cpuUsage();
  const report = await verifyLog(scoped<TransparencyTables>(db));
  const verifyS = (performance.now() - t) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const verifyCpuS = (cpu.user + cpu.system) / 1e6;
  loads.push(loadAverage());
  if (!report.ok) throw new Error(`verify-log failed: ${JSON.stringify(report.first)}`);
  await built.close();

  const when = new Date().toISOString().slice(0, 16).replace('T', ' ');
  const lines = [
    `Transparency log on PostgreSQL (\`npm run bench:transparency\`, ${when} UTC). ${hostFacts(`PostgreSQL ${pg}`)}. ` +
      `Load average (1 min) during the run: ${loads.map((l) => l.toFixed(2)).join(', ')} on 2 cores.`,
    '',
    '| measure | result | target |',
    '| --- | --- | --- |',
    `| SHA-256 (120-byte input), one core, same run | ${fmt(hashesPerS)} hashes/s | baseline |`,
    `| appends/s over ${fmt(RECORDS)} audit records (batches of ${sequencer.settings.batchSize}, a checkpoint signed after each), with ${PROOF_CLIENTS} clients fetching inclusion proofs | ${fmt(appendsPerS)} (${((appendsPerS / hashesPerS) * 100).toFixed(2)}% of hashing speed) | ≥ 3,000 |`,
    `| inclusion proofs served meanwhile | ${fmt(proofsPerS)}/s | |`,
    `| the rest of the log appended, no proof clients (a checkpoint every 100,000) | ${fmt(filled)} in ${fillS.toFixed(1)} s: ${fmt(filled / fillS)}/s | |`,
    `| verify-log from scratch at ${fmt(report.treeSize)} entries (every record re-read and re-hashed, tree rebuilt, ${report.checkpointsChecked} checkpoints checked) | ${verifyS.toFixed(2)} s (the verifier's own CPU time: ${verifyCpuS.toFixed(2)} s; the rest is PostgreSQL's work and other work on the machine) | < 10 s per 1,000,000 |`,
    `| tree rebuilt from 1,000,000 leaves in memory (leaf line + node hashing) | ${rebuildMillionS.toFixed(2)} s | |`,
  ];
  console.log(lines.join('\n'));
  if (DEFAULTS) writeSection('transparency', lines.join('\n'));
} finally {
  rmSync(dataDir, { recursive: true, force: true });
  await scratch.drop();
}
