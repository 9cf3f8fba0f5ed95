/**
 * API keys (接口密钥) for clients outside the platform's sessions: Open311 systems (cityops),
 * open-data callers (opendata). Each module keeps its keys in its own table; what they share is
 * here: a key is a prefix and 32 random bytes, shown once when issued; only its SHA-256 is
 * stored (32 random bytes need no slow hash), with the first characters to tell keys apart.
 * `KeyVerifier` answers the id of a key in use from a short cache, so a busy client costs no
 * query per request; a revoked key stops at once on the node that revoked it (`forget`) and
 * within the cache's life on the others. It records the last use at most once a minute.
 */
import { createHash } from 'node:crypto';
import { randomToken } from './ids.ts';

export const hashApiKey = (key: string): string => createHash('sha256').update(key, 'utf8').digest('hex');

export interface NewApiKey {
  /** The key itself: shown to its holder once, never stored. */
  key: string;
  /** Its first characters (the prefix and 6 more), shown in lists. */
  keyPrefix: string;
  /** SHA-256 (hex) of the key: what is stored and looked up. */
  keyHash: string;
}

/** A new key: `prefix` then 32 random bytes (base64url). */
export function newApiKey(prefix: string): NewApiKey {
  const key = `${prefix}${randomToken(32)}`;
  return { key, keyPrefix: key.slice(0, prefix.length + 6), keyHash: hashApiKey(key) };
}

export interface KeyVerifierOptions {
  prefix: string;
  /** The id of the key in use with this hash, or null (unknown or revoked). */
  lookup: (keyHash: string) => Promise<string | null>;
  /** Record a use of the key (at most once a `touchMs` per key and node). */
  touch: (keyId: string) => Promise<void>;
  cacheMs?: number;
  touchMs?: number;
}

export class KeyVerifier {
  private readonly cache = new Map<string, { keyId: string | null; until: number }>();
  private readonly touched = new Map<string, number>();
  private readonly o: Required<KeyVerifierOptions>;

  constructor(options: KeyVerifierOptions) {
    this.o = { cacheMs: 30_000, touchMs: 60_000, ...options };
  }

  /** The id of the key in use that `key` is, or null (unknown, revoked, or not a key of this kind). */
  async verify(key: string | undefined | null): Promise<string | null> {
    if (!key || !key.startsWith(this.o.prefix) || key.length > 100) return null;
    const hash = hashApiKey(key);
    const now = Date.now();
    const hit = this.cache.get(hash);
    let keyId: string | null;
    if (hit && hit.until > now) keyId = hit.keyId;
    else {
      keyId = await this.o.lookup(hash);
      if (this.cache.size > 10_000) this.cache.clear();
      this.cache.set(hash, { keyId, until: now + this.o.cacheMs });
    }
    if (keyId && (this.touched.get(keyId) ?? 0) + this.o.touchMs < now) {
      if (this.touched.size > 10_000) this.touched.clear();
      this.touched.set(keyId, now);
      await this.o.touch(keyId);
    }
    return keyId;
  }

  /** Drop a key from this node's cache (it was revoked here). */
  forget(keyId: string): void {
    for (const [k, v] of this.cache) if (v.keyId === keyId) this.cache.delete(k);
  }
}
