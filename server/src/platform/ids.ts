/** Ids are UUIDv7 (RFC 9562): time-ordered, so B-tree inserts stay local. Made in the application (PostgreSQL 15 has no uuidv7()). */
import { randomBytes, randomFillSync } from 'node:crypto';

let lastMs = 0;
let seq = 0;
// Random bytes drawn from the CSPRNG in blocks: one system call per 256 ids, not per id.
const pool = Buffer.alloc(16 * 256);
let poolAt = pool.length;

export function uuidv7(now: number = Date.now()): string {
  if (poolAt === pool.length) {
    randomFillSync(pool);
    poolAt = 0;
  }
  const bytes = Buffer.from(pool.subarray(poolAt, poolAt + 16));
  poolAt += 16;
  // Monotonic within one process: a 12-bit counter in rand_a for ids made in the same millisecond.
  if (now <= lastMs) {
    seq = (seq + 1) & 0xfff;
    if (seq === 0) lastMs += 1;
    now = lastMs;
  } else {
    lastMs = now;
    seq = bytes[6]! & 0x07; // random start, leaves room to count up
  }
  bytes[0] = Math.floor(now / 2 ** 40) & 0xff;
  bytes[1] = Math.floor(now / 2 ** 32) & 0xff;
  bytes[2] = (now >>> 24) & 0xff;
  bytes[3] = (now >>> 16) & 0xff;
  bytes[4] = (now >>> 8) & 0xff;
  bytes[5] = now & 0xff;
  bytes[6] = 0x70 | ((seq >>> 8) & 0x0f);
  bytes[7] = seq & 0xff;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const h = bytes.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export const UUID_PATTERN = '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$';

/** A random token for sessions, challenges and CSRF: 32 bytes, base64url. */
export const randomToken = (bytes = 32): string => randomBytes(bytes).toString('base64url');
