/** The volunteers' and points' SQL (志愿服务, 积分). */
import { sql } from 'kysely';
import type { CivicDb } from './cogov.civic.context.ts';
import type { CivicTables, PointKind } from './cogov.civic.tables.ts';

type TaskRow = CivicTables['cogov.volunteer_tasks'];
type SignupRow = CivicTables['cogov.volunteer_signups'];

export const insertTask = (db: CivicDb, row: TaskRow) => db.insertInto('cogov.volunteer_tasks').values(row).execute();
export const taskById = (db: CivicDb, id: string) =>
  db.selectFrom('cogov.volunteer_tasks').selectAll().where('id', '=', id).executeTakeFirst();
/** The task row locked for a sign-up (places are counted under this lock). */
export const lockTask = (db: CivicDb, id: string) =>
  db.selectFrom('cogov.volunteer_tasks').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
export const setTaken = (db: CivicDb, id: string, delta: number) =>
  db
    .updateTable('cogov.volunteer_tasks')
    .set({ taken: sql<number>`taken + ${delta}` })
    .where('id', '=', id)
    .execute();
export const cancelTask = (db: CivicDb, id: string) =>
  db.updateTable('cogov.volunteer_tasks').set({ status: 'cancelled' }).where('id', '=', id).execute();

/** Tasks of a community not yet over, soonest first, with the caller's sign-up if any. */
export const upcomingFor = (db: CivicDb, communityId: string, accountId: string, now: Date) =>
  db
    .selectFrom('cogov.volunteer_tasks as t')
    .leftJoin('cogov.volunteer_signups as s', (j) =>
      j.onRef('s.task_id', '=', 't.id').on('s.account_id', '=', accountId),
    )
    .selectAll('t')
    .select(['s.status as my_status', 's.code as my_code'])
    .where('t.community_id', '=', communityId)
    .where('t.ends_at', '>', now)
    .orderBy('t.starts_at')
    .limit(100)
    .execute();
export const tasksOfCommunities = (db: CivicDb, communities: string[]) =>
  db
    .selectFrom('cogov.volunteer_tasks')
    .selectAll()
    .where('community_id', 'in', communities)
    .orderBy('starts_at', 'desc')
    .limit(200)
    .execute();

export const signup = (db: CivicDb, taskId: string, accountId: string) =>
  db
    .selectFrom('cogov.volunteer_signups')
    .selectAll()
    .where('task_id', '=', taskId)
    .where('account_id', '=', accountId)
    .executeTakeFirst();
export const signupByCode = (db: CivicDb, taskId: string, code: string) =>
  db
    .selectFrom('cogov.volunteer_signups')
    .selectAll()
    .where('task_id', '=', taskId)
    .where('code', '=', code)
    .forUpdate()
    .executeTakeFirst();
export const insertSignup = (db: CivicDb, row: SignupRow) =>
  db.insertInto('cogov.volunteer_signups').values(row).execute();
export const updateSignup = (db: CivicDb, taskId: string, accountId: string, set: Partial<SignupRow>) =>
  db
    .updateTable('cogov.volunteer_signups')
    .set(set)
    .where('task_id', '=', taskId)
    .where('account_id', '=', accountId)
    .execute();
export const signupsOf = (db: CivicDb, taskId: string) =>
  db.selectFrom('cogov.volunteer_signups').selectAll().where('task_id', '=', taskId).orderBy('signed_up_at').execute();
export const signupsOfAccount = (db: CivicDb, accountId: string) =>
  db
    .selectFrom('cogov.volunteer_signups as s')
    .innerJoin('cogov.volunteer_tasks as t', 't.id', 's.task_id')
    .select([
      's.task_id',
      's.status',
      's.code',
      's.signed_up_at',
      's.checked_in_at',
      's.checked_out_at',
      's.minutes',
      't.title',
      't.place',
      't.starts_at',
      't.ends_at',
      't.organiser_name',
      't.status as task_status',
    ])
    .where('s.account_id', '=', accountId)
    .orderBy('t.starts_at', 'desc')
    .limit(200)
    .execute();

export const rules = (db: CivicDb) => db.selectFrom('cogov.point_rules').selectAll().orderBy('kind').execute();
export const upsertRule = (
  db: CivicDb,
  row: {
    id: string;
    community_id: string | null;
    kind: PointKind;
    points: number;
    updated_at: Date;
    updated_by: string;
  },
) =>
  db
    .insertInto('cogov.point_rules')
    .values(row)
    .onConflict((oc) =>
      oc
        .expression(sql`coalesce(community_id::text, ''), kind`)
        .doUpdateSet({ points: row.points, updated_at: row.updated_at, updated_by: row.updated_by }),
    )
    .execute();

export const insertEntry = (db: CivicDb, row: CivicTables['cogov.point_entries']) =>
  db
    .insertInto('cogov.point_entries')
    .values(row)
    .onConflict((oc) => oc.columns(['kind', 'source_ref', 'account_id']).doNothing())
    .execute();
export const entriesOf = (db: CivicDb, accountId: string) =>
  db
    .selectFrom('cogov.point_entries')
    .select(['kind', 'source_ref', 'points', 'at'])
    .where('account_id', '=', accountId)
    .orderBy('at', 'desc')
    .limit(100)
    .execute();
export const totalOf = (db: CivicDb, accountId: string) =>
  db
    .selectFrom('cogov.point_entries')
    .select(sql<number>`coalesce(sum(points), 0)::int`.as('total'))
    .where('account_id', '=', accountId)
    .executeTakeFirstOrThrow();
/** Each account's points in a community; the opted out are left out here already. */
export const standings = (db: CivicDb, communityId: string) =>
  db
    .selectFrom('cogov.point_entries as e')
    .select(['e.account_id', sql<number>`sum(e.points)::int`.as('points')])
    .where('e.community_id', '=', communityId)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('cogov.ranking_opt_outs as o')
            .select('o.account_id')
            .whereRef('o.account_id', '=', 'e.account_id'),
        ),
      ),
    )
    .groupBy('e.account_id')
    .execute();
export const optedOut = (db: CivicDb, accountId: string) =>
  db.selectFrom('cogov.ranking_opt_outs').select('since').where('account_id', '=', accountId).executeTakeFirst();
export const optOut = (db: CivicDb, accountId: string, at: Date) =>
  db
    .insertInto('cogov.ranking_opt_outs')
    .values({ account_id: accountId, since: at })
    .onConflict((oc) => oc.column('account_id').doNothing())
    .execute();
export const optIn = (db: CivicDb, accountId: string) =>
  db.deleteFrom('cogov.ranking_opt_outs').where('account_id', '=', accountId).execute();
