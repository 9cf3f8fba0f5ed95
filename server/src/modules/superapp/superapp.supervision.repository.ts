/** SQL of supervision: releases (what apps obtained), complaints, usage events and their daily roll-up. */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Manifest } from './superapp.manifest.ts';
import type { ComplaintStatus, SupervisionTables, UsageKind } from './superapp.supervision.tables.ts';

export type Db = Kysely<SupervisionTables> | Transaction<SupervisionTables>;
type ReleaseRow = SupervisionTables['superapp.releases'];
export type ComplaintRow = SupervisionTables['superapp.complaints'];

// ---- apps (with their live manifest's name and icon)
export const appRows = (db: Db, ids?: readonly string[]) => {
  let q = db
    .selectFrom('superapp.apps as a')
    .leftJoin('superapp.app_versions as v', (j) =>
      j.onRef('v.app_id', '=', 'a.id').onRef('v.version', '=', 'a.live_version'),
    )
    .select([
      'a.id',
      'a.slug',
      'a.owner_uscc',
      'a.owner_name',
      'a.status',
      'a.status_reason',
      'a.created_by',
      'v.manifest',
    ]);
  if (ids) {
    if (ids.length === 0) return Promise.resolve([]);
    q = q.where('a.id', 'in', ids);
  }
  return q.orderBy('a.slug').execute();
};
export type AppRow = { manifest: Manifest | null } & Omit<Awaited<ReturnType<typeof appRows>>[number], 'manifest'>;

export const appForUpdate = (db: Db, id: string) =>
  db.selectFrom('superapp.apps').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();

export const suspendApp = (db: Db, id: string, reason: string, now: Date) =>
  db
    .updateTable('superapp.apps')
    .set({ status: 'suspended', status_reason: reason, updated_at: now })
    .where('id', '=', id)
    .where('status', '=', 'approved')
    .executeTakeFirst();

/** The accounts that submitted the app's versions or registered it: the owner's agents. */
export async function ownerAccounts(db: Db, appId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('superapp.app_versions')
    .select('submitted_by as account')
    .where('app_id', '=', appId)
    .where('submitted_by', 'is not', null)
    .union(
      db
        .selectFrom('superapp.apps')
        .select('created_by as account')
        .where('id', '=', appId)
        .where('created_by', 'is not', null),
    )
    .execute();
  return [...new Set(rows.map((r) => r.account!))];
}

// ---- releases
export const insertRelease = (db: Db, row: ReleaseRow) => db.insertInto('superapp.releases').values(row).execute();

/** Per app: how many releases about this person, the first and the last. */
export const releaseSummaryOf = (db: Db, accountId: string) =>
  db
    .selectFrom('superapp.releases')
    .select((e) => ['app_id', e.fn.countAll<number>().as('n'), e.fn.min('at').as('first'), e.fn.max('at').as('last')])
    .where('account_id', '=', accountId)
    .groupBy('app_id')
    .execute();

/** Per app: the distinct claims released about this person (or about anyone, without an account). */
export const claimsOf = (db: Db, accountId: string) =>
  sql<{ app_id: string; claim: string }>`select distinct r.app_id, c.claim from superapp.releases r
    cross join lateral unnest(r.claims) as c(claim) where r.account_id = ${accountId}`
    .execute(db)
    .then((r) => r.rows);

export const releasesOf = (db: Db, accountId: string, appId: string, limit: number) =>
  db
    .selectFrom('superapp.releases')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('app_id', '=', appId)
    .orderBy('at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();

export const recentReleases = (db: Db, appId: string, limit: number) =>
  db
    .selectFrom('superapp.releases')
    .selectAll()
    .where('app_id', '=', appId)
    .orderBy('at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();

/** Per app (or one): releases and distinct persons. */
export const releaseTotals = (db: Db, appId?: string) => {
  let q = db
    .selectFrom('superapp.releases')
    .select((e) => [
      'app_id',
      e.fn.countAll<number>().as('n'),
      sql<number>`count(distinct ${e.ref('account_id')})`.as('people'),
    ]);
  if (appId) q = q.where('app_id', '=', appId);
  return q.groupBy('app_id').execute();
};

export const claimTotals = (db: Db, appId: string) =>
  sql<{ claim: string; n: number }>`select c.claim, count(*)::int as n from superapp.releases r
    cross join lateral unnest(r.claims) as c(claim) where r.app_id = ${appId} group by c.claim order by n desc, c.claim`
    .execute(db)
    .then((r) => r.rows.map((x) => ({ claim: x.claim, count: Number(x.n) })));

// ---- complaints
export const insertComplaint = (db: Db, row: ComplaintRow) =>
  db.insertInto('superapp.complaints').values(row).execute();

export const complaintByKey = (db: Db, accountId: string, key: string) =>
  db
    .selectFrom('superapp.complaints')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('idempotency_key', '=', key)
    .executeTakeFirst();

export const complaintById = (db: Db, id: string) =>
  db.selectFrom('superapp.complaints').selectAll().where('id', '=', id).executeTakeFirst();

export const complaintForUpdate = (db: Db, id: string) =>
  db.selectFrom('superapp.complaints').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();

export const complaintsOf = (db: Db, by: { accountId?: string; appId?: string; status?: ComplaintStatus }) => {
  let q = db.selectFrom('superapp.complaints').selectAll();
  if (by.accountId) q = q.where('account_id', '=', by.accountId);
  if (by.appId) q = q.where('app_id', '=', by.appId);
  if (by.status) q = q.where('status', '=', by.status);
  return q
    .orderBy('created_at', by.status === 'open' ? 'asc' : 'desc')
    .limit(500)
    .execute();
};

export const decideComplaint = (
  db: Db,
  id: string,
  d: { status: ComplaintStatus; reason: string; by: string; at: Date },
) =>
  db
    .updateTable('superapp.complaints')
    .set({ status: d.status, decision_reason: d.reason, decided_by: d.by, decided_at: d.at })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();

/** Upheld complaints about the app that no suspension has counted yet. */
export const unspentUpheld = (db: Db, appId: string) =>
  db
    .selectFrom('superapp.complaints')
    .select('id')
    .where('app_id', '=', appId)
    .where('status', '=', 'upheld')
    .where('spent_at', 'is', null)
    .execute()
    .then((r) => r.map((x) => x.id));

export const spendUpheld = (db: Db, ids: string[], at: Date) =>
  ids.length === 0
    ? Promise.resolve()
    : db.updateTable('superapp.complaints').set({ spent_at: at }).where('id', 'in', ids).execute();

export const complaintCounts = (db: Db, appId?: string) => {
  let q = db.selectFrom('superapp.complaints').select((e) => ['app_id', 'status', e.fn.countAll<number>().as('n')]);
  if (appId) q = q.where('app_id', '=', appId);
  return q.groupBy(['app_id', 'status']).execute();
};

// ---- usage
export interface UsageInsert {
  id: string;
  kind: UsageKind;
  name: string;
  detail: string | null;
}

/**
 * One batch of an app's events: the events themselves, the day's user (new or not), and the
 * day's roll-up incremented by the batch (one row per app and day: figures never scan events).
 */
export async function ingestUsage(
  tx: Transaction<SupervisionTables>,
  input: { appId: string; accountId: string | null; userKey: string; day: string; at: Date; events: UsageInsert[] },
): Promise<void> {
  await tx
    .insertInto('superapp.usage_events')
    .values(
      input.events.map((e) => ({
        id: e.id,
        app_id: input.appId,
        account_id: input.accountId,
        kind: e.kind,
        name: e.name,
        detail: e.detail,
        day: input.day,
        at: input.at,
      })),
    )
    .execute();
  const newUser = await tx
    .insertInto('superapp.usage_daily_users')
    .values({ app_id: input.appId, day: input.day, user_key: input.userKey })
    .onConflict((oc) => oc.doNothing())
    .returning('user_key')
    .executeTakeFirst();
  const n = (k: UsageKind) => input.events.filter((e) => e.kind === k).length;
  const add = {
    opens: n('open'),
    views: n('view'),
    actions: n('action'),
    errors: n('error'),
    users: newUser ? 1 : 0,
  };
  await tx
    .insertInto('superapp.usage_daily')
    .values({ app_id: input.appId, day: input.day, ...add })
    .onConflict((oc) =>
      oc.columns(['app_id', 'day']).doUpdateSet({
        opens: sql`superapp.usage_daily.opens + excluded.opens`,
        views: sql`superapp.usage_daily.views + excluded.views`,
        actions: sql`superapp.usage_daily.actions + excluded.actions`,
        errors: sql`superapp.usage_daily.errors + excluded.errors`,
        users: sql`superapp.usage_daily.users + excluded.users`,
      }),
    )
    .execute();
}

export const usageDays = (db: Db, appId: string, from: string, to: string) =>
  db
    .selectFrom('superapp.usage_daily')
    .select(['day', 'opens', 'views', 'actions', 'errors', 'users'])
    .where('app_id', '=', appId)
    .where('day', '>=', from)
    .where('day', '<=', to)
    .orderBy('day')
    .execute();

/** Per app: the roll-up's sums from a day on. */
export const usageSums = (db: Db, from: string) =>
  db
    .selectFrom('superapp.usage_daily')
    .select((e) => [
      'app_id',
      e.fn.sum<number>('opens').as('opens'),
      e.fn.sum<number>('views').as('views'),
      e.fn.sum<number>('actions').as('actions'),
      e.fn.sum<number>('errors').as('errors'),
      e.fn.sum<number>('users').as('users'),
    ])
    .where('day', '>=', from)
    .groupBy('app_id')
    .execute();

export const recentErrors = (db: Db, appId: string, limit: number) =>
  db
    .selectFrom('superapp.usage_events')
    .select(['name', 'detail', 'at'])
    .where('app_id', '=', appId)
    .where('kind', '=', 'error')
    .orderBy('at', 'desc')
    .limit(limit)
    .execute();
