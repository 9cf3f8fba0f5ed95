/** Who may do what in the catalogue. Reading is public; editing is the department's. */
import { requirePrincipal, type Principal } from '../../platform/auth.ts';
import { forbidden } from '../../platform/errors.ts';

export const catalogPermissions = ['catalog.item.read', 'catalog.item.publish', 'catalog.item.retire'] as const;

export const policy = {
  read: (_p: Principal | null) => undefined,
  /** A department admin maintains the items of their own department. */
  edit: (p: Principal | null, departmentCode: string) => {
    const principal = requirePrincipal(p);
    const own = principal.posts.some(
      (post) => post.departmentCode === departmentCode && post.roles.includes('department_admin'),
    );
    if (!own) throw forbidden('Only an admin of the competent department may edit this service item');
    return principal;
  },
};
