/** Who may do what in org. */
import { requirePrincipal, type Principal, type PostRole } from '../../platform/auth.ts';
import { forbidden, notFound } from '../../platform/errors.ts';

export const orgPermissions = [
  'org.structure.read',
  'org.staff.read',
  'org.post.manage',
  'org.resident.read',
  'org.resident.reveal',
] as const;

/** Roles a department admin may give within their own department. */
export const DEPARTMENT_GRANTABLE: readonly PostRole[] = ['clerk', 'reviewer', 'approver'];

export const policy = {
  /** Regions, departments, communities and grids are public information. */
  readStructure: (_p: Principal | null) => undefined,
  /** The staff directory is for staff. */
  readStaff: (p: Principal | null) => {
    const principal = requirePrincipal(p);
    if (principal.kind !== 'staff') throw forbidden();
    return principal;
  },
  managePost: (p: Principal | null, departmentId: string | null, roles: readonly PostRole[]) => {
    const principal = requirePrincipal(p);
    if (principal.roles.has('system_admin')) return principal;
    const ownsDepartment =
      departmentId !== null &&
      principal.posts.some((post) => post.departmentId === departmentId && post.roles.includes('department_admin'));
    if (ownsDepartment && roles.every((r) => DEPARTMENT_GRANTABLE.includes(r))) return principal;
    throw forbidden('Posts are managed by the system admin, or by a department admin within their department');
  },
  /**
   * A grid worker sees the roster of the community (or grid) of their post; returns the grid
   * the view is narrowed to (their own, when they asked for the whole community), or null for
   * the whole community. Others see nothing, as if it did not exist.
   */
  readResidents: (p: Principal | null, communityId: string, gridId: string | null): string | null => {
    const principal = requirePrincipal(p);
    const posts = principal.posts.filter(
      (post) => post.roles.includes('grid_worker') && post.communityId === communityId,
    );
    if (posts.some((post) => post.gridId === null)) return gridId;
    if (gridId !== null && posts.some((post) => post.gridId === gridId)) return gridId;
    if (gridId === null && posts.length === 1) return posts[0]!.gridId;
    throw notFound('COMMUNITY_NOT_FOUND', 'No such community roster');
  },
  mayReadResident: (p: Principal, communityId: string, gridId: string | null): boolean =>
    p.posts.some(
      (post) =>
        post.roles.includes('grid_worker') &&
        post.communityId === communityId &&
        (post.gridId === null || post.gridId === gridId),
    ),
};
