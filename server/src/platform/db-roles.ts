/**
 * Least privilege in the database (DESIGN.md §3.15), PostgreSQL only:
 *
 * - the **owner** (whoever `DATABASE_OWNER_URL` connects as) owns every schema and table and
 *   runs the migrations;
 * - the **application role** (`DATABASE_URL`) reads and writes rows, but cannot UPDATE, DELETE
 *   or TRUNCATE the append-only tables (the audit trail, the personal-data access log, case
 *   history: every table guarded by the `platform.refuse_change*` triggers), cannot write the
 *   migration ledger, and cannot create, alter or drop anything (it owns nothing);
 * - the **read-only role** serves reports and open-data pipelines: SELECT on every table except
 *   credentials and sessions. The application role is a member of it, so a pipeline's transaction
 *   can `set local role` to it and run its query with nothing more than the reader's rights.
 *
 * `applyDatabaseRoles` creates the roles if missing and (re)grants everything, idempotently,
 * including default privileges so that tables and schemas later migrations create are granted
 * the same way; the append-only revokes and the reader's exclusions are re-applied after every
 * migration run by `regrantAfterMigrations`. PGlite has a single role: there the triggers alone
 * keep the append-only tables append-only.
 */
import { sql, type Kysely } from 'kysely';

export interface DatabaseRoles {
  /** The application role (the user in DATABASE_URL). */
  app: string;
  /** The read-only reporting role. */
  reader: string;
}

export interface RoleSetup extends DatabaseRoles {
  /** Set (or change) the role's password; omit to leave it as it is (e.g. trust or certificate auth). */
  appPassword?: string | undefined;
  readerPassword?: string | undefined;
}

/** Not for reports: whole tables, or columns of a table (the reader gets the table's other columns). */
export const NOT_FOR_REPORTS: readonly { table: string; columns?: readonly string[] }[] = [
  { table: 'identity.sessions' },
  { table: 'identity.login_challenges' },
  { table: 'identity.login_throttle' },
  { table: 'identity.one_time_codes' },
  { table: 'notify.dev_outbox' },
  { table: 'identity.accounts', columns: ['password_hash', 'totp_secret_enc'] },
  // Hashes of bearer secrets (API keys, share links, system tokens): a reader could test guesses offline.
  { table: 'opendata.api_keys', columns: ['key_hash'] },
  { table: 'cityops.open311_keys', columns: ['key_hash'] },
  { table: 'credentials.shares', columns: ['token_hash'] },
  { table: 'exchange.system_tokens', columns: ['token_hash'] },
  { table: 'superapp.oidc_payloads' },
  { table: 'superapp.oidc_keys' },
];

/** The migration ledger: the application reads it (readiness), only the owner writes it. */
const READ_ONLY_FOR_APP = ['platform.schema_migrations'];

const ROLE_NAME = /^[a-z_][a-z0-9_]{0,62}$/;
const ident = (name: string) => sql.id(name);
const table = (qualified: string) => {
  const [schema, name] = qualified.split('.');
  return sql.id(schema!, name!);
};

type Log = (line: string) => void;

async function exec(db: Kysely<object>, q: ReturnType<typeof sql>, log: Log, text: string): Promise<void> {
  await q.execute(db);
  log(text);
}

/** Schemas the owner owns (the modules' schemas), in name order. */
async function ownedSchemas(db: Kysely<object>): Promise<string[]> {
  const rows = await sql<{ name: string }>`
    select n.nspname as name from pg_namespace n
    where pg_get_userbyid(n.nspowner) = current_user
      and n.nspname not like 'pg\\_%' and n.nspname <> 'information_schema' and n.nspname <> 'public'
    order by 1`.execute(db);
  return rows.rows.map((r) => r.name);
}

/** Tables guarded by an append-only trigger (`platform.refuse_change` or `platform.refuse_change_but_rekey`). */
export async function appendOnlyTables(db: Kysely<object>): Promise<string[]> {
  const rows = await sql<{ name: string }>`
    select distinct n.nspname || '.' || c.relname as name
    from pg_trigger t
    join pg_class c on c.oid = t.tgrelid
    join pg_namespace n on n.oid = c.relnamespace
    join pg_proc p on p.oid = t.tgfoid
    join pg_namespace pn on pn.oid = p.pronamespace
    where pn.nspname = 'platform' and p.proname in ('refuse_change', 'refuse_change_but_rekey')
    order by 1`.execute(db);
  return rows.rows.map((r) => r.name);
}

async function roleExists(db: Kysely<object>, name: string): Promise<boolean> {
  const r = await sql<{ ok: boolean }>`select exists (select 1 from pg_roles where rolname = ${name}) as ok`.execute(
    db,
  );
  return r.rows[0]?.ok ?? false;
}

async function ensureRole(db: Kysely<object>, name: string, password: string | undefined, log: Log): Promise<void> {
  if (!(await roleExists(db, name))) {
    try {
      await exec(
        db,
        sql`create role ${ident(name)} login nosuperuser nocreatedb nocreaterole noinherit`,
        log,
        `created role ${name}`,
      );
    } catch (err) {
      // Roles belong to the cluster: another process (a parallel test file) may have made it just now.
      const code = (err as { code?: string }).code;
      if (code !== '42710' && code !== '23505') throw err;
    }
  }
  if (password !== undefined) {
    const q = await sql<{
      q: string;
    }>`select format('alter role %I password %L', ${name}::text, ${password}::text) as q`.execute(db);
    await sql.raw(q.rows[0]!.q).execute(db);
    log(`set the password of ${name}`);
  }
}

/** The grants for the schemas and tables that exist now (idempotent). */
async function grantExisting(db: Kysely<object>, roles: DatabaseRoles, log: Log): Promise<void> {
  const app = ident(roles.app);
  const reader = ident(roles.reader);
  for (const schema of await ownedSchemas(db)) {
    const s = ident(schema);
    await exec(db, sql`grant usage on schema ${s} to ${app}, ${reader}`, log, `usage on schema ${schema}`);
    await exec(db, sql`revoke create on schema ${s} from ${app}, ${reader}`, log, `no create in schema ${schema}`);
    await exec(
      db,
      sql`grant select, insert, update, delete on all tables in schema ${s} to ${app}`,
      log,
      `app: read and write the rows of ${schema}`,
    );
    await exec(
      db,
      sql`revoke truncate, references, trigger on all tables in schema ${s} from ${app}`,
      log,
      `app: no truncate in ${schema}`,
    );
    await exec(
      db,
      sql`grant usage, select on all sequences in schema ${s} to ${app}`,
      log,
      `app: sequences of ${schema}`,
    );
    await exec(db, sql`grant select on all tables in schema ${s} to ${reader}`, log, `reader: read ${schema}`);
    await exec(db, sql`grant execute on all functions in schema ${s} to ${app}`, log, `app: functions of ${schema}`);
  }
  for (const t of await appendOnlyTables(db)) {
    await exec(db, sql`revoke update, delete, truncate on ${table(t)} from ${app}`, log, `app: ${t} is append-only`);
  }
  for (const t of READ_ONLY_FOR_APP) {
    if (await tableExists(db, t))
      await exec(
        db,
        sql`revoke insert, update, delete, truncate on ${table(t)} from ${app}`,
        log,
        `app: ${t} is read-only`,
      );
  }
  for (const x of NOT_FOR_REPORTS) {
    if (!(await tableExists(db, x.table))) continue;
    await exec(db, sql`revoke select on ${table(x.table)} from ${reader}`, log, `reader: not ${x.table}`);
    if (x.columns) {
      const [schema, name] = x.table.split('.');
      const cols = await sql<{ c: string }>`
        select column_name as c from information_schema.columns
        where table_schema = ${schema} and table_name = ${name} order by ordinal_position`.execute(db);
      const allowed = cols.rows.map((r) => r.c).filter((c) => !x.columns!.includes(c));
      await exec(
        db,
        sql`grant select (${sql.join(allowed.map((c) => sql.id(c)))}) on ${table(x.table)} to ${reader}`,
        log,
        `reader: ${x.table} without ${x.columns.join(', ')}`,
      );
    }
  }
}

async function tableExists(db: Kysely<object>, qualified: string): Promise<boolean> {
  const r = await sql<{ ok: boolean }>`select to_regclass(${qualified}) is not null as ok`.execute(db);
  return r.rows[0]?.ok ?? false;
}

/**
 * Create the application and read-only roles if missing and grant them what they need, as the
 * owner (`db` connects as the owner; creating roles needs CREATEROLE or a superuser). Idempotent.
 */
export async function applyDatabaseRoles(db: Kysely<object>, setup: RoleSetup, log: Log = () => {}): Promise<void> {
  for (const name of [setup.app, setup.reader]) {
    if (!ROLE_NAME.test(name)) throw new Error(`"${name}" is not a plain role name (a-z, 0-9, _)`);
  }
  const who = (await sql<{ u: string }>`select current_user as u`.execute(db)).rows[0]!.u;
  if (who === setup.app || who === setup.reader)
    throw new Error(`connected as ${who}: run this as the owner (DATABASE_OWNER_URL), not as the role being set up`);
  await ensureRole(db, setup.app, setup.appPassword, log);
  await ensureRole(db, setup.reader, setup.readerPassword, log);
  // The application may drop to the reader for one transaction (`set local role`): open-data
  // pipelines run their queries so, with the reader's rights only (roles are noinherit, so the
  // membership gives the application nothing it would use without asking).
  await exec(
    db,
    sql`grant ${ident(setup.reader)} to ${ident(setup.app)}`,
    log,
    `${setup.app} may act as ${setup.reader}`,
  );
  const dbName = (await sql<{ d: string }>`select current_database() as d`.execute(db)).rows[0]!.d;
  await exec(
    db,
    sql`grant connect on database ${ident(dbName)} to ${ident(setup.app)}, ${ident(setup.reader)}`,
    log,
    `connect to ${dbName}`,
  );
  await grantExisting(db, setup, log);
  // Tables, sequences and schemas the owner creates later (new migrations) are granted the same way.
  const owner = ident(who);
  const app = ident(setup.app);
  const reader = ident(setup.reader);
  await exec(
    db,
    sql`alter default privileges for role ${owner} grant usage on schemas to ${app}, ${reader}`,
    log,
    'default: schemas',
  );
  await exec(
    db,
    sql`alter default privileges for role ${owner} grant select, insert, update, delete on tables to ${app}`,
    log,
    'default: app reads and writes new tables',
  );
  await exec(
    db,
    sql`alter default privileges for role ${owner} grant usage, select on sequences to ${app}`,
    log,
    'default: sequences',
  );
  await exec(
    db,
    sql`alter default privileges for role ${owner} grant select on tables to ${reader}`,
    log,
    'default: reader reads new tables',
  );
  await exec(
    db,
    sql`alter default privileges for role ${owner} grant execute on functions to ${app}`,
    log,
    'default: functions',
  );
  await sql`insert into platform.db_roles (purpose, role_name) values ('app', ${setup.app}), ('reader', ${setup.reader})
    on conflict (purpose) do update set role_name = excluded.role_name`.execute(db);
}

/**
 * After migrations run as the owner: if roles were set up, re-apply the grants, so a new
 * append-only table is revoked from the application role and new credential tables stay out of reports.
 */
export async function regrantAfterMigrations(db: Kysely<object>, log: Log = () => {}): Promise<boolean> {
  if (!(await tableExists(db, 'platform.db_roles'))) return false;
  const rows = (
    await sql<{ purpose: string; role_name: string }>`select purpose, role_name from platform.db_roles`.execute(db)
  ).rows;
  const app = rows.find((r) => r.purpose === 'app')?.role_name;
  const reader = rows.find((r) => r.purpose === 'reader')?.role_name;
  if (!app || !reader) return false;
  await grantExisting(db, { app, reader }, log);
  return true;
}

/** The user name in a postgres:// URL (the application role's name for `yiwang db roles`). */
export const userOf = (url: string): string => decodeURIComponent(new URL(url).username);
