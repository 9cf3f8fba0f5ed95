/** What the opendata parts share: the platform, the scoped database and the other modules' reads. */
import type { Platform } from '../../platform/context.ts';
import type { BlobStore } from '../../platform/blobs.ts';
import { scoped } from '../../platform/db.ts';
import type { Kysely, Transaction } from 'kysely';
import type { OpendataSettings } from '../../config.ts';
import type { NotifyInput } from '../notify/index.ts';
import type { opendataEvents } from './opendata.events.ts';
import type { OpendataTables } from './opendata.tables.ts';

export type Db = Kysely<OpendataTables>;

export interface OpendataDeps {
  /** org's departments: a dataset's publisher must be one of them. */
  departments: () => Promise<{ code: string; name: string; nameEn: string }[]>;
  /** Where release files are stored (the platform's content-addressed blob store). */
  blobs: BlobStore;
  regionCode: string;
  /** The public base URL (DCAT identifiers, download URLs); null: derived from the request. */
  publicUrl: string | null;
  /** The largest file a release may hold. */
  maxFileBytes: number;
  /** The live endpoints' rate limit and the API keys an owner may hold. */
  settings: OpendataSettings;
  /** notify: a message in an account's inbox, in the caller's transaction (idempotent by source and account). */
  notifyAccount: (tx: Transaction<object> | Kysely<object>, input: NotifyInput, at: Date) => Promise<string | null>;
}

export class OpendataContext {
  readonly p: Platform<typeof opendataEvents>;
  readonly db: Db;
  readonly deps: OpendataDeps;
  constructor(p: Platform<typeof opendataEvents>, deps: OpendataDeps) {
    this.p = p;
    this.deps = deps;
    this.db = scoped<OpendataTables>(p.db);
  }
}
