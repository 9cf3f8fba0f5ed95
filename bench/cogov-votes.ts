/**
 * Secret-ballot votes (一网共治, issue 14) on PostgreSQL, in a city-wide consultation whose
 * electorate is 460,000 residents on the roster:
 * - votes cast per second through the ballot box's write path (the voter record with its audit
 *   record and event in one transaction, the ballot alone in another, mixing every 32 ballots),
 *   CONCURRENCY at a time, against a plain one-row insert per transaction in the same run; p50/p99;
 * - tallying and publishing 460,000 ballots (the rest mixed, counted, turnout from the roster,
 *   the receipts file's SHA-256 over every line in receipt order) and downloading the file. Target < 10 s.
 * Standing (identity + roster look-ups) is not in the measured path: the write path starts after it.
 *
 * Run: npm run bench:cogov-votes        (PostgreSQL at BENCH_DATABASE_URL)
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import pino from 'pino';
import { buildApp } from '../server/src/app.ts';
import { loadConfig } from '../server/src/config.ts';
import { commitmentOf, receiptOf } from '../server/src/modules/cogov/cogov.ballot-key.ts';
import type { ConsultationRow } from '../server/src/modules/cogov/cogov.consultations.ts';
import { uuidv7 } from '../server/src/platform/ids.ts';
import { createScratchDatabase } from '../server/test/scratch-database.ts';
import { benchDatabaseUrl, hostFacts, loadAverage, percentile, writeSection } from './lib.ts';

const ELECTORATE = Number(process.env.BENCH_COGOV_RESIDENTS ?? 460_000);
const VOTES = Number(process.env.BENCH_COGOV_VOTES ?? 4_000);
const CONCURRENCY = 8;
const REGION = '330383';

const loadBefore = loadAverage();
const scratch = await createScratchDatabase(benchDatabaseUrl(), 'yw_bench_cogov');
const dataDir = mkdtempSync(path.join(tmpdir(), 'yiwang-bench-cogov-'));
try {
  const config = loadConfig({
    databaseUrl: scratch.url,
    dataDir,
    dataKey: Buffer.alloc(32, 5).toString('base64'),
    logLevel: 'silent',
    seed: 'none',
    transparencyIntervalMs: 0,
    regionCode: REGION,
  });
  const built = await buildApp(config, { logger: pino({ level: 'silent' }) });
  const db = built.platform.db;
  const pgVersion = (await sql<{ v: string }>`select version() as v`.execute(db)).rows[0]!.v.split(' on ')[0];
  const box = built.modules.cogov.parts.consultations.api!.ballots;

  // ---- the roster: 460,000 residents of the city (set-based; sealed columns hold placeholders) ----
  let t = performance.now();
  await sql`insert into exchange.residents (region_code, id, community_id, grid_id, name_enc, gender, birth_year, id_number_enc, id_number_index, created_at)
    select ${REGION}, md5('r' || i)::uuid, md5('c' || (i % 90))::uuid, null, 'x', 'M', 1940 + (i % 60), 'x', md5('idx' || i), now()
    from generate_series(1, ${ELECTORATE}) i`.execute(db);
  await sql`analyze exchange.residents`.execute(db);
  const rosterS = (performance.now() - t) / 1000;

  const now = Date.now();
  const open = async (closesAt: Date): Promise<ConsultationRow> => {
    const id = uuidv7();
    await sql`insert into cogov.consultations (id, region_code, community_id, scope, grid_id, min_age, title, background, options, opens_at, closes_at, created_by, created_at)
      values (${id}, ${REGION}, null, 'city', null, 18, '城市公园命名', '全市居民投票', ${JSON.stringify([
        { key: 'A', label: '甲', labelEn: 'A' },
        { key: 'B', label: '乙', labelEn: 'B' },
        { key: 'C', label: '丙', labelEn: 'C' },
      ])}::jsonb, ${new Date(now - 60_000)}, ${closesAt}, ${uuidv7()}, now())`.execute(db);
    return (await sql<ConsultationRow>`select * from cogov.consultations where id = ${id}`.execute(db)).rows[0]!;
  };

  // ---- votes per second: the ballot box's write path vs a plain insert, CONCURRENCY at a time ----
  const c1 = await open(new Date(now + 3_600_000));
  await sql`create table public.plain_votes (id uuid primary key, consultation_id uuid not null, v text not null)`.execute(
    db,
  );
  const actor = { accountId: null, kind: 'system' as const, requestId: null, ip: null };
  async function measure(n: number, one: (i: number) => Promise<void>) {
    const lat: number[] = [];
    let next = 0;
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        for (;;) {
          const i = next++;
          if (i >= n) return;
          const s = performance.now();
          await one(i);
          lat.push(performance.now() - s);
        }
      }),
    );
    const secs = (performance.now() - t0) / 1000;
    return { perSecond: n / secs, p50: percentile(lat, 50), p99: percentile(lat, 99) };
  }
  const plain = await measure(VOTES, async () => {
    await db
      .transaction()
      .execute((tx) => sql`insert into public.plain_votes values (${uuidv7()}, ${c1.id}, 'A')`.execute(tx));
  });
  const votes = await measure(VOTES, async (i) => {
    const key = randomBytes(32).toString('base64url');
    await box.record(
      c1,
      `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      { receipt: receiptOf(c1.id, key), commitment: commitmentOf(c1.id, key), choice: 'ABC'[i % 3]! },
      actor,
      uuidv7(),
    );
  });

  // ---- tallying and publishing 460,000 ballots ----
  const c2 = await open(new Date(now + 1_000));
  t = performance.now();
  await sql`insert into cogov.voters (consultation_id, resident_id, commitment)
    select ${c2.id}, md5('r' || i)::uuid, encode(sha256(('v' || i)::bytea), 'hex') from generate_series(1, ${ELECTORATE}) i`.execute(
    db,
  );
  // All but the last 31 mixed (as the ballot box leaves them), in receipt order.
  await sql`insert into cogov.ballots (consultation_id, receipt, choice, mixed)
    select ${c2.id}, r, ch, i <= ${ELECTORATE - 31} from (
      select i, substr(encode(sha256(('k' || i)::bytea), 'hex'), 1, 20) as r, (array['A','B','C'])[1 + i % 3] as ch
      from generate_series(1, ${ELECTORATE}) i) x order by r`.execute(db);
  await sql`analyze cogov.ballots`.execute(db);
  await sql`analyze cogov.voters`.execute(db);
  const fillS = (performance.now() - t) / 1000;
  await new Promise((r) => setTimeout(r, Math.max(0, c2.closes_at.getTime() - Date.now() + 50)));
  t = performance.now();
  await box.publish(c2.id);
  const publishS = (performance.now() - t) / 1000;
  t = performance.now();
  let bytes = 0;
  for await (const chunk of await box.receipts(c2.id)) bytes += chunk.length;
  const fileS = (performance.now() - t) / 1000;
  const result = (
    await sql<{
      result: { ballots: number; turnout: number };
    }>`select result from cogov.consultations where id = ${c2.id}`.execute(db)
  ).rows[0]!.result;
  await built.close();

  const fmt = (x: number) => x.toFixed(1);
  const md = `## 一网共治: secret-ballot votes (issue 14)

\`npm run bench:cogov-votes\` on ${hostFacts(pgVersion)}; load average ${loadBefore.toFixed(1)} before the run (the machine is shared).
Electorate: ${ELECTORATE.toLocaleString('en')} residents on the roster, one city-wide consultation.

| measure | value |
| --- | --- |
| votes cast (voter record + audit + event, then the ballot alone; mixing every 32), ${CONCURRENCY} at a time | **${fmt(votes.perSecond)} votes/s**, p50 ${fmt(votes.p50)} ms, p99 ${fmt(votes.p99)} ms |
| baseline: one plain insert per transaction, same run, ${CONCURRENCY} at a time | ${fmt(plain.perSecond)} inserts/s, p50 ${fmt(plain.p50)} ms, p99 ${fmt(plain.p99)} ms |
| ratio votes / plain inserts | ${(votes.perSecond / plain.perSecond).toFixed(2)} |
| tally and publish ${result.ballots.toLocaleString('en')} ballots (mix the rest, count, turnout ${(result.turnout * 100).toFixed(1)}%, SHA-256 of the receipts file) | **${publishS.toFixed(2)} s** (target < 10 s) |
| produce the receipts file (${(bytes / 1e6).toFixed(1)} MB) | ${fileS.toFixed(2)} s |
| setup: roster ${ELECTORATE.toLocaleString('en')} rows / voters and ballots ${ELECTORATE.toLocaleString('en')} each | ${fmt(rosterS)} s / ${fmt(fillS)} s |

${VOTES.toLocaleString('en')} votes measured (standing checks — identity and roster reads — are before this path and not included).`;
  console.log(md);
  writeSection('cogov-votes', md);
} finally {
  await scratch.drop();
  rmSync(dataDir, { recursive: true, force: true });
}
