/**
 * A module registers through a manifest (DESIGN.md §3.2): its name, migrations, the
 * permissions and events it defines, and `create`, which builds its Fastify plugin (routes,
 * kept encapsulated: no fastify-plugin) and the service interface other modules may call.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { Platform } from './context.ts';
import type { Migration } from './migrations.ts';

export interface SeedOptions {
  /** Number of residents to generate (the demo default is a few thousand). */
  residents: number;
  enterprises: number;
  log: (msg: string) => void;
}

export interface ModuleInstance<Api> {
  /** Routes, mounted under /api. */
  plugin: FastifyPluginAsync;
  api: Api;
  seed?: (opts: SeedOptions) => Promise<void>;
}

export interface ModuleManifest<Api, Deps> {
  name: string;
  migrations: readonly Migration[];
  /** What the module's policy checks, for the docs and the admin console. */
  permissions: readonly string[];
  /** Topics this module emits (`<module>.<entity>.<verb>`). */
  events: readonly string[];
  create(platform: Platform, deps: Deps): ModuleInstance<Api>;
}

export const defineModule = <Api, Deps>(m: ModuleManifest<Api, Deps>): ModuleManifest<Api, Deps> => m;
