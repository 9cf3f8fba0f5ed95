/** Rows to the catalogue's views (repositories return rows; services answer views). */
import type { DatasetRow, OrganisationRow, ResourceRow, VersionRow } from './opendata.repository.ts';
import type {
  ColumnSpec,
  DatasetView,
  DeidentificationReport,
  OrganisationView,
  ReleaseView,
  ResourceView,
} from './opendata.types.ts';

/** Where a resource is served: a file's download, or the live endpoint. */
export const resourcePath = (r: Pick<ResourceRow, 'id' | 'format' | 'dataset_id'>): string =>
  r.format === 'API' ? `/api/opendata/live/${r.id}` : `/api/opendata/resources/${r.id}/download`;

const iso = (d: Date) => d.toISOString();

export const organisationView = (o: OrganisationRow): OrganisationView => ({
  code: o.code,
  name: o.name,
  title: o.title,
  titleEn: o.title_en,
  description: o.description,
  createdAt: iso(o.created_at),
});

export const resourceView = (r: ResourceRow): ResourceView => ({
  id: r.id,
  datasetId: r.dataset_id,
  versionId: r.version_id,
  name: r.name,
  nameEn: r.name_en,
  description: r.description,
  format: r.format,
  mediaType: r.media_type,
  size: r.size === null ? null : Number(r.size),
  sha256: r.sha256,
  columns: JSON.parse(r.columns) as ColumnSpec[],
  rowCount: r.row_count,
  path: resourcePath(r),
  createdAt: iso(r.created_at),
});

export const datasetView = (d: DatasetRow, org: OrganisationRow, resources: readonly ResourceRow[]): DatasetView => ({
  id: d.id,
  name: d.name,
  organisation: organisationView(org),
  title: d.title,
  titleEn: d.title_en,
  notes: d.notes,
  notesEn: d.notes_en,
  licenceId: d.licence_id,
  themes: d.themes,
  tags: d.tags,
  updateFrequency: d.update_frequency,
  spatial: {
    regionCode: d.spatial_region_code,
    bbox: d.spatial_bbox ? (JSON.parse(d.spatial_bbox) as [number, number, number, number]) : null,
  },
  temporal: { start: d.temporal_start, end: d.temporal_end },
  contactEmail: d.contact_email,
  state: d.state,
  version: d.version,
  createdAt: iso(d.created_at),
  modifiedAt: iso(d.modified_at),
  releasedAt: d.released_at ? iso(d.released_at) : null,
  withdrawal: d.withdrawn_at ? { at: iso(d.withdrawn_at), reason: d.withdrawal_reason ?? '' } : null,
  resources: resources.filter((r) => r.dataset_id === d.id).map(resourceView),
});

export const releaseView = (v: VersionRow, resources: readonly ResourceRow[]): ReleaseView => ({
  id: v.id,
  datasetId: v.dataset_id,
  version: v.version,
  seq: v.seq,
  notes: v.notes,
  notesEn: v.notes_en,
  report: JSON.parse(v.report) as DeidentificationReport,
  pipelineId: v.pipeline_id,
  releasedAt: iso(v.released_at),
  resources: resources.filter((r) => r.version_id === v.id).map(resourceView),
});

/** What free-text search matches: names, titles, descriptions, tags and the publisher, lower case. */
export const searchText = (d: {
  name: string;
  title: string;
  titleEn: string;
  notes: string;
  notesEn: string;
  tags: readonly string[];
  organisationTitle: string;
}): string =>
  [d.name, d.title, d.titleEn, d.notes, d.notesEn, d.tags.join(' '), d.organisationTitle].join(' \n').toLowerCase();
