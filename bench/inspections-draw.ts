/**
 * A random-inspection draw (双随机一公开, issue 12) on PostgreSQL over 100,000 enterprises and
 * 2,000 inspectors: committing (pools read, canonical JSON, SHA-256 commitment, stored), the draw
 * (beacon, seed, weighted sampling of 5%, two inspectors per target, 5,000 tasks written), and its
 * independent re-verification by docs/verify-draw.ts (WebCrypto, and Node's SHA-256) from the
 * published JSON; against baselines measured in the same run: a plain select of the target pool,
 * and SHA-256 of the pools' canonical JSON.
 *
 * Run: npm run bench:inspections        (PostgreSQL at BENCH_DATABASE_URL)
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import pino from 'pino';
import { verifyDraw, type PublishedDraw, type Sha256 } from '../docs/verify-draw.ts';
import { buildApp } from '../server/src/app.ts';
import { loadConfig } from '../server/src/config.ts';
import type { Principal } from '../server/src/platform/auth.ts';
import { canonicalJson } from '../server/src/modules/inspections/inspections.draw.ts';
import { uuidv7 } from '../server/src/platform/ids.ts';
import { createScratchDatabase } from '../server/test/scratch-database.ts';
import { benchDatabaseUrl, hostFacts, loadAverage, writeSection } from './lib.ts';

const ENTERPRISES = 100_000;
const INSPECTORS = 2_000;
const RATIO_BP = 500;
const ROUNDS = 5;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const nodeSha256: Sha256 = (b) => createHash('sha256').update(b).digest();

const loadBefore = loadAverage();
const scratch = await createScratchDatabase(benchDatabaseUrl(), 'yw_bench_draw');
const dataDir = mkdtempSync(path.join(tmpdir(), 'yiwang-bench-draw-'));
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
  const pgVersion = (await sql<{ v: string }>`select version() as v`.execute(db)).rows[0]!.v.split(' on ')[0];
  const itemId = uuidv7();
  await sql`insert into inspections.items values (${itemId}, 'AMR', 'AMR-SJ-001', '企业公示信息情况检查', 'Check', '条例', '内容', now())`.execute(
    db,
  );
  await sql`insert into inspections.entities
    select '91330383' || lpad(i::text, 10, '0'), '企业' || i, 'industry-' || (i % 20), '龙港市社区' || (i % 92),
      case when i % 50 = 0 then '注销' else '存续' end,
      (array['low','low','medium','high'])[1 + i % 4], (array['A','B','B','C','D'])[1 + i % 5], now()
    from generate_series(1, ${ENTERPRISES}) as s(i)`.execute(db);
  await sql`insert into inspections.inspectors
    select 'AMR-ZF-' || lpad(i::text, 5, '0'), gen_random_uuid(), 'AMR', '执法人员' || i, now()
    from generate_series(1, ${INSPECTORS}) as s(i)`.execute(db);
  await sql`insert into inspections.relations
    select 'AMR-ZF-' || lpad((1 + i % ${INSPECTORS})::text, 5, '0'), '91330383' || lpad((i * 37 % ${ENTERPRISES} + 1)::text, 10, '0'), '亲属', now()
    from generate_series(1, 2000) as s(i) on conflict do nothing`.execute(db);
  await sql`analyze`.execute(db);

  const supervisor: Principal = {
    accountId: uuidv7(),
    kind: 'staff',
    displayName: 'bench',
    roles: new Set(['supervisor']),
    posts: [],
    assuranceLevel: 'in_person',
    actingAs: null,
    sessionId: 'bench',
    csrfToken: 'bench',
  };
  const origin = { requestId: 'bench', ip: null };
  const { draws } = built.modules.inspections;

  const selectMs: number[] = [];
  const hashMs: number[] = [];
  const commitMs: number[] = [];
  const drawMs: number[] = [];
  const verifyWebMs: number[] = [];
  const verifyNodeMs: number[] = [];
  let targets = 0;
  let pool = 0;
  for (let round = 0; round < ROUNDS; round++) {
    let t = performance.now();
    const rows =
      await sql`select uscc, risk_level, credit_grade from inspections.entities where status = '存续' order by uscc`.execute(
        db,
      );
    selectMs.push(performance.now() - t);
    pool = rows.rows.length;

    t = performance.now();
    const committed = await draws.commit(supervisor, { itemId, ratioBasisPoints: RATIO_BP }, origin);
    commitMs.push(performance.now() - t);

    t = performance.now();
    createHash('sha256').update(canonicalJson(committed.pools)).digest('hex');
    hashMs.push(performance.now() - t);

    // The beacon: a checkpoint signed after the commitment (not part of the draw's time).
    await new Promise((r) => setTimeout(r, 5));
    const { sequencer, service } = built.modules.transparency;
    for (;;) {
      await sequencer.appendBatch();
      await sequencer.checkpoint(true);
      const c = await service.latestCheckpoint().catch(() => null);
      if (c && Date.parse(c.issuedAt) > Date.parse(committed.committedAt)) break;
    }
    t = performance.now();
    const made = await draws.draw(supervisor, committed.id, origin);
    drawMs.push(performance.now() - t);
    targets = made.result!.targets.length;

    const published = JSON.parse(JSON.stringify(await draws.published(committed.id))) as PublishedDraw;
    t = performance.now();
    const web = await verifyDraw(published);
    verifyWebMs.push(performance.now() - t);
    t = performance.now();
    const node = await verifyDraw(published, nodeSha256);
    verifyNodeMs.push(performance.now() - t);
    if (!web.ok || !node.ok) throw new Error(`verification failed: ${web.problems.join('; ')}`);
  }
  await built.close();
  const loadAfter = loadAverage();

  const sel = median(selectMs);
  const hash = median(hashMs);
  const fmt = (ms: number) => `${ms.toFixed(0)} ms`;
  const lines = [
    `Random-inspection draw on PostgreSQL (\`npm run bench:inspections\`): ${pool.toLocaleString('en')} enterprises in the pool (of ${ENTERPRISES.toLocaleString('en')}), ${INSPECTORS.toLocaleString('en')} inspectors, 2,000 declared relations, ratio ${RATIO_BP / 100}% → ${targets.toLocaleString('en')} targets × 2 inspectors. Median of ${ROUNDS} rounds. ${hostFacts(pgVersion)}; load average ${loadBefore.toFixed(2)} before, ${loadAfter.toFixed(2)} after (2 cores).`,
    '',
    '| measure | median | × baseline | target |',
    '| --- | --- | --- | --- |',
    `| baseline: plain select of the target pool (uscc, risk, credit; ordered) | ${fmt(sel)} | 1 | |`,
    `| baseline: SHA-256 of the pools' canonical JSON | ${fmt(hash)} | | |`,
    `| commit: pools read (targets, inspectors, conflicts), canonical JSON, SHA-256, commitment stored and audited | ${fmt(median(commitMs))} | ${(median(commitMs) / sel).toFixed(1)} | |`,
    `| draw: beacon, seed, weighted sampling, teams, ${targets.toLocaleString('en')} tasks written, audited | ${fmt(median(drawMs))} | ${(median(drawMs) / sel).toFixed(1)} | < 1 s |`,
    `| re-verification by docs/verify-draw.ts with Node's SHA-256 (pools hash, commitment, seed, full rerun) | ${fmt(median(verifyNodeMs))} | ${(median(verifyNodeMs) / sel).toFixed(1)} | < 1 s |`,
    `| re-verification by docs/verify-draw.ts with WebCrypto (as the public page runs it) | ${fmt(median(verifyWebMs))} | ${(median(verifyWebMs) / sel).toFixed(1)} | |`,
  ];
  console.log(lines.join('\n'));
  writeSection('inspections-draw', lines.join('\n'));
} finally {
  rmSync(dataDir, { recursive: true, force: true });
  await scratch.drop();
}
