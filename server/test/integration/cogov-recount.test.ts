/**
 * The published result of a consultation recounts from its public receipts file, by a verifier
 * that imports nothing from the server and reads only the public API over HTTP
 * (docs/verify-cogov-result.ts), against the demo seed's closed consultation. A ballot changed
 * in the database after publishing is caught.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyCogovResult } from '../../../docs/verify-cogov-result.ts';
import { createTestApp, query, type TestContext } from '../helpers.ts';

let ctx: TestContext;
let base: string;
let id: string;

beforeAll(async () => {
  ctx = await createTestApp();
  base = await ctx.app.listen({ port: 0, host: '127.0.0.1' });
  const [row] = await query<{ id: string }>(
    ctx,
    sql`select id from cogov.consultations where tallied_at is not null and title = ${'龙江社区健身角器材更新方案'}`,
  );
  id = row!.id;
});
afterAll(async () => {
  await ctx?.teardown();
});

describe('recounting a published consultation from outside', () => {
  it('the receipts file recounts to the published result; a changed ballot does not', async () => {
    const r = await verifyCogovResult(base, id);
    expect(r.problems).toEqual([]);
    expect(r.ok).toBe(true);
    expect(r.ballots).toBeGreaterThan(0);
    expect(r.counts).toEqual({ a: 3, b: 5, c: 1 });

    // Someone with the database rewrites one ballot: the digest and the counts no longer match.
    await query(
      ctx,
      sql`update cogov.ballots set choice = 'c' where receipt = (select min(receipt) from cogov.ballots where consultation_id = ${id} and choice <> 'c') and consultation_id = ${id}`,
    );
    const tampered = await verifyCogovResult(base, id);
    expect(tampered.ok).toBe(false);
    expect(tampered.problems.some((p) => p.includes('SHA-256'))).toBe(true);
  });
});
