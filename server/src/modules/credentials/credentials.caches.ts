/**
 * The verification path's caches (docs/credentials.md, "Caches of the verify endpoint"):
 *
 * - StatusBits: a department's revocation and suspension bits, decoded once from the lists'
 *   source (one query) and kept for STATUS_CACHE_MS. A status change made through this process
 *   drops the department's bits at once (Status.change, after its commit); one made by
 *   another instance shows within STATUS_CACHE_MS.
 * - VerifiedJwts: credentials whose signature held, by their exact text (a kid names one key
 *   for good, so the check's result cannot change), bounded by their total length, the least
 *   recently used dropped first. Status and validity period are checked on every answer.
 */
import type { CredDb, StatusPurpose } from './credentials.context.ts';
import * as repo from './credentials.repository.ts';
import { bitAt, LIST_BITS } from './status-list.ts';

/** How long a department's status bits are kept (ms): the bound on another instance's change showing. */
export const STATUS_CACHE_MS = 5_000;

type Bits = Record<StatusPurpose, Buffer>;

export class StatusBits {
  private readonly db: CredDb;
  private readonly kept = new Map<string, { at: number; bits: Promise<Bits> }>();

  constructor(db: CredDb) {
    this.db = db;
  }

  /** Whether the bit at `index` of the department's list for `purpose` is set. */
  async isSet(departmentCode: string, purpose: StatusPurpose, index: number): Promise<boolean> {
    return bitAt((await this.of(departmentCode))[purpose], index);
  }

  /** Forget a department's bits (after a status change committed): the next answer reads them again. */
  invalidate(departmentCode: string): void {
    this.kept.delete(departmentCode);
  }

  private of(departmentCode: string): Promise<Bits> {
    const now = performance.now();
    const kept = this.kept.get(departmentCode);
    if (kept && now - kept.at < STATUS_CACHE_MS) return kept.bits;
    // One read for every waiting answer; a change committed meanwhile drops this entry, so
    // answers begun after the change never wait on a read begun before it.
    const entry = { at: now, bits: this.load(departmentCode) };
    this.kept.set(departmentCode, entry);
    entry.bits.catch(() => {
      if (this.kept.get(departmentCode) === entry) this.kept.delete(departmentCode);
    });
    return entry.bits;
  }

  private async load(departmentCode: string): Promise<Bits> {
    const bits: Bits = { revocation: Buffer.alloc(LIST_BITS / 8), suspension: Buffer.alloc(LIST_BITS / 8) };
    for (const r of await repo.statusMarks(this.db, departmentCode)) {
      const i = r.status_index;
      if (i < 0 || i >= LIST_BITS) continue;
      if (r.revoked_at) bits.revocation[i >> 3]! |= 0x80 >> (i & 7);
      if (r.suspended_at) bits.suspension[i >> 3]! |= 0x80 >> (i & 7);
    }
    return bits;
  }
}

/** At most this many characters of credentials are kept (about 4 MB, plus their decoded claims). */
const VERIFIED_BUDGET = 4_000_000;

/**
 * Bounded by the credentials' total length; eviction gives a recently used entry a second
 * chance (CLOCK). Looked up by the signature (a short key to hash), kept only for the very text.
 */
export class VerifiedJwts<T> {
  private readonly kept = new Map<string, { jwt: string; value: T; used: boolean }>();
  private size = 0;

  get(jwt: string): T | undefined {
    const e = this.kept.get(signatureOf(jwt));
    if (!e || e.jwt !== jwt) return undefined;
    e.used = true;
    return e.value;
  }

  set(jwt: string, value: T): void {
    const key = signatureOf(jwt);
    if (jwt.length > VERIFIED_BUDGET / 100 || this.kept.has(key)) return;
    this.kept.set(key, { jwt, value, used: false });
    this.size += jwt.length;
    while (this.size > VERIFIED_BUDGET) {
      const [oldest, e] = this.kept.entries().next().value!;
      this.kept.delete(oldest);
      if (e.used) this.kept.set(oldest, { ...e, used: false });
      else this.size -= e.jwt.length;
    }
  }
}

const signatureOf = (jwt: string): string => jwt.slice(jwt.lastIndexOf('.') + 1);
