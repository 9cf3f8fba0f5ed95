/**
 * Signature suites for issuer keys: key generation (with `jose`) and compact-JWS signing and
 * verification behind one small interface, so a suite the JOSE libraries lack (SM2 with SM3,
 * GB/T 32918) can be added as another entry of SUITES without touching issuance or checking.
 * Ed25519 (JWS `EdDSA`) is the default; P-256 (`ES256`) is supported.
 */
import { createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK } from 'jose';

/** A private key able to sign a JWS signing input (`base64url(header).base64url(payload)`). */
export interface Signer {
  readonly alg: string;
  readonly kid: string;
  sign(input: Buffer): Buffer;
}

/** Checks a signature over a JWS signing input with one public key. */
export type Verifier = (input: Buffer, signature: Buffer) => boolean;

export interface SignatureSuite {
  /** The JWS `alg`. */
  readonly alg: string;
  generate(): Promise<{ publicJwk: JWK; privateJwk: JWK }>;
  signer(privateJwk: JWK, kid: string): Signer;
  verifier(publicJwk: JWK): Verifier;
}

const privateKeyOf = (jwk: JWK): KeyObject => createPrivateKey({ key: { ...jwk }, format: 'jwk' });
const publicKeyOf = (jwk: JWK): KeyObject => createPublicKey({ key: { ...jwk }, format: 'jwk' });

async function generated(alg: 'Ed25519' | 'ES256') {
  const { publicKey, privateKey } = await generateKeyPair(alg, { extractable: true });
  return { publicJwk: await exportJWK(publicKey), privateJwk: await exportJWK(privateKey) };
}

export const ed25519: SignatureSuite = {
  alg: 'EdDSA',
  generate: () => generated('Ed25519'),
  signer(privateJwk, kid) {
    const key = privateKeyOf(privateJwk);
    return { alg: 'EdDSA', kid, sign: (input) => sign(null, input, key) };
  },
  verifier(publicJwk) {
    const key = publicKeyOf(publicJwk);
    return (input, signature) => verify(null, input, key, signature);
  },
};

export const p256: SignatureSuite = {
  alg: 'ES256',
  generate: () => generated('ES256'),
  signer(privateJwk, kid) {
    const key = privateKeyOf(privateJwk);
    return { alg: 'ES256', kid, sign: (input) => sign('sha256', input, { key, dsaEncoding: 'ieee-p1363' }) };
  },
  verifier(publicJwk) {
    const key = publicKeyOf(publicJwk);
    return (input, signature) =>
      signature.length === 64 && verify('sha256', input, { key, dsaEncoding: 'ieee-p1363' }, signature);
  },
};

/** The suites by JWS `alg`: register an SM2 suite here to issue with it. */
export const SUITES: Readonly<Record<string, SignatureSuite>> = { EdDSA: ed25519, ES256: p256 };

export const suiteOf = (alg: string): SignatureSuite | null => SUITES[alg] ?? null;

/** The public JWK's RFC 7638 thumbprint: the key's fragment in its DID URL. */
export const thumbprintOf = (publicJwk: JWK): Promise<string> => calculateJwkThumbprint(publicJwk, 'sha256');

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** A compact JWS of `payload` with `header` (alg and kid from the signer). */
export function compactJws(signer: Signer, header: Record<string, unknown>, payload: unknown): string {
  const input = `${b64({ ...header, alg: signer.alg, kid: signer.kid })}.${b64(payload)}`;
  return `${input}.${signer.sign(Buffer.from(input)).toString('base64url')}`;
}

export interface ParsedJws {
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
  input: Buffer;
  signature: Buffer;
}

const COMPACT = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

/** A compact JWS split and its JSON parts decoded; null when it is not one. */
export function parseJws(token: string): ParsedJws | null {
  if (!COMPACT.test(token)) return null;
  const [h, p, s] = token.split('.') as [string, string, string];
  try {
    const header: unknown = JSON.parse(Buffer.from(h, 'base64url').toString('utf8'));
    const payload: unknown = JSON.parse(Buffer.from(p, 'base64url').toString('utf8'));
    if (!isObject(header) || !isObject(payload)) return null;
    return { header, payload, input: Buffer.from(`${h}.${p}`), signature: Buffer.from(s, 'base64url') };
  } catch {
    return null;
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
