/** What every use case of the applications module works with: the platform, its tables, the other modules. */
import type { ApplicationsSettings } from '../../config.ts';
import type { BlobStore } from '../../platform/blobs.ts';
import type { Platform, Work } from '../../platform/context.ts';
import { scoped } from '../../platform/db.ts';
import type { CatalogService } from '../catalog/index.ts';
import type { IdentityService } from '../identity/index.ts';
import type { OrgService } from '../org/index.ts';
import type { ApplicationsEvents } from './applications.events.ts';
import type { AppDb } from './applications.repository.ts';
import type { ApplicationsTables } from './applications.tables.ts';

export interface ApplicationsDeps {
  catalog: CatalogService;
  org: OrgService;
  identity: IdentityService;
  blobs: BlobStore;
  uploadLimitBytes: number;
  settings: ApplicationsSettings;
  regionCode: string;
  /** The city's time zone: dates (a birth date not in the future, days overdue) are counted in it. */
  timeZone: string;
}

/**
 * What a case still owes before an action (the payments module answers; null: nothing). Given
 * after creation (payments is built after applications and consumes its events).
 */
export interface FeeGate {
  outstanding(
    ref: { caseId: string; items: readonly { code: string; version: number }[] },
    action: string,
  ): Promise<{ amountFen: number } | null>;
}

export interface Context {
  readonly p: Platform<ApplicationsEvents>;
  /** Late-bound collaborators (set once at start). */
  readonly hooks: { feeGate: FeeGate | null };
  /** This module's tables, outside a transaction. */
  readonly db: AppDb;
  readonly deps: ApplicationsDeps;
}

export const contextOf = (
  platform: Platform<ApplicationsEvents>,
  deps: ApplicationsDeps,
  hooks: Context['hooks'] = { feeGate: null },
): Context => ({
  hooks,
  p: platform,
  db: scoped<ApplicationsTables>(platform.db),
  deps,
});

/** This module's tables within a command's transaction. */
export const inTx = (w: Work<ApplicationsEvents>): AppDb => scoped<ApplicationsTables>(w.tx);

/** Sealed at rest under these field contexts. */
export const FORM_CONTEXT = 'applications.case.form';
export const NAME_CONTEXT = 'applications.case.applicant-name';
export const DRAFT_CONTEXT = 'applications.draft.form';
export const LOOKUP_CONTEXT = 'applications.case.lookup';
