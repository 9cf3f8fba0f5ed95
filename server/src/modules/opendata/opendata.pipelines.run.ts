/**
 * One run of a pipeline (一次发布): check the approval of its output schema, run its query in a
 * read-only snapshot through a cursor, de-identify the stream, write the files, then hand them to
 * the catalogue's `publishRelease` (its own transaction: version, resources, audit, event). Every
 * run is recorded with its outcome: published (with the release), refused (k not reached, an
 * identifier in the output, an undeclared column: with the stable code and the report), held
 * for review (the schema changed) or failed (the source is missing or its query failed).
 */
import { randomInt } from 'node:crypto';
import type { Kysely } from 'kysely';
import { systemActor, type ActorRef } from '../../platform/audit.ts';
import { command, type Platform } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { uuidv7 } from '../../platform/ids.ts';
import type { EventMap } from '../../platform/outbox.ts';
import type { Catalogue } from './opendata.catalogue.ts';
import type { Publisher } from './opendata.policy.ts';
import type { DeidentificationReport } from './opendata.types.ts';
import { DeidRefusal, deidentify, type DeidReport } from './opendata.deid.engine.ts';
import type { DeidSpec } from './opendata.deid.ts';
import { writeReleaseFiles, type WrittenFiles } from './opendata.pipelines.files.ts';
import { publishedColumns, type PipelineDefinition } from './opendata.pipelines.ts';
import type { PipelineRow, RunRow } from './opendata.pipelines.repository.ts';
import * as repo from './opendata.pipelines.repository.ts';
import { missingTables, withReadOnlySnapshot } from './opendata.pipelines.source.ts';
import type { PipelinesTables, RunOutcome, RunTrigger } from './opendata.pipelines.tables.ts';

export interface PipelinesDeps {
  catalogue: Pick<Catalogue, 'saveDataset' | 'publishRelease'>;
  regionCode: string;
}

export interface PipelinesContext {
  p: Platform<EventMap>;
  db: Kysely<PipelinesTables>;
  deps: PipelinesDeps;
}

/** Noise needs randomness nobody can predict (not the seeded generator of the demo data). */
const secureRandom = { next: () => randomInt(2 ** 47) / 2 ** 47 };

/** The catalogue's report, from the engine's. */
export function catalogueReport(spec: DeidSpec, r: DeidReport): DeidentificationReport {
  const withK = spec.k > 1;
  return {
    steps: [
      'remove-identifiers',
      ...(spec.mode === 'aggregate' ? ['aggregate'] : []),
      ...(withK ? ['k-anonymity'] : []),
      ...(r.lRequired.length ? ['l-diversity'] : []),
      ...(r.noise ? ['noise'] : []),
    ],
    removedIdentifiers: r.directIdentifiersRemoved,
    quasiIdentifiers: spec.quasiIdentifiers.map((q) => q.column),
    kRequired: withK ? spec.k : null,
    kReached: withK ? r.kReached : null,
    minCellSize: spec.mode === 'aggregate' && withK ? spec.k : null,
    cellsSuppressed: r.cellsSuppressed,
    rowsSuppressed: r.recordsSuppressed,
    generalisations: r.generalisations.map((g) => ({ attribute: g.column, rule: g.step })),
    lDiversity: r.lRequired.map((x) => ({
      attribute: x.column,
      lRequired: x.l,
      lReached: r.lReached.find((y) => y.column === x.column)?.l ?? 0,
    })),
    epsilon: r.noise?.epsilon ?? null,
    passed: true,
  };
}

export const definitionOf = (row: PipelineRow): PipelineDefinition => row.definition as PipelineDefinition;

interface Outcome {
  outcome: RunOutcome;
  code: string | null;
  message: string | null;
  report: DeidReport | null;
  releaseId: string | null;
  releaseVersion: string | null;
  rows: number | null;
}

/** De-identify the pipeline's source in a read-only snapshot and write the files (or the refusal). */
async function produce(
  c: PipelinesContext,
  def: PipelineDefinition,
): Promise<{ report: DeidReport; written: WrittenFiles } | Outcome> {
  const missing = await missingTables(c.p.db, def.source.requires);
  if (missing.length) return fail('failed', 'PIPELINE_SOURCE_MISSING', `Missing: ${missing.join(', ')}`, null);
  try {
    return await withReadOnlySnapshot(c.p.db, async ({ source }) => {
      const outcome = await deidentify(def.deid, source(def.source.sql), { rng: secureRandom });
      const written = await writeReleaseFiles(outcome.rows, publishedColumns(def), def.geo);
      return { report: outcome.report, written };
    });
  } catch (err) {
    if (err instanceof DeidRefusal) return fail('refused', err.code, err.message, err.report);
    const message = err instanceof Error ? err.message : String(err);
    c.p.log.warn({ err, pipeline: def.key }, 'pipeline query failed');
    return fail('failed', 'PIPELINE_SOURCE_FAILED', message.slice(0, 500), null);
  }
}

const fail = (outcome: RunOutcome, code: string, message: string, report: DeidReport | null): Outcome => ({
  outcome,
  code,
  message,
  report,
  releaseId: null,
  releaseVersion: null,
  rows: null,
});

/** Run a pipeline once for `runKey` (a key already run answers that run: a retried job runs nothing twice). */
export async function runPipeline(
  c: PipelinesContext,
  row: PipelineRow,
  run: { key: string; trigger: RunTrigger; by: { accountId: string; actor: ActorRef } | null },
): Promise<RunRow> {
  const done = await repo.runByKey(c.db, run.key);
  if (done) return done;
  const def = definitionOf(row);
  const startedAt = c.p.clock.now();
  let result: Outcome;
  let recordsIn: number | null = null;
  if (row.approved_schema_hash !== row.schema_hash) {
    result = fail(
      'awaiting_review',
      'PIPELINE_NOT_APPROVED',
      row.approved_schema_hash ? 'The output schema changed since the last review' : 'Not reviewed yet',
      null,
    );
  } else {
    const produced = await produce(c, def);
    if ('outcome' in produced) result = produced;
    else {
      recordsIn = produced.report.recordsIn;
      result = await publish(c, row, def, produced, run.key);
    }
  }
  const actor = run.by?.actor ?? systemActor();
  return command(c.p, actor, async (w) => {
    const tx = w.tx as unknown as Kysely<PipelinesTables>;
    const again = await repo.runByKey(tx, run.key);
    if (again) return again;
    const id = uuidv7(w.now.getTime());
    const record = {
      id,
      pipeline_id: row.id,
      run_key: run.key,
      trigger: run.trigger,
      outcome: result.outcome,
      error_code: result.code,
      message: result.message,
      schema_hash: row.schema_hash,
      report: result.report ? JSON.stringify(result.report) : null,
      release_id: result.releaseId,
      release_version: result.releaseVersion,
      rows_published: result.rows,
      records_in: recordsIn ?? result.report?.recordsIn ?? null,
      started_at: startedAt,
      finished_at: w.now,
      started_by: run.by?.accountId ?? null,
    };
    await tx.insertInto('opendata.pipeline_runs').values(record).execute();
    await w.audit({
      action: `opendata.pipeline.${result.outcome === 'published' ? 'released' : result.outcome}`,
      resourceType: 'opendata.pipeline',
      resourceId: row.id,
      regionCode: c.deps.regionCode,
      change: { run: id, report: result.report },
      detail: { key: row.key, outcome: result.outcome, code: result.code, version: result.releaseVersion },
    });
    return (await repo.runByKey(tx, run.key))!;
  });
}

async function publish(
  c: PipelinesContext,
  row: PipelineRow,
  def: PipelineDefinition,
  produced: { report: DeidReport; written: WrittenFiles },
  runKey: string,
): Promise<Outcome> {
  const by: Publisher = { kind: 'pipeline', pipelineId: row.id, departmentCode: row.department_code };
  const { report, written } = produced;
  try {
    const dataset = await c.deps.catalogue.saveDataset(by, { ...def.dataset, departmentCode: row.department_code });
    const release = await c.deps.catalogue.publishRelease(by, dataset.id, {
      version: null,
      notes: `由发布流水线 ${row.key} 生成：${written.rows} 行，k = ${report.kReached ?? '—'}`,
      notesEn: `Produced by pipeline ${row.key}: ${written.rows} rows, k = ${report.kReached ?? '—'}`,
      files: written.files(row.key, { title: def.dataset.title, titleEn: def.dataset.titleEn }),
      report: catalogueReport(def.deid, report),
      pipelineId: row.id,
      releaseKey: runKey,
      temporal: null,
    });
    return {
      outcome: 'published',
      code: null,
      message: null,
      report,
      releaseId: release.id,
      releaseVersion: release.version,
      rows: written.rows,
    };
  } catch (err) {
    if (err instanceof AppError && err.status < 500) return fail('refused', err.code, err.message, report);
    throw err;
  } finally {
    await written.dispose();
  }
}
