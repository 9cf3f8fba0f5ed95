/**
 * Efficiency statistics (统计分析) for a department head and the supervisor: per department, item
 * and the whole city, by ISO week — volumes (submitted, decided, completed) and the backlog; the
 * mean and 90th-percentile handling time against the promised limit (承诺时限); the shares done
 * with zero visits (零跑动) and fully online (全程网办); the rating figures (好差评).
 *
 * The counters are kept incrementally, never recomputed for a dashboard, per (region, department,
 * item, week) with roll-up rows per department (item `*`) and per region (both `*`), so a
 * dashboard reads a few hundred rows whatever the number of cases:
 * - applications' `case.changed` events (at least once): the handler reads the case's facts and
 *   applies the transitions the ledger (`stat_cases`) has not seen yet — a case enters once
 *   (submitted, in its week of filing) and closes once (in its week of closing). A redelivered or
 *   late event finds its transition applied and adds nothing;
 * - a rating adds to its week in the rating's own transaction (supervision.ratings.ts);
 * - the backfill (seed, bench, `yiwang statistics-backfill`) writes the ledger from every case and
 *   rebuilds the counters from it set-based; a rerun gives the same counters.
 *
 * Definitions (docs/supervision.md):
 * - decided (办结) = completed (准予) + rejected (不予); withdrawn cases leave the backlog only;
 * - handling time = closing − the last complete submission (the promised limit restarts after a
 *   correction, 补正); the limit = the promised deadline − that submission (working days on the
 *   city's calendar, as applications computed it); on time = handling ≤ limit;
 * - zero visits (零跑动) = filed online for an item that needs no visit (catalogue `visits` 0);
 *   fully online (全程网办) = filed online for an item of online depth 4; both over decided cases;
 * - the 90th percentile comes from a histogram of handling time with geometric buckets (×1.2 from
 *   0.5 h to ~6,700 days), interpolated inside its bucket: its error is at most the bucket's
 *   width, 20% of the value (0.5 h below half an hour).
 */
import type { Transaction } from 'kysely';
import { systemActor } from '../../platform/audit.ts';
import type { Principal } from '../../platform/auth.ts';
import { command, type Work } from '../../platform/context.ts';
import { scoped } from '../../platform/db.ts';
import { AppError, forbidden } from '../../platform/errors.ts';
import type { DomainEvent } from '../../platform/outbox.ts';
import { localDate } from '../../platform/time-zone.ts';
import type { CaseChangedPayload, CaseFact } from '../applications/index.ts';
import type { Context } from './supervision.context.ts';
import { rate } from './supervision.figures.ts';
import { policy } from './supervision.policy.ts';
import type { RatingRow } from './supervision.repository.ts';
import * as repo from './supervision.statistics.repository.ts';

/** A case's facts and its ledger row as first written. */
export interface LedgerEntry {
  fact: CaseFact;
  fresh: repo.StatCaseRow;
}

/** Upper bounds (hours) of the handling-time buckets: 0.5 h × 1.2^k. Bucket i holds [bound(i-1), bound(i)). */
export const BUCKET_BOUNDS_HOURS: readonly number[] = Array.from(
  { length: 56 },
  (_, k) => Math.round(0.5 * 1.2 ** k * 10_000) / 10_000,
);
export const BUCKETS = BUCKET_BOUNDS_HOURS.length + 1;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
/** The longest range a dashboard answers (two years of weeks). */
const MAX_WEEKS = 105;
const DEFAULT_WEEKS = 12;
const CLOSED = ['completed', 'rejected', 'withdrawn'] as const;
type Outcome = (typeof CLOSED)[number];
const isClosed = (s: string): s is Outcome => (CLOSED as readonly string[]).includes(s);

/** The bucket of a handling time: how many bounds it reaches (as PostgreSQL's width_bucket counts). */
export function bucketOf(hours: number): number {
  let lo = 0;
  let hi = BUCKET_BOUNDS_HOURS.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (BUCKET_BOUNDS_HOURS[mid]! <= hours) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The q-quantile (0..1) of a histogram, interpolated linearly inside its bucket; null when empty. */
export function quantile(hist: readonly number[], q: number): number | null {
  const n = hist.reduce((a, b) => a + b, 0);
  if (n === 0) return null;
  const target = q * n;
  let cum = 0;
  for (let i = 0; i < hist.length; i++) {
    const c = hist[i] ?? 0;
    if (c > 0 && cum + c >= target) {
      const lower = i === 0 ? 0 : BUCKET_BOUNDS_HOURS[i - 1]!;
      const upper = BUCKET_BOUNDS_HOURS[i] ?? lower * 1.2;
      return lower + ((upper - lower) * Math.max(0, target - cum)) / c;
    }
    cum += c;
  }
  return BUCKET_BOUNDS_HOURS[BUCKET_BOUNDS_HOURS.length - 1]!;
}

const dayNumber = (isoDate: string): number => Math.floor(Date.parse(`${isoDate}T00:00:00Z`) / DAY_MS);
const dateOf = (day: number): string => new Date(day * DAY_MS).toISOString().slice(0, 10);
/** Monday of a date's ISO week. */
const mondayOf = (isoDate: string): string => {
  const d = dayNumber(isoDate);
  return dateOf(d - ((new Date(d * DAY_MS).getUTCDay() + 6) % 7));
};
/** Monday of the ISO week an instant falls in, in the city's time zone. */
export const weekOf = (instant: Date, timeZone: string): string => mondayOf(localDate(instant, timeZone));
/** `2026-W49` for a Monday. */
export function isoWeek(monday: string): string {
  const thursday = dayNumber(monday) + 3;
  const year = new Date(thursday * DAY_MS).getUTCFullYear();
  const week = Math.floor((thursday - dayNumber(`${year}-01-01`)) / 7) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

const statDb = (tx: Transaction<object>) => scoped<repo.StatisticsTables>(tx);
const round = (x: number, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;
const days = (hours: number | null) => (hours === null ? null : round(hours / 24));

/** A rating adds to its week, in the rating's own transaction (call-backs are not counted, as in the figures). */
export async function countRating(tx: Transaction<object>, rating: RatingRow, timeZone: string): Promise<void> {
  if (rating.kind !== 'rating') return;
  await repo.bump(
    statDb(tx),
    [
      {
        regionCode: rating.region_code,
        departmentCode: rating.department_code,
        itemCode: rating.item_code,
        week: weekOf(rating.rated_at, timeZone),
        ratings: 1,
        good: rating.score >= 3 ? 1 : 0,
        bad: rating.score <= 2 ? 1 : 0,
      },
    ],
    BUCKETS,
  );
}

/** One line of figures from summed counters. */
function figuresOf(r: repo.SumRow | undefined) {
  const z = r ?? null;
  const decided = z?.decided ?? 0;
  return {
    submitted: z?.submitted ?? 0,
    closed: z?.closed ?? 0,
    decided,
    completed: z?.completed ?? 0,
    avgHandlingDays: decided > 0 ? days(z!.handling_hours / decided) : null,
    p90HandlingDays: days(quantile(z?.hist ?? [], 0.9)),
    avgLimitDays: z && z.limited > 0 ? days(z.limit_hours / z.limited) : null,
    onTimeRate: rate(z?.on_time ?? 0, z?.limited ?? 0),
    zeroVisitRate: rate(z?.zero_visit ?? 0, decided),
    onlineRate: rate(z?.fully_online ?? 0, decided),
    ratings: z?.ratings ?? 0,
    goodReviews: z?.good ?? 0,
    badReviews: z?.bad ?? 0,
    goodReviewRate: rate(z?.good ?? 0, z?.ratings ?? 0),
  };
}

export interface StatisticsQuery {
  department?: string;
  from?: string;
  to?: string;
}

export class Statistics {
  private readonly c: Context;
  private readonly db: repo.StatDb;

  constructor(context: Context) {
    this.c = context;
    this.db = scoped<repo.StatisticsTables>(context.p.db);
  }

  /** The ledger row a case's facts make (open: its closing is applied as a transition). */
  private async entry(fact: CaseFact): Promise<repo.StatCaseRow> {
    const item = await this.c.deps.catalog.resolveItem(fact.itemCode, fact.itemVersion);
    const online = fact.channel === 'online';
    return {
      case_id: fact.caseId,
      region_code: fact.regionCode,
      department_code: fact.departmentCode,
      item_code: fact.itemCode,
      channel: fact.channel,
      zero_visit: online && item?.data.visits === 0,
      fully_online: online && item?.data.onlineDepth === 4,
      submitted_at: fact.submittedAt,
      closed_at: null,
      outcome: null,
      handling_hours: null,
      limit_hours: null,
    };
  }

  private static closing(
    fact: CaseFact,
  ): Pick<repo.StatCaseRow, 'closed_at' | 'outcome' | 'handling_hours' | 'limit_hours'> | null {
    if (!fact.closedAt || !isClosed(fact.status)) return null;
    const from = fact.lastSubmittedAt.getTime();
    return {
      closed_at: fact.closedAt,
      outcome: fact.status,
      handling_hours: Math.max(0, (fact.closedAt.getTime() - from) / HOUR_MS),
      limit_hours: fact.dueAt ? Math.max(0, (fact.dueAt.getTime() - from) / HOUR_MS) : null,
    };
  }

  /** `applications.case.changed` (at least once): apply the case's transitions the ledger has not seen. */
  async statisticsOnCaseChanged(e: DomainEvent<CaseChangedPayload>): Promise<void> {
    const entries = await this.ledgerEntries([e.payload.caseId]);
    if (entries.length > 0) await command(this.c.p, systemActor(), (w) => this.applyToLedger(w, entries));
  }

  /** The cases' facts and ledger entries, read before the writing transaction (one read for a round of events). */
  async ledgerEntries(caseIds: readonly string[]): Promise<LedgerEntry[]> {
    const facts = await this.c.deps.cases.caseFacts([...new Set(caseIds)].sort());
    const entries: LedgerEntry[] = [];
    for (const fact of facts) entries.push({ fact, fresh: await this.entry(fact) });
    return entries;
  }

  /**
   * Apply the entries' transitions the ledger has not seen, in the caller's transaction: a few
   * statements for a whole round of cases (their rows locked in id order, new ones inserted,
   * closings applied, and the week counters bumped once per counter row).
   */
  async applyToLedger(w: Work, entries: readonly LedgerEntry[]): Promise<void> {
    if (entries.length === 0) return;
    const tz = this.c.deps.timeZone;
    const db = statDb(w.tx);
    const ids = entries.map((e) => e.fact.caseId);
    const rows = new Map((await repo.statCasesForUpdate(db, ids)).map((r) => [r.case_id, r]));
    const deltas: repo.Delta[] = [];
    const fresh = entries.filter((e) => !rows.has(e.fact.caseId));
    const inserted = await repo.insertStatCases(
      db,
      fresh.map((e) => e.fresh),
    );
    for (const { fact, fresh: row } of fresh) {
      if (!inserted.has(fact.caseId)) continue;
      rows.set(fact.caseId, row);
      deltas.push({ ...keyOf(row), week: weekOf(fact.submittedAt, tz), submitted: 1 });
    }
    // A row another delivery inserted meanwhile: read it now that its insert has committed.
    const raced = fresh.filter((e) => !inserted.has(e.fact.caseId)).map((e) => e.fact.caseId);
    for (const r of await repo.statCasesForUpdate(db, raced)) rows.set(r.case_id, r);

    const closings: repo.Closing[] = [];
    for (const { fact } of entries) {
      const row = rows.get(fact.caseId);
      const closing = Statistics.closing(fact);
      if (row && row.closed_at === null && closing) closings.push({ case_id: fact.caseId, ...closing });
    }
    const closed = await repo.closeStatCases(db, closings);
    for (const closing of closings) {
      if (!closed.has(closing.case_id)) continue;
      const row = rows.get(closing.case_id)!;
      const decided = closing.outcome === 'withdrawn' ? 0 : 1;
      const hours = closing.handling_hours!;
      const limit = closing.limit_hours;
      deltas.push({
        ...keyOf(row),
        week: weekOf(closing.closed_at!, tz),
        closed: 1,
        decided,
        completed: closing.outcome === 'completed' ? 1 : 0,
        ...(decided
          ? {
              handlingHours: hours,
              limited: limit === null ? 0 : 1,
              limitHours: limit ?? 0,
              onTime: limit !== null && hours <= limit ? 1 : 0,
              zeroVisit: row.zero_visit ? 1 : 0,
              fullyOnline: row.fully_online ? 1 : 0,
              bucket: bucketOf(hours),
            }
          : {}),
      });
    }
    await repo.bump(db, deltas, BUCKETS);
  }

  /**
   * Compute the counters once from every case and rating (seed, bench, after a restore): the
   * ledger is written page by page as the cases stand, then the counters are rebuilt from it in
   * one transaction. Idempotent: a rerun writes the same ledger and the same counters.
   */
  async backfillStatistics(log: (m: string) => void = () => {}): Promise<{ cases: number; weeks: number }> {
    const t0 = Date.now();
    let after: string | null = null;
    let cases = 0;
    for (;;) {
      const page = await this.c.deps.cases.caseFactsPage(after, 20_000);
      if (page.next === null) break;
      const rows: repo.StatCaseRow[] = [];
      for (const fact of page.facts) rows.push({ ...(await this.entry(fact)), ...Statistics.closing(fact) });
      await command(this.c.p, systemActor(), (w) => repo.upsertStatCases(statDb(w.tx), rows));
      cases += rows.length;
      after = page.next;
    }
    const weeks = await command(this.c.p, systemActor(), async (w) => {
      const n = await repo.rebuildWeeks(statDb(w.tx), this.c.deps.timeZone, BUCKET_BOUNDS_HOURS);
      await w.audit({
        action: 'supervision.statistics.rebuilt',
        resourceType: 'statistics',
        resourceId: 'weeks',
        regionCode: this.c.deps.regionCode,
        detail: { cases, weeks: n },
      });
      return n;
    });
    log(`supervision: statistics of ${cases} cases in ${weeks} week rows (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
    return { cases, weeks };
  }

  /**
   * The dashboard: a supervisor sees their region (or one department of it, with its items); a
   * head only their department (another one is 403).
   */
  async statistics(p: Principal | null, q: StatisticsQuery) {
    const { scope } = policy.scope(p);
    const department = q.department ?? null;
    if (
      department !== null &&
      scope.regions.length === 0 &&
      !scope.departments.some((d) => d.departmentCode === department)
    )
      throw forbidden('A department head sees only their own department');
    const { from, to } = this.range(q);
    const s: repo.StatScope = { regions: scope.regions, departments: scope.departments, department };
    const [byWeek, before, byDept, byItem] = await Promise.all([
      repo.sums(this.db, s, 'week', from, to, BUCKETS),
      repo.sums(this.db, s, 'before', from, to, BUCKETS),
      repo.sums(this.db, s, 'department', from, to, BUCKETS),
      repo.cityWide(s) ? Promise.resolve([]) : repo.sums(this.db, s, 'item', from, to, BUCKETS),
    ]);
    const names = await this.c.deps.org.departmentNames();
    const weekly = new Map(byWeek.map((r) => [r.key, r]));
    let backlog = (before[0]?.submitted ?? 0) - (before[0]?.closed ?? 0);
    const weeks = [];
    for (let d = dayNumber(from); d <= dayNumber(to); d += 7) {
      const monday = dateOf(d);
      const r = weekly.get(monday);
      backlog += (r?.submitted ?? 0) - (r?.closed ?? 0);
      weeks.push({ week: isoWeek(monday), weekStart: monday, backlog, ...figuresOf(r) });
    }
    const total = byWeek.reduce<repo.SumRow | undefined>((a, r) => (a ? addRows(a, r) : r), undefined);
    const items = [];
    for (const r of byItem) {
      const item = await this.c.deps.catalog.resolveItem(r.key);
      items.push({
        code: r.key,
        departmentCode: r.department_code,
        name: item ? item.data.name : { zh: r.key, en: r.key },
        ...figuresOf(r),
      });
    }
    return {
      regionCode: this.c.deps.regionCode,
      department,
      from,
      to,
      generatedAt: this.c.p.clock.now().toISOString(),
      totals: { backlog, ...figuresOf(total) },
      weeks,
      departments: byDept.map((r) => ({
        code: r.key,
        name: names.get(r.key) ?? { zh: r.key, en: r.key },
        ...figuresOf(r),
      })),
      items,
    };
  }

  /** The weeks asked for (Mondays), by default the last 12 up to this one; at most two years. */
  private range(q: StatisticsQuery): { from: string; to: string } {
    const to = q.to ? mondayOf(q.to) : weekOf(this.c.p.clock.now(), this.c.deps.timeZone);
    const from = q.from ? mondayOf(q.from) : dateOf(dayNumber(to) - 7 * (DEFAULT_WEEKS - 1));
    const span = (dayNumber(to) - dayNumber(from)) / 7 + 1;
    if (span < 1 || span > MAX_WEEKS)
      throw new AppError(422, 'STATISTICS_RANGE_INVALID', `from must not be after to, and at most ${MAX_WEEKS} weeks`);
    return { from, to };
  }
}

const keyOf = (r: Pick<repo.StatCaseRow, 'region_code' | 'department_code' | 'item_code'>) => ({
  regionCode: r.region_code,
  departmentCode: r.department_code,
  itemCode: r.item_code,
});

function addRows(a: repo.SumRow, b: repo.SumRow): repo.SumRow {
  return {
    key: '',
    department_code: '',
    submitted: a.submitted + b.submitted,
    closed: a.closed + b.closed,
    decided: a.decided + b.decided,
    completed: a.completed + b.completed,
    handling_hours: a.handling_hours + b.handling_hours,
    limited: a.limited + b.limited,
    limit_hours: a.limit_hours + b.limit_hours,
    on_time: a.on_time + b.on_time,
    zero_visit: a.zero_visit + b.zero_visit,
    fully_online: a.fully_online + b.fully_online,
    hist: a.hist.map((x, i) => x + (b.hist[i] ?? 0)),
    ratings: a.ratings + b.ratings,
    good: a.good + b.good,
    bad: a.bad + b.bad,
  };
}
