/**
 * The data tracker (谁查了我的数据, issue 10): query p99 for a person with 10,000 logged reads
 * in an access log of 10,000,000 rows on PostgreSQL (target: under 20 ms).
 *
 * The demo city is seeded into a scratch database; then platform.personal_data_access gets
 * 10,000,000 rows made by generate_series in SQL: 10,000 reads of the demo citizen (陈晓明,
 * under the blind index of his ID number, as the exchange logs them), the rest spread over
 * 500,000 other people, a year of reads by the city's departments. Measured:
 *
 * - the SQL the tracker runs (exchange.tracker.repository.ts: one keyset page of the
 *   subject's log, newest first, without hidden entries), prepared, from one connection,
 *   for the first page, a page deep in the log, and with each filter;
 * - the route, signed in as the citizen, at a steady rate: GET /api/exchange/tracker when the
 *   server has it (else GET /api/me/data-access, the log as it was before the tracker).
 *
 * Run: npm run bench:tracker              (PostgreSQL at BENCH_DATABASE_URL)
 *      npm run bench:tracker -- --quick   (1,000,000 rows: a check of the script, not the figure)
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { DEMO_CITIZEN, DEMO_PASSWORD } from '../server/src/demo/accounts.ts';
import { makeCitizenId } from '../server/src/platform/id-numbers.ts';
import { PII } from '../server/src/platform/pii.ts';
import { createScratchDatabase } from '../server/test/scratch-database.ts';
import { seedCity, startCity } from './city.ts';
import { benchDatabaseUrl, hostFacts, HttpSession, loadAverage, percentile, steadyLoad, writeSection } from './lib.ts';

const quick = process.argv.includes('--quick');
const ROWS = quick ? 1_000_000 : 10_000_000;
const MINE = 10_000;
const OTHERS = 500_000;
const RUNS = quick ? 200 : 500;
/** The query that walks all of the person's reads runs fewer times. */
const WALK_RUNS = quick ? 10 : 30;
const base = benchDatabaseUrl();

const t0 = performance.now();
const scratch = await createScratchDatabase(base, 'yiwang_bench_tracker');
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'yiwang-bench-tracker-'));
const dataKey = randomBytes(32).toString('base64');
const stops: (() => Promise<void>)[] = [];
try {
  const city = { url: scratch.url, dataKey, dataDir };
  const idNumber = makeCitizenId('330383', DEMO_CITIZEN.idNumberBirth, DEMO_CITIZEN.idSequence);
  const mine = (await seedCity(city, { residents: 200, enterprises: 5 }, (app) =>
    app.platform.protector.blindIndex(idNumber, PII.citizenId),
  ))!;

  const db = new pg.Client({ connectionString: scratch.url });
  await db.connect();
  stops.push(() => db.end());
  const pgVersion = (await db.query<{ v: string }>(`select split_part(version(), ' ', 2) as v`)).rows[0]!.v;
  const columns = new Set(
    (
      await db.query<{ c: string }>(
        `select column_name as c from information_schema.columns where table_schema = 'platform' and table_name = 'personal_data_access'`,
      )
    ).rows.map((r) => r.c),
  );
  const has = (c: string) => columns.has(c);
  const departments = ['PSB', 'HRSS', 'HSA', 'HUD', 'AMR', 'NRP', 'EDU', 'CAB', 'HCB', 'TAX'];

  // --- 10,000,000 rows by generate_series: the indexes are dropped first and made again after
  const indexes = (
    await db.query<{ name: string; def: string }>(
      `select indexname as name, indexdef as def from pg_indexes
        where schemaname = 'platform' and tablename = 'personal_data_access' and indexname not like '%_pkey'`,
    )
  ).rows;
  for (const i of indexes) await db.query(`drop index platform.${i.name}`);
  const extra = [
    has('subject_kind') ? [`subject_kind`, `'person'`] : null,
    has('department_code')
      ? [`department_code`, `(array['${departments.join("','")}'])[1 + (i / 7) % ${departments.length}]`]
      : null,
    has('system_id') ? [`system_id`, `null::uuid`] : null,
    has('case_number') ? [`case_number`, `'3303832026' || lpad((i % 1000000)::text, 8, '0')`] : null,
    has('legal_basis') ? [`legal_basis`, `'《中华人民共和国个人信息保护法》第十三条'`] : null,
    has('outcome') ? [`outcome`, `case when (i / 11) % 50 = 0 then 'refused' else 'read' end`] : null,
    has('refusal') ? [`refusal`, `case when (i / 11) % 50 = 0 then 'EXCHANGE_NO_GRANT' end`] : null,
  ].filter((x): x is string[] => x !== null);
  // Every (ROWS / MINE)-th row is the citizen's; a year of reads, newest last.
  const every = ROWS / MINE;
  const insert = (from: number, to: number) => `
    insert into platform.personal_data_access
      (id, at, subject_index, accessor_id, accessor_name, organisation, purpose, fields, resource_type, resource_id, request_id
       ${extra.map(([c]) => `, ${c}`).join('')})
    select
      (lpad(to_hex(i), 8, '0') || '-0000-7000-8000-' || lpad(to_hex(i), 12, '0'))::uuid,
      timestamptz '2025-12-01 00:00:00+08' + (i * (interval '365 days' / ${ROWS})),
      case when i % ${every} = 0 then '${mine}' else md5((i % ${OTHERS})::text) end,
      '00000000-0000-7000-8000-000000000001',
      (array['王芳','李强','赵磊','周杰'])[1 + (i / 7) % 4],
      (array['龙港市公安局','龙港市人力资源和社会保障局','龙港市医疗保障局','龙港市住房和城乡建设局'])[1 + (i / 7) % 4],
      (array['户口迁入审核','社会保险参保登记','医保待遇核定','公积金提取'])[1 + (i / 7) % 4],
      case when (i / 3) % 5 = 0
        then array['population-registry.name', 'population-registry.idNumber', 'population-registry.address']
        else array['population-registry.name', 'population-registry.idNumber'] end,
      'exchange.record',
      null,
      null
      ${extra.map(([, v]) => `, ${v}`).join('')}
    from generate_series(${from}, ${to}) as i`;
  const chunk = 1_000_000;
  const g0 = performance.now();
  for (let from = 1; from <= ROWS; from += chunk) {
    await db.query(insert(from, Math.min(ROWS, from + chunk - 1)));
    console.log(
      `  ${Math.min(ROWS, from + chunk - 1).toLocaleString('en')} rows (${((performance.now() - g0) / 1000).toFixed(0)} s)`,
    );
  }
  for (const i of indexes) await db.query(i.def);
  await db.query(`vacuum analyze platform.personal_data_access`);
  const generateS = (performance.now() - g0) / 1000;
  const counted = (
    await db.query<{ all: string; mine: string }>(
      `select count(*) as all, count(*) filter (where subject_index = $1) as mine from platform.personal_data_access`,
      [mine],
    )
  ).rows[0]!;
  console.log(
    `log: ${counted.all} rows, ${counted.mine} of them the citizen's; generated in ${generateS.toFixed(0)} s`,
  );
  const sizeMb =
    Number(
      (await db.query<{ n: string }>(`select pg_total_relation_size('platform.personal_data_access') as n`)).rows[0]!.n,
    ) /
    2 ** 20;

  // --- the tracker's SQL, prepared, from one connection (exchange.tracker.repository.ts: entriesOf)
  const hidings =
    (
      await db.query(
        `select 1 from information_schema.tables where table_schema = 'exchange' and table_name = 'access_hidings'`,
      )
    ).rowCount! > 0;
  const notHidden = [
    has('hidden_until') ? `(a.hidden_until is null or a.hidden_until <= now())` : 'true',
    hidings
      ? `not exists (select h.id from exchange.access_hidings h where h.entry_id = a.id and h.hidden_until > now())`
      : 'true',
  ].join(' and ');
  const cols = ['a.id', 'a.at', 'a.accessor_name', 'a.organisation', 'a.purpose', 'a.fields', 'a.resource_type']
    .concat(
      ['subject_kind', 'department_code', 'system_id', 'legal_basis', 'case_number', 'outcome', 'refusal']
        .filter(has)
        .map((c) => `a.${c}`),
    )
    .join(', ');
  const page = (where: string) =>
    `select ${cols} from platform.personal_data_access a
      where a.subject_index = $1 ${where} and ${notHidden}
      order by a.at desc, a.id desc limit 20`;
  const middle = (
    await db.query<{ at: Date; id: string }>(
      `select at, id from platform.personal_data_access where subject_index = $1 order by at desc, id desc offset ${MINE / 2} limit 1`,
      [mine],
    )
  ).rows[0]!;
  const cases: { name: string; text: string; values: unknown[] }[] = [
    { name: 'first page (20 newest)', text: page(''), values: [mine] },
    {
      name: 'a page half-way down (keyset)',
      text: page(`and (a.at, a.id) < ($2, $3::uuid)`),
      values: [mine, middle.at, middle.id],
    },
    { name: 'last 30 days', text: page(`and a.at >= $2`), values: [mine, new Date('2026-11-01T00:00:00+08:00')] },
    { name: 'purpose contains 公积金', text: page(`and a.purpose ilike $2`), values: [mine, '%公积金%'] },
    {
      name: 'one field read (address)',
      text: page(`and $2 = any(a.fields)`),
      values: [mine, 'population-registry.address'],
    },
    // The worst case: a filter that matches none of the 10,000 reads walks them all.
    {
      name: 'a purpose matching none (walks all 10,000)',
      text: page(`and a.purpose ilike $2`),
      values: [mine, '%不存在%'],
    },
  ];
  if (has('department_code'))
    cases.push({ name: 'one department (医保局)', text: page(`and a.department_code = $2`), values: [mine, 'HSA'] });
  if (has('outcome'))
    cases.push({ name: 'refused reads only (1 in 50)', text: page(`and a.outcome = 'refused'`), values: [mine] });
  type SqlResult = { name: string; p50: number; p99: number; rows: number; plan: string };
  const measure = async (label: string): Promise<SqlResult[]> => {
    const out: SqlResult[] = [];
    for (const [n, c] of cases.entries()) {
      const plan =
        (await db.query<{ 'QUERY PLAN': string }>(`explain ${c.text}`, c.values)).rows
          .map((r) => r['QUERY PLAN'])
          .find((l) => /Index|Seq Scan/.test(l))
          ?.trim() ?? '';
      const runs = c.name.includes('matching none') ? WALK_RUNS : RUNS;
      const times: number[] = [];
      let rows = 0;
      for (let i = 0; i < runs + 10; i++) {
        const s = performance.now();
        const r = await db.query({ name: `tracker-${label}-${n}`, text: c.text, values: c.values });
        if (i >= 10) times.push(performance.now() - s);
        rows = r.rowCount ?? 0;
      }
      out.push({ name: c.name, p50: percentile(times, 50), p99: percentile(times, 99), rows, plan });
      console.log(
        `${label} ${c.name}: p50 ${percentile(times, 50).toFixed(2)} ms, p99 ${percentile(times, 99).toFixed(2)} ms, ${rows} rows; ${plan}`,
      );
    }
    return out;
  };
  const sqlResults = await measure('as migrated');

  // --- the route, signed in as the citizen, at a steady rate
  const yiwang = await startCity(city, 18_410);
  stops.push(() => yiwang.stop());
  const s = new HttpSession(yiwang.url);
  await s.json('POST', '/api/auth/login', { login: DEMO_CITIZEN.phone, password: DEMO_PASSWORD });
  const tracker = (await s.request('GET', '/api/exchange/tracker?limit=20')).ok;
  const route = tracker ? '/api/exchange/tracker?limit=20' : '/api/me/data-access';
  const filtered = tracker ? '/api/exchange/tracker?limit=20&purpose=%E5%85%AC%E7%A7%AF%E9%87%91' : null;
  const load0 = loadAverage();
  const routeRuns: { path: string; rps: number; p50: number; p99: number; non2xx: number; total: number }[] = [];
  for (const p of [route, ...(filtered ? [filtered] : [])]) {
    await steadyLoad(yiwang.url, [p], { rate: 50, seconds: 3, headers: { cookie: s.cookie } });
    const r = await steadyLoad(yiwang.url, [p], { rate: 100, seconds: quick ? 5 : 15, headers: { cookie: s.cookie } });
    routeRuns.push({ path: p, ...r });
    console.log(
      `GET ${p}: ${r.rps.toFixed(0)}/s, p50 ${r.p50.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms, ${r.non2xx} non-2xx`,
    );
  }
  await yiwang.stop();
  stops.pop();

  const typical = sqlResults.filter((r) => !r.name.includes('matching none'));
  const worst = Math.max(...typical.map((r) => r.p99));
  const none = sqlResults.find((r) => r.name.includes('matching none'))!;
  const totalS = (performance.now() - t0) / 1000;
  const md = `
## Exchange: the data tracker's query with 10,000,000 logged reads

Command: \`npm run bench:tracker\` (${new Date().toISOString().slice(0, 10)}, ${hostFacts(`PostgreSQL ${pgVersion}`)}; load average ${load0} before the route's runs; the whole run took ${totalS.toFixed(0)} s${quick ? '; **--quick: 1,000,000 rows**' : ''}).

The access log (\`platform.personal_data_access\`) holds ${Number(counted.all).toLocaleString('en')} rows (${sizeMb.toFixed(0)} MB with its indexes), made by \`generate_series\` in SQL in ${generateS.toFixed(0)} s: ${Number(counted.mine).toLocaleString('en')} reads of one citizen's data, the rest spread over ${OTHERS.toLocaleString('en')} other people, a year of reads by ten departments. Indexes as the migrations make them: ${indexes.map((i) => `\`${i.name}\``).join(', ')}.

The tracker's SQL (\`exchange.tracker.repository.ts\`: a keyset page of 20, newest first, without entries hidden by law enforcement), prepared, ${RUNS} times each from one connection (${WALK_RUNS} for the walk of all 10,000), with the indexes as migrated (\`personal_data_access_tracker\` covers the tracker's columns, so each page is an index-only scan):

| query | p50 ms | p99 ms | rows | plan |
| --- | ---: | ---: | ---: | --- |
${sqlResults
  .map(
    (r) =>
      `| ${r.name} | ${r.p50.toFixed(2)} | ${r.p99.toFixed(2)} | ${r.rows} | \`${r.plan.replace(/\|/g, '\\|')}\` |`,
  )
  .join('\n')}

Target (issue 10): p99 under 20 ms — worst p99 of the pages and filters that find entries: **${worst.toFixed(2)} ms** (${worst < 20 ? 'met' : 'NOT met'}); a filter that matches none of the person's 10,000 reads walks all of them: p99 ${none.p99.toFixed(2)} ms.

Through the server, signed in as the citizen, 100 requests a second for ${quick ? 5 : 15} s (latency from when each was due):

| route | per second | p50 ms | p99 ms | non-2xx |
| --- | ---: | ---: | ---: | ---: |
${routeRuns.map((r) => `| GET ${r.path.replace(/\|/g, '\\|')} | ${r.rps.toFixed(0)} | ${r.p50.toFixed(1)} | ${r.p99.toFixed(1)} | ${r.non2xx} |`).join('\n')}
`;
  if (!quick) writeSection('exchange-tracker', md);
  console.log(md);
} finally {
  for (const stop of stops.reverse()) await stop().catch(() => {});
  await scratch.drop();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
