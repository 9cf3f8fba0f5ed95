/**
 * Verify a Yiwang electronic certificate with `jose` alone (plus Node's zlib for the status
 * list), online or offline. The algorithm is the one in docs/credentials.md.
 *
 *   node docs/verify-credential.ts <jwt | file>                       # online: resolves did:web and the status lists
 *   node docs/verify-credential.ts <jwt | file> --keys jwks.json \
 *        --status revocation.jwt --status suspension.jwt [--now 2027-01-01T00:00:00Z]   # offline, from cached files
 *
 * --keys takes a JWKS or a DID document (file or URL); --status a status list credential (file or URL).
 * Prints one of: valid, revoked, suspended, expired, not_yet_valid, forged, unknown_issuer.
 */
import fs from 'node:fs';
import { gunzipSync } from 'node:zlib';
import {
  createLocalJWKSet,
  decodeJwt,
  decodeProtectedHeader,
  errors,
  importJWK,
  jwtVerify,
  type JSONWebKeySet,
  type JWTPayload,
} from 'jose';

type Entry = { statusPurpose: string; statusListIndex: string; statusListCredential: string };

const args = process.argv.slice(2);
const option = (name: string) => args.flatMap((a, i) => (a === name && args[i + 1] ? [args[i + 1]!] : []));
const read = async (ref: string): Promise<string> =>
  /^https?:\/\//.test(ref) ? (await fetch(ref)).text() : fs.existsSync(ref) ? fs.readFileSync(ref, 'utf8').trim() : ref;

/** did:web:host%3Aport:path:segments → https://host:port/path/segments/did.json (http for localhost). */
export function didWebUrl(did: string): string {
  const [host, ...path] = did.slice('did:web:'.length).split(':');
  const h = decodeURIComponent(host!);
  const scheme = /^(localhost|127\.0\.0\.1)(:\d+)?$/.test(h) ? 'http' : 'https';
  return `${scheme}://${h}/${path.length ? path.join('/') : '.well-known'}/did.json`;
}

/** A JWKS from a JWKS or a DID document (its JsonWebKey verification methods). */
function keysOf(doc: { keys?: JSONWebKeySet['keys']; verificationMethod?: { id: string; publicKeyJwk: object }[] }) {
  if (doc.keys) return { keys: doc.keys };
  return { keys: (doc.verificationMethod ?? []).map((m) => ({ ...m.publicKeyJwk, kid: m.id })) };
}

/** Bit `index` of a Bitstring Status List (multibase `u`, base64url, GZIP; bit 0 = the first byte's high bit). */
export function bitOf(encodedList: string, index: number): boolean {
  if (!encodedList.startsWith('u')) throw new Error('encodedList is not multibase base64url');
  const bytes = gunzipSync(Buffer.from(encodedList.slice(1), 'base64url'));
  return ((bytes[index >> 3] ?? 0) & (0x80 >> (index & 7))) !== 0;
}

const ALGORITHMS = ['EdDSA', 'ES256'];
type Claims = JWTPayload & { issuer?: unknown; credentialStatus?: unknown; validFrom?: unknown; validUntil?: unknown };
const issuerOf = (claims: Claims) =>
  typeof claims.issuer === 'string' ? claims.issuer : (claims.issuer as { id?: string } | undefined)?.id;

/**
 * An offline verifier over a cached JWKS and cached status list credentials (each checked once,
 * its list decoded once): answers the outcome of a credential without any network. Each key
 * is imported once (by kid and alg) and the credential decoded once, by `jwtVerify`; anything
 * but a good signature is answered by the checks in their documented order (`answerOf`).
 */
export async function offlineVerifier(jwks: JSONWebKeySet, statusLists: string[]) {
  const keys = createLocalJWKSet(jwks);
  const lists = new Map<string, { purpose: string; bytes: Buffer }>();
  for (const listJwt of statusLists) {
    const { payload } = await jwtVerify(listJwt, keys, { typ: 'vc+jwt' });
    const subject = payload.credentialSubject as { statusPurpose: string; encodedList: string };
    if (!subject.encodedList.startsWith('u')) throw new Error('encodedList is not multibase base64url');
    lists.set(String(payload.id), {
      purpose: subject.statusPurpose,
      bytes: gunzipSync(Buffer.from(subject.encodedList.slice(1), 'base64url')),
    });
  }
  const byKid = new Map(jwks.keys.filter((k) => k.kid && (!k.use || k.use === 'sig')).map((k) => [k.kid!, k]));
  const imported = new Map<string, ReturnType<typeof importJWK>>();
  /** The kid's key for `alg`, imported once; null when the JWKS has none (or it is for another alg). */
  const keyOf = (kid: string, alg: string) => {
    const jwk = byKid.get(kid);
    if (!jwk || !ALGORITHMS.includes(alg) || (jwk.alg && jwk.alg !== alg)) return null;
    let key = imported.get(`${alg} ${kid}`);
    if (!key) imported.set(`${alg} ${kid}`, (key = importJWK(jwk, alg)));
    return key;
  };

  /** Status and validity period of a credential whose signature held. */
  const outcomeOf = (claims: Claims, issuer: string, now: Date) => {
    // 3. Status: the bit of each entry in its (cached, verified) list.
    const set: Record<string, boolean> = {};
    for (const e of [claims.credentialStatus ?? []].flat() as Entry[]) {
      const list = lists.get(e.statusListCredential);
      if (!list || list.purpose !== e.statusPurpose) throw new Error(`no cached list ${e.statusListCredential}`);
      const i = Number(e.statusListIndex);
      set[e.statusPurpose] = ((list.bytes[i >> 3] ?? 0) & (0x80 >> (i & 7))) !== 0;
    }
    if (set.revocation) return { outcome: 'revoked', issuer };
    if (set.suspension) return { outcome: 'suspended', issuer };
    // 4. The validity period.
    if (typeof claims.validUntil === 'string' && Date.parse(claims.validUntil) < now.getTime())
      return { outcome: 'expired', issuer };
    if (typeof claims.validFrom === 'string' && Date.parse(claims.validFrom) > now.getTime())
      return { outcome: 'not_yet_valid', issuer };
    return { outcome: 'valid', issuer, name: claims.name, subject: claims.credentialSubject };
  };

  /** The checks in their documented order, for a credential the fast path did not accept. */
  const answerOf = async (jwt: string, now: Date) => {
    const header = decodeProtectedHeader(jwt);
    const claims: Claims = decodeJwt(jwt);
    const issuer = issuerOf(claims);
    if (header.typ !== 'vc+jwt' || 'vc' in claims || !issuer) return { outcome: 'forged', issuer };
    // 1. The issuer's key.
    if (!header.kid || !header.kid.startsWith(`${issuer}#`) || !byKid.has(header.kid))
      return { outcome: 'unknown_issuer', issuer };
    // 2. The signature, over exactly these bytes.
    try {
      await jwtVerify(jwt, keys, { typ: 'vc+jwt', algorithms: ALGORITHMS });
    } catch (err) {
      if (err instanceof errors.JWSSignatureVerificationFailed || err instanceof errors.JWSInvalid)
        return { outcome: 'forged', issuer };
      throw err;
    }
    return outcomeOf(claims, issuer, now);
  };

  return async function verify(jwt: string, now = new Date()) {
    const header = decodeProtectedHeader(jwt);
    const key = header.typ === 'vc+jwt' && header.kid && header.alg ? keyOf(header.kid, header.alg) : null;
    if (!key) return answerOf(jwt, now);
    let claims: Claims;
    try {
      claims = (await jwtVerify(jwt, await key, { typ: 'vc+jwt', algorithms: ALGORITHMS })).payload;
    } catch {
      return answerOf(jwt, now);
    }
    const issuer = issuerOf(claims);
    if ('vc' in claims || !issuer || !header.kid!.startsWith(`${issuer}#`)) return answerOf(jwt, now);
    return outcomeOf(claims, issuer, now);
  };
}

/** Verify one credential: the keys and lists from files or URLs (cached copies), or resolved online. */
export async function verifyCredential(jwt: string, opts: { keys?: string[]; status?: string[]; now?: Date } = {}) {
  const claims = decodeJwt(jwt);
  const issuer = typeof claims.issuer === 'string' ? claims.issuer : (claims.issuer as { id?: string })?.id;
  const keyRefs = opts.keys?.length ? opts.keys : issuer?.startsWith('did:web:') ? [didWebUrl(issuer)] : [];
  const jwks: JSONWebKeySet = { keys: [] };
  for (const ref of keyRefs) jwks.keys.push(...keysOf(JSON.parse(await read(ref))).keys);
  const entries = [claims.credentialStatus ?? []].flat() as Entry[];
  const refs = opts.status?.length ? opts.status : [...new Set(entries.map((e) => e.statusListCredential))];
  const lists = await Promise.all(refs.map(read));
  return (await offlineVerifier(jwks, lists))(jwt, opts.now);
}

if (import.meta.url === `file://${process.argv[1]}` && args[0]) {
  const jwt = await read(args[0]);
  const now = option('--now')[0];
  const answer = await verifyCredential(jwt, {
    keys: option('--keys'),
    status: option('--status'),
    ...(now ? { now: new Date(now) } : {}),
  });
  console.log(JSON.stringify(answer, null, 2));
}
