#!/usr/bin/env node
/**
 * The `yiwang` command: start | migrate | seed | statistics-backfill | totp | help.
 * Run it through npm (`npm run yiwang -- <command>`) or `npx node server/src/cli.ts`, so it runs on the pinned Node 24.
 */
import { parseArgs } from 'node:util';
import pino from 'pino';
import { sql } from 'kysely';
import { buildApp, migrateAsOwner, migrationSources, sealedFields } from './app.ts';
import { systemClock } from './platform/clock.ts';
import { DataProtector, dataKeyId, newDataKey, parseDataKeys } from './platform/crypto.ts';
import { remainingWork, rotateKeys } from './platform/key-rotation.ts';
import { keyFile, readKeyFile, writeKeyFile } from './platform/key-store.ts';
import { backup, restore } from './platform/backup.ts';
import { applyDatabaseRoles, userOf } from './platform/db-roles.ts';
import { ConfigError, loadConfig, type Config } from './config.ts';
import { DEMO_CITIZEN, DEMO_PASSWORD, DEMO_STAFF, DEMO_TOTP_SECRET } from './demo/accounts.ts';
import { totpCode } from './modules/identity/totp.ts';
import { openDatabase, pgliteLockHolder } from './platform/db.ts';
import { migrate, migrationStatus } from './platform/migrations.ts';
import { seedDemoCity } from './demo/seed.ts';
import { simulateSensors } from './demo/simulate-sensors.ts';
import { serve } from './server.ts';
import path from 'node:path';
import { verifyLogCommand } from './modules/transparency/transparency.cli.ts';
import { verifyDrawCommand } from './modules/inspections/inspections.cli.ts';
import type * as MiniappsServe from '../../miniapps/serve.ts';

type MiniappsModule = typeof MiniappsServe;

const HELP = `yiwang <command> [options]

Commands
  start              migrate, seed the demo city on first run (YIWANG_SEED=demo), serve on PORT (8080)
  migrate            apply pending migrations and exit (--status: list them only); as DATABASE_OWNER_URL when set
  db roles           PostgreSQL: create or update the application and read-only roles and their grants, as the
                     owner (DATABASE_OWNER_URL); the application role is DATABASE_URL's user (--reader NAME:
                     the read-only role, default yiwang_reader; passwords from DATABASE_URL and YIWANG_DB_READER_PASSWORD)
  seed               seed the demo city into an empty database (--scale N residents, --enterprises N)
  backup <dir>       back up the database (PGlite data directory, or pg_dump's custom format), the uploaded
                     files and (embedded) the key file into a new directory, with a manifest of SHA-256 checksums
  restore <dir>      verify a backup (checksums, migration level) and restore it into an empty data directory or
                     an empty PostgreSQL database, then migrate it and re-grant the database roles
  keys status        the data keys: loaded (current first), in use, retired; a rotation's progress
  keys new           print a new data key (<id>:<base64>) for YIWANG_DATA_KEY
  keys rotate        re-seal every sealed field and re-key every blind index under the current key, in batches
                     (--batch N), while the platform serves; then retire the older keys. Resumes where it stopped.
                     Embedded: puts a new key first in the data directory's key file (unless a rotation is under
                     way) and rotates now, or, while the server runs, at its next start in the background.
                     PostgreSQL: YIWANG_DATA_KEY=<new>,<old> on every node first; runs as DATABASE_OWNER_URL when set
  verify-log         recompute the transparency log from the audit records and check it against every signed
                     checkpoint; names the first record that differs (exit 1). --witness <url or file>: also check a
                     checkpoint another copy holds (repeatable); --json: the report as JSON
  verify-draw <ref>  rerun a random-inspection draw (双随机) from its published pools, commitment, beacon and seed and
                     compare with its published result; <ref>: a draw id (read from the database), the draw's URL
                     (…/api/inspections/draws/<id>) or a file; --json: the verdict as JSON. Exit 1 when it differs
  simulate-sensors   publish realistic readings of the demo city's ~500 sensors, with incidents, QoS 1 to the broker
                     (YIWANG_MQTT_URL, else the embedded broker of a running \`yiwang start\` on YIWANG_MQTT_EMBEDDED_PORT):
                     --interval S between rounds (default 5), --rounds N (default: until interrupted),
                     --incidents P chance of a new incident per round (default 0.3)
  statistics-backfill compute the efficiency statistics' counters once from every case and rating (idempotent)
  cityops-screen-backfill compute the city screen's per-day counters afresh from every event (idempotent)
  totp               print the current TOTP code of the demo staff accounts
  help               this text

Configuration comes from the environment; see the README's configuration table.`;

const DEMO_RESIDENTS = 3_000;
const DEMO_ENTERPRISES = 200;
const DEMO_CASES = 160;

async function main(): Promise<void> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      scale: { type: 'string' },
      enterprises: { type: 'string' },
      status: { type: 'boolean' },
      reader: { type: 'string' },
      batch: { type: 'string' },
      witness: { type: 'string', multiple: true },
      json: { type: 'boolean' },
      interval: { type: 'string' },
      rounds: { type: 'string' },
      incidents: { type: 'string' },
    },
  });
  const cmd = positionals[0] ?? 'help';
  if (cmd === 'help' || cmd === '--help') {
    console.log(HELP);
    return;
  }
  if (cmd === 'totp') {
    console.log(totpCode(DEMO_TOTP_SECRET, new Date()));
    return;
  }
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(2);
    }
    throw err;
  }
  const log = pino({ level: config.logLevel });

  if (cmd === 'migrate') {
    const db = await openDatabase({
      databaseUrl: config.databaseUrl,
      pgliteDir: config.databaseUrl ? undefined : path.join(config.dataDir, 'pglite'),
    });
    try {
      if (values.status) {
        const s = await migrationStatus(db.db, migrationSources);
        console.log(JSON.stringify(s, null, 2));
      } else {
        const ran = await migrateAsOwner(config, db, (m) => console.log(m));
        console.log(ran.length ? `${ran.length} migrations applied` : 'migrations are current');
      }
    } finally {
      await db.close();
    }
    return;
  }

  if (cmd === 'db') {
    if (positionals[1] !== 'roles') {
      console.error(`Unknown command "db ${positionals[1] ?? ''}"\n\n${HELP}`);
      process.exit(2);
    }
    if (!config.databaseUrl) {
      console.log('The embedded PGlite database has a single role: nothing to set up. Its append-only tables are');
      console.log('guarded by triggers. Database roles are for PostgreSQL (DATABASE_URL and DATABASE_OWNER_URL).');
      return;
    }
    const ownerUrl = config.databaseOwnerUrl;
    if (!ownerUrl) {
      console.error('Set DATABASE_OWNER_URL to the owner role (it runs migrations and grants); DATABASE_URL names the');
      console.error('application role to set up.');
      process.exit(2);
    }
    const owner = await openDatabase({ databaseUrl: ownerUrl, poolSize: 1 });
    try {
      await migrate(owner.db, migrationSources, (m) => console.log(m));
      const appUrl = new URL(config.databaseUrl);
      await applyDatabaseRoles(
        owner.db,
        {
          app: userOf(config.databaseUrl),
          reader: values.reader ?? 'yiwang_reader',
          appPassword: appUrl.password ? decodeURIComponent(appUrl.password) : undefined,
          readerPassword: process.env.YIWANG_DB_READER_PASSWORD || undefined,
        },
        (line) => console.log(`  ${line}`),
      );
      console.log(
        `database roles set up: application ${userOf(config.databaseUrl)}, read-only ${values.reader ?? 'yiwang_reader'}`,
      );
    } finally {
      await owner.close();
    }
    return;
  }

  if (cmd === 'backup' || cmd === 'restore') {
    const dir = positionals[1];
    if (!dir) {
      console.error(`yiwang ${cmd} <dir>`);
      process.exit(2);
    }
    await (cmd === 'backup' ? backupCommand(config, dir) : restoreCommand(config, dir));
    return;
  }

  if (cmd === 'verify-log') {
    const database = await openDatabase({
      databaseUrl: config.databaseUrl,
      pgliteDir: config.databaseUrl ? undefined : path.join(config.dataDir, 'pglite'),
      poolSize: 2,
    });
    let code: number;
    try {
      code = await verifyLogCommand(database.db, {
        witnesses: values.witness ?? [],
        json: values.json ?? false,
        out: (line) => console.log(line),
      });
    } finally {
      await database.close();
    }
    process.exit(code);
  }

  if (cmd === 'verify-draw') {
    const ref = positionals[1];
    if (!ref) {
      console.error('yiwang verify-draw <draw-id | url | file>');
      process.exit(2);
    }
    let database: Awaited<ReturnType<typeof openDatabase>> | null = null;
    const db = async () => {
      database ??= await openDatabase({
        databaseUrl: config.databaseUrl,
        pgliteDir: config.databaseUrl ? undefined : path.join(config.dataDir, 'pglite'),
        poolSize: 2,
      });
      return database.db;
    };
    const code = await verifyDrawCommand(ref, { db, json: values.json ?? false, out: (l) => console.log(l) }).finally(
      () => database?.close(),
    );
    process.exit(code);
  }

  if (cmd === 'keys') {
    await keysCommand(config, positionals[1], values.batch ? Number(values.batch) : 500);
    return;
  }

  if (cmd === 'simulate-sensors') {
    const interval = Number(values.interval ?? 5);
    const rounds = Number(values.rounds ?? 0);
    const incidentChance = Number(values.incidents ?? 0.3);
    if (!(interval > 0) || !Number.isInteger(rounds) || rounds < 0 || !(incidentChance >= 0 && incidentChance <= 1)) {
      console.error('--interval takes seconds (> 0), --rounds a whole number, --incidents a chance between 0 and 1');
      process.exit(2);
    }
    const stop = new AbortController();
    process.once('SIGINT', () => stop.abort());
    process.once('SIGTERM', () => stop.abort());
    const url = config.sensors.mqttUrl ?? `mqtt://127.0.0.1:${config.sensors.embeddedPort}`;
    console.log(`simulating the demo city's sensors on ${url.replace(/\/\/[^@/]*@/, '//***@')}`);
    const done = await simulateSensors({
      url,
      prefix: config.sensors.topicPrefix,
      interval,
      rounds,
      incidentChance,
      log: (line) => console.log(line),
      signal: stop.signal,
    });
    console.log(`published ${done.published} readings, ${done.incidents} incidents`);
    return;
  }

  if (cmd === 'cityops-screen-backfill') {
    const built = await buildApp(config, { logger: log });
    await built.modules.cityops.screen.rebuildCounters((m) => console.log(m)).finally(() => built.close());
    return;
  }

  if (cmd === 'statistics-backfill') {
    const built = await buildApp(config, { logger: log });
    await built.modules.supervision.service.backfillStatistics((m) => console.log(m)).finally(() => built.close());
    return;
  }

  if (cmd === 'seed') {
    const residents = values.scale ? Number(values.scale) : DEMO_RESIDENTS;
    const enterprises = values.enterprises
      ? Number(values.enterprises)
      : Math.max(DEMO_ENTERPRISES, Math.round(residents / 20));
    if (!Number.isInteger(residents) || residents < 1 || !Number.isInteger(enterprises) || enterprises < 1) {
      console.error('--scale and --enterprises take positive whole numbers');
      process.exit(2);
    }
    const built = await buildApp(config, { logger: log });
    try {
      const done = await seedDemoCity(built.platform, built.modules, {
        residents,
        enterprises,
        cases: DEMO_CASES,
        log: (m) => console.log(m),
      });
      console.log(done ? 'seeded' : 'the database already holds a city; nothing seeded');
    } finally {
      await built.close();
    }
    return;
  }

  if (cmd === 'start') {
    const t0 = performance.now();
    // The demo's case history is back-dated (weeks of it): the transparency log's sequencer, which
    // looks only a little behind its cursor, starts once the history is written, so it appends it all.
    const demo = config.seed === 'demo';
    const built = await buildApp(demo ? { ...config, transparencyIntervalMs: 0 } : config, { logger: log });
    let seeded = false;
    // The demo mini-apps (miniapps/, third-party sites on their own ports), before the seed puts them in the app centre.
    const miniapps = demo && config.superapp.miniappsPort > 0 ? await startDemoMiniapps(config) : null;
    if (miniapps) built.modules.superapp.parts.bridge.api.useMiniappOrigins(miniapps.origins);
    if (demo) {
      seeded = await seedDemoCity(built.platform, built.modules, {
        residents: DEMO_RESIDENTS,
        enterprises: DEMO_ENTERPRISES,
        cases: DEMO_CASES,
        log: (m) => log.info(m),
      });
      if (config.transparencyIntervalMs > 0) built.modules.transparency.start(config.transparencyIntervalMs);
    }
    const address = await serve(built, config);
    const url = address.replace('[::1]', 'localhost').replace('127.0.0.1', 'localhost');
    const ms = Math.round(performance.now() - t0);
    console.log(`
  Yiwang 一网 is running (${built.database.kind}${built.database.kind === 'pglite' ? ` in ${config.dataDir}` : ''}; ready in ${ms} ms${seeded ? ', demo city seeded' : ''})

    citizen app     ${url}/
    staff console   ${url}/console/
    API docs        ${url}/api/docs
    health          ${url}/healthz  ${url}/readyz  ${url}/metrics
${miniapps ? [...miniapps.origins].map(([slug, origin]) => `    mini-app        ${origin}/  (${slug})\n`).join('') : ''}${
      config.seed === 'demo'
        ? `
  Demo accounts (password ${DEMO_PASSWORD}):
    citizen         ${DEMO_CITIZEN.phone} (${DEMO_CITIZEN.name})
    staff           ${DEMO_STAFF.map((s) => s.username).join(', ')}
    staff 2nd factor: TOTP secret ${DEMO_TOTP_SECRET} (or run: npm run yiwang -- totp)
`
        : ''
    }${
      config.notify.smsGateway === 'dev'
        ? `  Text messages (registration and recovery codes) go to the development sink: this log.
`
        : ''
    }`);
    return;
  }

  console.error(`Unknown command "${cmd}"\n\n${HELP}`);
  process.exit(2);
}

/** The demo mini-apps, imported only when served: they are third-party sites, not the platform's code. */
async function startDemoMiniapps(config: Config) {
  const { startMiniapps } = (await import('../../miniapps/serve.ts')) as MiniappsModule;
  const host = config.superapp.miniappsHost;
  return startMiniapps({
    platformUrl: config.publicUrl ?? `http://${host}:${config.port}`,
    basePort: config.superapp.miniappsPort,
    host,
    bind: config.host,
  });
}

async function backupCommand(config: Config, dir: string): Promise<void> {
  const pgliteDir = config.databaseUrl ? undefined : path.join(config.dataDir, 'pglite');
  const dbUrl = config.databaseOwnerUrl ?? config.databaseUrl;
  const database = await openDatabase({ databaseUrl: dbUrl, pgliteDir, poolSize: 1 });
  try {
    const t0 = performance.now();
    const manifest = await backup(dir, {
      database,
      databaseUrl: dbUrl,
      blobsDir: path.join(config.dataDir, 'blobs'),
      keyFile: config.dataKey ? undefined : keyFile(config.dataDir),
    });
    const bytes = manifest.files.reduce((n, f) => n + f.size, 0);
    console.log(
      `backed up ${manifest.database.kind} at migration ${manifest.migrations.latest} with ${manifest.blobs} uploaded files ` +
        `into ${path.resolve(dir)} (${(bytes / 1_048_576).toFixed(1)} MB, ${((performance.now() - t0) / 1000).toFixed(1)} s)`,
    );
    if (manifest.dataKeyIds.length > 0 && config.dataKey)
      console.log(
        `the data needs the data key(s) ${manifest.dataKeyIds.join(', ')}: keep them safe, apart from the backup`,
      );
  } finally {
    await database.close();
  }
}

async function restoreCommand(config: Config, dir: string): Promise<void> {
  const embedded = !config.databaseUrl;
  const dbUrl = config.databaseOwnerUrl ?? config.databaseUrl;
  const target = {
    kind: embedded ? ('pglite' as const) : ('postgres' as const),
    pgliteDir: embedded ? path.join(config.dataDir, 'pglite') : undefined,
    databaseUrl: dbUrl,
    blobsDir: path.join(config.dataDir, 'blobs'),
    keyFile: embedded && !config.dataKey ? keyFile(config.dataDir) : undefined,
    configuredKeyIds: config.dataKey ? new DataProtector(config.dataKey).keyIds : undefined,
  };
  const manifest = await restore(dir, target, migrationSources, (t, loadDataDir) =>
    openDatabase({ databaseUrl: t.databaseUrl, pgliteDir: t.pgliteDir, loadDataDir, poolSize: 1 }),
  );
  console.log(
    `restored the backup of ${manifest.createdAt} (migration ${manifest.migrations.latest}, ${manifest.blobs} files)`,
  );
  const database = await openDatabase({ databaseUrl: config.databaseUrl, pgliteDir: target.pgliteDir, poolSize: 1 });
  try {
    const ran = await migrateAsOwner(config, database, (m) => console.log(m));
    if (ran.length) console.log(`${ran.length} migrations applied since the backup`);
  } finally {
    await database.close();
  }
  if (!embedded && config.databaseOwnerUrl) {
    // Grants are not in the dump (--no-privileges): set them again for the recorded roles.
    const owner = await openDatabase({ databaseUrl: config.databaseOwnerUrl, poolSize: 1 });
    try {
      const roles = await sql<{
        purpose: string;
        role_name: string;
      }>`select purpose, role_name from platform.db_roles`.execute(owner.db);
      const app = roles.rows.find((r) => r.purpose === 'app')?.role_name;
      const reader = roles.rows.find((r) => r.purpose === 'reader')?.role_name;
      if (app && reader) {
        await applyDatabaseRoles(owner.db, { app, reader });
        console.log(`database roles granted again: ${app}, ${reader}`);
      }
    } finally {
      await owner.close();
    }
  }
}

async function keysCommand(config: Config, sub: string | undefined, batchSize: number): Promise<void> {
  if (sub === 'new') {
    const key = newDataKey();
    console.log(`${dataKeyId(key)}:${key}`);
    return;
  }
  if (sub !== 'status' && sub !== 'rotate') {
    console.error(`Unknown command "keys ${sub ?? ''}"\n\n${HELP}`);
    process.exit(2);
  }
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 10_000) {
    console.error('--batch takes a whole number from 1 to 10000');
    process.exit(2);
  }
  const embedded = !config.databaseUrl;
  const keysInDataDir = !config.dataKey;
  const pgliteDir = path.join(config.dataDir, 'pglite');
  if (sub === 'rotate' && keysInDataDir && embedded) {
    // A rotation is under way while the file holds more than one key; else begin one with a new key.
    const keys = readKeyFile(config.dataDir);
    if (!keys) {
      console.error(`No key file in ${config.dataDir}: nothing is sealed yet (start the server once).`);
      process.exit(2);
    }
    if (keys.length === 1) {
      const fresh = newDataKey();
      writeKeyFile(config.dataDir, [fresh, ...keys]);
      console.log(
        `added data key ${dataKeyId(fresh)} (current); ${dataKeyId(keys[0]!)} stays loaded until nothing uses it`,
      );
    }
    const holder = pgliteLockHolder(pgliteDir);
    if (holder !== null) {
      console.log(`The server (process ${holder}) has the embedded database open: restart it, and it re-seals in the`);
      console.log(
        'background while it serves (its log shows the progress), then drops the older key from the key file.',
      );
      return;
    }
  } else if (sub === 'rotate' && keysInDataDir) {
    console.error('YIWANG_DATA_KEY is required with DATABASE_URL');
    process.exit(2);
  }
  const spec = keysInDataDir ? (readKeyFile(config.dataDir) ?? []).join(',') : config.dataKey!;
  const protector = new DataProtector(spec);
  const database = await openDatabase({
    databaseUrl: config.databaseOwnerUrl ?? config.databaseUrl,
    pgliteDir: embedded ? pgliteDir : undefined,
    poolSize: 2,
  });
  try {
    await migrateAsOwner(config, database, (m) => console.log(m));
    if (sub === 'status') {
      const keys = await sql<{ key_id: string; state: string; first_current_at: Date; retired_at: Date | null }>`
        select key_id, state, first_current_at, retired_at from platform.data_keys order by first_current_at`.execute(
        database.db,
      );
      const progress = await sql<{ target_key_id: string; task: string; done: boolean; rows_changed: number }>`
        select target_key_id, task, done, rows_changed from platform.key_rotation_progress order by task`.execute(
        database.db,
      );
      const remaining = await remainingWork(database.db, protector, sealedFields);
      console.log(
        JSON.stringify(
          {
            loaded: protector.keyIds.map((id, i) => (i === 0 ? `${id} (current)` : id)),
            keys: keys.rows,
            rotation: progress.rows,
            notUnderCurrentKey: Object.fromEntries([...remaining].filter(([, n]) => n > 0)),
          },
          null,
          2,
        ),
      );
      return;
    }
    if (protector.keyIds.length === 1) {
      const key = newDataKey();
      console.log(`Only one data key is configured (${protector.keyId}): there is nothing to rotate to. To rotate:`);
      console.log(`  1. put a new key AFTER the current one on every node and restart them (it is loaded, not used):`);
      console.log(`       YIWANG_DATA_KEY=<current>,${dataKeyId(key)}:${key}`);
      console.log(`  2. put it FIRST on every node and restart them (new data is sealed with it):`);
      console.log(`       YIWANG_DATA_KEY=${dataKeyId(key)}:${key},<current>`);
      console.log(
        '  3. run `yiwang keys rotate` again with that configuration: it re-seals the rest, then retires the old key;',
      );
      console.log('  4. remove the old key from YIWANG_DATA_KEY.');
      return;
    }
    const t0 = performance.now();
    let done = 0;
    let lastReport = t0;
    const report = await rotateKeys(database.db, protector, sealedFields, systemClock, {
      batchSize,
      log: (m) => console.log(m),
      onBatch: (task, n) => {
        done += n;
        const now = performance.now();
        if (now - lastReport > 2_000) {
          lastReport = now;
          console.log(`${task}: ${done} values re-sealed or re-keyed (${Math.round(done / ((now - t0) / 1000))}/s)`);
        }
      },
    });
    const secs = (performance.now() - t0) / 1000;
    console.log(
      `${report.changed} values re-sealed or re-keyed in ${secs.toFixed(1)} s (${Math.round(report.changed / Math.max(secs, 0.001))}/s)`,
    );
    if (!report.done) {
      console.error('the rotation is not finished: run `yiwang keys rotate` again (it resumes)');
      process.exit(1);
    }
    if (keysInDataDir) {
      writeKeyFile(config.dataDir, [parseDataKeys(spec)[0]!]);
      console.log(`retired ${report.retired.join(', ')}; the key file now holds ${protector.keyId} only`);
    } else {
      console.log(`retired ${report.retired.join(', ')}: remove it from YIWANG_DATA_KEY on every node`);
    }
  } finally {
    await database.close();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
