/**
 * Idempotent submissions (DESIGN.md §3.14): the client sends an `Idempotency-Key` header with a
 * submission; the record it files carries the key and a hash of the request under a unique
 * constraint (owner, key). A retry with the same key and the same request answers what the
 * first one filed (a double tap files once); the same key with a different request is refused
 * (IDEMPOTENCY_KEY_REUSED). Two requests racing with one key file one record: the loser's
 * insert breaks the constraint, and it answers the winner's record.
 *
 * Applications' filing (办件) and co-governance's proposals (居民提议) use this one mechanism.
 */
import { Type } from 'typebox';
import { sha256Hex } from './crypto.ts';
import { AppError } from './errors.ts';

const KEY = { minLength: 8, maxLength: 128, pattern: '^[A-Za-z0-9_.:-]+$' };

/** The request header of a submission that must be idempotent. */
export const IdempotencyKeyHeader = Type.Object({
  'idempotency-key': Type.String({
    ...KEY,
    description: 'A key the client makes once per submission and sends again with each retry of it',
  }),
});

/** The same header where a submission may come without one (each request then files anew). */
export const OptionalIdempotencyKeyHeader = Type.Object({
  'idempotency-key': Type.Optional(IdempotencyKeyHeader.properties['idempotency-key']),
});

/** The key of one submission and the hash of what it asked. */
export interface IdempotencyKey {
  idempotencyKey: string;
  requestHash: string;
}

/** The key with the hash of the request (any JSON value: what makes this submission this one). */
export const idempotencyKeyOf = (idempotencyKey: string, request: unknown): IdempotencyKey => ({
  idempotencyKey,
  requestHash: sha256Hex(JSON.stringify(request)),
});

/** Refuses a key used before for a different request (422 IDEMPOTENCY_KEY_REUSED). */
export function sameRequest(earlierHash: string, key: IdempotencyKey): void {
  if (earlierHash !== key.requestHash)
    throw new AppError(422, 'IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was used for a different submission');
}

/** A submission refused (4xx), or beaten to its key by another (a unique violation): a replay may explain it. */
export const mayBeReplay = (err: unknown): boolean => {
  const e = err as { code?: string; cause?: { code?: string } } | null;
  return e?.code === '23505' || e?.cause?.code === '23505' || (err instanceof AppError && err.status < 500);
};

/**
 * Run a submission once per key. `earlier` finds the record the key filed (with its request
 * hash); `file` files a new one (its insert carries the key under the unique constraint);
 * `replay` answers a retry from the earlier record. With `checkFirst: false` the earlier record
 * is looked for only when filing fails (the insert is the check: one read less on the hot path).
 */
export async function idempotent<E extends { request_hash: string }, R>(
  key: IdempotencyKey,
  run: {
    earlier: () => Promise<E | undefined>;
    file: () => Promise<R>;
    replay: (earlier: E) => Promise<R>;
    checkFirst?: boolean;
  },
): Promise<{ value: R; replayed: boolean }> {
  const replayOf = async (e: E) => {
    sameRequest(e.request_hash, key);
    return { value: await run.replay(e), replayed: true };
  };
  if (run.checkFirst !== false) {
    const e = await run.earlier();
    if (e) return replayOf(e);
  }
  try {
    return { value: await run.file(), replayed: false };
  } catch (err) {
    // The key filed a record already (a retry, or a second tap that committed first): that
    // record is the answer, whatever this request's own problem.
    const e = mayBeReplay(err) ? await run.earlier() : undefined;
    if (e) return replayOf(e);
    throw err;
  }
}
