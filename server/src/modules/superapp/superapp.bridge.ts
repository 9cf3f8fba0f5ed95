/**
 * The bridge (part 3 of superapp, docs/superapp-bridge.md): what the super app's host page and
 * the mini-apps' SDK need of the server. The SDK's script (/sdk), the host's view of an app
 * (entry URL and origin, none for a suspended app), payments through the payment sheet, and
 * the demo mini-apps' seed. Messages between host and mini-app never reach the server: the
 * host page checks them (web/src/citizen/superapp-bridge-host.ts).
 */
import type { SuperappContext, SuperappPart } from './superapp.context.ts';
import { BridgePayments } from './superapp.bridge.payments.ts';
import { visibleApp } from './superapp.bridge.policy.ts';
import { bridgeRoutes } from './superapp.bridge.routes.ts';
import type { HostView } from './superapp.bridge.schemas.ts';
import { sdkRoutes } from './superapp.bridge.sdk.ts';
import { demoOrigins, seedDemoMiniapps } from './superapp.bridge.seed.ts';

export type { HostView } from './superapp.bridge.schemas.ts';

export interface BridgeApi {
  payments: BridgePayments;
  /** Where the demo mini-apps are served when not on the configured ports (tests start them on free ports). */
  useMiniappOrigins(origins: ReadonlyMap<string, string>): void;
}

export function createBridge(c: SuperappContext): SuperappPart<BridgeApi> & { api: BridgeApi } {
  const payments = new BridgePayments(c);
  let origins = demoOrigins(c.deps.config.miniappsHost, c.deps.config.miniappsPort);
  const host: HostView = async (slug) => {
    const app = visibleApp(await c.directory.bySlug(slug));
    const m = app.manifest!;
    return {
      slug: app.slug,
      name: m.name,
      icon: m.icon,
      category: m.category,
      ownerName: app.ownerName,
      status: app.status,
      usable: app.usable,
      entryUrl: app.usable ? m.entryUrl : null,
      origin: app.usable ? app.origin : null,
      redirectUris: app.usable ? m.redirectUris : [],
      scopes: app.scopes,
      languages: m.languages,
    };
  };
  return {
    plugin: bridgeRoutes({ host, payments }),
    rootPlugin: sdkRoutes,
    api: {
      payments,
      useMiniappOrigins(given) {
        origins = new Map(given);
      },
    },
    seed: () => seedDemoMiniapps(c, origins),
  };
}
