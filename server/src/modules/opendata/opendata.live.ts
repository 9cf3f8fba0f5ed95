/**
 * The live endpoints (实时接口): a dataset resource of format `API` serves the rows of the
 * dataset's latest release as JSON, filtered by its columns (`?category=道路破损&week=2026-W45`,
 * values typed by the release's declared columns) and paged (`limit` ≤ 1000, `offset`).
 *
 * The rows come from the release's CSV file, loaded into `opendata.live_rows` (one JSONB row
 * each, a GIN index for the filters) after the release is published: a subscriber of
 * `opendata.release.published` streams the file from the blob store in batches, then switches
 * the dataset's served version and drops the previous version's rows in one transaction. Until
 * the new release is loaded the endpoint serves the one before (a secondary index fed from the
 * outbox, DESIGN.md §3.16); loading again is harmless. A dataset not (or no longer) public answers
 * as a resource that does not exist.
 */
import { sql } from 'kysely';
import { AppError, notFound } from '../../platform/errors.ts';
import type { OpendataContext } from './opendata.context.ts';
import { csvRecords, typedCell, type Cell } from './opendata.csv.ts';
import { opendataEvents } from './opendata.events.ts';
import * as repo from './opendata.repository.ts';
import type { ColumnSpec } from './opendata.types.ts';

const BATCH = 500;
/** Query parameters that are not filters. */
export const LIVE_PARAMS = new Set(['limit', 'offset', 'api_key']);

export interface LiveAnswer {
  datasetId: string;
  datasetName: string;
  version: string;
  columns: ColumnSpec[];
  total: number;
  limit: number;
  offset: number;
  rows: Record<string, Cell>[];
}

export class Live {
  readonly c: OpendataContext;
  constructor(c: OpendataContext) {
    this.c = c;
  }

  /** Load each release of a dataset with a live endpoint, after it is published (on any node, at least once). */
  start(): void {
    this.c.p.outbox.subscribe(opendataEvents, 'opendata.release.published', 'opendata.live-load', (e) =>
      this.load(e.payload.datasetId, e.payload.versionId),
    );
  }

  /** Load a release's rows and serve them (idempotent; an older release than the one served is skipped). */
  async load(datasetId: string, versionId: string): Promise<void> {
    const db = this.c.db;
    const live = await db
      .selectFrom('opendata.resources')
      .select('id')
      .where('dataset_id', '=', datasetId)
      .where('format', '=', 'API')
      .executeTakeFirst();
    if (!live) return;
    const versions = await repo.versionsOf(db, datasetId);
    const version = versions.find((v) => v.id === versionId);
    if (!version) return;
    const served = await db
      .selectFrom('opendata.live_versions')
      .selectAll()
      .where('dataset_id', '=', datasetId)
      .executeTakeFirst();
    const servedSeq = served ? (versions.find((v) => v.id === served.version_id)?.seq ?? 0) : 0;
    if (served && servedSeq >= version.seq) return;
    const csv = (await repo.resourcesOfVersions(db, [versionId])).find((r) => r.format === 'CSV' && r.blob_key);
    if (!csv) {
      this.c.p.log.warn(
        { datasetId, versionId },
        'a release without a CSV file: its live endpoint keeps the rows before',
      );
      return;
    }
    const declared = JSON.parse(csv.columns) as ColumnSpec[];
    // A retry after a failure starts the version afresh.
    await db.deleteFrom('opendata.live_rows').where('version_id', '=', versionId).execute();
    let header: string[] | null = null;
    let batch: { version_id: string; row_no: number; data: string }[] = [];
    let count = 0;
    const flush = async () => {
      if (batch.length === 0) return;
      await db.insertInto('opendata.live_rows').values(batch).execute();
      batch = [];
    };
    for await (const record of csvRecords(await this.c.deps.blobs.get(csv.blob_key!))) {
      if (!header) {
        header = record;
        continue;
      }
      if (record.length === 1 && record[0] === '') continue;
      const data: Record<string, Cell> = {};
      header.forEach((name, i) => {
        data[name] = typedCell(declared.find((c) => c.name === name)?.type, record[i] ?? '');
      });
      batch.push({ version_id: versionId, row_no: ++count, data: JSON.stringify(data) });
      if (batch.length >= BATCH) await flush();
    }
    await flush();
    const columns: ColumnSpec[] = (header ?? []).map(
      (name) => declared.find((c) => c.name === name) ?? { name, type: 'string', title: name, titleEn: name },
    );
    await db.transaction().execute(async (tx) => {
      const row = {
        dataset_id: datasetId,
        version_id: versionId,
        columns: JSON.stringify(columns),
        row_count: count,
        loaded_at: this.c.p.clock.now(),
      };
      await tx
        .insertInto('opendata.live_versions')
        .values(row)
        .onConflict((oc) => oc.column('dataset_id').doUpdateSet(row))
        .execute();
      const stale = versions.filter((v) => v.seq < version.seq).map((v) => v.id);
      if (stale.length > 0) await tx.deleteFrom('opendata.live_rows').where('version_id', 'in', stale).execute();
    });
  }

  /** One page of a live endpoint's rows, filtered by its columns. */
  async query(
    resourceId: string,
    params: { limit?: number; offset?: number } & Record<string, unknown>,
  ): Promise<LiveAnswer> {
    const db = this.c.db;
    const gone = () => notFound('DATASET_RESOURCE_NOT_FOUND', 'No such live endpoint');
    const resource = await repo.resourceById(db, resourceId);
    if (!resource || resource.format !== 'API') throw gone();
    const dataset = await repo.datasetById(db, resource.dataset_id);
    if (!dataset || dataset.state !== 'active') throw gone();
    const served = await db
      .selectFrom('opendata.live_versions as l')
      .innerJoin('opendata.versions as v', 'v.id', 'l.version_id')
      .select(['l.version_id', 'l.columns', 'v.version'])
      .where('l.dataset_id', '=', dataset.id)
      .executeTakeFirst();
    if (!served)
      throw new AppError(
        409,
        'OPENDATA_LIVE_NOT_READY',
        'The live endpoint has no loaded release yet; try again shortly',
      );
    const columns = JSON.parse(served.columns) as ColumnSpec[];
    const filter: Record<string, Cell> = {};
    for (const [name, value] of Object.entries(params)) {
      if (LIVE_PARAMS.has(name)) continue;
      const column = columns.find((c) => c.name === name);
      const problem = !column
        ? `One of: ${columns.map((c) => c.name).join(', ')}`
        : typeof value !== 'string' || value.length > 200
          ? 'One value of at most 200 characters'
          : null;
      if (problem || !column || typeof value !== 'string')
        throw new AppError(400, 'OPENDATA_LIVE_FILTER_INVALID', `${name} is not a filter of this dataset`, {
          details: [
            { path: `querystring:/${name}`, code: column ? 'INVALID_VALUE' : 'UNKNOWN_COLUMN', message: problem ?? '' },
          ],
        });
      filter[name] = typedCell(column.type, value);
    }
    const limit = params.limit ?? 100;
    const offset = params.offset ?? 0;
    const where = sql`version_id = ${served.version_id} and data @> ${JSON.stringify(filter)}::jsonb`;
    const [page, total] = await Promise.all([
      sql<{
        data: Record<string, Cell> | string;
      }>`select data from opendata.live_rows where ${where} order by row_no limit ${limit} offset ${offset}`.execute(
        db,
      ),
      sql<{ n: number }>`select count(*)::int as n from opendata.live_rows where ${where}`.execute(db),
    ]);
    return {
      datasetId: dataset.id,
      datasetName: dataset.name,
      version: served.version,
      columns,
      total: total.rows[0]?.n ?? 0,
      limit,
      offset,
      rows: page.rows.map((r) => (typeof r.data === 'string' ? (JSON.parse(r.data) as Record<string, Cell>) : r.data)),
    };
  }
}
