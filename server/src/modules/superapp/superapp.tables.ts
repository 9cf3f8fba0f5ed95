/** Kysely types of the registry's tables (other parts add `superapp.<part>.tables.ts`). */
import type { PlatformTables } from '../../platform/tables.ts';
import type { Manifest } from './superapp.manifest.ts';

export type AppStatus = 'in_review' | 'approved' | 'rejected' | 'suspended' | 'taken_down';
export type VersionStatus = 'in_review' | 'approved' | 'rejected' | 'superseded';
export type Audience = 'citizen' | 'staff';

export interface SuperappTables extends PlatformTables {
  'superapp.apps': {
    id: string;
    slug: string;
    client_id: string;
    owner_uscc: string;
    owner_name: string;
    audience: Audience;
    status: AppStatus;
    status_reason: string | null;
    live_version: number | null;
    created_by: string | null;
    created_at: Date;
    updated_at: Date;
  };
  'superapp.app_versions': {
    app_id: string;
    version: number;
    manifest: Manifest;
    status: VersionStatus;
    pre_review: unknown;
    submitted_by: string | null;
    submitted_at: Date;
    decided_by: string | null;
    decided_at: Date | null;
    reason: string | null;
  };
  'superapp.releases': {
    id: string;
    app_id: string;
    account_id: string;
    claims: string[];
    consent_id: string | null;
    via: 'id_token' | 'userinfo' | 'introspection';
    at: Date;
  };
}
