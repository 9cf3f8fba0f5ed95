/** Who may do what in notify: a signed-in person reads and manages their own inbox and settings, nobody else's. */
import { requirePrincipal, type Principal } from '../../platform/auth.ts';

export const notifyPermissions = [
  'notify.inbox.read',
  'notify.inbox.mark-read',
  'notify.settings.read',
  'notify.settings.update',
] as const;

export const policy = {
  /**
   * The inbox and settings are the signed-in account's own (a person acting for an enterprise
   * keeps their own inbox). The service scopes every query to the returned account, so
   * another account's message answers exactly like one that does not exist.
   */
  own: (p: Principal | null): Principal => requirePrincipal(p),
};
