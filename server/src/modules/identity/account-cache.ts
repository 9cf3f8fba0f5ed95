/**
 * Accounts as other modules ask about them (a filing's applicant: identity facts, own data),
 * kept in process for the session cache's time, so a submission reads no account row. This
 * node's changes to an account drop it at once (Sessions.invalidate); other nodes' are seen
 * within `ttlMs`, as with cached sessions. Unknown accounts are not kept.
 */
import type { AccountRow } from './identity.tables.ts';

export class AccountCache {
  private readonly byId = new Map<string, { row: AccountRow; loadedAt: number }>();
  private readonly ttlMs: number;
  private readonly max: number;

  constructor(ttlMs: number, max = 20_000) {
    this.ttlMs = ttlMs;
    this.max = max;
  }

  /** The account, from memory when read less than `ttlMs` ago, else by `load`. */
  async get(id: string, load: (id: string) => Promise<AccountRow | undefined>): Promise<AccountRow | undefined> {
    const now = Date.now();
    const kept = this.byId.get(id);
    if (kept && now - kept.loadedAt < this.ttlMs) return kept.row;
    const row = await load(id);
    if (!row) {
      this.byId.delete(id);
      return undefined;
    }
    if (this.byId.size >= this.max) {
      // Maps iterate in insertion order: drop the oldest tenth.
      let n = Math.ceil(this.max / 10);
      for (const key of this.byId.keys()) {
        this.byId.delete(key);
        if (--n === 0) break;
      }
    }
    this.byId.set(id, { row, loadedAt: now });
    return row;
  }

  forget(id: string): void {
    this.byId.delete(id);
  }
}
