/** The notices' SQL (通知公告). */
import { sql } from 'kysely';
import type { CivicDb } from './cogov.civic.context.ts';
import type { CivicTables } from './cogov.civic.tables.ts';

type NoticeRow = CivicTables['cogov.notices'];

export const insert = (db: CivicDb, row: NoticeRow) => db.insertInto('cogov.notices').values(row).execute();
export const byId = (db: CivicDb, id: string) =>
  db.selectFrom('cogov.notices').selectAll().where('id', '=', id).executeTakeFirst();
export const withdraw = (db: CivicDb, id: string, at: Date) =>
  db
    .updateTable('cogov.notices')
    .set({ withdrawn_at: at })
    .where('id', '=', id)
    .where('withdrawn_at', 'is', null)
    .execute();
export const ofCommunityFor = (db: CivicDb, communityId: string, accountId: string, limit: number) =>
  db
    .selectFrom('cogov.notices as n')
    .leftJoin('cogov.notice_reads as r', (j) => j.onRef('r.notice_id', '=', 'n.id').on('r.account_id', '=', accountId))
    .selectAll('n')
    .select(sql<boolean>`r.account_id is not null`.as('read'))
    .where('n.community_id', '=', communityId)
    .where('n.withdrawn_at', 'is', null)
    .orderBy('n.important', 'desc')
    .orderBy('n.published_at', 'desc')
    .limit(limit)
    .execute();
export const ofCommunities = (db: CivicDb, communities: string[], limit: number) =>
  db
    .selectFrom('cogov.notices as n')
    .selectAll('n')
    .select((eb) =>
      eb
        .selectFrom('cogov.notice_reads as r')
        .whereRef('r.notice_id', '=', 'n.id')
        .select(sql<number>`count(*)::int`.as('c'))
        .as('readers'),
    )
    .where('n.community_id', 'in', communities)
    .orderBy('n.published_at', 'desc')
    .limit(limit)
    .execute();
export const markRead = (db: CivicDb, noticeId: string, accountId: string, at: Date) =>
  db
    .insertInto('cogov.notice_reads')
    .values({ notice_id: noticeId, account_id: accountId, read_at: at })
    .onConflict((oc) => oc.columns(['notice_id', 'account_id']).doNothing())
    .execute();
