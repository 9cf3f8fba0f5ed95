/**
 * The log's public reads: checkpoints, entries and proofs. Public by design (anyone may check
 * the log): no personal data is in it. A personal-data read's entry shows only that a read
 * happened and its hash, never whose data or which record (a hidden law-enforcement read
 * included): its owner sees the rest in their data tracker.
 */
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { RequestOrigin } from '../../platform/auth.ts';
import type { Platform } from '../../platform/context.ts';
import { scoped } from '../../platform/db.ts';
import { AppError } from '../../platform/errors.ts';
import { consistencyProof, inclusionProof } from '../../platform/merkle.ts';
import { verifierKey } from './transparency.notes.ts';
import * as repo from './transparency.repository.ts';
import type { TransparencyTables } from './transparency.tables.ts';
import type { IdentityService } from '../identity/index.ts';

const b64 = (h: Uint8Array): string => Buffer.from(h).toString('base64');
const entryNotFound = () => new AppError(404, 'LOG_ENTRY_NOT_FOUND', 'No such entry in the transparency log');
const noCheckpoint = () => new AppError(404, 'CHECKPOINT_NOT_FOUND', 'No signed checkpoint yet');
const badSize = (m: string) => new AppError(422, 'TREE_SIZE_INVALID', m);

type EntryRow = TransparencyTables['transparency.entries'];

export const entryView = (e: EntryRow) => {
  const hidden = e.source === 'access';
  return {
    index: Number(e.idx),
    source: e.source,
    recordId: e.record_id,
    action: e.action,
    resourceType: hidden ? null : e.resource_type,
    resourceId: hidden ? null : e.resource_id,
    recordAt: hidden ? null : e.record_at.toISOString(),
    recordHash: e.record_hash,
    leafHash: b64(e.leaf_hash),
    appendedAt: e.appended_at.toISOString(),
  };
};

const checkpointView = (c: TransparencyTables['transparency.checkpoints']) => ({
  treeSize: Number(c.tree_size),
  rootHash: b64(c.root_hash),
  issuedAt: c.issued_at.toISOString(),
  keyHash: c.key_hash,
  note: c.note,
});

export interface TransparencyDeps {
  /** A case's id from its number (applications), to find the case's entries. */
  caseIdOf: (caseNumber: string) => Promise<string | null>;
  /** A certificate's id from its id or number (credentials), to find its issuance and status changes. */
  certificateIdOf: (idOrNumber: string) => Promise<string | null>;
  /** identity's counters: the public look-ups are limited per address (429 RATE_LIMITED). */
  identity: Pick<IdentityService, 'rateLimit'>;
}

/** Look-ups (by case or certificate) an address may make in a window, and the most entries one answers. */
export const LOOKUP_LIMITS = { perAddress: 120, perKey: 60, windowMinutes: 10, maxEntries: 200 } as const;

const digest = (s: string): string => createHash('sha256').update(s).digest('base64url');

export class TransparencyService {
  private readonly db: Kysely<TransparencyTables>;
  private readonly deps: TransparencyDeps;
  constructor(p: Platform, deps: TransparencyDeps) {
    this.db = scoped<TransparencyTables>(p.db);
    this.deps = deps;
  }

  async latestCheckpoint() {
    const c = await repo.latestCheckpoint(this.db);
    if (!c) throw noCheckpoint();
    return checkpointView(c);
  }

  async checkpoints(page: number, pageSize: number) {
    const [rows, total] = await Promise.all([
      repo.checkpointPage(this.db, (page - 1) * pageSize, pageSize),
      repo.checkpointCount(this.db),
    ]);
    return { items: rows.map(checkpointView), total };
  }

  /** The log's verifier keys (c2sp.org/signed-note), current and retired. */
  async keys() {
    const rows = await repo.currentKeys(this.db);
    return {
      items: rows.map((k) => ({
        keyHash: k.key_hash,
        verifierKey: verifierKey(k.key_name, Buffer.from(k.public_key, 'base64')),
        createdAt: k.created_at.toISOString(),
        retiredAt: k.retired_at ? k.retired_at.toISOString() : null,
      })),
    };
  }

  async entry(index: number) {
    const e = await repo.entryAt(this.db, index);
    if (!e) throw entryNotFound();
    return entryView(e);
  }

  /** Public, so limited per address and per thing looked up (identity's counters, 429 RATE_LIMITED). */
  private async limit(kind: string, key: string, origin: RequestOrigin, path: string): Promise<void> {
    const w = { windowMinutes: LOOKUP_LIMITS.windowMinutes, lockMinutes: LOOKUP_LIMITS.windowMinutes };
    await this.deps.identity.rateLimit(
      [
        { key: `log-lookup:ip:${origin.ip ?? 'unknown'}`, max: LOOKUP_LIMITS.perAddress, ...w },
        { key: `log-lookup:${kind}:${digest(key)}`, max: LOOKUP_LIMITS.perKey, ...w },
      ],
      path,
    );
  }

  /**
   * The log's entries about a case (its decisions and other acts of public power), by case
   * number; no personal-data read (a read's entry never names the case). Unknown: 404.
   */
  async caseEntries(caseNumber: string, origin: RequestOrigin) {
    const number = caseNumber.trim().toUpperCase();
    await this.limit('case', number, origin, '/caseNumber');
    const id = await this.deps.caseIdOf(number);
    if (!id) throw entryNotFound();
    return { items: (await repo.entriesOfResource(this.db, 'case', id, LOOKUP_LIMITS.maxEntries)).map(entryView) };
  }

  /**
   * The log's entries about a certificate (its issuance, revocation, suspension, reinstatement),
   * by its id or number; not its holder's share links. Unknown: 404.
   */
  async certificateEntries(certificate: string, origin: RequestOrigin) {
    const key = certificate.trim().toUpperCase();
    await this.limit('certificate', key, origin, '/certificate');
    const id = await this.deps.certificateIdOf(key);
    if (!id) throw entryNotFound();
    const rows = await repo.entriesOfResource(
      this.db,
      'certificate',
      id,
      LOOKUP_LIMITS.maxEntries,
      'credentials.certificate.',
    );
    return { certificateId: id, items: rows.map(entryView) };
  }

  /** An inclusion proof of an entry (by index or by its record's id) in the tree of `treeSize` (default: the latest checkpoint's). */
  async inclusion(q: { index?: number | undefined; auditId?: string | undefined; treeSize?: number | undefined }) {
    const e =
      q.index !== undefined
        ? await repo.entryAt(this.db, q.index)
        : q.auditId
          ? await repo.entryOfRecord(this.db, q.auditId)
          : undefined;
    if (!e) throw entryNotFound();
    const index = Number(e.idx);
    const size = q.treeSize ?? (await this.latestCheckpoint()).treeSize;
    if (size <= index)
      throw badSize(`Entry ${index} is not in the tree of ${size} (a later checkpoint will include it)`);
    if (size > (await repo.treeSize(this.db))) throw badSize(`The log has fewer than ${size} entries`);
    const [proof, checkpoint] = await Promise.all([
      inclusionProof(index, size, repo.nodeReader(this.db)),
      repo.checkpointAt(this.db, size),
    ]);
    return {
      entry: entryView(e),
      treeSize: size,
      proof: proof.map(b64),
      checkpoint: checkpoint ? checkpointView(checkpoint) : null,
    };
  }

  async consistency(from: number, to: number) {
    if (from < 1 || from > to) throw badSize('Need 1 ≤ from ≤ to');
    if (to > (await repo.treeSize(this.db))) throw badSize(`The log has fewer than ${to} entries`);
    const proof = await consistencyProof(from, to, repo.nodeReader(this.db));
    return { from, to, proof: proof.map(b64) };
  }
}
