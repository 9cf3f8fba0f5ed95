/**
 * Consents (授权同意): a person agrees that named registry fields be used for a service item
 * and its purpose; an enterprise's agent agrees for the enterprise they act for. Each
 * agreement is a new version of the consent for that subject, item and purpose (the earlier
 * one is withdrawn as superseded); the person sees their consents and withdraws any of them,
 * after which reads that needed it are refused.
 */
import { principalActor, type Principal, type RequestOrigin } from '../../platform/auth.ts';
import { command } from '../../platform/context.ts';
import { AppError, notFound, validationFailed } from '../../platform/errors.ts';
import { uuidv7 } from '../../platform/ids.ts';
import { PII } from '../../platform/pii.ts';
import type { IdentityService } from '../identity/index.ts';
import type { ExchangeContext } from './exchange.context.ts';
import { CONSENT_CHANGED } from './exchange.events.ts';
import { policy, type ConsentSubject } from './exchange.policy.ts';
import { registryOf } from './exchange.registries.ts';
import type { ExchangeTables } from './exchange.tables.ts';

type ConsentRow = ExchangeTables['exchange.consents'];

export interface ConsentView {
  id: string;
  subjectKind: 'person' | 'enterprise';
  enterpriseId: string | null;
  itemCode: string;
  purpose: string;
  fields: string[];
  version: number;
  givenAt: string;
  withdrawnAt: string | null;
}

export const consentView = (r: ConsentRow): ConsentView => ({
  id: r.id,
  subjectKind: r.subject_kind,
  enterpriseId: r.enterprise_id,
  itemCode: r.item_code,
  purpose: r.purpose,
  fields: r.fields,
  version: r.version,
  givenAt: r.given_at.toISOString(),
  withdrawnAt: r.withdrawn_at?.toISOString() ?? null,
});

const consentNotFound = () => notFound('CONSENT_NOT_FOUND', 'No such consent');

/** A super-app mini-app's consent item (`app:<slug>`) and the claims it names. */
const APP_ITEM = /^app:[a-z][a-z0-9-]{2,39}$/;
const CLAIM = /^[a-z][a-z_]{1,39}$/;
/** How long a node keeps a live app consent it read (appConsentOf). */
export const APP_CONSENT_KEPT_MS = 1_000;

/** An app consent is the person's own, whoever they act for. */
function appConsentSubject(p: Principal | null): ConsentSubject {
  const who = policy.consentSubject(p);
  return { principal: who.principal, kind: 'person', enterpriseId: null };
}

export class Consents {
  private readonly c: ExchangeContext;
  private readonly identity: Pick<IdentityService, 'valuesOf'>;
  /** Live app consents read, per item code (`app:<slug>`), by the subject's indexes (appConsentOf). */
  private readonly appLive = new Map<string, Map<string, { at: number; value: ConsentView | null }>>();
  /** Changes seen per item code: a read that began before a change does not keep its answer. */
  private readonly appChanges = new Map<string, number>();

  constructor(context: ExchangeContext, identity: Pick<IdentityService, 'valuesOf'>) {
    this.c = context;
    this.identity = identity;
  }

  /** The subject's identifier (the person's ID number, or the enterprise's USCC), and its indexes. */
  async subjectOf(s: ConsentSubject): Promise<{ value: string; indexes: string[] } | null> {
    const value =
      s.kind === 'enterprise'
        ? s.principal.actingAs!.uscc
        : (await this.identity.valuesOf(s.principal))['person.idNumber'];
    if (!value) return null;
    return { value, indexes: this.c.p.protector.blindIndexes(value, PII.citizenId) };
  }

  /** Agree that these fields (`<registry>.<field>`) be used for an item and purpose: a new version. */
  async giveConsent(
    p: Principal | null,
    input: { itemCode: string; purpose: string; fields: string[] },
    origin: RequestOrigin,
  ): Promise<ConsentView> {
    const who = policy.consentSubject(p);
    const subject = await this.subjectOf(who);
    if (!subject) throw new AppError(403, 'ASSURANCE_TOO_LOW', 'Consent needs a verified ID number on the account');
    const bad = input.fields.filter((q) => {
      const [registry, field] = q.split('.', 2);
      return !registryOf(registry ?? '')?.fields.some((f) => f.key === field);
    });
    if (bad.length > 0 || input.fields.length === 0)
      throw validationFailed([
        {
          path: '/fields',
          code: 'UNKNOWN_FIELD',
          message: bad.length ? `unknown: ${bad.join(', ')}` : 'name at least one field',
        },
      ]);
    if (!(await this.c.deps.catalog.resolveItem(input.itemCode)))
      throw validationFailed([{ path: '/itemCode', code: 'UNKNOWN_ITEM', message: 'unknown service item' }]);
    return this.record(who, subject, input, origin);
  }

  /**
   * A person agrees that a super-app mini-app (item code `app:<slug>`) receive these claims for
   * the purposes it declared: always the person's own consent (never an enterprise's), a new
   * version like any other. The superapp module checks the app and the claims.
   */
  async giveAppConsent(
    p: Principal | null,
    input: { itemCode: string; purpose: string; fields: string[] },
    origin: RequestOrigin,
  ): Promise<ConsentView> {
    const who = appConsentSubject(p);
    const subject = await this.subjectOf(who);
    if (!subject) throw new AppError(403, 'ASSURANCE_TOO_LOW', 'Consent needs a verified ID number on the account');
    if (!APP_ITEM.test(input.itemCode) || input.fields.length === 0 || input.fields.some((f) => !CLAIM.test(f)))
      throw validationFailed([{ path: '/fields', code: 'UNKNOWN_FIELD', message: 'an app and its claims' }]);
    return this.record(who, subject, input, origin);
  }

  /**
   * The live (not withdrawn) person's consent to an app, found by the person's ID number indexes.
   * Every token grant and userinfo request of the app checks it, so each node keeps the answer
   * for APP_CONSENT_KEPT_MS: a consent given or withdrawn on this node drops its app's answers at
   * once; another node's change holds here within that time (as the app directory's).
   */
  async appConsentOf(subjectIndexes: readonly string[], itemCode: string): Promise<ConsentView | null> {
    if (subjectIndexes.length === 0 || !APP_ITEM.test(itemCode)) return null;
    const key = subjectIndexes.join(' ');
    let ofApp = this.appLive.get(itemCode);
    const kept = ofApp?.get(key);
    const now = performance.now();
    if (kept && now - kept.at < APP_CONSENT_KEPT_MS) return kept.value;
    const changes = this.appChanges.get(itemCode) ?? 0;
    const value = await this.appConsentRead(subjectIndexes, itemCode);
    if ((this.appChanges.get(itemCode) ?? 0) !== changes) return value;
    ofApp = this.appLive.get(itemCode);
    if (!ofApp || ofApp.size > 10_000) this.appLive.set(itemCode, (ofApp = new Map()));
    ofApp.set(key, { at: now, value });
    return value;
  }

  /** A consent to the app changed on this node: drop what is kept of it, and what reads in flight would keep. */
  private appChanged(itemCode: string): void {
    if (!APP_ITEM.test(itemCode)) return;
    this.appChanges.set(itemCode, (this.appChanges.get(itemCode) ?? 0) + 1);
    this.appLive.delete(itemCode);
  }

  private async appConsentRead(subjectIndexes: readonly string[], itemCode: string): Promise<ConsentView | null> {
    const r = await this.c.db
      .selectFrom('exchange.consents')
      .selectAll()
      .where('subject_index', 'in', subjectIndexes)
      .where('subject_kind', '=', 'person')
      .where('item_code', '=', itemCode)
      .where('withdrawn_at', 'is', null)
      .orderBy('given_at', 'desc')
      .limit(1)
      .executeTakeFirst();
    return r ? consentView(r) : null;
  }

  /** Withdraw the person's live consent to an app (null when there is none). */
  async withdrawAppConsent(p: Principal | null, itemCode: string, origin: RequestOrigin): Promise<ConsentView | null> {
    const who = appConsentSubject(p);
    const subject = await this.subjectOf(who);
    const live = subject && APP_ITEM.test(itemCode) ? await this.appConsentRead(subject.indexes, itemCode) : null;
    if (!live) return null;
    return this.withdraw(who, live.id, itemCode, origin);
  }

  private async record(
    who: ConsentSubject,
    subject: { indexes: string[] },
    input: { itemCode: string; purpose: string; fields: string[] },
    origin: RequestOrigin,
  ): Promise<ConsentView> {
    const row = await command(this.c.p, principalActor(who.principal, origin), async (w) => {
      const db = this.c.dbOf(w.tx);
      const last = await db
        .selectFrom('exchange.consents')
        .select((eb) => eb.fn.max('version').as('v'))
        .where('subject_index', 'in', subject.indexes)
        .where('item_code', '=', input.itemCode)
        .where('purpose', '=', input.purpose)
        .executeTakeFirst();
      await db
        .updateTable('exchange.consents')
        .set({ withdrawn_at: w.now })
        .where('subject_index', 'in', subject.indexes)
        .where('item_code', '=', input.itemCode)
        .where('withdrawn_at', 'is', null)
        .execute();
      const r: ConsentRow = {
        id: uuidv7(w.now.getTime()),
        subject_kind: who.kind,
        subject_index: subject.indexes[0]!,
        account_id: who.principal.accountId,
        enterprise_id: who.enterpriseId,
        item_code: input.itemCode,
        purpose: input.purpose,
        fields: [...new Set(input.fields)].sort(),
        version: Number(last?.v ?? 0) + 1,
        given_at: w.now,
        withdrawn_at: null,
      };
      await db.insertInto('exchange.consents').values(r).execute();
      await w.audit({
        action: 'exchange.consent.given',
        resourceType: 'consent',
        resourceId: r.id,
        detail: { itemCode: r.item_code, purpose: r.purpose, fields: r.fields, version: r.version },
      });
      await w.emit(CONSENT_CHANGED, { consentId: r.id, itemCode: r.item_code, change: 'given' });
      return r;
    });
    this.appChanged(row.item_code);
    return consentView(row);
  }

  /** Withdraw a consent: reads that needed it are refused from now on. */
  async withdrawConsent(p: Principal | null, id: string, origin: RequestOrigin): Promise<ConsentView> {
    const who = policy.consentSubject(p);
    const subject = await this.subjectOf(who);
    const r = await this.c.db.selectFrom('exchange.consents').selectAll().where('id', '=', id).executeTakeFirst();
    if (!r || !subject || !subject.indexes.includes(r.subject_index) || r.subject_kind !== who.kind)
      throw consentNotFound();
    return this.withdraw(who, id, r.item_code, origin);
  }

  private async withdraw(
    who: ConsentSubject,
    id: string,
    itemCode: string,
    origin: RequestOrigin,
  ): Promise<ConsentView> {
    const row = await command(this.c.p, principalActor(who.principal, origin), async (w) => {
      const updated = await this.c
        .dbOf(w.tx)
        .updateTable('exchange.consents')
        .set({ withdrawn_at: w.now })
        .where('id', '=', id)
        .where('withdrawn_at', 'is', null)
        .returningAll()
        .executeTakeFirst();
      if (!updated) throw new AppError(409, 'CONSENT_ALREADY_WITHDRAWN', 'This consent has already been withdrawn');
      await w.audit({ action: 'exchange.consent.withdrawn', resourceType: 'consent', resourceId: id, detail: {} });
      await w.emit(CONSENT_CHANGED, { consentId: id, itemCode, change: 'withdrawn' });
      return updated;
    });
    this.appChanged(itemCode);
    return consentView(row);
  }

  /** The signed-in person's consents (or the enterprise's they act for), newest first. */
  async consentsOf(p: Principal | null): Promise<{ items: ConsentView[] }> {
    const who = policy.consentSubject(p);
    const subject = await this.subjectOf(who);
    if (!subject) return { items: [] };
    const rows = await this.c.db
      .selectFrom('exchange.consents')
      .selectAll()
      .where('subject_index', 'in', subject.indexes)
      .where('subject_kind', '=', who.kind)
      .orderBy('given_at', 'desc')
      .limit(500)
      .execute();
    return { items: rows.map(consentView) };
  }
}
