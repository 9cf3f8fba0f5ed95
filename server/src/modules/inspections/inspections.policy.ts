/** Who may do what with random inspections. */
import { requirePrincipal, requireRole, type Principal } from '../../platform/auth.ts';
import { AppError, forbidden } from '../../platform/errors.ts';

export const inspectionsPermissions = [
  'inspections.draw.manage',
  'inspections.directory.sync',
  'inspections.result.enter',
  'inspections.result.answer',
] as const;

export const policy = {
  /** A supervisor, or the department's admin, commits and makes a draw of the department's item. */
  manageDraw(p: Principal | null, department: string): Principal {
    const principal = requireRole(p, 'supervisor', 'department_admin');
    if (principal.roles.has('supervisor')) return principal;
    const own = principal.posts.some((x) => x.departmentCode === department && x.roles.includes('department_admin'));
    if (!own) throw forbidden("Only a supervisor or the item's department admin may draw");
    return principal;
  },
  supervisor(p: Principal | null): Principal {
    return requireRole(p, 'supervisor');
  },
  staff(p: Principal | null): Principal {
    const principal = requirePrincipal(p);
    if (principal.kind !== 'staff') throw new AppError(403, 'INSPECTOR_NOT_QUALIFIED', 'No inspector qualification');
    return principal;
  },
  /** The enterprise the principal acts for (its agent, signed in as that enterprise). */
  enterprise(p: Principal | null): { principal: Principal; uscc: string } {
    const principal = requirePrincipal(p);
    if (!principal.actingAs) throw forbidden('Act as your enterprise to see its inspections');
    return { principal, uscc: principal.actingAs.uscc };
  },
};
