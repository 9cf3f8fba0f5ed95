/**
 * The public side of halls: the list of halls, one hall with its hours and windows, the free
 * appointment slots, the waiting-time figures, the calling screen; and the seed a city loads.
 */
import type { Principal } from '../../platform/auth.ts';
import { systemActor } from '../../platform/audit.ts';
import { command } from '../../platform/context.ts';
import { scoped } from '../../platform/db.ts';
import { AppError } from '../../platform/errors.ts';
import { uuidv7 } from '../../platform/ids.ts';
import type { HallsContext, LocalText } from './halls.context.ts';
import * as repo from './halls.repository.ts';
import type { HallDetailT, HallStatsT, ScreenT } from './halls.schemas.ts';
import type { HallsTables, WeekHours } from './halls.tables.ts';

export interface HallSeed {
  code: string;
  regionCode: string;
  name: LocalText;
  address: LocalText;
  lat: number;
  lng: number;
  /** Sunday first: seven lists of [open, close]. */
  hours: WeekHours;
  slotMinutes: number;
  perWindowCapacity: number;
  callToleranceMinutes: number;
  noShowAfterRecalls: number;
  /** A 24-hour self-service area keeps its hours on public holidays (default false). */
  openOnHolidays?: boolean;
  windows: { number: number; name: LocalText; departmentCode: string; comprehensive: boolean; itemCodes: string[] }[];
}

const minutes = (ms: number) => Math.round((ms / 60_000) * 10) / 10;
const average = (xs: number[]) => (xs.length === 0 ? null : minutes(xs.reduce((a, b) => a + b, 0) / xs.length));
function median(xs: number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return minutes(s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2);
}

export class Directory {
  private readonly c: HallsContext;
  constructor(c: HallsContext) {
    this.c = c;
  }

  /** Every hall, with whether it opens today and how many are waiting now. Public. */
  async list(_p: Principal | null) {
    const today = this.c.today();
    const waiting = await repo.waitingByHall(this.c.db, today);
    const rows = await repo.halls(this.c.db);
    return {
      items: rows.map((h) => ({
        id: h.id,
        code: h.code,
        name: { zh: h.name_zh, en: h.name_en },
        address: { zh: h.address_zh, en: h.address_en },
        lat: h.lat,
        lng: h.lng,
        openToday: this.c.intervalsOn(h, today).length > 0,
        waitingNow: waiting.get(h.id) ?? 0,
      })),
    };
  }

  /** One hall: hours, windows and the items each handles, what can be booked, the next open days. Public. */
  async detail(_p: Principal | null, code: string): Promise<HallDetailT> {
    const h = await this.c.hall(code);
    const today = this.c.today();
    const windows = await repo.windowsOf(this.c.db, h.id);
    const items = await Promise.all(
      this.c.hallItems(windows).map(async (itemCode) => ({ code: itemCode, name: await this.c.itemName(itemCode) })),
    );
    return {
      id: h.id,
      code: h.code,
      name: { zh: h.name_zh, en: h.name_en },
      address: { zh: h.address_zh, en: h.address_en },
      lat: h.lat,
      lng: h.lng,
      openToday: this.c.intervalsOn(h, today).length > 0,
      waitingNow: await repo.waitingCount(this.c.db, h.id, today),
      hours: h.hours.map((day) => day.map(([open, close]) => ({ open, close }))),
      slotMinutes: h.slot_minutes,
      noShowAfterRecalls: h.no_show_after_recalls,
      windows: await Promise.all(windows.map((w) => this.c.windowView(w))),
      items,
      openDays: this.c.openDays(h, 7),
    };
  }

  /** The slots of a day for an item, with what is left in each (past slots left out). Public. */
  async slots(_p: Principal | null, code: string, q: { itemCode: string; day: string }) {
    const h = await this.c.hall(code);
    const windows = await repo.windowsOf(this.c.db, h.id);
    const item = await this.c.item(q.itemCode);
    if (!item || !windows.some((w) => this.c.handles(w, q.itemCode)))
      throw new AppError(422, 'ITEM_NOT_HANDLED', 'This hall does not handle that service');
    const capacity = this.c.capacityFor(h, windows, q.itemCode);
    const taken = new Map(
      (await repo.slotsOfDay(this.c.db, h.id, q.day, item.departmentCode)).map((s) => [s.start_at.getTime(), s]),
    );
    const now = this.c.p.clock.now().getTime();
    return {
      items: this.c
        .slotStarts(h, q.day)
        .filter((t) => t.getTime() > now)
        .map((t) => {
          const row = taken.get(t.getTime());
          const cap = row?.capacity ?? capacity;
          const booked = row?.booked ?? 0;
          return {
            startAt: t.toISOString(),
            endAt: new Date(t.getTime() + h.slot_minutes * 60_000).toISOString(),
            capacity: cap,
            booked,
            available: Math.max(0, cap - booked),
          };
        }),
    };
  }

  /** Waiting-time figures of a hall's day: waiting now, served, no-shows, wait and serve times. Public. */
  async stats(_p: Principal | null, code: string, day?: string): Promise<HallStatsT> {
    const h = await this.c.hall(code);
    const d = day ?? this.c.today();
    const rows = await repo.dayTimes(this.c.db, h.id, d);
    const waits = rows.flatMap((r) => (r.called_at ? [r.called_at.getTime() - r.created_at.getTime()] : []));
    const serves = rows.flatMap((r) =>
      r.status === 'done' && r.served_at && r.finished_at ? [r.finished_at.getTime() - r.served_at.getTime()] : [],
    );
    return {
      day: d,
      waitingNow: rows.filter((r) => r.status === 'waiting').length,
      served: rows.filter((r) => r.status === 'done').length,
      noShows: rows.filter((r) => r.status === 'no_show').length,
      averageWaitMinutes: average(waits),
      medianWaitMinutes: median(waits),
      averageServeMinutes: average(serves),
      medianServeMinutes: median(serves),
    };
  }

  /** The calling screen (叫号屏): the latest calls and how many wait. Public. */
  async screen(code: string): Promise<ScreenT> {
    const h = await this.c.hall(code);
    return this.screenOf(h.id);
  }

  async screenOf(hallId: string): Promise<ScreenT> {
    const h = await this.c.hallById(hallId);
    const today = this.c.today();
    const calls = await repo.recentCalls(this.c.db, h.id, today, 8);
    return {
      hall: { id: h.id, code: h.code, name: { zh: h.name_zh, en: h.name_en } },
      calls: calls.map((r) => ({
        number: r.number,
        windowNumber: r.window_number,
        windowName: { zh: r.name_zh, en: r.name_en },
        status: r.status,
        calledAt: (r.called_at ?? new Date(0)).toISOString(),
        recalls: r.recalls,
      })),
      waiting: await repo.waitingCount(this.c.db, h.id, today),
      at: this.c.p.clock.now().toISOString(),
    };
  }

  /** Load a city's halls when there are none (the demo's, or a real city's). */
  async seed(halls: readonly HallSeed[], log: (m: string) => void): Promise<void> {
    if (await repo.isSeeded(this.c.db)) return;
    await command(this.c.p, systemActor(), async (w) => {
      const db = scoped<HallsTables>(w.tx);
      for (const h of halls) {
        const id = uuidv7(w.now.getTime());
        await repo.insertHall(db, {
          id,
          code: h.code,
          region_code: h.regionCode,
          name_zh: h.name.zh,
          name_en: h.name.en,
          address_zh: h.address.zh,
          address_en: h.address.en,
          lat: h.lat,
          lng: h.lng,
          hours: h.hours,
          slot_minutes: h.slotMinutes,
          per_window_capacity: h.perWindowCapacity,
          call_tolerance_minutes: h.callToleranceMinutes,
          no_show_after_recalls: h.noShowAfterRecalls,
          open_on_holidays: h.openOnHolidays ?? false,
          created_at: w.now,
        });
        for (const win of h.windows)
          await repo.insertWindow(db, {
            id: uuidv7(w.now.getTime()),
            hall_id: id,
            number: win.number,
            name_zh: win.name.zh,
            name_en: win.name.en,
            department_code: win.departmentCode,
            comprehensive: win.comprehensive,
            item_codes: win.itemCodes,
            clerk_account_id: null,
            opened_at: null,
          });
      }
      await w.audit({ action: 'halls.seed.loaded', resourceType: 'seed', detail: { halls: halls.length } });
    });
    log(`halls: ${halls.length} service halls`);
  }
}
