/**
 * What every part of superapp shares: the platform, the app directory, and the other modules'
 * services it uses (identity for who a person is, the exchange for consent records and the data
 * tracker). A part is made from this (`create<Part>(context)`) and answers a `SuperappPart`.
 */
import type { FastifyInstance } from 'fastify';
import type { Platform } from '../../platform/context.ts';
import type { EventMap } from '../../platform/outbox.ts';
import type { SuperappDependencies } from './index.ts';
import { AppDirectory } from './superapp.directory.ts';

export class SuperappContext {
  readonly platform: Platform<EventMap>;
  readonly deps: SuperappDependencies;
  readonly directory: AppDirectory;

  constructor(platform: Platform<EventMap>, deps: SuperappDependencies) {
    this.platform = platform;
    this.deps = deps;
    this.directory = new AppDirectory(platform.db);
  }
}

/** One part of superapp: its routes (mounted under /api), optionally routes outside /api, what others may call, and a demo seed. */
export interface SuperappPart<Api = unknown> {
  plugin(fastify: FastifyInstance): Promise<void>;
  /** Routes outside /api (the OIDC provider's /oidc, the SDK's script). */
  rootPlugin?(fastify: FastifyInstance): Promise<void>;
  api?: Api;
  /** The demo city's content of this part (server/src/demo calls every part's seed). */
  seed?: () => Promise<void>;
}
