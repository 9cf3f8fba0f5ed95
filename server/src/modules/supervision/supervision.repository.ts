/** All SQL of the supervision module. */
import { sql, type Insertable, type Selectable, type Updateable } from 'kysely';
import type { SupDb } from './supervision.context.ts';
import type { Scope } from './supervision.policy.ts';
import type { SupervisionTables, TicketStatus } from './supervision.tables.ts';

type T = SupervisionTables;
export type InvitationRow = Selectable<T['supervision.invitations']>;
export type RatingRow = Selectable<T['supervision.ratings']>;
export type TicketRow = Selectable<T['supervision.tickets']>;
export type VisitRow = Selectable<T['supervision.window_visits']>;

export async function insertInvitation(db: SupDb, row: Insertable<T['supervision.invitations']>) {
  const r = await db
    .insertInto('supervision.invitations')
    .values(row)
    .onConflict((oc) => oc.column('case_id').doNothing())
    .returning('case_id')
    .executeTakeFirst();
  return r !== undefined;
}

export type Part = Omit<Insertable<T['supervision.invitation_parts']>, 'case_id'>;

export async function insertInvitationParts(db: SupDb, caseId: string, parts: readonly Part[]) {
  if (parts.length === 0) return;
  await db
    .insertInto('supervision.invitation_parts')
    .values(parts.map((p) => ({ ...p, case_id: caseId })))
    .onConflict((oc) => oc.doNothing())
    .execute();
}

/** The items a case's invitation covers (a bundle: each of its parts), lead item first. */
export const invitationParts = (db: SupDb, caseId: string): Promise<Part[]> =>
  db
    .selectFrom('supervision.invitation_parts')
    .select(['region_code', 'department_code', 'item_code', 'item_name_zh', 'item_name_en'])
    .where('case_id', '=', caseId)
    .orderBy('department_code')
    .orderBy('item_code')
    .execute();

export async function insertRatingParts(db: SupDb, ratingId: string, score: number, parts: readonly Part[]) {
  if (parts.length === 0) return;
  await db
    .insertInto('supervision.rating_parts')
    .values(parts.map((p) => ({ ...p, rating_id: ratingId, score })))
    .execute();
}

/** Every rating (and call-back) the person gave, newest first: their own data. */
export const ratingsBy = (db: SupDb, accountId: string) =>
  db
    .selectFrom('supervision.ratings')
    .selectAll()
    .where('rater_account_id', '=', accountId)
    .orderBy('rated_at', 'desc')
    .limit(5000)
    .execute();

export const invitationForUpdate = (db: SupDb, caseId: string) =>
  db.selectFrom('supervision.invitations').selectAll().where('case_id', '=', caseId).forUpdate().executeTakeFirst();

/** The rater's invitations still open (not rated, not expired). */
export const openInvitations = (db: SupDb, accountId: string, now: Date) =>
  db
    .selectFrom('supervision.invitations as i')
    .selectAll('i')
    .where('i.rater_account_id', '=', accountId)
    .where('i.expires_at', '>', now)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('supervision.ratings as r')
            .select('r.id')
            .whereRef('r.case_id', '=', 'i.case_id')
            .where('r.kind', '=', 'rating'),
        ),
      ),
    )
    .orderBy('i.invited_at', 'desc')
    .limit(50)
    .execute();

export const ratingOfCase = (db: SupDb, caseId: string) =>
  db
    .selectFrom('supervision.ratings')
    .selectAll()
    .where('case_id', '=', caseId)
    .where('kind', '=', 'rating')
    .executeTakeFirst();

/** Insert a rating; null when the case, visit or ticket already has its one (any unique index). */
export async function insertRating(db: SupDb, row: Insertable<T['supervision.ratings']>) {
  return (
    (await db
      .insertInto('supervision.ratings')
      .values(row)
      .onConflict((oc) => oc.doNothing())
      .returningAll()
      .executeTakeFirst()) ?? null
  );
}

export const insertVisit = (db: SupDb, row: Insertable<T['supervision.window_visits']>) =>
  db.insertInto('supervision.window_visits').values(row).returningAll().executeTakeFirstOrThrow();

export const visitById = (db: SupDb, id: string) =>
  db.selectFrom('supervision.window_visits').selectAll().where('id', '=', id).executeTakeFirst();

export const ratingOfVisit = (db: SupDb, visitId: string) =>
  db.selectFrom('supervision.ratings').select('id').where('visit_id', '=', visitId).executeTakeFirst();

export const nextNumber = async (db: SupDb, seq: 'ticket_seq' | 'visit_seq'): Promise<number> =>
  Number(
    (await sql<{ n: string }>`select nextval(${sql.lit(`supervision.${seq}`)}::regclass) as n`.execute(db)).rows[0]!.n,
  );

export const insertTicket = (db: SupDb, row: Insertable<T['supervision.tickets']>) =>
  db.insertInto('supervision.tickets').values(row).returningAll().executeTakeFirstOrThrow();

export const ticketById = (db: SupDb, id: string) =>
  db.selectFrom('supervision.tickets').selectAll().where('id', '=', id).executeTakeFirst();

export const ticketForUpdate = (db: SupDb, id: string) =>
  db.selectFrom('supervision.tickets').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();

export const updateTicket = (db: SupDb, id: string, set: Updateable<T['supervision.tickets']>) =>
  db.updateTable('supervision.tickets').set(set).where('id', '=', id).returningAll().executeTakeFirstOrThrow();

export const ticketsInScope = (db: SupDb, s: Scope, status: TicketStatus | null) =>
  db
    .selectFrom('supervision.tickets')
    .selectAll()
    .where((eb) =>
      eb.or([
        ...(s.regions.length ? [eb('region_code', 'in', s.regions)] : []),
        ...s.departments.map((d) =>
          eb.and([eb('region_code', '=', d.regionCode), eb('department_code', '=', d.departmentCode)]),
        ),
      ]),
    )
    .$if(status !== null, (q) => q.where('status', '=', status!))
    .orderBy('created_at', 'desc')
    .limit(200)
    .execute();

/** Ratings that count for a department in scope (a bundle's rating: for each department of its parts). */
export const ratingsInScope = (db: SupDb, s: Scope) =>
  db
    .selectFrom('supervision.ratings as r')
    .selectAll('r')
    .where((eb) =>
      eb.or([
        ...(s.regions.length ? [eb('r.region_code', 'in', s.regions)] : []),
        ...s.departments.map((d) =>
          eb.and([eb('r.region_code', '=', d.regionCode), eb('r.department_code', '=', d.departmentCode)]),
        ),
        ...s.departments.map((d) =>
          eb.exists(
            eb
              .selectFrom('supervision.rating_parts as p')
              .select('p.rating_id')
              .whereRef('p.rating_id', '=', 'r.id')
              .where('p.region_code', '=', d.regionCode)
              .where('p.department_code', '=', d.departmentCode),
          ),
        ),
      ]),
    )
    .orderBy('r.rated_at', 'desc')
    .limit(200)
    .execute();

/** Tickets fixed and waiting for the rater's call-back rating (回访). */
export const callbacksFor = (db: SupDb, accountId: string) =>
  db
    .selectFrom('supervision.tickets')
    .selectAll()
    .where('rater_account_id', '=', accountId)
    .where('status', '=', 'fixed')
    .orderBy('fixed_at', 'desc')
    .limit(50)
    .execute();

export interface FigureRow {
  key: string;
  name_zh: string;
  name_en: string;
  department_code: string;
  ratings: number;
  good: number;
  bad: number;
  invited: number;
  tickets: number;
  rectified: number;
  rectification_hours: number | null;
}

/**
 * The published figures of a region, per department or per service item: ratings (the first
 * rating of each case or visit, counted once for each department or item that handled part of
 * it; call-backs are not counted), good ones (score 3-5), bad ones, invitations plus window
 * visits (what could have been rated), tickets not voided by an upheld appeal, rectified ones
 * and their mean time.
 */
export async function figures(db: SupDb, regionCode: string, by: 'department' | 'item'): Promise<FigureRow[]> {
  const key = by === 'department' ? sql.ref('department_code') : sql.ref('item_code');
  const name = (col: 'zh' | 'en') => (by === 'department' ? sql`''` : sql.ref(`item_name_${col}`));
  const res = await sql<FigureRow>`
    with r as (
      select ${key} as key, min(${name('zh')}) as name_zh, min(${name('en')}) as name_en, min(department_code) as department_code,
        count(distinct rating_id)::int as ratings, (count(distinct rating_id) filter (where score >= 3))::int as good,
        (count(distinct rating_id) filter (where score <= 2))::int as bad
      from supervision.rating_parts where region_code = ${regionCode} group by 1
    ), i as (
      select key, count(*)::int as invited from (
        select distinct ${key} as key, case_id as id from supervision.invitation_parts where region_code = ${regionCode}
        union all select ${key} as key, id::text from supervision.window_visits where region_code = ${regionCode}
      ) x group by 1
    ), t as (
      select ${key} as key, (count(*) filter (where status <> 'voided'))::int as tickets,
        (count(*) filter (where status in ('fixed', 'closed')))::int as rectified,
        (avg(extract(epoch from fixed_at - created_at)) filter (where fixed_at is not null) / 3600)::float8 as rectification_hours
      from supervision.tickets where region_code = ${regionCode} group by 1
    )
    select r.key, r.name_zh, r.name_en, r.department_code, r.ratings, r.good, r.bad,
      greatest(coalesce(i.invited, 0), r.ratings)::int as invited, coalesce(t.tickets, 0)::int as tickets,
      coalesce(t.rectified, 0)::int as rectified, t.rectification_hours
    from r left join i on i.key = r.key left join t on t.key = r.key
    order by r.key`.execute(db);
  return res.rows;
}
