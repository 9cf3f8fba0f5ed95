/**
 * Withdrawing a dataset (撤回): its department's data officer (or admin) takes it out of the
 * public catalogue, with a reason. It leaves package_list, package_search, the portal, DCAT and
 * its downloads and live endpoint at once (they read active datasets only); package_show answers
 * CKAN's Not Found to the public, and `state: deleted` to the department, as CKAN does for its
 * sysadmins. Its releases stay (their history is the department's record), and a pipeline's next
 * release is refused (409 DATASET_WITHDRAWN). Audited with the reason.
 *
 * Reinstating (恢复公开) undoes it, with a reason: the dataset is public again (active when it has
 * a release, else back to draft), in every listing at once, and its pipeline's next release is
 * taken. Only a withdrawn dataset is reinstated (409 DATASET_NOT_WITHDRAWN). Audited; the
 * withdrawal itself stays in the audit trail and the public log.
 */
import type { Kysely } from 'kysely';
import type { Principal, RequestOrigin } from '../../platform/auth.ts';
import { principalActor } from '../../platform/auth.ts';
import { command, type Work } from '../../platform/context.ts';
import { scoped } from '../../platform/db.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import type { OpendataContext } from './opendata.context.ts';
import { policy } from './opendata.policy.ts';
import * as repo from './opendata.repository.ts';
import type { OpendataTables } from './opendata.tables.ts';

type DatasetRow = NonNullable<Awaited<ReturnType<typeof repo.datasetById>>>;

/**
 * A change of a dataset's public state by its department's data officer (or admin): the dataset
 * found by id or name (one the caller may not see answers as one that does not exist; one they
 * see, 403 unless theirs), locked, changed by `change`, and announced to every listing.
 */
async function changeDataset(
  c: OpendataContext,
  p: Principal | null,
  idOrName: string,
  origin: RequestOrigin,
  change: (w: Work, tx: Kysely<OpendataTables>, locked: DatasetRow, by: Principal) => Promise<void>,
): Promise<string> {
  const row = /^[0-9a-f-]{36}$/.test(idOrName)
    ? await repo.datasetById(c.db, idOrName)
    : await repo.datasetByName(c.db, idOrName);
  if (!row || (row.state !== 'active' && !policy.seesDrafts(p, row.organisation_code)))
    throw notFound('DATASET_NOT_FOUND', 'No such dataset');
  const principal = policy.manage(p, row.organisation_code);
  await command(c.p, principalActor(principal, origin), async (w) => {
    const tx = scoped<OpendataTables>(w.tx);
    await change(w, tx, (await repo.datasetForUpdate(tx, row.id))!, principal);
    await w.emit('opendata.dataset.changed', { datasetId: row.id, datasetName: row.name });
  });
  return row.id;
}

export function withdrawDataset(
  c: OpendataContext,
  p: Principal | null,
  idOrName: string,
  reason: string,
  origin: RequestOrigin,
): Promise<string> {
  return changeDataset(c, p, idOrName, origin, async (w, tx, locked, by) => {
    if (locked.state === 'withdrawn') throw new AppError(409, 'DATASET_WITHDRAWN', 'The dataset is already withdrawn');
    await tx
      .updateTable('opendata.datasets')
      .set({
        state: 'withdrawn',
        withdrawn_at: w.now,
        withdrawn_by: by.accountId,
        withdrawal_reason: reason.trim(),
        modified_at: w.now,
      })
      .where('id', '=', locked.id)
      .execute();
    await w.audit({
      action: 'opendata.dataset.withdrawn',
      resourceType: 'opendata.dataset',
      resourceId: locked.id,
      regionCode: c.deps.regionCode,
      detail: { name: locked.name, department: locked.organisation_code, from: locked.state, reason: reason.trim() },
    });
  });
}

export function reinstateDataset(
  c: OpendataContext,
  p: Principal | null,
  idOrName: string,
  reason: string,
  origin: RequestOrigin,
): Promise<string> {
  return changeDataset(c, p, idOrName, origin, async (w, tx, locked) => {
    if (locked.state !== 'withdrawn')
      throw new AppError(409, 'DATASET_NOT_WITHDRAWN', 'Only a withdrawn dataset is reinstated');
    const state = (await repo.latestVersion(tx, locked.id)) ? 'active' : 'draft';
    await tx
      .updateTable('opendata.datasets')
      .set({ state, withdrawn_at: null, withdrawn_by: null, withdrawal_reason: null, modified_at: w.now })
      .where('id', '=', locked.id)
      .execute();
    await w.audit({
      action: 'opendata.dataset.reinstated',
      resourceType: 'opendata.dataset',
      resourceId: locked.id,
      regionCode: c.deps.regionCode,
      detail: {
        name: locked.name,
        department: locked.organisation_code,
        to: state,
        reason: reason.trim(),
        withdrawnAt: locked.withdrawn_at?.toISOString() ?? null,
        withdrawalReason: locked.withdrawal_reason,
      },
    });
  });
}
