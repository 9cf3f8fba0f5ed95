/** transparency's queries: the node cache, entries, checkpoints, the queue. */
import { sql, type Kysely } from 'kysely';
import type { Hash, NodeId } from '../../platform/merkle.ts';
import type { LogRecord } from './transparency.records.ts';
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

export type EntryRow = LogRecord & { leaf: Hash };
export type NodeRow = NodeId & { hash: Hash };

const hex = (h: Uint8Array): string => Buffer.from(h.buffer, h.byteOffset, h.byteLength).toString('hex');

/**
 * A batch's entries (from index `from`, in order) and the nodes it closed: one statement each,
 * whatever the batch's size (columns as arrays, unnested by the database).
 */
export async function appendRows(
  db: Db,
  from: number,
  entries: readonly EntryRow[],
  nodes: readonly NodeRow[],
  at: Date,
) {
  await sql`
    insert into transparency.entries (idx, source, record_id, record_at, action, resource_type, resource_id,
      record_hash, leaf_hash, appended_at)
    select ${from}::bigint + t.n - 1, t.source, t.record_id, t.record_at, t.action, t.resource_type, t.resource_id,
      t.record_hash, decode(t.leaf, 'hex'), ${at.toISOString()}::timestamptz
    from unnest(${entries.map((e) => e.source)}::text[], ${entries.map((e) => e.id)}::uuid[],
      ${entries.map((e) => e.at.toISOString())}::timestamptz[], ${entries.map((e) => e.action)}::text[],
      ${entries.map((e) => e.resourceType)}::text[], ${entries.map((e) => e.resourceId)}::text[],
      ${entries.map((e) => e.hash)}::text[], ${entries.map((e) => hex(e.leaf))}::text[])
      with ordinality as t(source, record_id, record_at, action, resource_type, resource_id, record_hash, leaf, n)`.execute(
    db,
  );
  await sql`
    insert into transparency.nodes (level, idx, hash)
    select t.level, t.idx, decode(t.hash, 'hex')
    from unnest(${nodes.map((n) => n.level)}::smallint[], ${nodes.map((n) => n.index)}::bigint[],
      ${nodes.map((n) => hex(n.hash))}::text[]) as t(level, idx, hash)`.execute(db);
}

/** Delete the queue rows a batch took (by their seq: never a range, which could take a row committed meanwhile). */
export async function dequeue(db: Db, seqs: readonly string[]): Promise<void> {
  if (seqs.length === 0) return;
  await sql`delete from transparency.queue where seq = any(${seqs}::bigint[])`.execute(db);
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
