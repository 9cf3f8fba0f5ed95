/**
 * Checkpoints as C2SP signed notes (c2sp.org/signed-note, c2sp.org/tlog-checkpoint): the body
 * is the log's origin, the tree size in decimal and the root hash in base64, each on its own
 * line, then one extension line with the time; after a blank line, one signature line per
 * signer: an em dash, the key name, and base64 of the 4-byte key hash followed by the Ed25519
 * signature of the body. The key hash is the first 4 bytes of SHA-256(name || 0x0A || 0x01 ||
 * public key); the verifier key is published as `<name>+<key hash hex>+<base64(0x01 || key)>`.
 */
import { createHash, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';

export const ED25519 = 0x01;

export function keyHash(name: string, publicKey: Uint8Array): Buffer {
  return createHash('sha256')
    .update(Buffer.concat([Buffer.from(`${name}\n`, 'utf8'), Buffer.from([ED25519]), publicKey]))
    .digest()
    .subarray(0, 4);
}

export const verifierKey = (name: string, publicKey: Uint8Array): string =>
  `${name}+${keyHash(name, publicKey).toString('hex')}+${Buffer.concat([Buffer.from([ED25519]), publicKey]).toString('base64')}`;

export interface Checkpoint {
  origin: string;
  size: number;
  root: Buffer;
  time: Date | null;
}

export const checkpointBody = (c: Checkpoint): string =>
  `${c.origin}\n${c.size}\n${c.root.toString('base64')}\n${c.time ? `time ${c.time.toISOString()}\n` : ''}`;

export function signNote(body: string, name: string, publicKey: Uint8Array, privateKey: KeyObject): string {
  const sig = sign(null, Buffer.from(body, 'utf8'), privateKey);
  return `${body}\n\u2014 ${name} ${Buffer.concat([keyHash(name, publicKey), sig]).toString('base64')}\n`;
}

export const publicKeyObject = (raw: Uint8Array): KeyObject =>
  createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(raw).toString('base64url') }, format: 'jwk' });

export type NoteCheck = { ok: true; checkpoint: Checkpoint } | { ok: false; reason: string };

/** Parse a checkpoint note and check its signature by the key given as a verifier key string. */
export function openNote(note: string, verifier: string): NoteCheck {
  // name+hash+key: the name and hash hold no '+', the base64 key may.
  const m = /^([^+\s]+)\+([0-9a-f]{8})\+([A-Za-z0-9+/=]+)$/.exec(verifier);
  const [, name, hashHex, keyB64] = m ?? [];
  if (!name || !hashHex || !keyB64) return { ok: false, reason: 'malformed verifier key' };
  const key = Buffer.from(keyB64, 'base64');
  if (key.length !== 33 || key[0] !== ED25519) return { ok: false, reason: 'not an Ed25519 verifier key' };
  const split = note.lastIndexOf('\n\n');
  if (split < 0 || !note.endsWith('\n')) return { ok: false, reason: 'malformed note' };
  const body = note.slice(0, split + 1);
  const sigLines = note.slice(split + 2, -1).split('\n');
  const mine = sigLines
    .map((l) => /^\u2014 (\S+) ([A-Za-z0-9+/=]+)$/u.exec(l))
    .find((m) => m && m[1] === name && Buffer.from(m[2]!, 'base64').subarray(0, 4).toString('hex') === hashHex);
  if (!mine) return { ok: false, reason: 'no signature by this key' };
  const sig = Buffer.from(mine[2]!, 'base64').subarray(4);
  if (!verify(null, Buffer.from(body, 'utf8'), publicKeyObject(key.subarray(1)), sig)) {
    return { ok: false, reason: 'bad signature' };
  }
  const lines = body.slice(0, -1).split('\n');
  const size = Number(lines[1]);
  const root = Buffer.from(lines[2] ?? '', 'base64');
  if (lines.length < 3 || !Number.isSafeInteger(size) || size < 0 || root.length !== 32) {
    return { ok: false, reason: 'not a checkpoint' };
  }
  const time = lines.slice(3).find((l) => l.startsWith('time '));
  return { ok: true, checkpoint: { origin: lines[0]!, size, root, time: time ? new Date(time.slice(5)) : null } };
}
