/**
 * The catalogue's service interface types: what a publishing part (the pipelines) hands to
 * `Catalogue.publishRelease`, and what readers get back. See /OPENDATA.md.
 */
import type { DatasetState, ResourceFormat, UpdateFrequency } from './opendata.tables.ts';

export type { DatasetState, ResourceFormat, UpdateFrequency };

/** A dataset's metadata, as its department's data officer (or a pipeline) declares it. */
export interface DatasetInput {
  /** CKAN name: `[a-z0-9_-]{2,100}`, unique, stable (URLs use it). */
  name: string;
  /** The publishing department's code (org); it becomes the CKAN organization. */
  departmentCode: string;
  title: string;
  titleEn: string;
  notes: string;
  notesEn: string;
  /** One of LICENCES (opendata.vocabulary.ts), e.g. `cc-by-4.0`. */
  licenceId: string;
  /** EU data-theme codes in lower case (CKAN groups), e.g. `['regi', 'soci']`. */
  themes: string[];
  tags: string[];
  updateFrequency: UpdateFrequency;
  /** Spatial coverage: the region code (行政区划), and a bounding box [west, south, east, north] (WGS 84) if known. */
  spatial: { regionCode: string; bbox: [number, number, number, number] | null };
  /** Temporal coverage (ISO dates); a release may extend it. */
  temporal: { start: string | null; end: string | null };
  contactEmail: string | null;
  /** Also publish a live API endpoint over the latest release's rows (API keys, rate limits). */
  liveApi: boolean;
}

/** One column of a tabular file (CSV; JSON rows), for previews, the live API and schema-change review. */
export interface ColumnSpec {
  name: string;
  type: 'string' | 'integer' | 'number' | 'date' | 'datetime' | 'boolean';
  title: string;
  titleEn: string;
}

/** One file of a release, handed over as a stream (never loaded whole). */
export interface ReleaseFile {
  name: string;
  nameEn: string;
  description: string;
  format: Exclude<ResourceFormat, 'API'>;
  /** The bytes: UTF-8 CSV (with a header row), JSON or GeoJSON. */
  content: AsyncIterable<Uint8Array> | Uint8Array;
  columns: ColumnSpec[];
  rowCount: number | null;
}

/** What the de-identification step did (published with the release, shown on the dataset page). */
export interface DeidentificationReport {
  /** Steps applied, in order: `remove-identifiers`, `aggregate`, `k-anonymity`, `l-diversity`, `noise`. */
  steps: string[];
  /** The direct identifiers removed (column names). */
  removedIdentifiers: string[];
  quasiIdentifiers: string[];
  /** The k the pipeline requires, and the smallest equivalence class in the release (null: no k-anonymity step). */
  kRequired: number | null;
  kReached: number | null;
  /** Aggregation: the minimum cell size, and the cells suppressed below it. */
  minCellSize: number | null;
  cellsSuppressed: number;
  rowsSuppressed: number;
  generalisations: { attribute: string; rule: string }[];
  /** l-diversity per declared sensitive attribute. */
  lDiversity: { attribute: string; lRequired: number; lReached: number }[];
  /** Differential-privacy noise on counts: the epsilon, published; null when none was added. */
  epsilon: number | null;
  /** The pipeline's own verdict; a release whose report does not pass is refused. */
  passed: boolean;
}

export interface ReleaseInput {
  /** The version's label; default the next `1.<n>`. */
  version: string | null;
  /** The changelog entry. */
  notes: string;
  notesEn: string;
  files: ReleaseFile[];
  report: DeidentificationReport;
  /** The pipeline that produced it (null: uploaded by a data officer). */
  pipelineId: string | null;
  /** Idempotency: a release with a key already used answers that release and stores nothing. */
  releaseKey: string | null;
  /** The release's temporal coverage: widens the dataset's. */
  temporal: { start: string | null; end: string | null } | null;
}

export interface ResourceView {
  id: string;
  datasetId: string;
  versionId: string | null;
  name: string;
  nameEn: string;
  description: string;
  format: ResourceFormat;
  mediaType: string;
  size: number | null;
  sha256: string | null;
  columns: ColumnSpec[];
  rowCount: number | null;
  /** Path of the download (files) or of the live endpoint (API), under the server's root. */
  path: string;
  createdAt: string;
}

export interface ReleaseView {
  id: string;
  datasetId: string;
  version: string;
  seq: number;
  notes: string;
  notesEn: string;
  report: DeidentificationReport;
  pipelineId: string | null;
  releasedAt: string;
  resources: ResourceView[];
}

export interface OrganisationView {
  code: string;
  name: string;
  title: string;
  titleEn: string;
  description: string;
  createdAt: string;
}

export interface DatasetView {
  id: string;
  name: string;
  organisation: OrganisationView;
  title: string;
  titleEn: string;
  notes: string;
  notesEn: string;
  licenceId: string;
  themes: string[];
  tags: string[];
  updateFrequency: UpdateFrequency;
  spatial: { regionCode: string; bbox: [number, number, number, number] | null };
  temporal: { start: string | null; end: string | null };
  contactEmail: string | null;
  state: DatasetState;
  version: string | null;
  createdAt: string;
  modifiedAt: string;
  releasedAt: string | null;
  /** When and why it was withdrawn (state `withdrawn`), else null. */
  withdrawal: { at: string; reason: string } | null;
  /** The latest release's files, then the live endpoint if any. */
  resources: ResourceView[];
}
