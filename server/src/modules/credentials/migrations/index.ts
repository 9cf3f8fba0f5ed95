import type { Migration } from '../../../platform/migrations.ts';

/** Frozen. Add new migrations below; never edit one that has shipped. */
export const credentialsMigrations: Migration[] = [
  {
    id: '202612020560_credentials_core',
    up: [
      `create schema if not exists credentials`,
      // Issuer keys, per department: the private key sealed; retired keys stay for verification.
      `create table credentials.issuer_keys (
        kid text primary key,
        department_code text not null,
        alg text not null,
        public_jwk jsonb not null,
        private_sealed text not null,
        created_at timestamptz not null,
        retired_at timestamptz
      )`,
      `create unique index issuer_keys_current on credentials.issuer_keys (department_code) where retired_at is null`,
      // Each department's next status-list position (a permutation of the sequence, so neighbours are unrelated).
      `create table credentials.status_sequences (
        department_code text primary key,
        next_seq integer not null
      )`,
      `create table credentials.certificates (
        id uuid primary key,
        number text not null unique,
        department_code text not null,
        type_code text not null,
        record_type text not null,
        name_zh text not null,
        name_en text not null,
        case_id text not null,
        case_number text not null,
        item_code text not null,
        region_code text not null,
        holder_kind text not null check (holder_kind in ('person', 'enterprise')),
        holder_account_id uuid not null,
        enterprise_id uuid,
        holder_enc text not null,
        holder_index text not null,
        holder_masked text not null,
        kid text not null references credentials.issuer_keys (kid),
        status_index integer not null,
        jwt text not null,
        issued_at timestamptz not null,
        valid_until timestamptz,
        revoked_at timestamptz,
        suspended_at timestamptz,
        unique (case_id, item_code),
        unique (department_code, status_index)
      )`,
      `create index certificates_holder on credentials.certificates (holder_account_id, issued_at desc)`,
      `create index certificates_enterprise on credentials.certificates (enterprise_id, issued_at desc) where enterprise_id is not null`,
      `create index certificates_holder_index on credentials.certificates (holder_index)`,
      // Revocation, suspension and reinstatement: who, why, under which law.
      `create table credentials.status_changes (
        id uuid primary key,
        certificate_id uuid not null references credentials.certificates (id),
        action text not null check (action in ('revoke', 'suspend', 'reinstate')),
        reason text not null,
        legal_basis text not null,
        actor_id uuid not null,
        at timestamptz not null
      )`,
      `create index status_changes_certificate on credentials.status_changes (certificate_id, at)`,
      // Time-limited, revocable share links (only the token's hash is kept).
      `create table credentials.shares (
        id uuid primary key,
        certificate_id uuid not null references credentials.certificates (id),
        token_hash text not null unique,
        created_by uuid not null,
        created_at timestamptz not null,
        expires_at timestamptz not null,
        revoked_at timestamptz
      )`,
      `create index shares_certificate on credentials.shares (certificate_id, created_at desc)`,
    ],
  },
  {
    id: '202612160020_credentials_holders',
    up: [
      // The holders a certificate names besides its applicant (出生医学证明: the newborn's parents),
      // each by their ID number sealed and its blind index: their card wallets show it.
      `create table credentials.certificate_holders (
        certificate_id uuid not null references credentials.certificates (id),
        role text not null,
        holder_enc text not null,
        holder_index text not null,
        primary key (certificate_id, role)
      )`,
      `create index certificate_holders_index on credentials.certificate_holders (holder_index)`,
    ],
  },
];
