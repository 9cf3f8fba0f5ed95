/**
 * Least-privilege database roles (PostgreSQL): the application role cannot UPDATE or DELETE the
 * append-only tables nor change the schema; the read-only role reads reports but no credentials.
 * On PGlite (one role) the append-only triggers hold, including the access log's.
 */
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyDatabaseRoles, regrantAfterMigrations, userOf } from '../../src/platform/db-roles.ts';
import { openDatabase, type Database } from '../../src/platform/db.ts';
import { migrate } from '../../src/platform/migrations.ts';
import { recordPersonalDataAccess } from '../../src/platform/pii.ts';
import { createTestApp, registerCitizen, TEST_READER_ROLE, type TestContext } from '../helpers.ts';

const onPostgres = Boolean(process.env.DATABASE_URL);

let ctx: TestContext;
let app: Database; // connected as the application role
let reader: Database; // connected as the read-only role
const opened: Database[] = [];

/** The test database's URL as another user (trust authentication on the test server). */
function as(user: string): string {
  const u = new URL(ctx.ownerUrl!);
  u.username = user;
  u.password = '';
  return u.toString();
}

beforeAll(async () => {
  ctx = await createTestApp({ residents: 10 });
  // A case with history, an access-log row and audit rows to try to change.
  const citizen = await registerCitizen(ctx);
  expect(citizen.id).toBeTruthy();
  // the way a module records a staff read of someone's data (the app's connection)
  await recordPersonalDataAccess(
    ctx.database.db,
    {
      subjectIndex: 'subject-index-for-test',
      accessorId: citizen.id,
      accessorName: '测试',
      organisation: null,
      purpose: '测试访问记录',
      fields: ['name'],
      resourceType: 'test',
      resourceId: null,
      requestId: null,
    },
    ctx.clock.now(),
  );
  if (!onPostgres) return;
  if (process.env.DATABASE_OWNER_URL) {
    app = ctx.database; // CI: the harness connects the app as the application role already
  } else {
    await applyDatabaseRoles(ctx.owner.db, { app: 'yiwang_app_test', reader: TEST_READER_ROLE });
    app = await openDatabase({ databaseUrl: as('yiwang_app_test'), poolSize: 1 });
    opened.push(app);
  }
  reader = await openDatabase({ databaseUrl: as(TEST_READER_ROLE), poolSize: 1 });
  opened.push(reader);
});
afterAll(async () => {
  for (const d of opened) await d.close();
  await ctx.teardown();
});

const failure = async (db: Kysely<object>, q: ReturnType<typeof sql>): Promise<string> => {
  try {
    await q.execute(db);
  } catch (err) {
    return `${(err as { code?: string }).code} ${(err as Error).message}`;
  }
  return 'succeeded';
};

describe.runIf(onPostgres)('the application role (PostgreSQL)', () => {
  it('is not the owner: it connects as a role of its own', async () => {
    const who = (await sql<{ u: string }>`select current_user as u`.execute(app.db)).rows[0]!.u;
    const owner = (await sql<{ u: string }>`select current_user as u`.execute(ctx.owner.db)).rows[0]!.u;
    expect(who).not.toBe(owner);
    if (process.env.DATABASE_OWNER_URL) expect(who).toBe(userOf(process.env.DATABASE_URL!));
  });

  it('cannot UPDATE or DELETE an audit row, an access-log row or case history: permission denied, not the trigger', async () => {
    for (const t of ['platform.audit_log', 'platform.personal_data_access']) {
      const [schema, name] = t.split('.');
      const n = (await sql<{ n: number }>`select count(*)::int as n from ${sql.id(schema!, name!)}`.execute(app.db))
        .rows[0]!.n;
      expect(n, t).toBeGreaterThan(0); // it can read them
      const update = await failure(app.db, sql`update ${sql.id(schema!, name!)} set id = id`);
      expect(update, t).toMatch(new RegExp(`^42501 permission denied for table ${name}`));
      expect(await failure(app.db, sql`delete from ${sql.id(schema!, name!)}`), t).toMatch(/^42501 permission denied/);
      expect(await failure(app.db, sql`truncate ${sql.id(schema!, name!)}`), t).toMatch(/^42501 permission denied/);
    }
    expect(await failure(app.db, sql`update applications.case_events set seq = seq`)).toMatch(
      /^42501 permission denied for table case_events/,
    );
    expect(await failure(app.db, sql`delete from applications.case_events`)).toMatch(/^42501 permission denied/);
    // still readable and appendable: the app writes audit rows in every command (registration above did)
    const audit = await sql<{ n: number }>`select count(*)::int as n from platform.audit_log`.execute(app.db);
    expect(audit.rows[0]!.n).toBeGreaterThan(0);
  });

  it('cannot change the schema or the migration ledger', async () => {
    expect(await failure(app.db, sql`create table platform.intruder (id int)`)).toMatch(
      /^42501 permission denied for schema platform/,
    );
    expect(await failure(app.db, sql`create schema intruder`)).toMatch(/^42501 permission denied/);
    expect(await failure(app.db, sql`alter table identity.accounts add column intruder int`)).toMatch(
      /^42501 must be owner/,
    );
    expect(await failure(app.db, sql`drop table notify.messages`)).toMatch(/^42501 must be owner/);
    expect(await failure(app.db, sql`alter table platform.audit_log disable trigger audit_log_append_only`)).toMatch(
      /^42501 must be owner/,
    );
    expect(await failure(app.db, sql`delete from platform.schema_migrations`)).toMatch(/^42501 permission denied/);
    expect(
      await failure(app.db, sql`insert into platform.schema_migrations (id, module, checksum) values ('x', 'x', 'x')`),
    ).toMatch(/^42501 permission denied/);
  });

  it('reads and writes ordinary rows', async () => {
    expect(await failure(app.db, sql`update identity.accounts set updated_at = updated_at where false`)).toBe(
      'succeeded',
    );
    expect(await failure(app.db, sql`delete from identity.sessions where false`)).toBe('succeeded');
  });

  it('gets tables that later migrations create; a new append-only table is revoked after the migration', async () => {
    const probe = {
      module: 'probe',
      migrations: [
        {
          id: '209912310101_probe_roles',
          up: [
            'create schema probe',
            'create table probe.notes (id integer primary key, body text not null)',
            'create table probe.ledger (id integer primary key)',
            `create trigger ledger_append_only before update or delete on probe.ledger
              for each row execute function platform.refuse_change()`,
          ],
        },
      ],
    };
    await migrate(ctx.owner.db, [probe]);
    expect(await regrantAfterMigrations(ctx.owner.db)).toBe(true);
    expect(await failure(app.db, sql`insert into probe.notes (id, body) values (1, 'a')`)).toBe('succeeded');
    expect(await failure(app.db, sql`update probe.notes set body = 'b'`)).toBe('succeeded');
    expect(await failure(app.db, sql`insert into probe.ledger (id) values (1)`)).toBe('succeeded');
    expect(await failure(app.db, sql`update probe.ledger set id = 2`)).toMatch(
      /^42501 permission denied for table ledger/,
    );
    expect(await failure(reader.db, sql`select * from probe.notes`)).toBe('succeeded');
  });

  it('applying the roles again changes nothing (idempotent)', async () => {
    const user = (await sql<{ u: string }>`select current_user as u`.execute(app.db)).rows[0]!.u;
    await applyDatabaseRoles(ctx.owner.db, { app: user, reader: TEST_READER_ROLE });
    expect(await failure(app.db, sql`update platform.audit_log set id = id`)).toMatch(/^42501 permission denied/);
    expect(await failure(app.db, sql`select count(*) from applications.cases`)).toBe('succeeded');
  });
});

describe.runIf(onPostgres)('the read-only role (PostgreSQL)', () => {
  it('reads cases, accounts without credentials, the audit trail; writes nothing', async () => {
    expect(await failure(reader.db, sql`select count(*) from applications.cases`)).toBe('succeeded');
    expect(await failure(reader.db, sql`select count(*) from platform.audit_log`)).toBe('succeeded');
    expect(await failure(reader.db, sql`select id, display_name, region_code from identity.accounts`)).toBe(
      'succeeded',
    );
    expect(await failure(reader.db, sql`select password_hash from identity.accounts`)).toMatch(
      /^42501 permission denied/,
    );
    expect(await failure(reader.db, sql`select * from identity.sessions`)).toMatch(/^42501 permission denied/);
    // Hashes of bearer secrets: the rows' other columns, never the hash.
    for (const [table, column] of [
      ['cityops.open311_keys', 'key_hash'],
      ['opendata.api_keys', 'key_hash'],
      ['credentials.shares', 'token_hash'],
      ['exchange.system_tokens', 'token_hash'],
    ] as const) {
      const [schema, name] = table.split('.') as [string, string];
      expect(await failure(reader.db, sql`select count(*) from ${sql.id(schema, name)}`)).toBe('succeeded');
      expect(await failure(reader.db, sql`select ${sql.id(column)} from ${sql.id(schema, name)}`)).toMatch(
        /^42501 permission denied/,
      );
    }
    expect(await failure(reader.db, sql`update identity.accounts set display_name = display_name`)).toMatch(
      /^42501 permission denied/,
    );
    expect(await failure(reader.db, sql`insert into platform.audit_log (id) values (gen_random_uuid())`)).toMatch(
      /^42501 permission denied/,
    );
  });
});

describe('the append-only triggers (both databases; the only guard on PGlite, which has one role)', () => {
  it('refuse changing an audit row or case history, and an access-log row except its subject index', async () => {
    const db = ctx.owner.db; // even the owner
    expect(await failure(db, sql`update platform.audit_log set action = 'x'`)).toMatch(/append-only/);
    expect(await failure(db, sql`delete from platform.audit_log`)).toMatch(/append-only/);
    expect(await failure(db, sql`update platform.personal_data_access set purpose = 'x'`)).toMatch(/append-only/);
    expect(await failure(db, sql`delete from platform.personal_data_access`)).toMatch(/append-only/);
    expect(await failure(db, sql`truncate platform.personal_data_access`)).toMatch(/append-only/);
    const n = (await sql<{ n: number }>`select count(*)::int as n from platform.personal_data_access`.execute(db))
      .rows[0]!.n;
    expect(n).toBeGreaterThan(0);
    // key rotation re-keys the subject index and nothing else
    expect(await failure(db, sql`update platform.personal_data_access set subject_index = subject_index`)).toBe(
      'succeeded',
    );
  });
});
