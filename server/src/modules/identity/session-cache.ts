/**
 * A small in-process cache of resolved sessions, so an authenticated request costs no
 * database round trip. An entry lives at most `ttlMs`; revocations on this node drop the
 * account's entries at once, and other nodes see them within `ttlMs` (DESIGN.md §4:
 * stateless nodes; all state in PostgreSQL).
 */
export interface CachedSession<V> {
  value: V;
  accountId: string;
  sessionId: string;
  loadedAt: number;
  lastSeenAt: number;
  /** When last_seen_at was last written to the database. */
  touchedAt: number;
  expiresAt: number;
}

export class SessionCache<V> {
  private readonly byToken = new Map<string, CachedSession<V>>();
  private readonly max: number;
  constructor(max = 20_000) {
    this.max = max;
  }

  get(tokenHash: string): CachedSession<V> | undefined {
    return this.byToken.get(tokenHash);
  }

  set(tokenHash: string, entry: CachedSession<V>): void {
    if (this.byToken.size >= this.max) {
      // Maps iterate in insertion order: drop the oldest tenth.
      let n = Math.ceil(this.max / 10);
      for (const key of this.byToken.keys()) {
        this.byToken.delete(key);
        if (--n === 0) break;
      }
    }
    this.byToken.set(tokenHash, entry);
  }

  delete(tokenHash: string): void {
    this.byToken.delete(tokenHash);
  }

  /** Forget every session of an account (password change, disable, role change). */
  forgetAccount(accountId: string): void {
    for (const [key, e] of this.byToken) if (e.accountId === accountId) this.byToken.delete(key);
  }

  forgetSession(sessionId: string): void {
    for (const [key, e] of this.byToken) if (e.sessionId === sessionId) this.byToken.delete(key);
  }

  clear(): void {
    this.byToken.clear();
  }
}
