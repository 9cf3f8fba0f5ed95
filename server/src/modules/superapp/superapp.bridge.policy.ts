/**
 * The bridge's checks, first in every use case: who may pay through the payment sheet, and
 * whether an app may be used now (approved; not suspended or taken down). The host page asks
 * again on every privileged call, so a suspension takes effect at once.
 */
import { requirePrincipal, type Principal } from '../../platform/auth.ts';
import { AppError, forbidden, notFound } from '../../platform/errors.ts';
import type { RegisteredApp } from './superapp.directory.ts';

/** A signed-in resident (a citizen account, acting for themselves or an enterprise). */
export function requirePayer(p: Principal | null | undefined): Principal {
  const principal = requirePrincipal(p);
  if (principal.kind !== 'citizen') throw forbidden('Mini-app payments are made by residents');
  return principal;
}

/** An app that is registered and visible (approved, suspended or taken down), else 404. */
export function visibleApp(app: RegisteredApp | null): RegisteredApp {
  if (!app || app.audience !== 'citizen' || app.liveVersion === null) throw notFound('APP_NOT_FOUND', 'No such app');
  return app;
}

/** An app that may be used now, else 404 (never published) or 403 APP_NOT_AVAILABLE (suspended, taken down). */
export function usableApp(app: RegisteredApp | null): RegisteredApp & { origin: string } {
  const visible = visibleApp(app);
  if (!visible.usable || !visible.origin)
    throw new AppError(403, 'APP_NOT_AVAILABLE', 'This app is suspended or taken down');
  return visible as RegisteredApp & { origin: string };
}
