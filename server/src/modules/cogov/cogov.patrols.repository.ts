/** The patrols' SQL (网格巡查). */
import type { CivicDb } from './cogov.civic.context.ts';
import type { CivicTables } from './cogov.civic.tables.ts';

type PatrolInsert = Omit<CivicTables['cogov.patrols'], 'route'> & { route: string };

export const insertPatrol = (db: CivicDb, row: PatrolInsert) => db.insertInto('cogov.patrols').values(row).execute();
export const insertFindings = (db: CivicDb, rows: CivicTables['cogov.patrol_findings'][]) =>
  db.insertInto('cogov.patrol_findings').values(rows).execute();
export const patrolById = (db: CivicDb, id: string) =>
  db.selectFrom('cogov.patrols').selectAll().where('id', '=', id).executeTakeFirst();
export const patrolByKey = (db: CivicDb, accountId: string, key: string) =>
  db
    .selectFrom('cogov.patrols')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('idempotency_key', '=', key)
    .executeTakeFirst();
export const findingsOf = (db: CivicDb, patrolIds: string[]) =>
  patrolIds.length === 0
    ? Promise.resolve([])
    : db
        .selectFrom('cogov.patrol_findings')
        .selectAll()
        .where('patrol_id', 'in', patrolIds)
        .orderBy('patrol_id')
        .orderBy('seq')
        .execute();
export const setFindingEvent = (db: CivicDb, patrolId: string, seq: number, eventId: string, number: string) =>
  db
    .updateTable('cogov.patrol_findings')
    .set({ event_id: eventId, event_number: number })
    .where('patrol_id', '=', patrolId)
    .where('seq', '=', seq)
    .execute();
/** The patrols of an account, or those of some communities' grids. */
export const patrolsOf = (db: CivicDb, f: { accountId: string } | { communities: string[] }, limit: number) =>
  db
    .selectFrom('cogov.patrols')
    .selectAll()
    .$if('accountId' in f, (q) => q.where('account_id', '=', (f as { accountId: string }).accountId))
    .$if('communities' in f, (q) => q.where('community_id', 'in', (f as { communities: string[] }).communities))
    .orderBy('started_at', 'desc')
    .limit(limit)
    .execute();
