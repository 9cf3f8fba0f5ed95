/**
 * A pipeline's query, read-only and streamed. One transaction per release:
 *
 * - `repeatable read, read only`: both passes of the de-identification see one snapshot, and
 *   nothing the query does can write (PostgreSQL and PGlite refuse it);
 * - on PostgreSQL with database roles set up (`yiwang db roles`), `set local role` to the
 *   read-only role: the query runs with the reader's rights alone (no credentials, no sessions);
 * - the rows come through a server-side cursor (`declare … cursor`, `fetch forward n`), a batch
 *   at a time, so a release over millions of rows never holds them.
 *
 * The SQL text is data (a pipeline's definition, approved by its data officer): it reads other
 * modules' tables, which is what the reader role is for (reports and open data, DESIGN.md §3.15).
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Row, Value } from './opendata.deid.ts';
import type { Source } from './opendata.deid.engine.ts';

export const FETCH_SIZE = 2000;

/** Whether every table exists (a pipeline over a module this installation lacks is not run). */
export async function missingTables(db: Kysely<object>, tables: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  for (const t of tables) {
    const r = await sql<{ ok: boolean }>`select to_regclass(${t}) is not null as ok`.execute(db);
    if (!r.rows[0]?.ok) out.push(t);
  }
  return out;
}

/** The read-only role the application may act as, if roles are set up (PostgreSQL). */
async function readerRole(tx: Transaction<object>): Promise<string | null> {
  const exists = await sql<{ ok: boolean }>`select to_regclass('platform.db_roles') is not null as ok`.execute(tx);
  if (!exists.rows[0]?.ok) return null;
  const r = await sql<{ role_name: string }>`
    select role_name from platform.db_roles
    where purpose = 'reader' and pg_has_role(current_user, role_name, 'MEMBER')`.execute(tx);
  return r.rows[0]?.role_name ?? null;
}

const plain = (row: Record<string, unknown>): Row => {
  const out: Row = {};
  for (const k in row) {
    const v = row[k];
    out[k] = v instanceof Date ? v.toISOString() : typeof v === 'bigint' ? Number(v) : (v as Value);
  }
  return out;
};

export interface ReadOnlyRun {
  /** The role the query ran as (the reader's name, or the application's own on PGlite / without roles). */
  role: string;
  source: (query: string) => Source;
}

/** Run `fn` inside one read-only snapshot, the pipeline's query available as a repeatable streamed source. */
export async function withReadOnlySnapshot<T>(db: Kysely<object>, fn: (run: ReadOnlyRun) => Promise<T>): Promise<T> {
  return db.transaction().execute(async (tx) => {
    await sql`set transaction isolation level repeatable read, read only`.execute(tx);
    const reader = await readerRole(tx);
    if (reader) await sql`set local role ${sql.id(reader)}`.execute(tx);
    const role = (await sql<{ u: string }>`select current_user as u`.execute(tx)).rows[0]!.u;
    let n = 0;
    const source = (query: string): Source =>
      async function* () {
        const name = `opendata_release_${++n}`;
        await sql.raw(`declare ${name} no scroll cursor for ${query.trim().replace(/;\s*$/, '')}`).execute(tx);
        try {
          for (;;) {
            const r = await sql.raw<Record<string, unknown>>(`fetch forward ${FETCH_SIZE} from ${name}`).execute(tx);
            if (r.rows.length === 0) break;
            yield r.rows.map(plain);
          }
        } finally {
          // After an error the transaction is aborted and refuses even this: the error that matters is already on its way.
          await sql
            .raw(`close ${name}`)
            .execute(tx)
            .catch(() => undefined);
        }
      };
    return fn({ role, source });
  });
}
