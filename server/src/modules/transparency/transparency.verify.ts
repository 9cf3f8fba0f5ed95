/**
 * The independent check of the log (`yiwang verify-log`): recompute every leaf from the audit
 * and access records themselves, rebuild the tree from those leaves alone, and hold it against
 * what the log stored (entries, node cache, state) and against every signed checkpoint; then,
 * optionally, against a checkpoint another copy (a witness) holds. It trusts nothing the
 * database says about the tree: only the records and the checkpoints' signatures.
 *
 * It names the first record that differs: an edited record (its hash no longer matches), a
 * deleted one, entries out of order or missing (a gap), a rewritten leaf or node; a checkpoint
 * whose root the records no longer give; a checkpoint (or a witness's) beyond the log's end
 * (truncated, or restored from an older backup).
 */
import { sql, type Kysely } from 'kysely';
import { BinaryRange, hashEquals, toBinaryHash } from '../../platform/merkle.ts';
import { openNote, verifierKey, type Checkpoint } from './transparency.notes.ts';
import {
  auditRecordHash,
  accessRecordHash,
  binaryLeafOf,
  type AccessRow,
  type AuditRow,
} from './transparency.records.ts';
import type { TransparencyTables } from './transparency.tables.ts';

export interface Problem {
  kind:
    | 'record-edited'
    | 'record-deleted'
    | 'entry-missing'
    | 'leaf-mismatch'
    | 'node-mismatch'
    | 'checkpoint-mismatch'
    | 'checkpoint-beyond-log'
    | 'checkpoint-signature'
    | 'state-mismatch'
    | 'witness-mismatch'
    | 'witness-ahead';
  /** The first entry concerned (its index in the log), when there is one. */
  index: number | null;
  recordId: string | null;
  message: string;
}

export interface VerifyReport {
  ok: boolean;
  treeSize: number;
  root: string | null;
  checkpointsChecked: number;
  problems: Problem[];
  /** The first bad record (lowest index), if any. */
  first: Problem | null;
}

const PAGE = 10_000;
const EXACT = new Set<Problem['kind']>(['record-edited', 'record-deleted', 'entry-missing', 'leaf-mismatch']);
const b64 = (h: Uint8Array): string => Buffer.from(h).toString('base64');

/** Rebuild the log from its records and check it; `witnesses` are checkpoint notes from other copies. */
export async function verifyLog(
  db: Kysely<TransparencyTables>,
  opts: { witnesses?: readonly string[]; onProgress?: (done: number) => void } = {},
): Promise<VerifyReport> {
  const problems: Problem[] = [];
  const keys = await db.selectFrom('transparency.keys').select(['key_name', 'public_key']).execute();
  const verifiers = keys.map((k) => verifierKey(k.key_name, Buffer.from(k.public_key, 'base64')));
  const open = (note: string): Checkpoint | null => {
    for (const v of verifiers) {
      const r = openNote(note, v);
      if (r.ok) return r.checkpoint;
    }
    return null;
  };
  const checkpoints = await db
    .selectFrom('transparency.checkpoints')
    .select(['tree_size', 'note', 'root_hash'])
    .orderBy('tree_size')
    .execute();
  const due = new Map<number, Checkpoint>();
  for (const c of checkpoints) {
    const cp = open(c.note);
    if (!cp || cp.size !== Number(c.tree_size)) {
      problems.push({
        kind: 'checkpoint-signature',
        index: null,
        recordId: null,
        message: `checkpoint ${c.tree_size}: the signature does not verify with the log's keys`,
      });
    } else due.set(cp.size, cp);
  }
  const witnessed: Checkpoint[] = [];
  for (const w of opts.witnesses ?? []) {
    const cp = open(w);
    if (!cp) {
      problems.push({
        kind: 'checkpoint-signature',
        index: null,
        recordId: null,
        message: 'witness checkpoint: bad signature',
      });
    } else witnessed.push(cp);
  }
  // Roots the rebuilt tree must have at these sizes.
  const wanted = new Map<number, Array<{ what: string; root: Buffer; witness: boolean }>>();
  for (const cp of due.values())
    wanted.set(cp.size, [{ what: `checkpoint ${cp.size}`, root: cp.root, witness: false }]);
  for (const cp of witnessed) {
    (wanted.get(cp.size) ?? wanted.set(cp.size, []).get(cp.size)!).push({
      what: `witness checkpoint ${cp.size}`,
      root: cp.root,
      witness: true,
    });
  }

  const tree = new BinaryRange();
  let storedRootMismatch = false;
  /** The largest size a signed root has confirmed: a later mismatch lies after it. */
  let confirmed = 0;
  // Pages of PAGE indexes, the next one read while this one is hashed.
  let from = 0;
  let next = readPage(db, from);
  const uncachedSoon = uncachedLeaves(db);
  for (;;) {
    const [page, uncached] = await Promise.all([next, uncachedSoon]);
    if (page.rows.length === 0) {
      // The end of the log, or a gap a whole page long: the next entry (if any) is out of place.
      const after = await nextIndex(db, from);
      if (after === null) break;
      from = after;
      next = readPage(db, from);
      continue;
    }
    from += PAGE;
    next = readPage(db, from);
    for (const e of page.rows) {
      const index = tree.size;
      const idx = Number(e.idx);
      if (idx !== index) {
        problems.push({
          kind: 'entry-missing',
          index,
          recordId: null,
          message: `entry ${index} is missing (the next stored entry is ${e.idx})`,
        });
        // Nothing after a gap can be placed: stop rebuilding here.
        await next.catch(() => undefined);
        return finish(problems, tree, wanted, checkpoints.length);
      }
      const read = e.source === 'access' ? page.reads.get(e.record_id) : undefined;
      const hash = read ? accessRecordHash(read) : e.source === 'audit' && auditPresent(e) ? auditRecordHash(e) : null;
      if (hash === null) {
        problems.push({
          kind: 'record-deleted',
          index,
          recordId: e.record_id,
          message: `entry ${index}: ${e.source} record ${e.record_id} is gone`,
        });
      } else if (hash !== e.record_hash) {
        problems.push({
          kind: 'record-edited',
          index,
          recordId: e.record_id,
          message: `entry ${index}: ${e.source} record ${e.record_id} differs from what was logged`,
        });
      }
      // The leaf the record gives now (the logged hash when the record is gone).
      const leaf = binaryLeafOf(e.source, e.record_id, hash ?? e.record_hash);
      if (uncached.has(idx) || leaf !== toBinaryHash(e.leaf_hash)) {
        if (hash === e.record_hash) {
          problems.push({
            kind: 'leaf-mismatch',
            index,
            recordId: e.record_id,
            message: `entry ${index}: the stored leaf is not the record's (entries rewritten or reordered)`,
          });
        }
      }
      tree.append(leaf);
      const due = wanted.get(tree.size);
      if (!due) continue;
      const root = tree.root();
      for (const w of due) {
        if (hashEquals(root, w.root)) {
          confirmed = Math.max(confirmed, tree.size);
        } else {
          problems.push({
            kind: w.witness ? 'witness-mismatch' : 'checkpoint-mismatch',
            index: confirmed,
            recordId: null,
            message: `${w.what}: the records give another root (${b64(root)}, signed ${b64(w.root)}); the difference lies in entries ${confirmed} to ${tree.size - 1}`,
          });
        }
      }
    }
    opts.onProgress?.(tree.size);
  }
  const state = await db.selectFrom('transparency.state').selectAll().where('id', '=', 1).executeTakeFirstOrThrow();
  if (Number(state.tree_size) !== tree.size) {
    problems.push({
      kind: 'state-mismatch',
      index: Math.min(tree.size, Number(state.tree_size)),
      recordId: null,
      message: `the sequencer's state says ${state.tree_size} entries; the log holds ${tree.size}`,
    });
  } else if (tree.size > 0 && (!state.root_hash || !hashEquals(state.root_hash, tree.root()))) {
    storedRootMismatch = true;
  }
  if (storedRootMismatch) {
    problems.push({
      kind: 'node-mismatch',
      index: null,
      recordId: null,
      message: "the sequencer's root is not the records'",
    });
  }
  return finish(problems, tree, wanted, checkpoints.length);
}

function finish(
  problems: Problem[],
  tree: BinaryRange,
  wanted: Map<number, Array<{ what: string; witness: boolean }>>,
  checked: number,
): VerifyReport {
  for (const [size, ws] of wanted) {
    if (size <= tree.size) continue;
    for (const w of ws) {
      problems.push({
        kind: w.witness ? 'witness-ahead' : 'checkpoint-beyond-log',
        index: tree.size,
        recordId: null,
        message: `${w.what} covers ${size} entries; the log holds ${tree.size}: entry ${tree.size} onwards is missing (truncated, or restored from an older backup)`,
      });
    }
  }
  // A problem naming its record exactly comes first; a root mismatch only bounds where the difference lies.
  const lowest = (ps: Problem[]) =>
    ps.filter((p) => p.index !== null).sort((a, b) => (a.index ?? 0) - (b.index ?? 0))[0];
  const first = lowest(problems.filter((p) => EXACT.has(p.kind))) ?? lowest(problems) ?? problems[0] ?? null;
  return {
    ok: problems.length === 0,
    treeSize: tree.size,
    root: tree.size > 0 ? b64(tree.root()) : null,
    checkpointsChecked: checked,
    problems,
    first,
  };
}

/** An entry and (when it is an audit record's, and the record is there) the record's columns. */
type PageRow = {
  idx: string | number;
  source: 'audit' | 'access';
  record_id: string;
  record_hash: string;
  leaf_hash: Uint8Array;
} & Omit<AuditRow, 'id'> & { id: string | null };

interface Page {
  rows: PageRow[];
  /** The personal-data reads the page's entries name, by id. */
  reads: Map<string, AccessRow>;
}

const auditPresent = (r: PageRow): r is PageRow & { id: string } => r.id !== null;

/**
 * The entries with indexes in [from, from + PAGE), in order, each with its audit record
 * inline; and the reads among them. Two range queries on the entries' primary key, run
 * together; each record is looked up by its own key (a lateral subquery the planner cannot
 * turn into a scan of the whole record table, which a hash join per page would be).
 */
async function readPage(db: Kysely<TransparencyTables>, from: number): Promise<Page> {
  const to = from + PAGE;
  const [rows, reads] = await Promise.all([
    sql<PageRow>`
      select e.idx, e.source, e.record_id, e.record_hash, e.leaf_hash, a.*
      from transparency.entries e
        left join lateral (
          select * from platform.audit_log a where e.source = 'audit' and a.id = e.record_id limit 1
        ) a on true
      where e.idx >= ${from} and e.idx < ${to}
      order by e.idx`.execute(db),
    sql<AccessRow>`
      select p.* from transparency.entries e
        cross join lateral (
          select * from platform.personal_data_access p where e.source = 'access' and p.id = e.record_id limit 1
        ) p
      where e.idx >= ${from} and e.idx < ${to}`.execute(db),
  ]);
  return { rows: rows.rows, reads: new Map(reads.rows.map((r) => [r.id, r])) };
}

/**
 * The entries whose leaf the node cache does not hold (missing, or another hash): one join of
 * the whole log, which the database runs as a merge or hash join (per page, it would look each
 * leaf up on its own).
 */
async function uncachedLeaves(db: Kysely<TransparencyTables>): Promise<Set<number>> {
  const r = await sql<{ idx: string | number }>`
    select e.idx from transparency.entries e
      left join transparency.nodes n on n.level = 0 and n.idx = e.idx
    where n.hash is distinct from e.leaf_hash`.execute(db);
  return new Set(r.rows.map((x) => Number(x.idx)));
}

/** The first entry's index at or after `from`, or null. */
async function nextIndex(db: Kysely<TransparencyTables>, from: number): Promise<number | null> {
  const r = await sql<{ idx: string | number | null }>`
    select min(idx) as idx from transparency.entries where idx >= ${from}`.execute(db);
  const idx = r.rows[0]?.idx;
  return idx === null || idx === undefined ? null : Number(idx);
}
