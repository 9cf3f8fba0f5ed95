/**
 * The transparency log (issue 11) on PostgreSQL: appends per second through the sequencer's
 * batches while inclusion proofs are served alongside, against SHA-256 hashing speed measured
 * in the same run; and verifying the log from scratch (`yiwang verify-log`'s work: every record
 * re-hashed, the tree rebuilt, every checkpoint checked), with the tree rebuild alone for
 * 1,000,000 leaves.
 *
 * Run: npm run bench:transparency                (PostgreSQL at BENCH_DATABASE_URL)
 *      npm run bench:transparency -- --records N (default 50,000; not written to the docs unless default)
 */
import { hash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import pino from 'pino';
import { buildApp } from '../server/src/app.ts';
import { loadConfig } from '../server/src/config.ts';
import { CompactRange, leafHash } from '../server/src/platform/merkle.ts';
import { scoped } from '../server/src/platform/db.ts';
import { leafInput } from '../server/src/modules/transparency/transparency.records.ts';
import type { TransparencyTables } from '../server/src/modules/transparency/transparency.tables.ts';
import { verifyLog } from '../server/src/modules/transparency/transparency.verify.ts';
import { createScratchDatabase } from '../server/test/scratch-database.ts';
import { benchDatabaseUrl, hostFacts, writeSection } from './lib.ts';

const arg = process.argv.indexOf('--records');
const RECORDS = arg > 0 ? Number(process.argv[arg + 1]) : 50_000;
const PROOF_CLIENTS = 2;

// Baseline: SHA-256 of a leaf-sized input, one core.
const sample = Buffer.alloc(120, 7);
let t = performance.now();
const HASHES = 1_000_000;
for (let i = 0; i < HASHES; i += 1) hash('sha256', sample, 'buffer');
const hashesPerS = HASHES / ((performance.now() - t) / 1000);

// The tree rebuilt from 1,000,000 leaves (leaf hashing + every node), in memory.
t = performance.now();
const range = new CompactRange();
for (let i = 0; i < 1_000_000; i += 1) {
  range.push(leafHash(leafInput('audit', '01900000-0000-7000-8000-000000000000', i.toString(16).padStart(64, '0'))));
}
range.root();
const rebuildMillionS = (performance.now() - t) / 1000;

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
  // The records: case decisions, one a millisecond.
  await sql`insert into platform.audit_log (id, at, actor_kind, action, resource_type, resource_id, change_hash, detail)
    select gen_random_uuid(), timestamptz '2026-12-01 00:00:00+00' + (i || ' milliseconds')::interval, 'staff',
      'applications.case.approve', 'case', gen_random_uuid()::text, md5(i::text), jsonb_build_object('i', i)
    from generate_series(1, ${RECORDS}) as s(i)`.execute(db);
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

  t = performance.now();
  const report = await verifyLog(scoped<TransparencyTables>(db));
  const verifyS = (performance.now() - t) / 1000;
  if (!report.ok) throw new Error(`verify-log failed: ${JSON.stringify(report.first)}`);
  const verifyPerMillionS = (verifyS / report.treeSize) * 1_000_000;
  await built.close();

  const lines = [
    `Transparency log on PostgreSQL, ${RECORDS.toLocaleString('en')} audit records (\`npm run bench:transparency\`). ${hostFacts()}`,
    '',
    '| measure | result | target |',
    '| --- | --- | --- |',
    `| SHA-256 (120-byte input), one core, same run | ${Math.round(hashesPerS).toLocaleString('en')} hashes/s | baseline |`,
    `| appends/s (batches of ${sequencer.settings.batchSize}, a checkpoint signed after each), with ${PROOF_CLIENTS} clients fetching inclusion proofs | ${Math.round(appendsPerS).toLocaleString('en')} (${((appendsPerS / hashesPerS) * 100).toFixed(2)}% of hashing speed) | ≥ 3,000 |`,
    `| inclusion proofs served meanwhile | ${Math.round(proofsPerS).toLocaleString('en')}/s | |`,
    `| verify-log from scratch (records re-hashed, tree rebuilt, ${report.checkpointsChecked} checkpoints checked) | ${verifyS.toFixed(2)} s for ${report.treeSize.toLocaleString('en')} entries: ${verifyPerMillionS.toFixed(1)} s per 1,000,000 (extrapolated) | < 10 s per 1,000,000 |`,
    `| tree rebuilt from 1,000,000 leaves in memory (leaf + node hashing) | ${rebuildMillionS.toFixed(2)} s | |`,
  ];
  console.log(lines.join('\n'));
  if (arg < 0) writeSection('transparency', lines.join('\n'));
} finally {
  rmSync(dataDir, { recursive: true, force: true });
  await scratch.drop();
}
