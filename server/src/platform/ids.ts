/** Ids are UUIDv7 (RFC 9562): time-ordered, so B-tree inserts stay local. Made in the application (PostgreSQL 15 has no uuidv7()). */
import { randomBytes, randomFillSync } from 'node:crypto';

let lastMs = 0;
let seq = 0;
// Random bytes drawn from the CSPRNG in blocks: one system call per 256 ids, not per id.
const pool = Buffer.alloc(16 * 256);
let poolAt = pool.length;

/** Two lower-case hex digits for each byte value. */
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/**
 * Made on every request (the request id) and every row written: the bytes are set in the
 * pool itself and spelt out through a table, with no Buffer or intermediate string per id.
 */
export function uuidv7(now: number = Date.now()): string {
  if (poolAt === pool.length) {
    randomFillSync(pool);
    poolAt = 0;
  }
  const b = pool;
  const o = poolAt;
  poolAt += 16;
  // Monotonic within one process: a 12-bit counter in rand_a for ids made in the same millisecond.
  if (now <= lastMs) {
    seq = (seq + 1) & 0xfff;
    if (seq === 0) lastMs += 1;
    now = lastMs;
  } else {
    lastMs = now;
    seq = b[o + 6]! & 0x07; // random start, leaves room to count up
  }
  const hi = Math.floor(now / 2 ** 32);
  return (
    HEX[(hi >>> 8) & 0xff]! +
    HEX[hi & 0xff]! +
    HEX[(now >>> 24) & 0xff]! +
    HEX[(now >>> 16) & 0xff]! +
    '-' +
    HEX[(now >>> 8) & 0xff]! +
    HEX[now & 0xff]! +
    '-' +
    HEX[0x70 | ((seq >>> 8) & 0x0f)]! +
    HEX[seq & 0xff]! +
    '-' +
    HEX[(b[o + 8]! & 0x3f) | 0x80]! +
    HEX[b[o + 9]!]! +
    '-' +
    HEX[b[o + 10]!]! +
    HEX[b[o + 11]!]! +
    HEX[b[o + 12]!]! +
    HEX[b[o + 13]!]! +
    HEX[b[o + 14]!]! +
    HEX[b[o + 15]!]!
  );
}

export const UUID_PATTERN = '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$';

/** A random token for sessions, challenges and CSRF: 32 bytes, base64url. */
export const randomToken = (bytes = 32): string => randomBytes(bytes).toString('base64url');
