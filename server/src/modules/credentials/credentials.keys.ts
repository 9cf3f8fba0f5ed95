/**
 * Issuer keys (签发密钥), one current key per department: generated on first use with the
 * configured suite, the private half sealed at rest, the public half published as a JWKS and
 * in the department's did:web document. Rotating retires the current key (it still verifies
 * what it signed) and makes a new one; only the department's admin rotates, audited.
 */
import type { JWK } from 'jose';
import { systemActor } from '../../platform/audit.ts';
import { principalActor, requirePrincipal, type Principal } from '../../platform/auth.ts';
import { command } from '../../platform/context.ts';
import { forbidden, notFound } from '../../platform/errors.ts';
import { didOf, inTx, ISSUER_KEY_CONTEXT, type Context } from './credentials.context.ts';
import * as repo from './credentials.repository.ts';
import { suiteOf, thumbprintOf, type Signer, type Verifier } from './signer.ts';

/** A public key as published (JWKS, DID document). */
export interface PublicJwk {
  kty: string;
  crv?: string;
  x?: string;
  y?: string;
}

export interface PublishedKey {
  kid: string;
  alg: string;
  jwk: PublicJwk & { kid: string; alg: string; use: 'sig' };
  departmentCode: string;
  retired: boolean;
}

const SIGNER_TTL_MS = 60_000;

export class IssuerKeys {
  private readonly c: Context;
  private readonly signers = new Map<string, { signer: Signer; at: number }>();
  private readonly verifiers = new Map<string, { verify: Verifier; departmentCode: string }>();

  constructor(context: Context) {
    this.c = context;
  }

  get alg(): string {
    return this.c.deps.keyAlg ?? 'EdDSA';
  }

  /** The department's current signer, its first key made when it has none. */
  async signerOf(departmentCode: string): Promise<Signer> {
    const cached = this.signers.get(departmentCode);
    if (cached && Date.now() - cached.at < SIGNER_TTL_MS) return cached.signer;
    let row = await repo.currentKey(this.c.db, departmentCode);
    if (!row) {
      await this.create(departmentCode, null);
      row = await repo.currentKey(this.c.db, departmentCode);
    }
    if (!row) throw new Error(`no issuer key for ${departmentCode}`);
    const suite = suiteOf(row.alg);
    if (!suite) throw new Error(`no signature suite for ${row.alg}`);
    const privateJwk = JSON.parse(this.c.p.protector.open(row.private_sealed, ISSUER_KEY_CONTEXT)) as JWK;
    const signer = suite.signer(privateJwk, row.kid);
    this.signers.set(departmentCode, { signer, at: Date.now() });
    return signer;
  }

  /** A key's verifier by its kid (keys never change, so it is kept), or null when no key of ours has it. */
  async verifierOf(kid: string): Promise<{ verify: Verifier; departmentCode: string } | null> {
    const kept = this.verifiers.get(kid);
    if (kept) return kept;
    const row = await repo.keyByKid(this.c.db, kid);
    const suite = row && suiteOf(row.alg);
    if (!row || !suite) return null;
    const v = { verify: suite.verifier(row.public_jwk as JWK), departmentCode: row.department_code };
    this.verifiers.set(kid, v);
    return v;
  }

  /** Rotate a department's key: the department's admin only; the old key stays published for verification. */
  async rotate(p: Principal | null, departmentCode: string, meta: { requestId: string; ip: string }) {
    const principal = requirePrincipal(p);
    const admin = principal.posts.some(
      (post) => post.departmentCode === departmentCode && post.roles.includes('department_admin'),
    );
    if (!admin) throw forbidden('Only the department’s administrator rotates its issuer key');
    const kid = await this.create(departmentCode, principal, meta);
    this.signers.delete(departmentCode);
    return { kid };
  }

  /** Every key of a department (current first), as published. */
  async published(departmentCode: string): Promise<PublishedKey[]> {
    const rows = await repo.keysOf(this.c.db, departmentCode);
    if (rows.length === 0) throw notFound('ISSUER_NOT_FOUND', 'No such issuer');
    return rows.map((r) => ({
      kid: r.kid,
      alg: r.alg,
      departmentCode: r.department_code,
      retired: r.retired_at !== null,
      jwk: { ...publicPart(r.public_jwk as JWK), kid: r.kid, alg: r.alg, use: 'sig' as const },
    }));
  }

  /** The department's did:web document: every key as a JsonWebKey verification method. */
  async didDocument(departmentCode: string) {
    const keys = await this.published(departmentCode);
    const id = didOf(this.c.base, departmentCode);
    const names = await this.c.deps.org.departmentFacts(departmentCode);
    const methods = keys.map((k) => ({
      id: k.kid,
      type: 'JsonWebKey',
      controller: id,
      publicKeyJwk: publicPart(k.jwk),
    }));
    const current = keys.filter((k) => !k.retired).map((k) => k.kid);
    return {
      '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/jwk/v1'],
      id,
      ...(names ? { alsoKnownAs: [`urn:uscc:${names.uscc ?? ''}`], name: names.zh } : {}),
      verificationMethod: methods,
      assertionMethod: current,
      authentication: current,
    };
  }

  private async create(
    departmentCode: string,
    by: Principal | null,
    meta: { requestId: string; ip: string } | null = null,
  ): Promise<string> {
    const suite = suiteOf(this.alg);
    if (!suite) throw new Error(`no signature suite for ${this.alg}`);
    const { publicJwk, privateJwk } = await suite.generate();
    const kid = `${didOf(this.c.base, departmentCode)}#${await thumbprintOf(publicJwk)}`;
    const actor = by && meta ? principalActor(by, meta) : systemActor();
    await command(this.c.p, actor, async (w) => {
      const db = inTx(w);
      if (by) await repo.retireKeys(db, departmentCode, w.now);
      else if (await repo.currentKey(db, departmentCode)) return;
      const made = await repo.insertKey(db, {
        kid,
        department_code: departmentCode,
        alg: suite.alg,
        public_jwk: JSON.stringify(publicJwk),
        private_sealed: this.c.p.protector.seal(JSON.stringify(privateJwk), ISSUER_KEY_CONTEXT),
        created_at: w.now,
        retired_at: null,
      });
      if (!made) return;
      await w.audit({
        action: by ? 'credentials.key.rotated' : 'credentials.key.created',
        resourceType: 'issuer_key',
        resourceId: kid,
        detail: { departmentCode, alg: suite.alg },
      });
    });
    return kid;
  }
}

/** Only the public members of a JWK (kty, crv, x, y). */
function publicPart(jwk: JWK | PublicJwk): PublicJwk {
  return {
    kty: String(jwk.kty),
    ...(jwk.crv ? { crv: jwk.crv } : {}),
    ...(jwk.x ? { x: jwk.x } : {}),
    ...(jwk.y ? { y: jwk.y } : {}),
  };
}
