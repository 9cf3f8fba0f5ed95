/**
 * What halls' use cases share: the platform, the catalogue (item names and departments), the
 * working-day calendar in the city's time zone, the hall loader and the live-update hub the
 * calling screens listen to; and the views made from rows.
 */
import { EventEmitter } from 'node:events';
import type { Kysely } from 'kysely';
import type { ApplicationsService } from '../applications/index.ts';
import type { CatalogService } from '../catalog/index.ts';
import type { IdentityService } from '../identity/index.ts';
import { WorkingCalendar } from '../../platform/calendar.ts';
import { CHINA_CALENDAR } from '../../platform/calendar-data.ts';
import type { Platform } from '../../platform/context.ts';
import { scoped } from '../../platform/db.ts';
import { AppError } from '../../platform/errors.ts';
import type { HallsEvents } from './halls.events.ts';
import * as repo from './halls.repository.ts';
import type { HallRow, TicketRow, WindowRow } from './halls.repository.ts';
import type { HallWindowT, TicketT } from './halls.schemas.ts';
import type { HallsTables } from './halls.tables.ts';

export interface HallsDeps {
  catalog: Pick<CatalogService, 'resolveItem'>;
  /** Filing at the window (一窗受理) is applications' use case; the receipt follows who may see the case. */
  applications: Pick<ApplicationsService, 'fileAtCounter' | 'mayRead'>;
  /** The kiosk's per-address limit is identity's rate limit. */
  identity: Pick<IdentityService, 'rateLimit'>;
  timeZone: string;
  /** The public address of the apps (the receipt's QR code links to the case); relative without it. */
  publicUrl: string | null;
}

export interface LocalText {
  zh: string;
  en: string;
}

export const hallNotFound = () => new AppError(404, 'HALL_NOT_FOUND', 'No such service hall');
export const windowNotFound = () => new AppError(404, 'WINDOW_NOT_FOUND', 'No such window');
export const ticketNotFound = () => new AppError(404, 'TICKET_NOT_FOUND', 'No such queue number');

export class HallsContext {
  readonly db: Kysely<HallsTables>;
  readonly calendar: WorkingCalendar;
  /** Emits a hall's id after a committed change to its queue (the calling screens listen). */
  readonly live = new EventEmitter();
  private readonly items = new Map<string, { name: LocalText; departmentCode: string }>();

  readonly p: Platform<HallsEvents>;
  readonly deps: HallsDeps;

  constructor(p: Platform<HallsEvents>, deps: HallsDeps) {
    this.p = p;
    this.deps = deps;
    this.db = scoped<HallsTables>(p.db);
    this.calendar = new WorkingCalendar(CHINA_CALENDAR, { timeZone: deps.timeZone });
    this.live.setMaxListeners(0);
  }

  today(): string {
    return this.calendar.dateOf(this.p.clock.now());
  }

  changed(hallId: string): void {
    this.live.emit('changed', hallId);
  }

  async hall(code: string): Promise<HallRow> {
    const h = await repo.hallByCode(this.db, code);
    if (!h) throw hallNotFound();
    return h;
  }

  async hallById(id: string): Promise<HallRow> {
    const h = await repo.hallById(this.db, id);
    if (!h) throw hallNotFound();
    return h;
  }

  /** An item's name and department from the catalogue (cached: neither changes for a code). */
  async item(code: string): Promise<{ name: LocalText; departmentCode: string } | null> {
    const cached = this.items.get(code);
    if (cached) return cached;
    const r = await this.deps.catalog.resolveItem(code);
    if (!r) return null;
    const item = { name: r.data.name, departmentCode: r.data.departmentCode };
    this.items.set(code, item);
    return item;
  }

  async itemName(code: string): Promise<LocalText> {
    return (await this.item(code))?.name ?? { zh: code, en: code };
  }

  /** The windows handling an item: its own department's listing it, and every 综合窗口. */
  handles = (w: WindowRow, itemCode: string): boolean => w.comprehensive || w.item_codes.includes(itemCode);

  /** Every item some window of the hall lists (a 综合窗口 handles these too). */
  hallItems = (windows: WindowRow[]): string[] => [...new Set(windows.flatMap((w) => w.item_codes))];

  /**
   * The opening intervals of a hall on a date, from its hours for that weekday: none on a public
   * holiday (unless the hall opens on holidays); on a make-up working day (调休) with no hours of
   * its own, Monday's.
   */
  intervalsOn(hall: HallRow, day: string): [string, string][] {
    if (this.calendar.isHoliday(day) && !hall.open_on_holidays) return [];
    const own = hall.hours[this.calendar.weekdayOf(day)] ?? [];
    if (own.length === 0 && this.calendar.isWorkingDay(day)) return hall.hours[1] ?? [];
    return own;
  }

  /** The slot start times of a hall on a date. */
  slotStarts(hall: HallRow, day: string): Date[] {
    const out: Date[] = [];
    const step = hall.slot_minutes * 60_000;
    for (const [open, close] of this.intervalsOn(hall, day)) {
      const end = this.calendar.instantOf(day, close).getTime();
      for (let t = this.calendar.instantOf(day, open).getTime(); t + step <= end; t += step) out.push(new Date(t));
    }
    return out;
  }

  /** The next `n` dates the hall opens, from today. */
  openDays(hall: HallRow, n: number): string[] {
    const out: string[] = [];
    let day = this.today();
    for (let i = 0; i < 60 && out.length < n; i++, day = this.calendar.addDays(day, 1))
      if (this.intervalsOn(hall, day).length > 0) out.push(day);
    return out;
  }

  /** A slot's capacity for an item group: per-window capacity × the windows that handle the group. */
  capacityFor(hall: HallRow, windows: WindowRow[], itemCode: string): number {
    return hall.per_window_capacity * windows.filter((w) => this.handles(w, itemCode)).length;
  }

  async windowView(w: WindowRow): Promise<HallWindowT> {
    return {
      id: w.id,
      number: w.number,
      name: { zh: w.name_zh, en: w.name_en },
      departmentCode: w.department_code,
      comprehensive: w.comprehensive,
      items: await Promise.all(w.item_codes.map(async (code) => ({ code, name: await this.itemName(code) }))),
      open: w.clerk_account_id !== null,
    };
  }

  async ticketView(t: TicketRow, hallCode?: string): Promise<TicketT> {
    const w = t.window_id ? await repo.windowById(this.db, t.window_id) : undefined;
    return {
      id: t.id,
      hallCode: hallCode ?? (await this.hallById(t.hall_id)).code,
      number: t.number,
      kind: t.kind,
      item: { code: t.item_code, name: await this.itemName(t.item_code) },
      status: t.status,
      window: w ? { id: w.id, number: w.number, name: { zh: w.name_zh, en: w.name_en } } : null,
      recalls: t.recalls,
      ahead: await repo.aheadOf(this.db, t),
      caseId: t.case_id,
      createdAt: t.created_at.toISOString(),
      calledAt: t.called_at?.toISOString() ?? null,
    };
  }
}
