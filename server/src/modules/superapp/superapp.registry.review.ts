/**
 * The app reviewer's decisions (docs/superapp-registry.md): approve a version (it goes live, the
 * version it replaces is superseded), reject it with reasons, suspend an app, reinstate it, take
 * it down. Each is audited (platform audit, `superapp.app.<decision>`) and the submitting agent is told.
 */
import type { ActorRef } from '../../platform/audit.ts';
import type { Principal, RequestOrigin } from '../../platform/auth.ts';
import { command, type Work } from '../../platform/context.ts';
import { scheduleJob } from '../../platform/jobs.ts';
import { AppError } from '../../platform/errors.ts';
import type { SuperappContext } from './superapp.context.ts';
import { addedScopes } from './superapp.registry.logic.ts';
import { registryRepository as repo, type AppRow } from './superapp.registry.repository.ts';
import { recheckJob, type Registry } from './superapp.registry.service.ts';

const notInReview = () => new AppError(409, 'APP_NOT_IN_REVIEW', 'This version is not in review');
const stateConflict = (message: string) => new AppError(409, 'APP_STATE_CONFLICT', message);

export class Review {
  private readonly c: SuperappContext;
  private readonly r: Registry;

  constructor(c: SuperappContext, registry: Registry) {
    this.c = c;
    this.r = registry;
  }

  private audit(w: Work, app: AppRow, action: string, detail: Record<string, unknown>) {
    return w.audit({
      action: `superapp.app.${action}`,
      resourceType: 'superapp.app',
      resourceId: app.id,
      regionCode: this.c.deps.config.regionCode,
      detail: { slug: app.slug, ...detail },
    });
  }

  /** Approve a version in review: it becomes live (the one it replaces is superseded). */
  async approve(p: Principal | null, appId: string, version: number, note: string | undefined, origin: RequestOrigin) {
    const { principal, actor } = this.r.actor(p, origin);
    await command(this.c.platform, actor, async (w) => {
      const { app, v } = await this.r.lockVersion(w, appId, version);
      if (v.status !== 'in_review') throw notInReview();
      if (app.status === 'taken_down') throw stateConflict('This app was taken down');
      const live = app.live_version ? ((await repo.version(w.tx, appId, app.live_version))?.manifest ?? null) : null;
      await repo.decideVersion(w.tx, appId, version, {
        status: 'approved',
        decided_by: principal.accountId,
        decided_at: w.now,
        reason: note?.trim() || null,
      });
      await repo.supersedeApproved(w.tx, appId, version);
      // A suspended app stays suspended (its new version goes live when it is reinstated).
      const status = app.status === 'suspended' ? 'suspended' : 'approved';
      await repo.setApp(w.tx, appId, {
        live_version: version,
        status,
        status_reason: status === 'approved' ? null : app.status_reason,
        updated_at: w.now,
      });
      await scheduleJob(w.tx, { ...recheckJob(appId, w.now), replace: true }, w.now); // re-checked every day
      await this.audit(w, app, 'approved', {
        version,
        previous: app.live_version,
        addedScopes: addedScopes(live, v.manifest),
      });
      await this.r.tell(
        w,
        app,
        v.submitted_by,
        { zh: `第 ${version} 版已通过审核并上线。`, en: `Version ${version} was approved and is live.` },
        `superapp-approved:${appId}:${version}`,
      );
    });
    return this.r.reload(appId);
  }

  /** Reject a version in review, with reasons; a live version keeps serving. */
  async reject(p: Principal | null, appId: string, version: number, reason: string, origin: RequestOrigin) {
    const { principal, actor } = this.r.actor(p, origin);
    await command(this.c.platform, actor, async (w) => {
      const { app, v } = await this.r.lockVersion(w, appId, version);
      if (v.status !== 'in_review') throw notInReview();
      await repo.decideVersion(w.tx, appId, version, {
        status: 'rejected',
        decided_by: principal.accountId,
        decided_at: w.now,
        reason: reason.trim(),
      });
      if (app.status === 'in_review')
        await repo.setApp(w.tx, appId, { status: 'rejected', status_reason: reason.trim(), updated_at: w.now });
      await this.audit(w, app, 'rejected', { version, reason: reason.trim() });
      await this.r.tell(
        w,
        app,
        v.submitted_by,
        { zh: `第 ${version} 版未通过审核。理由：${reason}`, en: `Version ${version} was rejected. Reason: ${reason}` },
        `superapp-rejected:${appId}:${version}`,
      );
    });
    return this.r.reload(appId);
  }

  /** Suspend an approved app (the reviewer, or supervision automatically): it can no longer be opened or signed in to. */
  async suspendAs(actor: ActorRef, decidedBy: string | null, appId: string, reason: string) {
    await command(this.c.platform, actor, async (w) => {
      const app = await this.r.lockApp(w, appId);
      if (app.status === 'suspended') return;
      if (app.status !== 'approved') throw stateConflict('Only an approved app can be suspended');
      await repo.setApp(w.tx, appId, { status: 'suspended', status_reason: reason.trim(), updated_at: w.now });
      await this.audit(w, app, 'suspended', { reason: reason.trim(), by: decidedBy ? 'reviewer' : 'system' });
      await this.r.tell(
        w,
        app,
        app.created_by,
        { zh: `应用已暂停。理由：${reason}`, en: `The app was suspended. Reason: ${reason}` },
        `superapp-suspended:${appId}:${w.now.getTime()}`,
      );
    });
    return this.r.reload(appId);
  }

  async suspend(p: Principal | null, appId: string, reason: string, origin: RequestOrigin) {
    const { principal, actor } = this.r.actor(p, origin);
    return this.suspendAs(actor, principal.accountId, appId, reason);
  }

  /** Lift a suspension: the app serves its live version again. */
  async reinstate(p: Principal | null, appId: string, reason: string, origin: RequestOrigin) {
    const { actor } = this.r.actor(p, origin);
    await command(this.c.platform, actor, async (w) => {
      const app = await this.r.lockApp(w, appId);
      if (app.status !== 'suspended') throw stateConflict('Only a suspended app can be reinstated');
      await repo.setApp(w.tx, appId, { status: 'approved', status_reason: null, updated_at: w.now });
      await scheduleJob(w.tx, { ...recheckJob(appId, w.now), replace: true }, w.now); // re-checked every day again
      await this.audit(w, app, 'reinstated', { reason: reason.trim() });
      await this.r.tell(
        w,
        app,
        app.created_by,
        { zh: `应用已恢复上线。说明：${reason}`, en: `The app was reinstated. Note: ${reason}` },
        `superapp-reinstated:${appId}:${w.now.getTime()}`,
      );
    });
    return this.r.reload(appId);
  }

  /** Take an app down for good: it leaves the app centre, versions in review are rejected, no more versions. */
  async takeDown(p: Principal | null, appId: string, reason: string, origin: RequestOrigin) {
    const { principal, actor } = this.r.actor(p, origin);
    await command(this.c.platform, actor, async (w) => {
      const app = await this.r.lockApp(w, appId);
      if (app.status === 'taken_down') throw stateConflict('This app was already taken down');
      const pending = await repo.inReview(w.tx, appId);
      if (pending)
        await repo.decideVersion(w.tx, appId, pending.version, {
          status: 'rejected',
          decided_by: principal.accountId,
          decided_at: w.now,
          reason: reason.trim(),
        });
      await repo.setApp(w.tx, appId, { status: 'taken_down', status_reason: reason.trim(), updated_at: w.now });
      await this.audit(w, app, 'taken-down', { reason: reason.trim(), rejectedVersion: pending?.version ?? null });
      await this.r.tell(
        w,
        app,
        app.created_by,
        { zh: `应用已下架。理由：${reason}`, en: `The app was taken down. Reason: ${reason}` },
        `superapp-taken-down:${appId}`,
      );
    });
    return this.r.reload(appId);
  }
}
