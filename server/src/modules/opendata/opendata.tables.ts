/** opendata's tables (Kysely types): the catalogue's below; each other part adds its own interface and one line. */
import type { PlatformTables } from '../../platform/tables.ts';
import type { PipelinesTables } from './opendata.pipelines.tables.ts';
import type { PortalTables } from './opendata.portal.tables.ts';

export type UpdateFrequency =
  'continuous' | 'hourly' | 'daily' | 'weekly' | 'monthly' | 'quarterly' | 'annual' | 'irregular';
export type DatasetState = 'draft' | 'active' | 'withdrawn';
export type ResourceFormat = 'CSV' | 'JSON' | 'GeoJSON' | 'API';

export interface CatalogueTables {
  'opendata.organisations': {
    code: string;
    name: string;
    title: string;
    title_en: string;
    description: string;
    created_at: Date;
  };
  'opendata.groups': { name: string; theme_uri: string; title: string; title_en: string; description: string };
  'opendata.datasets': {
    id: string;
    name: string;
    organisation_code: string;
    title: string;
    title_en: string;
    notes: string;
    notes_en: string;
    licence_id: string;
    themes: string[];
    tags: string[];
    update_frequency: UpdateFrequency;
    spatial_region_code: string;
    spatial_bbox: string | null;
    temporal_start: string | null;
    temporal_end: string | null;
    contact_email: string | null;
    state: DatasetState;
    version: string | null;
    formats: string[];
    search_text: string;
    created_at: Date;
    modified_at: Date;
    released_at: Date | null;
    withdrawn_at: Date | null;
    withdrawn_by: string | null;
    withdrawal_reason: string | null;
  };
  'opendata.versions': {
    id: string;
    dataset_id: string;
    seq: number;
    version: string;
    notes: string;
    notes_en: string;
    report: string;
    pipeline_id: string | null;
    release_key: string | null;
    released_at: Date;
    released_by: string | null;
  };
  'opendata.resources': {
    id: string;
    dataset_id: string;
    version_id: string | null;
    position: number;
    name: string;
    name_en: string;
    description: string;
    format: ResourceFormat;
    media_type: string;
    blob_key: string | null;
    size: string | number | null;
    sha256: string | null;
    columns: string;
    row_count: number | null;
    created_at: Date;
  };
}

/** Every opendata table: one line per part. */
export interface OpendataTables extends PlatformTables, CatalogueTables, PipelinesTables, PortalTables {}
