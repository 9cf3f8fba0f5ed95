/**
 * External systems in tests: key pairs (Ed25519 or P-256), client assertions (RFC 7523) with
 * any claim broken on purpose, and the token request as a form post.
 */
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import { randomUUID } from 'node:crypto';
import type { TestContext } from './helpers.ts';

export const TOKEN_URL = 'http://localhost:80/api/exchange/external/token';
export const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

export interface SystemKeys {
  alg: 'EdDSA' | 'ES256';
  publicJwk: Record<string, string>;
  privateKey: CryptoKey;
}

export async function systemKeys(alg: 'EdDSA' | 'ES256' = 'EdDSA'): Promise<SystemKeys> {
  const pair = await generateKeyPair(alg, alg === 'EdDSA' ? { crv: 'Ed25519' } : {});
  const jwk = (await exportJWK(pair.publicKey)) as JWK & Record<string, string>;
  return { alg, publicJwk: { ...jwk }, privateKey: pair.privateKey };
}

export interface AssertionOptions {
  iss?: string;
  sub?: string;
  aud?: string;
  /** Seconds from `now` (default 60). */
  expiresIn?: number;
  noExp?: boolean;
  jti?: string | null;
  /** Sign with this key instead (a bad signature). */
  key?: CryptoKey;
}

/** A client assertion for `clientId` at the clock's time. */
export async function assertion(
  keys: SystemKeys,
  clientId: string,
  now: Date,
  o: AssertionOptions = {},
): Promise<string> {
  const seconds = Math.floor(now.getTime() / 1000);
  const jwt = new SignJWT(o.jti === null ? {} : { jti: o.jti ?? randomUUID() })
    .setProtectedHeader({ alg: keys.alg, typ: 'JWT' })
    .setIssuer(o.iss ?? clientId)
    .setSubject(o.sub ?? clientId)
    .setAudience(o.aud ?? TOKEN_URL)
    .setIssuedAt(seconds);
  if (!o.noExp) jwt.setExpirationTime(seconds + (o.expiresIn ?? 60));
  return jwt.sign(o.key ?? keys.privateKey);
}

/** POST the token endpoint, form-encoded, as a system would. */
export async function requestToken(ctx: TestContext, clientAssertion: string, extra: Record<string, string> = {}) {
  const res = await ctx.app.inject({
    method: 'POST',
    url: '/api/exchange/external/token',
    headers: { 'content-type': 'application/x-www-form-urlencoded', host: 'localhost:80' },
    payload: new URLSearchParams({
      grant_type: 'client_credentials',
      client_assertion_type: JWT_BEARER,
      client_assertion: clientAssertion,
      ...extra,
    }).toString(),
  });
  return { status: res.statusCode, body: res.json<Record<string, unknown>>(), headers: res.headers };
}

/** POST an external read with a bearer token. */
export async function externalRead(ctx: TestContext, token: string | null, body: Record<string, unknown>) {
  const res = await ctx.app.inject({
    method: 'POST',
    url: '/api/exchange/external/read',
    headers: token ? { authorization: `Bearer ${token}` } : {},
    payload: body,
  });
  return { status: res.statusCode, body: res.json<Record<string, unknown>>() };
}
