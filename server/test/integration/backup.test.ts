/**
 * Backups: a seeded city (cases with their history, audit rows, uploaded files) is backed up while
 * citizens keep registering, destroyed, restored into an empty target, and found intact; a damaged
 * backup, one of a newer version and a non-empty target are refused before anything is touched.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql, type Kysely } from 'kysely';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, migrationSources } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { backup, restore, verifyBackup, type Manifest, type RestoreTarget } from '../../src/platform/backup.ts';
import { openDatabase, type Database } from '../../src/platform/db.ts';
import { applyDatabaseRoles } from '../../src/platform/db-roles.ts';
import { createScratchDatabase } from '../scratch-database.ts';
import { minimalPdf } from '../fixtures.ts';
import {
  createTestApp,
  ok,
  registerCitizen,
  signInCitizen,
  TEST_DATA_KEY,
  TEST_READER_ROLE,
  upload,
  type TestContext,
} from '../helpers.ts';

const onPostgres = Boolean(process.env.DATABASE_URL);
const work = mkdtempSync(join(tmpdir(), 'yiwang-backup-'));
const cleanups: (() => Promise<void>)[] = [];

let ctx: TestContext;
let manifest: Manifest;
const backupDir = join(work, 'backup-1');

interface Snapshot {
  cases: Record<string, unknown>[];
  events: number;
  audit: { id: string; change_hash: string }[];
  accounts: number;
  registeredAudits: number;
  blobs: Map<string, string>;
}

function blobFiles(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const visit = (d: string, rel: string) => {
    if (!existsSync(d)) return;
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) visit(join(d, e.name), `${rel}${e.name}/`);
      else if (rel.startsWith('sha256/'))
        out.set(
          `${rel}${e.name}`,
          createHash('sha256')
            .update(readFileSync(join(d, e.name)))
            .digest('hex'),
        );
    }
  };
  visit(dir, '');
  return out;
}

async function snapshot(db: Kysely<object>, blobsDir: string): Promise<Snapshot> {
  const q = async <R>(s: ReturnType<typeof sql<R>>) => (await s.execute(db)).rows;
  return {
    cases: await q(
      sql`select id, case_number, status, seq, form_sealed, applicant_name_sealed, materials from applications.cases order by id`,
    ),
    events: (await q<{ n: number }>(sql`select count(*)::int as n from applications.case_events`))[0]!.n,
    audit: await q<{ id: string; change_hash: string }>(
      sql`select id, change_hash from platform.audit_log order by id`,
    ),
    accounts: (await q<{ n: number }>(sql`select count(*)::int as n from identity.accounts`))[0]!.n,
    registeredAudits: (
      await q<{ n: number }>(
        sql`select count(*)::int as n from platform.audit_log where action = 'identity.account.registered'`,
      )
    )[0]!.n,
    blobs: blobFiles(blobsDir),
  };
}

let before: Snapshot;
let registeredDuringBackup = 0;
let uploadedSha: string;

beforeAll(async () => {
  // Enough cases that some are filed by the demo family, whose registries hold every shared document.
  ctx = await createTestApp({ residents: 60, cases: 40 });
  const citizen = await registerCitizen(ctx, { ip: '10.11.0.1' });
  const pdf = minimalPdf();
  uploadedSha = createHash('sha256').update(pdf).digest('hex');
  const up = await upload(citizen.client, pdf, 'a.pdf');
  expect(up.response.status).toBe(201);

  // Citizens keep registering while the backup runs: every registration is one transaction (account,
  // audit row, event), and the backup must hold each whole or not at all.
  let stop = false;
  const writes = (async () => {
    for (let i = 0; !stop; i++) {
      await registerCitizen(ctx, { ip: `10.11.1.${(i % 200) + 1}` });
      registeredDuringBackup++;
    }
  })();
  manifest = await backup(backupDir, {
    database: ctx.database,
    databaseUrl: ctx.ownerUrl,
    blobsDir: join(ctx.config.dataDir, 'blobs'),
  });
  stop = true;
  await writes;
  before = await snapshot(ctx.owner.db, join(ctx.config.dataDir, 'blobs'));
  expect(before.cases.length).toBeGreaterThan(0);
  expect(before.blobs.size).toBeGreaterThan(0);
  expect([...before.blobs.values()]).toContain(uploadedSha);
  await ctx.teardown(); // the city is gone: database dropped, data directory deleted
}, 120_000);

afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
  rmSync(work, { recursive: true, force: true });
});

/** An empty target like the one an operator restores into. */
async function emptyTarget(name: string): Promise<RestoreTarget & { dataDir: string }> {
  const dataDir = join(work, name);
  if (!onPostgres)
    return { kind: 'pglite', pgliteDir: join(dataDir, 'pglite'), blobsDir: join(dataDir, 'blobs'), dataDir };
  const scratch = await createScratchDatabase(
    process.env.DATABASE_OWNER_URL ?? process.env.DATABASE_URL!,
    'yw_restore',
  );
  cleanups.push(scratch.drop);
  return { kind: 'postgres', databaseUrl: scratch.url, blobsDir: join(dataDir, 'blobs'), dataDir };
}

const openTarget = (t: RestoreTarget, loadDataDir?: Blob) =>
  openDatabase({ databaseUrl: t.databaseUrl, pgliteDir: t.pgliteDir, loadDataDir, poolSize: 2 });

describe('backup and restore', () => {
  it('writes a manifest with the migration level, the time and the checksum of every file', async () => {
    expect(manifest.database.kind).toBe(onPostgres ? 'postgres' : 'pglite');
    expect(manifest.migrations.latest).toBe(manifest.migrations.applied.at(-1));
    expect(manifest.migrations.applied.length).toBeGreaterThan(5);
    expect(Date.parse(manifest.createdAt)).not.toBeNaN();
    expect(manifest.files.map((f) => f.path)).toContain(manifest.database.file);
    expect(manifest.blobs).toBe(before.blobs.size);
    for (const f of manifest.files) expect(f.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(existsSync(`${backupDir}.partial`)).toBe(false);
    await verifyBackup(backupDir, migrationSources);
  });

  it('restores into an empty target: every case, audit row and file is there, and the platform runs on it', async () => {
    const target = await emptyTarget('restored');
    await restore(backupDir, target, migrationSources, openTarget);
    const database: Database = await openTarget(target);
    if (onPostgres && process.env.DATABASE_OWNER_URL)
      await applyDatabaseRoles(database.db, {
        app: new URL(process.env.DATABASE_URL!).username,
        reader: TEST_READER_ROLE,
      });
    const after = await snapshot(database.db, target.blobsDir);
    expect(after.blobs).toEqual(before.blobs);
    expect(after.cases).toEqual(before.cases);
    expect(after.events).toBe(before.events);
    // The backup is one snapshot: each registration made during it is in it whole (account and audit
    // row) or not at all, and nothing from before it is missing.
    expect(after.accounts).toBeLessThanOrEqual(before.accounts);
    expect(after.accounts - after.registeredAudits).toBe(before.accounts - before.registeredAudits);
    const beforeIds = new Map(before.audit.map((a) => [a.id, a.change_hash]));
    for (const a of after.audit) expect(beforeIds.get(a.id)).toBe(a.change_hash);
    const missing = before.audit.length - after.audit.length;
    expect(missing).toBeGreaterThanOrEqual(0);
    expect(before.accounts - after.accounts).toBeLessThanOrEqual(registeredDuringBackup);

    // the platform runs on the restored city: sign in, list cases, download a material
    const config = loadConfig({ dataDir: target.dataDir, dataKey: TEST_DATA_KEY, logLevel: 'silent', seed: 'none' });
    const app = await buildApp(config, { database, logger: pino({ level: 'silent' }) });
    try {
      const fake = { ...ctx, ...app, config } as TestContext;
      const demo = await signInCitizen(fake, undefined, undefined, '10.11.2.1');
      const cases = await demo.GET('/api/applications/cases', { params: { query: { page: 1, pageSize: 50 } } });
      expect(cases.response.status).toBe(200);
      const withMaterial = ok(cases).items[0];
      if (withMaterial) {
        const detail = ok(
          await demo.GET('/api/applications/cases/{id}', { params: { path: { id: withMaterial.id } } }),
        );
        const m = detail.materials[0];
        if (m) {
          const file = await demo.GET('/api/applications/cases/{id}/materials/{code}', {
            params: { path: { id: withMaterial.id, code: m.code } },
            parseAs: 'arrayBuffer',
          });
          expect(file.response.status).toBe(200);
          const bytes = Buffer.from(ok(file));
          expect([...before.blobs.values()]).toContain(createHash('sha256').update(bytes).digest('hex'));
        }
      }
    } finally {
      await app.close();
      await database.close();
    }
  }, 120_000);

  it('refuses a damaged backup before touching the target', async () => {
    const damaged = join(work, 'damaged');
    rmSync(damaged, { recursive: true, force: true });
    const { cpSync } = await import('node:fs');
    cpSync(backupDir, damaged, { recursive: true });
    const blob = manifest.files.find((f) => f.path.startsWith('blobs/'))!;
    writeFileSync(join(damaged, blob.path), 'not the same bytes');
    const target = await emptyTarget('never');
    await expect(restore(damaged, target, migrationSources, openTarget)).rejects.toThrow(/checksum mismatch/);
    expect(existsSync(target.blobsDir)).toBe(false);
    if (target.pgliteDir) expect(existsSync(target.pgliteDir)).toBe(false);
    // an incomplete backup (no manifest) is not a backup
    rmSync(join(damaged, 'manifest.json'));
    await expect(verifyBackup(damaged, migrationSources)).rejects.toThrow(/manifest.json is missing/);
  });

  it('refuses a backup of a newer migration level, and a target that is not empty', async () => {
    const newer = join(work, 'newer');
    const { cpSync } = await import('node:fs');
    cpSync(backupDir, newer, { recursive: true });
    const m = JSON.parse(readFileSync(join(newer, 'manifest.json'), 'utf8')) as Manifest;
    m.migrations.applied.push('209912319999_from_the_future');
    writeFileSync(join(newer, 'manifest.json'), JSON.stringify(m));
    await expect(verifyBackup(newer, migrationSources)).rejects.toThrow(/newer version/);
    const used = await emptyTarget('used');
    await restore(backupDir, used, migrationSources, openTarget);
    await expect(restore(backupDir, used, migrationSources, openTarget)).rejects.toThrow(/exists|not empty/);
  }, 120_000);
});
