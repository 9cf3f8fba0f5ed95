/** What the cityops use cases share: the platform, the scoped database, routing and the other modules' calls. */
import type { Kysely, Transaction } from 'kysely';
import type { Platform } from '../../platform/context.ts';
import { scoped } from '../../platform/db.ts';
import type { PhotoContent, UploadOf } from '../../platform/photos.ts';
import type { NotifyInput } from '../notify/index.ts';
import type { CityopsEvents } from './cityops.events.ts';
import type { Db } from './cityops.repository.ts';
import { Routing, type CommunityMap, type PlaceDirectory } from './cityops.routing.ts';
import type { CityopsTables } from './cityops.tables.ts';

export interface CityopsDeps {
  regionCode: string;
  timeZone: string;
  /** org's public facts: community, grid and department ids by code. */
  org: PlaceDirectory;
  /** An upload's media type if `p` uploaded it through the platform's upload facility, else null. */
  uploadOf: UploadOf;
  /** An upload's bytes (a photo of an event, for someone cityops lets see the event). */
  photoContent: PhotoContent;
  /** notify: a message in an account's inbox, in the caller's transaction (idempotent by source and account). */
  notifyAccount: (tx: Transaction<object> | Kysely<object>, input: NotifyInput, at: Date) => Promise<string | null>;
}

export class CityopsContext {
  readonly p: Platform<CityopsEvents>;
  readonly db: Db;
  readonly deps: CityopsDeps;
  readonly routing: Routing;
  constructor(p: Platform<CityopsEvents>, deps: CityopsDeps, map: CommunityMap) {
    this.p = p;
    this.deps = deps;
    this.db = scoped<CityopsTables>(p.db);
    this.routing = new Routing(map, deps.org);
  }
}
