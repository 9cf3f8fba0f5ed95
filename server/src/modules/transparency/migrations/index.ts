import type { Migration } from '../../../platform/migrations.ts';

/** Frozen. Add new migrations below; never edit one that has shipped. */
export const transparencyMigrations: Migration[] = [
  {
    id: '202612020550_transparency_log',
    up: [
      `create schema if not exists transparency`,
      // The log's leaves, in order: one per audit record of an exercise of public power (source
      // 'audit': platform.audit_log) or per personal-data read or refusal (source 'access':
      // platform.personal_data_access). record_hash is SHA-256 of the record's canonical JSON.
      `create table transparency.entries (
        idx bigint primary key check (idx >= 0),
        source text not null check (source in ('audit', 'access')),
        record_id uuid not null,
        record_at timestamptz not null,
        action text not null,
        resource_type text not null,
        resource_id text,
        record_hash text not null,
        leaf_hash bytea not null,
        appended_at timestamptz not null,
        unique (source, record_id)
      )`,
      `create index entries_resource on transparency.entries (resource_type, resource_id)`,
      // Every complete subtree's hash (level 0: the leaves): proofs are served from here.
      `create table transparency.nodes (
        level smallint not null check (level between 0 and 62),
        idx bigint not null check (idx >= 0),
        hash bytea not null,
        primary key (level, idx)
      )`,
      // Signed checkpoints (C2SP signed notes), one per tree size published.
      `create table transparency.checkpoints (
        tree_size bigint primary key check (tree_size >= 0),
        root_hash bytea not null,
        issued_at timestamptz not null,
        key_hash text not null,
        note text not null
      )`,
      // The log's signing keys (Ed25519): the private key sealed at rest.
      `create table transparency.keys (
        key_hash text primary key,
        key_name text not null,
        public_key text not null,
        private_enc text not null,
        created_at timestamptz not null,
        retired_at timestamptz
      )`,
      // The sequencer's state: the tree's size and right edge are in nodes; the lease says which node appends.
      `create table transparency.state (
        id integer primary key check (id = 1),
        tree_size bigint not null,
        root_hash bytea,
        cursor_at timestamptz,
        lease_holder text,
        lease_until timestamptz
      )`,
      `insert into transparency.state (id, tree_size) values (1, 0)`,
      // Entries, nodes and checkpoints are append-only, whoever connects (and `yiwang db roles`
      // revokes UPDATE and DELETE on them from the application role).
      `create trigger entries_append_only before update or delete on transparency.entries
        for each row execute function platform.refuse_change()`,
      `create trigger entries_no_truncate before truncate on transparency.entries
        for each statement execute function platform.refuse_change()`,
      `create trigger nodes_append_only before update or delete on transparency.nodes
        for each row execute function platform.refuse_change()`,
      `create trigger nodes_no_truncate before truncate on transparency.nodes
        for each statement execute function platform.refuse_change()`,
      `create trigger checkpoints_append_only before update or delete on transparency.checkpoints
        for each row execute function platform.refuse_change()`,
      `create trigger checkpoints_no_truncate before truncate on transparency.checkpoints
        for each statement execute function platform.refuse_change()`,
      // The sequencer looks for new reads by time.
      `create index personal_data_access_at on platform.personal_data_access (at)`,
    ],
  },
];
