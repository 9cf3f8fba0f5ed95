/**
 * The verify endpoint's kept credentials (VerifiedJwts): found only by their very text, bounded
 * by their total length, the least recently used dropped first (a used one gets a second chance).
 */
import { describe, expect, it } from 'vitest';
import { VerifiedJwts } from '../../src/modules/credentials/credentials.caches.ts';

/** A JWS-shaped text of about 19,900 characters (the budget holds 200 of them), its signature `sig`. */
const jwt = (n: number, sig = `sig${n}`) => `eyJh.${String(n).padStart(19_900, 'x')}.${sig}`;

describe('VerifiedJwts', () => {
  it('answers only for the very text: the same signature under another payload is not found', () => {
    const kept = new VerifiedJwts<number>();
    kept.set(jwt(1), 1);
    expect(kept.get(jwt(1))).toBe(1);
    expect(kept.get(jwt(2, 'sig1'))).toBeUndefined();
    expect(kept.get(jwt(3))).toBeUndefined();
  });

  it('keeps within its budget, dropping the oldest unused first', () => {
    const kept = new VerifiedJwts<number>();
    kept.set(jwt(0), 0);
    for (let i = 1; i < 200; i++) kept.set(jwt(i), i);
    expect(kept.get(jwt(0))).toBe(0); // used: it gets a second chance
    for (let i = 200; i < 210; i++) kept.set(jwt(i), i);
    expect(kept.get(jwt(0))).toBe(0);
    expect(kept.get(jwt(1))).toBeUndefined();
    expect(kept.get(jwt(209))).toBe(209);
    let held = 0;
    for (let i = 0; i < 210; i++) if (kept.get(jwt(i)) !== undefined) held++;
    expect(held).toBeLessThanOrEqual(200);
  });

  it('does not keep a text larger than a hundredth of its budget', () => {
    const kept = new VerifiedJwts<number>();
    const big = `eyJh.${'y'.repeat(50_000)}.big`;
    kept.set(big, 1);
    expect(kept.get(big)).toBeUndefined();
  });
});
