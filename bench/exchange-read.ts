/**
 * Registry reads through the exchange (issue 10) on PostgreSQL: reads per second through the
 * exchange's one read path — the grant check, the consent check, the sealed record opened,
 * and the access-log row written and committed before the answer — against a plain indexed
 * read of the same row (the same SELECT of exchange.records by the subject's blind index) in
 * the same run, from the same connection pool. Target: at least 40%.
 *
 * The population registry holds one record for each of the demo city's first residents; a
 * grant of 龙港市公安局 (PSB) lets 龙港市医疗保障局 (HSA) read name, birth date and sex for a
 * service item without a statutory duty, so every read also needs (and finds) the person's
 * consent for that item. Readers: as many concurrent callers as the pool has connections,
 * each reading a different person each time, in the server's process (no HTTP around either).
 * Rounds alternate (plain, exchange, plain, exchange, ...); the median of each is reported.
 *
 * Run: npm run bench:exchange             (PostgreSQL at BENCH_DATABASE_URL)
 *      npm run bench:exchange -- --quick  (shorter rounds; not written to the docs)
 *      node --cpu-prof --cpu-prof-dir=/tmp/yiwang-profiles bench/exchange-read.ts --quick   (a CPU profile)
 */
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import pino from 'pino';
import { buildApp } from '../server/src/app.ts';
import { loadConfig } from '../server/src/config.ts';
import { generateResidents } from '../server/src/demo/population.ts';
import { DEMO_SEED, seedDemoCity } from '../server/src/demo/seed.ts';
import { recordRow, type Requester } from '../server/src/modules/exchange/index.ts';
import { uuidv7 } from '../server/src/platform/ids.ts';
import { PII } from '../server/src/platform/pii.ts';
import { createScratchDatabase } from '../server/test/scratch-database.ts';
import { benchDatabaseUrl, hostFacts, loadAverage, percentile, writeSection } from './lib.ts';

const quick = process.argv.includes('--quick');
const SECONDS = quick ? 4 : 10;
const ROUNDS = quick ? 2 : 3;
/** Concurrent readers: the pool's connections (platform/db.ts). */
const READERS = 10;
const PEOPLE = 2_000;
const ITEM = '330383-HSA-BENCH-001';
const REGISTRY = 'population-registry';
const FIELDS = ['name', 'birthDate', 'gender'];
const base = benchDatabaseUrl();

const t0 = performance.now();
const scratch = await createScratchDatabase(base, 'yiwang_bench_exchange');
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'yiwang-bench-exchange-'));
const dataKey = randomBytes(32).toString('base64');
try {
  console.log(`seeding the demo city into ${new URL(scratch.url).pathname.slice(1)} ...`);
  const config = loadConfig({ databaseUrl: scratch.url, dataKey, dataDir, logLevel: 'warn', seed: 'none' });
  const built = await buildApp(config, { logger: pino({ level: 'warn' }) });
  await built.app.ready(); // the registry catalogue is synced when the app is ready
  await seedDemoCity(built.platform, built.modules, {
    residents: 200,
    enterprises: 5,
    fullStaff: false,
    log: () => {},
  });
  const db = built.platform.db;
  const protector = built.platform.protector;
  const now = built.platform.clock.now();

  // --- the registry's records, the grant and each person's consent
  const people = [...generateResidents(DEMO_SEED, PEOPLE)];
  const existing = new Set(
    (
      await sql<{
        subject_index: string;
      }>`select subject_index from exchange.records where registry_code = ${REGISTRY}`.execute(db)
    ).rows.map((r) => r.subject_index),
  );
  const rows = people
    .filter((p) => !existing.has(protector.blindIndex(p.idNumber, PII.citizenId)))
    .map((p) =>
      recordRow(
        protector,
        {
          registry: REGISTRY,
          recordType: 'person',
          subject: { idNumber: p.idNumber },
          version: 1,
          values: {
            name: p.name,
            idNumber: p.idNumber,
            birthDate: p.birthDate,
            gender: p.gender === 'M' ? '男' : '女',
            address: p.address,
            communityCode: p.communityCode,
            gridCode: p.gridCode,
            phone: p.phone,
          },
          issuedAt: new Date('2020-01-01T00:00:00Z'),
        },
        now,
      ),
    );
  for (let i = 0; i < rows.length; i += 500)
    await db
      .withSchema('exchange')
      .insertInto('records' as never)
      .values(rows.slice(i, i + 500) as never)
      .execute();
  await sql`insert into exchange.grants (id, registry_code, grantee_department_code, fields, purpose, legal_basis, statutory, starts_at, created_at)
            values (${uuidv7()}, ${REGISTRY}, 'HSA', ${FIELDS}, '医保参保登记核验身份', '《中华人民共和国社会保险法》第五十七条', false, ${now}, ${now})`.execute(
    db,
  );
  const qualified = FIELDS.map((f) => `${REGISTRY}.${f}`);
  const consents = people.map((p) => ({
    id: uuidv7(),
    subject_kind: 'person',
    subject_index: protector.blindIndex(p.idNumber, PII.citizenId),
    account_id: randomUUID(),
    enterprise_id: null,
    item_code: ITEM,
    purpose: '医保参保登记核验身份',
    fields: qualified,
    version: 1,
    given_at: now,
    withdrawn_at: null,
  }));
  for (let i = 0; i < consents.length; i += 500)
    await db
      .withSchema('exchange')
      .insertInto('consents' as never)
      .values(consents.slice(i, i + 500) as never)
      .execute();
  const client = new pg.Client({ connectionString: scratch.url });
  await client.connect();
  await client.query('vacuum analyze exchange.records');
  await client.query('vacuum analyze exchange.consents');
  const pgVersion = (await client.query<{ v: string }>(`select split_part(version(), ' ', 2) as v`)).rows[0]!.v;
  const durability = (await client.query<{ v: string }>(`select current_setting('synchronous_commit') as v`)).rows[0]!
    .v;

  // --- the two ways of reading one person's row
  const requester: Requester = { kind: 'system', system: 'bench', name: '基准测试', departmentCode: 'HSA' };
  const service = built.modules.exchange.service;
  const subjects = people.map((p) => ({
    idNumber: p.idNumber,
    index: protector.blindIndex(p.idNumber, PII.citizenId),
  }));
  const plain = async (i: number) => {
    const s = subjects[i % subjects.length]!;
    const r = await db
      .withSchema('exchange')
      .selectFrom('records' as never)
      .select(['id', 'record_type', 'version', 'data_enc', 'digest', 'issued_at'] as never)
      .where('subject_index' as never, 'in', [s.index] as never)
      .where('registry_code' as never, '=', REGISTRY as never)
      .where('subject_kind' as never, '=', 'person' as never)
      .execute();
    if (r.length !== 1) throw new Error(`plain read found ${r.length} rows`);
  };
  const exchanged = async (i: number) => {
    const s = subjects[i % subjects.length]!;
    const r = await service.read(requester, {
      registry: REGISTRY,
      subject: { idNumber: s.idNumber },
      fields: FIELDS,
      purpose: '医保参保登记核验身份',
      itemCode: ITEM,
      caseNumber: '330383-20261202-00000001',
    });
    if (r.records.length !== 1) throw new Error(`exchange read found ${r.records.length} records`);
  };
  /** READERS callers, each reading back to back for `seconds`: reads per second and latencies. */
  const run = async (read: (i: number) => Promise<void>, seconds: number) => {
    let next = Math.floor(Math.random() * subjects.length);
    const latencies: number[] = [];
    const until = performance.now() + seconds * 1000;
    const start = performance.now();
    await Promise.all(
      Array.from({ length: READERS }, async () => {
        while (performance.now() < until) {
          const s = performance.now();
          await read(next++);
          latencies.push(performance.now() - s);
        }
      }),
    );
    const elapsed = (performance.now() - start) / 1000;
    return {
      rps: latencies.length / elapsed,
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
      n: latencies.length,
    };
  };
  const logged = async () =>
    Number(
      (
        await client.query<{ n: string }>(
          `select count(*) as n from platform.personal_data_access where resource_type = 'registry' and system_id = 'bench'`,
        )
      ).rows[0]!.n,
    );

  console.log('warming up ...');
  await run(plain, 2);
  await run(exchanged, 2);
  const before = await logged();
  const load0 = loadAverage();
  const plainRuns: Awaited<ReturnType<typeof run>>[] = [];
  const exchangeRuns: Awaited<ReturnType<typeof run>>[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    plainRuns.push(await run(plain, SECONDS));
    exchangeRuns.push(await run(exchanged, SECONDS));
    const [p, e] = [plainRuns.at(-1)!, exchangeRuns.at(-1)!];
    console.log(
      `round ${round + 1}: plain ${p.rps.toFixed(0)}/s (p99 ${p.p99.toFixed(1)} ms), exchange ${e.rps.toFixed(0)}/s (p99 ${e.p99.toFixed(1)} ms): ${((e.rps / p.rps) * 100).toFixed(0)}%`,
    );
  }
  const exchangeReads = exchangeRuns.reduce((n, r) => n + r.n, 0);
  const rowsLogged = (await logged()) - before;
  if (rowsLogged !== exchangeReads)
    throw new Error(`${exchangeReads} exchange reads but ${rowsLogged} access-log rows`);
  const median = (runs: Awaited<ReturnType<typeof run>>[]) =>
    [...runs].sort((a, b) => a.rps - b.rps)[Math.floor(runs.length / 2)]!;
  const p = median(plainRuns);
  const e = median(exchangeRuns);
  const ratio = e.rps / p.rps;
  await client.end();
  await built.close();
  const totalS = (performance.now() - t0) / 1000;

  const md = `
## Exchange: registry reads per second on PostgreSQL

Command: \`npm run bench:exchange\` (${new Date().toISOString().slice(0, 10)}, ${hostFacts(`PostgreSQL ${pgVersion}`)}; \`synchronous_commit=${durability}\`; load average ${load0} at the start of the rounds; the whole run took ${totalS.toFixed(0)} s).

${READERS} concurrent callers in the server's process (its pool holds ${READERS} connections), each reading a different one of ${PEOPLE.toLocaleString('en')} people of the population registry each time, ${ROUNDS} alternating rounds of ${SECONDS} s; the median round of each:

| | reads per second | p50 ms | p99 ms |
| --- | ---: | ---: | ---: |
| plain indexed read of the record's row (\`exchange.records\` by blind index; baseline) | ${p.rps.toFixed(0)} | ${p.p50.toFixed(2)} | ${p.p99.toFixed(2)} |
| through the exchange: grant check, consent check, record opened, access-log row committed before the answer | ${e.rps.toFixed(0)} | ${e.p50.toFixed(2)} | ${e.p99.toFixed(2)} |

Target (issue 10): at least 40% of the plain read — **${(ratio * 100).toFixed(0)}%** (${ratio >= 0.4 ? 'met' : 'NOT met'}). All rounds (plain / exchange, reads per second): ${plainRuns.map((r, i) => `${r.rps.toFixed(0)} / ${exchangeRuns[i]!.rps.toFixed(0)}`).join(', ')}.

Checked afterwards: ${exchangeReads.toLocaleString('en')} reads through the exchange in the rounds and exactly as many access-log rows (outcome \`read\`, with the department, the system and the case).
`;
  if (!quick) writeSection('exchange-read', md);
  console.log(md);
} finally {
  await scratch.drop();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
