/** transparency's queries: the node cache, entries, checkpoints. */
import { sql, type Kysely } from 'kysely';
import type { Hash, NodeId } from '../../platform/merkle.ts';
import type { TransparencyTables } from './transparency.tables.ts';

type Db = Kysely<TransparencyTables>;

/** Cached complete-subtree hashes, in the order asked (one query); a missing node throws. */
export async function readNodes(db: Db, ids: readonly NodeId[]): Promise<Hash[]> {
  if (ids.length === 0) return [];
  const r = await sql<{ level: number; idx: string | number; hash: Uint8Array }>`
    select n.level, n.idx, n.hash
    from unnest(${ids.map((i) => i.level)}::smallint[], ${ids.map((i) => i.index)}::bigint[]) as q(level, idx)
    join transparency.nodes n on n.level = q.level and n.idx = q.idx`.execute(db);
  const found = new Map(r.rows.map((n) => [`${n.level}:${Number(n.idx)}`, n.hash]));
  return ids.map(({ level, index }) => {
    const h = found.get(`${level}:${index}`);
    if (!h) throw new Error(`The log's node cache has no node (${level}, ${index})`);
    return h;
  });
}

export const nodeReader = (db: Db) => (ids: readonly NodeId[]) => readNodes(db, ids);

export const treeSize = async (db: Db): Promise<number> =>
  Number(
    (await db.selectFrom('transparency.state').select('tree_size').where('id', '=', 1).executeTakeFirstOrThrow())
      .tree_size,
  );

export const entryAt = (db: Db, index: number) =>
  db.selectFrom('transparency.entries').selectAll().where('idx', '=', index).executeTakeFirst();

export const entryOfRecord = (db: Db, recordId: string) =>
  db.selectFrom('transparency.entries').selectAll().where('record_id', '=', recordId).orderBy('idx').executeTakeFirst();

/**
 * The audit entries about one resource (a personal-data read of it is left out: a read's entry
 * never names whose data or which record), optionally only actions starting with `actionPrefix`.
 */
export const entriesOfResource = (
  db: Db,
  resourceType: string,
  resourceId: string,
  limit: number,
  actionPrefix?: string,
) =>
  db
    .selectFrom('transparency.entries')
    .selectAll()
    .where('source', '=', 'audit')
    .where('resource_type', '=', resourceType)
    .where('resource_id', '=', resourceId)
    .$if(actionPrefix !== undefined, (q) =>
      q.where('action', 'like', `${(actionPrefix ?? '').replace(/[\\%_]/g, (c) => `\\${c}`)}%`),
    )
    .orderBy('idx')
    .limit(limit)
    .execute();

export const latestCheckpoint = (db: Db) =>
  db.selectFrom('transparency.checkpoints').selectAll().orderBy('tree_size', 'desc').limit(1).executeTakeFirst();

export const checkpointAt = (db: Db, size: number) =>
  db.selectFrom('transparency.checkpoints').selectAll().where('tree_size', '=', size).executeTakeFirst();

export const checkpointPage = (db: Db, offset: number, limit: number) =>
  db
    .selectFrom('transparency.checkpoints')
    .selectAll()
    .orderBy('tree_size', 'desc')
    .offset(offset)
    .limit(limit)
    .execute();

export const checkpointCount = async (db: Db): Promise<number> =>
  Number(
    (
      await db
        .selectFrom('transparency.checkpoints')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

export const currentKeys = (db: Db) =>
  db
    .selectFrom('transparency.keys')
    .select(['key_hash', 'key_name', 'public_key', 'created_at', 'retired_at'])
    .execute();
