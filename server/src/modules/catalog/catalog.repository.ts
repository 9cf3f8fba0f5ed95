/** SQL of the catalogue. */
import { sql, type Kysely } from 'kysely';
import type { BundleData, CatalogTables } from './catalog.tables.ts';
import type { ServiceItemData } from './catalog.types.ts';

export type CatDb = Kysely<CatalogTables>;

const itemColumns = [
  'i.id',
  'i.code',
  'i.version',
  'i.status',
  'i.data',
  'i.effective_from',
  'i.effective_to',
  'i.created_by',
] as const;

/** Current (effective) versions of published items, with their use counts. */
export const currentItems = (db: CatDb) =>
  db
    .selectFrom('catalog.items as i')
    .leftJoin('catalog.item_uses as u', 'u.code', 'i.code')
    .select([...itemColumns, sql<number>`coalesce(u.uses, 0)`.as('uses')])
    .where('i.effective_to', 'is', null)
    .where('i.status', '=', 'published')
    .execute();

export const itemVersion = (db: CatDb, code: string, version: number | null) => {
  let q = db
    .selectFrom('catalog.items as i')
    .leftJoin('catalog.item_uses as u', 'u.code', 'i.code')
    .select([...itemColumns, sql<number>`coalesce(u.uses, 0)`.as('uses')])
    .where('i.code', '=', code);
  q = version === null ? q.where('i.effective_to', 'is', null) : q.where('i.version', '=', version);
  return q.executeTakeFirst();
};

export const versionsOf = (db: CatDb, code: string) =>
  db
    .selectFrom('catalog.items')
    .select(['version', 'status', 'effective_from', 'effective_to', 'created_by'])
    .where('code', '=', code)
    .orderBy('version', 'desc')
    .execute();

/** The current version row, locked, so two editors cannot both make version n+1. */
export const lockCurrent = (db: CatDb, code: string) =>
  db
    .selectFrom('catalog.items')
    .select(['id', 'version', 'department_code', 'status'])
    .where('code', '=', code)
    .where('effective_to', 'is', null)
    .forUpdate()
    .executeTakeFirst();

export const lastVersion = async (db: CatDb, code: string): Promise<number> =>
  Number(
    (
      await db
        .selectFrom('catalog.items')
        .select(sql<number>`coalesce(max(version), 0)`.as('v'))
        .where('code', '=', code)
        .executeTakeFirstOrThrow()
    ).v,
  );

export const closeVersion = (db: CatDb, id: string, at: Date) =>
  db.updateTable('catalog.items').set({ effective_to: at }).where('id', '=', id).execute();

export const insertVersion = (
  db: CatDb,
  row: {
    id: string;
    code: string;
    version: number;
    regionCode: string;
    status: 'published' | 'retired';
    data: ServiceItemData;
    at: Date;
    by: string | null;
  },
) =>
  db
    .insertInto('catalog.items')
    .values({
      id: row.id,
      code: row.code,
      version: row.version,
      department_code: row.data.departmentCode,
      region_code: row.regionCode,
      status: row.status,
      name_zh: row.data.name.zh,
      name_en: row.data.name.en,
      data: JSON.stringify(row.data),
      effective_from: row.at,
      effective_to: null,
      created_at: row.at,
      created_by: row.by,
    })
    .execute();

export const bundles = (db: CatDb) =>
  db.selectFrom('catalog.bundles').select(['code', 'data']).orderBy('code').execute();
export const bundle = (db: CatDb, code: string) =>
  db.selectFrom('catalog.bundles').select(['code', 'data']).where('code', '=', code).executeTakeFirst();
export const upsertBundle = (db: CatDb, b: BundleData, at: Date) =>
  db
    .insertInto('catalog.bundles')
    .values({ code: b.code, name_zh: b.name.zh, name_en: b.name.en, data: JSON.stringify(b), updated_at: at })
    .onConflict((oc) =>
      oc
        .column('code')
        .doUpdateSet({ name_zh: b.name.zh, name_en: b.name.en, data: JSON.stringify(b), updated_at: at }),
    )
    .execute();

export const isSeeded = async (db: CatDb) =>
  (await db.selectFrom('catalog.items').select('id').limit(1).execute()).length > 0;

/** Add to items' use counts, in one statement. */
export const countUses = async (db: CatDb, uses: [code: string, n: number][]): Promise<void> => {
  if (uses.length === 0) return;
  await db
    .insertInto('catalog.item_uses')
    .values(uses.map(([code, n]) => ({ code, uses: n })))
    .onConflict((oc) => oc.column('code').doUpdateSet({ uses: sql<number>`catalog.item_uses.uses + excluded.uses` }))
    .execute();
};
