/**
 * A module registers through a manifest (DESIGN.md §3.2): its name, migrations, the
 * permissions it defines and the events it emits (a topic → TypeBox schema map), and
 * `create`, which builds its Fastify plugin (routes, kept encapsulated: no fastify-plugin)
 * and the service interface other modules may call. The module's platform emits its events
 * and no others.
 */
import type { FastifyPluginAsync } from 'fastify';
import { withEvents, type Platform } from './context.ts';
import type { ErrorCatalogue } from './errors.ts';
import type { Migration } from './migrations.ts';
import type { EventMap, NoEvents } from './outbox.ts';

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

interface ModuleParts<E extends EventMap> {
  name: string;
  migrations: readonly Migration[];
  /** What the module's policy checks, for the docs and the admin console. */
  permissions: readonly string[];
  /** The events this module emits: topic (`<module>.<entity>.<verb>`) → payload schema. */
  events: E;
  /** The error codes this module answers with (`<module>.errors.ts`), published in the OpenAPI document. */
  errors: ErrorCatalogue;
  /** Every column of this module holding sealed data or a blind index (key rotation). */
  sealed?: readonly SealedField[];
}

export interface ModuleDefinition<Api, Deps, E extends EventMap> extends ModuleParts<E> {
  create(platform: Platform<E>, deps: Deps): ModuleInstance<Api>;
}

export interface ModuleManifest<Api, Deps, E extends EventMap = NoEvents> extends ModuleParts<E> {
  /** Builds the module on the shared platform, given its own events. */
  create(platform: Platform<EventMap>, deps: Deps): ModuleInstance<Api>;
}

export const defineModule = <Api, Deps, E extends EventMap = NoEvents>(
  m: ModuleDefinition<Api, Deps, E>,
): ModuleManifest<Api, Deps, E> => ({
  ...m,
  create: (platform, deps) => m.create(withEvents(platform, m.events), deps),
});

/** The named methods of a use case, bound to it: a module's service interface is assembled from its use cases. */
export function expose<T extends object, K extends keyof T>(useCase: T, ...names: K[]): Pick<T, K> {
  const out = {} as Pick<T, K>;
  for (const name of names) {
    const member = useCase[name];
    out[name] = (typeof member === 'function' ? member.bind(useCase) : member) as T[K];
  }
  return out;
}
