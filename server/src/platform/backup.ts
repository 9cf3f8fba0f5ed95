/**
 * Backups and restores of a whole deployment: the database, the uploaded materials (the
 * content-addressed blob store) and, for the embedded demo, its data-key file.
 *
 * A backup is a directory:
 *   manifest.json        format, time, database kind, migration level, data key ids, and the
 *                        SHA-256 and size of every other file (written last)
 *   database.pgdump      PostgreSQL: pg_dump's custom format (one consistent snapshot; writers
 *                        go on, pg_dump only holds ACCESS SHARE locks)
 *   database.tar.gz      PGlite: its data directory, dumped between two queries (crash-consistent:
 *                        a restore replays the WAL up to the last commit before the dump)
 *   blobs/sha256/…       every uploaded file, copied after the database is dumped, so every file
 *                        the dump refers to is there (blobs are immutable and written before the
 *                        row that refers to them commits)
 *   data-key             embedded only: the key file of the data directory (PostgreSQL keys live
 *                        in configuration and are never written into a backup)
 * It is written into `<dir>.partial` and renamed to `<dir>` when complete, so a backup killed
 * half-way is never mistaken for one.
 *
 * A restore verifies the manifest and every checksum before it touches anything, refuses a backup
 * of a newer migration level than this code knows, and refuses a non-empty target.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, promises as fs } from 'node:fs';
import path from 'node:path';
import { sql, type Kysely } from 'kysely';
import type { Database } from './db.ts';
import { orderedMigrations, type MigrationSource } from './migrations.ts';

export const BACKUP_FORMAT = 'yiwang-backup/1';

export interface BackupFile {
  path: string;
  size: number;
  sha256: string;
}

export interface Manifest {
  format: typeof BACKUP_FORMAT;
  createdAt: string;
  database: { kind: 'pglite' | 'postgres'; file: string };
  migrations: { applied: string[]; latest: string | null };
  /** Keys that have sealed data in this database (platform.data_keys, not retired): a restore needs them. */
  dataKeyIds: string[];
  blobs: number;
  files: BackupFile[];
}

export interface BackupSource {
  database: Database;
  /** PostgreSQL: the URL pg_dump connects with (the owner's, or the application role's). */
  databaseUrl?: string | undefined;
  /** The blob store's directory (`<dataDir>/blobs`). */
  blobsDir: string;
  /** Embedded: the data-key file to include. */
  keyFile?: string | undefined;
  now?: Date;
}

async function sha256File(file: string): Promise<{ sha256: string; size: number }> {
  const h = createHash('sha256');
  let size = 0;
  for await (const chunk of createReadStream(file)) {
    h.update(chunk as Buffer);
    size += (chunk as Buffer).length;
  }
  return { sha256: h.digest('hex'), size };
}

async function exists(p: string): Promise<boolean> {
  return fs.stat(p).then(
    () => true,
    () => false,
  );
}

/** Every file under `dir`, as paths relative to it, sorted. */
async function walk(dir: string, prefix = ''): Promise<string[]> {
  if (!(await exists(dir))) return [];
  const out: string[] = [];
  for (const e of await fs.readdir(dir, { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...(await walk(path.join(dir, e.name), rel)));
    else if (e.isFile()) out.push(rel);
  }
  return out.sort();
}

/** libpq's environment for a postgres:// URL: the password never appears in a process list. */
export function pgEnv(url: string): NodeJS.ProcessEnv {
  const u = new URL(url);
  const env: NodeJS.ProcessEnv = { ...process.env };
  env.PGHOST = u.hostname || 'localhost';
  env.PGPORT = u.port || '5432';
  env.PGDATABASE = decodeURIComponent(u.pathname.replace(/^\//, ''));
  if (u.username) env.PGUSER = decodeURIComponent(u.username);
  if (u.password) env.PGPASSWORD = decodeURIComponent(u.password);
  const ssl = u.searchParams.get('sslmode');
  if (ssl) env.PGSSLMODE = ssl;
  return env;
}

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`${cmd} failed (exit ${code}): ${stderr.trim().slice(0, 2000)}`)),
    );
  });
}

async function appliedMigrations(db: Kysely<object>): Promise<string[]> {
  return (await sql<{ id: string }>`select id from platform.schema_migrations order by id`.execute(db)).rows.map(
    (r) => r.id,
  );
}

async function activeKeyIds(db: Kysely<object>): Promise<string[]> {
  const ok = await sql<{ ok: boolean }>`select to_regclass('platform.data_keys') is not null as ok`.execute(db);
  if (!ok.rows[0]?.ok) return [];
  return (
    await sql<{ key_id: string }>`select key_id from platform.data_keys where state = 'active' order by key_id`.execute(
      db,
    )
  ).rows.map((r) => r.key_id);
}

/** Take a backup into `dir` (which must not exist). */
export async function backup(dir: string, src: BackupSource): Promise<Manifest> {
  const target = path.resolve(dir);
  if (await exists(target)) throw new Error(`${target} exists: a backup goes into a new directory`);
  const work = `${target}.partial`;
  await fs.rm(work, { recursive: true, force: true });
  await fs.mkdir(work, { recursive: true });
  const db = src.database.db;
  const applied = await appliedMigrations(db);
  const dataKeyIds = await activeKeyIds(db);
  let dbFile: string;
  if (src.database.kind === 'postgres') {
    if (!src.databaseUrl) throw new Error('a PostgreSQL backup needs the database URL for pg_dump');
    dbFile = 'database.pgdump';
    await run(
      'pg_dump',
      ['--format=custom', '--compress=6', '--no-owner', '--no-privileges', `--file=${path.join(work, dbFile)}`],
      pgEnv(src.databaseUrl),
    );
  } else {
    if (!src.database.dumpDataDir) throw new Error('this database cannot dump its data directory');
    dbFile = 'database.tar.gz';
    const blob = await src.database.dumpDataDir();
    await fs.writeFile(path.join(work, dbFile), Buffer.from(await blob.arrayBuffer()));
  }
  // Blobs after the database: everything the dump refers to was stored before its row committed.
  const blobs = await walk(src.blobsDir);
  for (const rel of blobs) {
    if (!rel.startsWith('sha256/')) continue; // temporary uploads in progress are not part of the store
    const to = path.join(work, 'blobs', rel);
    await fs.mkdir(path.dirname(to), { recursive: true });
    await fs.copyFile(path.join(src.blobsDir, rel), to);
  }
  if (src.keyFile && (await exists(src.keyFile))) await fs.copyFile(src.keyFile, path.join(work, 'data-key'));
  const files: BackupFile[] = [];
  for (const rel of await walk(work)) files.push({ path: rel, ...(await sha256File(path.join(work, rel))) });
  const manifest: Manifest = {
    format: BACKUP_FORMAT,
    createdAt: (src.now ?? new Date()).toISOString(),
    database: { kind: src.database.kind, file: dbFile },
    migrations: { applied, latest: applied.at(-1) ?? null },
    dataKeyIds,
    blobs: files.filter((f) => f.path.startsWith('blobs/')).length,
    files,
  };
  await fs.writeFile(path.join(work, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  await fsyncTree(work);
  await fs.rename(work, target);
  return manifest;
}

async function fsyncTree(dir: string): Promise<void> {
  for (const rel of await walk(dir)) {
    const fh = await fs.open(path.join(dir, rel), 'r');
    await fh.sync().finally(() => fh.close());
  }
}

/**
 * Check a backup without changing anything: the manifest, every file's size and SHA-256, no file
 * missing or added, and a migration level this code knows. Returns the manifest.
 */
export async function verifyBackup(dir: string, sources: readonly MigrationSource[]): Promise<Manifest> {
  const file = path.join(dir, 'manifest.json');
  if (!(await exists(file))) throw new Error(`${dir} is not a complete backup: manifest.json is missing`);
  const manifest = JSON.parse(await fs.readFile(file, 'utf8')) as Manifest;
  if (manifest.format !== BACKUP_FORMAT) throw new Error(`unknown backup format ${String(manifest.format)}`);
  const listed = new Set(manifest.files.map((f) => f.path));
  const present = (await walk(dir)).filter((p) => p !== 'manifest.json');
  const extra = present.filter((p) => !listed.has(p));
  if (extra.length > 0) throw new Error(`files not in the manifest: ${extra.slice(0, 5).join(', ')}`);
  for (const f of manifest.files) {
    if (f.path.includes('..') || path.isAbsolute(f.path)) throw new Error(`bad path in the manifest: ${f.path}`);
    const p = path.join(dir, f.path);
    if (!(await exists(p))) throw new Error(`missing from the backup: ${f.path}`);
    const got = await sha256File(p);
    if (got.size !== f.size || got.sha256 !== f.sha256) throw new Error(`checksum mismatch: ${f.path}`);
  }
  if (!listed.has(manifest.database.file)) throw new Error('the manifest lists no database file');
  const known = new Set(orderedMigrations(sources).map((m) => m.id));
  const newer = manifest.migrations.applied.filter((id) => !known.has(id));
  if (newer.length > 0)
    throw new Error(
      `the backup is of a newer version (migrations ${newer.slice(0, 3).join(', ')}${newer.length > 3 ? ', …' : ''} ` +
        'are unknown to this code): restore it with that version or newer',
    );
  return manifest;
}

export interface RestoreTarget {
  kind: 'pglite' | 'postgres';
  /** PGlite: the directory to create (`<dataDir>/pglite`); it must not exist. */
  pgliteDir?: string;
  /** PostgreSQL: an empty database, as its owner. */
  databaseUrl?: string;
  blobsDir: string;
  /** Embedded: where the data-key file goes (it must not exist, or hold the same keys). */
  keyFile?: string;
  /** The data key ids configured for the restored deployment: every key that sealed data must be among them. */
  configuredKeyIds?: readonly string[];
}

/** Restore a verified backup into an empty target. Verification happens first; nothing is touched before it passes. */
export async function restore(
  dir: string,
  target: RestoreTarget,
  sources: readonly MigrationSource[],
  open: (t: RestoreTarget, loadDataDir?: Blob) => Promise<Database>,
): Promise<Manifest> {
  const manifest = await verifyBackup(dir, sources);
  if (manifest.database.kind !== target.kind)
    throw new Error(`the backup is of a ${manifest.database.kind} database; the target is ${target.kind}`);
  // The keys: without them the restored data cannot be read.
  const backupKey = manifest.files.some((f) => f.path === 'data-key') ? path.join(dir, 'data-key') : null;
  if (target.configuredKeyIds) {
    const missing = manifest.dataKeyIds.filter((id) => !target.configuredKeyIds!.includes(id));
    if (missing.length > 0 && !backupKey)
      throw new Error(
        `the data sealed in this backup needs the data key(s) ${missing.join(', ')}: configure them first`,
      );
  }
  if (target.keyFile && backupKey && (await exists(target.keyFile))) {
    const [mine, theirs] = await Promise.all([fs.readFile(target.keyFile, 'utf8'), fs.readFile(backupKey, 'utf8')]);
    if (mine.trim() !== theirs.trim())
      throw new Error(`${target.keyFile} holds other keys than the backup's: move it away first`);
  }
  if (target.kind === 'pglite') {
    if (!target.pgliteDir) throw new Error('no directory to restore the embedded database into');
    if (await exists(target.pgliteDir))
      throw new Error(`${target.pgliteDir} exists: restore into an empty data directory (move the old one away)`);
  } else {
    const db = await open(target);
    try {
      const used = await sql<{
        ok: boolean;
      }>`select to_regclass('platform.schema_migrations') is not null as ok`.execute(db.db);
      if (used.rows[0]?.ok) throw new Error('the target database is not empty: restore into a new, empty database');
    } finally {
      await db.close();
    }
  }

  // Blobs first: content-addressed, so a blob already present is the same bytes.
  for (const f of manifest.files.filter((x) => x.path.startsWith('blobs/'))) {
    const to = path.join(target.blobsDir, f.path.slice('blobs/'.length));
    if (await exists(to)) {
      if ((await sha256File(to)).sha256 !== f.sha256) throw new Error(`${to} differs from the backup's`);
      continue;
    }
    await fs.mkdir(path.dirname(to), { recursive: true });
    await fs.copyFile(path.join(dir, f.path), `${to}.restoring`);
    await fs.rename(`${to}.restoring`, to);
  }
  if (target.keyFile && backupKey && !(await exists(target.keyFile))) {
    await fs.mkdir(path.dirname(target.keyFile), { recursive: true });
    await fs.copyFile(backupKey, target.keyFile);
    await fs.chmod(target.keyFile, 0o600);
  }
  const dbFile = path.join(dir, manifest.database.file);
  if (target.kind === 'pglite') {
    const data = await fs.readFile(dbFile);
    const db = await open(target, new Blob([data]));
    await db.close();
  } else {
    await run(
      'pg_restore',
      [
        '--no-owner',
        '--no-privileges',
        '--exit-on-error',
        '--single-transaction',
        `--dbname=${pgEnv(target.databaseUrl!).PGDATABASE}`,
        dbFile,
      ],
      pgEnv(target.databaseUrl!),
    );
  }
  return manifest;
}
