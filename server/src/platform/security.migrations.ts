import type { Migration } from './migrations.ts';

/** Frozen. Key rotation's bookkeeping, the database roles' record, the access log made append-only. */
export const securityMigrations: Migration[] = [
  {
    id: '202612010001_platform_keys_roles',
    up: [
      // Data keys that have been current (sealed data) and whether they are retired (nothing uses them).
      `create table platform.data_keys (
        key_id text primary key,
        state text not null check (state in ('active', 'retired')),
        first_current_at timestamptz not null,
        retired_at timestamptz
      )`,
      // Where a rotation to target_key_id stands, per task (one per sealed column or copied index): resumable.
      `create table platform.key_rotation_progress (
        target_key_id text not null,
        task text not null,
        cursor text,
        done boolean not null default false,
        rows_changed bigint not null default 0,
        updated_at timestamptz not null,
        primary key (target_key_id, task)
      )`,
      // During a rotation: a blind index under the old key and the same value's index under the new one,
      // so that indexes copied into other tables (without the plain value) can be re-keyed. Emptied at the end.
      `create table platform.blind_index_map (
        context text not null,
        old_index text not null,
        new_index text not null,
        primary key (context, old_index)
      )`,
      // The roles that `yiwang db roles` set up, so that migrations run as the owner re-grant new tables.
      `create table platform.db_roles (
        purpose text primary key check (purpose in ('app', 'reader')),
        role_name text not null
      )`,
      // The personal-data access log is append-only like the audit trail, whoever connects. Only its
      // subject index may be rewritten (key rotation re-keys it); who read what, when and why may not.
      // With database roles the application role cannot UPDATE it at all (yiwang db roles).
      `create function platform.refuse_change_but_rekey() returns trigger language plpgsql as $$
        begin
          if tg_op = 'UPDATE'
            and (to_jsonb(new) - 'subject_index') = (to_jsonb(old) - 'subject_index') then
            return new;
          end if;
          raise exception 'table %.% is append-only', tg_table_schema, tg_table_name using errcode = '42501';
        end $$`,
      `create trigger personal_data_access_append_only before update or delete on platform.personal_data_access
        for each row execute function platform.refuse_change_but_rekey()`,
      `create trigger personal_data_access_no_truncate before truncate on platform.personal_data_access
        for each statement execute function platform.refuse_change()`,
    ],
  },
  {
    id: '202612020401_platform_data_access_exchange',
    up: [
      // The data tracker's log (谁查了我的数据) carries what X-Road's headers carry: the client
      // (department or system), the user, the case; the legal basis; and refusals too.
      `alter table platform.personal_data_access
        add column subject_kind text not null default 'person' check (subject_kind in ('person', 'enterprise')),
        add column department_code text,
        add column system_id text,
        add column case_number text,
        add column legal_basis text,
        add column outcome text not null default 'read' check (outcome in ('read', 'refused')),
        add column refusal text,
        add column hidden_until timestamptz`,
      // A system (a filing, an external system) reads with no staff account.
      `alter table platform.personal_data_access alter column accessor_id drop not null`,
    ],
  },
];
