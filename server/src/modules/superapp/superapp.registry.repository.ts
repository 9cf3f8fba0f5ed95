/** The registry's SQL (superapp.apps and superapp.app_versions): rows in, rows out. */
import { sql, type Kysely, type Transaction } from 'kysely';
import { scoped } from '../../platform/db.ts';
import type { Manifest } from './superapp.manifest.ts';
import type { AppStatus, SuperappTables, VersionStatus } from './superapp.tables.ts';

export type Db = Kysely<object> | Transaction<object>;
const db = (d: Db) => scoped<SuperappTables>(d);

export type AppRow = SuperappTables['superapp.apps'];
export type VersionRow = SuperappTables['superapp.app_versions'];

const json = (m: Manifest) => JSON.stringify(m) as unknown as Manifest;

export const registryRepository = {
  app: (d: Db, id: string, lock = false) => {
    const q = db(d).selectFrom('superapp.apps').selectAll().where('id', '=', id);
    return (lock ? q.forUpdate() : q).executeTakeFirst();
  },
  appBySlug: (d: Db, slug: string) =>
    db(d).selectFrom('superapp.apps').selectAll().where('slug', '=', slug).executeTakeFirst(),
  appsOf: (d: Db, uscc: string) =>
    db(d)
      .selectFrom('superapp.apps')
      .selectAll()
      .where('owner_uscc', '=', uscc)
      .orderBy('created_at', 'desc')
      .execute(),
  apps: (d: Db, status: AppStatus | undefined) => {
    let q = db(d).selectFrom('superapp.apps').selectAll();
    if (status) q = q.where('status', '=', status);
    return q.orderBy('updated_at', 'desc').limit(500).execute();
  },
  insertApp: (d: Db, row: AppRow) => db(d).insertInto('superapp.apps').values(row).execute(),
  setApp: (d: Db, id: string, set: Partial<AppRow>) =>
    db(d).updateTable('superapp.apps').set(set).where('id', '=', id).execute(),

  versions: (d: Db, appId: string) =>
    db(d)
      .selectFrom('superapp.app_versions')
      .selectAll()
      .where('app_id', '=', appId)
      .orderBy('version', 'desc')
      .execute(),
  version: (d: Db, appId: string, version: number, lock = false) => {
    const q = db(d)
      .selectFrom('superapp.app_versions')
      .selectAll()
      .where('app_id', '=', appId)
      .where('version', '=', version);
    return (lock ? q.forUpdate() : q).executeTakeFirst();
  },
  inReview: (d: Db, appId: string) =>
    db(d)
      .selectFrom('superapp.app_versions')
      .selectAll()
      .where('app_id', '=', appId)
      .where('status', '=', 'in_review')
      .executeTakeFirst(),
  lastVersion: async (d: Db, appId: string) => {
    const r = await db(d)
      .selectFrom('superapp.app_versions')
      .select((e) => e.fn.max('version').as('v'))
      .where('app_id', '=', appId)
      .executeTakeFirst();
    return Number(r?.v ?? 0);
  },
  insertVersion: (d: Db, row: Omit<VersionRow, 'manifest'> & { manifest: Manifest }) =>
    db(d)
      .insertInto('superapp.app_versions')
      .values({
        ...row,
        manifest: json(row.manifest),
        pre_review: row.pre_review === null ? null : JSON.stringify(row.pre_review),
      })
      .execute(),
  decideVersion: (
    d: Db,
    appId: string,
    version: number,
    set: { status: VersionStatus; decided_by: string | null; decided_at: Date; reason: string | null },
  ) =>
    db(d)
      .updateTable('superapp.app_versions')
      .set(set)
      .where('app_id', '=', appId)
      .where('version', '=', version)
      .execute(),
  supersedeApproved: (d: Db, appId: string, except: number) =>
    db(d)
      .updateTable('superapp.app_versions')
      .set({ status: 'superseded' })
      .where('app_id', '=', appId)
      .where('status', '=', 'approved')
      .where('version', '!=', except)
      .execute(),
  setPreReview: (d: Db, appId: string, version: number, report: unknown) =>
    db(d)
      .updateTable('superapp.app_versions')
      .set({ pre_review: JSON.stringify(report) })
      .where('app_id', '=', appId)
      .where('version', '=', version)
      .execute(),

  /** Versions waiting for review, oldest first, with their app. */
  queue: (d: Db) =>
    db(d)
      .selectFrom('superapp.app_versions as v')
      .innerJoin('superapp.apps as a', 'a.id', 'v.app_id')
      .select([
        'a.id',
        'a.slug',
        'a.owner_name',
        'a.owner_uscc',
        'a.status as app_status',
        'a.live_version',
        'v.version',
        'v.manifest',
        'v.pre_review',
        'v.submitted_at',
      ])
      .where('v.status', '=', 'in_review')
      .orderBy('v.submitted_at')
      .limit(500)
      .execute(),

  /** Approved apps with their live manifest (the app centre), optionally of a category and matching words. */
  live: (d: Db, filter: { category?: string | undefined; q?: string | undefined }) => {
    let q = db(d)
      .selectFrom('superapp.apps as a')
      .innerJoin('superapp.app_versions as v', (j) =>
        j.onRef('v.app_id', '=', 'a.id').onRef('v.version', '=', 'a.live_version'),
      )
      .select(['a.id', 'a.slug', 'a.owner_name', 'v.manifest'])
      .where('a.status', '=', 'approved')
      .where('a.audience', '=', 'citizen');
    if (filter.category) q = q.where(sql<string>`v.manifest->>'category'`, '=', filter.category);
    if (filter.q) {
      const like = `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      q = q.where((e) =>
        e.or([
          e(sql<string>`v.manifest->'name'->>'zh'`, 'ilike', like),
          e(sql<string>`v.manifest->'name'->>'en'`, 'ilike', like),
          e(sql<string>`v.manifest->'description'->>'zh'`, 'ilike', like),
          e(sql<string>`v.manifest->'description'->>'en'`, 'ilike', like),
          e('a.owner_name', 'ilike', like),
        ]),
      );
    }
    return q.orderBy('a.slug').limit(500).execute();
  },
};
