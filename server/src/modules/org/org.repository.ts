/** SQL of the org module. */
import { sql, type Insertable, type Kysely } from 'kysely';
import { containsPattern, prefixPattern } from '../../platform/db.ts';
import type { OrgTables } from './org.tables.ts';

export type OrgDb = Kysely<OrgTables>;

export const regions = (db: OrgDb) => db.selectFrom('org.regions').selectAll().orderBy('code').execute();

export const departments = (db: OrgDb) =>
  db
    .selectFrom('org.departments as d')
    .leftJoin(
      (eb) =>
        eb
          .selectFrom('org.staff_posts')
          .select(['department_id', sql<number>`count(distinct account_id)::int`.as('n')])
          .where('ended_at', 'is', null)
          .groupBy('department_id')
          .as('c'),
      (join) => join.onRef('c.department_id', '=', 'd.id'),
    )
    .select([
      'd.id',
      'd.code',
      'd.name',
      'd.name_en',
      'd.short_name',
      'd.region_code',
      'd.uscc',
      sql<number>`coalesce(c.n, 0)`.as('staff_count'),
    ])
    .orderBy('d.code')
    .execute();

export const departmentById = (db: OrgDb, id: string) =>
  db.selectFrom('org.departments').selectAll().where('id', '=', id).executeTakeFirst();

export const communities = (
  db: OrgDb,
  f: { q?: string | undefined; regionCode?: string | undefined; offset: number; limit: number },
) => {
  let q = db.selectFrom('org.communities as c');
  if (f.q) {
    const text = f.q;
    q = q.where((eb) =>
      eb.or([
        eb('c.name', 'like', containsPattern(text)),
        eb(sql`lower(c.name_en)`, 'like', containsPattern(text.toLowerCase())),
        eb('c.code', 'like', prefixPattern(text)),
      ]),
    );
  }
  if (f.regionCode) q = q.where('c.region_code', '=', f.regionCode);
  return Promise.all([
    q
      .select((eb) => [
        'c.id',
        'c.code',
        'c.name',
        'c.name_en',
        'c.region_code',
        'c.lat',
        'c.lng',
        'c.resident_count',
        eb
          .selectFrom('org.grids as g')
          .select(sql<number>`count(*)::int`.as('n'))
          .whereRef('g.community_id', '=', 'c.id')
          .as('grid_count'),
      ])
      .orderBy('c.code')
      .offset(f.offset)
      .limit(f.limit)
      .execute(),
    q.select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
  ]);
};

export const communityById = (db: OrgDb, id: string) =>
  db.selectFrom('org.communities').selectAll().where('id', '=', id).executeTakeFirst();

export const gridsOf = (db: OrgDb, communityId: string) =>
  db.selectFrom('org.grids').selectAll().where('community_id', '=', communityId).orderBy('code').execute();

export const gridById = (db: OrgDb, id: string) =>
  db.selectFrom('org.grids').selectAll().where('id', '=', id).executeTakeFirst();

/** Live posts of accounts, with the names a person reads. */
export const postsOf = (db: OrgDb, accountIds: string[]) =>
  accountIds.length === 0
    ? Promise.resolve([])
    : db
        .selectFrom('org.staff_posts as p')
        .leftJoin('org.departments as d', 'd.id', 'p.department_id')
        .leftJoin('org.communities as c', 'c.id', 'p.community_id')
        .select([
          'p.id',
          'p.account_id',
          'p.department_id',
          'd.code as department_code',
          'd.name as department_name',
          'p.region_code',
          'p.community_id',
          'c.name as community_name',
          'p.grid_id',
          'p.title',
          'p.roles',
        ])
        .where('p.account_id', 'in', accountIds)
        .where('p.ended_at', 'is', null)
        .orderBy('p.created_at')
        .execute();

export const staffPage = (
  db: OrgDb,
  f: { departmentId?: string | undefined; offset: number; limit: number; accountIds?: string[] | undefined },
) => {
  let q = db.selectFrom('org.staff_posts').where('ended_at', 'is', null);
  if (f.departmentId) q = q.where('department_id', '=', f.departmentId);
  if (f.accountIds) q = f.accountIds.length ? q.where('account_id', 'in', f.accountIds) : q.where(sql<boolean>`false`);
  return Promise.all([
    q.select('account_id').distinct().orderBy('account_id').offset(f.offset).limit(f.limit).execute(),
    q.select(sql<number>`count(distinct account_id)::int`.as('n')).executeTakeFirstOrThrow(),
  ]);
};

export const postById = (db: OrgDb, id: string) =>
  db.selectFrom('org.staff_posts').selectAll().where('id', '=', id).executeTakeFirst();

export const insertPost = (db: OrgDb, row: OrgTables['org.staff_posts']) =>
  db.insertInto('org.staff_posts').values(row).execute();

export const endPost = (db: OrgDb, id: string, at: Date) =>
  db
    .updateTable('org.staff_posts')
    .set({ ended_at: at })
    .where('id', '=', id)
    .where('ended_at', 'is', null)
    .executeTakeFirst();

export const communityIds = (db: OrgDb) => db.selectFrom('org.communities').select(['id', 'code']).execute();
export const gridIds = (db: OrgDb) => db.selectFrom('org.grids').select(['id', 'code']).execute();

export const insertRegions = (db: OrgDb, rows: Insertable<OrgTables['org.regions']>[]) =>
  db.insertInto('org.regions').values(rows).execute();
export const insertDepartments = (db: OrgDb, rows: Insertable<OrgTables['org.departments']>[]) =>
  db.insertInto('org.departments').values(rows).execute();
export const insertCommunities = (db: OrgDb, rows: Insertable<OrgTables['org.communities']>[]) =>
  db.insertInto('org.communities').values(rows).execute();
export const insertGrids = (db: OrgDb, rows: Insertable<OrgTables['org.grids']>[]) =>
  db.insertInto('org.grids').values(rows).execute();
/** Set every community's and grid's resident count from the roster's counts per (community, grid). */
export async function setResidentCounts(
  db: OrgDb,
  counts: { communityId: string; gridId: string | null; n: number }[],
): Promise<void> {
  const communities = new Map<string, number>();
  const grids = new Map<string, number>();
  for (const c of counts) {
    communities.set(c.communityId, (communities.get(c.communityId) ?? 0) + c.n);
    if (c.gridId) grids.set(c.gridId, (grids.get(c.gridId) ?? 0) + c.n);
  }
  await db.updateTable('org.communities').set({ resident_count: 0 }).execute();
  await db.updateTable('org.grids').set({ resident_count: 0 }).execute();
  for (const [id, n] of communities)
    await db.updateTable('org.communities').set({ resident_count: n }).where('id', '=', id).execute();
  for (const [id, n] of grids)
    await db.updateTable('org.grids').set({ resident_count: n }).where('id', '=', id).execute();
}

export const isSeeded = async (db: OrgDb): Promise<boolean> =>
  (await db.selectFrom('org.regions').select('code').limit(1).execute()).length > 0;

/** Accounts holding any of `roles` through a current post in a department, within a region (who to tell about an overdue case). */
export const accountsWithRole = (db: OrgDb, regionCode: string, departmentCode: string, roles: string[]) =>
  db
    .selectFrom('org.staff_posts as p')
    .innerJoin('org.departments as d', 'd.id', 'p.department_id')
    .select('p.account_id')
    .distinct()
    .where('p.ended_at', 'is', null)
    .where('p.region_code', '=', regionCode)
    .where('d.code', '=', departmentCode)
    .where(sql<boolean>`p.roles && ${sql.val(roles)}::text[]`)
    .execute();
