import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  BinaryRange,
  CompactRange,
  MemoryTree,
  consistencyProof,
  emptyRoot,
  inclusionProof,
  binaryLeafOfText,
  binaryNodeHash,
  leafHash,
  leafHashOfText,
  nodeHash,
  rootOf,
  verifyConsistency,
  verifyInclusion,
  toBinaryHash,
  type Hash,
} from '../../src/platform/merkle.ts';
import inclusionVectors from './fixtures/merkle-inclusion.json' with { type: 'json' };
import consistencyVectors from './fixtures/merkle-consistency.json' with { type: 'json' };
import reference from './fixtures/merkle-rfc6962.json' with { type: 'json' };

const hex = (h: Uint8Array): string => Buffer.from(h).toString('hex');
const b64 = (s: string | null | undefined): Hash => Buffer.from(s ?? '', 'base64');
/** The vectors keep uint64 values beyond 2^53 as decimal strings (e.g. -1 as uint64). */
const num = (v: number | string): number => Number(v);

const referenceTree = (size: number): MemoryTree => {
  const t = new MemoryTree();
  for (const input of reference.leafInputs.slice(0, size)) t.append(leafHash(Buffer.from(input, 'hex')));
  return t;
};

describe('RFC 6962 reference hashes (transparency-dev/merkle)', () => {
  it('hashes the empty tree, leaves and nodes with the 0x00 / 0x01 prefixes', () => {
    for (const c of reference.hashes) {
      const got =
        c.kind === 'empty'
          ? emptyRoot()
          : c.kind === 'leaf'
            ? leafHash(Buffer.from(c.input ?? '', 'hex'))
            : nodeHash(Buffer.from(c.left ?? '', 'hex'), Buffer.from(c.right ?? '', 'hex'));
      expect(hex(got), c.desc).toBe(c.want);
    }
  });

  it('builds every complete subtree and every root of the 8-leaf reference tree', async () => {
    const t = referenceTree(8);
    reference.nodeHashes.forEach((level, l) =>
      level.forEach((want, i) => expect(hex(t.levels[l]![i]!), `node ${l},${i}`).toBe(want)),
    );
    for (let size = 0; size <= 8; size += 1) {
      expect(hex(await rootOf(size, t.read)), `root ${size}`).toBe(reference.rootHashes[size]);
      expect(hex(referenceTree(size).root())).toBe(reference.rootHashes[size]);
    }
  });
});

describe('the rebuild’s binary-string hashes', () => {
  it('give the reference roots, and the same roots as a compact range', () => {
    for (let size = 0; size <= 8; size += 1) {
      const r = new BinaryRange();
      for (const input of reference.leafInputs.slice(0, size))
        r.append(toBinaryHash(leafHash(Buffer.from(input, 'hex'))));
      expect(hex(r.root()), `root ${size}`).toBe(reference.rootHashes[size]);
    }
    const binary = new BinaryRange();
    const compact = new CompactRange();
    for (let i = 0; i < 300; i += 1) {
      const text = `leaf ${i} 记录 \u00ff`;
      const leaf = leafHashOfText(text);
      expect(hex(leaf)).toBe(hex(leafHash(Buffer.from(text, 'utf8'))));
      expect(binaryLeafOfText(text)).toBe(toBinaryHash(leaf));
      binary.append(binaryLeafOfText(text));
      compact.push(leaf);
      expect(hex(binary.root())).toBe(hex(compact.root()));
    }
  });

  it('hash a node as nodeHash does', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        (l, r) => binaryNodeHash(toBinaryHash(l), toBinaryHash(r)) === toBinaryHash(nodeHash(l, r)),
      ),
    );
  });
});

describe('inclusion vectors (transparency-dev/merkle testdata/inclusion)', () => {
  it.each(inclusionVectors.cases.map((c) => [c.file, c] as const))('%s', async (_file, c) => {
    const proof = (c.proof ?? []).map(b64);
    const ok = verifyInclusion(b64(c.leafHash), num(c.leafIdx), num(c.treeSize), proof, b64(c.root));
    expect(ok).toBe(!c.wantErr);
    if (
      !c.wantErr &&
      c.treeSize <= 8 &&
      c.root === Buffer.from(reference.rootHashes[c.treeSize]!, 'hex').toString('base64')
    ) {
      // The happy paths are over the reference tree: our generator gives the same proof.
      expect((await inclusionProof(num(c.leafIdx), c.treeSize, referenceTree(8).read)).map(hex)).toEqual(
        proof.map(hex),
      );
    }
  });
});

describe('consistency vectors (transparency-dev/merkle testdata/consistency)', () => {
  it.each(consistencyVectors.cases.map((c) => [c.file, c] as const))('%s', async (_file, c) => {
    const proof = (c.proof ?? []).map(b64);
    expect(verifyConsistency(c.size1, c.size2, proof, b64(c.root1), b64(c.root2))).toBe(!c.wantErr);
    if (
      !c.wantErr &&
      c.size2 <= 8 &&
      c.root2 === Buffer.from(reference.rootHashes[c.size2]!, 'hex').toString('base64')
    ) {
      expect((await consistencyProof(c.size1, c.size2, referenceTree(8).read)).map(hex)).toEqual(proof.map(hex));
    }
  });
});

/** A tree of `size` random-ish leaves (distinct by index and seed). */
const treeOf = (size: number, seed: number): MemoryTree => {
  const t = new MemoryTree();
  for (let i = 0; i < size; i += 1) t.append(leafHash(Buffer.from(`${seed}:${i}`)));
  return t;
};
const flip = (hashes: readonly Hash[], which: number, bit: number): Hash[] =>
  hashes.map((h, i) => {
    if (i !== which) return h;
    const copy = Buffer.from(h);
    copy[bit >> 3]! ^= 1 << (bit & 7);
    return copy;
  });

describe('properties', () => {
  it('every inclusion proof verifies, and any flipped bit (proof, leaf or root) fails', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 300 }),
        fc.nat(),
        fc.nat(),
        fc.nat(255),
        fc.integer({ min: 0, max: 1_000 }),
        async (size, at, pick, bit, seed) => {
          const t = treeOf(size, seed);
          const index = at % size;
          const root = await rootOf(size, t.read);
          expect(hex(root)).toBe(hex(t.root()));
          const leaf = t.levels[0]![index]!;
          const proof = await inclusionProof(index, size, t.read);
          expect(verifyInclusion(leaf, index, size, proof, root)).toBe(true);
          if (proof.length > 0) {
            expect(verifyInclusion(leaf, index, size, flip(proof, pick % proof.length, bit), root)).toBe(false);
          }
          expect(verifyInclusion(flip([leaf], 0, bit)[0]!, index, size, proof, root)).toBe(false);
          expect(verifyInclusion(leaf, index, size, proof, flip([root], 0, bit)[0]!)).toBe(false);
          if (size > 1) expect(verifyInclusion(leaf, (index + 1) % size, size, proof, root)).toBe(false);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('every consistency proof verifies, and any flipped bit fails', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 300 }),
        fc.nat(),
        fc.nat(),
        fc.nat(255),
        async (size2, from, pick, bit) => {
          const t = treeOf(size2, 7);
          const size1 = 1 + (from % size2);
          const [root1, root2] = [await rootOf(size1, t.read), await rootOf(size2, t.read)];
          const proof = await consistencyProof(size1, size2, t.read);
          expect(verifyConsistency(size1, size2, proof, root1, root2)).toBe(true);
          if (proof.length > 0) {
            expect(verifyConsistency(size1, size2, flip(proof, pick % proof.length, bit), root1, root2)).toBe(false);
          }
          if (size1 < size2) {
            expect(verifyConsistency(size1, size2, proof, flip([root1], 0, bit)[0]!, root2)).toBe(false);
            expect(verifyConsistency(size1, size2, proof, root1, flip([root2], 0, bit)[0]!)).toBe(false);
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('a compact range resumed from its peaks continues the same tree', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 200 }), fc.integer({ min: 1, max: 50 }), (cut, more) => {
        const whole = treeOf(cut + more, 3);
        const first = treeOf(cut, 3);
        const peaks = CompactRange.peakIds(cut).map(({ level, index }) => first.levels[level]![index]!);
        const resumed = new CompactRange(cut, peaks);
        for (let i = cut; i < cut + more; i += 1) resumed.push(whole.levels[0]![i]!);
        expect(hex(resumed.root())).toBe(hex(whole.root()));
      }),
    );
  });
});
