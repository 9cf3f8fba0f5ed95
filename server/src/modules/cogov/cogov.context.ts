/**
 * What every part of cogov shares: the platform, the resident's standing, the content-type
 * registry of moderation, the places (org) and messages (notify), and the city's settings.
 * A part is made from this (`create<Part>(context)`) and answers a `CogovPart`.
 */
import type { FastifyInstance } from 'fastify';
import type { Platform } from '../../platform/context.ts';
import type { PhotoContent, UploadOf } from '../../platform/photos.ts';
import type { NotifyApi } from '../notify/index.ts';
import type { CogovEvents } from './cogov.events.ts';
import { Broadcasts, type Audience } from './cogov.broadcasts.ts';
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
  /** Whether a point lies in the city's communities (cityops' map): a proposal's place is there. */
  inCity(lat: number, lng: number): boolean;
  /** An in-app message to an account, in the caller's transaction (notify). */
  notifyAccount: NotifyApi['notifyAccount'];
  /** An upload's media type if the person uploaded it (the platform's upload facility), else null. */
  uploadOf: UploadOf;
  /** The bytes of an upload on a proposal, for someone cogov lets see the proposal. */
  photoContent: PhotoContent;
  /**
   * A page of the accounts of a place's verified residents (the roster's residents, identity's
   * accounts), in resident order after `after`; `next` is where the next page starts, or null.
   */
  residentAccounts(
    audience: Audience,
    after: string | null,
    limit: number,
  ): Promise<{ accountIds: string[]; next: string | null }>;
}

export class CogovContext {
  readonly standing: StandingService;
  readonly contentTypes = new ContentTypes();
  /** Messages to a place's residents (a notice, a consultation opening), sent a page at a time. */
  readonly broadcasts: Broadcasts;
  readonly platform: Platform<CogovEvents>;
  readonly deps: CogovDeps;

  constructor(platform: Platform<CogovEvents>, deps: CogovDeps) {
    this.platform = platform;
    this.deps = deps;
    this.standing = new StandingService(deps, deps.timeZone);
    this.broadcasts = new Broadcasts(platform, deps);
  }
}

/** One part of cogov: its routes (mounted under /api), and optionally what others may call and a demo seed. */
export interface CogovPart<Api = unknown> {
  plugin(fastify: FastifyInstance): Promise<void>;
  api?: Api;
  /** The demo city's content of this part (server/src/demo calls every part's seed). */
  seed?: () => Promise<void>;
}
