/**
 * Who may do what with the super app's mini-apps. Every service method starts here.
 *
 * - an organisation's agent (enterprise_agent acting for the enterprise whose USCC owns the app):
 *   registers its apps and submits new versions, reads their reviews and statistics.
 * - the platform's app reviewer (a post with the `app_reviewer` role): reviews, approves,
 *   rejects, suspends and takes down apps; decides complaints; reads every app's supervision.
 * - a citizen: opens approved apps, consents, complains about an app, sees what apps received.
 * Other parts add their permissions in one block each below.
 */
import { requirePrincipal, type Principal } from '../../platform/auth.ts';
import { forbidden } from '../../platform/errors.ts';

export const superappPermissions = [
  // registry
  'superapp.app.register',
  'superapp.app.review',
  'superapp.app.suspend',
  // oidc
  'superapp.oidc.consent',
  // supervision
  'superapp.complaint.file',
  'superapp.complaint.decide',
  'superapp.supervision.read',
] as const;

/** The platform's app reviewer (a post with `app_reviewer`), or forbidden. */
export function requireAppReviewer(p: Principal | null | undefined): Principal {
  const principal = requirePrincipal(p);
  if (!principal.posts.some((post) => post.roles.includes('app_reviewer'))) throw forbidden();
  return principal;
}

/** The agent acting for the enterprise of this USCC (the app's owner), or forbidden. */
export function requireOwnerAgent(p: Principal | null | undefined, ownerUscc: string): Principal {
  const principal = requirePrincipal(p);
  if (principal.actingAs?.uscc !== ownerUscc) throw forbidden();
  return principal;
}
