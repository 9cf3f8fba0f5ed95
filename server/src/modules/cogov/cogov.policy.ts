/**
 * Who may do what in co-governance (一网共治). Every service method starts here.
 *
 * - a resident (citizen, real-name verified, on the community roster): proposes, supports,
 *   comments, votes and flags in their own community (grid, city) — the standing check
 *   (cogov.standing.ts) says whether they may, by data the platform holds.
 * - committee (居委会, a post with the `committee` role and a community): answers its
 *   community's proposals, opens and decides its consultations.
 * - department staff (department_admin, a post without a community): opens and decides
 *   city-wide consultations.
 * - moderator (a post with the `moderator` role): reviews flagged content of its community,
 *   or of the whole city when the post has no community.
 * Other parts add their permissions in one block each below.
 */
import { requirePrincipal, type Principal } from '../../platform/auth.ts';
import { forbidden } from '../../platform/errors.ts';
import { civicPermissions } from './cogov.civic.policy.ts';

export const cogovPermissions = [
  // core
  'cogov.standing.read',
  'cogov.proposal.create',
  'cogov.proposal.support',
  'cogov.proposal.follow',
  'cogov.proposal.comment',
  'cogov.proposal.answer',
  'cogov.consultation.open',
  'cogov.consultation.vote',
  'cogov.consultation.decide',
  'cogov.content.flag',
  'cogov.moderation.review',
  'cogov.moderation.appeal',
  // other parts: one block each
  // civic: public comment, volunteers and points, patrols, notices
  ...civicPermissions,
] as const;

/** What a staff principal may act on in cogov. */
export interface CogovScope {
  /** Communities whose committee the principal sits on. */
  committee: string[];
  /** Communities the principal moderates. */
  moderates: string[];
  /** Regions the principal moderates whole (a moderator post without a community). */
  moderatesRegions: string[];
  /** Regions where the principal may open city-wide consultations (department_admin). */
  cityWide: string[];
}

export function cogovScopeOf(p: Principal): CogovScope {
  const s: CogovScope = { committee: [], moderates: [], moderatesRegions: [], cityWide: [] };
  for (const post of p.posts) {
    if (post.roles.includes('committee') && post.communityId) s.committee.push(post.communityId);
    if (post.roles.includes('moderator')) {
      if (post.communityId) s.moderates.push(post.communityId);
      else s.moderatesRegions.push(post.regionCode);
    }
    if (post.roles.includes('department_admin') && !post.communityId) s.cityWide.push(post.regionCode);
  }
  return s;
}

/** Where a piece of content or an act lies: a community, or a whole region (city-wide). */
export interface Place {
  regionCode: string;
  communityId: string | null;
}

export const cogovPolicy = {
  /** A citizen acting for themself (standing is checked next, by the use case). */
  resident(p: Principal | null): Principal {
    const principal = requirePrincipal(p);
    if (principal.kind !== 'citizen' || principal.actingAs) throw forbidden('Only a resident may do this');
    return principal;
  },
  /** A committee member of the community, or (city-wide) department staff of the region. */
  mayGovern(p: Principal, place: Place): boolean {
    const s = cogovScopeOf(p);
    return place.communityId ? s.committee.includes(place.communityId) : s.cityWide.includes(place.regionCode);
  },
  govern(p: Principal | null, place: Place): Principal {
    const principal = requirePrincipal(p);
    if (!cogovPolicy.mayGovern(principal, place)) throw forbidden('Only the committee (or the department) may do this');
    return principal;
  },
  /** Staff who govern somewhere (the console's committee pages). */
  governor(p: Principal | null): { principal: Principal; scope: CogovScope } {
    const principal = requirePrincipal(p);
    const scope = cogovScopeOf(principal);
    if (scope.committee.length === 0 && scope.cityWide.length === 0) throw forbidden();
    return { principal, scope };
  },
  mayModerate(p: Principal, place: Place): boolean {
    const s = cogovScopeOf(p);
    return (
      s.moderatesRegions.includes(place.regionCode) ||
      (place.communityId !== null && s.moderates.includes(place.communityId))
    );
  },
  moderator(p: Principal | null): { principal: Principal; scope: CogovScope } {
    const principal = requirePrincipal(p);
    const scope = cogovScopeOf(principal);
    if (scope.moderates.length === 0 && scope.moderatesRegions.length === 0) throw forbidden();
    return { principal, scope };
  },
};
