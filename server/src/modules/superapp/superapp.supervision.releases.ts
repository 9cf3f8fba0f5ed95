/**
 * What apps obtained about whom, when and under which consent (superapp.releases).
 *
 * - `record`: one release of claims to an app, written to superapp.releases and to the platform's
 *   personal-data access log (resource type `superapp.app`, resource id the app's id, organisation
 *   the owner, accessor the app's name, purpose the app's declared purposes), so the person's data
 *   tracker (谁查了我的数据) shows it. The OIDC part calls it at the token and userinfo endpoints.
 * - the citizen (我的应用授权): each app that received data about them, which claims, when, under
 *   which consent; withdrawing an app's consent.
 * - the app reviewer: per app totals by claim, the newest releases with the person masked.
 * - the owner organisation's agent: its app's aggregate figures only (no persons).
 */
import type { Transaction } from 'kysely';
import { requirePrincipal, type Principal, type RequestOrigin } from '../../platform/auth.ts';
import { AppError, forbidden } from '../../platform/errors.ts';
import { uuidv7 } from '../../platform/ids.ts';
import { maskName } from '../../platform/masking.ts';
import { recordPersonalDataAccess } from '../../platform/pii.ts';
import type { SuperappContext } from './superapp.context.ts';
import { requireAppReviewer } from './superapp.policy.ts';
import { SCOPES, type Scope } from './superapp.scopes.ts';
import { appById, appRefOf, appsById, dbOf, visibleToPeople, appNotFound } from './superapp.supervision.common.ts';
import { complaintView } from './superapp.supervision.complaints.ts';
import * as repo from './superapp.supervision.repository.ts';
import type { SupervisionTables } from './superapp.supervision.tables.ts';

export interface NewRelease {
  appId: string;
  accountId: string;
  claims: string[];
  consentId: string | null;
  via: 'id_token' | 'userinfo' | 'introspection';
  requestId?: string | null;
}

/** The exchange consent item of an app. */
export const appItemCode = (slug: string) => `app:${slug}`;

/** Withdrawing an app's consent in the OIDC part (revokes its grants and tokens), once it is connected. */
export type AppWithdraw = (p: Principal, slug: string, origin: RequestOrigin) => Promise<void>;

interface ConsentState {
  id: string;
  givenAt: string;
  withdrawnAt: string | null;
}

const ownsApp = (p: Principal, ownerUscc: string) => p.actingAs?.uscc === ownerUscc;
const isReviewer = (p: Principal) => p.posts.some((post) => post.roles.includes('app_reviewer'));

/** The reviewer, or the agent acting for the app's owner (aggregate figures), else forbidden. */
export function requireReviewerOrOwner(p: Principal | null | undefined, ownerUscc: string): Principal {
  const principal = requirePrincipal(p);
  if (!isReviewer(principal) && !ownsApp(principal, ownerUscc)) throw forbidden();
  return principal;
}

const requireCitizen = (p: Principal | null | undefined): Principal => {
  const principal = requirePrincipal(p);
  if (principal.kind !== 'citizen') throw forbidden('A person sees what apps received about them');
  return principal;
};

export class Releases {
  private readonly c: SuperappContext;
  private withdrawInOidc: AppWithdraw | null = null;

  constructor(c: SuperappContext) {
    this.c = c;
  }

  /** The OIDC part's withdraw (revoke grants and tokens, and its consent record): the lead connects it. */
  connectWithdraw(fn: AppWithdraw): void {
    this.withdrawInOidc = fn;
  }

  /**
   * Record one release of claims to an app: superapp.releases and the access log, in one
   * transaction of its own (the person's facts are looked up first: on PGlite's one connection
   * a read outside a transaction waits for it).
   */
  async record(input: NewRelease): Promise<string> {
    const app = await this.c.directory.byId(input.appId);
    if (!app) throw appNotFound();
    const facts = await this.c.deps.identity.identityFacts(input.accountId);
    const claims = [...new Set(input.claims)].sort();
    return this.c.platform.db.transaction().execute(async (tx) => {
      const at = this.c.platform.clock.now();
      const id = uuidv7(at.getTime());
      await repo.insertRelease(tx as Transaction<SupervisionTables>, {
        id,
        app_id: app.id,
        account_id: input.accountId,
        claims,
        consent_id: input.consentId,
        via: input.via,
        at,
      });
      if (facts) {
        // The purposes the app declared for the scopes behind these claims.
        const purposes = (app.manifest?.scopes ?? [])
          .filter((s) => (SCOPES[s.scope as Scope].claims as readonly string[]).some((cl) => claims.includes(cl)))
          .map((s) => s.purpose.zh);
        await recordPersonalDataAccess(
          tx,
          {
            subjectIndex: facts.idNumberIndex,
            accessorId: null,
            accessorName: app.manifest?.name.zh ?? app.slug,
            organisation: app.ownerName,
            purpose: purposes.join('；') || '登录',
            fields: claims,
            resourceType: 'superapp.app',
            resourceId: app.id,
            requestId: input.requestId ?? null,
            legalBasis: input.consentId ? `consent:${input.consentId}` : null,
          },
          at,
        );
      }
      return id;
    });
  }

  /** The person's app consents (exchange consent records `app:<slug>`), the newest per slug. */
  private async appConsents(p: Principal): Promise<Map<string, ConsentState & { active: string[] }>> {
    const { items } = await this.c.deps.exchange.service.consentsOf(p);
    const bySlug = new Map<string, ConsentState & { active: string[] }>();
    for (const x of items) {
      if (!x.itemCode.startsWith('app:')) continue;
      const slug = x.itemCode.slice(4);
      const seen = bySlug.get(slug);
      if (!seen) bySlug.set(slug, { id: x.id, givenAt: x.givenAt, withdrawnAt: x.withdrawnAt, active: [] });
      if (x.withdrawnAt === null) bySlug.get(slug)!.active.push(x.id);
    }
    return bySlug;
  }

  /** 我的应用授权: each app that received data about me. */
  async mine(p: Principal | null) {
    const principal = requireCitizen(p);
    const db = dbOf(this.c);
    const [summary, claims, consents] = await Promise.all([
      repo.releaseSummaryOf(db, principal.accountId),
      repo.claimsOf(db, principal.accountId),
      this.appConsents(principal),
    ]);
    const apps = await appsById(
      this.c,
      summary.map((s) => s.app_id),
    );
    return {
      items: summary
        .filter((s) => apps.has(s.app_id))
        .sort((a, b) => new Date(b.last!).getTime() - new Date(a.last!).getTime())
        .map((s) => {
          const app = apps.get(s.app_id)!;
          const consent = consents.get(app.slug);
          return {
            app: appRefOf(app),
            claims: claims
              .filter((x) => x.app_id === s.app_id)
              .map((x) => x.claim)
              .sort(),
            releases: Number(s.n),
            firstAt: new Date(s.first!).toISOString(),
            lastAt: new Date(s.last!).toISOString(),
            consent: consent ? { id: consent.id, givenAt: consent.givenAt, withdrawnAt: consent.withdrawnAt } : null,
          };
        }),
    };
  }

  /** One app: what it received about me, my consent, my complaints about it. */
  async mineOne(p: Principal | null, appId: string) {
    const principal = requireCitizen(p);
    const app = await appById(this.c, appId);
    if (!visibleToPeople(app)) throw appNotFound();
    const db = dbOf(this.c);
    const [releases, consents, complaints] = await Promise.all([
      repo.releasesOf(db, principal.accountId, appId, 100),
      this.appConsents(principal),
      repo.complaintsOf(db, { accountId: principal.accountId, appId }),
    ]);
    const claims = await repo.claimsOf(db, principal.accountId);
    const consent = consents.get(app.slug);
    const ref = appRefOf(app);
    return {
      app: ref,
      claims: claims
        .filter((x) => x.app_id === appId)
        .map((x) => x.claim)
        .sort(),
      releases: releases.map((r) => ({
        id: r.id,
        claims: r.claims,
        via: r.via,
        consentId: r.consent_id,
        at: r.at.toISOString(),
      })),
      consent: consent ? { id: consent.id, givenAt: consent.givenAt, withdrawnAt: consent.withdrawnAt } : null,
      complaints: complaints.map((x) => complaintView(x, ref)),
    };
  }

  /**
   * Withdraw my consent to an app: through the OIDC part when connected (it revokes the app's
   * grants and tokens), else the exchange consent records `app:<slug>` themselves, which the
   * OIDC part's userinfo checks: the next userinfo call is refused either way.
   */
  async withdraw(p: Principal | null, appId: string, origin: RequestOrigin) {
    const principal = requireCitizen(p);
    const app = await appById(this.c, appId);
    if (!visibleToPeople(app)) throw appNotFound();
    const consent = (await this.appConsents(principal)).get(app.slug);
    if (!consent || consent.active.length === 0)
      throw new AppError(409, 'SUPERAPP_NO_CONSENT', 'You have no consent with this app to withdraw');
    if (this.withdrawInOidc) await this.withdrawInOidc(principal, app.slug, origin);
    else for (const id of consent.active) await this.c.deps.exchange.service.withdrawConsent(principal, id, origin);
    return { consentIds: consent.active, withdrawnAt: this.c.platform.clock.now().toISOString() };
  }

  // ---- the reviewer's and the owner's views

  /** The app reviewer: totals by claim, the newest releases (persons masked), complaints. */
  async forReviewer(p: Principal | null, appId: string, suspendAfterUpheld: number) {
    requireAppReviewer(p);
    const app = await appById(this.c, appId);
    const db = dbOf(this.c);
    const [totals, claimTotals, recent, complaints, unspent] = await Promise.all([
      repo.releaseTotals(db, appId),
      repo.claimTotals(db, appId),
      repo.recentReleases(db, appId, 50),
      repo.complaintsOf(db, { appId }),
      repo.unspentUpheld(db, appId),
    ]);
    const names = await this.c.deps.identity.accountSummaries([
      ...new Set([...recent.map((r) => r.account_id), ...complaints.map((x) => x.account_id)]),
    ]);
    const masked = (id: string) => maskName(names.get(id)?.displayName ?? '') || '***';
    const ref = appRefOf(app);
    return {
      app: ref,
      releases: Number(totals[0]?.n ?? 0),
      people: Number(totals[0]?.people ?? 0),
      claimTotals,
      recentReleases: recent.map((r) => ({
        id: r.id,
        person: masked(r.account_id),
        claims: r.claims,
        via: r.via,
        consentId: r.consent_id,
        at: r.at.toISOString(),
      })),
      complaints: complaints.map((x) => ({ ...complaintView(x, ref), complainant: masked(x.account_id) })),
      upheldTowardsSuspension: unspent.length,
      suspendAfterUpheld,
    };
  }

  /** The owner organisation's agent (or the reviewer): aggregate figures only, no persons. */
  async ownerFigures(p: Principal | null, appId: string) {
    requirePrincipal(p);
    const app = await appById(this.c, appId);
    requireReviewerOrOwner(p, app.owner_uscc);
    const db = dbOf(this.c);
    const [totals, claimTotals, counts] = await Promise.all([
      repo.releaseTotals(db, appId),
      repo.claimTotals(db, appId),
      repo.complaintCounts(db, appId),
    ]);
    const count = (s: string) => Number(counts.find((x) => x.status === s)?.n ?? 0);
    return {
      app: appRefOf(app),
      releases: Number(totals[0]?.n ?? 0),
      people: Number(totals[0]?.people ?? 0),
      claimTotals,
      complaints: { open: count('open'), upheld: count('upheld'), dismissed: count('dismissed') },
    };
  }
}
