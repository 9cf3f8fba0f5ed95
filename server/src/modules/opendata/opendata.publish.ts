/**
 * Publishing a release (发布): the files are streamed into the blob store first (content-addressed,
 * so a retry stores nothing twice), then one transaction writes the version, its changelog and
 * de-identification report, its resources, the dataset's new state, the audit record and the
 * `opendata.release.published` event. A report that does not pass is refused before anything is
 * stored. Files stored by a release that then fails are unreferenced blobs (harmless, content-addressed).
 */
import { scoped } from '../../platform/db.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { command } from '../../platform/context.ts';
import type { StoredBlob } from '../../platform/blobs.ts';
import { uuidv7 } from '../../platform/ids.ts';
import { principalActor } from '../../platform/auth.ts';
import { systemActor, type ActorRef } from '../../platform/audit.ts';
import type { OpendataContext } from './opendata.context.ts';
import { policy, type Publisher } from './opendata.policy.ts';
import * as repo from './opendata.repository.ts';
import type { OpendataTables } from './opendata.tables.ts';
import type { DeidentificationReport, ReleaseFile, ReleaseInput, ReleaseView } from './opendata.types.ts';
import { releaseView } from './opendata.views.ts';
import { FORMATS } from './opendata.vocabulary.ts';

const origin = { requestId: 'opendata', ip: null };

/** The audit actor of a publisher: the data officer, or the system for a pipeline run. */
export const actorOf = (by: Publisher): ActorRef =>
  by.kind === 'officer' && by.principal ? principalActor(by.principal, origin) : systemActor();

/** Why a report does not pass, or null when it does (a release is refused otherwise). */
export function reportFailure(r: DeidentificationReport): string | null {
  if (!r.passed) return 'the pipeline reported a failure';
  if (r.kRequired !== null && (r.kReached === null || r.kReached < r.kRequired))
    return `k-anonymity: k ${r.kReached ?? 'unknown'} is below the required ${r.kRequired}`;
  for (const l of r.lDiversity)
    if (l.lReached < l.lRequired) return `l-diversity of ${l.attribute}: ${l.lReached} is below ${l.lRequired}`;
  return null;
}

const minDate = (a: string | null, b: string | null) => (a === null ? b : b === null ? a : a < b ? a : b);
const maxDate = (a: string | null, b: string | null) => (a === null ? b : b === null ? a : a > b ? a : b);

async function store(c: OpendataContext, file: ReleaseFile, index: number): Promise<StoredBlob> {
  const allowed = file.format === 'CSV' ? ['csv' as const] : ['json' as const];
  try {
    return await c.deps.blobs.put(file.content, { maxBytes: c.deps.maxFileBytes, allowed });
  } catch (err) {
    if (
      err instanceof AppError &&
      (err.code === 'FILE_TYPE_NOT_ALLOWED' || err.code === 'FILE_CORRUPT' || err.code === 'FILE_EMPTY')
    )
      throw new AppError(
        422,
        'RELEASE_RESOURCE_INVALID',
        `File ${index + 1} (${file.name}) is not valid ${file.format}`,
        {
          details: [{ path: `/files/${index}`, code: err.code, message: err.message }],
        },
      );
    throw err;
  }
}

export async function publishRelease(
  c: OpendataContext,
  by: Publisher,
  datasetId: string,
  input: ReleaseInput,
): Promise<ReleaseView> {
  const dataset = await repo.datasetById(c.db, datasetId);
  if (!dataset) throw notFound('DATASET_NOT_FOUND', 'No such dataset');
  policy.publish(by, dataset.organisation_code);
  if (input.releaseKey) {
    const done = await repo.versionByKey(c.db, input.releaseKey);
    if (done) return releaseView(done, await repo.resourcesOfVersions(c.db, [done.id]));
  }
  const failure = reportFailure(input.report);
  if (failure) throw new AppError(422, 'RELEASE_DEIDENTIFICATION_FAILED', `Refused: ${failure}`);
  if (input.files.length === 0) throw new AppError(422, 'RELEASE_NO_RESOURCES', 'A release needs at least one file');
  if (dataset.state === 'withdrawn') throw new AppError(409, 'DATASET_WITHDRAWN', 'The dataset has been withdrawn');
  // Streamed into the blob store one after another (never held whole in memory).
  const stored: StoredBlob[] = [];
  for (const [i, f] of input.files.entries()) stored.push(await store(c, f, i));

  const versionId = await command(c.p, actorOf(by), async (w) => {
    const tx = scoped<OpendataTables>(w.tx);
    const locked = (await repo.datasetForUpdate(tx, datasetId))!;
    if (input.releaseKey) {
      const done = await repo.versionByKey(tx, input.releaseKey);
      if (done) return done.id;
    }
    const last = await repo.latestVersion(tx, datasetId);
    const seq = (last?.seq ?? 0) + 1;
    const version = input.version ?? `1.${seq - 1}`;
    if ((await repo.versionsOf(tx, datasetId)).some((v) => v.version === version))
      throw new AppError(409, 'RELEASE_VERSION_EXISTS', `Version ${version} has already been released`);
    const id = uuidv7(w.now.getTime());
    await tx
      .insertInto('opendata.versions')
      .values({
        id,
        dataset_id: datasetId,
        seq,
        version,
        notes: input.notes,
        notes_en: input.notesEn,
        report: JSON.stringify(input.report),
        pipeline_id: input.pipelineId,
        release_key: input.releaseKey,
        released_at: w.now,
        released_by: by.kind === 'officer' ? (by.principal?.accountId ?? null) : null,
      })
      .execute();
    await tx
      .insertInto('opendata.resources')
      .values(
        input.files.map((f, i) => ({
          id: uuidv7(w.now.getTime()),
          dataset_id: datasetId,
          version_id: id,
          position: i,
          name: f.name,
          name_en: f.nameEn,
          description: f.description,
          format: f.format,
          media_type: FORMATS[f.format].mediaType,
          blob_key: stored[i]!.key,
          size: stored[i]!.size,
          sha256: stored[i]!.sha256,
          columns: JSON.stringify(f.columns),
          row_count: f.rowCount,
          created_at: w.now,
        })),
      )
      .execute();
    const live = locked.formats.includes('API');
    const formats = [...new Set([...input.files.map((f) => f.format), ...(live ? ['API'] : [])])];
    await tx
      .updateTable('opendata.datasets')
      .set({
        state: 'active',
        version,
        formats,
        released_at: w.now,
        modified_at: w.now,
        temporal_start: minDate(locked.temporal_start, input.temporal?.start ?? null),
        temporal_end: maxDate(locked.temporal_end, input.temporal?.end ?? null),
      })
      .where('id', '=', datasetId)
      .execute();
    await w.audit({
      action: 'opendata.release.published',
      resourceType: 'opendata.dataset',
      resourceId: datasetId,
      regionCode: c.deps.regionCode,
      change: { version, files: stored.map((s) => s.sha256), report: input.report },
      detail: {
        name: locked.name,
        version,
        pipelineId: input.pipelineId,
        kReached: input.report.kReached,
        cellsSuppressed: input.report.cellsSuppressed,
      },
    });
    await w.emit('opendata.release.published', {
      datasetId,
      datasetName: locked.name,
      versionId: id,
      version,
      departmentCode: locked.organisation_code,
      pipelineId: input.pipelineId,
    });
    return id;
  });
  const v = (await repo.versionsOf(c.db, datasetId)).find((x) => x.id === versionId)!;
  return releaseView(v, await repo.resourcesOfVersions(c.db, [versionId]));
}
