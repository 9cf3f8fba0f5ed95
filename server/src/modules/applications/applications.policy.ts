/**
 * Who may see and do what with cases (办件). Every service method starts here.
 * - The applicant (or an agent acting for the applicant enterprise) sees their own cases.
 * - Staff see the cases of their departments within their region, and act only where the
 *   workflow gives their role the step (and, in a parallel state, only in their
 *   department's branch).
 * - Supervisors (效能监察) of a department read its cases; they do not act.
 * Someone who may not see a case gets the same answer as for a case that does not exist.
 */
import { requireAssurance, requirePrincipal, type Post, type Principal } from '../../platform/auth.ts';
import { forbidden, notFound } from '../../platform/errors.ts';
import type { Actor } from './workflow/engine.ts';

export const applicationsPermissions = [
  'applications.case.submit',
  'applications.case.read',
  'applications.case.act',
  'applications.case.claim',
  'applications.inbox.read',
] as const;

export const HANDLING_ROLES = ['clerk', 'reviewer', 'approver'] as const;
const READING_ROLES = [...HANDLING_ROLES, 'supervisor'] as const;

export interface CaseScope {
  region_code: string;
  departments: string[];
  applicant_account_id: string;
  enterprise_id: string | null;
}

export type Access = { as: 'applicant'; principal: Principal } | { as: 'staff'; principal: Principal; posts: Post[] };

export const caseNotFound = () => notFound('CASE_NOT_FOUND', 'No such case');

/** The posts through which `p` works on cases in a region (with a department and a case role). */
export function handlingPosts(
  p: Principal,
  regionCode: string | null,
  roles: readonly string[] = READING_ROLES,
): Post[] {
  return p.posts.filter(
    (post) =>
      post.departmentCode !== null &&
      (regionCode === null || post.regionCode === regionCode) &&
      post.roles.some((r) => roles.includes(r)),
  );
}

export const policy = {
  /** Filing needs a real-name (id_verified) citizen, acting for themselves or an enterprise. */
  apply(p: Principal | null): Principal {
    const principal = requirePrincipal(p);
    if (principal.kind !== 'citizen') throw forbidden('Only citizens and enterprises apply for services');
    requireAssurance(principal, 'id_verified');
    return principal;
  },

  /** Drafts and uploads are the signed-in citizen's own. */
  own(p: Principal | null): Principal {
    const principal = requirePrincipal(p);
    if (principal.kind !== 'citizen') throw forbidden('Only citizens and enterprises apply for services');
    return principal;
  },

  /**
   * Uploads: a citizen's materials, or a result file (办结文书) staff who handle cases attach
   * when completing one. Each reads back only their own uploads.
   */
  upload(p: Principal | null): Principal {
    const principal = requirePrincipal(p);
    if (principal.kind === 'citizen') return principal;
    // City operators and grid workers too: photos of the city events they close or find on patrol (cityops).
    const cityStaff = principal.posts.some((x) => x.roles.includes('grid_worker') || x.roles.includes('city_operator'));
    if (!cityStaff && handlingPosts(principal, null, HANDLING_ROLES).length === 0)
      throw forbidden('Uploads are for applicants and for staff who handle cases or city events');
    return principal;
  },

  /** Whether `p` may see this case, and as whom; throws CASE_NOT_FOUND otherwise. */
  read(p: Principal | null, c: CaseScope): Access {
    const principal = requirePrincipal(p);
    if (principal.kind === 'citizen') {
      const own = c.applicant_account_id === principal.accountId;
      const forEnterprise = c.enterprise_id !== null && principal.actingAs?.enterpriseId === c.enterprise_id;
      if (own || forEnterprise) return { as: 'applicant', principal };
      throw caseNotFound();
    }
    const posts = handlingPosts(principal, c.region_code).filter((post) =>
      c.departments.includes(post.departmentCode!),
    );
    if (posts.length === 0) throw caseNotFound();
    return { as: 'staff', principal, posts };
  },

  /** The staff inbox: someone with a handling role in some department. */
  inbox(p: Principal | null): { principal: Principal; posts: Post[] } {
    const principal = requirePrincipal(p);
    const posts = handlingPosts(principal, null, HANDLING_ROLES);
    if (principal.kind !== 'staff' || posts.length === 0) throw forbidden('The inbox is for staff who handle cases');
    return { principal, posts };
  },

  /** Case lists: the applicant's own, or a department's for its staff and supervisors. */
  list(p: Principal | null): { principal: Principal; posts: Post[] } {
    const principal = requirePrincipal(p);
    if (principal.kind === 'citizen') return { principal, posts: [] };
    const posts = handlingPosts(principal, null);
    if (posts.length === 0) throw forbidden('Case lists are for staff who handle or supervise cases');
    return { principal, posts };
  },
};

/**
 * The workflow engine's actor for `access` on the line of a case (in `regionCode`) that
 * `departmentCode` owns: the applicant as such, or staff with the roles they hold there;
 * null when they hold none there (they may not act on that line).
 */
export function actorOn(access: Access, regionCode: string, departmentCode: string): Actor | null {
  if (access.as === 'applicant') return { id: access.principal.accountId, roles: [], isApplicant: true };
  const roles = new Set<string>();
  for (const post of access.posts) {
    if (post.departmentCode === departmentCode && post.regionCode === regionCode)
      post.roles.forEach((r) => roles.add(r));
  }
  if (roles.size === 0) return null;
  return { id: access.principal.accountId, roles: [...roles], isApplicant: false, departmentCode };
}
