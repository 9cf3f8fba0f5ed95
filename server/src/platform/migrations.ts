/**
 * Migrations are plain SQL, frozen once released, owned by their module and run as one
 * ordered stream (DESIGN.md §3.10). Each statement is one query (the extended protocol
 * refuses several). A checksum guards against editing a migration after it ran.
 */
import { sql, type Kysely } from 'kysely';
import { createHash } from 'node:crypto';

export interface Migration {
  /** Sortable and unique across modules: `YYYYMMDDHHMM_<module>_<what>`. */
  id: string;
  /** SQL statements, one per entry. */
  up: readonly string[];
}

export interface MigrationSource {
  module: string;
  migrations: readonly Migration[];
}

export interface MigrationStatus {
  applied: string[];
  pending: string[];
}

const checksum = (m: Migration) => createHash('sha256').update(m.up.join('\n;\n')).digest('hex');

export function orderedMigrations(sources: readonly MigrationSource[]): (Migration & { module: string })[] {
  const all = sources.flatMap((s) => s.migrations.map((m) => ({ ...m, module: s.module })));
  all.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (let i = 1; i < all.length; i++) {
    if (all[i]!.id === all[i - 1]!.id) throw new Error(`Duplicate migration id ${all[i]!.id}`);
  }
  return all;
}

async function ensureLedger(db: Kysely<object>): Promise<void> {
  // When the ledger exists, create nothing: the application role (which may not create) can then
  // run migrate() to find that nothing is pending.
  const exists = await sql<{ ok: boolean }>`select to_regclass('platform.schema_migrations') is not null as ok`.execute(
    db,
  );
  if (exists.rows[0]?.ok) return;
  await sql`create schema if not exists platform`.execute(db);
  await sql`create table if not exists platform.schema_migrations (
    id text primary key,
    module text not null,
    checksum text not null,
    applied_at timestamptz not null default now()
  )`.execute(db);
}

export async function migrationStatus(
  db: Kysely<object>,
  sources: readonly MigrationSource[],
): Promise<MigrationStatus> {
  const exists = await sql<{ ok: boolean }>`select to_regclass('platform.schema_migrations') is not null as ok`.execute(
    db,
  );
  const applied = exists.rows[0]?.ok
    ? (await sql<{ id: string }>`select id from platform.schema_migrations order by id`.execute(db)).rows.map(
        (r) => r.id,
      )
    : [];
  const done = new Set(applied);
  return {
    applied,
    pending: orderedMigrations(sources)
      .filter((m) => !done.has(m.id))
      .map((m) => m.id),
  };
}

/** Apply every pending migration, each in its own transaction, under an advisory lock so two nodes never race. */
export async function migrate(
  db: Kysely<object>,
  sources: readonly MigrationSource[],
  log: (msg: string) => void = () => {},
): Promise<string[]> {
  await ensureLedger(db);
  const ran: string[] = [];
  for (const m of orderedMigrations(sources)) {
    const did = await db.transaction().execute(async (tx) => {
      await sql`select pg_advisory_xact_lock(7426001)`.execute(tx);
      const row = (
        await sql<{ checksum: string }>`select checksum from platform.schema_migrations where id = ${m.id}`.execute(tx)
      ).rows[0];
      if (row) {
        if (row.checksum !== checksum(m)) {
          throw new Error(`Migration ${m.id} was changed after it ran; migrations are frozen: add a new one`);
        }
        return false;
      }
      for (const stmt of m.up) await sql.raw(stmt).execute(tx);
      await sql`insert into platform.schema_migrations (id, module, checksum) values (${m.id}, ${m.module}, ${checksum(m)})`.execute(
        tx,
      );
      return true;
    });
    if (did) {
      ran.push(m.id);
      log(`migrated ${m.id}`);
    }
  }
  return ran;
}
