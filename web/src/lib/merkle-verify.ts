/**
 * The transparency log's proofs, checked in the browser with WebCrypto alone (no server code,
 * no library): what the public page (/transparency) runs, and what anyone may read to see how.
 *
 * - RFC 9162 §2.1.3.2 verify-inclusion and §2.1.4.2 verify-consistency over SHA-256
 *   (`crypto.subtle.digest`): leaf hash SHA-256(0x00 ‖ leaf), node hash SHA-256(0x01 ‖ left ‖ right).
 * - The log's leaf: `yiwang-log/v1\n<source>\n<record id>\n<record hash>\n` (the server's
 *   transparency.records.ts), so a leaf hash is recomputed from an entry's public fields.
 * - Checkpoints as C2SP signed notes (c2sp.org/signed-note, c2sp.org/tlog-checkpoint): the body
 *   (origin, tree size, base64 root, extension lines), a blank line, then signature lines
 *   `— <key name> base64(4-byte key hash ‖ Ed25519 signature)`; the verifier key is
 *   `<name>+<key hash hex>+base64(0x01 ‖ 32-byte Ed25519 key)`, its hash the first 4 bytes of
 *   SHA-256(name ‖ 0x0A ‖ 0x01 ‖ key). The signature is checked with `crypto.subtle.verify('Ed25519')`.
 */

export type Bytes = Uint8Array<ArrayBuffer>;

const subtle = (): SubtleCrypto => globalThis.crypto.subtle;

export async function sha256(data: Uint8Array): Promise<Bytes> {
  return new Uint8Array(await subtle().digest('SHA-256', new Uint8Array(data)));
}

const concat = (...parts: Uint8Array[]): Bytes => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
};

export const leafHash = (leaf: Uint8Array): Promise<Bytes> => sha256(concat(Uint8Array.of(0), leaf));
export const nodeHash = (left: Uint8Array, right: Uint8Array): Promise<Bytes> =>
  sha256(concat(Uint8Array.of(1), left, right));

/** The log's leaf bytes for an entry (its source, record id and record hash as the API gives them). */
export const leafInput = (source: string, recordId: string, recordHash: string): Bytes =>
  new TextEncoder().encode(`yiwang-log/v1\n${source}\n${recordId}\n${recordHash}\n`);

export function fromBase64(s: string): Bytes {
  const bin = atob(s);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i += 1) out[i] = bin.charCodeAt(i);
  return out;
}

export function toBase64(b: Uint8Array): string {
  let bin = '';
  for (const x of b) bin += String.fromCharCode(x);
  return btoa(bin);
}

export const toHex = (b: Uint8Array): string => [...b].map((x) => x.toString(16).padStart(2, '0')).join('');

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i += 1) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}

const isCount = (n: number): boolean => Number.isSafeInteger(n) && n >= 0;
const isOdd = (n: number): boolean => n % 2 === 1;
const half = (n: number): number => Math.floor(n / 2);
const isHash = (h: Uint8Array): boolean => h.length === 32;

/**
 * RFC 9162 §2.1.3.2: the root `proof` gives for leaf `index` (hash `leaf`) in a tree of `size`,
 * or null when the proof cannot be one (wrong length, an index beyond the tree, a bad hash).
 */
export async function rootFromInclusion(
  leaf: Uint8Array,
  index: number,
  size: number,
  proof: readonly Uint8Array[],
): Promise<Bytes | null> {
  if (!isCount(index) || !isCount(size) || index >= size) return null;
  if (![leaf, ...proof].every(isHash)) return null;
  let fn = index;
  let sn = size - 1;
  let r: Bytes = new Uint8Array(leaf);
  for (const p of proof) {
    if (sn === 0) return null;
    if (isOdd(fn) || fn === sn) {
      r = await nodeHash(p, r);
      if (!isOdd(fn)) {
        do {
          fn = half(fn);
          sn = half(sn);
        } while (!isOdd(fn) && fn !== 0);
      }
    } else {
      r = await nodeHash(r, p);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 ? r : null;
}

/** RFC 9162 §2.1.3.2: true when `proof` proves leaf `index` (hash `leaf`) in the tree of `size` whose root is `root`. */
export async function verifyInclusion(
  leaf: Uint8Array,
  index: number,
  size: number,
  proof: readonly Uint8Array[],
  root: Uint8Array,
): Promise<boolean> {
  const computed = await rootFromInclusion(leaf, index, size, proof);
  return computed !== null && bytesEqual(computed, root);
}

const isPowerOfTwo = (n: number): boolean => n > 0 && (n & (n - 1)) === 0;

/** RFC 9162 §2.1.4.2: true when `proof` shows the tree of `size2` (root2) extends the tree of `size1` (root1). */
export async function verifyConsistency(
  size1: number,
  size2: number,
  proof: readonly Uint8Array[],
  root1: Uint8Array,
  root2: Uint8Array,
): Promise<boolean> {
  // A proof from the empty tree proves nothing (refused, as the server and transparency-dev/merkle do).
  if (!isCount(size1) || !isCount(size2) || size1 > size2 || size1 === 0) return false;
  if (![root1, root2, ...proof].every(isHash)) return false;
  if (size1 === size2) return proof.length === 0 && bytesEqual(root1, root2);
  if (proof.length === 0) return false;
  // When size1 is a power of two, the old tree is a complete subtree and its root starts the path.
  const path = isPowerOfTwo(size1) ? [root1, ...proof] : [...proof];
  let fn = size1 - 1;
  let sn = size2 - 1;
  while (isOdd(fn)) {
    fn = half(fn);
    sn = half(sn);
  }
  let fr: Bytes = new Uint8Array(path[0]!);
  let sr: Bytes = fr;
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (isOdd(fn) || fn === sn) {
      fr = await nodeHash(c, fr);
      sr = await nodeHash(c, sr);
      if (!isOdd(fn)) {
        do {
          fn = half(fn);
          sn = half(sn);
        } while (!isOdd(fn) && fn !== 0);
      }
    } else {
      sr = await nodeHash(sr, c);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 && bytesEqual(fr, root1) && bytesEqual(sr, root2);
}

export interface VerifierKey {
  name: string;
  /** The 4-byte key hash, hex. */
  hash: string;
  /** The raw 32-byte Ed25519 public key. */
  publicKey: Bytes;
}

export interface OpenedCheckpoint {
  origin: string;
  size: number;
  root: Bytes;
  time: string | null;
  /** The key that signed it. */
  key: VerifierKey;
}

export type NoteCheck =
  | { ok: true; checkpoint: OpenedCheckpoint }
  | {
      ok: false;
      reason: 'malformed-key' | 'key-hash' | 'malformed-note' | 'no-signature' | 'bad-signature' | 'not-checkpoint';
    };

/** The key hash of a signed-note Ed25519 key: SHA-256(name ‖ 0x0A ‖ 0x01 ‖ key), first 4 bytes, hex. */
export async function keyHash(name: string, publicKey: Uint8Array): Promise<string> {
  return toHex((await sha256(concat(new TextEncoder().encode(`${name}\n`), Uint8Array.of(1), publicKey))).slice(0, 4));
}

/** Parse a verifier key string and check that its hash is its name's and key's. */
export async function parseVerifierKey(text: string): Promise<VerifierKey | null> {
  const m = /^([^+\s]+)\+([0-9a-f]{8})\+([A-Za-z0-9+/=]+)$/.exec(text.trim());
  if (!m) return null;
  let raw: Bytes;
  try {
    raw = fromBase64(m[3]!);
  } catch {
    return null;
  }
  if (raw.length !== 33 || raw[0] !== 1) return null;
  const key = { name: m[1]!, hash: m[2]!, publicKey: raw.slice(1) };
  return (await keyHash(key.name, key.publicKey)) === key.hash ? key : null;
}

async function ed25519Verify(publicKey: Bytes, signature: Bytes, message: Bytes): Promise<boolean> {
  const key = await subtle().importKey('raw', publicKey, { name: 'Ed25519' }, false, ['verify']);
  return subtle().verify({ name: 'Ed25519' }, key, signature, message);
}

/** Open a checkpoint note: find the signature by `verifier` (a verifier key string), check it, parse the body. */
export async function openCheckpoint(note: string, verifier: string): Promise<NoteCheck> {
  const m = /^([^+\s]+)\+([0-9a-f]{8})\+/.exec(verifier.trim());
  if (!m) return { ok: false, reason: 'malformed-key' };
  const key = await parseVerifierKey(verifier);
  if (!key) return { ok: false, reason: 'key-hash' };
  const split = note.lastIndexOf('\n\n');
  if (split < 0 || !note.endsWith('\n')) return { ok: false, reason: 'malformed-note' };
  const body = note.slice(0, split + 1);
  const sigs = note
    .slice(split + 2, -1)
    .split('\n')
    .map((l) => /^\u2014 (\S+) ([A-Za-z0-9+/=]+)$/u.exec(l))
    .flatMap((l) => {
      if (!l || l[1] !== key.name) return [];
      try {
        const b = fromBase64(l[2]!);
        return toHex(b.slice(0, 4)) === key.hash && b.length === 68 ? [b.slice(4)] : [];
      } catch {
        return [];
      }
    });
  const sig = sigs[0];
  if (!sig) return { ok: false, reason: 'no-signature' };
  if (!(await ed25519Verify(key.publicKey, sig, new TextEncoder().encode(body)))) {
    return { ok: false, reason: 'bad-signature' };
  }
  const lines = body.slice(0, -1).split('\n');
  const size = Number(lines[1]);
  let root: Bytes;
  try {
    root = fromBase64(lines[2] ?? '');
  } catch {
    return { ok: false, reason: 'not-checkpoint' };
  }
  if (lines.length < 3 || !/^\d+$/.test(lines[1] ?? '') || !Number.isSafeInteger(size) || root.length !== 32) {
    return { ok: false, reason: 'not-checkpoint' };
  }
  const time = lines.slice(3).find((l) => l.startsWith('time '));
  return { ok: true, checkpoint: { origin: lines[0]!, size, root, time: time ? time.slice(5) : null, key } };
}
