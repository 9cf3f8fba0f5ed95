/**
 * The community roster moved from org to the exchange: a database with residents in
 * org.residents (names in clear, as before) is migrated, and on start the exchange seals the
 * names into exchange.residents; the roster reads as before and no clear name is left.
 */
import { sql } from 'kysely';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { buildApp, migrationSources, type App } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { ManualClock } from '../../src/platform/clock.ts';
import { DataProtector } from '../../src/platform/crypto.ts';
import { openDatabase, type Database } from '../../src/platform/db.ts';
import { uuidv7 } from '../../src/platform/ids.ts';
import { makeCitizenId } from '../../src/platform/id-numbers.ts';
import { migrate } from '../../src/platform/migrations.ts';
import { PII } from '../../src/platform/pii.ts';
import { TEST_DATA_KEY } from '../helpers.ts';
import { createScratchDatabase } from '../scratch-database.ts';

const ROSTER_MOVE = '202612020510_exchange_roster';
let app: App | null = null;
let database: Database;
/** Closes the database when the app never took it over. */
let closeDatabase = async () => {};
let drop = async () => {};

afterAll(async () => {
  if (app) await app.close();
  else await closeDatabase();
  await drop();
});

const rows = <T>(q: ReturnType<typeof sql<T>>) => q.execute(database.db).then((r) => r.rows);

describe('moving the roster from org to the exchange', () => {
  it('moves every resident, seals the name on start, and leaves no clear name behind', async () => {
    // The migration is the owner's work (CI's application role can neither create databases nor migrate).
    const base = process.env.DATABASE_OWNER_URL ?? process.env.DATABASE_URL;
    let url: string | undefined;
    if (base) {
      const scratch = await createScratchDatabase(base, 'yw_roster');
      database = await openDatabase({ databaseUrl: scratch.url, poolSize: 2, onIdleError: () => {} });
      url = scratch.url;
      drop = scratch.drop;
    } else {
      database = await openDatabase({});
    }
    closeDatabase = () => database.close();
    // The database as it was before the move.
    const before = migrationSources.map((s) => ({ ...s, migrations: s.migrations.filter((m) => m.id < ROSTER_MOVE) }));
    await migrate(database.db, before);
    const protector = new DataProtector(TEST_DATA_KEY);
    const community = uuidv7();
    await sql`insert into org.regions (code, name, name_en, level, parent_code) values ('330383', '龙港市', 'Longgang', 'county', null)`.execute(
      database.db,
    );
    await sql`insert into org.communities (id, code, name, name_en, region_code, created_at) values (${community}, '330383000001', '兰亭社区', 'Lanting Community', '330383', now())`.execute(
      database.db,
    );
    const people = [
      { name: '郑美玲', idNumber: makeCitizenId('330383', '1979-04-02', 24), phone: '13957700001' },
      { name: '薛志强', idNumber: makeCitizenId('330383', '1991-10-30', 13), phone: '13957700002' },
    ];
    for (const p of people) {
      await sql`insert into org.residents (region_code, id, community_id, grid_id, name, gender, birth_year, id_number_enc, id_number_index, phone_enc, address_enc, created_at)
        values ('330383', ${uuidv7()}, ${community}, null, ${p.name}, 'F', ${Number(p.idNumber.slice(6, 10))},
          ${protector.seal(p.idNumber, PII.citizenId)}, ${protector.blindIndex(p.idNumber, PII.citizenId)},
          ${protector.seal(p.phone, PII.phone)}, null, now())`.execute(database.db);
    }

    const config = loadConfig({
      dataDir: mkdtempSync(join(tmpdir(), 'yiwang-test-')),
      dataKey: TEST_DATA_KEY,
      logLevel: 'silent',
      seed: 'none',
      ...(url ? { databaseUrl: url } : {}),
    });
    app = await buildApp(config, {
      clock: new ManualClock('2026-12-02T08:00:00Z'),
      database,
      logger: pino({ level: 'silent' }),
    });

    const [gone] = await rows(sql<{ t: string | null }>`select to_regclass('org.residents')::text as t`);
    expect(gone!.t).toBeNull();
    const [pending] = await rows(sql<{ n: number }>`select count(*)::int as n from exchange.roster_import`);
    expect(pending!.n).toBe(0);
    const moved = await rows(
      sql<{
        name_enc: string;
        id_number_enc: string;
        community_id: string;
      }>`select name_enc, id_number_enc, community_id from exchange.residents order by birth_year`,
    );
    expect(moved).toHaveLength(2);
    expect(moved.map((r) => protector.open(r.name_enc, PII.name))).toEqual(people.map((p) => p.name));
    expect(moved.map((r) => protector.open(r.id_number_enc, PII.citizenId))).toEqual(people.map((p) => p.idNumber));
    expect(moved.every((r) => r.community_id === community)).toBe(true);
    const raw = JSON.stringify(await rows(sql`select * from exchange.residents`));
    for (const p of people) {
      expect(raw).not.toContain(p.name);
      expect(raw).not.toContain(p.idNumber);
      expect(raw).not.toContain(p.phone);
    }
    // Starting again finds nothing left to seal.
    expect(await app.modules.exchange.roster.sealImported()).toBe(0);
  }, 120_000); // two migrations and a start on a shared machine
});
