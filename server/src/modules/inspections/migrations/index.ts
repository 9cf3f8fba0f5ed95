import type { Migration } from '../../../platform/migrations.ts';

/** Frozen. Add new migrations below; never edit one that has shipped. */
export const inspectionsMigrations: Migration[] = [
  {
    id: '202612021100_inspections_random_inspections',
    up: [
      `create schema if not exists inspections`,
      // 抽查事项清单: what a department may inspect, on what legal basis.
      `create table inspections.items (
        id uuid primary key,
        department_code text not null,
        code text not null unique,
        name text not null,
        name_en text not null,
        legal_basis text not null,
        content text not null,
        created_at timestamptz not null
      )`,
      // Risk classification by industry (分级分类): the directory's risk level comes from here.
      `create table inspections.risk_rules (
        industry text primary key,
        risk_level text not null check (risk_level in ('low', 'medium', 'high'))
      )`,
      // 检查对象名录库: the enterprise registry's public fields, with risk level and credit grade.
      `create table inspections.entities (
        uscc text primary key,
        name text not null,
        industry text not null,
        area text not null,
        status text not null,
        risk_level text not null check (risk_level in ('low', 'medium', 'high')),
        credit_grade text not null check (credit_grade in ('A', 'B', 'C', 'D')),
        synced_at timestamptz not null
      )`,
      `create index entities_industry on inspections.entities (industry)`,
      // 执法检查人员名录库: staff with an inspector qualification.
      `create table inspections.inspectors (
        id text primary key,
        account_id uuid not null unique,
        department_code text not null,
        display_name text not null,
        qualified_at timestamptz not null
      )`,
      // Declared relations (利害关系申报): the inspector may not inspect the enterprise.
      `create table inspections.relations (
        inspector_id text not null references inspections.inspectors (id),
        uscc text not null,
        reason text not null,
        declared_at timestamptz not null,
        primary key (inspector_id, uscc)
      )`,
      `create table inspections.draws (
        id uuid primary key,
        item_id uuid not null references inspections.items (id),
        department_code text not null,
        departments text[] not null,
        filters text not null,
        pools_json text not null,
        pools_hash text not null,
        commitment text not null,
        secret_enc text not null,
        committed_at timestamptz not null,
        committed_by uuid not null,
        beacon_tree_size bigint,
        beacon_root text,
        beacon_issued_at timestamptz,
        secret text,
        seed text,
        result_json text,
        drawn_at timestamptz
      )`,
      `create table inspections.tasks (
        id uuid primary key,
        draw_id uuid not null references inspections.draws (id),
        department_code text not null,
        uscc text not null,
        inspector_ids text[] not null,
        short boolean not null,
        outcome text check (outcome in ('pass', 'issues', 'serious')),
        findings text,
        rectification text,
        rectify_by text,
        photo_ids uuid[] not null default '{}',
        submitted_by uuid,
        submitted_at timestamptz,
        publish_by timestamptz,
        published_at timestamptz,
        answer text,
        answered_at timestamptz,
        created_at timestamptz not null,
        unique (draw_id, uscc)
      )`,
      `create index tasks_uscc on inspections.tasks (uscc, created_at)`,
      `create index tasks_inspectors on inspections.tasks using gin (inspector_ids)`,
    ],
  },
];
