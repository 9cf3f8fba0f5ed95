/**
 * Once per test run, before any test file: a migrated database every file starts from, instead
 * of each file running every migration again. On PGlite, a dump of a freshly migrated data
 * directory that each file loads; on PostgreSQL, a template database that each file's scratch
 * database is created from (`create database … template …`, a file copy). Seeded cities are
 * made by the first file that asks for each kind and copied for the others (seeded-fixtures.ts),
 * in a directory made here. All dropped when the run ends.
 */
import { writeFileSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { migrationSources } from '../src/app.ts';
import { openDatabase } from '../src/platform/db.ts';
import { migrate } from '../src/platform/migrations.ts';
import { createScratchDatabase } from './scratch-database.ts';
import { dropTemplates, type SeededCopy } from './seeded-fixtures.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** PGlite: the migrated data directory's dump (a file). */
    migratedDump: string;
    /** PostgreSQL: the migrated template database's name. */
    migratedTemplate: string;
    /** The run's seeded cities, shared by the files that ask for the same kind (seeded-fixtures.ts). */
    seedCacheDir: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const seedCacheDir = mkdtempSync(join(tmpdir(), 'yiwang-seeded-'));
  project.provide('seedCacheDir', seedCacheDir);
  const base = process.env.DATABASE_OWNER_URL ?? process.env.DATABASE_URL;
  if (!base) {
    const database = await openDatabase({});
    await migrate(database.db, migrationSources);
    const dump = await database.dumpDataDir!();
    await database.close();
    const dir = mkdtempSync(join(tmpdir(), 'yiwang-migrated-'));
    const file = join(dir, 'migrated.tar.gz');
    writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
    project.provide('migratedDump', file);
    project.provide('migratedTemplate', '');
    return async () => {
      rmSync(dir, { recursive: true, force: true });
      rmSync(seedCacheDir, { recursive: true, force: true });
    };
  }
  const template = await createScratchDatabase(base, 'yw_migrated');
  const database = await openDatabase({ databaseUrl: template.url, poolSize: 1, onIdleError: () => {} });
  await migrate(database.db, migrationSources);
  await database.close();
  project.provide('migratedDump', '');
  project.provide('migratedTemplate', new URL(template.url).pathname.slice(1));
  return async () => {
    const seeded = readdirSync(seedCacheDir)
      .filter((f) => f.endsWith('.ready'))
      .map((f) => (JSON.parse(readFileSync(join(seedCacheDir, f), 'utf8')) as SeededCopy).template)
      .filter((t): t is string => !!t);
    await dropTemplates(base, seeded);
    rmSync(seedCacheDir, { recursive: true, force: true });
    await template.drop();
  };
}
