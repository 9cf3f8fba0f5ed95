#!/usr/bin/env node
/**
 * The `yiwang` command: start | migrate | seed | totp | help.
 * Run it through npm (`npm run yiwang -- <command>`) or `npx node server/src/cli.ts`, so it runs on the pinned Node 24.
 */
import { parseArgs } from 'node:util';
import pino from 'pino';
import { buildApp, migrateAsOwner, migrationSources } from './app.ts';
import { applyDatabaseRoles, userOf } from './platform/db-roles.ts';
import { ConfigError, loadConfig, type Config } from './config.ts';
import { DEMO_CITIZEN, DEMO_PASSWORD, DEMO_STAFF, DEMO_TOTP_SECRET } from './modules/identity/demo-accounts.ts';
import { totpCode } from './modules/identity/totp.ts';
import { openDatabase } from './platform/db.ts';
import { migrate, migrationStatus } from './platform/migrations.ts';
import { seedDemoCity } from './seed.ts';
import { serve } from './server.ts';
import path from 'node:path';

const HELP = `yiwang <command> [options]

Commands
  start              migrate, seed the demo city on first run (YIWANG_SEED=demo), serve on PORT (8080)
  migrate            apply pending migrations and exit (--status: list them only); as DATABASE_OWNER_URL when set
  db roles           PostgreSQL: create or update the application and read-only roles and their grants, as the
                     owner (DATABASE_OWNER_URL); the application role is DATABASE_URL's user (--reader NAME:
                     the read-only role, default yiwang_reader; passwords from DATABASE_URL and YIWANG_DB_READER_PASSWORD)
  seed               seed the demo city into an empty database (--scale N residents, --enterprises N)
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
    const built = await buildApp(config, { logger: log });
    let seeded = false;
    if (config.seed === 'demo') {
      seeded = await seedDemoCity(built.platform, built.modules, {
        residents: DEMO_RESIDENTS,
        enterprises: DEMO_ENTERPRISES,
        cases: DEMO_CASES,
        log: (m) => log.info(m),
      });
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
${
  config.seed === 'demo'
    ? `
  Demo accounts (password ${DEMO_PASSWORD}):
    citizen         ${DEMO_CITIZEN.phone} (${DEMO_CITIZEN.name})
    staff           ${DEMO_STAFF.map((s) => s.username).join(', ')}
    staff 2nd factor: TOTP secret ${DEMO_TOTP_SECRET} (or run: npm run yiwang -- totp)
`
    : ''
}`);
    return;
  }

  console.error(`Unknown command "${cmd}"\n\n${HELP}`);
  process.exit(2);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
