/** Kysely types of the OIDC provider's tables (migration 202612300020_superapp_oidc). */
import type { SuperappTables } from './superapp.tables.ts';

export interface SuperappOidcTables extends SuperappTables {
  /**
   * What oidc-provider keeps (sessions, interactions, grants, codes, tokens), one row per model
   * and id. Bearer values (tokens, codes, session cookies) are stored only as their SHA-256.
   */
  'superapp.oidc_payloads': {
    model: string;
    id_hash: string;
    payload: Record<string, unknown>;
    grant_id: string | null;
    uid: string | null;
    account_id: string | null;
    expires_at: Date | null;
    consumed_at: Date | null;
  };
  /** The provider's secrets, made per deployment and sealed at rest: signing keys, cookie keys, the pairwise salt. */
  'superapp.oidc_keys': {
    id: string;
    kind: 'signing' | 'cookies' | 'pairwise';
    public_jwk: Record<string, unknown> | null;
    sealed: string;
    created_at: Date;
    retired_at: Date | null;
  };
  /** The scopes behind each app consent recorded in the exchange's consent records (item code `app:<slug>`). */
  'superapp.oidc_consents': {
    consent_id: string;
    app_id: string;
    account_id: string;
    scopes: string[];
    acting_enterprise_id: string | null;
    at: Date;
  };
}
