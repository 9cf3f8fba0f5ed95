/** What every use case of the applications module works with: the platform, its tables, the other modules. */
import type { ApplicationsSettings } from '../../config.ts';
import type { BlobStore } from '../../platform/blobs.ts';
import type { Transaction } from 'kysely';
import type { Platform, Work } from '../../platform/context.ts';
import { scoped } from '../../platform/db.ts';
import type { CatalogService, LocalText } from '../catalog/index.ts';
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
  /** The data exchange, for evidence instead of uploads; null: shared materials are not fetched. */
  exchange?: EvidenceExchange | null;
}

/** Whose record: a person's by ID number, an enterprise's by USCC. */
export type EvidenceSubject = { idNumber: string } | { uscc: string };

/** A registry record as the exchange answers a read. */
export interface EvidenceRecord {
  recordId: string;
  recordType: string;
  version: number;
  values: Record<string, string | number | boolean | null>;
  digest: string;
  /** An issued certificate revoked or suspended by its issuer is no valid evidence (the applicant uploads instead). */
  status: 'valid' | 'suspended' | 'revoked';
  readAt: Date | null;
  grantId: string | null;
}

/** One read of a filing: a material's registry record of a subject, for an item and its department. */
export interface EvidenceReadRequest {
  registry: string;
  recordType: string;
  subject: EvidenceSubject;
  itemCode: string;
  departmentCode: string;
  /** Null before the case is numbered (a check's refused read). */
  caseNumber: string | null;
  applicantAccountId: string;
}

/** Why a read is not made: no grant at all (the department obtains the material itself), or refused (logged). */
export type EvidenceNotRead = { outcome: 'not_granted' } | { outcome: 'refused'; code: string; message: string };

/**
 * The data exchange as filing a case needs it (modules/exchange/exchange.evidence.ts answers it;
 * app.ts wires it): where a material the government holds comes from, whether its read would be
 * allowed (before the filing's transaction: a refused read is made and logged then), and the read
 * in the filing's transaction.
 */
export interface EvidenceExchange {
  /** The registry and record type holding a material, and whose (a form field naming the person); null when none. */
  sourceOf(materialCode: string): {
    registry: string;
    recordType: string;
    subjectKind: 'person' | 'enterprise';
    subjectField: string | null;
  } | null;
  /** A registry's name and owning department (for showing provenance); null when unknown. */
  registryName(code: string): { name: LocalText; owner: string } | null;
  check(req: EvidenceReadRequest): Promise<{ outcome: 'ready' } | EvidenceNotRead>;
  /** The filing's reads, in its transaction (one statement for all it may read): each answered in order. */
  fetchAll(
    reqs: readonly EvidenceReadRequest[],
    tx: Transaction<object>,
  ): Promise<({ outcome: 'read'; records: EvidenceRecord[] } | EvidenceNotRead)[]>;
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
