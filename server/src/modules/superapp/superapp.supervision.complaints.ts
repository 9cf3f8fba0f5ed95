/**
 * Complaints (投诉) about a mini-app from the citizen app, decided by the app reviewer (upheld or
 * dismissed, with a reason the complainant is told), and the suspensions they lead to: when an
 * app's upheld complaints that no suspension has counted reach the configured number
 * (`superapp.suspendAfterUpheld`), the decision that reaches it suspends the app in the same
 * transaction, audited as the system, and the owner's agents are told. A failed re-check by the
 * registry suspends the same way (`suspendAfterFailedRecheck`).
 */
import type { Transaction } from 'kysely';
import { principalActor, requirePrincipal, type Principal, type RequestOrigin } from '../../platform/auth.ts';
import { systemActor, writeAudit } from '../../platform/audit.ts';
import { command } from '../../platform/context.ts';
import { AppError, forbidden, notFound } from '../../platform/errors.ts';
import { idempotencyKeyOf, idempotent } from '../../platform/idempotency.ts';
import { uuidv7 } from '../../platform/ids.ts';
import { maskName } from '../../platform/masking.ts';
import type { SuperappContext } from './superapp.context.ts';
import { requireAppReviewer } from './superapp.policy.ts';
import {
  appById,
  appNotFound,
  appRefOf,
  appsById,
  dbOf,
  visibleToPeople,
  type AppRefT,
  type SupervisionSettings,
} from './superapp.supervision.common.ts';
import * as repo from './superapp.supervision.repository.ts';
import type { ComplaintCategory, ComplaintStatus, SupervisionTables } from './superapp.supervision.tables.ts';

/** The registry's re-check of an app (its automated pre-review run again): what supervision needs of it. */
export interface RecheckReport {
  passed: boolean;
  /** What failed, in words for the owner and the reviewer. */
  problems: readonly string[];
}

type AppRow = SupervisionTables['superapp.apps'];

export const complaintView = (r: repo.ComplaintRow, app: AppRefT) => ({
  id: r.id,
  app,
  category: r.category,
  text: r.text,
  status: r.status,
  reason: r.decision_reason,
  createdAt: r.created_at.toISOString(),
  decidedAt: r.decided_at?.toISOString() ?? null,
});

const complaintNotFound = () => notFound('SUPERAPP_COMPLAINT_NOT_FOUND', 'No such complaint');

export class Complaints {
  private readonly c: SuperappContext;
  private readonly settings: SupervisionSettings;

  constructor(c: SuperappContext, settings: SupervisionSettings) {
    this.c = c;
    this.settings = settings;
  }

  /** A person complains about an app. The same Idempotency-Key answers the complaint filed the first time. */
  async file(
    p: Principal | null,
    slug: string,
    input: { category: ComplaintCategory; text: string },
    idempotencyKey: string,
    origin: RequestOrigin,
  ) {
    const principal = requirePrincipal(p);
    if (principal.kind !== 'citizen') throw forbidden('Complaints about apps come from the people who use them');
    const found = await this.c.directory.bySlug(slug);
    const app = found ? await appById(this.c, found.id) : null;
    if (!app || !visibleToPeople(app)) throw appNotFound();
    const text = input.text.trim();
    const key = idempotencyKeyOf(idempotencyKey, { slug, category: input.category, text });
    const db = dbOf(this.c);
    const { value } = await idempotent(key, {
      earlier: () => repo.complaintByKey(db, principal.accountId, idempotencyKey),
      file: () =>
        command(this.c.platform, principalActor(principal, origin), async (w) => {
          const row: repo.ComplaintRow = {
            id: uuidv7(w.now.getTime()),
            app_id: app.id,
            account_id: principal.accountId,
            category: input.category,
            text,
            status: 'open',
            decision_reason: null,
            decided_by: null,
            decided_at: null,
            spent_at: null,
            idempotency_key: key.idempotencyKey,
            request_hash: key.requestHash,
            created_at: w.now,
          };
          await repo.insertComplaint(w.tx as Transaction<SupervisionTables>, row);
          await w.audit({
            action: 'superapp.complaint.filed',
            resourceType: 'superapp.complaint',
            resourceId: row.id,
            change: { text },
            detail: { app: app.slug, category: row.category },
          });
          return row;
        }),
      replay: (earlier) => Promise.resolve(earlier),
    });
    return complaintView(value, appRefOf(app));
  }

  /** My complaints about apps, newest first, with their outcomes. */
  async mine(p: Principal | null) {
    const principal = requirePrincipal(p);
    const rows = await repo.complaintsOf(dbOf(this.c), { accountId: principal.accountId });
    const apps = await appsById(
      this.c,
      rows.map((r) => r.app_id),
    );
    return { items: rows.map((r) => complaintView(r, appRefOf(apps.get(r.app_id)!))) };
  }

  /** The reviewer's queue (open ones oldest first; decided ones newest first). */
  async queue(p: Principal | null, status: ComplaintStatus | undefined) {
    requireAppReviewer(p);
    const rows = await repo.complaintsOf(dbOf(this.c), status ? { status } : {});
    return { items: await this.forReview(rows) };
  }

  private async forReview(rows: repo.ComplaintRow[]) {
    const [apps, names] = await Promise.all([
      appsById(
        this.c,
        rows.map((r) => r.app_id),
      ),
      this.c.deps.identity.accountSummaries([...new Set(rows.map((r) => r.account_id))]),
    ]);
    return rows.map((r) => ({
      ...complaintView(r, appRefOf(apps.get(r.app_id)!)),
      complainant: maskName(names.get(r.account_id)?.displayName ?? '') || '***',
    }));
  }

  /**
   * The reviewer decides a complaint: upheld or dismissed, with the reason the complainant is
   * told. An upheld one that brings the app's uncounted upheld complaints to the setting suspends it.
   */
  async decide(
    p: Principal | null,
    id: string,
    input: { outcome: 'upheld' | 'dismissed'; reason: string },
    origin: RequestOrigin,
  ) {
    const principal = requireAppReviewer(p);
    const reason = input.reason.trim();
    const known = await repo.complaintById(dbOf(this.c), id);
    if (!known) throw complaintNotFound();
    // Read before the transaction (on PGlite's one connection a read outside it would wait for it).
    const app0 = await appById(this.c, known.app_id);
    const name = app0.manifest?.name ?? { zh: app0.slug, en: app0.slug };
    const owners = input.outcome === 'upheld' ? await this.ownersOf(app0.id, app0.owner_uscc) : [];
    const { row, suspended } = await command(this.c.platform, principalActor(principal, origin), async (w) => {
      const db = w.tx as Transaction<SupervisionTables>;
      const before = await repo.complaintForUpdate(db, id);
      if (!before) throw complaintNotFound();
      if (before.status !== 'open')
        throw new AppError(409, 'SUPERAPP_COMPLAINT_DECIDED', 'This complaint has been decided already');
      // The app's row is locked too: decisions about one app count its upheld complaints one at a time.
      const app = (await repo.appForUpdate(db, before.app_id))!;
      const decided = await repo.decideComplaint(db, id, {
        status: input.outcome,
        reason,
        by: principal.accountId,
        at: w.now,
      });
      await w.audit({
        action: 'superapp.complaint.decided',
        resourceType: 'superapp.complaint',
        resourceId: id,
        change: { reason },
        detail: { app: app.slug, outcome: input.outcome },
      });
      const upheld = input.outcome === 'upheld';
      await this.c.deps.notify.api.notifyAccount(
        w.tx,
        {
          accountId: before.account_id,
          regionCode: this.c.deps.config.regionCode,
          topic: 'superapp.complaint.decided',
          title: {
            zh: `您对「${name.zh}」的投诉${upheld ? '经核实成立' : '未予支持'}`,
            en: `Your complaint about ${name.en} was ${upheld ? 'upheld' : 'dismissed'}`,
          },
          body: { zh: `处理意见：${reason}`, en: `The reviewer's reason: ${reason}` },
          link: `/me/apps/${app.id}`,
          sourceEventId: `superapp.complaint:${id}:decided`,
        },
        w.now,
      );
      let suspended = false;
      if (upheld && app.status === 'approved') {
        const unspent = await repo.unspentUpheld(db, app.id);
        if (unspent.length >= this.settings.suspendAfterUpheld) {
          await this.suspend(
            w.tx,
            app,
            {
              zh: `经核实成立的投诉达到 ${unspent.length} 件，应用已自动暂停`,
              en: `suspended automatically after ${unspent.length} upheld complaints`,
            },
            { cause: 'complaints', upheld: unspent.length, threshold: this.settings.suspendAfterUpheld },
            w.now,
            origin.requestId,
            { name, owners },
          );
          await repo.spendUpheld(db, unspent, w.now);
          suspended = true;
        }
      }
      return { row: decided, suspended };
    });
    const [complaint] = await this.forReview([row]);
    return { complaint: complaint!, suspended };
  }

  /**
   * The registry's re-check failed: suspend the app (the system's act, audited), tell its owner.
   * A passed report, or an app not live, changes nothing. The registry part's re-check calls this.
   */
  async suspendAfterFailedRecheck(appId: string, report: RecheckReport): Promise<{ suspended: boolean }> {
    if (report.passed) return { suspended: false };
    const app0 = await appById(this.c, appId);
    const told = {
      name: app0.manifest?.name ?? { zh: app0.slug, en: app0.slug },
      owners: await this.ownersOf(app0.id, app0.owner_uscc),
    };
    return command(this.c.platform, systemActor(), async (w) => {
      const app = await repo.appForUpdate(w.tx as Transaction<SupervisionTables>, appId);
      if (!app) throw appNotFound();
      if (app.status !== 'approved') return { suspended: false };
      const problems = report.problems.join('；') || '—';
      await this.suspend(
        w.tx,
        app,
        { zh: `自动复检未通过：${problems}`, en: `the automated re-check failed: ${report.problems.join('; ')}` },
        { cause: 'recheck', problems: report.problems.length },
        w.now,
        null,
        told,
      );
      return { suspended: true };
    });
  }

  /** The owner's agents who registered the app or submitted its versions, with the enterprise they act for. */
  private async ownersOf(appId: string, ownerUscc: string) {
    const accounts = await repo.ownerAccounts(dbOf(this.c), appId);
    return Promise.all(
      accounts.map(async (accountId) => ({
        accountId,
        enterpriseId:
          (await this.c.deps.identity.enterprisesOfAccount(accountId)).find((e) => e.uscc === ownerUscc)?.id ?? null,
      })),
    );
  }

  /** Suspend an approved app in `tx`: its status and reason, the system's audit record, the owner told. */
  private async suspend(
    tx: Transaction<object>,
    app: AppRow,
    reason: { zh: string; en: string },
    detail: Record<string, unknown>,
    now: Date,
    requestId: string | null,
    told: { name: { zh: string; en: string }; owners: { accountId: string; enterpriseId: string | null }[] },
  ): Promise<void> {
    const db = tx as Transaction<SupervisionTables>;
    await repo.suspendApp(db, app.id, `${reason.zh}（${reason.en}）`, now);
    await writeAudit(
      tx,
      systemActor(requestId),
      { action: 'superapp.app.suspended', resourceType: 'superapp.app', resourceId: app.id, detail },
      now,
    );
    const { name } = told;
    for (const { accountId, enterpriseId } of told.owners) {
      await this.c.deps.notify.api.notifyAccount(
        tx,
        {
          accountId,
          enterpriseId,
          regionCode: this.c.deps.config.regionCode,
          topic: 'superapp.app.suspended',
          title: { zh: `应用「${name.zh}」已被暂停`, en: `Your app ${name.en} is suspended` },
          body: { zh: `原因：${reason.zh}`, en: `Why: ${reason.en}` },
          link: null,
          sourceEventId: `superapp.app:${app.id}:suspended:${now.getTime()}`,
        },
        now,
      );
    }
  }
}
