/**
 * Submissions (issue 9): applications filed per second on PostgreSQL through the real route
 * POST /api/applications/cases, each one durable before its 201; against pgbench writing the
 * same rows on the same PostgreSQL in the same run (target: at least 25% of its tps). What a
 * submission writes is read off PostgreSQL's per-table counters over the run (deliveries and the
 * transparency log included), and the baseline script is made from it (bench/same-writes.ts).
 *
 * Several citizens file at once: each is registered through the API as a resident on the
 * community roster (so the roster check raises them to id_verified), uploads the material
 * the item asks for, and files 户口迁入（市外迁入） (PSB, a personal item, simple licence)
 * again and again, each request with its own Idempotency-Key.
 *
 * Run: npm run bench:submissions            (PostgreSQL at BENCH_DATABASE_URL, default
 *                                            postgres://postgres@127.0.0.1:5432/postgres)
 *      npm run bench:submissions -- --quick (shorter runs)
 *      npm run bench:submissions -- --profile (and a CPU profile of the server, in $TMPDIR/yiwang-profiles)
 *      BENCH_SERVER=/elsewhere/server/src/cli.ts npm run bench:submissions (a changed copy of the server; not written to the docs)
 *      BENCH_KEEP=1 npm run bench:submissions  (keeps the scratch database, whose schema bench_same holds the
 *                                            baseline's tables, and its scripts in $TMPDIR/yiwang-same-writes-*.sql)
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import pg from 'pg';
import pino from 'pino';
import { buildApp } from '../server/src/app.ts';
import { loadConfig } from '../server/src/config.ts';
import { sampleAnswers, samplePdf } from '../server/src/demo/sample-answers.ts';
import { DEMO_ITEMS } from '../server/src/demo/items.ts';
import { generateResidents } from '../server/src/demo/population.ts';
import { DEMO_SEED, seedDemoCity } from '../server/src/demo/seed.ts';
import { createScratchDatabase } from '../server/test/scratch-database.ts';
import {
  benchDatabaseUrl,
  cpuMs,
  hostFacts,
  HttpSession,
  loadAverage,
  percentile,
  startServer,
  writeSection,
} from './lib.ts';
import { insertedSince, keepSamples, sameWritesScripts, tableCounters, writesPer } from './same-writes.ts';

const quick = process.argv.includes('--quick');
const DURATION = quick ? 8 : 20;
/** Concurrent submitters, and pgbench clients: the server's pool holds 10 PostgreSQL connections. */
const CONNECTIONS = 10;
const RESIDENTS = 400;
const PASSWORD = 'Bench#2026-submit';
const MOVE_IN = DEMO_ITEMS.find((i) => i.name.zh === '户口迁入（市外迁入）')!;
const PGBENCH = '/usr/bin/pgbench';
const base = benchDatabaseUrl();
/** BENCH_SERVER: the cli.ts of another copy of the server (a change being tried); its results are printed, not written to the docs. */
const serverEntry = process.env.BENCH_SERVER ?? 'server/src/cli.ts';

const t0 = performance.now();
const app = await createScratchDatabase(base, 'yiwang_bench');
const tpcb = await createScratchDatabase(base, 'yiwang_bench_pgbench');
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'yiwang-bench-submissions-'));
const dataKey = randomBytes(32).toString('base64');
const stops: (() => Promise<void>)[] = [];
const cleanUp = async () => {
  for (const stop of stops.reverse()) await stop().catch(() => {});
  if (process.env.BENCH_KEEP) console.log(`kept: ${app.url} (schema bench_same holds the baseline's tables)`);
  else await app.drop();
  await tpcb.drop();
  fs.rmSync(dataDir, { recursive: true, force: true });
};

try {
  // --- the city (catalogue, org, staff, residents) on a fresh database, as `yiwang seed` would
  console.log(`seeding the demo city into ${new URL(app.url).pathname.slice(1)} ...`);
  const config = loadConfig({ databaseUrl: app.url, dataKey, dataDir, logLevel: 'warn', seed: 'none' });
  const built = await buildApp(config, { logger: pino({ level: 'warn' }) });
  await seedDemoCity(built.platform, built.modules, {
    residents: RESIDENTS,
    enterprises: 5,
    fullStaff: false,
    log: () => {},
  });
  await built.close();

  const db = new pg.Client({ connectionString: app.url });
  await db.connect();
  stops.push(() => db.end());
  const setting = async (name: string) =>
    (await db.query<{ v: string }>(`select current_setting('${name}') as v`)).rows[0]!.v;
  const pgVersion = (await db.query<{ v: string }>(`select split_part(version(), ' ', 2) as v`)).rows[0]!.v;
  const durability = {
    synchronous_commit: await setting('synchronous_commit'),
    fsync: await setting('fsync'),
    wal_sync_method: await setting('wal_sync_method'),
  };
  if (durability.synchronous_commit !== 'on' || durability.fsync !== 'on')
    throw new Error(`not durable: ${JSON.stringify(durability)}`);

  // --- the baseline: TPC-B on the same PostgreSQL, as many clients as the server has connections
  const pgArgs = [
    '-h',
    new URL(base).hostname,
    '-p',
    new URL(base).port || '5432',
    '-U',
    decodeURIComponent(new URL(base).username) || 'postgres',
  ];
  const tpcbName = new URL(tpcb.url).pathname.slice(1);
  /** pgbench's rate running a script on a database, as many clients as the server has connections, for DURATION s. */
  const pgbenchTps = (database: string, file: string, options: string[] = []) => {
    const out = execFileSync(
      PGBENCH,
      [
        ...pgArgs,
        ...options,
        '-c',
        String(CONNECTIONS),
        '-j',
        String(CONNECTIONS),
        '-T',
        String(DURATION),
        '-M',
        'prepared',
        '-f',
        file,
        database,
      ],
      { encoding: 'utf8' },
    );
    const tps = Number(/tps = ([\d.]+) \(without initial connection time\)/.exec(out)?.[1]);
    if (!(tps > 0)) throw new Error(`pgbench ${file}: ${out}`);
    return tps;
  };
  console.log(`pgbench -i -s ${CONNECTIONS} ...`);
  execFileSync(PGBENCH, [...pgArgs, '-i', '-q', '-s', String(CONNECTIONS), tpcbName], { stdio: 'ignore' });
  await db.query('checkpoint');
  const logDir = fs.mkdtempSync(path.join(os.tmpdir(), 'yiwang-pgbench-'));
  const pgbenchLoad = loadAverage();
  const out = execFileSync(
    PGBENCH,
    [
      ...pgArgs,
      '-c',
      String(CONNECTIONS),
      '-j',
      String(CONNECTIONS),
      '-T',
      String(DURATION),
      '-M',
      'prepared',
      '--log',
      `--log-prefix=${logDir}/tx`,
      tpcbName,
    ],
    { encoding: 'utf8' },
  );
  const tps = Number(/tps = ([\d.]+) \(without initial connection time\)/.exec(out)?.[1]);
  const txLatencies = fs.readdirSync(logDir).flatMap((f) =>
    fs
      .readFileSync(path.join(logDir, f), 'utf8')
      .trim()
      .split('\n')
      .map((line) => Number(line.split(' ')[2]) / 1000),
  );
  for (const f of fs.readdirSync(logDir)) fs.rmSync(path.join(logDir, f));
  const pgbench = {
    tps,
    p50: percentile(txLatencies, 50),
    p99: percentile(txLatencies, 99),
    transactions: txLatencies.length,
  };
  console.log(`pgbench: ${tps.toFixed(0)} tps, p50 ${pgbench.p50.toFixed(1)} ms, p99 ${pgbench.p99.toFixed(1)} ms`);
  await db.query('checkpoint');

  // --- a second baseline: pgbench running just the rows a submission writes, in one transaction
  // (the case with its sealed form, the work item, the deadline job, the audit record and the
  // outbox event, of about the same widths, plus a sequence number), with nothing else around it.
  const same = new pg.Client({ connectionString: tpcb.url });
  await same.connect();
  for (const t of ['bench_cases', 'bench_work', 'bench_jobs', 'bench_audit', 'bench_outbox']) {
    await same.query(`create table ${t} (id bigserial primary key, ref bigint not null, body text not null)`);
  }
  await same.query(`create sequence bench_case_number`);
  await same.end();
  const script = path.join(logDir, 'submission.sql');
  fs.mkdirSync(logDir, { recursive: true });
  fs.writeFileSync(
    script,
    `\\set ref random(1, 1000000000)
BEGIN;
INSERT INTO bench_cases (ref, body) VALUES (nextval('bench_case_number'), repeat('x', 1800));
INSERT INTO bench_work (ref, body) VALUES (:ref, repeat('x', 300));
INSERT INTO bench_jobs (ref, body) VALUES (:ref, repeat('x', 200));
INSERT INTO bench_audit (ref, body) VALUES (:ref, repeat('x', 600));
INSERT INTO bench_outbox (ref, body) VALUES (:ref, repeat('x', 500));
END;
`,
  );
  const sameTps = pgbenchTps(tpcbName, script);
  fs.rmSync(logDir, { recursive: true, force: true });
  console.log(`pgbench with a submission's rows: ${sameTps.toFixed(0)} tps`);
  await db.query('checkpoint');

  // --- the platform on the same PostgreSQL
  // --profile: the server writes a CPU profile (.cpuprofile, for Chrome DevTools) when it stops.
  const profileDir = path.join(os.tmpdir(), 'yiwang-profiles');
  const profile = process.argv.includes('--profile') ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
  if (profile.length) console.log(`the server's CPU profile goes to ${profileDir}`);
  const yiwang = await startServer(
    process.execPath,
    [...profile, serverEntry, 'start'],
    {
      DATABASE_URL: app.url,
      YIWANG_DATA_KEY: dataKey,
      YIWANG_DATA_DIR: dataDir,
      YIWANG_SEED: 'none',
      LOG_LEVEL: 'warn',
    },
    18_400,
    '/readyz',
  );
  stops.push(() => yiwang.stop());

  // Citizens: residents on the roster register (the tail of the roster: the head has demo accounts).
  const people = [...generateResidents(DEMO_SEED, RESIDENTS)].slice(-CONNECTIONS);
  const citizens: { headers: Record<string, string>; body: string }[] = [];
  for (const person of people) {
    const s = new HttpSession(yiwang.url);
    // Registration asks for a one-time code sent to the phone: read it from the development SMS
    // sink (one registration at a time, so the newest text is this person's).
    const texts = async () =>
      Number((await db.query<{ n: string }>('select count(*) as n from notify.dev_outbox')).rows[0]!.n);
    const before = await texts();
    const asked = await s.request('POST', '/api/auth/phone-codes', { phone: person.phone, purpose: 'register' });
    if (asked.status !== 202) throw new Error(`phone code for ${person.name}: ${asked.status} ${await asked.text()}`);
    for (let i = 0; (await texts()) === before; i++) {
      if (i > 100) {
        const jobs = await db.query(
          'select kind, attempts, last_error from platform.jobs order by run_at desc limit 3',
        );
        throw new Error(`no code was sent to ${person.name}: ${JSON.stringify(jobs.rows)}`);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    const { rows } = await db.query<{ body: string }>(
      'select body from notify.dev_outbox order by created_at desc, id desc limit 1',
    );
    const phoneCode = /\b(\d{6})\b/.exec(rows[0]!.body)?.[1];
    if (!phoneCode) throw new Error(`no code in the text sent to ${person.name}`);
    await s.json('POST', '/api/auth/register', {
      name: person.name,
      idNumber: person.idNumber,
      phone: person.phone,
      phoneCode,
      password: PASSWORD,
    });
    // The roster check runs from the outbox after the registration commits.
    for (
      let i = 0;
      (await s.json<{ assuranceLevel: string }>('GET', '/api/me')).assuranceLevel !== 'id_verified';
      i++
    ) {
      if (i > 100) throw new Error(`${person.name} was not verified from the roster`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const material = await s.json<{ id: string }>(
      'PUT',
      '/api/applications/uploads?fileName=housing-proof.pdf',
      samplePdf(),
      { 'content-type': 'application/pdf' },
    );
    const body = JSON.stringify({
      itemCode: MOVE_IN.handlingItemCode,
      form: sampleAnswers(MOVE_IN.form, {
        name: person.name,
        idNumber: person.idNumber,
        phone: person.phone,
        address: person.address,
      }),
      materials: [{ code: 'housing_proof', uploadId: material.id }],
    });
    citizens.push({ headers: { ...s.writeHeaders(), 'content-type': 'application/json' }, body });
  }

  const runId = randomBytes(4).toString('hex');
  let serial = 0;
  const filed = new Map<number, number>(); // status → answers, over every run
  // One check by hand first: the route answers 201 with the case (and it counts like the rest).
  const first = await fetch(`${yiwang.url}/api/applications/cases`, {
    method: 'POST',
    headers: { ...citizens[0]!.headers, 'idempotency-key': `bench-${runId}-${++serial}` },
    body: citizens[0]!.body,
  });
  if (first.status !== 201) throw new Error(`submission failed: ${first.status} ${await first.text()}`);
  filed.set(201, 1);

  // A fixed number of submissions per run (autocannon's `amount`): every request sent is answered
  // before the run ends, so the answers can be matched one for one with the rows afterwards.
  const run = async (amount: number) => {
    let next = 0;
    const r = await autocannon({
      url: yiwang.url,
      connections: CONNECTIONS,
      amount,
      pipelining: 1,
      requests: [
        {
          method: 'POST',
          path: '/api/applications/cases',
          setupRequest: (req) => ({
            ...req,
            headers: { ...req.headers, 'idempotency-key': `bench-${runId}-${++serial}` },
          }),
        },
      ],
      // Each connection files as one citizen (its own session cookie, CSRF token and upload).
      setupClient: (client) => {
        const c = citizens[next++ % citizens.length]!;
        client.setHeadersAndBody(c.headers, c.body);
        client.on('response', (status: number) => filed.set(status, (filed.get(status) ?? 0) + 1));
      },
    });
    return {
      rps: r['2xx'] / r.duration,
      seconds: r.duration,
      p50: r.latency.p50,
      p99: r.latency.p99,
      ok: r['2xx'],
      errors: r.errors + r.timeouts,
      non2xx: r.non2xx,
    };
  };
  console.log('submitting (warm-up) ...');
  const warm = await run(CONNECTIONS * 30);
  // As many as fill about DURATION seconds at the warm-up's pace.
  const amount = Math.max(1, Math.round((warm.rps * DURATION) / CONNECTIONS)) * CONNECTIONS;
  console.log(`submitting ${amount} from ${CONNECTIONS} connections ...`);
  // Where the time goes: CPU of the server process and of its PostgreSQL backends, from the
  // start of the run until the outbox has delivered every event the run wrote.
  const backends = (
    await db.query<{ pid: number }>(
      `select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()`,
    )
  ).rows.map((r) => r.pid);
  const pgCpu = () =>
    backends.reduce((sum, pid) => {
      try {
        const c = cpuMs(pid);
        return sum + c.user + c.system;
      } catch {
        return sum;
      }
    }, 0);
  // And what reaches PostgreSQL: transactions committed and rows written (this database only).
  // Transactions that wrote: transaction ids assigned (the next one to be given out does not
  // take one). That counter is cluster-wide: the databases others wrote to meanwhile are listed.
  const dbStats = async () => {
    await db.query('select pg_stat_clear_snapshot()');
    return (
      await db.query<{
        xact_commit: string;
        tup_inserted: string;
        tup_updated: string;
        tup_deleted: string;
        next_xid: string;
      }>(
        `select xact_commit, tup_inserted, tup_updated, tup_deleted, txid_snapshot_xmax(txid_current_snapshot())::text as next_xid
           from pg_stat_database where datname = current_database()`,
      )
    ).rows[0]!;
  };
  // (watched from another database, so the watching does not count in this one's commits)
  const watcher = new pg.Client({ connectionString: base });
  await watcher.connect();
  const endWatcher = () => watcher.end();
  stops.push(endWatcher);
  const ownName = new URL(app.url).pathname.slice(1);
  const otherWriters = async () =>
    (
      await watcher.query<{ datname: string }>(
        `select distinct datname from pg_stat_activity where datname <> $1 and backend_xid is not null`,
        [ownName],
      )
    ).rows.map((r) => r.datname);
  const others = new Set<string>();
  await new Promise((r) => setTimeout(r, 1_500)); // backends report their counters about once a second
  const stats0 = await dbStats();
  const tables0 = await tableCounters(db);
  const cpu0 = { server: cpuMs(yiwang.proc.pid!), pg: pgCpu(), load: loadAverage() };
  let looking: Promise<void> = Promise.resolve();
  const watching = setInterval(() => {
    looking = otherWriters().then((names) => names.forEach((n) => others.add(n)));
  }, 200);
  // A model of each row written (the newest), kept as soon as its table has one: the log's queue
  // is emptied as it goes, and may hold rows only for a moment.
  let samples = new Map<string, string>();
  let sampling: Promise<void> = Promise.resolve();
  const sampler = setInterval(() => {
    sampling = sampling.then(async () => {
      const fresh = insertedSince(tables0, await tableCounters(db)).filter((t) => !samples.has(t));
      if (fresh.length > 0) samples = await keepSamples(db, fresh, samples);
    });
  }, 500);
  const http = await run(amount);
  clearInterval(sampler);
  await sampling;
  const undelivered = async () =>
    Number(
      (await db.query<{ n: string }>(`select count(*) as n from platform.outbox where delivered_at is null`)).rows[0]!
        .n,
    );
  const backlog = await undelivered();
  samples = await keepSamples(db, insertedSince(tables0, await tableCounters(db)), samples);
  const drainStart = performance.now();
  while ((await undelivered()) > 0 && performance.now() - drainStart < 60_000)
    await new Promise((r) => setTimeout(r, 50));
  const drainS = (performance.now() - drainStart) / 1000;
  const cpu1 = { server: cpuMs(yiwang.proc.pid!), pg: pgCpu() };
  // Until the backends have reported every case (an idle backend reports within 10 s).
  let tables1 = await tableCounters(db);
  const cases = (m: Map<string, { ins: number }>) =>
    m.get('applications.cases')!.ins - tables0.get('applications.cases')!.ins;
  for (let i = 0; i < 30 && cases(tables1) < http.ok; i++) {
    await new Promise((r) => setTimeout(r, 500));
    tables1 = await tableCounters(db);
  }
  const stats1 = await dbStats();
  clearInterval(watching);
  await looking; // a look still under way when the watcher ends would fail
  stops.splice(stops.indexOf(endWatcher), 1);
  await endWatcher();
  const per = (k: keyof typeof stats0) => (Number(stats1[k]) - Number(stats0[k])) / http.ok;
  const perSubmission = {
    transactions: per('xact_commit'),
    writing: per('next_xid'),
    inserted: per('tup_inserted'),
    updated: per('tup_updated'),
    deleted: per('tup_deleted'),
  };
  console.log(`per submission: ${JSON.stringify(perSubmission)}`);
  const writes = writesPer(tables0, tables1, 'applications.cases');
  console.table(writes);

  const cost = {
    serverMs: (cpu1.server.user + cpu1.server.system - cpu0.server.user - cpu0.server.system) / http.ok,
    serverSystemMs: (cpu1.server.system - cpu0.server.system) / http.ok,
    pgMs: (cpu1.pg - cpu0.pg) / http.ok,
    backends: backends.length,
  };
  console.log(
    `${http.rps.toFixed(0)} submissions/s over ${http.seconds.toFixed(1)} s, p50 ${http.p50} ms, p99 ${http.p99} ms; outbox backlog ${backlog}, drained in ${drainS.toFixed(1)} s`,
  );
  console.log(
    `CPU per submission: server ${cost.serverMs.toFixed(1)} ms (system ${cost.serverSystemMs.toFixed(1)}), PostgreSQL backends ${cost.pgMs.toFixed(1)} ms; load average ${cpu0.load}`,
  );
  await yiwang.stop();
  stops.pop();

  // --- the baseline the target is set against: pgbench writing the rows a submission wrote
  samples = await keepSamples(
    db,
    writes.map((w) => w.table),
    samples,
  );
  const scripts = await sameWritesScripts(db, writes, samples, CONNECTIONS);
  // Both forms, each for as long as the other pgbench runs.
  const pgbenchScript = (name: string, script: string) => {
    const file = path.join(dataDir, `${name}.sql`);
    fs.writeFileSync(file, script);
    if (process.env.BENCH_KEEP) fs.copyFileSync(file, path.join(os.tmpdir(), `yiwang-${name}.sql`));
    execFileSync('psql', [app.url, '-qc', 'checkpoint']);
    return pgbenchTps(ownName, file, ['-n']); // -n: no vacuum of pgbench's own tables
  };
  const sameRows = {
    rowByRow: pgbenchScript('same-writes-rows', scripts.rows),
    oneStatement: pgbenchScript('same-writes-statement', scripts.statement),
  };
  console.log(
    `pgbench writing what a submission wrote: ${sameRows.rowByRow.toFixed(0)} tps row by row, ${sameRows.oneStatement.toFixed(0)} tps in one statement`,
  );

  // --- every 2xx answer is one case with its audit record and its outbox event, and nothing else
  const count = async (q: string) => Number((await db.query<{ n: string }>(q)).rows[0]!.n);
  const answered = [...filed].filter(([s]) => s >= 200 && s < 300).reduce((n, [, k]) => n + k, 0);
  const rows = {
    cases: await count(`select count(*) as n from applications.cases where idempotency_key like 'bench-${runId}-%'`),
    workItems: await count(
      `select count(*) as n from applications.work_items w join applications.cases c on c.id = w.case_id where c.idempotency_key like 'bench-${runId}-%'`,
    ),
    audit: await count(`select count(*) as n from platform.audit_log where action = 'applications.case.submitted'`),
    outbox: await count(
      `select count(*) as n from platform.outbox where topic = 'applications.case.changed' and payload->>'action' = 'submit'`,
    ),
  };
  const consistent = Object.values(rows).every((n) => n === answered);
  const statuses = [...filed]
    .sort(([a], [b]) => a - b)
    .map(([s, n]) => `${n} × ${s}`)
    .join(', ');
  console.log(`answers: ${statuses}; rows: ${JSON.stringify(rows)}`);
  if (!consistent) throw new Error(`rows do not match the ${answered} 2xx answers: ${JSON.stringify(rows)}`);
  if (http.errors > 0 || http.non2xx > 0)
    throw new Error(`${http.errors} errors, ${http.non2xx} non-2xx answers (${statuses})`);
  const totalS = (performance.now() - t0) / 1000;

  const pct = (x: number) => `${(x * 100).toFixed(0)}%`;
  const sum = (ws: typeof writes, k: 'ins' | 'upd' | 'del') => ws.reduce((n, w) => n + w[k], 0);
  const ratio = http.rps / pgbench.tps;
  const md = `
## Applications: submissions per second on PostgreSQL

Command: \`npm run bench:submissions\` (${new Date().toISOString().slice(0, 10)}, ${hostFacts(`PostgreSQL ${pgVersion}`)}; PostgreSQL, server, pgbench and autocannon on the same machine, load average ${pgbenchLoad} before pgbench and ${cpu0.load} before the submissions; the whole run took ${totalS.toFixed(0)} s).

Durable: \`synchronous_commit=${durability.synchronous_commit}\`, \`fsync=${durability.fsync}\` (\`wal_sync_method=${durability.wal_sync_method}\`) — every submission is committed to the WAL on disk before its 201.
Connections: ${CONNECTIONS} on both sides — ${CONNECTIONS} autocannon connections into the server, whose pool holds ${CONNECTIONS} PostgreSQL connections; pgbench \`-c ${CONNECTIONS} -j ${CONNECTIONS}\` (scale ${CONNECTIONS}, \`-M prepared\`). pgbench for ${DURATION} s; the server files ${http.ok} submissions (${http.seconds.toFixed(1)} s) after ${warm.ok} as a warm-up.

Each submission is \`POST /api/applications/cases\` (户口迁入（市外迁入）, a personal PSB item with a form of ${MOVE_IN.form.sections.flatMap((s) => s.fields).length} fields and one uploaded material) with its own \`Idempotency-Key\`, from ${citizens.length} citizens registered through the API (each connection is one citizen's session). One transaction writes the case, its work item, the evidence read from two registries (each read logged for the person's data tracker), the jobs, the audit record and the outbox event; after the answer, rounds of deliveries write the applicant's notification, the statistics ledger and its week counters and the deadline warning, and the transparency log appends the logged reads — all on the same database.

What one submission wrote, read off PostgreSQL's per-table counters over the run, deliveries and the log included, per case filed:

| table | inserted | updated (HOT) | deleted |
| --- | ---: | ---: | ---: |
${writes.map((w) => `| \`${w.table}\` | ${w.ins.toFixed(2)} | ${w.upd.toFixed(2)} (${w.hot.toFixed(2)}) | ${w.del.toFixed(2)} |`).join('\n')}
| **all** | **${sum(writes, 'ins').toFixed(1)}** | **${sum(writes, 'upd').toFixed(1)}** | **${sum(writes, 'del').toFixed(1)}** |

The baseline is pgbench writing exactly those rows (\`bench/same-writes.ts\`): into copies of those tables with all their indexes, unique ones included, loaded with the tables' rows; each row a copy of a row the run wrote, with new ids and times; a fraction of a row written with that probability; one transaction per submission, nothing else around it. Two forms: one statement per row (as the issue's first five-row script was written), and every row in one statement (data-modifying CTEs: one round trip, the fastest way pgbench can write them; updates and deletes then take random rows by key).

| | per second | p50 ms | p99 ms |
| --- | ---: | ---: | ---: |
| pgbench TPC-B | ${pgbench.tps.toFixed(0)} transactions | ${pgbench.p50.toFixed(1)} | ${pgbench.p99.toFixed(1)} |
| pgbench, the issue's first same-writes script (five rows: case, work item, job, audit, outbox) | ${sameTps.toFixed(0)} transactions | | |
| **pgbench writing what a submission wrote, a statement per row** | **${sameRows.rowByRow.toFixed(0)}** transactions | | |
| **pgbench writing what a submission wrote, in one statement** | **${sameRows.oneStatement.toFixed(0)}** transactions | | |
| POST /api/applications/cases | ${http.rps.toFixed(0)} submissions | ${http.p50} | ${http.p99} |

Target (issue 9): submissions at 25% or more of pgbench writing the same rows, written as the issue's baseline was (a statement per row) — **${pct(http.rps / sameRows.rowByRow)}** (${http.rps / sameRows.rowByRow >= 0.25 ? 'met' : 'NOT met'}). Against the stricter one-statement form, ${pct(http.rps / sameRows.oneStatement)}. Against the issue's first script, which writes five of a submission's ${(sum(writes, 'ins') + sum(writes, 'upd') + sum(writes, 'del')).toFixed(0)} rows, ${pct(http.rps / sameTps)}; against TPC-B, ${pct(ratio)} (the first target was 50% of it). Writing transactions per submission: ${perSubmission.writing.toFixed(2)} (target: 2 or fewer).

Where the time goes, per submission (from the start of the run until the outbox had delivered every event of it; ${backlog} events were still waiting when the last answer came, delivered ${drainS.toFixed(1)} s later):

| per submission | |
| --- | ---: |
| CPU of the server process | ${cost.serverMs.toFixed(1)} ms (${cost.serverSystemMs.toFixed(1)} ms of it in the kernel) |
| CPU of its ${cost.backends} PostgreSQL backends | ${cost.pgMs.toFixed(1)} ms |
| transactions committed (each statement outside a transaction counts; pgbench: 1) | ${perSubmission.transactions.toFixed(1)} |
| of which wrote (transaction ids assigned${others.size > 0 ? `; also counts writes to ${[...others].join(', ')}` : '; nothing else wrote meanwhile'}) | ${perSubmission.writing.toFixed(2)} |
| rows inserted / updated / deleted | ${perSubmission.inserted.toFixed(1)} / ${perSubmission.updated.toFixed(1)} / ${perSubmission.deleted.toFixed(1)} |

Checked afterwards: ${answered} answers 2xx (${statuses}, including the warm-up and a first submission by hand) and exactly as many cases (${rows.cases}), open work items (${rows.workItems}), \`applications.case.submitted\` audit records (${rows.audit}) and \`submit\` outbox events (${rows.outbox}).
`;
  if (!process.env.BENCH_SERVER) writeSection('submissions', md);
  console.log(md);
} finally {
  await cleanUp();
}
