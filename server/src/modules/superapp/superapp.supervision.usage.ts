/**
 * Usage and error statistics of mini-apps. The bridge forwards the SDK's events in batches
 * (open, view, action, error; signed in or not), limited in size and rate per account or address.
 * Each batch is written with the day's roll-up incremented in the same transaction (one row per
 * app and day, and one row per app, day and user for distinct users), so the figures read days,
 * never events: a year of an app's figures is 365 rows whatever the traffic.
 */
import { createHash } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { Principal, RequestOrigin } from '../../platform/auth.ts';
import { AppError } from '../../platform/errors.ts';
import { uuidv7 } from '../../platform/ids.ts';
import { localDate } from '../../platform/time-zone.ts';
import type { SuperappContext } from './superapp.context.ts';
import { appById, appNotFound, dbOf, type SupervisionSettings } from './superapp.supervision.common.ts';
import { requireReviewerOrOwner } from './superapp.supervision.releases.ts';
import * as repo from './superapp.supervision.repository.ts';
import type { UsageEventT } from './superapp.supervision.schemas.ts';
import type { SupervisionTables } from './superapp.supervision.tables.ts';

const DAY = 86_400_000;
/** The most a figures request spans, and its default. */
const MAX_DAYS = 366;
const DEFAULT_DAYS = 30;
const DETAIL_MAX_CHARS = 1000;

interface Counts {
  opens: number;
  views: number;
  actions: number;
  errors: number;
}

const figures = (c: Counts) => {
  const events = c.opens + c.views + c.actions + c.errors;
  return { ...c, events, errorRate: events === 0 ? 0 : Math.round((c.errors / events) * 10_000) / 10_000 };
};

/** The roll-up's sums as the API shows them (a total over days). */
export const usageTotals = (s: Counts & { users: number }) => ({
  ...figures({ opens: s.opens, views: s.views, actions: s.actions, errors: s.errors }),
  userDays: s.users,
});

const shiftDay = (day: string, days: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);

export class Usage {
  private readonly c: SuperappContext;
  private readonly settings: SupervisionSettings;

  constructor(c: SuperappContext, settings: SupervisionSettings) {
    this.c = c;
    this.settings = settings;
  }

  /** The city's calendar day of an instant. */
  day(at: Date): string {
    return localDate(at, this.c.deps.config.timeZone);
  }

  /** A batch of an app's events (anyone may send; limited per account, or per address when anonymous). */
  async ingest(p: Principal | null, slug: string, events: UsageEventT[], origin: RequestOrigin) {
    const app = await this.c.directory.bySlug(slug);
    if (!app) throw appNotFound();
    if (!app.usable) throw new AppError(403, 'APP_NOT_AVAILABLE', 'This app is suspended or taken down');
    const details = events.map((e) => (e.detail === undefined ? null : JSON.stringify(e.detail)));
    const tooLarge = details.findIndex((d) => d !== null && d.length > DETAIL_MAX_CHARS);
    if (tooLarge >= 0)
      throw new AppError(422, 'SUPERAPP_USAGE_DETAIL_TOO_LARGE', 'A usage event’s detail is too large', {
        details: [
          { path: `/events/${tooLarge}/detail`, code: 'TOO_LARGE', message: `at most ${DETAIL_MAX_CHARS} characters` },
        ],
      });
    const who = p ? `account:${p.accountId}` : `ip:${origin.ip ?? 'unknown'}`;
    await this.c.deps.identity.rateLimit(
      [{ key: `superapp-usage:${who}`, max: this.settings.usageBatchesPerMinute, windowMinutes: 1, lockMinutes: 1 }],
      '/events',
    );
    const at = this.c.platform.clock.now();
    const day = this.day(at);
    // An anonymous user counts once a day per app by a hash of their address (never the address itself).
    const userKey = p
      ? `a:${p.accountId}`
      : `ip:${createHash('sha256')
          .update(`${app.id}|${day}|${origin.ip ?? ''}`)
          .digest('base64url')
          .slice(0, 22)}`;
    await this.c.platform.db.transaction().execute((tx) =>
      repo.ingestUsage(tx as Transaction<SupervisionTables>, {
        appId: app.id,
        accountId: p?.accountId ?? null,
        userKey,
        day,
        at,
        events: events.map((e, i) => ({
          id: uuidv7(at.getTime()),
          kind: e.kind,
          name: e.name,
          detail: details[i] ?? null,
        })),
      }),
    );
    return { accepted: events.length };
  }

  /** An app's daily figures (the reviewer, or the owner's agent): from the roll-up, with the newest errors. */
  async figures(p: Principal | null, appId: string, q: { from?: string | undefined; to?: string | undefined }) {
    const app = await appById(this.c, appId);
    requireReviewerOrOwner(p, app.owner_uscc);
    const to = q.to ?? this.day(this.c.platform.clock.now());
    const from = q.from ?? shiftDay(to, -(DEFAULT_DAYS - 1));
    const span = (Date.parse(to) - Date.parse(from)) / DAY;
    if (span < 0 || span >= MAX_DAYS)
      throw new AppError(400, 'VALIDATION_FAILED', 'The period runs from `from` to `to`, at most 366 days', {
        details: [{ path: '/from', code: 'PERIOD', message: `from ${from} to ${to}` }],
      });
    const db = dbOf(this.c);
    const [rows, errors] = await Promise.all([repo.usageDays(db, appId, from, to), repo.recentErrors(db, appId, 20)]);
    const days = rows.map((r) => ({ day: r.day, ...figures(r), users: r.users }));
    const sum = (k: keyof Counts | 'users') => rows.reduce((n, r) => n + r[k], 0);
    return {
      from,
      to,
      days,
      totals: usageTotals({
        opens: sum('opens'),
        views: sum('views'),
        actions: sum('actions'),
        errors: sum('errors'),
        users: sum('users'),
      }),
      recentErrors: errors.map((e) => ({
        name: e.name,
        detail: (typeof e.detail === 'string' ? (JSON.parse(e.detail) as unknown) : e.detail) ?? null,
        at: e.at.toISOString(),
      })),
    };
  }

  /** Every app's sums over the last `days` days (the reviewer's list). */
  async sumsSince(days: number) {
    const from = shiftDay(this.day(this.c.platform.clock.now()), -(days - 1));
    const rows = await repo.usageSums(dbOf(this.c), from);
    return new Map(
      rows.map((r) => [
        r.app_id,
        usageTotals({
          opens: Number(r.opens),
          views: Number(r.views),
          actions: Number(r.actions),
          errors: Number(r.errors),
          users: Number(r.users),
        }),
      ]),
    );
  }
}
