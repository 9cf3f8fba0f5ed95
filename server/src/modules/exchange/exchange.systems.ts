/**
 * External systems (外部系统): registered by a system admin, or by a department admin for
 * their own department, with a name, the organisation behind it (a USCC or a department
 * code), its public key (a JWK: Ed25519 or P-256) and the department whose grants it reads
 * under (or none: then only grants made to the system itself). Registering, disabling and
 * re-keying a system are audited; its token requests are listed for the same admins.
 */
import { calculateJwkThumbprint, importJWK, type JWK } from 'jose';
import type { Kysely, Selectable } from 'kysely';
import { principalActor, requirePrincipal, type Principal, type RequestOrigin } from '../../platform/auth.ts';
import { systemActor, type ActorRef } from '../../platform/audit.ts';
import { command, type Platform } from '../../platform/context.ts';
import { insertRow, scoped } from '../../platform/db.ts';
import { AppError, forbidden, notFound, validationFailed } from '../../platform/errors.ts';
import { validateUscc } from '../../platform/id-numbers.ts';
import { uuidv7 } from '../../platform/ids.ts';
import type { EventMap } from '../../platform/outbox.ts';
import type { SystemTokens } from './exchange.token.ts';
import type { SystemsTables } from './exchange.systems.tables.ts';
import type { ExchangeTables } from './exchange.tables.ts';

export const systemsPermissions = ['exchange.system.register', 'exchange.system.manage'] as const;

export interface SystemInput {
  clientId?: string | undefined;
  name: string;
  nameEn: string;
  organisationKind: 'uscc' | 'department';
  organisation: string;
  departmentCode: string | null;
  publicJwk: Record<string, unknown>;
}

/** A grant the seed makes to its example system (the registry's owner's, as if its admin had made it). */
export interface SeedGrant {
  registry: string;
  fields: string[];
  purpose: string;
  legalBasis: string;
  statutory: boolean;
}

export interface SystemView {
  id: string;
  clientId: string;
  name: string;
  nameEn: string;
  organisationKind: 'uscc' | 'department';
  organisation: string;
  departmentCode: string | null;
  publicJwk: Record<string, string>;
  keyAlg: 'EdDSA' | 'ES256';
  keyThumbprint: string;
  status: 'active' | 'disabled';
  createdAt: string;
}

export interface SignInView {
  at: string;
  outcome: 'issued' | 'refused';
  refusal: string | null;
  ip: string | null;
}

type Row = Selectable<SystemsTables['exchange.systems']>;
/** Who registered the demo's example system: the seed (no account). */
const SEED_ACCOUNT = '00000000-0000-0000-0000-000000000000';

/** Who may manage systems: system admins all; a department admin those reading under their department. */
export const systemsPolicy = {
  departmentsOf(p: Principal): Set<string> {
    return new Set(
      p.posts.filter((x) => x.roles.includes('department_admin') && x.departmentCode).map((x) => x.departmentCode!),
    );
  },
  admin(p: Principal | null): { principal: Principal; all: boolean; departments: Set<string> } {
    const principal = requirePrincipal(p);
    const all = principal.kind === 'staff' && principal.roles.has('system_admin');
    const departments = principal.kind === 'staff' ? systemsPolicy.departmentsOf(principal) : new Set<string>();
    if (!all && departments.size === 0)
      throw forbidden('Only a system admin or a department admin manages external systems');
    return { principal, all, departments };
  },
  sees(a: { all: boolean; departments: Set<string> }, departmentCode: string | null): boolean {
    return a.all || (departmentCode !== null && a.departments.has(departmentCode));
  },
};

const notVisible = () => notFound('SYSTEM_NOT_FOUND', 'No such external system');
const keyInvalid = (why: string) => new AppError(422, 'SYSTEM_KEY_INVALID', `The public key is not valid: ${why}`);

/** A public JWK of an allowed kind, reduced to its public members, with its algorithm and thumbprint (RFC 7638). */
export async function publicKeyOf(
  jwk: Record<string, unknown>,
): Promise<{ jwk: Record<string, string>; alg: 'EdDSA' | 'ES256'; thumbprint: string }> {
  if ('d' in jwk) throw keyInvalid('it holds a private key (d); register the public key only');
  const str = (k: string) => (typeof jwk[k] === 'string' ? (jwk[k] as string) : '');
  let pub: Record<string, string>;
  let alg: 'EdDSA' | 'ES256';
  if (jwk.kty === 'OKP' && jwk.crv === 'Ed25519' && str('x')) {
    pub = { kty: 'OKP', crv: 'Ed25519', x: str('x') };
    alg = 'EdDSA';
  } else if (jwk.kty === 'EC' && jwk.crv === 'P-256' && str('x') && str('y')) {
    pub = { kty: 'EC', crv: 'P-256', x: str('x'), y: str('y') };
    alg = 'ES256';
  } else throw keyInvalid('kty/crv must be OKP/Ed25519 or EC/P-256');
  try {
    await importJWK(pub as JWK, alg);
  } catch {
    throw keyInvalid('the key does not load');
  }
  return { jwk: pub, alg, thumbprint: await calculateJwkThumbprint(pub as JWK) };
}

const view = (r: Row): SystemView => ({
  id: r.id,
  clientId: r.client_id,
  name: r.name,
  nameEn: r.name_en,
  organisationKind: r.organisation_kind,
  organisation: r.organisation,
  departmentCode: r.department_code,
  publicJwk: r.public_jwk as Record<string, string>,
  keyAlg: r.key_alg,
  keyThumbprint: r.key_thumbprint,
  status: r.status,
  createdAt: r.created_at.toISOString(),
});

export class ExternalSystems {
  private readonly db: Kysely<SystemsTables>;
  private readonly p: Platform<EventMap>;
  private readonly tokens: SystemTokens;
  /** Whether a department code names a department (org's). */
  private readonly departmentExists: (code: string) => Promise<boolean>;
  /** What the seed's grants need first: the registry catalogue in the database. */
  private readonly beforeSeed: () => Promise<void>;

  constructor(
    p: Platform<EventMap>,
    tokens: SystemTokens,
    departmentExists: (code: string) => Promise<boolean>,
    beforeSeed: () => Promise<void>,
  ) {
    this.p = p;
    this.db = scoped<SystemsTables>(p.db);
    this.tokens = tokens;
    this.departmentExists = departmentExists;
    this.beforeSeed = beforeSeed;
  }

  async register(p: Principal | null, input: SystemInput, origin: RequestOrigin): Promise<SystemView> {
    const a = systemsPolicy.admin(p);
    if (!systemsPolicy.sees(a, input.departmentCode))
      throw forbidden('A department admin registers systems that read under their own department');
    if (input.departmentCode && !(await this.departmentExists(input.departmentCode)))
      throw new AppError(422, 'SYSTEM_DEPARTMENT_UNKNOWN', 'No such department');
    if (input.organisationKind === 'uscc') {
      const check = validateUscc(input.organisation);
      if (!check.ok) throw validationFailed([{ path: '/organisation', code: check.code, message: check.message }]);
    }
    if (input.organisationKind === 'department' && !(await this.departmentExists(input.organisation)))
      throw new AppError(422, 'SYSTEM_DEPARTMENT_UNKNOWN', 'No such department (organisation)');
    const key = await publicKeyOf(input.publicJwk);
    return this.insert(principalActor(a.principal, origin), a.principal.accountId, input, key);
  }

  /**
   * The seed's registration (the demo's example system), with the grants its registries'
   * owners make to it: no principal, the same checks of the key; nothing when it is there.
   */
  async registerForSeed(
    input: SystemInput & { clientId: string },
    grants: readonly SeedGrant[],
    log: (msg: string) => void,
  ): Promise<void> {
    const known = await this.db
      .selectFrom('exchange.systems')
      .select('id')
      .where('client_id', '=', input.clientId)
      .executeTakeFirst();
    if (known) return;
    await this.beforeSeed();
    const system = await this.insert(systemActor('seed'), SEED_ACCOUNT, input, await publicKeyOf(input.publicJwk));
    await command(this.p, systemActor('seed'), async (w) => {
      for (const g of grants) {
        const id = uuidv7(w.now.getTime());
        await insertRow(scoped<ExchangeTables>(w.tx), 'exchange.grants', {
          id,
          registry_code: g.registry,
          grantee_department_code: null,
          grantee_item_code: null,
          grantee_system_id: system.id,
          fields: g.fields,
          purpose: g.purpose,
          legal_basis: g.legalBasis,
          statutory: g.statutory,
          starts_at: w.now,
          ends_at: null,
          revoked_at: null,
          revoked_by: null,
          granted_by: null,
          created_at: w.now,
        });
        await w.audit({
          action: 'exchange.grant.created',
          resourceType: 'exchange.grant',
          resourceId: id,
          detail: { registry: g.registry, granteeSystem: system.id, seed: true },
        });
      }
    });
    log(`exchange: external system ${input.clientId} (${input.name}) with ${grants.length} grant(s)`);
  }

  private async insert(
    actor: ActorRef,
    by: string,
    input: SystemInput,
    key: Awaited<ReturnType<typeof publicKeyOf>>,
  ): Promise<SystemView> {
    return command(this.p, actor, async (w) => {
      const db = scoped<SystemsTables>(w.tx);
      const id = uuidv7(w.now.getTime());
      const clientId = input.clientId ?? `sys-${id.slice(-12)}`;
      const taken = await db
        .selectFrom('exchange.systems')
        .select('id')
        .where('client_id', '=', clientId)
        .executeTakeFirst();
      if (taken) throw new AppError(409, 'SYSTEM_CLIENT_ID_TAKEN', 'This client id is already registered');
      await insertRow(db, 'exchange.systems', {
        id,
        client_id: clientId,
        name: input.name,
        name_en: input.nameEn,
        organisation_kind: input.organisationKind,
        organisation: input.organisation,
        department_code: input.departmentCode,
        public_jwk: JSON.stringify(key.jwk),
        key_alg: key.alg,
        key_thumbprint: key.thumbprint,
        status: 'active',
        registered_by: by,
        created_at: w.now,
        updated_at: w.now,
      });
      await w.audit({
        action: 'exchange.system.registered',
        resourceType: 'exchange.system',
        resourceId: id,
        change: { clientId, departmentCode: input.departmentCode, thumbprint: key.thumbprint },
        detail: { clientId, departmentCode: input.departmentCode, keyAlg: key.alg },
      });
      return view(await db.selectFrom('exchange.systems').selectAll().where('id', '=', id).executeTakeFirstOrThrow());
    });
  }

  async list(p: Principal | null): Promise<SystemView[]> {
    const a = systemsPolicy.admin(p);
    let q = this.db.selectFrom('exchange.systems').selectAll().orderBy('created_at', 'desc');
    if (!a.all) q = q.where('department_code', 'in', [...a.departments]);
    return (await q.execute()).map(view);
  }

  private async visible(p: Principal | null, id: string) {
    const a = systemsPolicy.admin(p);
    const row = await this.db.selectFrom('exchange.systems').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row || !systemsPolicy.sees(a, row.department_code)) throw notVisible();
    return { a, row };
  }

  async get(p: Principal | null, id: string): Promise<SystemView> {
    return view((await this.visible(p, id)).row);
  }

  /** Disable or re-enable a system; a disabled system's tokens stop working (within 30 s on other nodes). */
  async setStatus(p: Principal | null, id: string, status: 'active' | 'disabled', origin: RequestOrigin) {
    const { a } = await this.visible(p, id);
    const out = await command(this.p, principalActor(a.principal, origin), async (w) => {
      const db = scoped<SystemsTables>(w.tx);
      await db.updateTable('exchange.systems').set({ status, updated_at: w.now }).where('id', '=', id).execute();
      if (status === 'disabled') await db.deleteFrom('exchange.system_tokens').where('system_id', '=', id).execute();
      await w.audit({ action: `exchange.system.${status}`, resourceType: 'exchange.system', resourceId: id });
      return view(await db.selectFrom('exchange.systems').selectAll().where('id', '=', id).executeTakeFirstOrThrow());
    });
    this.tokens.forget(id);
    return out;
  }

  /** Replace a system's public key (key rotation at the client). */
  async rekey(p: Principal | null, id: string, publicJwk: Record<string, unknown>, origin: RequestOrigin) {
    const { a } = await this.visible(p, id);
    const key = await publicKeyOf(publicJwk);
    const out = await command(this.p, principalActor(a.principal, origin), async (w) => {
      const db = scoped<SystemsTables>(w.tx);
      await db
        .updateTable('exchange.systems')
        .set({
          public_jwk: JSON.stringify(key.jwk),
          key_alg: key.alg,
          key_thumbprint: key.thumbprint,
          updated_at: w.now,
        })
        .where('id', '=', id)
        .execute();
      await w.audit({
        action: 'exchange.system.rekeyed',
        resourceType: 'exchange.system',
        resourceId: id,
        change: { thumbprint: key.thumbprint },
        detail: { keyAlg: key.alg },
      });
      return view(await db.selectFrom('exchange.systems').selectAll().where('id', '=', id).executeTakeFirstOrThrow());
    });
    this.tokens.forget(id);
    return out;
  }

  /** A system's latest token requests, issued and refused. */
  async signIns(p: Principal | null, id: string): Promise<SignInView[]> {
    await this.visible(p, id);
    const rows = await this.db
      .selectFrom('exchange.system_sign_ins')
      .select(['at', 'outcome', 'refusal', 'ip'])
      .where('system_id', '=', id)
      .orderBy('at', 'desc')
      .orderBy('id', 'desc')
      .limit(50)
      .execute();
    return rows.map((r) => ({ at: r.at.toISOString(), outcome: r.outcome, refusal: r.refusal, ip: r.ip }));
  }
}
