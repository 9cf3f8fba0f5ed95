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
import { CompactRange, hashEquals, type Hash } from '../../platform/merkle.ts';
import { openNote, verifierKey, type Checkpoint } from './transparency.notes.ts';
import { auditRecordHash, accessRecordHash, leafOf, type AccessRow, type AuditRow } from './transparency.records.ts';
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

const PAGE = 20_000;
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

  const tree = new CompactRange();
  let storedRootMismatch = false;
  /** The largest size a signed root has confirmed: a later mismatch lies after it. */
  let confirmed = 0;
  for (let from = 0; ; from += PAGE) {
    const entries = await db
      .selectFrom('transparency.entries')
      .select(['idx', 'source', 'record_id', 'record_hash', 'leaf_hash'])
      .where('idx', '>=', from)
      .orderBy('idx')
      .limit(PAGE)
      .execute();
    if (entries.length === 0) break;
    const [audits, reads, leaves] = await Promise.all([
      sourceRows<AuditRow>(
        db,
        'platform.audit_log',
        entries.filter((e) => e.source === 'audit').map((e) => e.record_id),
      ),
      sourceRows<AccessRow>(
        db,
        'platform.personal_data_access',
        entries.filter((e) => e.source === 'access').map((e) => e.record_id),
      ),
      storedLeaves(db, from, from + entries.length),
    ]);
    for (const e of entries) {
      const index = tree.size;
      if (Number(e.idx) !== index) {
        problems.push({
          kind: 'entry-missing',
          index,
          recordId: null,
          message: `entry ${index} is missing (the next stored entry is ${e.idx})`,
        });
        // Nothing after a gap can be placed: stop rebuilding here.
        return finish(problems, tree, wanted, checkpoints.length);
      }
      const row = e.source === 'audit' ? audits.get(e.record_id) : reads.get(e.record_id);
      const hash = row
        ? e.source === 'audit'
          ? auditRecordHash(row as AuditRow)
          : accessRecordHash(row as AccessRow)
        : null;
      if (!row) {
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
      const leaf = leafOf(e.source, e.record_id, hash ?? e.record_hash);
      const cached = leaves.get(index);
      if (!hashEquals(leaf, e.leaf_hash) || !cached || !hashEquals(leaf, cached)) {
        if (row && hash === e.record_hash) {
          problems.push({
            kind: 'leaf-mismatch',
            index,
            recordId: e.record_id,
            message: `entry ${index}: the stored leaf is not the record's (entries rewritten or reordered)`,
          });
        }
      }
      tree.push(leaf);
      for (const w of wanted.get(tree.size) ?? []) {
        if (hashEquals(tree.root(), w.root)) {
          confirmed = Math.max(confirmed, tree.size);
        } else {
          problems.push({
            kind: w.witness ? 'witness-mismatch' : 'checkpoint-mismatch',
            index: confirmed,
            recordId: null,
            message: `${w.what}: the records give another root (${b64(tree.root())}, signed ${b64(w.root)}); the difference lies in entries ${confirmed} to ${tree.size - 1}`,
          });
        }
      }
    }
    opts.onProgress?.(tree.size);
    if (entries.length < PAGE) break;
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
  tree: CompactRange,
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

async function sourceRows<R extends { id: string }>(
  db: Kysely<TransparencyTables>,
  table: 'platform.audit_log' | 'platform.personal_data_access',
  ids: string[],
): Promise<Map<string, R>> {
  if (ids.length === 0) return new Map();
  const [schema, name] = table.split('.') as [string, string];
  const r = await sql<R>`select * from ${sql.id(schema, name)} where id = any(${ids}::uuid[])`.execute(db);
  return new Map(r.rows.map((row) => [row.id, row]));
}

async function storedLeaves(db: Kysely<TransparencyTables>, from: number, to: number): Promise<Map<number, Hash>> {
  const rows = await db
    .selectFrom('transparency.nodes')
    .select(['idx', 'hash'])
    .where('level', '=', 0)
    .where('idx', '>=', from)
    .where('idx', '<', to)
    .execute();
  return new Map(rows.map((r) => [Number(r.idx), r.hash]));
}
