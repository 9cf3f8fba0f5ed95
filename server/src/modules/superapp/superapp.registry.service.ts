/**
 * The mini-app registry (docs/superapp-registry.md): an organisation's agent registers an app
 * and submits versions; the platform's app reviewer approves, rejects, suspends, reinstates and
 * takes down. One rule for review: every version is reviewed, and the live version keeps serving
 * meanwhile; a version that adds scopes is marked so (its `addedScopes`) in the queue.
 * Every decision is audited and the submitting agent is told.
 */
import { canonicalJson, type ActorRef } from '../../platform/audit.ts';
import { principalActor, type Principal, type RequestOrigin } from '../../platform/auth.ts';
import { command, type Work } from '../../platform/context.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { uuidv7 } from '../../platform/ids.ts';
import { scheduleJob, scheduleJobLater, type Job } from '../../platform/jobs.ts';
import type { SuperappContext } from './superapp.context.ts';
import type { Manifest } from './superapp.manifest.ts';
import { requireAppReviewer, requireOwnerAgent } from './superapp.policy.ts';
import { addedScopes, manifestProblems } from './superapp.registry.logic.ts';
import type { PreReviewer, PreReviewReportT } from './superapp.registry.prereview.ts';
import { registryRepository as repo, type AppRow, type VersionRow } from './superapp.registry.repository.ts';
import type { AppDetailT, AppVersionT, PublicAppT } from './superapp.registry.schemas.ts';
import type { AppStatus } from './superapp.tables.ts';

export const PREREVIEW_JOB = 'superapp.prereview';
export interface PreReviewJob {
  appId: string;
  version: number;
}

/** The periodic re-check of a live app (its pre-review run again), one job per app, every day. */
export const RECHECK_JOB = 'superapp.recheck';
export const RECHECK_EVERY_MS = 24 * 60 * 60 * 1000;
export interface RecheckJob {
  appId: string;
}
/** The next re-check of an app (kept when one is already scheduled). */
export const recheckJob = (appId: string, at: Date) => ({
  kind: RECHECK_JOB,
  key: `superapp-recheck:${appId}`,
  payload: { appId } satisfies RecheckJob,
  runAt: new Date(at.getTime() + RECHECK_EVERY_MS),
});
/** What a failed re-check does (supervision suspends the app): connected by the module. */
export type RecheckFailed = (appId: string, report: { passed: boolean; problems: string[] }) => Promise<unknown>;

const appNotFound = () => notFound('APP_NOT_FOUND', 'No such app');
const stateConflict = (message: string) => new AppError(409, 'APP_STATE_CONFLICT', message);
/** jsonb keeps no key order: compare canonically. */
const sameJson = (a: unknown, b: unknown) => canonicalJson(a) === canonicalJson(b);

function checkManifest(m: Manifest) {
  const details = manifestProblems(m);
  if (details.length)
    throw new AppError(422, 'APP_MANIFEST_INVALID', 'The manifest does not meet the standard', { details });
}

const toVersion = (v: VersionRow, live: Manifest | null): AppVersionT => ({
  version: v.version,
  status: v.status,
  manifest: v.manifest,
  addedScopes: v.status === 'in_review' ? addedScopes(live, v.manifest) : [],
  preReview: (v.pre_review as PreReviewReportT | null) ?? null,
  submittedAt: v.submitted_at.toISOString(),
  decidedAt: v.decided_at?.toISOString() ?? null,
  reason: v.reason,
});

export class Registry {
  private readonly c: SuperappContext;
  readonly preReviewer: PreReviewer;

  constructor(c: SuperappContext, preReviewer: PreReviewer) {
    this.c = c;
    this.preReviewer = preReviewer;
  }

  private get db() {
    return this.c.platform.db;
  }

  private async detail(app: AppRow): Promise<AppDetailT> {
    const versions = await repo.versions(this.db, app.id);
    const live = versions.find((v) => v.version === app.live_version)?.manifest ?? null;
    return {
      id: app.id,
      slug: app.slug,
      clientId: app.client_id,
      ownerUscc: app.owner_uscc,
      ownerName: app.owner_name,
      status: app.status,
      statusReason: app.status_reason,
      liveVersion: app.live_version,
      createdAt: app.created_at.toISOString(),
      updatedAt: app.updated_at.toISOString(),
      versions: versions.map((v) => toVersion(v, live)),
    };
  }

  private schedulePreReview(w: Work, appId: string, version: number) {
    scheduleJobLater(
      w,
      { kind: PREREVIEW_JOB, key: `superapp-prereview:${appId}:${version}`, payload: { appId, version }, runAt: w.now },
      w.now,
    );
  }

  /** An enterprise's agent registers a new app: version 1, in review. Repeating the same registration answers the same app. */
  async register(p: Principal | null, manifest: Manifest, origin: RequestOrigin): Promise<AppDetailT> {
    const principal = requireOwnerAgent(p, p?.actingAs?.uscc ?? '');
    const owner = principal.actingAs!;
    checkManifest(manifest);
    const id = await command(this.c.platform, principalActor(principal, origin), async (w) => {
      const existing = await repo.appBySlug(w.tx, manifest.slug);
      if (existing) {
        const first = await repo.version(w.tx, existing.id, 1);
        if (existing.owner_uscc === owner.uscc && first && sameJson(first.manifest, manifest)) return existing.id;
        throw new AppError(409, 'APP_SLUG_TAKEN', 'This app slug is taken');
      }
      const appId = uuidv7(w.now.getTime());
      await repo.insertApp(w.tx, {
        id: appId,
        slug: manifest.slug,
        client_id: `app-${manifest.slug}`,
        owner_uscc: owner.uscc,
        owner_name: owner.name,
        audience: 'citizen',
        status: 'in_review',
        status_reason: null,
        live_version: null,
        created_by: principal.accountId,
        created_at: w.now,
        updated_at: w.now,
      });
      await this.insertVersion(w, appId, 1, manifest, principal);
      await w.audit({
        action: 'superapp.app.registered',
        resourceType: 'superapp.app',
        resourceId: appId,
        regionCode: this.c.deps.config.regionCode,
        detail: { slug: manifest.slug, owner: owner.uscc, scopes: manifest.scopes.map((s) => s.scope) },
      });
      return appId;
    });
    return this.detail((await repo.app(this.db, id))!);
  }

  private async insertVersion(w: Work, appId: string, version: number, manifest: Manifest, principal: Principal) {
    await repo.insertVersion(w.tx, {
      app_id: appId,
      version,
      manifest,
      status: 'in_review',
      pre_review: null,
      submitted_by: principal.accountId,
      submitted_at: w.now,
      decided_by: null,
      decided_at: null,
      reason: null,
    });
    this.schedulePreReview(w, appId, version);
  }

  /** The owner's agent submits a new version; it is reviewed while the live version keeps serving. */
  async submitVersion(p: Principal | null, appId: string, manifest: Manifest, origin: RequestOrigin) {
    const principal = requireOwnerAgent(p, p?.actingAs?.uscc ?? '');
    await command(this.c.platform, principalActor(principal, origin), async (w) => {
      const app = await repo.app(w.tx, appId, true);
      if (!app || app.owner_uscc !== principal.actingAs!.uscc) throw appNotFound();
      checkManifest(manifest);
      if (manifest.slug !== app.slug)
        throw new AppError(422, 'APP_SLUG_CHANGED', 'A new version cannot change the slug');
      if (app.status === 'taken_down') throw stateConflict('This app was taken down');
      const pending = await repo.inReview(w.tx, appId);
      if (pending) {
        if (sameJson(pending.manifest, manifest)) return;
        throw new AppError(409, 'APP_VERSION_PENDING', 'A version of this app is already in review');
      }
      const version = (await repo.lastVersion(w.tx, appId)) + 1;
      await this.insertVersion(w, appId, version, manifest, principal);
      if (app.status === 'rejected') await repo.setApp(w.tx, appId, { status: 'in_review', updated_at: w.now });
      else await repo.setApp(w.tx, appId, { updated_at: w.now });
      const live = app.live_version ? ((await repo.version(w.tx, appId, app.live_version))?.manifest ?? null) : null;
      await w.audit({
        action: 'superapp.app.version-submitted',
        resourceType: 'superapp.app',
        resourceId: appId,
        regionCode: this.c.deps.config.regionCode,
        detail: { slug: app.slug, version, addedScopes: addedScopes(live, manifest) },
      });
    });
    return this.detail((await repo.app(this.db, appId))!);
  }

  /** The apps of the enterprise the agent acts for. */
  async mine(p: Principal | null) {
    const principal = requireOwnerAgent(p, p?.actingAs?.uscc ?? '');
    const apps = await repo.appsOf(this.db, principal.actingAs!.uscc);
    return { items: await Promise.all(apps.map((a) => this.detail(a))) };
  }

  /** One app with its versions and reviews: its owner's agent, or the app reviewer. */
  async get(p: Principal | null, appId: string) {
    const app = await repo.app(this.db, appId);
    const reviewer = p?.posts.some((post) => post.roles.includes('app_reviewer'));
    if (!reviewer) {
      requireOwnerAgent(p, p?.actingAs?.uscc ?? '');
      if (!app || app.owner_uscc !== p?.actingAs?.uscc) throw appNotFound();
    }
    if (!app) throw appNotFound();
    return this.detail(app);
  }

  /** The reviewer's queue: versions in review, oldest first. */
  async queue(p: Principal | null) {
    requireAppReviewer(p);
    const rows = await repo.queue(this.db);
    const lives = new Map<string, Manifest | null>();
    for (const r of rows)
      if (r.live_version && !lives.has(r.id))
        lives.set(r.id, (await repo.version(this.db, r.id, r.live_version))?.manifest ?? null);
    return {
      items: rows.map((r) => ({
        appId: r.id,
        slug: r.slug,
        name: r.manifest.name,
        ownerName: r.owner_name,
        ownerUscc: r.owner_uscc,
        appStatus: r.app_status,
        liveVersion: r.live_version,
        version: r.version,
        addedScopes: addedScopes(lives.get(r.id) ?? null, r.manifest),
        preReviewOutcome: (r.pre_review as PreReviewReportT | null)?.outcome ?? null,
        submittedAt: r.submitted_at.toISOString(),
      })),
    };
  }

  /** Every app (the reviewer's register), optionally of one status. */
  async apps(p: Principal | null, status: AppStatus | undefined) {
    requireAppReviewer(p);
    const rows = await repo.apps(this.db, status);
    return {
      items: rows.map((a) => ({
        id: a.id,
        slug: a.slug,
        ownerUscc: a.owner_uscc,
        ownerName: a.owner_name,
        status: a.status,
        statusReason: a.status_reason,
        liveVersion: a.live_version,
        updatedAt: a.updated_at.toISOString(),
      })),
    };
  }

  /** Approved apps for residents (the app centre and search): public. */
  async live(filter: { category?: string | undefined; q?: string | undefined }): Promise<{ items: PublicAppT[] }> {
    const rows = await repo.live(this.db, filter);
    return {
      items: rows.map((r) => ({
        slug: r.slug,
        name: r.manifest.name,
        description: r.manifest.description,
        icon: r.manifest.icon,
        category: r.manifest.category,
        ownerName: r.owner_name,
        elderMode: r.manifest.elderMode,
        languages: r.manifest.languages,
      })),
    };
  }

  /** The automated pre-review's job: run it on the version (still there) and keep its report. */
  async onPreReviewJob(job: Job<PreReviewJob>) {
    const v = await repo.version(this.db, job.payload.appId, job.payload.version);
    if (!v || v.pre_review !== null) return;
    const report = await this.preReviewer.run(v.manifest, this.c.platform.clock.now());
    await repo.setPreReview(this.db, v.app_id, v.version, report);
  }

  private recheckFailed: RecheckFailed | null = null;

  /** Connect what a failed periodic re-check does (supervision's suspension). */
  onRecheckFailed(fn: RecheckFailed): void {
    this.recheckFailed = fn;
  }

  /**
   * The periodic re-check: run the live version's pre-review again; a failure (not a re-check
   * that could not run) goes to supervision, which suspends the app; otherwise the next one is
   * scheduled. An app no longer approved is not re-checked (its approval schedules it again).
   */
  async onRecheckJob(job: Job<RecheckJob>) {
    const app = await repo.app(this.db, job.payload.appId);
    if (!app || app.status !== 'approved' || !app.live_version) return;
    const report = await this.preReviewFor(app.id, app.live_version);
    if (report.outcome === 'fail' && this.recheckFailed) {
      const problems = report.checks.filter((c) => c.outcome === 'fail').map((c) => `${c.name}: ${c.details}`);
      await this.recheckFailed(app.id, { passed: false, problems });
      return;
    }
    const now = this.c.platform.clock.now();
    await scheduleJob(this.db, { ...recheckJob(app.id, now), replace: true }, now);
  }

  /** Run the pre-review now (the reviewer's "run again") on a version, and keep its report. */
  async preReview(p: Principal | null, appId: string, version: number): Promise<PreReviewReportT> {
    requireAppReviewer(p);
    const v = await repo.version(this.db, appId, version);
    if (!v) throw notFound('APP_VERSION_NOT_FOUND', 'No such version');
    const report = await this.preReviewer.run(v.manifest, this.c.platform.clock.now());
    await repo.setPreReview(this.db, appId, version, report);
    return report;
  }

  /** Re-check the live version (supervision's periodic re-check): the report, also kept on the version. */
  async recheck(appId: string): Promise<PreReviewReportT> {
    const app = await repo.app(this.db, appId);
    if (!app) throw appNotFound();
    if (!app.live_version) throw stateConflict('The app has no live version');
    return this.preReviewFor(appId, app.live_version);
  }

  private async preReviewFor(appId: string, version: number) {
    const v = (await repo.version(this.db, appId, version))!;
    const report = await this.preReviewer.run(v.manifest, this.c.platform.clock.now());
    await repo.setPreReview(this.db, appId, version, report);
    return report;
  }

  /** Tell the agent who submitted the version (or registered the app) about a decision. */
  async tell(w: Work, app: AppRow, accountId: string | null, what: { zh: string; en: string }, key: string) {
    if (!accountId) return;
    await this.c.deps.notify.api.notifyAccount(
      w.tx,
      {
        accountId,
        regionCode: this.c.deps.config.regionCode,
        topic: 'superapp.app.reviewed',
        title: { zh: `应用「${app.slug}」审核结果`, en: `Review of the app “${app.slug}”` },
        body: what,
        link: '/enterprise/apps',
        sourceEventId: key,
      },
      w.now,
    );
  }

  /** For the decisions (superapp.registry.review.ts): a version of an app, locked, or 404. */
  async lockVersion(w: Work, appId: string, version: number) {
    const app = await repo.app(w.tx, appId, true);
    if (!app) throw appNotFound();
    const v = await repo.version(w.tx, appId, version, true);
    if (!v) throw notFound('APP_VERSION_NOT_FOUND', 'No such version');
    return { app, v };
  }

  async lockApp(w: Work, appId: string) {
    const app = await repo.app(w.tx, appId, true);
    if (!app) throw appNotFound();
    return app;
  }

  reload(appId: string) {
    return repo.app(this.db, appId).then((a) => this.detail(a!));
  }

  actor(p: Principal | null, origin: RequestOrigin): { principal: Principal; actor: ActorRef } {
    const principal = requireAppReviewer(p);
    return { principal, actor: principalActor(principal, origin) };
  }
}
