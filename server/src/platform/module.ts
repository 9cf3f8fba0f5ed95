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

/**
 * A column holding sealed personal data (DataProtector.seal under `context`), optionally with
 * the column holding the same value's blind index; or a column holding a blind index copied
 * from a value sealed elsewhere (`copiedBlindIndex`: re-keyed through the old-to-new index map
 * a rotation builds from the sealed columns). Key rotation (platform/key-rotation.ts) re-seals
 * and re-indexes exactly what the modules declare here.
 */
export type SealedField =
  | { table: string; key: readonly string[]; column: string; context: string; blindIndex?: string }
  | { table: string; key: readonly string[]; copiedBlindIndex: string; context: string };

export interface ModuleManifest<Api, Deps> {
  name: string;
  migrations: readonly Migration[];
  /** What the module's policy checks, for the docs and the admin console. */
  permissions: readonly string[];
  /** Topics this module emits (`<module>.<entity>.<verb>`). */
  events: readonly string[];
  /** Every column of this module holding sealed data or a blind index (key rotation). */
  sealed?: readonly SealedField[];
  create(platform: Platform, deps: Deps): ModuleInstance<Api>;
}

export const defineModule = <Api, Deps>(m: ModuleManifest<Api, Deps>): ModuleManifest<Api, Deps> => m;
