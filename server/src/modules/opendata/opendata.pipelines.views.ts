/** Rows of the pipelines part to what the console sees. */
import type { DeidReport } from './opendata.deid.engine.ts';
import { publishedColumns } from './opendata.pipelines.ts';
import type { PipelineRow, ReviewRow, RunRow } from './opendata.pipelines.repository.ts';
import { definitionOf } from './opendata.pipelines.run.ts';
import type {
  PipelineDetailT,
  PipelinePreviewT,
  PipelineRunT,
  PipelineSummaryT,
} from './opendata.pipelines.schemas.ts';

export type PipelineSummary = PipelineSummaryT;
export type PipelineDetail = PipelineDetailT;
export type RunView = PipelineRunT;
export type PreviewView = PipelinePreviewT;

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

export const runView = (r: RunRow): RunView => ({
  id: r.id,
  trigger: r.trigger,
  outcome: r.outcome,
  errorCode: r.error_code,
  message: r.message,
  schemaHash: r.schema_hash,
  report: (r.report as DeidReport | null) ?? null,
  releaseId: r.release_id,
  releaseVersion: r.release_version,
  rowsPublished: r.rows_published === null ? null : Number(r.rows_published),
  recordsIn: r.records_in === null ? null : Number(r.records_in),
  startedAt: iso(r.started_at)!,
  finishedAt: iso(r.finished_at)!,
});

export const summaryView = (r: PipelineRow, last: RunRow | null): PipelineSummary => ({
  id: r.id,
  key: r.key,
  department: r.department_code,
  dataset: r.dataset_name,
  title: r.title,
  titleEn: r.title_en,
  schedule: r.schedule,
  schemaHash: r.schema_hash,
  approved: r.approved_schema_hash === r.schema_hash,
  reviewNeeded:
    r.approved_schema_hash === r.schema_hash ? 'none' : r.approved_schema_hash === null ? 'first' : 'schema-changed',
  nextRunAt: iso(r.next_run_at),
  lastRun: last ? runView(last) : null,
});

export function detailView(r: PipelineRow, reviews: ReviewRow[], runs: RunRow[], last: RunRow | null): PipelineDetail {
  const def = definitionOf(r);
  return {
    pipeline: summaryView(r, last),
    sql: def.source.sql,
    requires: def.source.requires,
    deid: def.deid,
    columns: publishedColumns(def),
    reviews: reviews.map((x) => ({
      id: x.id,
      schemaHash: x.schema_hash,
      decision: x.decision,
      note: x.note,
      reviewer: x.reviewer_name,
      reviewedAt: iso(x.reviewed_at)!,
    })),
    runs: runs.map(runView),
  };
}
