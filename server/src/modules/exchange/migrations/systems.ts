import type { Migration } from '../../../platform/migrations.ts';

/**
 * External systems (helper 4's part of the exchange): frozen, appended to the exchange's
 * migration stream by migrations/index.ts. Never edit one that has shipped.
 */
export const exchangeSystemsMigrations: Migration[] = [
  {
    id: '202612020540_exchange_systems',
    up: [
      `create schema if not exists exchange`,
      // 外部系统: another city's platform, a hospital. Reads under its department's grants and its own.
      `create table exchange.systems (
        id uuid primary key,
        client_id text not null unique,
        name text not null,
        name_en text not null,
        organisation_kind text not null check (organisation_kind in ('uscc', 'department')),
        organisation text not null,
        department_code text,
        public_jwk jsonb not null,
        key_alg text not null check (key_alg in ('EdDSA', 'ES256')),
        key_thumbprint text not null,
        status text not null check (status in ('active', 'disabled')),
        registered_by uuid not null,
        created_at timestamptz not null,
        updated_at timestamptz not null
      )`,
      `create index systems_department on exchange.systems (department_code)`,
      // Client assertions' jti, kept until the assertion expires: a jti is used once (RFC 7523 §3).
      `create table exchange.system_assertions (
        system_id uuid not null references exchange.systems (id),
        jti text not null,
        expires_at timestamptz not null,
        primary key (system_id, jti)
      )`,
      `create index system_assertions_expiry on exchange.system_assertions (expires_at)`,
      // Access tokens (opaque; only their SHA-256 is kept).
      `create table exchange.system_tokens (
        token_hash text primary key,
        system_id uuid not null references exchange.systems (id),
        issued_at timestamptz not null,
        expires_at timestamptz not null
      )`,
      `create index system_tokens_expiry on exchange.system_tokens (expires_at)`,
      // Every token request, issued or refused, with its stable code (the console shows them).
      `create table exchange.system_sign_ins (
        id uuid primary key,
        at timestamptz not null,
        system_id uuid references exchange.systems (id),
        client_id text,
        outcome text not null check (outcome in ('issued', 'refused')),
        refusal text,
        ip text,
        request_id text
      )`,
      `create index system_sign_ins_system on exchange.system_sign_ins (system_id, at desc)`,
    ],
  },
];
