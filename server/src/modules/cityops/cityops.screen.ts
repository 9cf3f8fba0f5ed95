/**
 * The city screen (城市运行大屏): the first load's figures for a region, and the live messages
 * its stream sends. Figures are computed at most once per SUMMARY_TTL_MS per region and node,
 * however many screens are open (a wall of screens, or a room of supervisors, costs one query set).
 */
import type { Kysely } from 'kysely';
import type { Principal } from '../../platform/auth.ts';
import type { Clock } from '../../platform/clock.ts';
import { WorkingCalendar } from '../../platform/calendar.ts';
import { CHINA_CALENDAR } from '../../platform/calendar-data.ts';
import { HEAT_CELLS_PER_DEGREE } from './cityops.screen.counters.ts';
import * as repo from './cityops.screen.repository.ts';
import { screenPolicy } from './cityops.screen.policy.ts';
import type { ScreenEventStatusT, ScreenEventT, ScreenSummaryT } from './cityops.screen.schemas.ts';
import type { ScreenTables } from './cityops.screen.tables.ts';
import type { LiveMessage, ScreenLive } from './cityops.screen.live.ts';

const SUMMARY_TTL_MS = 2000;
const MAP_EVENTS = 500;
const TOP_CATEGORIES = 10;

/** The 12345 desk's figures for the screen over the last `days` days (the hotline part supplies them when installed). */
export type HotlineFigures = (regionCode: string, days: number) => Promise<NonNullable<ScreenSummaryT['hotline']>>;

export interface ScreenDeps {
  timeZone: string;
  hotline?: HotlineFigures | undefined;
  /** The per-day counters: built from the events once where missing (cityops.screen.counters.ts). */
  counters: { ensure(): Promise<void> };
}

export class Screen {
  private readonly calendar: WorkingCalendar;
  private readonly cache = new Map<string, { at: number; value: Promise<ScreenSummaryT> }>();

  private readonly db: Kysely<ScreenTables>;
  private readonly clock: Clock;
  readonly live: ScreenLive;
  private readonly deps: ScreenDeps;

  constructor(db: Kysely<ScreenTables>, clock: Clock, live: ScreenLive, deps: ScreenDeps) {
    this.db = db;
    this.clock = clock;
    this.live = live;
    this.deps = deps;
    this.calendar = new WorkingCalendar(CHINA_CALENDAR, { timeZone: deps.timeZone });
  }

  /** Who may watch, and which region: checked first by the summary and the stream. */
  watcher(p: Principal | null): { regionCode: string } {
    return { regionCode: screenPolicy.view(p).regionCode };
  }

  async summary(p: Principal | null, days = 30): Promise<ScreenSummaryT> {
    const { regionCode } = screenPolicy.view(p);
    const key = `${regionCode}:${days}`;
    const now = this.clock.now().getTime();
    const hit = this.cache.get(key);
    if (hit && now - hit.at < SUMMARY_TTL_MS) return hit.value;
    const value = this.compute(regionCode, days);
    this.cache.set(key, { at: now, value });
    value.catch(() => this.cache.delete(key));
    return value;
  }

  /** Forget cached figures (a change was heard): the next load computes them afresh. */
  invalidate(regionCode: string): void {
    for (const key of this.cache.keys()) if (key.startsWith(`${regionCode}:`)) this.cache.delete(key);
  }

  /**
   * Hear the live messages of a watcher's region (a screen's stream). A change also drops the
   * region's cached figures, so the screen's reload after it computes them afresh.
   */
  listen(watcher: { regionCode: string }, fn: (message: LiveMessage) => void): () => void {
    return this.live.listen((message) => {
      if (message.regionCode !== watcher.regionCode) return;
      if (message.kind !== 'sensor') this.invalidate(message.regionCode);
      fn(message);
    });
  }

  private async compute(regionCode: string, days: number): Promise<ScreenSummaryT> {
    await this.deps.counters.ensure();
    const now = this.clock.now();
    const todayDate = this.calendar.dateOf(now);
    const today = this.calendar.instantOf(todayDate, '00:00');
    const firstDay = this.calendar.addDays(todayDate, -(days - 1));
    const [counts, perDay, overdue, categories, sources, heat, events, hotline] = await Promise.all([
      repo.sumsByKey(this.db, regionCode, 'status', null),
      repo.sumsByDay(this.db, regionCode, ['opened', 'closed', 'closed_due', 'on_time'], firstDay),
      repo.overdueNow(this.db, regionCode, todayDate, today, now),
      repo.topCategories(this.db, regionCode, firstDay, TOP_CATEGORIES),
      repo.sumsByKey(this.db, regionCode, 'source', firstDay),
      repo.sumsByKey(this.db, regionCode, 'heat', firstDay),
      repo.latestUnfinished(this.db, regionCode, MAP_EVENTS),
      this.deps.hotline ? this.deps.hotline(regionCode, days) : Promise.resolve(null),
    ]);
    const byStatus = { open: 0, dispatched: 0, processing: 0, closed: 0, merged: 0, returned: 0 };
    for (const c of counts) if (c.key in byStatus) byStatus[c.key as ScreenEventStatusT] = c.n;
    const day = (metric: string) => new Map(perDay.filter((r) => r.metric === metric).map((r) => [r.day, r.n]));
    const sum = (metric: string) => perDay.reduce((a, r) => a + (r.metric === metric ? r.n : 0), 0);
    const openedByDay = day('opened');
    const closedByDay = day('closed');
    const closedDue = sum('closed_due');
    const onTime = sum('on_time');
    const trend = Array.from({ length: days }, (_, i) => {
      const d = this.calendar.addDays(firstDay, i);
      return { day: d, opened: openedByDay.get(d) ?? 0, closed: closedByDay.get(d) ?? 0 };
    });
    return {
      regionCode,
      at: now.toISOString(),
      days,
      counts: byStatus,
      total: Object.values(byStatus).reduce((a, b) => a + b, 0),
      today: { opened: openedByDay.get(todayDate) ?? 0, closed: closedByDay.get(todayDate) ?? 0 },
      compliance: {
        closed: closedDue,
        onTime,
        rate: closedDue === 0 ? null : onTime / closedDue,
        overdueNow: overdue,
      },
      categories: categories.map((c) => ({ code: c.code, name: c.name, nameEn: c.name_en, count: c.n })),
      trend,
      sources: sources
        .sort((a, b) => b.n - a.n || (a.key < b.key ? -1 : 1))
        .map((x) => ({ source: x.key, count: x.n })),
      heat: heat.map((h) => {
        const [lat, lng] = h.key.split(':').map(Number);
        return { lat: lat! / HEAT_CELLS_PER_DEGREE, lng: lng! / HEAT_CELLS_PER_DEGREE, count: h.n };
      }),
      events: events.map(mapEvent),
      unfinished: byStatus.open + byStatus.dispatched + byStatus.processing + byStatus.returned,
      hotline,
    };
  }
}

export const mapEvent = (r: repo.MapEventRow): ScreenEventT => ({
  id: r.id,
  number: r.number,
  status: r.status as ScreenEventStatusT,
  categoryCode: r.category_code,
  source: r.source,
  urgent: r.urgent,
  lat: r.lat,
  lng: r.lng,
  openedAt: new Date(r.opened_at).toISOString(),
  deadlineAt: r.deadline_at === null ? null : new Date(r.deadline_at).toISOString(),
});
