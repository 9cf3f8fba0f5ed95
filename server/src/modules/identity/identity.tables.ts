import type { ColumnType, Generated } from 'kysely';
import type { PlatformTables } from '../../platform/tables.ts';

export interface AccountRow {
  id: string;
  kind: 'citizen' | 'staff';
  username: string | null;
  display_name: string;
  id_number_enc: string | null;
  id_number_index: string | null;
  phone_enc: string | null;
  phone_index: string | null;
  password_hash: string | null;
  password_changed_at: Date | null;
  /** frozen: its ID number was verified by its owner on another account (it cannot sign in, nor be re-enabled). */
  status: 'active' | 'disabled' | 'frozen';
  assurance_level: 'registered' | 'id_verified' | 'in_person';
  totp_secret_enc: string | null;
  totp_enabled: boolean;
  totp_last_step: number | null;
  /** Set when the security admin reset the password: a new one must be chosen at the next sign-in. */
  password_must_change: boolean;
  region_code: string;
  created_at: Date;
  updated_at: Date;
}

export interface SessionRow {
  id: string;
  token_hash: string;
  account_id: string;
  csrf_token: string;
  created_at: Date;
  last_seen_at: Date;
  expires_at: Date;
  revoked_at: Date | null;
  revoke_reason: string | null;
  ip: string | null;
  user_agent: string | null;
  acting_enterprise_id: string | null;
}

export interface IdentityTables extends PlatformTables {
  'identity.accounts': AccountRow;
  'identity.account_roles': { account_id: string; role: string; granted_at: Date; granted_by: string | null };
  'identity.sessions': SessionRow;
  'identity.login_challenges': {
    id: string;
    token_hash: string;
    account_id: string;
    created_at: Date;
    expires_at: Date;
    used_at: Date | null;
    failures: Generated<number>;
    ip: string | null;
    user_agent: string | null;
    /** totp: the second factor comes next; new_password: a new password (after a reset by the security admin). */
    purpose: 'totp' | 'new_password';
  };
  /** One-time codes sent to a phone; `code_hash` is keyed (HMAC under the data key) and salted with the id. */
  'identity.one_time_codes': {
    id: string;
    purpose: 'register' | 'recover';
    phone_index: string;
    account_id: string | null;
    code_hash: string;
    created_at: Date;
    expires_at: Date;
    used_at: Date | null;
    attempts: ColumnType<number, number | undefined, number>;
    ip: string | null;
  };
  'identity.login_throttle': { key: string; failures: number; window_started_at: Date; locked_until: Date | null };
  'identity.enterprises': {
    id: string;
    uscc: string;
    name: string;
    name_en: string | null;
    region_code: string;
    industry: string | null;
    registered_on: string | null;
    address_enc: string | null;
    legal_rep_name: string;
    legal_rep_id_index: string;
    status: ColumnType<'active' | 'deregistered', 'active' | 'deregistered' | undefined, 'active' | 'deregistered'>;
    created_at: Date;
  };
  'identity.enterprise_agents': {
    enterprise_id: string;
    account_id: string;
    relation: 'legal_rep' | 'agent';
    granted_by: string | null;
    granted_at: Date;
    valid_until: Date | null;
    revoked_at: Date | null;
  };
}
