/**
 * Who may do what with data-subject rights. Every service method starts here.
 * - A signed-in citizen downloads what the platform holds about themselves, and asks for a
 *   correction of a registry record about themselves. Staff have no personal archive here.
 */
import { requirePrincipal, type Principal } from '../../platform/auth.ts';
import { forbidden } from '../../platform/errors.ts';

export const rightsPermissions = ['rights.export.own', 'rights.correction.own'] as const;

export const policy = {
  /** The citizen's own data. */
  self(p: Principal | null): Principal {
    const principal = requirePrincipal(p);
    if (principal.kind !== 'citizen') throw forbidden('Citizens download and correct their own data');
    return principal;
  },
};
