/**
 * What every part of cogov shares: the platform, the resident's standing, the content-type
 * registry of moderation, the places (org) and messages (notify), and the city's settings.
 * A part is made from this (`create<Part>(context)`) and answers a `CogovPart`.
 */
import type { FastifyInstance } from 'fastify';
import type { Platform } from '../../platform/context.ts';
import type { NotifyApi } from '../notify/index.ts';
import type { CogovEvents } from './cogov.events.ts';
import { ContentTypes } from './cogov.content-types.ts';
import { StandingService, type StandingSources } from './cogov.standing.ts';

/** The names of a community and grid (org's directory). */
export interface PlaceNames {
  communityId: string;
  communityName: string;
  communityNameEn: string;
  regionCode: string;
  gridId: string | null;
  gridName: string | null;
  gridNameEn: string | null;
}

export interface CogovDeps extends StandingSources {
  regionCode: string;
  timeZone: string;
  placeNames(communityId: string, gridId: string | null): Promise<PlaceNames | null>;
  /** An in-app message to an account, in the caller's transaction (notify). */
  notifyAccount: NotifyApi['notifyAccount'];
}

export class CogovContext {
  readonly standing: StandingService;
  readonly contentTypes = new ContentTypes();
  readonly platform: Platform<CogovEvents>;
  readonly deps: CogovDeps;

  constructor(platform: Platform<CogovEvents>, deps: CogovDeps) {
    this.platform = platform;
    this.deps = deps;
    this.standing = new StandingService(deps, deps.timeZone);
  }
}

/** One part of cogov: its routes (mounted under /api), and optionally what others may call and a demo seed. */
export interface CogovPart<Api = unknown> {
  plugin(fastify: FastifyInstance): Promise<void>;
  api?: Api;
  /** The demo city's content of this part (server/src/demo calls every part's seed). */
  seed?: () => Promise<void>;
}
