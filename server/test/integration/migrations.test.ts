/**
 * The migration stream: one ordered stream over every module, applied once, frozen once
 * applied, each migration atomic.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrationSources } from '../../src/app.ts';
import { migrate, migrationStatus, orderedMigrations, type MigrationSource } from '../../src/platform/migrations.ts';
import { createTestApp, query, type TestContext } from '../helpers.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestApp({ seed: false });
});
afterAll(async () => {
  await ctx.teardown();
});

const all = () => orderedMigrations(migrationSources);

describe('migrations', () => {
  it('ran every migration once, in id order, each recorded with its module', async () => {
    const ledger = await query<{ id: string; module: string; checksum: string }>(
      ctx,
      sql`select id, module, checksum from platform.schema_migrations order by id`,
    );
    expect(ledger.map((r) => r.id)).toEqual(all().map((m) => m.id));
    expect(ledger.map((r) => r.module)).toEqual(all().map((m) => m.module));
    for (const r of ledger) expect(r.checksum).toMatch(/^[0-9a-f]{64}$/);
    expect(new Set(ledger.map((r) => r.module))).toEqual(new Set(migrationSources.map((s) => s.module)));
  });

  it('running migrate again applies nothing', async () => {
    const logged: string[] = [];
    expect(await migrate(ctx.database.db, migrationSources, (m) => logged.push(m))).toEqual([]);
    expect(logged).toEqual([]);
    expect(await migrationStatus(ctx.database.db, migrationSources)).toEqual({
      applied: all().map((m) => m.id),
      pending: [],
    });
  });

  it('/readyz reports ready with the number of migrations', async () => {
    const res = await ctx.app.inject('/readyz');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ready', database: ctx.database.kind, migrations: all().length });
  });

  it('refuses a migration whose SQL changed after it ran', async () => {
    const changed: MigrationSource[] = migrationSources.map((s, i) =>
      i === 1
        ? {
            module: s.module,
            migrations: s.migrations.map((m, j) => (j === 0 ? { ...m, up: [...m.up, 'select 1'] } : m)),
          }
        : s,
    );
    const id = migrationSources[1]!.migrations[0]!.id;
    await expect(migrate(ctx.database.db, changed)).rejects.toThrow(`Migration ${id} was changed after it ran`);
    const edited = migrationSources.map((s) => ({
      module: s.module,
      migrations: s.migrations.map((m) => ({ ...m, up: m.up.map((q) => q.replace('create table', 'create  table')) })),
    }));
    await expect(migrate(ctx.database.db, edited)).rejects.toThrow(/was changed after it ran/);
  });

  it('orderedMigrations sorts across modules and rejects duplicate ids', () => {
    const sorted = orderedMigrations([
      { module: 'b', migrations: [{ id: '202601010002_b_two', up: [] }] },
      {
        module: 'a',
        migrations: [
          { id: '202601010001_a_one', up: [] },
          { id: '202601010003_a_three', up: [] },
        ],
      },
    ]);
    expect(sorted.map((m) => `${m.module}:${m.id}`)).toEqual([
      'a:202601010001_a_one',
      'b:202601010002_b_two',
      'a:202601010003_a_three',
    ]);
    expect(() =>
      orderedMigrations([
        { module: 'a', migrations: [{ id: '202601010001_same', up: [] }] },
        { module: 'b', migrations: [{ id: '202601010001_same', up: [] }] },
      ]),
    ).toThrow('Duplicate migration id 202601010001_same');
    expect(() =>
      orderedMigrations([...migrationSources, { module: 'copy', migrations: migrationSources[0]!.migrations }]),
    ).toThrow(/Duplicate migration id/);
  });

  it('applies a new migration once; /readyz says pending while it is not applied', async () => {
    const extra: MigrationSource = {
      module: 'probe',
      migrations: [
        {
          id: '209912310001_probe_table',
          up: [
            'create table platform.probe_table (id integer primary key)',
            'insert into platform.probe_table (id) values (1)',
          ],
        },
      ],
    };
    const sources = [...migrationSources, extra];
    expect((await migrationStatus(ctx.database.db, sources)).pending).toEqual(['209912310001_probe_table']);
    // Migrations run as the owner (with database roles the application role cannot create tables).
    expect(await migrate(ctx.owner.db, sources)).toEqual(['209912310001_probe_table']);
    expect(await migrate(ctx.owner.db, sources)).toEqual([]);
    expect(await query<{ id: number }>(ctx, sql`select id from platform.probe_table`)).toEqual([{ id: 1 }]);
    // the app's own stream does not know the probe: the ledger holding more is not "pending"
    expect((await ctx.app.inject('/readyz')).json().status).toBe('ready');
  });

  it('rolls back a migration that fails half-way and does not record it', async () => {
    const broken: MigrationSource = {
      module: 'probe',
      migrations: [
        {
          id: '209912310002_probe_broken',
          up: ['create table platform.half_done (id integer)', 'select * from platform.no_such_table'],
        },
      ],
    };
    await expect(migrate(ctx.owner.db, [...migrationSources, broken])).rejects.toThrow(/no_such_table/);
    const exists = await query<{ ok: boolean }>(ctx, sql`select to_regclass('platform.half_done') is not null as ok`);
    expect(exists[0]!.ok).toBe(false);
    const ledger = await query<{ n: number }>(
      ctx,
      sql`select count(*)::int as n from platform.schema_migrations where id = '209912310002_probe_broken'`,
    );
    expect(ledger[0]!.n).toBe(0);
  });

  it('every migration is plain SQL: one statement per entry, ids sortable and named after their module', () => {
    for (const m of all()) {
      expect(m.id).toMatch(new RegExp(`^\\d{12}_${m.module}_[a-z0-9_]+$`));
      for (const stmt of m.up) {
        // a statement may hold ';' only inside a function body ($$ … $$)
        if (!stmt.includes('$$')) expect(stmt.trim()).not.toMatch(/;\s*\S/);
      }
    }
  });
});
