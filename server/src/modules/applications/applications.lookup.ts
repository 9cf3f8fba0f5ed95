/**
 * Looking a case up without signing in (办件查询): by its number, the applicant's name and the
 * last 4 characters of the applicant's ID number (an enterprise's: of its USCC). Public, so:
 * - rate-limited per address and per case number (identity's counters, 429 RATE_LIMITED);
 * - an unknown number and wrong facts get the same answer (404 CASE_NOT_FOUND) after the same
 *   work: the facts sealed at filing are opened (a decoy's when there is no such case) and
 *   compared in constant time;
 * - the answer is the progress in plain words, with the applicant's name masked: no form, no
 *   materials, no staff names.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { RequestOrigin } from '../../platform/auth.ts';
import type { DataProtector } from '../../platform/crypto.ts';
import { actionName, type CaseViews } from './applications.case-view.ts';
import { FORM_CONTEXT, LOOKUP_CONTEXT, type Context } from './applications.context.ts';
import { caseNotFound } from './applications.policy.ts';
import * as repo from './applications.repository.ts';
import type { CaseLookupBodyT, CaseLookupT } from './applications.schemas.ts';

/** Look-ups an address may make in an hour, and attempts on one case number in an hour (then 429 for the hour). */
export const LOOKUP_LIMITS = { perAddress: 30, perCase: 5, windowMinutes: 60 } as const;

/** The facts as compared: the name without spaces (NFKC, lower case), the last 4 characters in upper case. */
function canonicalFacts(name: string, tail: string): string {
  const n = name
    .normalize('NFKC')
    .replace(/[\s\u00b7\u30fb.]/gu, '')
    .toLowerCase();
  return JSON.stringify([n, tail.trim().toUpperCase()]);
}

/** The look-up facts sealed with a case at filing; null when the applicant's number is unknown (no look-up then). */
export function sealLookupFacts(protector: DataProtector, name: string, tail: string | null): string | null {
  return tail ? protector.seal(canonicalFacts(name, tail), LOOKUP_CONTEXT) : null;
}

const digest = (s: string): Buffer => createHash('sha256').update(s).digest();

export class Lookup {
  private readonly c: Context;
  private readonly views: CaseViews;
  /** Opened instead of a case's facts when there is no such case: the same work, never a match. */
  private readonly decoy: string;

  constructor(context: Context, views: CaseViews) {
    this.c = context;
    this.views = views;
    this.decoy = context.p.protector.seal(
      JSON.stringify([randomBytes(16).toString('hex'), randomBytes(2).toString('hex')]),
      LOOKUP_CONTEXT,
    );
  }

  async lookup(body: CaseLookupBodyT, origin: RequestOrigin): Promise<CaseLookupT> {
    // Public: no principal to check; the rate limits come first.
    const caseNumber = body.caseNumber.trim().toUpperCase();
    const hour = { windowMinutes: LOOKUP_LIMITS.windowMinutes, lockMinutes: LOOKUP_LIMITS.windowMinutes };
    await this.c.deps.identity.rateLimit(
      [
        { key: `lookup:ip:${origin.ip ?? 'unknown'}`, max: LOOKUP_LIMITS.perAddress, ...hour },
        { key: `lookup:case:${digest(caseNumber).toString('base64url')}`, max: LOOKUP_LIMITS.perCase, ...hour },
      ],
      '/caseNumber',
    );
    const row = await repo.caseByNumber(this.c.db, caseNumber);
    const stored = this.c.p.protector.open(row?.lookup_sealed ?? this.decoy, LOOKUP_CONTEXT);
    const same = timingSafeEqual(digest(stored), digest(canonicalFacts(body.name, body.idTail)));
    if (!row || row.lookup_sealed === null || !same) throw caseNotFound();

    const { def, events, summary, handledBy } = await this.views.progressOf(row, 'applicant');
    const { id: _id, ...shown } = summary;
    return {
      ...shown,
      handledBy,
      steps: events.map((e) => ({ at: e.at.toISOString(), actionName: actionName(def, e) })),
    };
  }

  /**
   * For other modules that publish facts about a case by its number (the transparency log
   * lists the public-power records of a case): its id, or null. A case number says nothing
   * about the applicant; the caller publishes only what is public anyway.
   */
  async caseIdOf(caseNumber: string): Promise<string | null> {
    return (await repo.caseByNumber(this.c.db, caseNumber.trim().toUpperCase()))?.id ?? null;
  }

  /**
   * For the credentials module issuing a case's certificate (a system step after the case is
   * completed, no caller's principal): the case's form values, the facts a certificate about
   * someone else than the applicant names (出生医学证明: the newborn and the parents). Never
   * behind a route; null when there is no such case or it is not completed.
   */
  async formOf(caseId: string): Promise<Record<string, unknown> | null> {
    const row = await repo.caseById(this.c.db, caseId);
    if (!row || row.status !== 'completed') return null;
    return JSON.parse(this.c.p.protector.open(row.form_sealed, FORM_CONTEXT)) as Record<string, unknown>;
  }
}
