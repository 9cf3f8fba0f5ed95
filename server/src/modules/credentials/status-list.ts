/**
 * W3C Bitstring Status List v1.0: a list of at least 131,072 bits (16 KiB), bit 0 the most
 * significant bit of the first byte; published GZIP-compressed, base64url-encoded (no
 * padding), with the multibase prefix `u`. A certificate's position in its issuer's lists is
 * a permutation of its issue sequence, so neighbouring positions say nothing about each other.
 */
import { gunzipSync, gzipSync } from 'node:zlib';

export const LIST_BITS = 131_072;
/** An odd multiplier: seq ↦ (seq·A + B) mod 2^17 is a bijection on the list's positions. */
const A = 40_503;
const B = 7_919;

export const positionOf = (seq: number): number => {
  if (seq < 0 || seq >= LIST_BITS) throw new RangeError('the status list is full');
  return (seq * A + B) % LIST_BITS;
};

export function encodeList(setPositions: Iterable<number>, bits = LIST_BITS): string {
  const bytes = Buffer.alloc(bits / 8);
  for (const i of setPositions) bytes[i >> 3]! |= 0x80 >> (i & 7);
  return `u${gzipSync(bytes).toString('base64url')}`;
}

export function decodeList(encoded: string): Buffer {
  if (!encoded.startsWith('u')) throw new Error('not a multibase base64url value');
  return gunzipSync(Buffer.from(encoded.slice(1), 'base64url'));
}

export const bitAt = (list: Buffer, i: number): boolean => ((list[i >> 3] ?? 0) & (0x80 >> (i & 7))) !== 0;
