/**
 * The transparency page's checks (web/src/citizen/transparency-check.ts) over answers shaped as
 * the API's, made with the server's own code: a signed checkpoint opens with the log's key (and
 * not when the API's size or root differ from the signed ones), an entry is verified with its own
 * proof and not with another entry's, an entry past the checkpoint is pending, a remembered
 * checkpoint is checked for consistency, and a search term names a case or a certificate.
 */
import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { checkpointBody, signNote, verifierKey } from '../../server/src/modules/transparency/transparency.notes.ts';
import { leafInput as serverLeafInput } from '../../server/src/modules/transparency/transparency.records.ts';
import { consistencyProof, inclusionProof, leafHash, MemoryTree } from '../../server/src/platform/merkle.ts';
import { checkCheckpoint, checkConsistency, checkEntry, kindOf } from '../src/citizen/transparency-check';
import { fromBase64 } from '../src/lib/merkle-verify';
import type { LogCheckpoint, LogEntry } from '../src/shared/api/transparency';

const b64 = (b: Uint8Array) => Buffer.from(b).toString('base64');
const name = 'gov.example/transparency';
const pair = generateKeyPairSync('ed25519');
const raw = Buffer.from(pair.publicKey.export({ format: 'jwk' }).x ?? '', 'base64url');
const key = {
  keyHash: verifierKey(name, raw).split('+')[1]!,
  verifierKey: verifierKey(name, raw),
  createdAt: '2026-12-01T00:00:00.000Z',
  retiredAt: null,
};

const tree = new MemoryTree();
const entries: LogEntry[] = [];
const roots: Uint8Array[] = [];
for (let i = 0; i < 12; i += 1) {
  const recordId = `0190a0b0-0000-7000-8000-${String(i).padStart(12, '0')}`;
  const recordHash = Buffer.from(`record ${i}`.padEnd(32, '.')).toString('hex');
  const leaf = leafHash(serverLeafInput('audit', recordId, recordHash));
  tree.append(leaf);
  roots.push(tree.root());
  entries.push({
    index: i,
    source: 'audit',
    recordId,
    action: 'applications.case.approve',
    resourceType: 'case',
    resourceId: '0190a0b0-0000-7000-8000-00000000cafe',
    recordAt: '2026-12-01T08:00:00.000Z',
    recordHash,
    leafHash: b64(leaf),
    appendedAt: '2026-12-01T08:00:01.000Z',
  });
}

function checkpoint(size: number): LogCheckpoint {
  const root = Buffer.from(roots[size - 1]!);
  const note = signNote(checkpointBody({ origin: name, size, root, time: null }), name, raw, pair.privateKey);
  return {
    treeSize: size,
    rootHash: root.toString('base64'),
    issuedAt: '2026-12-01T08:00:02.000Z',
    keyHash: key.keyHash,
    note,
  };
}

const proofOf =
  (shift = 0) =>
  async (index: number, size: number) => ({
    entry: entries[index + shift]!,
    treeSize: size,
    proof: (await inclusionProof(index + shift, size, tree.read)).map(b64),
    checkpoint: null,
  });

describe('the transparency page’s checks', () => {
  it('opens the checkpoint with the log’s key, and refuses one whose API size or root are not the signed ones', async () => {
    const cp = checkpoint(10);
    const good = await checkCheckpoint(cp, [key]);
    expect(good.ok).toBe(true);
    expect(await checkCheckpoint({ ...cp, treeSize: 11 }, [key])).toMatchObject({ ok: false, reason: 'size-mismatch' });
    expect(await checkCheckpoint(cp, [])).toMatchObject({ ok: false, reason: 'no-key' });
    const other = generateKeyPairSync('ed25519');
    const otherRaw = Buffer.from(other.publicKey.export({ format: 'jwk' }).x ?? '', 'base64url');
    expect(await checkCheckpoint(cp, [{ ...key, verifierKey: verifierKey(name, otherRaw) }])).toMatchObject({
      ok: false,
      reason: 'no-signature',
    });
  });

  it('verifies an entry with its own proof, not with another entry’s; past the checkpoint it is pending', async () => {
    const cp = await checkCheckpoint(checkpoint(10), [key]);
    if (!cp.ok) throw new Error('checkpoint');
    const signed = { size: cp.opened.size, root: cp.opened.root };
    const ok = await checkEntry(entries[4]!, signed, proofOf());
    expect(ok).toMatchObject({ state: 'verified', leafMatches: true, rootMatches: true, pathLength: 4 });
    expect(ok.computedRoot).toBe(checkpoint(10).rootHash);
    expect(await checkEntry(entries[4]!, signed, proofOf(1))).toMatchObject({ state: 'failed', rootMatches: false });
    const edited = { ...entries[4]!, recordHash: entries[5]!.recordHash };
    expect(await checkEntry(edited, signed, proofOf())).toMatchObject({ state: 'failed', leafMatches: false });
    expect(await checkEntry(entries[11]!, signed, proofOf())).toMatchObject({ state: 'pending' });
    expect(await checkEntry(entries[0]!, null, proofOf())).toMatchObject({ state: 'pending' });
  });

  it('checks the log only grew since the checkpoint remembered', async () => {
    const cp = await checkCheckpoint(checkpoint(12), [key]);
    if (!cp.ok) throw new Error('checkpoint');
    const fetch = async (from: number, to: number) => ({
      from,
      to,
      proof: (await consistencyProof(from, to, tree.read)).map(b64),
    });
    const seen = (size: number, root = roots[size - 1]!) => ({
      origin: name,
      size,
      root: b64(root),
      keyHash: key.keyHash,
    });
    expect(await checkConsistency(cp.opened, null, fetch)).toMatchObject({ state: 'first' });
    expect(await checkConsistency(cp.opened, seen(12), fetch)).toMatchObject({ state: 'same' });
    expect(await checkConsistency(cp.opened, seen(7), fetch)).toMatchObject({ state: 'consistent', from: 7 });
    expect(
      await checkConsistency(
        cp.opened,
        seen(
          7,
          roots[6]!.map((x, i) => (i === 0 ? x ^ 1 : x)),
        ),
        fetch,
      ),
    ).toMatchObject({
      state: 'inconsistent',
    });
    expect(await checkConsistency(cp.opened, seen(12, roots[10]!), fetch)).toMatchObject({ state: 'inconsistent' });
    expect(await checkConsistency(cp.opened, { ...seen(12), size: 13 }, fetch)).toMatchObject({
      state: 'inconsistent',
    });
    expect(await checkConsistency(cp.opened, { ...seen(12), keyHash: '00000000' }, fetch)).toMatchObject({
      keyChanged: true,
    });
    expect(fromBase64(b64(cp.opened.root))).toEqual(cp.opened.root);
  });

  it('tells a certificate (its UUID or its 1.2.156… number) from a case number', () => {
    expect(kindOf('330383-20261202-00000001')).toBe('case');
    expect(kindOf('0190A0B0-0000-7000-8000-000000000001')).toBe('certificate');
    expect(kindOf('1.2.156.3005.2.SCJG001.91330383MA2XXXXX1A.0000001.7')).toBe('certificate');
  });
});
