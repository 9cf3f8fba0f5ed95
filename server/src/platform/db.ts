/**
 * One database, PGlite (embedded, PostgreSQL in WebAssembly) or PostgreSQL, behind Kysely.
 * The same migrations and queries serve both (DESIGN.md §4).
 */
import { CompiledQuery, Kysely, PGliteDialect, PostgresDialect, sql, type Insertable, type Transaction } from 'kysely';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** Any module's narrowed view of the database. A repository takes `Db<ItsTables>`. */
export type Db<T> = Kysely<T>;
export type Tx<T> = Transaction<T>;

export interface Database {
  /** The whole database, typed by nobody in particular; narrowed per module with `scoped`. */
  readonly db: Kysely<object>;
  readonly kind: 'pglite' | 'postgres';
  close(): Promise<void>;
  /** PGlite only: the data directory as a gzipped tar, read between two queries (a crash-consistent copy). */
  dumpDataDir?: () => Promise<Blob>;
  /**
   * PostgreSQL only: from now on, send repeated statements as named prepared statements
   * (parsed and planned once per connection). Called once the schema is migrated: a
   * statement prepared before a migration changed its table's columns would fail.
   */
  prepareStatements?: () => void;
}

/**
 * Narrow the database to one module's tables. Kysely's types are invariant in the table
 * map, so this is the one place the cast lives; repositories then cannot name another
 * module's tables (DESIGN.md §3.4).
 */
export function scoped<T>(db: Kysely<object> | Transaction<object>): Kysely<T> {
  return db as unknown as Kysely<T>;
}

const insertTexts = new Map<string, string>();

/**
 * INSERT one row of plain values (no SQL expressions), its statement's text made once per
 * table and set of columns. Kysely builds and compiles a statement on every call (operation
 * nodes, frozen objects, the compiler's visit), which shows on the hottest writes (a
 * submission's case, audit record and event); the values go to the driver as Kysely hands
 * them over. Columns left undefined take their defaults, as with Kysely.
 */
export async function insertRow<T, K extends keyof T & string>(
  db: Kysely<T>,
  table: K,
  row: Insertable<T[K]>,
): Promise<void> {
  const values = row as Record<string, unknown>;
  const columns = Object.keys(values).filter((c) => values[c] !== undefined);
  const key = `${table}(${columns.join(',')})`;
  let text = insertTexts.get(key);
  if (!text) {
    const quoted = (name: string) => `"${name.replaceAll('"', '""')}"`;
    const target = table.split('.').map(quoted).join('.');
    text = `insert into ${target} (${columns.map(quoted).join(', ')}) values (${columns.map((_, i) => `$${i + 1}`).join(', ')})`;
    insertTexts.set(key, text);
  }
  await db.executeQuery(
    CompiledQuery.raw(
      text,
      columns.map((c) => values[c]),
    ),
  );
}

/** A row to insert with others in one statement (`insertAll`). */
export interface PendingInsert {
  table: string;
  row: Record<string, unknown>;
  /** The unique column(s) on which a row already there is kept and this one dropped (`on conflict (…) do nothing`). */
  onConflictDoNothing?: string;
}

/** Where rows go to be inserted together when a command ends (`Work.insertLater`). */
export interface LaterInserts {
  insertLater(table: string, row: Record<string, unknown>, options?: { onConflictDoNothing?: string }): void;
}

const batchTexts = new Map<string, string>();
const MAX_BATCH_TEXTS = 1000;

/**
 * INSERT rows of plain values into one or more tables in ONE statement (one round trip): the
 * rows of each table (and conflict rule) in one multi-row VALUES, each table after the first in
 * a data-modifying CTE (`with w1 as (insert …) insert …`), which PostgreSQL runs in full and
 * whose triggers (statement triggers with transition tables too) fire as for separate
 * statements. A column a row leaves undefined takes its default. The statement's text is made
 * once per shape (tables, columns, row counts, defaults).
 */
export async function insertAll(
  db: Kysely<object> | Transaction<object>,
  inserts: readonly PendingInsert[],
): Promise<void> {
  if (inserts.length === 0) return;
  const groups = new Map<string, { table: string; conflict: string | undefined; rows: Record<string, unknown>[] }>();
  for (const i of inserts) {
    const k = `${i.table}|${i.onConflictDoNothing ?? ''}`;
    const g = groups.get(k);
    if (g) g.rows.push(i.row);
    else groups.set(k, { table: i.table, conflict: i.onConflictDoNothing, rows: [i.row] });
  }
  const values: unknown[] = [];
  const shape: string[] = [];
  const parts: { table: string; conflict: string | undefined; columns: string[]; tuples: string[] }[] = [];
  for (const g of groups.values()) {
    const columns: string[] = [];
    for (const r of g.rows)
      for (const c of Object.keys(r)) if (r[c] !== undefined && !columns.includes(c)) columns.push(c);
    const tuples = g.rows.map(
      (r) =>
        `(${columns
          .map((c) => {
            if (r[c] === undefined) return 'default';
            values.push(r[c]);
            return `$${values.length}`;
          })
          .join(', ')})`,
    );
    shape.push(`${g.table}|${g.conflict ?? ''}|${columns.join(',')}|${tuples.join('')}`);
    parts.push({ table: g.table, conflict: g.conflict, columns, tuples });
  }
  const key = shape.join(';');
  let text = batchTexts.get(key);
  if (!text) {
    const quoted = (name: string) => `"${name.replaceAll('"', '""')}"`;
    const inserts = parts.map(
      (p) =>
        `insert into ${p.table.split('.').map(quoted).join('.')} (${p.columns.map(quoted).join(', ')}) values ${p.tuples.join(', ')}` +
        (p.conflict ? ` on conflict (${p.conflict.split(',').map(quoted).join(', ')}) do nothing` : ''),
    );
    const last = inserts.pop()!;
    text = inserts.length === 0 ? last : `with ${inserts.map((q, i) => `w${i + 1} as (${q})`).join(', ')} ${last}`;
    if (batchTexts.size >= MAX_BATCH_TEXTS) batchTexts.clear();
    batchTexts.set(key, text);
  }
  await db.executeQuery(CompiledQuery.raw(text, values));
}

export interface OpenOptions {
  databaseUrl?: string | undefined;
  /** Directory for the embedded database; omit for an in-memory one (tests). */
  pgliteDir?: string | undefined;
  /** PGlite: start from this data directory dump (a backup) instead of an empty one. */
  loadDataDir?: Blob | undefined;
  poolSize?: number;
  onIdleError?: (err: Error) => void;
}

export async function openDatabase(opts: OpenOptions): Promise<Database> {
  if (opts.databaseUrl) {
    const pg = await import('pg');
    const Pool = pg.default.Pool;
    // int8 (counts, sums) as JS numbers: our counts stay far below 2^53.
    pg.default.types.setTypeParser(20, (v: string) => Number(v));
    // dates (not timestamps) stay 'YYYY-MM-DD' strings: a birth date has no time zone.
    pg.default.types.setTypeParser(1082, (v: string) => v);
    const pool = new Pool({ connectionString: opts.databaseUrl, max: opts.poolSize ?? 10 });
    // An idle connection the server ends (restart, failover, a dropped test database) must not
    // crash the process: the pool replaces it on the next query.
    pool.on(
      'error',
      opts.onIdleError ?? ((err: Error) => process.emitWarning(`idle database connection lost: ${err.message}`)),
    );
    const statements = new PreparedStatements();
    pool.on('connect', (client) => statements.use(client));
    const db = new Kysely<object>({ dialect: new PostgresDialect({ pool }) });
    return { db, kind: 'postgres', close: () => db.destroy(), prepareStatements: () => statements.enable() };
  }
  const { PGlite } = await import('@electric-sql/pglite');
  if (opts.pgliteDir) fs.mkdirSync(path.dirname(opts.pgliteDir), { recursive: true });
  // PGlite is one process's database: two processes on one directory would corrupt it.
  const unlock = opts.pgliteDir ? lockPglite(opts.pgliteDir) : () => {};
  const pglite = await PGlite.create(opts.pgliteDir ?? 'memory://', {
    parsers: { 20: (v: string) => Number(v), 1082: (v: string) => v },
    // One embedded backend for one city's demo: 16 MB of shared buffers instead of 128 MB
    // keeps the whole server near 300 MB (docs/benchmarks.md); PostgreSQL is for scale.
    postgresqlconf: 'shared_buffers=16MB',
    ...(opts.loadDataDir ? { loadDataDir: opts.loadDataDir } : {}),
  });
  const db = new Kysely<object>({ dialect: new PGliteDialect({ pglite }) });
  return {
    db,
    kind: 'pglite',
    dumpDataDir: async () => {
      // Fewer WAL records to replay on restore; the dump is consistent without it.
      await sql`checkpoint`.execute(db).catch(() => undefined);
      return pglite.dumpDataDir('gzip');
    },
    close: async () => {
      await db.destroy();
      if (!pglite.closed) await pglite.close();
      unlock();
    },
  };
}

/**
 * Named prepared statements for the SQL the server sends again and again. PostgreSQL then
 * parses and plans a statement once per connection instead of on every execution (the
 * extended protocol's unnamed statement), which is most of what a short INSERT or an
 * indexed SELECT costs it. A statement is named by its text's hash; texts too long or with
 * too many parameters to be repeated (seed batches, long IN lists) stay unnamed, and so does
 * everything after MAX_NAMES distinct texts.
 */
class PreparedStatements {
  private static readonly MAX_NAMES = 2000;
  private static readonly MAX_TEXT = 4000;
  private static readonly MAX_PARAMS = 128;
  private readonly names = new Map<string, string>();
  private enabled = false;

  enable(): void {
    this.enabled = true;
  }

  use(client: { query: (...args: never[]) => unknown }): void {
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    client.query = ((text: unknown, values?: unknown) => {
      if (typeof text !== 'string' || !Array.isArray(values)) return query(text, values);
      const name = this.nameOf(text, values.length);
      return name ? query({ name, text, values }) : query(text, values);
    }) as never;
  }

  private nameOf(text: string, params: number): string | null {
    if (!this.enabled || text.length > PreparedStatements.MAX_TEXT || params > PreparedStatements.MAX_PARAMS)
      return null;
    let name = this.names.get(text);
    if (name === undefined && this.names.size < PreparedStatements.MAX_NAMES) {
      name = `y${createHash('sha1').update(text).digest('base64url')}`;
      this.names.set(text, name);
    }
    return name ?? null;
  }
}

const lockFile = (pgliteDir: string) => `${pgliteDir.replace(/[/\\]+$/, '')}.lock`;

/** The process holding an embedded database directory open, if it is alive (a lock left by a killed process is stale). */
export function pgliteLockHolder(pgliteDir: string): number | null {
  let pid: number;
  try {
    pid = Number(fs.readFileSync(lockFile(pgliteDir), 'utf8').trim());
  } catch {
    return null;
  }
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid) return null;
  try {
    process.kill(pid, 0);
    return pid;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM' ? pid : null;
  }
}

function lockPglite(pgliteDir: string): () => void {
  const holder = pgliteLockHolder(pgliteDir);
  if (holder !== null)
    throw new Error(
      `The embedded database in ${pgliteDir} is in use by process ${holder} (a running server?): stop it first`,
    );
  const file = lockFile(pgliteDir);
  fs.writeFileSync(file, `${process.pid}\n`);
  return () => {
    try {
      if (fs.readFileSync(file, 'utf8').trim() === String(process.pid)) fs.unlinkSync(file);
    } catch {
      // already gone
    }
  };
}

export async function ping(db: Kysely<object>): Promise<void> {
  await sql`select 1`.execute(db);
}

/** `%text%` for LIKE with the caller's `%`, `_` and `\` taken literally. */
export const containsPattern = (text: string): string => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
/** `text%` for a prefix match, taken literally. */
export const prefixPattern = (text: string): string => `${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
