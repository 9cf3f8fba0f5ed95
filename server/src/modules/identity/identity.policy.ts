/** Who may do what in identity. Every service method calls one of these first. */
import { requirePrincipal, requireRole, type Principal } from '../../platform/auth.ts';
import { forbidden } from '../../platform/errors.ts';

export const identityPermissions = [
  'identity.self.read',
  'identity.self.update',
  'identity.staff.create',
  'identity.account.list',
  'identity.account.status',
  'identity.account.roles',
  'identity.account.totp-reset',
  'identity.account.verify-in-person',
  'identity.enterprise.agents',
] as const;

export const policy = {
  self: (p: Principal | null) => requirePrincipal(p),
  createStaff: (p: Principal | null) => requireRole(p, 'system_admin'),
  listAccounts: (p: Principal | null) => requireRole(p, 'system_admin', 'security_admin'),
  /** Status, roles and second factor are the security admin's, and never on their own account. */
  manageSecurity: (p: Principal | null, targetAccountId: string) => {
    const principal = requireRole(p, 'security_admin');
    if (principal.accountId === targetAccountId)
      throw forbidden('Security changes to your own account need another security admin');
    return principal;
  },
  verifyInPerson: (p: Principal | null) => requireRole(p, 'clerk'),
  /** Only the legal representative authorises or withdraws agents. */
  manageAgents: (p: Principal | null, relation: 'legal_rep' | 'agent' | undefined) => {
    const principal = requirePrincipal(p);
    if (relation !== 'legal_rep') throw forbidden('Only the legal representative may manage agents');
    return principal;
  },
};
