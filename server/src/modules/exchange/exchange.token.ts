/**
 * The token endpoint of external systems (OAuth 2.0 client credentials, RFC 6749 §4.4) with
 * client authentication by a JWT assertion signed by the system's registered key (RFC 7523
 * §2.2 and §3): iss = sub = the client id, aud = the token endpoint's URL, exp at most five
 * minutes ahead, and a jti that is used once (kept until the assertion expires, so a replay
 * is refused). The answer is an opaque bearer token valid for five minutes, kept as its
 * SHA-256 only; every request, issued or refused, is one row of exchange.system_sign_ins.
 */
import { createHash } from 'node:crypto';
import { decodeJwt, importJWK, jwtVerify, type CryptoKey, type JWK } from 'jose';
import type { Kysely } from 'kysely';
import type { Clock } from '../../platform/clock.ts';
import { scoped } from '../../platform/db.ts';
import { AppError, type ErrorCode } from '../../platform/errors.ts';
import { randomToken, uuidv7 } from '../../platform/ids.ts';
import type { SystemsTables } from './exchange.systems.tables.ts';
import type { TokenRefusal } from './exchange.systems.errors.ts';

export const CLIENT_CREDENTIALS = 'client_credentials';
export const JWT_BEARER_ASSERTION = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
/** The longest an assertion may be valid for (from now to its exp). */
export const MAX_ASSERTION_SECONDS = 300;
/** How long an access token is valid. */
export const TOKEN_SECONDS = 300;
/** Clock skew allowed between the client and the platform. */
const SKEW_SECONDS = 30;
/** How long a node trusts a token it has looked up (a disabled system stops within this). */
const CACHE_MS = 30_000;
const CACHE_MAX = 10_000;

/** An authenticated external system, as a read's requester names it. */
export interface SystemRef {
  id: string;
  clientId: string;
  name: string;
  departmentCode: string | null;
}

export interface TokenRequest {
  grant_type?: string | undefined;
  client_assertion_type?: string | undefined;
  client_assertion?: string | undefined;
  client_id?: string | undefined;
}

export interface TokenAnswer {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
}

/** A refused token request: its stable code (and, for the answer, the OAuth error). */
export const refuse = (code: TokenRefusal, message: string): AppError =>
  new AppError<ErrorCode>(
    code === 'EXCHANGE_TOKEN_REQUEST_INVALID' || code === 'EXCHANGE_GRANT_TYPE_UNSUPPORTED' ? 400 : 401,
    code,
    message,
  );

const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');

type Db = Kysely<SystemsTables>;

export class SystemTokens {
  private readonly db: Db;
  private readonly clock: Clock;
  private readonly keys = new Map<string, { thumbprint: string; key: CryptoKey | Uint8Array }>();
  private readonly cache = new Map<string, { system: SystemRef; until: number }>();

  constructor(db: Kysely<object>, clock: Clock) {
    this.db = scoped<SystemsTables>(db);
    this.clock = clock;
  }

  /**
   * Issue an access token for a valid client assertion. `audiences` are the token endpoint's
   * URLs as the client may know it (the public URL's and the request's own).
   */
  async issue(
    req: TokenRequest,
    audiences: readonly string[],
    origin: { requestId: string; ip: string | null },
  ): Promise<TokenAnswer> {
    const now = this.clock.now();
    let systemId: string | null = null;
    let clientId: string | null = null;
    try {
      if (req.grant_type !== CLIENT_CREDENTIALS)
        throw refuse('EXCHANGE_GRANT_TYPE_UNSUPPORTED', 'grant_type must be client_credentials');
      if (req.client_assertion_type !== JWT_BEARER_ASSERTION || !req.client_assertion)
        throw refuse(
          'EXCHANGE_TOKEN_REQUEST_INVALID',
          `client_assertion_type must be ${JWT_BEARER_ASSERTION}, with a client_assertion`,
        );
      let issuer: unknown;
      try {
        issuer = decodeJwt(req.client_assertion).iss;
      } catch {
        throw refuse('EXCHANGE_ASSERTION_INVALID', 'The client assertion is not a JWT');
      }
      if (typeof issuer !== 'string' || issuer.length === 0 || issuer.length > 200)
        throw refuse('EXCHANGE_ASSERTION_INVALID', 'The client assertion has no issuer (iss)');
      clientId = issuer;
      if (req.client_id !== undefined && req.client_id !== issuer)
        throw refuse('EXCHANGE_ASSERTION_INVALID', 'client_id differs from the assertion’s issuer');
      const system = await this.db
        .selectFrom('exchange.systems')
        .select(['id', 'client_id', 'name', 'department_code', 'public_jwk', 'key_alg', 'key_thumbprint', 'status'])
        .where('client_id', '=', issuer)
        .executeTakeFirst();
      if (!system) throw refuse('EXCHANGE_CLIENT_UNKNOWN', 'No system is registered with this client id');
      systemId = system.id;
      if (system.status !== 'active') throw refuse('EXCHANGE_CLIENT_DISABLED', 'This system is disabled');
      const key = await this.keyOf(system);
      const claims = await verify(req.client_assertion, key, system.key_alg, now);
      if (claims.sub !== issuer) throw refuse('EXCHANGE_ASSERTION_INVALID', 'sub must equal iss (the client id)');
      const aud = [claims.aud ?? []].flat();
      if (!aud.some((a) => audiences.includes(a)))
        throw refuse('EXCHANGE_ASSERTION_AUDIENCE', `aud must be the token endpoint: ${audiences[0] ?? ''}`);
      if (typeof claims.exp !== 'number') throw refuse('EXCHANGE_ASSERTION_EXPIRED', 'The assertion has no exp');
      if (claims.exp * 1000 > now.getTime() + (MAX_ASSERTION_SECONDS + SKEW_SECONDS) * 1000)
        throw refuse('EXCHANGE_ASSERTION_TOO_LONG', 'exp may be at most 5 minutes ahead');
      const jti = claims.jti;
      if (typeof jti !== 'string' || jti.length === 0 || jti.length > 200)
        throw refuse('EXCHANGE_ASSERTION_INVALID', 'The assertion needs a jti (at most 200 characters)');
      const token = `ywx_${randomToken(32)}`;
      const expiresAt = new Date(now.getTime() + TOKEN_SECONDS * 1000);
      const fresh = await this.db.transaction().execute(async (tx) => {
        const used = await tx
          .insertInto('exchange.system_assertions')
          .values({ system_id: system.id, jti, expires_at: new Date(claims.exp! * 1000 + SKEW_SECONDS * 1000) })
          .onConflict((oc) => oc.columns(['system_id', 'jti']).doNothing())
          .returning('jti')
          .executeTakeFirst();
        if (!used) return false;
        await tx
          .deleteFrom('exchange.system_assertions')
          .where('system_id', '=', system.id)
          .where('expires_at', '<', now)
          .execute();
        await tx.deleteFrom('exchange.system_tokens').where('expires_at', '<', now).execute();
        await tx
          .insertInto('exchange.system_tokens')
          .values({ token_hash: sha256(token), system_id: system.id, issued_at: now, expires_at: expiresAt })
          .execute();
        await this.signIn(tx, now, system.id, issuer, null, origin);
        return true;
      });
      if (!fresh) throw refuse('EXCHANGE_ASSERTION_REPLAYED', 'This assertion (jti) has been used before');
      return { access_token: token, token_type: 'Bearer', expires_in: TOKEN_SECONDS };
    } catch (err) {
      if (err instanceof AppError) await this.signIn(this.db, now, systemId, clientId, err.code, origin);
      throw err;
    }
  }

  /** The system a bearer token stands for; EXCHANGE_TOKEN_INVALID when none (or expired, or disabled). */
  async authenticate(authorization: string | undefined): Promise<SystemRef> {
    const m = /^Bearer (\S{10,200})$/i.exec(authorization ?? '');
    if (!m) throw invalidToken();
    const hash = sha256(m[1]!);
    const now = this.clock.now().getTime();
    const hit = this.cache.get(hash);
    if (hit && hit.until > now) return hit.system;
    const row = await this.db
      .selectFrom('exchange.system_tokens as t')
      .innerJoin('exchange.systems as s', 's.id', 't.system_id')
      .select(['s.id', 's.client_id', 's.name', 's.department_code', 's.status', 't.expires_at'])
      .where('t.token_hash', '=', hash)
      .executeTakeFirst();
    if (!row || row.status !== 'active' || row.expires_at.getTime() <= now) {
      this.cache.delete(hash);
      throw invalidToken();
    }
    const system = { id: row.id, clientId: row.client_id, name: row.name, departmentCode: row.department_code };
    if (this.cache.size >= CACHE_MAX) this.cache.clear();
    this.cache.set(hash, { system, until: Math.min(row.expires_at.getTime(), now + CACHE_MS) });
    return system;
  }

  /** Forget what this node remembers of a system's tokens and key (it was disabled or re-keyed). */
  forget(systemId: string): void {
    this.keys.delete(systemId);
    for (const [hash, entry] of this.cache) if (entry.system.id === systemId) this.cache.delete(hash);
  }

  private async keyOf(s: { id: string; public_jwk: unknown; key_alg: string; key_thumbprint: string }) {
    const known = this.keys.get(s.id);
    if (known && known.thumbprint === s.key_thumbprint) return known.key;
    const key = await importJWK(s.public_jwk as JWK, s.key_alg);
    this.keys.set(s.id, { thumbprint: s.key_thumbprint, key });
    return key;
  }

  private async signIn(
    db: Db,
    at: Date,
    systemId: string | null,
    clientId: string | null,
    refusal: string | null,
    origin: { requestId: string; ip: string | null },
  ): Promise<void> {
    await db
      .insertInto('exchange.system_sign_ins')
      .values({
        id: uuidv7(at.getTime()),
        at,
        system_id: systemId,
        client_id: clientId,
        outcome: refusal ? 'refused' : 'issued',
        refusal,
        ip: origin.ip,
        request_id: origin.requestId,
      })
      .execute();
  }
}

const invalidToken = () =>
  new AppError(401, 'EXCHANGE_TOKEN_INVALID', 'Send a valid access token: Authorization: Bearer <token>', {
    headers: { 'www-authenticate': 'Bearer error="invalid_token"' },
  });

/** Verify the assertion's signature, exp and nbf (the platform's clock, 30 s of skew); the stable code of what is wrong. */
async function verify(assertion: string, key: CryptoKey | Uint8Array, alg: string, now: Date) {
  try {
    const { payload } = await jwtVerify(assertion, key, {
      algorithms: [alg],
      currentDate: now,
      clockTolerance: SKEW_SECONDS,
      requiredClaims: ['exp'],
    });
    return payload;
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === 'ERR_JWT_EXPIRED') throw refuse('EXCHANGE_ASSERTION_EXPIRED', 'The assertion has expired');
    if (code === 'ERR_JWT_CLAIM_VALIDATION_FAILED' && (err as { claim?: string }).claim === 'exp')
      throw refuse('EXCHANGE_ASSERTION_EXPIRED', 'The assertion has no exp');
    throw refuse('EXCHANGE_ASSERTION_INVALID', 'The assertion’s signature or claims are not valid');
  }
}
