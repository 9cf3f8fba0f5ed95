/**
 * A person's consent to an app (授权): recorded in the exchange's consent records (item code
 * `app:<slug>`, the fields being the claims of the consented scopes, the purpose the app declared
 * for each), with the scopes themselves kept beside it (superapp.oidc_consents). Checked live at
 * every code, token, refresh, userinfo and introspection: a consent withdrawn here or on the
 * exchange's consents page stops the next one. Giving and withdrawing are audited.
 */
import { principalActor, requirePrincipal, type Principal, type RequestOrigin } from '../../platform/auth.ts';
import { command } from '../../platform/context.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { scoped } from '../../platform/db.ts';
import type { SuperappContext } from './superapp.context.ts';
import type { RegisteredApp } from './superapp.directory.ts';
import type { OidcStore } from './superapp.oidc.adapter.ts';
import type { SuperappOidcTables } from './superapp.oidc.tables.ts';
import { SCOPES, type Scope } from './superapp.scopes.ts';

export interface LiveConsent {
  consentId: string;
  scopes: Scope[];
  actingEnterpriseId: string | null;
}

/** The exchange's item code of an app's consent. */
export const itemCodeOf = (app: Pick<RegisteredApp, 'slug'>) => `app:${app.slug}`;

/** The claims a set of scopes releases (the consent's fields). */
export const claimsOfScopes = (scopes: readonly Scope[]) => [
  ...new Set(scopes.flatMap((s) => [...(SCOPES[s].claims as readonly string[])])),
];

/** The app's declared purpose of each scope, as one line (zh-CN: the consent records' and the tracker's language). */
export function purposesOf(app: RegisteredApp, scopes: readonly Scope[]): string {
  const declared = new Map<string, string>(app.manifest?.scopes.map((s) => [s.scope, s.purpose.zh]) ?? []);
  return scopes
    .filter((s) => declared.has(s))
    .map((s) => `${SCOPES[s].zh}：${declared.get(s)}`)
    .join('；');
}

export const scopesOf = (scope: string | undefined): string[] => (scope ?? '').split(' ').filter(Boolean);

/** Only known scopes (narrowing a string). */
export const isScope = (s: string): s is Scope => Object.hasOwn(SCOPES, s);

export class AppConsents {
  private readonly c: SuperappContext;
  private readonly store: OidcStore;
  /** The scopes of a consent never change: kept once read. */
  private readonly scopesById = new Map<string, { scopes: Scope[]; acting: string | null }>();

  constructor(context: SuperappContext, store: OidcStore) {
    this.c = context;
    this.store = store;
  }

  private get db() {
    return scoped<SuperappOidcTables>(this.c.platform.db);
  }

  /** A usable app by slug, or 404 / 403 APP_NOT_AVAILABLE. */
  async usableApp(slug: string): Promise<RegisteredApp> {
    const app = await this.c.directory.bySlug(slug);
    if (!app || !app.liveVersion) throw notFound('APP_NOT_FOUND', 'No such app');
    if (!app.usable) throw new AppError(403, 'APP_NOT_AVAILABLE', 'This app is suspended or taken down');
    return app;
  }

  /** The person signs in to the app with the right kind of account (residents to citizen apps, staff to staff apps). */
  assertAudience(principal: Principal, app: RegisteredApp): void {
    if (principal.kind !== app.audience)
      throw new AppError(403, 'SUPERAPP_WRONG_ACCOUNT_KIND', `Only ${app.audience} accounts sign in to this app`);
  }

  /** Requested scopes the app declared, `openid` first; refuses others. */
  checkScopes(app: RegisteredApp, requested: readonly string[]): Scope[] {
    const bad = requested.filter((s) => !isScope(s) || !app.scopes.includes(s));
    if (bad.length > 0 || !requested.includes('openid'))
      throw new AppError(
        422,
        'SUPERAPP_SCOPE_NOT_DECLARED',
        `Not declared by the app: ${bad.join(' ') || 'openid missing'}`,
      );
    return [...new Set(requested as Scope[])];
  }

  /**
   * The person's live consent to the app, or null. Staff apps (department systems) need none:
   * their staff sign in under their employment, and receive only what the app declared.
   */
  async live(accountId: string, app: RegisteredApp): Promise<LiveConsent | null> {
    if (app.audience === 'staff') return { consentId: '', scopes: app.scopes, actingEnterpriseId: null };
    const facts = await this.c.deps.identity.identityFacts(accountId);
    if (!facts) return null;
    const consent = await this.c.deps.exchange.service.appConsentOf(facts.idNumberIndexes, itemCodeOf(app));
    if (!consent) return null;
    let kept = this.scopesById.get(consent.id);
    if (!kept) {
      const r = await this.db
        .selectFrom('superapp.oidc_consents')
        .select(['scopes', 'acting_enterprise_id', 'account_id', 'app_id'])
        .where('consent_id', '=', consent.id)
        .executeTakeFirst();
      if (!r || r.app_id !== app.id || r.account_id !== accountId) return null;
      kept = { scopes: r.scopes.filter(isScope), acting: r.acting_enterprise_id };
      this.scopesById.set(consent.id, kept);
    }
    return { consentId: consent.id, scopes: kept.scopes, actingEnterpriseId: kept.acting };
  }

  /** The live consent when it covers every one of these scopes, else null. */
  async covering(accountId: string, app: RegisteredApp, scopes: Iterable<string>): Promise<LiveConsent | null> {
    const live = await this.live(accountId, app);
    if (!live) return null;
    for (const s of scopes) if (!(live.scopes as string[]).includes(s)) return null;
    return live;
  }

  /** The person agrees that the app receive these scopes' claims, for the purposes it declared. */
  async give(
    p: Principal | null,
    slug: string,
    requested: readonly string[],
    origin: RequestOrigin,
  ): Promise<LiveConsent> {
    const principal = requirePrincipal(p);
    const app = await this.usableApp(slug);
    this.assertAudience(principal, app);
    const scopes = this.checkScopes(app, requested);
    if (app.audience === 'staff') return { consentId: '', scopes: app.scopes, actingEnterpriseId: null };
    const consent = await this.c.deps.exchange.service.giveAppConsent(
      principal,
      { itemCode: itemCodeOf(app), purpose: purposesOf(app, scopes), fields: claimsOfScopes(scopes) },
      origin,
    );
    const acting = scopes.includes('enterprise') ? (principal.actingAs?.enterpriseId ?? null) : null;
    await command(this.c.platform, principalActor(principal, origin), async (w) => {
      await scoped<SuperappOidcTables>(w.tx)
        .insertInto('superapp.oidc_consents')
        .values({
          consent_id: consent.id,
          app_id: app.id,
          account_id: principal.accountId,
          scopes,
          acting_enterprise_id: acting,
          at: w.now,
        })
        .execute();
      await w.audit({
        action: 'superapp.consent.given',
        resourceType: 'superapp.app',
        resourceId: app.id,
        detail: { slug: app.slug, consentId: consent.id, scopes },
      });
    });
    return { consentId: consent.id, scopes, actingEnterpriseId: acting };
  }

  /**
   * Withdraw the person's consent to the app: the exchange's record is withdrawn, and every
   * grant of the app for them is removed with its codes and tokens. Only one's own.
   */
  async withdraw(p: Principal | null, slug: string, origin: RequestOrigin): Promise<void> {
    const principal = requirePrincipal(p);
    const app = await this.c.directory.bySlug(slug);
    if (!app) throw notFound('APP_NOT_FOUND', 'No such app');
    const withdrawn =
      principal.kind === 'citizen'
        ? await this.c.deps.exchange.service.withdrawAppConsent(principal, itemCodeOf(app), origin)
        : null;
    await this.revokeGrants(principal.accountId, app);
    if (!withdrawn) throw new AppError(409, 'SUPERAPP_NO_CONSENT', 'You have no consent for this app');
    await command(this.c.platform, principalActor(principal, origin), async (w) => {
      await w.audit({
        action: 'superapp.consent.withdrawn',
        resourceType: 'superapp.app',
        resourceId: app.id,
        detail: { slug: app.slug, consentId: withdrawn.id },
      });
    });
  }

  /**
   * The exchange says a consent was withdrawn (its consents page, or here): if it was an app's,
   * the app's stored grants for the person go, with every code and token made under them. (The
   * live consent check already refuses them; this leaves nothing usable behind.) Idempotent.
   */
  async onConsentChanged(e: { consentId: string; itemCode: string; change: 'given' | 'withdrawn' }): Promise<void> {
    if (e.change !== 'withdrawn' || !e.itemCode.startsWith('app:')) return;
    const r = await this.db
      .selectFrom('superapp.oidc_consents')
      .select(['account_id', 'app_id'])
      .where('consent_id', '=', e.consentId)
      .executeTakeFirst();
    const app = r ? await this.c.directory.byId(r.app_id) : null;
    if (r && app) await this.revokeGrants(r.account_id, app);
  }

  /** Remove the account's grants for the app, with every code and token made under them. */
  async revokeGrants(accountId: string, app: RegisteredApp): Promise<void> {
    for (const grantId of await this.store.grantsOf(accountId, app.clientId)) await this.store.revokeGrant(grantId);
  }
}
