/**
 * Who may do what in the civic parts; every service method calls one of these first.
 * - Community staff: a staff post in the community (社区工作人员, its grid workers included)
 *   publish notices, post and run volunteer tasks and check volunteers in and out there.
 * - Residents: a citizen registered on the community's roster sees that community's notices and
 *   tasks and signs up; others see nothing of it (404, as for what does not exist).
 * - A department's admin publishes drafts for comment and their response reports.
 * - Anyone verified by real name (or an agent acting for an enterprise) comments on an open draft.
 * - A grid worker of a grid logs patrols there.
 */
import { requireAssurance, requirePrincipal, type Principal } from '../../platform/auth.ts';
import { AppError, forbidden } from '../../platform/errors.ts';

export const civicPermissions = [
  'cogov.policy-draft.publish',
  'cogov.policy-draft.respond',
  'cogov.policy-comment.submit',
  'cogov.volunteer-task.manage',
  'cogov.volunteer.check-in',
  'cogov.volunteer.sign-up',
  'cogov.points.rules',
  'cogov.patrol.log',
  'cogov.notice.publish',
] as const;

/** The communities where `p` holds a staff post. */
export const staffCommunities = (p: Principal): string[] =>
  p.kind === 'staff' ? [...new Set(p.posts.flatMap((x) => (x.communityId ? [x.communityId] : [])))] : [];

export const civicPolicy = {
  signedIn: (p: Principal | null): Principal => requirePrincipal(p),
  /** Staff of `communityId` (a post there). */
  communityStaff(p: Principal | null, communityId: string): Principal {
    const principal = requirePrincipal(p);
    if (!staffCommunities(principal).includes(communityId))
      throw new AppError(403, 'COGOV_COMMUNITY_STAFF_REQUIRED', 'Only staff of this community may do this');
    return principal;
  },
  /** Any community staff member (lists narrowed to their communities). */
  anyCommunityStaff(p: Principal | null): { principal: Principal; communities: string[] } {
    const principal = requirePrincipal(p);
    const communities = staffCommunities(principal);
    if (communities.length === 0)
      throw new AppError(403, 'COGOV_COMMUNITY_STAFF_REQUIRED', 'Only community staff may do this');
    return { principal, communities };
  },
  /** A department admin of `departmentCode` (drafts and their response reports). */
  departmentAdmin(p: Principal | null, departmentCode?: string): { principal: Principal; departments: string[] } {
    const principal = requirePrincipal(p);
    const departments = principal.posts.flatMap((x) =>
      x.roles.includes('department_admin') && x.departmentCode ? [x.departmentCode] : [],
    );
    if (departments.length === 0 || (departmentCode !== undefined && !departments.includes(departmentCode)))
      throw forbidden('Only the department’s admin may do this');
    return { principal, departments };
  },
  /** A comment is signed with a real name: a citizen verified by ID, or an agent acting for an enterprise. */
  commenter(p: Principal | null): Principal {
    const principal = requirePrincipal(p);
    if (principal.kind !== 'citizen') throw forbidden('Comments come from citizens and enterprises');
    if (!principal.actingAs) requireAssurance(principal, 'id_verified');
    return principal;
  },
  /** A citizen (residence is checked against the roster by the caller). */
  citizen(p: Principal | null): Principal {
    const principal = requirePrincipal(p);
    if (principal.kind !== 'citizen') throw forbidden('This is for residents');
    return principal;
  },
  /** A grid worker with a grid: their grid is where the patrol is logged. */
  gridWorker(p: Principal | null): { principal: Principal; gridId: string; communityId: string | null } {
    const principal = requirePrincipal(p);
    const post = principal.posts.find((x) => x.roles.includes('grid_worker') && x.gridId);
    if (!post?.gridId) throw forbidden('Only a grid worker may log a patrol');
    return { principal, gridId: post.gridId, communityId: post.communityId };
  },
};
