/**
 * Publishing pipelines as data (开放数据发布流水线): a query over platform data (run with the
 * read-only database role), a de-identification spec, a schedule, and the dataset it publishes.
 * The output schema a pipeline gives is known from its declaration alone; its hash is what the
 * department's data officer approves, before the first release and again whenever it changes.
 */
import { createHash } from 'node:crypto';
import type { DatasetInput, ColumnSpec } from './opendata.types.ts';
import { outputSchema, specProblems, type DeidSpec, type OutputColumn } from './opendata.deid.ts';
import type { Schedule } from './opendata.pipelines.tables.ts';

export type { Schedule };

export interface ColumnLabel {
  title: string;
  titleEn: string;
  /** The column's type in the published files (default: from the de-identification: counts are integers, labels strings). */
  type?: ColumnSpec['type'];
}

export interface PipelineDefinition {
  /** Stable name: `[a-z0-9-]`, the pipeline's key in URLs. */
  key: string;
  departmentCode: string;
  title: string;
  titleEn: string;
  /** The dataset the releases go to (created as a draft on the first release). */
  dataset: Omit<DatasetInput, 'departmentCode'>;
  source: {
    /** One SELECT over platform data, no parameters; run read-only, through a cursor. */
    sql: string;
    /** Tables that must exist for the query to run (a module not installed: the run is skipped with a clear reason). */
    requires: string[];
  };
  deid: DeidSpec;
  /** Titles (zh-CN, English) of the output columns. */
  columns: Record<string, ColumnLabel>;
  schedule: Schedule;
  /** Also publish GeoJSON: points at these two output columns (already coarsened). */
  geo?: { lat: string; lng: string };
}

/** The columns of the published files. */
export function publishedColumns(d: PipelineDefinition): ColumnSpec[] {
  return outputSchema(d.deid).map((c: OutputColumn) => {
    const label = d.columns[c.name];
    const measure = d.deid.measures?.find((m) => m.name === c.name);
    const type: ColumnSpec['type'] =
      label?.type ??
      (measure
        ? measure.op === 'count'
          ? 'integer'
          : 'number'
        : c.type === 'number'
          ? 'number'
          : c.type === 'boolean'
            ? 'boolean'
            : 'string');
    return { name: c.name, type, title: label?.title ?? c.name, titleEn: label?.titleEn ?? c.name };
  });
}

/** The hash of the output schema (names and types, in order): what the data officer approves. */
export function schemaHash(d: PipelineDefinition): string {
  const shape = publishedColumns(d).map((c) => [c.name, c.type]);
  return createHash('sha256').update(JSON.stringify(shape)).digest('hex');
}

const KEY = /^[a-z0-9][a-z0-9-]{1,62}$/;
const TABLE = /^[a-z_][a-z0-9_]*\.[a-z_][a-z0-9_]*$/;

/** Problems with a definition (before it is stored): empty when it is sound. */
export function definitionProblems(d: PipelineDefinition): string[] {
  const out = specProblems(d.deid);
  if (!KEY.test(d.key)) out.push('key: lower-case letters, digits and "-", 2 to 63 characters');
  const sqlText = d.source.sql.trim();
  if (!/^(select|with)\s/i.test(sqlText)) out.push('source.sql must be one SELECT (or WITH … SELECT)');
  // One statement: a semicolon only at the very end (the extended protocol refuses several anyway).
  if (sqlText.replace(/;\s*$/, '').includes(';')) out.push('source.sql must be a single statement');
  for (const t of d.source.requires) if (!TABLE.test(t)) out.push(`requires: "${t}" is not schema.table`);
  for (const c of publishedColumns(d)) if (!d.columns[c.name]) out.push(`column "${c.name}" has no title`);
  if (d.geo) {
    const names = publishedColumns(d).map((c) => c.name);
    if (!names.includes(d.geo.lat) || !names.includes(d.geo.lng)) out.push('geo: lat and lng must be output columns');
  }
  return out;
}

const HOUR = 3600_000;
/** China time (UTC+8, no daylight saving): schedules turn at local midnight and month starts. */
const CST = 8 * HOUR;

/** The start of the schedule's slot holding `t`, and the next slot's start. */
export function slotOf(schedule: Schedule, t: Date): { start: Date; next: Date } {
  const local = new Date(t.getTime() + CST);
  const y = local.getUTCFullYear();
  const m = local.getUTCMonth();
  const d = local.getUTCDate();
  const utc = (ms: number) => new Date(ms - CST);
  switch (schedule) {
    case 'hourly': {
      const start = Math.floor(t.getTime() / HOUR) * HOUR;
      return { start: new Date(start), next: new Date(start + HOUR) };
    }
    case 'daily':
      return { start: utc(Date.UTC(y, m, d)), next: utc(Date.UTC(y, m, d + 1)) };
    case 'weekly': {
      const dow = (local.getUTCDay() + 6) % 7; // Monday 0
      return { start: utc(Date.UTC(y, m, d - dow)), next: utc(Date.UTC(y, m, d - dow + 7)) };
    }
    case 'monthly':
      return { start: utc(Date.UTC(y, m, 1)), next: utc(Date.UTC(y, m + 1, 1)) };
  }
}
