import type { Migration } from '../../../platform/migrations.ts';

/** Frozen. Add new migrations below; never edit one that has shipped. */
export const orgMigrations: Migration[] = [
  {
    id: '202611250020_org_structure',
    up: [
      `create schema if not exists org`,
      `create table org.regions (
        code text primary key check (code ~ '^[0-9]{6}([0-9]{3}){0,2}$'),
        name text not null,
        name_en text not null,
        level text not null check (level in ('province', 'prefecture', 'county', 'township', 'village')),
        parent_code text references org.regions (code)
      )`,
      `create table org.departments (
        id uuid primary key,
        code text not null unique,
        name text not null,
        name_en text not null,
        short_name text not null,
        region_code text not null references org.regions (code),
        uscc text unique,
        created_at timestamptz not null
      )`,
      `create table org.communities (
        id uuid primary key,
        code text not null unique check (code ~ '^[0-9]{12}$'),
        name text not null,
        name_en text not null,
        region_code text not null references org.regions (code),
        lat double precision,
        lng double precision,
        resident_count integer not null default 0,
        created_at timestamptz not null
      )`,
      `create index communities_region on org.communities (region_code, code)`,
      `create table org.grids (
        id uuid primary key,
        code text not null unique,
        community_id uuid not null references org.communities (id),
        name text not null,
        name_en text not null,
        resident_count integer not null default 0
      )`,
      `create index grids_community on org.grids (community_id, code)`,
      `create table org.staff_posts (
        id uuid primary key,
        account_id uuid not null,
        department_id uuid references org.departments (id),
        region_code text not null references org.regions (code),
        community_id uuid references org.communities (id),
        grid_id uuid references org.grids (id),
        title text not null,
        roles text[] not null check (cardinality(roles) > 0 and roles <@ array['clerk', 'reviewer', 'approver', 'department_admin', 'city_operator', 'grid_worker', 'supervisor']),
        created_at timestamptz not null,
        ended_at timestamptz
      )`,
      `create index staff_posts_account on org.staff_posts (account_id) where ended_at is null`,
      `create index staff_posts_department on org.staff_posts (department_id) where ended_at is null`,
      // 实有人口: the community roster. Keyed with region_code first so it can be distributed by region.
      `create table org.residents (
        region_code text not null,
        id uuid not null,
        community_id uuid not null references org.communities (id),
        grid_id uuid references org.grids (id),
        name text not null,
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
      `create index residents_community on org.residents (community_id, grid_id, id)`,
      `create index residents_grid on org.residents (grid_id, id)`,
    ],
  },
  {
    id: '202612020020_org_finance_role',
    up: [
      // Finance staff (财务: payment orders and reconciliation) hold their role through a post.
      `alter table org.staff_posts drop constraint staff_posts_roles_check`,
      `alter table org.staff_posts add constraint staff_posts_roles_check check (cardinality(roles) > 0 and roles <@ array['clerk', 'reviewer', 'approver', 'department_admin', 'city_operator', 'grid_worker', 'supervisor', 'finance'])`,
    ],
  },
  {
    id: '202612031000_org_cogov_roles',
    up: [
      // 一网共治: community committee members (居委会) and moderators hold their role through a post.
      `alter table org.staff_posts drop constraint staff_posts_roles_check`,
      `alter table org.staff_posts add constraint staff_posts_roles_check check (cardinality(roles) > 0 and roles <@ array['clerk', 'reviewer', 'approver', 'department_admin', 'city_operator', 'grid_worker', 'supervisor', 'finance', 'committee', 'moderator'])`,
    ],
  },
  {
    id: '202612031001_org_data_officer_role',
    up: [
      // A department's data officer (数据专员: reviews and publishes the department's open data) holds the role through a post.
      `alter table org.staff_posts drop constraint staff_posts_roles_check`,
      `alter table org.staff_posts add constraint staff_posts_roles_check check (cardinality(roles) > 0 and roles <@ array['clerk', 'reviewer', 'approver', 'department_admin', 'city_operator', 'grid_worker', 'supervisor', 'finance', 'committee', 'moderator', 'data_officer'])`,
    ],
  },
  {
    id: '202612300001_org_app_reviewer_role',
    up: [
      // 超级App: the platform's mini-app reviewer (应用审核员) holds the role through a post.
      `alter table org.staff_posts drop constraint staff_posts_roles_check`,
      `alter table org.staff_posts add constraint staff_posts_roles_check check (cardinality(roles) > 0 and roles <@ array['clerk', 'reviewer', 'approver', 'department_admin', 'city_operator', 'grid_worker', 'supervisor', 'finance', 'committee', 'moderator', 'data_officer', 'app_reviewer'])`,
    ],
  },
];
