/**
 * RFC 9162 (Certificate Transparency 2.0) Merkle trees, SHA-256: leaf hash SHA-256(0x00 || leaf),
 * node hash SHA-256(0x01 || left || right); the root of any range, inclusion and consistency
 * proofs, and their verification (RFC 9162 §2.1.3.2 and §2.1.4.2).
 *
 * Storage is a cache of the hashes of COMPLETE subtrees, addressed by (level, index): the node
 * at level L and index i covers leaves [i·2^L, (i+1)·2^L). Every range a proof names is the
 * right-to-left fold of at most log2(n) complete subtrees, so a proof costs O(log² n) cached
 * hashes at worst and no leaf is rehashed. Appending is O(log n) through a compact range (the
 * right edge of the tree): the leaf plus every complete subtree it closes.
 *
 * Sizes and indexes are JS numbers (exact up to 2^53, far beyond any log this platform keeps);
 * anything else is rejected.
 */
import { hash as oneShotHash } from 'node:crypto';

export type Hash = Uint8Array;
export interface NodeId {
  level: number;
  index: number;
}
/** Reads cached complete-subtree hashes, in the order asked. */
export type NodeReader = (ids: readonly NodeId[]) => Promise<readonly Hash[]> | readonly Hash[];

export const sha256 = (data: Uint8Array): Hash => oneShotHash('sha256', data, 'buffer');
export const emptyRoot = (): Hash => sha256(new Uint8Array(0));

// Hashing is synchronous, so one scratch buffer holds each hash's input (prefix byte and
// content) without a Buffer made per node: a tree rebuild hashes two inputs per leaf.
let scratch = Buffer.alloc(1024);
const room = (n: number): Buffer => (scratch.length >= n ? scratch : (scratch = Buffer.alloc(n * 2)));
const NODE_INPUT = Buffer.alloc(65);

export const leafHash = (leaf: Uint8Array): Hash => {
  const b = room(leaf.length + 1);
  b[0] = 0;
  b.set(leaf, 1);
  return sha256(b.subarray(0, leaf.length + 1));
};

/** leafHash of a string's UTF-8 bytes. */
export const leafHashOfText = (text: string): Hash => oneShotHash('sha256', `\0${text}`, 'buffer');

export const nodeHash = (left: Uint8Array, right: Uint8Array): Hash => {
  if (left.length === 32 && right.length === 32) {
    NODE_INPUT[0] = 1;
    NODE_INPUT.set(left, 1);
    NODE_INPUT.set(right, 33);
    return sha256(NODE_INPUT);
  }
  const b = room(left.length + right.length + 1);
  b[0] = 1;
  b.set(left, 1);
  b.set(right, left.length + 1);
  return sha256(b.subarray(0, left.length + right.length + 1));
};

/**
 * A hash as a 32-character latin1 string, for rebuilding a tree: Node makes a string result
 * far more cheaply than a Buffer (no backing store to allocate and collect), and a tree
 * rebuild makes two per leaf.
 */
export type BinaryHash = string;

/** leafHash of a string's UTF-8 bytes (a string's NUL is the byte 0), as a BinaryHash. */
export const binaryLeafOfText = (text: string): BinaryHash => oneShotHash('sha256', `\0${text}`, 'binary');

export const binaryNodeHash = (left: BinaryHash, right: BinaryHash): BinaryHash => {
  NODE_INPUT[0] = 1;
  NODE_INPUT.write(left, 1, 32, 'latin1');
  NODE_INPUT.write(right, 33, 32, 'latin1');
  return oneShotHash('sha256', NODE_INPUT, 'binary');
};

export const toBinaryHash = (h: Uint8Array): BinaryHash =>
  Buffer.from(h.buffer, h.byteOffset, h.byteLength).toString('latin1');
export const fromBinaryHash = (h: BinaryHash): Hash => Buffer.from(h, 'latin1');

export const hashEquals = (a: Uint8Array, b: Uint8Array): boolean =>
  a.length === b.length && Buffer.compare(a, b) === 0;

const isHash = (h: Uint8Array): boolean => h.length === 32;
const isCount = (n: number): boolean => Number.isSafeInteger(n) && n >= 0;
const isOdd = (n: number): boolean => n % 2 === 1;
const half = (n: number): number => Math.floor(n / 2);

/** The largest power of two strictly smaller than n (n ≥ 2). */
export function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** A range of leaves [begin, end). */
export interface Range {
  begin: number;
  end: number;
}

/**
 * The complete subtrees a range is made of, left to right, largest first. For the ranges RFC
 * 9162's recursion produces (begin aligned to the range's split), MTH(range) is the
 * right-to-left fold of their hashes.
 */
export function decompose({ begin, end }: Range): NodeId[] {
  const ids: NodeId[] = [];
  let b = begin;
  while (b < end) {
    let size = 1;
    let level = 0;
    while (b % (size * 2) === 0 && b + size * 2 <= end) {
      size *= 2;
      level += 1;
    }
    ids.push({ level, index: b / size });
    b += size;
  }
  return ids;
}

/** Fold the hashes of a range's complete subtrees (left to right) into the range's root. */
export function foldRange(hashes: readonly Hash[]): Hash {
  if (hashes.length === 0) return emptyRoot();
  let acc = hashes[hashes.length - 1]!;
  for (let i = hashes.length - 2; i >= 0; i -= 1) acc = nodeHash(hashes[i]!, acc);
  return acc;
}

/** The ranges whose roots make up the inclusion proof of leaf `index` in a tree of `size` (RFC 9162 §2.1.3.1), leaf upward. */
export function inclusionRanges(index: number, size: number): Range[] {
  if (!isCount(index) || !isCount(size) || index >= size) {
    throw new RangeError(`No leaf ${index} in a tree of ${size}`);
  }
  const out: Range[] = [];
  const walk = (m: number, begin: number, n: number): void => {
    if (n <= 1) return;
    const k = splitPoint(n);
    if (m < k) {
      walk(m, begin, k);
      out.push({ begin: begin + k, end: begin + n });
    } else {
      walk(m - k, begin + k, n - k);
      out.push({ begin, end: begin + k });
    }
  };
  walk(index, 0, size);
  return out;
}

/** The ranges whose roots make up the consistency proof from `size1` to `size2` (RFC 9162 §2.1.4.1). */
export function consistencyRanges(size1: number, size2: number): Range[] {
  if (!isCount(size1) || !isCount(size2) || size1 > size2) {
    throw new RangeError(`No consistency proof from ${size1} to ${size2}`);
  }
  if (size1 === 0 || size1 === size2) return [];
  const out: Range[] = [];
  const sub = (m: number, begin: number, n: number, whole: boolean): void => {
    if (m === n) {
      if (!whole) out.push({ begin, end: begin + n });
      return;
    }
    const k = splitPoint(n);
    if (m <= k) {
      sub(m, begin, k, whole);
      out.push({ begin: begin + k, end: begin + n });
    } else {
      sub(m - k, begin + k, n - k, false);
      out.push({ begin, end: begin + k });
    }
  };
  sub(size1, 0, size2, true);
  return out;
}

/** The roots of several ranges, reading every complete subtree they need in ONE call. */
export async function rangeHashes(ranges: readonly Range[], read: NodeReader): Promise<Hash[]> {
  const parts = ranges.map(decompose);
  const hashes = await read(parts.flat());
  let at = 0;
  return parts.map((ids) => {
    const mine = hashes.slice(at, at + ids.length);
    at += ids.length;
    return foldRange(mine);
  });
}

export const rootOf = async (size: number, read: NodeReader): Promise<Hash> =>
  (await rangeHashes([{ begin: 0, end: size }], read))[0]!;
export const inclusionProof = (index: number, size: number, read: NodeReader): Promise<Hash[]> =>
  rangeHashes(inclusionRanges(index, size), read);
export const consistencyProof = (size1: number, size2: number, read: NodeReader): Promise<Hash[]> =>
  rangeHashes(consistencyRanges(size1, size2), read);

/** RFC 9162 §2.1.3.2: true when `proof` proves leaf `index` (hash `leaf`) in the tree of `size` with root `root`. */
export function verifyInclusion(leaf: Hash, index: number, size: number, proof: readonly Hash[], root: Hash): boolean {
  if (!isCount(index) || !isCount(size) || index >= size) return false;
  if (![leaf, root, ...proof].every(isHash)) return false;
  let fn = index;
  let sn = size - 1;
  let r = leaf;
  for (const p of proof) {
    if (sn === 0) return false;
    if (isOdd(fn) || fn === sn) {
      r = nodeHash(p, r);
      if (!isOdd(fn)) {
        do {
          fn = half(fn);
          sn = half(sn);
        } while (!isOdd(fn) && fn !== 0);
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 && hashEquals(r, root);
}

/** RFC 9162 §2.1.4.2: true when `proof` shows the tree of `size2` (root2) extends the tree of `size1` (root1). */
export function verifyConsistency(
  size1: number,
  size2: number,
  proof: readonly Hash[],
  root1: Hash,
  root2: Hash,
): boolean {
  // A proof from the empty tree proves nothing (and is refused, as transparency-dev/merkle does).
  if (!isCount(size1) || !isCount(size2) || size1 > size2 || size1 === 0) return false;
  if (size1 === size2) return proof.length === 0 && hashEquals(root1, root2);
  if (proof.length === 0) return false;
  // When size1 is a power of two, the old tree is a complete subtree and its root starts the path.
  const path = isPowerOfTwo(size1) ? [root1, ...proof] : [...proof];
  let fn = size1 - 1;
  let sn = size2 - 1;
  while (isOdd(fn)) {
    fn = half(fn);
    sn = half(sn);
  }
  let fr = path[0]!;
  let sr = path[0]!;
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (isOdd(fn) || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      if (!isOdd(fn)) {
        do {
          fn = half(fn);
          sn = half(sn);
        } while (!isOdd(fn) && fn !== 0);
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 && hashEquals(fr, root1) && hashEquals(sr, root2);
}

function isPowerOfTwo(n: number): boolean {
  let k = 1;
  while (k < n) k *= 2;
  return k === n;
}

/**
 * The right edge of a growing tree: the roots of its complete subtrees, largest first. `push`
 * appends a leaf hash and returns every complete node it closes (the leaf itself first), which
 * is what a node cache stores; `root` is MTH of everything pushed so far.
 */
export class CompactRange {
  private peaks: Hash[];
  size: number;
  constructor(size = 0, peaks: readonly Hash[] = []) {
    if (peaks.length !== popCount(size)) {
      throw new RangeError('A compact range needs one peak per set bit of its size');
    }
    this.size = size;
    this.peaks = [...peaks];
  }

  /** The complete subtrees a tree of `size` keeps on its right edge (what to load to resume appending). */
  static peakIds(size: number): NodeId[] {
    return decompose({ begin: 0, end: size });
  }

  push(leaf: Hash): Array<NodeId & { hash: Hash }> {
    const closed: Array<NodeId & { hash: Hash }> = [{ level: 0, index: this.size, hash: leaf }];
    let h = leaf;
    let index = this.size;
    let level = 0;
    while (isOdd(index)) {
      const left = this.peaks.pop()!;
      h = nodeHash(left, h);
      index = half(index);
      level += 1;
      closed.push({ level, index, hash: h });
    }
    this.peaks.push(h);
    this.size += 1;
    return closed;
  }

  root(): Hash {
    return foldRange(this.peaks);
  }

  snapshot(): Hash[] {
    return [...this.peaks];
  }
}

function popCount(n: number): number {
  let c = 0;
  let x = n;
  while (x > 0) {
    if (isOdd(x)) c += 1;
    x = half(x);
  }
  return c;
}

/** A compact range over BinaryHash leaves, for rebuilding a tree from its leaves (the verifier, benchmarks). */
export class BinaryRange {
  private readonly peaks: BinaryHash[] = [];
  size = 0;

  append(leaf: BinaryHash): void {
    let h = leaf;
    let index = this.size;
    while (isOdd(index)) {
      h = binaryNodeHash(this.peaks.pop()!, h);
      index = half(index);
    }
    this.peaks.push(h);
    this.size += 1;
  }

  root(): Hash {
    if (this.peaks.length === 0) return emptyRoot();
    let acc = this.peaks[this.peaks.length - 1]!;
    for (let i = this.peaks.length - 2; i >= 0; i -= 1) acc = binaryNodeHash(this.peaks[i]!, acc);
    return fromBinaryHash(acc);
  }
}

/** An in-memory node cache (tests, the verifier): levels[L][i] is node (L, i). */
export class MemoryTree {
  readonly levels: Hash[][] = [[]];
  private readonly edge = new CompactRange();

  get size(): number {
    return this.edge.size;
  }

  append(leaf: Hash): void {
    for (const n of this.edge.push(leaf)) {
      (this.levels[n.level] ??= [])[n.index] = n.hash;
    }
  }

  root(): Hash {
    return this.edge.root();
  }

  readonly read: NodeReader = (ids) =>
    ids.map(({ level, index }) => {
      const h = this.levels[level]?.[index];
      if (!h) throw new RangeError(`No node (${level}, ${index})`);
      return h;
    });
}
