/** SQL of the pipelines part (its own three tables only). */
import type { Kysely, Selectable, Transaction } from 'kysely';
import type { PipelinesTables } from './opendata.pipelines.tables.ts';

export type Db = Kysely<PipelinesTables> | Transaction<PipelinesTables>;
export type PipelineRow = Selectable<PipelinesTables['opendata.pipelines']>;
export type ReviewRow = Selectable<PipelinesTables['opendata.pipeline_reviews']>;
export type RunRow = Selectable<PipelinesTables['opendata.pipeline_runs']>;

export const pipelineByKey = (db: Db, key: string) =>
  db.selectFrom('opendata.pipelines').selectAll().where('key', '=', key).executeTakeFirst();

export const pipelineById = (db: Db, id: string) =>
  db.selectFrom('opendata.pipelines').selectAll().where('id', '=', id).executeTakeFirst();

export const pipelineForUpdate = (db: Db, id: string) =>
  db.selectFrom('opendata.pipelines').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();

export const pipelinesOf = (db: Db, departments: readonly string[]) =>
  departments.length === 0
    ? Promise.resolve([] as PipelineRow[])
    : db
        .selectFrom('opendata.pipelines')
        .selectAll()
        .where('department_code', 'in', departments)
        .orderBy('department_code')
        .orderBy('key')
        .execute();

export const allPipelines = (db: Db) => db.selectFrom('opendata.pipelines').selectAll().orderBy('key').execute();

export const reviewsOf = (db: Db, pipelineId: string) =>
  db
    .selectFrom('opendata.pipeline_reviews')
    .selectAll()
    .where('pipeline_id', '=', pipelineId)
    .orderBy('reviewed_at', 'desc')
    .orderBy('id', 'desc')
    .execute();

export const runsOf = (db: Db, pipelineId: string, limit: number) =>
  db
    .selectFrom('opendata.pipeline_runs')
    .selectAll()
    .where('pipeline_id', '=', pipelineId)
    .orderBy('started_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();

export const runByKey = (db: Db, runKey: string) =>
  db.selectFrom('opendata.pipeline_runs').selectAll().where('run_key', '=', runKey).executeTakeFirst();

/** The latest run of each pipeline (the list's status column). */
export const latestRuns = async (db: Db, ids: readonly string[]): Promise<Map<string, RunRow>> => {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('opendata.pipeline_runs')
    .selectAll()
    .where('pipeline_id', 'in', ids)
    .distinctOn('pipeline_id')
    .orderBy('pipeline_id')
    .orderBy('started_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
  return new Map(rows.map((r) => [r.pipeline_id, r]));
};
