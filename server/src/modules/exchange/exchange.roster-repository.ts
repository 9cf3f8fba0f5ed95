/** SQL of the community roster (exchange.residents). */
import { sql, type Insertable, type Kysely } from 'kysely';
import type { RosterTables } from './exchange.roster-tables.ts';

export type RosterDb = Kysely<RosterTables>;

export const residentsPage = (
  db: RosterDb,
  f: { communityId: string; gridId?: string | undefined; offset: number; limit: number },
) => {
  let q = db.selectFrom('exchange.residents').where('community_id', '=', f.communityId);
  if (f.gridId) q = q.where('grid_id', '=', f.gridId);
  return Promise.all([
    q
      .select(['id', 'grid_id', 'name_enc', 'gender', 'birth_year', 'id_number_enc', 'phone_enc', 'address_enc'])
      .orderBy('id')
      .offset(f.offset)
      .limit(f.limit)
      .execute(),
    q.select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
  ]);
};

/** By the ID number's blind index, or its index under each loaded data key (any matches). */
export const residentByIdIndex = (db: RosterDb, regionCode: string, idNumberIndex: readonly string[]) =>
  db
    .selectFrom('exchange.residents')
    .select(['id', 'name_enc', 'community_id', 'phone_enc'])
    .where('region_code', '=', regionCode)
    .where('id_number_index', 'in', [...idNumberIndex])
    .executeTakeFirst();

export const residenceByIdIndex = (db: RosterDb, regionCode: string, idNumberIndex: readonly string[]) =>
  db
    .selectFrom('exchange.residents')
    .select(['id', 'community_id', 'grid_id', 'birth_year', 'id_number_enc'])
    .where('region_code', '=', regionCode)
    .where('id_number_index', 'in', [...idNumberIndex])
    .executeTakeFirst();

export const countResidents = (
  db: RosterDb,
  f: { regionCode: string; communityId: string | null; gridId: string | null; bornInOrBefore: number | null },
) => {
  let q = db.selectFrom('exchange.residents').where('region_code', '=', f.regionCode);
  if (f.communityId) q = q.where('community_id', '=', f.communityId);
  if (f.gridId) q = q.where('grid_id', '=', f.gridId);
  if (f.bornInOrBefore !== null) q = q.where('birth_year', '<=', f.bornInOrBefore);
  return q.select((e) => e.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
};

/** A page of a place's residents' ID number indexes, by resident id after `after` (keyset). */
export const residentIndexesPage = (
  db: RosterDb,
  f: { regionCode: string; communityId: string | null; gridId: string | null; bornInOrBefore: number | null },
  after: string | null,
  limit: number,
) => {
  let q = db.selectFrom('exchange.residents').select(['id', 'id_number_index']).where('region_code', '=', f.regionCode);
  if (f.communityId) q = q.where('community_id', '=', f.communityId);
  if (f.gridId) q = q.where('grid_id', '=', f.gridId);
  if (f.bornInOrBefore !== null) q = q.where('birth_year', '<=', f.bornInOrBefore);
  if (after) q = q.where('id', '>', after);
  return q.orderBy('id').limit(limit).execute();
};

export const residentAddressByIdIndex = (db: RosterDb, regionCode: string, idNumberIndex: readonly string[]) =>
  db
    .selectFrom('exchange.residents')
    .select(['id', 'address_enc'])
    .where('region_code', '=', regionCode)
    .where('id_number_index', 'in', [...idNumberIndex])
    .executeTakeFirst();

export const residentById = (db: RosterDb, id: string) =>
  db.selectFrom('exchange.residents').selectAll().where('id', '=', id).executeTakeFirst();

export const insertResidents = (db: RosterDb, rows: Insertable<RosterTables['exchange.residents']>[]) =>
  db.insertInto('exchange.residents').values(rows).execute();

/** Residents per community and per grid (for org's resident counts). */
export const countsByPlace = (db: RosterDb) =>
  db
    .selectFrom('exchange.residents')
    .select(['community_id', 'grid_id', sql<number>`count(*)::int`.as('n')])
    .groupBy(['community_id', 'grid_id'])
    .execute();

export const importBatch = (db: RosterDb, limit: number) =>
  db.selectFrom('exchange.roster_import').selectAll().orderBy('region_code').orderBy('id').limit(limit).execute();

export const deleteImported = (db: RosterDb, keys: { region_code: string; id: string }[]) =>
  db
    .deleteFrom('exchange.roster_import')
    .where((eb) => eb.or(keys.map((k) => eb.and([eb('region_code', '=', k.region_code), eb('id', '=', k.id)]))))
    .execute();

/** True when the roster import table exists and holds rows (false before the migration ran). */
export async function hasImport(db: RosterDb): Promise<boolean> {
  const exists = await sql<{ ok: boolean }>`select to_regclass('exchange.roster_import') is not null as ok`.execute(db);
  if (!exists.rows[0]?.ok) return false;
  return (await db.selectFrom('exchange.roster_import').select('id').limit(1).execute()).length > 0;
}
