import type { ColumnType } from 'kysely';
import type { PlatformTables } from '../../platform/tables.ts';

type Json<T> = ColumnType<T, string, string>;

export type HolderKind = 'person' | 'enterprise';
export type HolderRole = 'mother' | 'father';
export type StatusAction = 'revoke' | 'suspend' | 'reinstate';

export interface CredentialsTables extends PlatformTables {
  'credentials.issuer_keys': {
    kid: string;
    department_code: string;
    alg: string;
    public_jwk: Json<Record<string, string>>;
    private_sealed: string;
    created_at: Date;
    retired_at: Date | null;
  };
  'credentials.status_sequences': { department_code: string; next_seq: number };
  'credentials.certificates': {
    id: string;
    number: string;
    department_code: string;
    type_code: string;
    record_type: string;
    name_zh: string;
    name_en: string;
    case_id: string;
    case_number: string;
    item_code: string;
    region_code: string;
    holder_kind: HolderKind;
    holder_account_id: string;
    enterprise_id: string | null;
    holder_enc: string;
    holder_index: string;
    holder_masked: string;
    kid: string;
    status_index: number;
    jwt: string;
    issued_at: Date;
    valid_until: Date | null;
    revoked_at: Date | null;
    suspended_at: Date | null;
  };
  /** Holders a certificate names besides its applicant (出生医学证明: the parents), by sealed ID number. */
  'credentials.certificate_holders': {
    certificate_id: string;
    role: HolderRole;
    holder_enc: string;
    holder_index: string;
  };
  'credentials.status_changes': {
    id: string;
    certificate_id: string;
    action: StatusAction;
    reason: string;
    legal_basis: string;
    actor_id: string;
    at: Date;
  };
  'credentials.shares': {
    id: string;
    certificate_id: string;
    token_hash: string;
    created_by: string;
    created_at: Date;
    expires_at: Date;
    revoked_at: Date | null;
  };
}
