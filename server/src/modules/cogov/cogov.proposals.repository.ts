/** SQL of proposals (居民提议): the proposal, its supports, follows and comments. */
import { sql, type Insertable, type Kysely, type Selectable, type Transaction, type Updateable } from 'kysely';
import { scoped } from '../../platform/db.ts';
import type { CogovTables } from './cogov.tables.ts';

type Db = Kysely<object> | Transaction<object>;
const db = (d: Db) => scoped<CogovTables>(d);

export type ProposalRow = Selectable<CogovTables['cogov.proposals']>;

/** What a proposal has not yet when it is filed: no answer, no escalation, no links, no edit. */
const FILED = {
  threshold_reached_at: null,
  answer_due_at: null,
  answered_at: null,
  answered_by: null,
  answer: null,
  plan: null,
  escalated_at: null,
  linked_event_number: null,
  linked_case_number: null,
  edited_at: null,
} as const;

export const insertProposal = (d: Db, row: Omit<Insertable<CogovTables['cogov.proposals']>, keyof typeof FILED>) =>
  db(d)
    .insertInto('cogov.proposals')
    .values({ ...FILED, ...row })
    .execute();

/** The proposal an author filed with an Idempotency-Key. */
export const proposalByKey = (d: Db, authorAccountId: string, key: string) =>
  db(d)
    .selectFrom('cogov.proposals')
    .select(['id', 'request_hash'])
    .where('author_account_id', '=', authorAccountId)
    .where('idempotency_key', '=', key)
    .executeTakeFirst()
    .then((r) => (r ? { id: r.id, request_hash: r.request_hash ?? '' } : undefined));

export const proposalById = (d: Db, id: string, lock = false) => {
  const q = db(d).selectFrom('cogov.proposals').selectAll().where('id', '=', id);
  return (lock ? q.forUpdate() : q).executeTakeFirst();
};

export const proposalsPage = (
  d: Db,
  f: {
    communityIds: string[] | null;
    regionCode: string;
    status?: string | undefined;
    escalated?: boolean | undefined;
    includeHidden: boolean;
    now: Date;
    offset: number;
    limit: number;
  },
) => {
  let q = db(d).selectFrom('cogov.proposals').where('region_code', '=', f.regionCode);
  if (f.communityIds) q = q.where('community_id', 'in', f.communityIds.length ? f.communityIds : ['']);
  if (!f.includeHidden) q = q.where('hidden', '=', false);
  if (f.escalated) q = q.where('escalated_at', 'is not', null);
  if (f.status === 'expired') q = q.where('status', '=', 'open').where('support_until', '<', f.now);
  else if (f.status === 'open') q = q.where('status', '=', 'open').where('support_until', '>=', f.now);
  else if (f.status) q = q.where('status', '=', f.status as 'accepted');
  return Promise.all([
    q.selectAll().orderBy('created_at', 'desc').orderBy('id').offset(f.offset).limit(f.limit).execute(),
    q.select((e) => e.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ]);
};

export const insertSupport = (d: Db, row: CogovTables['cogov.proposal_supports']) =>
  db(d)
    .insertInto('cogov.proposal_supports')
    .values(row)
    .onConflict((oc) => oc.columns(['proposal_id', 'resident_id']).doNothing())
    .returning('proposal_id')
    .executeTakeFirst();

export const bumpSupport = (d: Db, id: string) =>
  db(d)
    .updateTable('cogov.proposals')
    .set({ support_count: sql`support_count + 1` })
    .where('id', '=', id)
    .returning('support_count')
    .executeTakeFirstOrThrow();

export const updateProposal = (d: Db, id: string, set: Updateable<CogovTables['cogov.proposals']>) =>
  db(d).updateTable('cogov.proposals').set(set).where('id', '=', id).execute();

export const supportedBy = (d: Db, id: string, residentId: string) =>
  db(d)
    .selectFrom('cogov.proposal_supports')
    .select('proposal_id')
    .where('proposal_id', '=', id)
    .where('resident_id', '=', residentId)
    .executeTakeFirst();

export const following = (d: Db, id: string, accountId: string) =>
  db(d)
    .selectFrom('cogov.proposal_follows')
    .select('proposal_id')
    .where('proposal_id', '=', id)
    .where('account_id', '=', accountId)
    .executeTakeFirst();

export const follow = (d: Db, row: CogovTables['cogov.proposal_follows']) =>
  db(d)
    .insertInto('cogov.proposal_follows')
    .values(row)
    .onConflict((oc) => oc.columns(['proposal_id', 'account_id']).doNothing())
    .execute();

export const unfollow = (d: Db, id: string, accountId: string) =>
  db(d)
    .deleteFrom('cogov.proposal_follows')
    .where('proposal_id', '=', id)
    .where('account_id', '=', accountId)
    .execute();

export const followers = (d: Db, id: string) =>
  db(d).selectFrom('cogov.proposal_follows').select('account_id').where('proposal_id', '=', id).execute();

/** Who follows or supported a proposal: those told of its answer and escalation. */
export const followersAndSupporters = (d: Db, id: string) =>
  db(d)
    .selectFrom('cogov.proposal_follows')
    .select('account_id')
    .where('proposal_id', '=', id)
    .union(db(d).selectFrom('cogov.proposal_supports').select('account_id').where('proposal_id', '=', id))
    .execute();

/** Which of these items the account has flagged. */
export const flaggedBy = (d: Db, kind: string, ids: string[], accountId: string) =>
  ids.length === 0
    ? Promise.resolve([])
    : db(d)
        .selectFrom('cogov.flags')
        .select('content_id')
        .where('kind', '=', kind)
        .where('content_id', 'in', ids)
        .where('account_id', '=', accountId)
        .execute();

export const commentsOf = (d: Db, id: string) =>
  db(d)
    .selectFrom('cogov.proposal_comments')
    .selectAll()
    .where('proposal_id', '=', id)
    .orderBy('created_at')
    .orderBy('id')
    .limit(500)
    .execute();

export const commentById = (d: Db, id: string) =>
  db(d).selectFrom('cogov.proposal_comments').selectAll().where('id', '=', id).executeTakeFirst();

export const insertComment = (d: Db, row: Insertable<CogovTables['cogov.proposal_comments']>) =>
  db(d).insertInto('cogov.proposal_comments').values(row).execute();

export const setCommentHidden = (d: Db, id: string, hidden: boolean) =>
  db(d).updateTable('cogov.proposal_comments').set({ hidden }).where('id', '=', id).execute();
