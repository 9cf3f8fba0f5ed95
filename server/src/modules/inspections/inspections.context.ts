/** What the inspections use cases share: the platform, the scoped database and the other modules' reads. */
import type { Principal } from '../../platform/auth.ts';
import type { Platform } from '../../platform/context.ts';
import { scoped } from '../../platform/db.ts';
import type { Db } from './inspections.repository.ts';
import type { InspectionsTables } from './inspections.tables.ts';

export interface DirectoryEntry {
  uscc: string;
  name: string;
  industry: string;
  address: string;
  status: string;
}

export interface InspectionsDeps {
  /** The enterprise registry's public fields, page by page (exchange). */
  directory: () => AsyncIterable<DirectoryEntry[]>;
  /** The transparency log's latest signed checkpoint, or null before the first (the draw's beacon). */
  latestCheckpoint: () => Promise<{ treeSize: number; rootHash: string; issuedAt: string } | null>;
  /** An upload's media type if `p` uploaded it through the platform's upload facility, else null. */
  uploadOf: (p: Principal, id: string) => Promise<{ mediaType: string } | null>;
  regionCode: string;
}

export class InspectionsContext {
  readonly p: Platform;
  readonly db: Db;
  readonly deps: InspectionsDeps;
  constructor(p: Platform, deps: InspectionsDeps) {
    this.p = p;
    this.deps = deps;
    this.db = scoped<InspectionsTables>(p.db);
  }
}
