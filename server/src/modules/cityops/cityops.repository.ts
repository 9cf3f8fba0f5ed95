/** SQL of the cityops core: categories, events, their history and followers. Rows in, rows out. */
import {
  sql,
  type Expression,
  type ExpressionBuilder,
  type Insertable,
  type Kysely,
  type Selectable,
  type SqlBool,
} from 'kysely';
import type { CityopsTables, EventSource, EventStatus } from './cityops.tables.ts';

export type Db = Kysely<CityopsTables>;
export type EventRow = Selectable<CityopsTables['cityops.events']>;
export type UpdateRow = Selectable<CityopsTables['cityops.event_updates']>;
export type CategoryRow = Selectable<CityopsTables['cityops.categories']>;

export const categories = (db: Db, activeOnly: boolean) => {
  let q = db.selectFrom('cityops.categories').selectAll();
  if (activeOnly) q = q.where('active', '=', true);
  return q.orderBy('group_name').orderBy('code').execute();
};

export const category = (db: Db, code: string) =>
  db.selectFrom('cityops.categories').selectAll().where('code', '=', code).executeTakeFirst();

export const upsertCategories = (db: Db, rows: Insertable<CityopsTables['cityops.categories']>[]) =>
  db
    .insertInto('cityops.categories')
    .values(rows)
    .onConflict((oc) => oc.column('code').doNothing())
    .execute();

/** The next 6 digits of the event number sequence. */
export async function nextNumber(db: Db): Promise<number> {
  const r = await sql<{ n: string | number }>`select nextval('cityops.event_number_seq') as n`.execute(db);
  return Number(r.rows[0]!.n) % 1_000_000;
}

export const insertEvent = (db: Db, row: Insertable<CityopsTables['cityops.events']>) =>
  db.insertInto('cityops.events').values(row).execute();

export const eventById = (db: Db, id: string) =>
  db.selectFrom('cityops.events').selectAll().where('id', '=', id).executeTakeFirst();

/** The event, held for the transaction (its changes are serialised). */
export const eventForUpdate = (db: Db, id: string) =>
  db.selectFrom('cityops.events').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();

export const eventByIdempotency = (db: Db, scope: string, key: string) =>
  db
    .selectFrom('cityops.events')
    .selectAll()
    .where(sql<string>`coalesce(reporter_account_id::text, source)`, '=', scope)
    .where('idempotency_key', '=', key)
    .executeTakeFirst();

export const updateEvent = (db: Db, id: string, set: Partial<Insertable<CityopsTables['cityops.events']>>) =>
  db
    .updateTable('cityops.events')
    .set({ ...set, version: sql<number>`version + 1` })
    .where('id', '=', id)
    .execute();

export const insertUpdate = (db: Db, row: Insertable<CityopsTables['cityops.event_updates']>) =>
  db.insertInto('cityops.event_updates').values(row).execute();

export const updatesOf = (db: Db, eventId: string, publicOnly: boolean) => {
  let q = db.selectFrom('cityops.event_updates').selectAll().where('event_id', '=', eventId);
  if (publicOnly) q = q.where('public', '=', true);
  return q.orderBy('at').orderBy('id').execute();
};

export const follow = (db: Db, rows: { event_id: string; account_id: string; since: Date }[]) =>
  rows.length === 0
    ? Promise.resolve()
    : db
        .insertInto('cityops.followers')
        .values(rows)
        .onConflict((oc) => oc.columns(['event_id', 'account_id']).doNothing())
        .execute()
        .then(() => undefined);

export const isFollower = async (db: Db, eventId: string, accountId: string) =>
  (await db
    .selectFrom('cityops.followers')
    .select('account_id')
    .where('event_id', '=', eventId)
    .where('account_id', '=', accountId)
    .executeTakeFirst()) !== undefined;

export const followersOf = async (db: Db, eventId: string) =>
  (await db.selectFrom('cityops.followers').select('account_id').where('event_id', '=', eventId).execute()).map(
    (r) => r.account_id,
  );

/** Who may see what: the union of a principal's scopes (regions, grids, departments), or its own reports. */
export interface ScopeFilter {
  regions: string[];
  grids: string[];
  departments: string[];
  /** Own reports and followed events of this account. */
  accountId: string | null;
}

export interface ListFilter {
  status?: EventStatus[] | undefined;
  categoryCode?: string | undefined;
  source?: EventSource | undefined;
  communityId?: string | undefined;
  gridId?: string | undefined;
  departmentId?: string | undefined;
  number?: string | undefined;
  urgent?: boolean | undefined;
  /** Past the deadline and not closed (as of `now`). */
  overdue?: boolean | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  now: Date;
  order: 'opened' | 'deadline';
  offset: number;
  limit: number;
}

type Eb = ExpressionBuilder<CityopsTables, 'cityops.events'>;

function scoped(eb: Eb, s: ScopeFilter): Expression<SqlBool> {
  const ors: Expression<SqlBool>[] = [];
  if (s.regions.length) ors.push(eb('region_code', 'in', s.regions));
  if (s.grids.length) ors.push(eb('grid_id', 'in', s.grids));
  if (s.departments.length) {
    ors.push(eb('department_id', 'in', s.departments));
    ors.push(sql<SqlBool>`co_department_ids && ${sql.val(s.departments)}::uuid[]`);
  }
  if (s.accountId) {
    ors.push(eb('reporter_account_id', '=', s.accountId));
    ors.push(
      eb.exists(
        eb
          .selectFrom('cityops.followers as f')
          .select('f.event_id')
          .whereRef('f.event_id', '=', 'cityops.events.id')
          .where('f.account_id', '=', s.accountId),
      ),
    );
  }
  return ors.length ? eb.or(ors) : sql<SqlBool>`false`;
}

export async function list(db: Db, s: ScopeFilter, f: ListFilter): Promise<[EventRow[], number]> {
  let q = db.selectFrom('cityops.events').where((eb) => scoped(eb, s));
  if (f.status?.length) q = q.where('status', 'in', f.status);
  if (f.categoryCode) q = q.where('category_code', '=', f.categoryCode);
  if (f.source) q = q.where('source', '=', f.source);
  if (f.communityId) q = q.where('community_id', '=', f.communityId);
  if (f.gridId) q = q.where('grid_id', '=', f.gridId);
  if (f.departmentId) q = q.where('department_id', '=', f.departmentId);
  if (f.number) q = q.where('number', '=', f.number);
  if (f.urgent !== undefined) q = q.where('urgent', '=', f.urgent);
  if (f.overdue)
    q = q.where('deadline_at', '<', f.now).where('status', 'in', ['open', 'dispatched', 'processing', 'returned']);
  if (f.from) q = q.where('opened_at', '>=', f.from);
  if (f.to) q = q.where('opened_at', '<', f.to);
  const ordered =
    f.order === 'deadline'
      ? q.orderBy(sql`deadline_at asc nulls last`).orderBy('opened_at')
      : q.orderBy('opened_at', 'desc').orderBy('id', 'desc');
  const [rows, count] = await Promise.all([
    ordered.selectAll().offset(f.offset).limit(f.limit).execute(),
    q.select((eb) => eb.fn.countAll<string | number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return [rows, Number(count.n)];
}

/** Near-duplicate candidates: the same category, not closed or merged, in a box around a point and a time window. */
export const nearby = (
  db: Db,
  c: {
    id: string;
    regionCode: string;
    categoryCode: string;
    lat: number;
    lng: number;
    dLat: number;
    dLng: number;
    from: Date;
    to: Date;
  },
) =>
  db
    .selectFrom('cityops.events')
    .selectAll()
    .where('category_code', '=', c.categoryCode)
    .where('region_code', '=', c.regionCode)
    .where('id', '<>', c.id)
    .where('status', 'in', ['open', 'dispatched', 'processing', 'returned'])
    .where('opened_at', '>=', c.from)
    .where('opened_at', '<=', c.to)
    .where('lat', '>=', c.lat - c.dLat)
    .where('lat', '<=', c.lat + c.dLat)
    .where('lng', '>=', c.lng - c.dLng)
    .where('lng', '<=', c.lng + c.dLng)
    .orderBy('opened_at')
    .limit(50)
    .execute();
