/**
 * superapp — the super app (超级App): one login for every app (an OpenID Connect provider),
 * the mini-app registry with its review, the bridge mini-apps talk to, and supervision of what
 * apps do with personal data. Several parts build it (docs/superapp.md): each adds ONE line below
 * for its errors, ONE for its part in `parts`, its migrations file to migrations/index.ts, its
 * tables file, and a permissions block to superapp.policy.ts.
 */
import type { FastifyInstance } from 'fastify';
import { defineErrors } from '../../platform/errors.ts';
import { defineModule } from '../../platform/module.ts';
import { SuperappContext, type SuperappDependencies, type SuperappPart } from './superapp.context.ts';

export type { SuperappDependencies } from './superapp.context.ts';
import { superappErrors } from './superapp.errors.ts';
import { superappSupervisionErrors } from './superapp.supervision.errors.ts';
import { createSupervision } from './superapp.supervision.ts';
import { createRegistry } from './superapp.registry.ts';
import { superappRegistryErrors } from './superapp.registry.errors.ts';
import { superappPermissions } from './superapp.policy.ts';
import { superappMigrations } from './migrations/index.ts';
import { createBridge } from './superapp.bridge.ts';
import { superappBridgeErrors } from './superapp.bridge.errors.ts';
import { createOidc } from './superapp.oidc.ts';
import { superappOidcErrors } from './superapp.oidc.errors.ts';
import { OIDC_KEY_CONTEXT } from './superapp.oidc.keys.ts';

export type { RegisteredApp } from './superapp.directory.ts';
export { SCOPES, type Scope, CATEGORIES, type Category } from './superapp.scopes.ts';
export { ManifestSchema, type Manifest } from './superapp.manifest.ts';

/** The module's error catalogue: the core's codes and each part's (one line each). */
const errors = defineErrors('superapp', {
  ...superappErrors.codes,
  ...superappBridgeErrors.codes,
  ...superappOidcErrors.codes,
  ...superappSupervisionErrors.codes,
  ...superappRegistryErrors.codes,
});

/** Every part of superapp, made from the shared context: ONE line each. */
function createParts(c: SuperappContext) {
  const parts = {
    bridge: createBridge(c),
    oidc: createOidc(c),
    registry: createRegistry(c),
    supervision: createSupervision(c),
  } satisfies Record<string, SuperappPart>;
  // Between the parts: withdrawing an app's consent revokes its grants; a failed re-check suspends it.
  parts.supervision.api!.connectWithdraw((p, slug, origin) => parts.oidc.api!.withdraw(p, slug, origin));
  parts.registry.api!.registry.onRecheckFailed((appId, report) =>
    parts.supervision.api!.suspendAfterFailedRecheck(appId, report),
  );
  return parts;
}

export interface SuperappApi {
  context: SuperappContext;
  parts: ReturnType<typeof createParts>;
  /** Routes outside /api: each part's root plugin. */
  rootPlugin(fastify: FastifyInstance): Promise<void>;
}

export const superappModule = defineModule<SuperappApi, SuperappDependencies, Record<string, never>>({
  name: 'superapp',
  migrations: superappMigrations,
  permissions: superappPermissions,
  events: {},
  errors,
  sealed: [{ table: 'superapp.oidc_keys', key: ['id'], column: 'sealed', context: OIDC_KEY_CONTEXT }],
  create(platform, deps) {
    const context = new SuperappContext(platform, deps);
    const parts = createParts(context);
    const all = () => Object.values(parts) as SuperappPart[];
    return {
      plugin: async (fastify: FastifyInstance) => {
        for (const part of all()) await part.plugin(fastify);
      },
      api: {
        context,
        parts,
        rootPlugin: async (fastify: FastifyInstance) => {
          for (const part of all()) await part.rootPlugin?.(fastify);
        },
      },
      seed: async () => {
        for (const part of all()) await part.seed?.();
      },
    };
  },
});
