/**
 * The pipelines part's use cases: the data officer's list and detail, the review of an output
 * schema, a run on request, a preview (the de-identification without publishing), installing
 * the shipped definitions, and the schedule (a durable job per pipeline, rescheduled by each run).
 */
import type { Kysely } from 'kysely';
import { principalActor, type Principal, type RequestOrigin } from '../../platform/auth.ts';
import { systemActor, type ActorRef } from '../../platform/audit.ts';
import { command } from '../../platform/context.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { uuidv7 } from '../../platform/ids.ts';
import { scheduleJob, type Job } from '../../platform/jobs.ts';
import { DeidRefusal, deidentify } from './opendata.deid.engine.ts';
import type { Row } from './opendata.deid.ts';
import { pipelinesPolicy as policy } from './opendata.pipelines.policy.ts';
import * as repo from './opendata.pipelines.repository.ts';
import { definitionOf, runPipeline, type PipelinesContext } from './opendata.pipelines.run.ts';
import { missingTables, withReadOnlySnapshot } from './opendata.pipelines.source.ts';
import type { PipelinesTables } from './opendata.pipelines.tables.ts';
import {
  definitionProblems,
  publishedColumns,
  schemaHash,
  slotOf,
  type PipelineDefinition,
} from './opendata.pipelines.ts';
import {
  detailView,
  runView,
  summaryView,
  type PipelineDetail,
  type PipelineSummary,
  type PreviewView,
  type RunView,
} from './opendata.pipelines.views.ts';

export const RUN_JOB = 'opendata.pipeline-run';
interface RunJob {
  pipelineId: string;
}
const jobKey = (id: string) => `opendata-pipeline:${id}`;
const PREVIEW_ROWS = 20;

export class Pipelines {
  readonly c: PipelinesContext;
  constructor(c: PipelinesContext) {
    this.c = c;
  }

  /** A pipeline the principal sees (of a department they look after), else not found. */
  async #visible(p: Principal, key: string): Promise<repo.PipelineRow> {
    const row = await repo.pipelineByKey(this.c.db, key);
    if (!row || !policy.sees(p, row.department_code)) throw notFound('PIPELINE_NOT_FOUND', 'No such pipeline');
    return row;
  }

  async list(p: Principal | null): Promise<PipelineSummary[]> {
    const { departments } = policy.departments(p);
    const rows = await repo.pipelinesOf(this.c.db, departments);
    const latest = await repo.latestRuns(
      this.c.db,
      rows.map((r) => r.id),
    );
    return rows.map((r) => summaryView(r, latest.get(r.id) ?? null));
  }

  async show(p: Principal | null, key: string): Promise<PipelineDetail> {
    const { principal } = policy.departments(p);
    const row = await this.#visible(principal, key);
    const [reviews, runs] = await Promise.all([repo.reviewsOf(this.c.db, row.id), repo.runsOf(this.c.db, row.id, 30)]);
    return detailView(row, reviews, runs, runs[0] ?? null);
  }

  /** The department's data officer approves (or rejects) the output schema they saw (its hash). */
  async review(
    p: Principal | null,
    key: string,
    input: { decision: 'approved' | 'rejected'; note: string; schemaHash: string },
    origin: RequestOrigin,
  ): Promise<PipelineDetail> {
    const { principal } = policy.departments(p);
    const seen = await this.#visible(principal, key);
    policy.review(principal, seen.department_code);
    await this.#decide(
      seen.id,
      input,
      { accountId: principal.accountId, name: principal.displayName },
      principalActor(principal, origin),
    );
    return this.show(principal, key);
  }

  async #decide(
    pipelineId: string,
    input: { decision: 'approved' | 'rejected'; note: string; schemaHash: string },
    reviewer: { accountId: string; name: string },
    actor: ActorRef,
  ): Promise<void> {
    await command(this.c.p, actor, async (w) => {
      const tx = w.tx as unknown as Kysely<PipelinesTables>;
      const row = (await repo.pipelineForUpdate(tx, pipelineId))!;
      if (row.schema_hash !== input.schemaHash)
        throw new AppError(409, 'PIPELINE_SCHEMA_CHANGED', 'The output schema has changed since you opened it');
      await tx
        .insertInto('opendata.pipeline_reviews')
        .values({
          id: uuidv7(w.now.getTime()),
          pipeline_id: row.id,
          schema_hash: row.schema_hash,
          decision: input.decision,
          note: input.note,
          reviewer_id: reviewer.accountId,
          reviewer_name: reviewer.name,
          reviewed_at: w.now,
        })
        .execute();
      const approved = input.decision === 'approved';
      const next = slotOf(row.schedule, w.now).next;
      await tx
        .updateTable('opendata.pipelines')
        .set({
          approved_schema_hash: approved ? row.schema_hash : null,
          approved_by: approved ? reviewer.accountId : null,
          approved_at: approved ? w.now : null,
          next_run_at: approved && !row.paused ? next : null,
          updated_at: w.now,
          version: row.version + 1,
        })
        .where('id', '=', row.id)
        .execute();
      if (approved && !row.paused) await this.#schedule(w.tx, row.id, next);
      await w.audit({
        action: `opendata.pipeline.${input.decision}`,
        resourceType: 'opendata.pipeline',
        resourceId: row.id,
        regionCode: this.c.deps.regionCode,
        change: { schemaHash: row.schema_hash, note: input.note },
        detail: { key: row.key, decision: input.decision },
      });
    });
  }

  /**
   * The demo seed's approval, recorded as the department's data officer's review (the seed has no
   * session). System only: no route reaches it.
   */
  async approveForSeed(key: string, officer: { accountId: string; name: string }, note: string): Promise<void> {
    const row = await repo.pipelineByKey(this.c.db, key);
    if (!row) throw notFound('PIPELINE_NOT_FOUND', 'No such pipeline');
    if (row.approved_schema_hash === row.schema_hash) return;
    await this.#decide(row.id, { decision: 'approved', note, schemaHash: row.schema_hash }, officer, systemActor());
  }

  /** Run now (a release on request). Idempotent by the caller's key. */
  async run(p: Principal | null, key: string, origin: RequestOrigin, idempotencyKey: string | null): Promise<RunView> {
    const { principal } = policy.departments(p);
    const row = await this.#visible(principal, key);
    policy.operate(principal, row.department_code);
    const runKey = `${row.id}:manual:${idempotencyKey ?? uuidv7(this.c.p.clock.now().getTime())}`;
    const done = await runPipeline(this.c, row, {
      key: runKey,
      trigger: 'manual',
      by: { accountId: principal.accountId, actor: principalActor(principal, origin) },
    });
    return runView(done);
  }

  /** What a release would publish now, without publishing: the first rows and the report (or the refusal). */
  async preview(p: Principal | null, key: string): Promise<PreviewView> {
    const { principal } = policy.departments(p);
    const row = await this.#visible(principal, key);
    policy.operate(principal, row.department_code);
    const def = definitionOf(row);
    const columns = publishedColumns(def);
    const missing = await missingTables(this.c.p.db, def.source.requires);
    if (missing.length)
      return {
        columns,
        rows: [],
        report: null,
        refusal: { code: 'PIPELINE_SOURCE_MISSING', message: `Missing: ${missing.join(', ')}` },
      };
    try {
      return await withReadOnlySnapshot(this.c.p.db, async ({ source }) => {
        const outcome = await deidentify(def.deid, source(def.source.sql), { rng: { next: Math.random } });
        const rows: Row[] = [];
        for await (const batch of outcome.rows) {
          rows.push(...batch.slice(0, PREVIEW_ROWS - rows.length));
          if (rows.length >= PREVIEW_ROWS) break;
        }
        return { columns, rows, report: outcome.report, refusal: null };
      });
    } catch (err) {
      if (err instanceof DeidRefusal)
        return { columns, rows: [], report: err.report, refusal: { code: err.code, message: err.message } };
      throw err;
    }
  }

  /**
   * Install definitions (the demo city's, or a city's own): new ones are added unreviewed; a
   * changed one keeps its approval only if its output schema is the same. System only (seed, CLI).
   */
  async install(defs: readonly PipelineDefinition[]): Promise<void> {
    for (const def of defs) {
      const problems = definitionProblems(def);
      if (problems.length) throw new AppError(422, 'PIPELINE_INVALID', `${def.key}: ${problems.join('; ')}`);
      await command(this.c.p, systemActor(), async (w) => {
        const tx = w.tx as unknown as Kysely<PipelinesTables>;
        const hash = schemaHash(def);
        const values = {
          department_code: def.departmentCode,
          dataset_name: def.dataset.name,
          title: def.title,
          title_en: def.titleEn,
          definition: JSON.stringify(def),
          schedule: def.schedule,
          schema_hash: hash,
          updated_at: w.now,
        };
        const existing = await repo.pipelineByKey(tx, def.key);
        if (existing) {
          await tx
            .updateTable('opendata.pipelines')
            .set({ ...values, version: existing.version + 1 })
            .where('id', '=', existing.id)
            .execute();
        } else {
          await tx
            .insertInto('opendata.pipelines')
            .values({ id: uuidv7(w.now.getTime()), key: def.key, created_at: w.now, ...values })
            .execute();
        }
        await w.audit({
          action: 'opendata.pipeline.defined',
          resourceType: 'opendata.pipeline',
          resourceId: existing?.id ?? def.key,
          regionCode: this.c.deps.regionCode,
          change: def,
          detail: { key: def.key, schemaHash: hash, schemaChanged: existing ? existing.schema_hash !== hash : true },
        });
      });
    }
  }

  /** Run a pipeline as the system (the demo seed; a city's first load). */
  async runAsSystem(key: string, runKey: string): Promise<RunView> {
    const row = await repo.pipelineByKey(this.c.db, key);
    if (!row) throw notFound('PIPELINE_NOT_FOUND', 'No such pipeline');
    return runView(await runPipeline(this.c, row, { key: runKey, trigger: 'seed', by: null }));
  }

  async #schedule(tx: Parameters<typeof scheduleJob>[0], pipelineId: string, at: Date): Promise<void> {
    await scheduleJob(
      tx,
      {
        kind: RUN_JOB,
        key: jobKey(pipelineId),
        payload: { pipelineId } satisfies RunJob,
        runAt: at,
        regionCode: this.c.deps.regionCode,
        replace: true,
      },
      this.c.p.clock.now(),
    );
  }

  /** The scheduled run: this slot's release (once, by its key), then the next slot's job. */
  async onJob(job: Job<RunJob>): Promise<void> {
    const row = await repo.pipelineById(this.c.db, job.payload.pipelineId);
    if (!row || row.paused || !row.approved_schema_hash) return;
    const slot = slotOf(row.schedule, job.runAt).start.toISOString();
    await runPipeline(this.c, row, { key: `${row.id}:schedule:${slot}`, trigger: 'schedule', by: null });
    const next = slotOf(row.schedule, this.c.p.clock.now()).next;
    await command(this.c.p, systemActor(), async (w) => {
      const tx = w.tx as unknown as Kysely<PipelinesTables>;
      await tx.updateTable('opendata.pipelines').set({ next_run_at: next }).where('id', '=', row.id).execute();
      await this.#schedule(w.tx, row.id, next);
    });
  }
}
