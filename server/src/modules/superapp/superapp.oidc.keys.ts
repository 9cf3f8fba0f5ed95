/**
 * The OIDC provider's secrets, made once per deployment on first use and sealed at rest like
 * the platform's other keys (DataProtector, context `superapp.oidc-key`; key rotation re-seals
 * them): the ID-token signing key (RS256, the OIDC default every client accepts), the keys that
 * sign the provider's cookies, and the salt of pairwise subject identifiers. Several nodes
 * starting together agree: each inserts its candidate `on conflict do nothing` and reads back
 * the one that won.
 */
import { createHash, createHmac, generateKeyPairSync, randomBytes } from 'node:crypto';
import type { JWK } from 'jose';
import type { Kysely } from 'kysely';
import { scoped } from '../../platform/db.ts';
import type { Platform } from '../../platform/context.ts';
import type { EventMap } from '../../platform/outbox.ts';
import type { SuperappOidcTables } from './superapp.oidc.tables.ts';

export const OIDC_KEY_CONTEXT = 'superapp.oidc-key';

export interface OidcSecrets {
  /** Private JWKs for the provider's JWKS (published without their private members). */
  signing: JWK[];
  cookieKeys: string[];
  /** The pairwise subject of an account for a sector (an app). */
  pairwise(sector: string, accountId: string): string;
}

function rsaKey(): { publicJwk: JWK; privateJwk: JWK; kid: string } {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const publicJwk = publicKey.export({ format: 'jwk' }) as JWK;
  // RFC 7638 thumbprint of an RSA key: its e, kty and n in this order.
  const kid = createHash('sha256')
    .update(JSON.stringify({ e: publicJwk.e, kty: publicJwk.kty, n: publicJwk.n }))
    .digest('base64url');
  return { publicJwk, privateJwk: privateKey.export({ format: 'jwk' }) as JWK, kid };
}

export async function loadOidcSecrets(p: Platform<EventMap>): Promise<OidcSecrets> {
  const db: Kysely<SuperappOidcTables> = scoped<SuperappOidcTables>(p.db);
  const seal = (v: string) => p.protector.seal(v, OIDC_KEY_CONTEXT);
  const open = (v: string) => p.protector.open(v, OIDC_KEY_CONTEXT);
  const ensure = async (
    kind: 'signing' | 'cookies' | 'pairwise',
    make: () => { id: string; pub: JWK | null; secret: string },
  ) => {
    const live = () =>
      db
        .selectFrom('superapp.oidc_keys')
        .selectAll()
        .where('kind', '=', kind)
        .where('retired_at', 'is', null)
        .orderBy('created_at', 'desc')
        .execute();
    let rows = await live();
    if (rows.length === 0) {
      const made = make();
      await db
        .insertInto('superapp.oidc_keys')
        .values({
          id: `${kind}:1`,
          kind,
          public_jwk: made.pub ? (JSON.stringify(made.pub) as unknown as Record<string, unknown>) : null,
          sealed: seal(made.secret),
          created_at: p.clock.now(),
          retired_at: null,
        })
        .onConflict((oc) => oc.column('id').doNothing())
        .execute();
      rows = await live();
    }
    return rows.map((r) => open(r.sealed));
  };
  const signing = await ensure('signing', () => {
    const k = rsaKey();
    return {
      id: k.kid,
      pub: k.publicJwk,
      secret: JSON.stringify({ ...k.privateJwk, kid: k.kid, alg: 'RS256', use: 'sig' }),
    };
  });
  const cookies = await ensure('cookies', () => ({
    id: 'cookies',
    pub: null,
    secret: randomBytes(32).toString('base64url'),
  }));
  const [salt] = await ensure('pairwise', () => ({
    id: 'pairwise',
    pub: null,
    secret: randomBytes(32).toString('base64url'),
  }));
  return {
    signing: signing.map((s) => JSON.parse(s) as JWK),
    cookieKeys: cookies,
    pairwise: (sector, accountId) => createHmac('sha256', salt!).update(`${sector}\n${accountId}`).digest('base64url'),
  };
}
