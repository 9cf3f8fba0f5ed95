/**
 * The browser's proof checks (web/src/lib/merkle-verify.ts, WebCrypto only) against the
 * server's own code: trees built with server/src/platform/merkle.ts, proofs it makes, notes its
 * transparency.notes.ts signs. Every proof verifies; a flipped bit, another entry's proof, a
 * wrong size, a changed note or another key does not.
 */
import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  consistencyProof,
  inclusionProof,
  MemoryTree,
  leafHash as serverLeafHash,
} from '../../server/src/platform/merkle.ts';
import { checkpointBody, signNote, verifierKey } from '../../server/src/modules/transparency/transparency.notes.ts';
import { leafInput as serverLeafInput } from '../../server/src/modules/transparency/transparency.records.ts';
import {
  keyHash,
  leafHash,
  leafInput,
  openCheckpoint,
  parseVerifierKey,
  rootFromInclusion,
  toBase64,
  verifyConsistency,
  verifyInclusion,
} from '../src/lib/merkle-verify';

const flip = (b: Uint8Array, bit = 0): Uint8Array => {
  const c = new Uint8Array(b);
  c[bit >> 3]! ^= 1 << (bit & 7);
  return c;
};

/** A tree of `n` log leaves as the sequencer makes them. */
function tree(n: number) {
  const t = new MemoryTree();
  const entries = [];
  for (let i = 0; i < n; i += 1) {
    const e = {
      source: i % 5 === 4 ? 'access' : 'audit',
      recordId: `0190a0b0-0000-7000-8000-${String(i).padStart(12, '0')}`,
      recordHash: Buffer.from(String(i).padStart(32, 'x')).toString('hex'),
    } as const;
    entries.push(e);
    t.append(serverLeafHash(serverLeafInput(e.source, e.recordId, e.recordHash)));
  }
  return { t, entries };
}

describe('leaf hashes', () => {
  it('recomputes the server’s leaf from an entry’s public fields', async () => {
    const { entries } = tree(3);
    for (const e of entries) {
      const mine = await leafHash(leafInput(e.source, e.recordId, e.recordHash));
      expect(toBase64(mine)).toBe(
        Buffer.from(serverLeafHash(serverLeafInput(e.source, e.recordId, e.recordHash))).toString('base64'),
      );
    }
  });

  it('gives the RFC 6962 known answer for the empty leaf', async () => {
    expect(Buffer.from(await leafHash(new Uint8Array(0))).toString('hex')).toBe(
      '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
    );
  });
});

describe('inclusion (RFC 9162 §2.1.3.2)', () => {
  it('verifies every proof the server makes, for every leaf of trees of 1 to 33 leaves', async () => {
    for (let n = 1; n <= 33; n += 1) {
      const { t, entries } = tree(n);
      for (let i = 0; i < n; i += 1) {
        const proof = await inclusionProof(i, n, t.read);
        const e = entries[i]!;
        const leaf = await leafHash(leafInput(e.source, e.recordId, e.recordHash));
        expect(await verifyInclusion(leaf, i, n, proof, t.root()), `leaf ${i} of ${n}`).toBe(true);
      }
    }
  });

  it('fails a flipped bit in the leaf, the path or the root, another entry’s proof, a wrong index or size', async () => {
    const { t, entries } = tree(21);
    const root = t.root();
    const e = entries[6]!;
    const leaf = await leafHash(leafInput(e.source, e.recordId, e.recordHash));
    const proof = await inclusionProof(6, 21, t.read);
    expect(await verifyInclusion(leaf, 6, 21, proof, root)).toBe(true);
    expect(await verifyInclusion(flip(leaf, 77), 6, 21, proof, root)).toBe(false);
    expect(await verifyInclusion(leaf, 6, 21, proof, flip(root, 255))).toBe(false);
    for (let k = 0; k < proof.length; k += 1) {
      const bad = proof.map((p, j) => (j === k ? flip(p, 3) : p));
      expect(await verifyInclusion(leaf, 6, 21, bad, root)).toBe(false);
    }
    expect(await verifyInclusion(leaf, 6, 21, await inclusionProof(7, 21, t.read), root)).toBe(false);
    expect(await verifyInclusion(leaf, 7, 21, proof, root)).toBe(false);
    // A size whose path has another shape (the size itself is bound by the signed checkpoint).
    expect(await verifyInclusion(leaf, 6, 40, proof, root)).toBe(false);
    expect(await verifyInclusion(leaf, 6, 21, proof.slice(1), root)).toBe(false);
    expect(await verifyInclusion(leaf, 6, 21, [...proof, proof[0]!], root)).toBe(false);
    expect(await verifyInclusion(leaf, 21, 21, proof, root)).toBe(false);
    // The entry's data changed by one character: another leaf, no longer proved.
    const changed = await leafHash(leafInput(e.source, e.recordId, e.recordHash.replace(/^./, '0')));
    expect(await verifyInclusion(changed, 6, 21, proof, root)).toBe(false);
    expect(await rootFromInclusion(leaf, 0, 1, [])).toEqual(leaf);
  });
});

describe('consistency (RFC 9162 §2.1.4.2)', () => {
  it('verifies every proof between sizes 1..20 and 20, and fails a flipped bit or swapped roots', async () => {
    const { t } = tree(20);
    const roots = [];
    const grow = new MemoryTree();
    const { entries } = tree(20);
    for (const e of entries) {
      grow.append(serverLeafHash(serverLeafInput(e.source, e.recordId, e.recordHash)));
      roots.push(grow.root());
    }
    for (let m = 1; m <= 20; m += 1) {
      const proof = await consistencyProof(m, 20, t.read);
      expect(await verifyConsistency(m, 20, proof, roots[m - 1]!, t.root()), `${m} → 20`).toBe(true);
      if (proof.length > 0) {
        expect(await verifyConsistency(m, 20, [flip(proof[0]!, 9), ...proof.slice(1)], roots[m - 1]!, t.root())).toBe(
          false,
        );
      }
      if (m < 20) expect(await verifyConsistency(m, 20, proof, flip(roots[m - 1]!, 1), t.root())).toBe(false);
    }
    expect(await verifyConsistency(0, 20, [], new Uint8Array(32), t.root())).toBe(false);
    expect(await verifyConsistency(5, 4, [], roots[4]!, roots[3]!)).toBe(false);
  });
});

describe('signed checkpoints (C2SP signed note, Ed25519 through WebCrypto)', () => {
  const name = 'gov.example/transparency';
  const pair = generateKeyPairSync('ed25519');
  const raw = Buffer.from(pair.publicKey.export({ format: 'jwk' }).x ?? '', 'base64url');
  const verifier = verifierKey(name, raw);
  const { t } = tree(9);
  const body = checkpointBody({
    origin: name,
    size: 9,
    root: Buffer.from(t.root()),
    time: new Date('2026-12-01T08:00:00Z'),
  });
  const note = signNote(body, name, raw, pair.privateKey);

  it('opens a note the server signed: origin, size, root, time, key', async () => {
    expect(await keyHash(name, raw)).toBe(verifier.split('+')[1]);
    const r = await openCheckpoint(note, verifier);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.checkpoint).toMatchObject({ origin: name, size: 9, time: '2026-12-01T08:00:00.000Z' });
    expect(Buffer.from(r.checkpoint.root).equals(Buffer.from(t.root()))).toBe(true);
  });

  it('refuses a changed body, a changed signature, another key, a key whose hash is not its own', async () => {
    expect(await openCheckpoint(note.replace('\n9\n', '\n10\n'), verifier)).toEqual({
      ok: false,
      reason: 'bad-signature',
    });
    const sigLine = note.trimEnd().split('\n').at(-1)!;
    const sig = Buffer.from(sigLine.split(' ').at(-1)!, 'base64');
    sig[40]! ^= 1;
    const forged = note.replace(sigLine, `\u2014 ${name} ${sig.toString('base64')}`);
    expect(await openCheckpoint(forged, verifier)).toEqual({ ok: false, reason: 'bad-signature' });
    const other = generateKeyPairSync('ed25519');
    const otherRaw = Buffer.from(other.publicKey.export({ format: 'jwk' }).x ?? '', 'base64url');
    expect(await openCheckpoint(note, verifierKey(name, otherRaw))).toEqual({ ok: false, reason: 'no-signature' });
    // The other key's bytes under this key's hash: the hash does not match the key.
    const [, hash] = verifier.split('+');
    const lying = `${name}+${hash}+${Buffer.concat([Buffer.from([1]), otherRaw]).toString('base64')}`;
    expect(await parseVerifierKey(lying)).toBeNull();
    expect(await openCheckpoint(note, lying)).toEqual({ ok: false, reason: 'key-hash' });
    expect(await openCheckpoint(note.replace('\n\n', '\n'), verifier)).toMatchObject({ ok: false });
  });
});
