/**
 * Seeded demo cities shared by the test files of one run. Test files ask for a few kinds of city
 * (so many residents, full staff or not, a history of cases, a clock): the first file that asks
 * for a kind seeds it once, on a database of its own, and keeps a copy (a PGlite data directory
 * dump, or a PostgreSQL template database) with the data directory's files (blobs, keys); every
 * later file that asks for the same kind starts from the copy instead of seeding again. Files run
 * in parallel worker processes: the first to take a kind's lock file builds it, the others wait
 * for its `ready` marker. Only cities seeded without configuration overrides are shared (a
 * setting can change what the seed writes); the run's global setup removes them at the end.
 */
import { cpSync, existsSync, mkdirSync, openSync, closeSync, readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import pg from 'pg';

export interface SeededKind {
  residents: number;
  fullStaff: boolean;
  cases: number;
  clockStart: string;
}

export interface SeededCopy {
  /** PGlite: the seeded data directory's dump. */
  dump?: string;
  /** PostgreSQL: the seeded template database. */
  template?: string;
  /** The seeded app's data directory (blobs, keys), copied into each file's own. */
  dataDir: string;
  /** The clock when the seed ended. */
  clockAt: string;
}

const WAIT_STEP_MS = 50;
const WAIT_LIMIT_MS = 10 * 60_000;

/** A kind's name in the cache: a hash of what it is. */
export function kindKey(kind: SeededKind): string {
  return createHash('sha256').update(JSON.stringify(kind)).digest('hex').slice(0, 16);
}

/**
 * The copy of a seeded city of this kind: taken from the run's cache, or made by `build` (which
 * seeds a database of its own, closes it and returns the copy) when this file is the first to ask.
 */
export async function seededCopy(
  cacheDir: string,
  kind: SeededKind,
  build: (entryDir: string) => Promise<SeededCopy>,
): Promise<SeededCopy> {
  const key = kindKey(kind);
  const entryDir = join(cacheDir, key);
  const ready = join(cacheDir, `${key}.ready`);
  const failed = join(cacheDir, `${key}.failed`);
  let first = true;
  try {
    closeSync(openSync(join(cacheDir, `${key}.lock`), 'wx'));
  } catch {
    first = false; // another file builds it
  }
  if (first) {
    try {
      mkdirSync(entryDir, { recursive: true });
      const copy = await build(entryDir);
      writeFileSync(ready, JSON.stringify(copy));
      return copy;
    } catch (err) {
      writeFileSync(failed, String(err));
      throw err;
    }
  }
  for (let waited = 0; waited < WAIT_LIMIT_MS; waited += WAIT_STEP_MS) {
    if (existsSync(ready)) return JSON.parse(readFileSync(ready, 'utf8')) as SeededCopy;
    if (existsSync(failed)) throw new Error(`seeding ${JSON.stringify(kind)} failed in another file`);
    await delay(WAIT_STEP_MS);
  }
  throw new Error(`seeding ${JSON.stringify(kind)} took longer than ${WAIT_LIMIT_MS / 60_000} minutes`);
}

/** Copy a seeded data directory's files into a test file's own data directory. */
export function restoreDataDir(from: string, to: string): void {
  cpSync(from, to, { recursive: true });
}

/** PostgreSQL: make a database a template (no one may connect to it but to copy it). */
export async function markTemplate(ownerUrl: string, name: string): Promise<void> {
  const c = new pg.Client({ connectionString: ownerUrl });
  await c.connect();
  try {
    await c.query(`alter database ${name} with is_template true allow_connections false`);
  } finally {
    await c.end();
  }
}

/** The run's end: drop the PostgreSQL templates the files made (their names are in the cache's ready markers). */
export async function dropTemplates(ownerUrl: string, templates: readonly string[]): Promise<void> {
  if (templates.length === 0) return;
  const c = new pg.Client({ connectionString: ownerUrl });
  await c.connect();
  try {
    for (const name of templates) {
      await c.query(`alter database ${name} with is_template false allow_connections true`);
      await c.query(`drop database if exists ${name} with (force)`);
    }
  } finally {
    await c.end();
  }
}
