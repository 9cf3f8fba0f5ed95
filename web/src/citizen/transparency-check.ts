/**
 * What the transparency page checks, in the browser, over the log's public API: the latest
 * checkpoint's signature (against the log's published keys), its consistency with the checkpoint
 * this browser saw before (kept in localStorage), and each entry's inclusion in it. Every hash
 * and signature is computed here (web/src/lib/merkle-verify.ts); the server's word is taken for
 * nothing but the proof's hashes, which only the right data can fold into the signed root.
 */
import {
  bytesEqual,
  fromBase64,
  leafHash,
  leafInput,
  openCheckpoint,
  rootFromInclusion,
  toBase64,
  verifyConsistency,
  type NoteCheck,
  type OpenedCheckpoint,
} from '../lib/merkle-verify';
import type { ConsistencyProof, InclusionProof, LogCheckpoint, LogEntry, LogKey } from '../shared/api/transparency';

export type CheckpointFailure = Extract<NoteCheck, { ok: false }>['reason'] | 'no-key' | 'size-mismatch';

export type CheckpointCheck =
  | { ok: true; checkpoint: LogCheckpoint; opened: OpenedCheckpoint }
  | { ok: false; checkpoint: LogCheckpoint; reason: CheckpointFailure };

/** The checkpoint's note opened with the log's keys (current ones first); it must say what the API says. */
export async function checkCheckpoint(cp: LogCheckpoint, keys: readonly LogKey[]): Promise<CheckpointCheck> {
  const ordered = [...keys].sort((a, b) => Number(a.retiredAt !== null) - Number(b.retiredAt !== null));
  let reason: CheckpointFailure = 'no-key';
  for (const k of ordered) {
    const r = await openCheckpoint(cp.note, k.verifierKey);
    if (!r.ok) {
      if (reason === 'no-key' || r.reason !== 'no-signature') reason = r.reason;
      continue;
    }
    if (r.checkpoint.size !== cp.treeSize || toBase64(r.checkpoint.root) !== cp.rootHash) {
      return { ok: false, checkpoint: cp, reason: 'size-mismatch' };
    }
    return { ok: true, checkpoint: cp, opened: r.checkpoint };
  }
  return { ok: false, checkpoint: cp, reason };
}

export type EntryState = 'verified' | 'failed' | 'pending';

export interface EntryCheck {
  entry: LogEntry;
  state: EntryState;
  /** The leaf hash recomputed from the entry's source, record id and record hash (base64). */
  leaf: string;
  leafMatches: boolean;
  pathLength: number | null;
  /** The root the leaf and the audit path give (base64), or null when they give none. */
  computedRoot: string | null;
  rootMatches: boolean;
}

/**
 * An entry checked against a verified checkpoint (its size and root from the signed note): the
 * leaf recomputed from the entry, the inclusion proof fetched for that size, the root folded.
 * An entry past the checkpoint is pending (the next checkpoint will cover it).
 */
export async function checkEntry(
  entry: LogEntry,
  checkpoint: { size: number; root: Uint8Array } | null,
  fetchProof: (index: number, size: number) => Promise<InclusionProof>,
): Promise<EntryCheck> {
  const leaf = await leafHash(leafInput(entry.source, entry.recordId, entry.recordHash));
  const base = { entry, leaf: toBase64(leaf), leafMatches: toBase64(leaf) === entry.leafHash };
  if (!checkpoint || entry.index >= checkpoint.size) {
    return { ...base, state: 'pending', pathLength: null, computedRoot: null, rootMatches: false };
  }
  const proof = await fetchProof(entry.index, checkpoint.size);
  const path = proof.proof.map(fromBase64);
  const root = await rootFromInclusion(leaf, entry.index, checkpoint.size, path);
  const rootMatches = root !== null && bytesEqual(root, checkpoint.root);
  return {
    ...base,
    state: base.leafMatches && rootMatches ? 'verified' : 'failed',
    pathLength: path.length,
    computedRoot: root ? toBase64(root) : null,
    rootMatches,
  };
}

/** The checkpoint this browser saw last (per origin). */
export interface Seen {
  origin: string;
  size: number;
  root: string;
  keyHash: string;
}

export type ConsistencyState = 'first' | 'same' | 'consistent' | 'inconsistent';
export interface ConsistencyCheck {
  state: ConsistencyState;
  from: number | null;
  keyChanged: boolean;
}

export const SEEN_KEY = 'yw.transparency.seen';

export function readSeen(origin: string): Seen | null {
  try {
    const all = JSON.parse(localStorage.getItem(SEEN_KEY) ?? '{}') as Record<string, Seen>;
    const s = all[origin];
    return s && Number.isSafeInteger(s.size) && typeof s.root === 'string' ? s : null;
  } catch {
    return null;
  }
}

export function writeSeen(seen: Seen): void {
  try {
    const all = JSON.parse(localStorage.getItem(SEEN_KEY) ?? '{}') as Record<string, Seen>;
    localStorage.setItem(SEEN_KEY, JSON.stringify({ ...all, [seen.origin]: seen }));
  } catch {
    /* storage unavailable: nothing remembered */
  }
}

/**
 * The log only grew since the checkpoint this browser saw (RFC 9162 §2.1.4.2), and is
 * remembered when it did; one that shrank or forked is not remembered (the old one stays).
 */
export async function checkConsistency(
  opened: OpenedCheckpoint,
  seen: Seen | null,
  fetchProof: (from: number, to: number) => Promise<ConsistencyProof>,
): Promise<ConsistencyCheck> {
  const now: Seen = { origin: opened.origin, size: opened.size, root: toBase64(opened.root), keyHash: opened.key.hash };
  const keyChanged = !!seen && seen.keyHash !== now.keyHash;
  let state: ConsistencyState;
  if (!seen) state = 'first';
  else if (seen.size > now.size) state = 'inconsistent';
  else if (seen.size === now.size) state = seen.root === now.root ? 'same' : 'inconsistent';
  else {
    const p = await fetchProof(seen.size, now.size);
    const good = await verifyConsistency(
      seen.size,
      now.size,
      p.proof.map(fromBase64),
      fromBase64(seen.root),
      opened.root,
    );
    state = good ? 'consistent' : 'inconsistent';
  }
  if (state !== 'inconsistent') writeSeen(now);
  return { state, from: seen?.size ?? null, keyChanged };
}

/** What a search term names: a certificate (its UUID or its 1.2.156… number) or a case number. */
export function kindOf(q: string): 'case' | 'certificate' {
  const t = q.trim();
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(t) ||
    /^\d+(\.[0-9A-Za-z]+){4,}$/.test(t)
    ? 'certificate'
    : 'case';
}
