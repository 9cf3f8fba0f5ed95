import type { Migration } from '../../../platform/migrations.ts';

/** Frozen. Add new migrations below; never edit one that has shipped. */
export const catalogMigrations: Migration[] = [
  {
    id: '202611260010_catalog_items',
    up: [
      `create schema if not exists catalog`,
      // One row per version of a service item; the current version has effective_to null.
      `create table catalog.items (
        id uuid primary key,
        code text not null,
        version integer not null check (version >= 1),
        department_code text not null,
        region_code text not null,
        status text not null check (status in ('published', 'retired')),
        name_zh text not null,
        name_en text not null,
        data jsonb not null,
        effective_from timestamptz not null,
        effective_to timestamptz,
        created_at timestamptz not null,
        created_by uuid,
        unique (code, version)
      )`,
      `create unique index items_current on catalog.items (code) where effective_to is null`,
      `create index items_department on catalog.items (department_code) where effective_to is null`,
      `create table catalog.item_uses (
        code text primary key,
        uses integer not null default 0
      )`,
      `create table catalog.bundles (
        code text primary key,
        name_zh text not null,
        name_en text not null,
        data jsonb not null,
        updated_at timestamptz not null
      )`,
    ],
  },
];
