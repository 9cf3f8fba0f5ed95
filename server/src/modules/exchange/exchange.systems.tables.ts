/** Tables of external systems (schema exchange): registrations, used assertions, tokens, sign-ins. */
import type { ColumnType } from 'kysely';

type Json = ColumnType<unknown, string, string>;

export interface SystemsTables {
  'exchange.systems': {
    id: string;
    client_id: string;
    name: string;
    name_en: string;
    organisation_kind: 'uscc' | 'department';
    organisation: string;
    department_code: string | null;
    public_jwk: Json;
    key_alg: 'EdDSA' | 'ES256';
    key_thumbprint: string;
    status: 'active' | 'disabled';
    registered_by: string;
    created_at: Date;
    updated_at: Date;
  };
  'exchange.system_assertions': {
    system_id: string;
    jti: string;
    expires_at: Date;
  };
  'exchange.system_tokens': {
    token_hash: string;
    system_id: string;
    issued_at: Date;
    expires_at: Date;
  };
  'exchange.system_sign_ins': {
    id: string;
    at: Date;
    system_id: string | null;
    client_id: string | null;
    outcome: 'issued' | 'refused';
    refusal: string | null;
    ip: string | null;
    request_id: string | null;
  };
}
