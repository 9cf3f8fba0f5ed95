import type { Migration } from '../../../platform/migrations.ts';

/**
 * The catalogue (数据目录): publishing departments as CKAN organisations, themes as CKAN groups
 * (the DCAT-AP data themes), datasets, their versions with a changelog and the de-identification
 * report of each release, and resources (files in the blob store, live API endpoints).
 * Frozen: add a new migration below; never edit one that has shipped.
 */
export const catalogueMigrations: Migration[] = [
  {
    id: '202612031000_opendata_catalogue',
    up: [
      `create schema if not exists opendata`,
      // A publishing department (org's department, by its code): a CKAN organization.
      `create table opendata.organisations (
        code text primary key,
        name text not null unique check (name ~ '^[a-z0-9_-]{2,100}$'),
        title text not null,
        title_en text not null,
        description text not null,
        created_at timestamptz not null
      )`,
      // A theme (DCAT-AP data theme, EU vocabulary): a CKAN group.
      `create table opendata.groups (
        name text primary key check (name ~ '^[a-z0-9_-]{2,100}$'),
        theme_uri text not null unique,
        title text not null,
        title_en text not null,
        description text not null
      )`,
      `create table opendata.datasets (
        id uuid primary key,
        name text not null unique check (name ~ '^[a-z0-9_-]{2,100}$'),
        organisation_code text not null references opendata.organisations (code),
        title text not null,
        title_en text not null,
        notes text not null,
        notes_en text not null,
        licence_id text not null,
        themes text[] not null,
        tags text[] not null,
        update_frequency text not null check (update_frequency in ('continuous', 'hourly', 'daily', 'weekly', 'monthly', 'quarterly', 'annual', 'irregular')),
        spatial_region_code text not null,
        spatial_bbox text,
        temporal_start date,
        temporal_end date,
        contact_email text,
        state text not null check (state in ('draft', 'active', 'withdrawn')),
        version text,
        formats text[] not null,
        search_text text not null,
        created_at timestamptz not null,
        modified_at timestamptz not null,
        released_at timestamptz
      )`,
      `create index datasets_organisation on opendata.datasets (organisation_code)`,
      `create index datasets_modified on opendata.datasets (modified_at desc)`,
      `create index datasets_tags on opendata.datasets using gin (tags)`,
      `create index datasets_themes on opendata.datasets using gin (themes)`,
      `create index datasets_formats on opendata.datasets using gin (formats)`,
      // One release of a dataset: its version, changelog and de-identification report.
      `create table opendata.versions (
        id uuid primary key,
        dataset_id uuid not null references opendata.datasets (id),
        seq integer not null check (seq > 0),
        version text not null,
        notes text not null,
        notes_en text not null,
        report text not null,
        pipeline_id uuid,
        release_key text unique,
        released_at timestamptz not null,
        released_by uuid,
        unique (dataset_id, seq),
        unique (dataset_id, version)
      )`,
      // A file of a release (version_id set; its bytes in the blob store), or a live API endpoint (format API).
      `create table opendata.resources (
        id uuid primary key,
        dataset_id uuid not null references opendata.datasets (id),
        version_id uuid references opendata.versions (id),
        position integer not null,
        name text not null,
        name_en text not null,
        description text not null,
        format text not null check (format in ('CSV', 'JSON', 'GeoJSON', 'API')),
        media_type text not null,
        blob_key text,
        size bigint,
        sha256 text,
        columns text not null,
        row_count integer,
        created_at timestamptz not null,
        check ((format = 'API') = (blob_key is null))
      )`,
      `create index resources_dataset on opendata.resources (dataset_id, version_id)`,
      // The EU data themes (DCAT-AP's controlled vocabulary for dcat:theme), as CKAN groups.
      `insert into opendata.groups (name, theme_uri, title, title_en, description) values
        ('agri', 'http://publications.europa.eu/resource/authority/data-theme/AGRI', '农业、渔业、林业和食品', 'Agriculture, fisheries, forestry and food', ''),
        ('econ', 'http://publications.europa.eu/resource/authority/data-theme/ECON', '经济和金融', 'Economy and finance', ''),
        ('educ', 'http://publications.europa.eu/resource/authority/data-theme/EDUC', '教育、文化和体育', 'Education, culture and sport', ''),
        ('ener', 'http://publications.europa.eu/resource/authority/data-theme/ENER', '能源', 'Energy', ''),
        ('envi', 'http://publications.europa.eu/resource/authority/data-theme/ENVI', '环境', 'Environment', ''),
        ('gove', 'http://publications.europa.eu/resource/authority/data-theme/GOVE', '政府和公共部门', 'Government and public sector', ''),
        ('heal', 'http://publications.europa.eu/resource/authority/data-theme/HEAL', '卫生健康', 'Health', ''),
        ('intr', 'http://publications.europa.eu/resource/authority/data-theme/INTR', '国际事务', 'International issues', ''),
        ('just', 'http://publications.europa.eu/resource/authority/data-theme/JUST', '司法、法律和公共安全', 'Justice, legal system and public safety', ''),
        ('regi', 'http://publications.europa.eu/resource/authority/data-theme/REGI', '地区和城市', 'Regions and cities', ''),
        ('soci', 'http://publications.europa.eu/resource/authority/data-theme/SOCI', '人口和社会', 'Population and society', ''),
        ('tech', 'http://publications.europa.eu/resource/authority/data-theme/TECH', '科学和技术', 'Science and technology', ''),
        ('tran', 'http://publications.europa.eu/resource/authority/data-theme/TRAN', '交通', 'Transport', '')`,
    ],
  },
  {
    id: '202612170100_opendata_search_generation',
    up: [
      // The search index each node keeps in memory (opendata.search-live.ts) asks this one row on
      // every search whether the catalogue changed, on any node: `generation` moves with every
      // written dataset, `rebuilt` with what cannot be applied dataset by dataset (a deletion).
      `create table opendata.search_generation (
        id boolean primary key default true check (id),
        generation bigint not null,
        rebuilt bigint not null
      )`,
      `insert into opendata.search_generation (id, generation, rebuilt) values (true, 1, 1)`,
      // The generation a dataset was last written in: a node loads only those past what it has.
      `alter table opendata.datasets add column search_generation bigint not null default 0`,
      `create index datasets_search_generation on opendata.datasets (search_generation)`,
      // Every written dataset row takes the next generation. The generation row stays locked until
      // the writer commits, so writers commit in generation order: a reader that has seen
      // generation g has seen every dataset written in g or before.
      `create function opendata.search_stamp() returns trigger language plpgsql as $$
        begin
          update opendata.search_generation set generation = generation + 1 where id
            returning generation into new.search_generation;
          return new;
        end $$`,
      `create trigger datasets_search_stamp before insert or update on opendata.datasets
        for each row execute function opendata.search_stamp()`,
      // A release's version and files are part of what a search answers: they re-stamp their dataset.
      `create function opendata.search_touch() returns trigger language plpgsql as $$
        begin
          if tg_op <> 'INSERT' then
            update opendata.datasets set search_generation = 0 where id = old.dataset_id;
          end if;
          if tg_op <> 'DELETE' then
            update opendata.datasets set search_generation = 0 where id = new.dataset_id;
          end if;
          return null;
        end $$`,
      `create trigger versions_search_touch after insert or update or delete on opendata.versions
        for each row execute function opendata.search_touch()`,
      `create trigger resources_search_touch after insert or update or delete on opendata.resources
        for each row execute function opendata.search_touch()`,
      // Publishers and themes are reloaded with any change; a deleted dataset makes nodes rebuild.
      `create function opendata.search_bump() returns trigger language plpgsql as $$
        begin
          update opendata.search_generation
            set generation = generation + 1, rebuilt = case when tg_argv[0] = 'rebuild' then generation + 1 else rebuilt end
            where id;
          return null;
        end $$`,
      `create trigger datasets_search_rebuild after delete or truncate on opendata.datasets
        for each statement execute function opendata.search_bump('rebuild')`,
      `create trigger organisations_search_bump after insert or update or delete or truncate on opendata.organisations
        for each statement execute function opendata.search_bump('vocabulary')`,
      `create trigger groups_search_bump after insert or update or delete or truncate on opendata.groups
        for each statement execute function opendata.search_bump('vocabulary')`,
    ],
  },
];
