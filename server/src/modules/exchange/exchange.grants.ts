/**
 * Sharing grants (共享授权): an admin of the owning department lets another department, a
 * named service item or a registered external system read named fields of its registry,
 * for a stated purpose under a legal basis, until an optional end date. A grant under a
 * statutory duty reads without the person's consent (and is still logged). Grants are
 * revoked, never deleted; each change is audited.
 */
import { principalActor, type Principal, type RequestOrigin } from '../../platform/auth.ts';
import { command } from '../../platform/context.ts';
import { AppError, notFound, validationFailed } from '../../platform/errors.ts';
import { uuidv7 } from '../../platform/ids.ts';
import type { ExchangeContext, GrantRow } from './exchange.context.ts';
import { GRANT_CHANGED } from './exchange.events.ts';
import { adminDepartments, policy } from './exchange.policy.ts';
import { REGISTRIES, registryOf, type RegistryCode, type RegistryDefinition } from './exchange.registries.ts';

export interface NewGrant {
  registry: string;
  granteeDepartment?: string | undefined;
  granteeItem?: string | undefined;
  granteeSystem?: string | undefined;
  fields: string[];
  purpose: string;
  legalBasis: string;
  statutory: boolean;
  startsAt?: string | undefined;
  endsAt?: string | undefined;
}

export interface GrantView {
  id: string;
  registry: RegistryCode;
  ownerDepartment: string;
  granteeDepartment: string | null;
  granteeItem: string | null;
  granteeSystem: string | null;
  fields: string[];
  purpose: string;
  legalBasis: string;
  statutory: boolean;
  startsAt: string;
  endsAt: string | null;
  revokedAt: string | null;
  createdAt: string;
  state: 'active' | 'scheduled' | 'ended' | 'revoked';
}

const REGISTRY_OWNED = new Map<string, string[]>();
for (const r of REGISTRIES) REGISTRY_OWNED.set(r.owner, [...(REGISTRY_OWNED.get(r.owner) ?? []), r.code]);

/** The registries these departments own. */
export const registriesOwnedBy = (departments: readonly string[]): string[] =>
  departments.flatMap((d) => REGISTRY_OWNED.get(d) ?? []);

const grantNotFound = () => notFound('GRANT_NOT_FOUND', 'No such sharing grant');

function registryOrThrow(code: string): RegistryDefinition {
  const r = registryOf(code);
  if (!r) throw new AppError(404, 'REGISTRY_NOT_FOUND', 'No such registry');
  return r;
}

export function grantView(g: GrantRow, now: Date): GrantView {
  const state = g.revoked_at
    ? 'revoked'
    : g.ends_at && g.ends_at <= now
      ? 'ended'
      : g.starts_at > now
        ? 'scheduled'
        : 'active';
  return {
    id: g.id,
    registry: g.registry_code as RegistryCode,
    ownerDepartment: registryOf(g.registry_code)?.owner ?? '',
    granteeDepartment: g.grantee_department_code,
    granteeItem: g.grantee_item_code,
    granteeSystem: g.grantee_system_id,
    fields: g.fields,
    purpose: g.purpose,
    legalBasis: g.legal_basis,
    statutory: g.statutory,
    startsAt: g.starts_at.toISOString(),
    endsAt: g.ends_at?.toISOString() ?? null,
    revokedAt: g.revoked_at?.toISOString() ?? null,
    createdAt: g.created_at.toISOString(),
    state,
  };
}

export class Grants {
  private readonly c: ExchangeContext;

  constructor(context: ExchangeContext) {
    this.c = context;
  }

  /** Grant read access to named fields of a registry the caller's department owns. */
  async createGrant(p: Principal | null, input: NewGrant, origin: RequestOrigin): Promise<GrantView> {
    const registry = registryOrThrow(input.registry);
    const principal = policy.manageGrants(p, registry.owner);
    const known = new Set(registry.fields.map((f) => f.key));
    const unknown = input.fields.filter((f) => !known.has(f));
    if (unknown.length > 0 || input.fields.length === 0)
      throw new AppError(422, 'GRANT_FIELDS_UNKNOWN', 'A granted field is not a field of the registry', {
        details: [
          {
            path: '/fields',
            code: 'UNKNOWN_FIELD',
            message: unknown.length ? `unknown: ${unknown.join(', ')}` : 'name at least one field',
          },
        ],
      });
    const grantees = [input.granteeDepartment, input.granteeItem, input.granteeSystem].filter(Boolean);
    if (grantees.length !== 1)
      throw validationFailed([
        {
          path: '/granteeDepartment',
          code: 'ONE_GRANTEE',
          message: 'exactly one of granteeDepartment, granteeItem, granteeSystem',
        },
      ]);
    if (input.granteeDepartment && !(await this.c.deps.org.departmentNames()).has(input.granteeDepartment))
      throw validationFailed([
        { path: '/granteeDepartment', code: 'UNKNOWN_DEPARTMENT', message: 'unknown department' },
      ]);
    if (input.granteeItem && !(await this.c.deps.catalog.resolveItem(input.granteeItem)))
      throw validationFailed([{ path: '/granteeItem', code: 'UNKNOWN_ITEM', message: 'unknown service item' }]);
    const row = await command(this.c.p, principalActor(principal, origin), async (w) => {
      const startsAt = input.startsAt ? new Date(input.startsAt) : w.now;
      const endsAt = input.endsAt ? new Date(input.endsAt) : null;
      if (endsAt && endsAt <= startsAt)
        throw validationFailed([{ path: '/endsAt', code: 'ENDS_BEFORE_START', message: 'must be after the start' }]);
      const g: GrantRow = {
        id: uuidv7(w.now.getTime()),
        registry_code: registry.code,
        grantee_department_code: input.granteeDepartment ?? null,
        grantee_item_code: input.granteeItem ?? null,
        grantee_system_id: input.granteeSystem ?? null,
        fields: [...new Set(input.fields)],
        purpose: input.purpose,
        legal_basis: input.legalBasis,
        statutory: input.statutory,
        starts_at: startsAt,
        ends_at: endsAt,
        revoked_at: null,
        revoked_by: null,
        granted_by: principal.accountId,
        created_at: w.now,
      };
      await this.c.dbOf(w.tx).insertInto('exchange.grants').values(g).execute();
      await w.audit({
        action: 'exchange.grant.created',
        resourceType: 'grant',
        resourceId: g.id,
        detail: {
          registry: g.registry_code,
          grantee: g.grantee_department_code ?? g.grantee_item_code ?? g.grantee_system_id,
          fields: g.fields,
          purpose: g.purpose,
          legalBasis: g.legal_basis,
          statutory: g.statutory,
        },
      });
      await w.emit(GRANT_CHANGED, { grantId: g.id, registry: g.registry_code, change: 'created' });
      return g;
    });
    this.c.dropGrants(registry.code);
    return grantView(row, this.c.p.clock.now());
  }

  /** Revoke a grant: reads under it are refused from now on. */
  async revokeGrant(p: Principal | null, id: string, origin: RequestOrigin): Promise<GrantView> {
    const principal = policy.listGrants(p).principal;
    const g = await this.c.db.selectFrom('exchange.grants').selectAll().where('id', '=', id).executeTakeFirst();
    if (!g || !adminDepartments(principal).includes(registryOf(g.registry_code)?.owner ?? '')) throw grantNotFound();
    policy.manageGrants(principal, registryOf(g.registry_code)!.owner);
    const row = await command(this.c.p, principalActor(principal, origin), async (w) => {
      const updated = await this.c
        .dbOf(w.tx)
        .updateTable('exchange.grants')
        .set({ revoked_at: w.now, revoked_by: principal.accountId })
        .where('id', '=', id)
        .where('revoked_at', 'is', null)
        .returningAll()
        .executeTakeFirst();
      if (!updated) throw new AppError(409, 'GRANT_ALREADY_REVOKED', 'This grant has already been revoked');
      await w.audit({
        action: 'exchange.grant.revoked',
        resourceType: 'grant',
        resourceId: id,
        detail: { registry: g.registry_code },
      });
      await w.emit(GRANT_CHANGED, { grantId: id, registry: g.registry_code, change: 'revoked' });
      return updated;
    });
    this.c.dropGrants(g.registry_code);
    return grantView(row, this.c.p.clock.now());
  }

  /** Grants of the registries the caller's departments own, and grants they received. */
  async listGrants(p: Principal | null, f: { registry?: string | undefined; state?: GrantView['state'] | undefined }) {
    const { departments } = policy.listGrants(p);
    const owned = registriesOwnedBy(departments);
    let q = this.c.db
      .selectFrom('exchange.grants')
      .selectAll()
      .where((eb) =>
        eb.or([
          ...(owned.length ? [eb('registry_code', 'in', owned)] : []),
          eb('grantee_department_code', 'in', departments),
        ]),
      );
    if (f.registry) q = q.where('registry_code', '=', f.registry);
    const now = this.c.p.clock.now();
    const rows = await q.orderBy('created_at', 'desc').limit(500).execute();
    const items = rows.map((g) => grantView(g, now)).filter((g) => !f.state || g.state === f.state);
    return { items };
  }
}
