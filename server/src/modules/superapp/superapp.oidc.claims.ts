/**
 * What an app receives about a person: the claims of the scopes they consented to, and nothing
 * else — name, masked or full ID number, phone, address (the population registry's, the person's
 * own record), the enterprise they act for — and the record of every release: a row in
 * superapp.releases (the app's supervision reads it) and one in the personal-data access log,
 * so the person's data tracker (谁查了我的数据) shows the app, what it received, and why.
 */
import type { Principal } from '../../platform/auth.ts';
import { scoped } from '../../platform/db.ts';
import { uuidv7 } from '../../platform/ids.ts';
import { maskIdNumber } from '../../platform/masking.ts';
import { recordPersonalDataAccess } from '../../platform/pii.ts';
import type { SuperappContext } from './superapp.context.ts';
import type { RegisteredApp } from './superapp.directory.ts';
import { purposesOf } from './superapp.oidc.consents.ts';
import type { SuperappOidcTables } from './superapp.oidc.tables.ts';
import { SCOPES, type Scope } from './superapp.scopes.ts';

export type Via = 'id_token' | 'userinfo' | 'introspection';

/** The acr of a staff sign-in (password and TOTP); residents' is their real-name level. */
export const STAFF_ACR = 'staff_totp';

export class Claims {
  private readonly c: SuperappContext;

  constructor(context: SuperappContext) {
    this.c = context;
  }

  /** The acr of an account: its real-name assurance level (staff: password and TOTP). */
  async acrOf(principal: Pick<Principal, 'kind' | 'assuranceLevel'>): Promise<string> {
    return principal.kind === 'staff' ? STAFF_ACR : principal.assuranceLevel;
  }

  /** The claims of these scopes about the account (sub is the account id: the provider makes it pairwise). */
  async of(
    accountId: string,
    scopes: ReadonlySet<string>,
    actingEnterpriseId: string | null,
  ): Promise<Record<string, unknown>> {
    const out: Record<string, unknown> = { sub: accountId };
    const identity = this.c.deps.identity;
    const facts = await identity.identityFacts(accountId);
    const needsPrincipal =
      !facts || ['id_number', 'id_number_masked', 'phone', 'address', 'enterprise'].some((s) => scopes.has(s));
    const principal = needsPrincipal ? await identity.principalOf({ accountId }, actingEnterpriseId) : null;
    if (!facts && !principal) return out;
    if (scopes.has('openid')) out.acr = facts ? facts.assuranceLevel : await this.acrOf(principal!);
    if (scopes.has('profile')) out.name = facts?.name ?? principal!.displayName;
    if (!facts || !principal) return out;
    const own = await identity.valuesOf(principal);
    const idNumber = own['person.idNumber'];
    if (scopes.has('id_number') && idNumber) out.id_number = idNumber;
    if (scopes.has('id_number_masked') && idNumber) out.id_number_masked = maskIdNumber(idNumber);
    if (scopes.has('phone') && own['person.phone']) {
      out.phone_number = own['person.phone'];
      out.phone_number_verified = true;
    }
    if (scopes.has('address')) {
      const { records } = await this.c.deps.exchange.service.ownRecords(
        { ...principal, actingAs: null },
        { registry: 'population-registry', fields: ['address'] },
      );
      const address = records[0]?.values.address;
      if (typeof address === 'string' && address) out.address = { formatted: address };
    }
    if (scopes.has('enterprise') && principal.actingAs)
      out.enterprise = { name: principal.actingAs.name, uscc: principal.actingAs.uscc };
    return out;
  }

  /**
   * Record a release: superapp.releases and, for a resident, the personal-data access log (the
   * data tracker), in one transaction. `claims` are the names released.
   */
  async release(input: {
    app: RegisteredApp;
    accountId: string;
    claims: string[];
    consentId: string | null;
    via: Via;
    scopes: readonly Scope[];
    requestId: string | null;
  }): Promise<void> {
    const { app, accountId, claims } = input;
    if (claims.length === 0) return;
    const facts = app.audience === 'citizen' ? await this.c.deps.identity.identityFacts(accountId) : null;
    const now = this.c.platform.clock.now();
    await this.c.platform.db.transaction().execute(async (tx) => {
      await scoped<SuperappOidcTables>(tx)
        .insertInto('superapp.releases')
        .values({
          id: uuidv7(now.getTime()),
          app_id: app.id,
          account_id: accountId,
          claims,
          consent_id: input.consentId || null,
          via: input.via,
          at: now,
        })
        .execute();
      if (facts)
        await recordPersonalDataAccess(
          tx,
          {
            subjectIndex: facts.idNumberIndex,
            accessorId: null,
            accessorName: app.manifest?.name.zh ?? app.slug,
            organisation: app.ownerName,
            purpose: purposesOf(app, input.scopes) || SCOPES.openid.zh,
            fields: claims,
            resourceType: 'superapp.app',
            resourceId: app.id,
            requestId: input.requestId,
            systemId: `app:${app.slug}`,
          },
          now,
        );
    });
  }
}
