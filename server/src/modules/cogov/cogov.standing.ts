/**
 * A resident's standing (参与资格), computed from data the platform already holds, never
 * claimed: the account's real-name level (identity), and where the person lives and when they
 * were born by the community roster (实有人口, the exchange's population registry), matched by
 * the verified ID number's blind index. "One verified resident, one vote" turns on the roster
 * resident's id: two accounts of one person are one resident.
 *
 * Parts call `standing.require(principal, eligibility)` first thing after the policy: it
 * answers the resident's standing or throws COGOV_NOT_VERIFIED / COGOV_NOT_RESIDENT /
 * COGOV_UNDER_AGE.
 */
import type { AssuranceLevel, Principal } from '../../platform/auth.ts';
import { AppError } from '../../platform/errors.ts';

/** Where a person lives and when they were born, by the roster. */
export interface Residence {
  /** The roster resident's id: one per person (the unique key of "one resident, one vote"). */
  residentId: string;
  regionCode: string;
  communityId: string;
  gridId: string | null;
  /** YYYY-MM-DD. */
  birthDate: string;
}

export interface Standing {
  accountId: string;
  assuranceLevel: AssuranceLevel | null;
  /** Real-name verified (id_verified or in_person). */
  verified: boolean;
  /** Null when not verified (an unverified ID number is not trusted) or not on the roster. */
  residence: Residence | null;
}

/** Who may take part in something: the residents of a community, of a grid, or of the city; a minimum age. */
export interface Eligibility {
  scope: 'community' | 'grid' | 'city';
  regionCode: string;
  communityId: string | null;
  gridId: string | null;
  minAge: number | null;
}

export type StandingRefusal = 'COGOV_NOT_VERIFIED' | 'COGOV_NOT_RESIDENT' | 'COGOV_UNDER_AGE';

/** Whole years of age on `today` (YYYY-MM-DD) for a birth date (YYYY-MM-DD). */
export function ageOn(birthDate: string, today: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = today.split('-').map(Number) as [number, number, number];
  return ty - by - (tm < bm || (tm === bm && td < bd) ? 1 : 0);
}

/** Why a standing does not meet an eligibility, or null when it does. Pure. */
export function refusalOf(s: Standing, e: Eligibility, today: string): StandingRefusal | null {
  if (!s.verified) return 'COGOV_NOT_VERIFIED';
  const r = s.residence;
  if (!r || r.regionCode !== e.regionCode) return 'COGOV_NOT_RESIDENT';
  if (e.scope === 'community' && r.communityId !== e.communityId) return 'COGOV_NOT_RESIDENT';
  if (e.scope === 'grid' && (r.gridId === null || r.gridId !== e.gridId)) return 'COGOV_NOT_RESIDENT';
  if (e.minAge !== null && ageOn(r.birthDate, today) < e.minAge) return 'COGOV_UNDER_AGE';
  return null;
}

const REFUSAL_MESSAGES: Record<StandingRefusal, string> = {
  COGOV_NOT_VERIFIED: 'Verify your real name first',
  COGOV_NOT_RESIDENT: 'You are not a registered resident here',
  COGOV_UNDER_AGE: 'You are under the minimum age to take part',
};

export const refusalError = (r: StandingRefusal) => new AppError(403, r, REFUSAL_MESSAGES[r]);

/** What standing is computed from: identity's facts and the roster (the exchange's). */
export interface StandingSources {
  identityFacts(
    accountId: string,
  ): Promise<{ idNumberIndexes: string[]; regionCode: string; assuranceLevel: AssuranceLevel } | null>;
  residenceOf(
    regionCode: string,
    idNumberIndexes: readonly string[],
  ): Promise<{ residentId: string; communityId: string; gridId: string | null; birthDate: string } | null>;
}

/** A calendar date (YYYY-MM-DD) in a time zone. */
export const dateIn = (at: Date, timeZone: string): string =>
  new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);

export class StandingService {
  private readonly sources: StandingSources;
  private readonly timeZone: string;
  constructor(sources: StandingSources, timeZone: string) {
    this.sources = sources;
    this.timeZone = timeZone;
  }

  /** The standing of an account (no policy: callers pass their own principal's id). */
  async of(accountId: string): Promise<Standing> {
    const facts = await this.sources.identityFacts(accountId);
    if (!facts) return { accountId, assuranceLevel: null, verified: false, residence: null };
    const verified = facts.assuranceLevel === 'id_verified' || facts.assuranceLevel === 'in_person';
    const found = verified ? await this.sources.residenceOf(facts.regionCode, facts.idNumberIndexes) : null;
    return {
      accountId,
      assuranceLevel: facts.assuranceLevel,
      verified,
      residence: found ? { ...found, regionCode: facts.regionCode } : null,
    };
  }

  today(at: Date): string {
    return dateIn(at, this.timeZone);
  }

  /** The principal's standing if it meets `e` on the day of `at`; else throws the refusal (403). */
  async require(p: Principal, e: Eligibility, at: Date): Promise<Standing & { residence: Residence }> {
    const s = await this.of(p.accountId);
    const refusal = refusalOf(s, e, this.today(at));
    if (refusal) throw refusalError(refusal);
    return s as Standing & { residence: Residence };
  }

  /** The principal's standing in their own community (residence required), e.g. to propose there. */
  async requireResident(p: Principal, at: Date, minAge: number | null = null) {
    const s = await this.of(p.accountId);
    if (!s.verified) throw refusalError('COGOV_NOT_VERIFIED');
    if (!s.residence) throw refusalError('COGOV_NOT_RESIDENT');
    const e: Eligibility = {
      scope: 'community',
      regionCode: s.residence.regionCode,
      communityId: s.residence.communityId,
      gridId: null,
      minAge,
    };
    const refusal = refusalOf(s, e, this.today(at));
    if (refusal) throw refusalError(refusal);
    return s as Standing & { residence: Residence };
  }
}
