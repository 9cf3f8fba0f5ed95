// Who may edit which service items: a department admin, the items of their own department
// (the server's rule, catalog.policy.ts `edit`; the console only hides what would be refused).
import type { Me } from '../../shared/contract';

/** Codes of the departments the signed-in staff member administers. */
export function adminDepartments(me: Me | null | undefined): string[] {
  if (!me || me.kind !== 'staff') return [];
  const codes = me.posts
    .filter((p) => p.roles.includes('department_admin') && p.departmentCode)
    .map((p) => p.departmentCode!);
  return [...new Set(codes)];
}

export function canEditDepartment(me: Me | null | undefined, departmentCode: string): boolean {
  return adminDepartments(me).includes(departmentCode);
}

/** What the editor hands the catalogue page when it returns after a save. */
export interface CatalogReturnState {
  /** the item whose versions to show */
  open?: { code: string; name: { zh: string; en: string } };
  /** the version just published */
  published?: number;
}
