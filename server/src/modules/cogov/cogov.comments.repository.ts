/** Public comment's SQL (政策意见征集). */
import { sql } from 'kysely';
import type { CivicDb } from './cogov.civic.context.ts';
import type { CivicTables, CommentDecision } from './cogov.civic.tables.ts';

type DraftRow = CivicTables['cogov.policy_drafts'];

export const insertDraft = (db: CivicDb, row: DraftRow) => db.insertInto('cogov.policy_drafts').values(row).execute();
export const insertArticles = (db: CivicDb, rows: CivicTables['cogov.policy_articles'][]) =>
  db.insertInto('cogov.policy_articles').values(rows).execute();
export const draftById = (db: CivicDb, id: string) =>
  db.selectFrom('cogov.policy_drafts').selectAll().where('id', '=', id).executeTakeFirst();
export const lockDraft = (db: CivicDb, id: string) =>
  db.selectFrom('cogov.policy_drafts').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
export const articlesOf = (db: CivicDb, draftId: string) =>
  db.selectFrom('cogov.policy_articles').selectAll().where('draft_id', '=', draftId).orderBy('seq').execute();
/** Drafts with their comment counts (visible ones), newest period first. */
export const drafts = (db: CivicDb, f: { departments?: string[] | undefined; limit: number }) => {
  let q = db
    .selectFrom('cogov.policy_drafts as d')
    .selectAll('d')
    .select((eb) =>
      eb
        .selectFrom('cogov.policy_comments as c')
        .whereRef('c.draft_id', '=', 'd.id')
        .where('c.hidden', '=', false)
        .select(sql<number>`count(*)::int`.as('n'))
        .as('comment_count'),
    )
    .where('d.status', '<>', 'withdrawn');
  if (f.departments) q = q.where('d.department_code', 'in', f.departments.length ? f.departments : ['-']);
  return q.orderBy('d.closes_at', 'desc').limit(f.limit).execute();
};
export const commentsOf = (db: CivicDb, draftId: string) =>
  db
    .selectFrom('cogov.policy_comments')
    .selectAll()
    .where('draft_id', '=', draftId)
    .orderBy('article_seq')
    .orderBy('created_at')
    .execute();
export const commentByKey = (db: CivicDb, accountId: string, key: string) =>
  db
    .selectFrom('cogov.policy_comments')
    .selectAll()
    .where('author_account_id', '=', accountId)
    .where('idempotency_key', '=', key)
    .executeTakeFirst();
export const insertComment = (db: CivicDb, row: CivicTables['cogov.policy_comments']) =>
  db.insertInto('cogov.policy_comments').values(row).execute();
export const commentById = (db: CivicDb, id: string) =>
  db.selectFrom('cogov.policy_comments').selectAll().where('id', '=', id).executeTakeFirst();
export const setHidden = (db: CivicDb, id: string, hidden: boolean) =>
  db.updateTable('cogov.policy_comments').set({ hidden }).where('id', '=', id).execute();
export const decide = (db: CivicDb, id: string, decision: CommentDecision, reason: string | null, at: Date) =>
  db
    .updateTable('cogov.policy_comments')
    .set({ decision, decision_reason: reason, decided_at: at })
    .where('id', '=', id)
    .execute();
export const respond = (db: CivicDb, id: string, summary: string, by: string, at: Date) =>
  db
    .updateTable('cogov.policy_drafts')
    .set({ status: 'responded', response_summary: summary, responded_by: by, responded_at: at })
    .where('id', '=', id)
    .execute();
