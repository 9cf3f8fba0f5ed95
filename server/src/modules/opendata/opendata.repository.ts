/** The catalogue's queries (Kysely; SQL both PGlite and PostgreSQL 15 accept). */
import type { Db } from './opendata.context.ts';
import type { CatalogueTables } from './opendata.tables.ts';

export type DatasetRow = CatalogueTables['opendata.datasets'];
export type OrganisationRow = CatalogueTables['opendata.organisations'];
export type VersionRow = CatalogueTables['opendata.versions'];
export type ResourceRow = CatalogueTables['opendata.resources'];
export type GroupRow = CatalogueTables['opendata.groups'];

export const organisation = (db: Db, code: string) =>
  db.selectFrom('opendata.organisations').selectAll().where('code', '=', code).executeTakeFirst();
export const organisationByName = (db: Db, name: string) =>
  db.selectFrom('opendata.organisations').selectAll().where('name', '=', name).executeTakeFirst();
export const organisations = (db: Db) => db.selectFrom('opendata.organisations').selectAll().orderBy('name').execute();

export const groups = (db: Db) => db.selectFrom('opendata.groups').selectAll().orderBy('name').execute();
export const group = (db: Db, name: string) =>
  db.selectFrom('opendata.groups').selectAll().where('name', '=', name).executeTakeFirst();

export const datasetById = (db: Db, id: string) =>
  db.selectFrom('opendata.datasets').selectAll().where('id', '=', id).executeTakeFirst();
export const datasetByName = (db: Db, name: string) =>
  db.selectFrom('opendata.datasets').selectAll().where('name', '=', name).executeTakeFirst();
export const datasetForUpdate = (db: Db, id: string) =>
  db.selectFrom('opendata.datasets').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();

export const versionByKey = (db: Db, key: string) =>
  db.selectFrom('opendata.versions').selectAll().where('release_key', '=', key).executeTakeFirst();
export const versionsOf = (db: Db, datasetId: string) =>
  db.selectFrom('opendata.versions').selectAll().where('dataset_id', '=', datasetId).orderBy('seq', 'desc').execute();
export const latestVersion = (db: Db, datasetId: string) =>
  db
    .selectFrom('opendata.versions')
    .selectAll()
    .where('dataset_id', '=', datasetId)
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();

/** The latest release's files and the live endpoint of each dataset (one query for many). */
export async function currentResources(db: Db, datasetIds: readonly string[]): Promise<ResourceRow[]> {
  if (datasetIds.length === 0) return [];
  return db
    .selectFrom('opendata.resources as r')
    .selectAll('r')
    .where('r.dataset_id', 'in', datasetIds)
    .where((eb) =>
      eb.or([
        eb('r.version_id', 'is', null),
        eb(
          'r.version_id',
          '=',
          eb
            .selectFrom('opendata.versions as v')
            .select('v.id')
            .whereRef('v.dataset_id', '=', 'r.dataset_id')
            .orderBy('v.seq', 'desc')
            .limit(1),
        ),
      ]),
    )
    .orderBy('r.dataset_id')
    .orderBy('r.version_id', (ob) => ob.asc().nullsLast())
    .orderBy('r.position')
    .execute();
}

export const resourcesOfVersions = (db: Db, versionIds: readonly string[]) =>
  versionIds.length === 0
    ? Promise.resolve([] as ResourceRow[])
    : db
        .selectFrom('opendata.resources')
        .selectAll()
        .where('version_id', 'in', versionIds)
        .orderBy('position')
        .execute();

export const resourceById = (db: Db, id: string) =>
  db.selectFrom('opendata.resources').selectAll().where('id', '=', id).executeTakeFirst();
