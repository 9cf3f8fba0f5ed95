import type { Migration } from '../../../platform/migrations.ts';

/**
 * The community roster moves from org to the exchange (the population registry). Frozen.
 * The name was clear text in org.residents; here it is sealed (name_enc). SQL cannot seal, so
 * the rows are moved into exchange.roster_import, which the exchange module empties into
 * exchange.residents, sealing each name, when it starts (RosterService.sealImported).
 */
export const rosterMigrations: Migration[] = [
  {
    id: '202612020510_exchange_roster',
    up: [
      `create schema if not exists exchange`,
      // 实有人口: keyed with region_code first so it can be distributed by region. The community and
      // grid ids are org's (org owns the structure), held without a cross-schema foreign key.
      `create table exchange.residents (
        region_code text not null,
        id uuid not null,
        community_id uuid not null,
        grid_id uuid,
        name_enc text not null,
        gender text not null check (gender in ('M', 'F')),
        birth_year integer not null,
        id_number_enc text not null,
        id_number_index text not null,
        phone_enc text,
        address_enc text,
        created_at timestamptz not null,
        primary key (region_code, id),
        unique (region_code, id_number_index)
      )`,
      `create index residents_community on exchange.residents (community_id, grid_id, id)`,
      `create index residents_grid on exchange.residents (grid_id, id)`,
      `create table exchange.roster_import (
        region_code text not null,
        id uuid not null,
        community_id uuid not null,
        grid_id uuid,
        name text not null,
        gender text not null,
        birth_year integer not null,
        id_number_enc text not null,
        id_number_index text not null,
        phone_enc text,
        address_enc text,
        created_at timestamptz not null,
        primary key (region_code, id)
      )`,
      `insert into exchange.roster_import (region_code, id, community_id, grid_id, name, gender, birth_year, id_number_enc, id_number_index, phone_enc, address_enc, created_at)
        select region_code, id, community_id, grid_id, name, gender, birth_year, id_number_enc, id_number_index, phone_enc, address_enc, created_at from org.residents`,
      `drop table org.residents`,
    ],
  },
];
