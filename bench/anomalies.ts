/**
 * Anomaly flags (异常预警, issue 12) on PostgreSQL over 1,000,000 decided cases: the full pass
 * (statistics rebuilt from the cases, then one set-based INSERT ... SELECT per rule of the
 * shipped defaults) and the incremental pass per new decision (the case recorded, its item's
 * histogram and its applicant's counts bumped, every rule evaluated, flags written; one
 * transaction each), against baselines measured in the same run: one aggregate scan of the
 * cases (per item count and mean) for the full pass, and a plain indexed insert and select of
 * one case row in a transaction for the incremental pass.
 *
 * The cases are generated with set-based SQL (generate_series): 300 service items in 15
 * departments, 2,000 deciding staff, 200,000 applicants (some served by one staff member only),
 * handling times log-normal around 3 days with 0.1% far outliers, 1% sent back for correction
 * three times, 0.5% decided at 21:30, 2,000 declared relations (a tenth matching an applicant).
 * The city's demo seed (bench/city.ts) is not needed: the cases table is supervision's own.
 *
 * Run: npm run bench:anomalies        (PostgreSQL at BENCH_DATABASE_URL)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import pino from 'pino';
import { buildApp } from '../server/src/app.ts';
import { loadConfig } from '../server/src/config.ts';
import { anDb } from '../server/src/modules/supervision/supervision.anomalies.repository.ts';
import type { DecisionFacts } from '../server/src/modules/supervision/supervision.anomaly-sources.ts';
import { uuidv7 } from '../server/src/platform/ids.ts';
import { createRng } from '../server/src/platform/prng.ts';
import { createScratchDatabase } from '../server/test/scratch-database.ts';
import { benchDatabaseUrl, hostFacts, loadAverage, writeSection } from './lib.ts';

const CASES = Number(process.env.BENCH_ANOMALY_CASES ?? 1_000_000);
const INCREMENTAL = 2_000;
const REGION = '330383';
const quantile = (xs: number[], q: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * q))]!;

const loadBefore = loadAverage();
const scratch = await createScratchDatabase(benchDatabaseUrl(), 'yw_bench_anomalies');
const dataDir = mkdtempSync(path.join(tmpdir(), 'yiwang-bench-anomalies-'));
try {
  const config = loadConfig({
    databaseUrl: scratch.url,
    dataDir,
    dataKey: Buffer.alloc(32, 5).toString('base64'),
    logLevel: 'silent',
    seed: 'none',
    transparencyIntervalMs: 0,
  });
  const built = await buildApp(config, { logger: pino({ level: 'silent' }) });
  const db = built.platform.db;
  const pgVersion = (await sql<{ v: string }>`select version() as v`.execute(db)).rows[0]!.v.split(' on ')[0];
  const anomalies = built.modules.supervision.service.anomalies;

  // ---- 1,000,000 decided cases, set-based ----
  let t = performance.now();
  // A deterministic value in [0, 1) per (i, salt).
  const u = (salt: string) =>
    sql.raw(`(('x' || substr(md5(i::text || '${salt}'), 1, 8))::bit(32)::bigint / 4294967296.0)`);
  const staff = sql.raw(`md5('staff' || ((i::bigint * 7919 + (i / 200000) * 613) % 2000))::uuid`);
  await sql`insert into supervision.anomaly_cases
    select 'c-' || i, '330383-BENCH-' || lpad(i::text, 8, '0'), ${REGION},
      'D' || lpad((i % 15)::text, 2, '0'), 'ITEM-' || lpad((i % 300)::text, 3, '0'),
      case when i % 9 = 0 then 'rejected' else 'completed' end,
      'a:' || (i % 200000),
      array['id:' || md5('person' || (i % 200000)), 'addr:' || md5('addr' || (i % 150000))],
      -- Every 40th applicant is served by one staff member only; the others by whoever is free.
      case when (i % 200000) % 40 = 0 then md5('staff' || ((i % 200000) % 2000))::uuid else ${staff} end,
      '审批人', ts - make_interval(secs => secs), ts, secs,
      case when i % 100 = 0 then 3 else 0 end, now()
    from (
      select i,
        (('2025-12-01'::date + ((i / 5) % 52) * 7 + (i % 5))
          + case when i % 200 = 0 then time '21:30' else time '09:00' + make_interval(mins => (i * 7) % 480) end)
          at time zone 'Asia/Shanghai' as ts,
        case when i % 1000 = 0 then 60.0
          else exp(ln(259200) + (${u('a')} + ${u('b')} + ${u('c')} - 1.5) * 0.8) end as secs
      from generate_series(1, ${CASES}) as s(i)
    ) g`.execute(db);
  await sql`insert into supervision.staff_relation_keys
    select md5('staff' || (i % 2000))::uuid,
      case when i % 10 = 0 then 'addr:' || md5('addr' || (i * 13 % 150000)) else 'id:' || md5('relative' || i) end,
      case when i % 10 = 0 then 'address' else 'person' end, 'declared', now()
    from generate_series(1, 2000) as s(i) on conflict do nothing`.execute(db);
  // The baseline table: the same row shape, with a primary key and one index, no rules.
  await sql`create table supervision.bench_cases (like supervision.anomaly_cases including all)`.execute(db);
  await sql`analyze`.execute(db);
  const generateMs = performance.now() - t;
  console.log(`generated ${CASES.toLocaleString('en')} decided cases in ${(generateMs / 1000).toFixed(1)} s`);

  // ---- The full pass, against one aggregate scan ----
  t = performance.now();
  await sql`select item_code, count(*), avg(handling_seconds) from supervision.anomaly_cases where region_code = ${REGION} group by 1`.execute(
    db,
  );
  const scanMs = performance.now() - t;
  t = performance.now();
  const first = await anomalies.fullPass(null, REGION, null);
  const fullMs = performance.now() - t;
  t = performance.now();
  const second = await anomalies.fullPass(null, REGION, null);
  const rerunMs = performance.now() - t;
  const flagged = Object.entries(first.raised)
    .map(([k, v]) => `${k} ${v.toLocaleString('en')}`)
    .join(', ');
  console.log(`full pass ${(fullMs / 1000).toFixed(1)} s (${flagged}); re-run ${(rerunMs / 1000).toFixed(1)} s`);
  if (Object.values(second.raised).some((n) => n !== 0)) throw new Error('the re-run raised flags again');

  // ---- The incremental pass per decision, against a plain indexed insert + select ----
  const rng = createRng('bench-anomalies');
  const facts = (): { f: DecisionFacts; keys: string[] } => {
    const applicant = rng.int(0, 199_999);
    // Working hours on the working days of three weeks (2026-11-02 is a Monday); 1% at 22:xx.
    const day = 2 + rng.int(0, 2) * 7 + rng.int(0, 4);
    const decidedAt = new Date(Date.UTC(2026, 10, day, rng.chance(0.01) ? 14 : rng.int(1, 8), rng.int(0, 59)));
    const seconds = Math.exp(Math.log(259_200) + (rng.next() - 0.5) * 2);
    return {
      f: {
        caseId: `n-${uuidv7()}`,
        caseNumber: `330383-NEW-${rng.int(0, 1e8)}`,
        regionCode: REGION,
        departmentCode: `D${String(rng.int(0, 14)).padStart(2, '0')}`,
        itemCode: `ITEM-${String(rng.int(0, 299)).padStart(3, '0')}`,
        outcome: 'completed',
        applicantAccountId: uuidv7(),
        enterpriseId: null,
        submittedAt: new Date(decidedAt.getTime() - seconds * 1000),
        decidedAt,
        deciderAccountId: uuidv7(),
        deciderName: '审批人',
        corrections: rng.chance(0.01) ? 3 : 0,
      },
      keys: [`id:p${applicant}`, `addr:a${applicant % 150_000}`],
    };
  };
  const incMs: number[] = [];
  const baseMs: number[] = [];
  let raised = 0;
  for (let k = 0; k < INCREMENTAL; k++) {
    const { f, keys } = facts();
    // Interleaved, so both see the same load.
    let s = performance.now();
    await db.transaction().execute(async (tx) => {
      await sql`insert into supervision.bench_cases (case_id, case_number, region_code, department_code, item_code, outcome,
          applicant_key, applicant_keys, decider_account_id, decider_name, submitted_at, decided_at, handling_seconds, corrections, recorded_at)
        values (${f.caseId}, ${f.caseNumber}, ${REGION}, ${f.departmentCode}, ${f.itemCode}, 'completed', ${`a:${f.applicantAccountId}`},
          ${keys}, ${f.deciderAccountId}, ${f.deciderName}, ${f.submittedAt}, ${f.decidedAt}, 1, 0, now())`.execute(tx);
      await sql`select * from supervision.bench_cases where case_id = ${f.caseId}`.execute(tx);
    });
    baseMs.push(performance.now() - s);
    s = performance.now();
    raised += await db.transaction().execute((tx) => anomalies.recordDecision(anDb(tx), f, keys, new Date()));
    incMs.push(performance.now() - s);
  }
  await built.close();
  const loadAfter = loadAverage();

  const fmtS = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  const fmtMs = (ms: number) => `${ms.toFixed(2)} ms`;
  const [b50, b99, i50, i99] = [
    quantile(baseMs, 0.5),
    quantile(baseMs, 0.99),
    quantile(incMs, 0.5),
    quantile(incMs, 0.99),
  ];
  const lines = [
    `Anomaly flags on PostgreSQL (\`npm run bench:anomalies\`): ${CASES.toLocaleString('en')} decided cases generated with generate_series (300 items, 2,000 staff, 200,000 applicants; ${fmtS(generateMs)} to generate and analyze), the shipped default rules. ${hostFacts(pgVersion)}; load average ${loadBefore.toFixed(2)} before, ${loadAfter.toFixed(2)} after (2 cores: ${loadBefore > 1.5 || loadAfter > 1.5 ? 'other work shared them' : 'quiet'}).`,
    '',
    '| measure | time | × baseline | target |',
    '| --- | --- | --- | --- |',
    `| baseline: one aggregate scan of the cases (count and mean per item) | ${fmtS(scanMs)} | 1 | |`,
    `| full pass: statistics rebuilt, 5 rules set-based, ${Object.values(first.raised)
      .reduce((a, b) => a + b, 0)
      .toLocaleString('en')} flags raised (${flagged}) | ${fmtS(fullMs)} | ${(fullMs / scanMs).toFixed(1)} | < 60 s |`,
    `| full pass again (every rule re-evaluated, nothing new raised) | ${fmtS(rerunMs)} | ${(rerunMs / scanMs).toFixed(1)} | |`,
    `| baseline: plain insert + select of one case row by key, one transaction, p50 / p99 | ${fmtMs(b50)} / ${fmtMs(b99)} | 1 / 1 | |`,
    `| incremental pass per new decision (recorded, histogram and counts bumped, 5 rules, flags written; one transaction), p50 / p99 over ${INCREMENTAL.toLocaleString('en')} (${raised} flags) | ${fmtMs(i50)} / ${fmtMs(i99)} | ${(i50 / b50).toFixed(1)} / ${(i99 / b99).toFixed(1)} | < 5 ms |`,
  ];
  console.log(lines.join('\n'));
  writeSection('anomalies', lines.join('\n'));
} finally {
  rmSync(dataDir, { recursive: true, force: true });
  await scratch.drop();
}
