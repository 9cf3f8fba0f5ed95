import type { ColumnType } from 'kysely';
import type { PlatformTables } from '../../platform/tables.ts';
import type { ProcessDefinition } from './workflow/definition.ts';
import type { ActionDetails } from './workflow/engine.ts';

type Json<T> = ColumnType<T, string, string>;

export interface StoredMaterial {
  code: string;
  name: { zh: string; en: string };
  uploadId: string;
  fileName: string;
  mediaType: string;
  size: number;
  sha256: string;
  blobKey: string;
}

export interface CaseItem {
  code: string;
  version: number;
  name: { zh: string; en: string };
  departmentCode: string;
}

/** What a result file (办结文书) is: a document now; a certificate (电子证照) once credentials land. */
export type ResultFileKind = 'document' | 'certificate';

/** A file staff attached to a case's result, as the history row holds it (the bytes in the blob store). */
export interface StoredResultFile {
  kind: ResultFileKind;
  uploadId: string;
  fileName: string;
  mediaType: string;
  size: number;
  sha256: string;
  blobKey: string;
}

/** A history row's data: the action's details as the engine's event holds them, and where the step went. */
export type EventData = ActionDetails & {
  /** The acting staff member's department (the engine's actor). */
  departmentCode?: string;
  /** A department's step inside a parallel state: its branch's states. */
  branchFrom?: string;
  branchTo?: string;
  /** With a resubmit: SHA-256 of the materials as resubmitted. */
  materials?: { code: string; sha256: string }[];
  /** With an action that gives the result (办结): the files attached to it. */
  resultFiles?: StoredResultFile[];
};

export interface ApplicationsTables extends PlatformTables {
  'applications.processes': { key: string; code: string; definition: Json<ProcessDefinition>; created_at: Date };
  'applications.uploads': {
    id: string;
    region_code: string;
    account_id: string;
    blob_key: string;
    sha256: string;
    size: number;
    media_type: string;
    file_name: string;
    created_at: Date;
  };
  'applications.drafts': {
    id: string;
    region_code: string;
    account_id: string;
    enterprise_id: string | null;
    kind: 'item' | 'bundle';
    item_code: string | null;
    bundle_code: string | null;
    title_zh: string;
    title_en: string;
    form_sealed: string;
    materials: Json<StoredMaterial[]>;
    /** The form and the material list as JSON, in bytes (the per-account cap counts these). */
    size_bytes: number;
    created_at: Date;
    updated_at: Date;
  };
  'applications.cases': {
    id: string;
    region_code: string;
    case_number: string;
    kind: 'item' | 'bundle';
    item_code: string | null;
    item_version: number | null;
    bundle_code: string | null;
    items: Json<CaseItem[]>;
    title_zh: string;
    title_en: string;
    department_code: string;
    departments: string[];
    process_key: string;
    applicant_account_id: string;
    enterprise_id: string | null;
    applicant_name_sealed: string;
    applicant_name_masked: string;
    applicant_subject_index: string | null;
    /** Sealed: what a look-up without signing in checks (the applicant's name, the last 4 of the ID number or USCC). */
    lookup_sealed: string | null;
    /** online, or window: filed by a clerk (filed_by) for the applicant in front of them. */
    channel: 'online' | 'window';
    filed_by: string | null;
    form_sealed: string;
    materials: Json<StoredMaterial[]>;
    idempotency_key: string;
    request_hash: string;
    status: 'in_progress' | 'correction' | 'completed' | 'rejected' | 'withdrawn';
    state: string;
    seq: number;
    submitted_at: Date;
    last_submitted_at: Date;
    due_at: Date | null;
    deadline_at: Date | null;
    closed_at: Date | null;
    updated_at: Date;
  };
  'applications.case_events': {
    case_id: string;
    seq: number;
    region_code: string;
    at: Date;
    actor_id: string | null;
    actor_name: string;
    actor_organisation: string;
    actor_roles: string[];
    is_applicant: boolean;
    action: string;
    branch: string | null;
    from_state: string;
    to_state: string;
    data: Json<EventData>;
  };
  /** The form and materials as they were before the resubmission (补正) recorded at history row `seq`. */
  'applications.case_versions': {
    case_id: string;
    seq: number;
    region_code: string;
    form_sealed: string;
    materials: Json<StoredMaterial[]>;
    created_at: Date;
  };
  /** A material the government holds, fetched from its registry when the case was filed (数据共享). */
  'applications.case_evidence': {
    case_id: string;
    material_code: string;
    record_id: string;
    material_name_zh: string;
    material_name_en: string;
    region_code: string;
    registry: string;
    record_type: string;
    record_version: number;
    /** The department that read it (the grant's grantee, or the item's department). */
    department_code: string;
    grant_id: string | null;
    fetched_at: Date;
    /** SHA-256 hex of the record's canonical JSON, as the registry holds it. */
    digest: string;
    /** The record's values (JSON), sealed under applications.case.evidence. */
    values_sealed: string;
  };
  'applications.work_items': {
    case_id: string;
    branch: string;
    region_code: string;
    department_code: string;
    roles: string[];
    role_mask: number;
    state: string;
    case_number: string;
    title_zh: string;
    title_en: string;
    item_code: string | null;
    applicant_name_masked: string;
    process_key: string;
    submitted_at: Date;
    since: Date;
    deadline_at: Date | null;
    claimed_by: string | null;
    claimed_by_name: string | null;
    claimed_at: Date | null;
  };
}
