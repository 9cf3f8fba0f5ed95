/**
 * Who may do what with the exchange. The registry catalogue is public (which registries
 * exist, who owns them, their fields' sensitivity). A department admin (部门管理员) of the
 * owning department grants, reviews and revokes sharing; the grantee department's admins see
 * the grants they received. A person sees, gives and withdraws their own consents; an
 * enterprise's agent does so for the enterprise they act for. A staff read is made for a
 * department the reader holds a post in.
 */
import { forbidden } from '../../platform/errors.ts';
import { requirePrincipal, type Principal } from '../../platform/auth.ts';

export const exchangePermissions = [
  'exchange.registry.list',
  'exchange.grant.create',
  'exchange.grant.revoke',
  'exchange.grant.list',
  'exchange.consent.give',
  'exchange.consent.withdraw',
  'exchange.consent.list',
  'exchange.record.read',
] as const;

/** The departments where the principal is a department admin. */
export const adminDepartments = (p: Principal): string[] =>
  p.posts.filter((x) => x.departmentCode && x.roles.includes('department_admin')).map((x) => x.departmentCode!);

/** Whose data a consent is given for: the person, or the enterprise they act for. */
export interface ConsentSubject {
  principal: Principal;
  kind: 'person' | 'enterprise';
  enterpriseId: string | null;
}

export const policy = {
  /** Manage the grants of a registry: an admin of its owning department. */
  manageGrants(p: Principal | null, ownerDepartment: string): Principal {
    const principal = requirePrincipal(p);
    if (!adminDepartments(principal).includes(ownerDepartment))
      throw forbidden('Only the owning department’s admins manage its grants');
    return principal;
  },
  /** List grants: department admins, of the registries their departments own or the grants they received. */
  listGrants(p: Principal | null): { principal: Principal; departments: string[] } {
    const principal = requirePrincipal(p);
    const departments = adminDepartments(principal);
    if (departments.length === 0) throw forbidden('Department admins see sharing grants');
    return { principal, departments };
  },
  /** Consents: a citizen for themself, or acting for an enterprise. */
  consentSubject(p: Principal | null): ConsentSubject {
    const principal = requirePrincipal(p);
    if (principal.kind !== 'citizen') throw forbidden('Consent is given by the person (or the enterprise’s agent)');
    return principal.actingAs
      ? { principal, kind: 'enterprise', enterpriseId: principal.actingAs.enterpriseId }
      : { principal, kind: 'person', enterpriseId: null };
  },
  /** A staff read on behalf of a department: the reader holds a post there. */
  staffRead(p: Principal, departmentCode: string): void {
    if (p.kind !== 'staff' || !p.posts.some((x) => x.departmentCode === departmentCode))
      throw forbidden('You read for a department you hold a post in');
  },
};
