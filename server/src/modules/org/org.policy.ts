/** Who may do what in org. */
import { requirePrincipal, type Principal, type PostRole } from '../../platform/auth.ts';
import { forbidden } from '../../platform/errors.ts';

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
};
