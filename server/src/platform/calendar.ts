/**
 * The working-day calendar (工作日历) that time limits are counted on (DESIGN.md §3.13).
 *
 * Days are calendar dates in the calendar's time zone (Asia/Shanghai by default); inputs and
 * outputs are `Date` instants. A day is a working day when it is a make-up working day
 * (调休上班), or when it is Monday to Friday and not a listed holiday. Years without data
 * fall back to "Saturday and Sunday are rest days" (check `hasDataFor`).
 *
 * Counting follows the practice for statutory and promised time limits (法定/承诺时限): the
 * day a time limit starts (受理之日) is not counted; counting starts on the next working day,
 * and the deadline is the end of working hours on the last day counted.
 *
 * Pure: no clock, no I/O. Build one per configuration and share it.
 */
import type { CalendarYear } from './calendar-data.ts';
import { CHINA_CALENDAR } from './calendar-data.ts';

export type { CalendarYear } from './calendar-data.ts';

export interface CalendarOptions {
  /** IANA time zone of the calendar's dates. Default `Asia/Shanghai`. */
  timeZone?: string;
  /** Start of working hours, `HH:MM`. Default `09:00`. */
  workdayStart?: string;
  /** End of working hours, `HH:MM`; also the time of a working-day deadline. Default `17:00`. */
  workdayEnd?: string;
}

export type TimeLimitUnit = 'working_days' | 'natural_days' | 'hours';

export interface TimeLimit {
  value: number;
  /** `hours` are working hours (only working hours on working days count). */
  unit: TimeLimitUnit;
}

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
/** No real calendar has ten years without a working day: stop rather than loop forever on bad data. */
const MAX_DAYS_SEARCHED = 3_660;

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME_RE = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** Days since 1970-01-01 of a `YYYY-MM-DD` date; throws on anything that is not a real date. */
function parseDay(text: string): number {
  const m = DATE_RE.exec(text);
  if (!m) throw new RangeError(`Not a YYYY-MM-DD date: ${JSON.stringify(text)}`);
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) {
    throw new RangeError(`Not a real date: ${text}`);
  }
  return ms / DAY_MS;
}

/** `YYYY-MM-DD` of a day number. */
export function formatDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** 0 = Sunday ... 6 = Saturday (1970-01-01 was a Thursday). */
const weekdayOfDay = (day: number): number => (((day + 4) % 7) + 7) % 7;

function parseTime(text: string, what: string): number {
  const m = TIME_RE.exec(text);
  if (!m) throw new RangeError(`${what} must be HH:MM, got ${JSON.stringify(text)}`);
  return Number(m[1]) * 60 + Number(m[2]);
}

function assertInstant(d: Date, what: string): void {
  if (!(d instanceof Date) || Number.isNaN(d.getTime())) throw new RangeError(`${what} must be a valid Date`);
}

function assertCount(n: number, what: string): void {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`${what} must be a non-negative integer, got ${n}`);
}

export class WorkingCalendar {
  readonly timeZone: string;
  readonly workdayStart: string;
  readonly workdayEnd: string;
  /** Explicit days: true = working (make-up day), false = rest (holiday). */
  private readonly explicit = new Map<number, boolean>();
  private readonly years = new Set<number>();
  private readonly startMin: number;
  private readonly endMin: number;
  private readonly fmt: Intl.DateTimeFormat;
  /** The zone's offset (ms) in each hour of UTC (hours since 1970) asked about so far. */
  private readonly offsets = new Map<number, number>();

  constructor(years: readonly CalendarYear[], opts: CalendarOptions = {}) {
    this.timeZone = opts.timeZone ?? 'Asia/Shanghai';
    this.workdayStart = opts.workdayStart ?? '09:00';
    this.workdayEnd = opts.workdayEnd ?? '17:00';
    this.startMin = parseTime(this.workdayStart, 'workdayStart');
    this.endMin = parseTime(this.workdayEnd, 'workdayEnd');
    if (this.startMin >= this.endMin) throw new RangeError('workdayStart must be before workdayEnd');
    // Throws RangeError on an unknown time zone.
    this.fmt = new Intl.DateTimeFormat('en-US', {
      timeZone: this.timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    for (const y of years) {
      if (!Number.isInteger(y.year)) throw new RangeError(`Calendar year must be an integer, got ${y.year}`);
      this.years.add(y.year);
      for (const [list, working] of [
        [y.holidays, false],
        [y.workdays, true],
      ] as const) {
        for (const text of list) {
          const day = parseDay(text);
          const before = this.explicit.get(day);
          if (before !== undefined && before !== working) {
            throw new RangeError(`${text} is listed both as a holiday and as a make-up working day`);
          }
          this.explicit.set(day, working);
        }
      }
    }
  }

  /** Whether this calendar has the year's holiday arrangement (otherwise weekends only). */
  hasDataFor(year: number): boolean {
    return this.years.has(year);
  }

  /** Whether a date (an instant, taken in the calendar's time zone, or a `YYYY-MM-DD` date) is a working day. */
  isWorkingDay(date: Date | string): boolean {
    return this.isWorkingDayNumber(typeof date === 'string' ? parseDay(date) : this.dayOf(date));
  }

  /** The calendar date (`YYYY-MM-DD`, in the calendar's time zone) of an instant. */
  dateOf(instant: Date): string {
    return formatDay(this.dayOf(instant));
  }

  /** The instant of a wall-clock time (`HH:MM`) on a `YYYY-MM-DD` date in the calendar's time zone. */
  instantOf(date: string, time: string): Date {
    return this.instantAt(parseDay(date), parseTime(time, 'time'));
  }

  /** Whether a `YYYY-MM-DD` date is a public holiday (法定节假日 and its bridging rest days) of the calendar's data. */
  isHoliday(date: string): boolean {
    return this.explicit.get(parseDay(date)) === false;
  }

  /** The weekday of a `YYYY-MM-DD` date: 0 = Sunday ... 6 = Saturday. */
  weekdayOf(date: string): number {
    return weekdayOfDay(parseDay(date));
  }

  /** The date `n` days after a `YYYY-MM-DD` date (n may be negative). */
  addDays(date: string, n: number): string {
    return formatDay(parseDay(date) + n);
  }

  /**
   * The deadline of a limit of `n` working days starting at `from`: the end of working hours
   * (`workdayEnd`) on the n-th working day after the day of `from` (the day of `from` is not
   * counted). With `n = 0`: the end of the day of `from` if it is a working day, else of the next one.
   */
  addWorkingDays(from: Date, n: number): Date {
    assertInstant(from, 'from');
    assertCount(n, 'n');
    let day = this.dayOf(from);
    if (n === 0) {
      day = this.isWorkingDayNumber(day) ? day : this.nextWorkingDay(day);
    } else {
      for (let i = 0; i < n; i++) day = this.nextWorkingDay(day);
    }
    return this.instantAt(day, this.endMin);
  }

  /**
   * Add working hours: only the time between `workdayStart` and `workdayEnd` on working days
   * counts. An instant outside working hours starts counting at the next start of working hours;
   * a result that falls exactly at the end of a working day stays on that day. Fractions allowed.
   */
  addWorkingHours(from: Date, hours: number): Date {
    assertInstant(from, 'from');
    if (!Number.isFinite(hours) || hours < 0) throw new RangeError(`hours must be a non-negative number, got ${hours}`);
    let remaining = Math.round(hours * 3_600_000);
    let day = this.dayOf(from);
    let cursor = from.getTime();
    for (let i = 0; i <= MAX_DAYS_SEARCHED; i++, day++) {
      if (!this.isWorkingDayNumber(day)) continue;
      const start = this.instantAt(day, this.startMin).getTime();
      const end = this.instantAt(day, this.endMin).getTime();
      const at = Math.max(cursor, start);
      if (at < end) {
        if (remaining <= end - at) return new Date(at + remaining);
        remaining -= end - at;
      }
      cursor = end;
    }
    throw new RangeError(`No working day within ${MAX_DAYS_SEARCHED} days of ${formatDay(this.dayOf(from))}`);
  }

  /**
   * Working days after the day of `a` up to and including the day of `b`; negative when `b` is
   * before `a`. So `workingDaysBetween(from, addWorkingDays(from, n)) === n` for n ≥ 1.
   */
  workingDaysBetween(a: Date, b: Date): number {
    assertInstant(a, 'a');
    assertInstant(b, 'b');
    const da = this.dayOf(a);
    const db = this.dayOf(b);
    const [lo, hi, sign] = da <= db ? [da, db, 1] : [db, da, -1];
    let count = 0;
    for (let d = lo + 1; d <= hi; d++) if (this.isWorkingDayNumber(d)) count++;
    return sign * count;
  }

  /**
   * The deadline of a limit of `n` natural days (自然日) starting at `from`: the end (24:00, given
   * as 23:59:59.999) of the n-th calendar day after the day of `from`. Rest days count; the day of
   * `from` does not.
   */
  addNaturalDays(from: Date, n: number): Date {
    assertInstant(from, 'from');
    assertCount(n, 'n');
    return new Date(this.instantAt(this.dayOf(from) + n + 1, 0).getTime() - 1);
  }

  /** The deadline of a time limit starting at `from`. `hours` are working hours. */
  deadlineFor(from: Date, limit: TimeLimit): Date {
    switch (limit.unit) {
      case 'working_days':
        return this.addWorkingDays(from, limit.value);
      case 'natural_days':
        return this.addNaturalDays(from, limit.value);
      case 'hours':
        return this.addWorkingHours(from, limit.value);
      default:
        throw new RangeError(`Unknown time-limit unit ${String((limit as { unit: unknown }).unit)}`);
    }
  }

  // ------------------------------------------------------------------ internals

  private isWorkingDayNumber(day: number): boolean {
    const explicit = this.explicit.get(day);
    if (explicit !== undefined) return explicit;
    const wd = weekdayOfDay(day);
    return wd !== 0 && wd !== 6;
  }

  private nextWorkingDay(day: number): number {
    for (let d = day + 1; d <= day + MAX_DAYS_SEARCHED; d++) if (this.isWorkingDayNumber(d)) return d;
    throw new RangeError(`No working day within ${MAX_DAYS_SEARCHED} days after ${formatDay(day)}`);
  }

  /**
   * Wall-clock fields of an instant in the calendar's time zone, as if they were UTC (ms).
   * Intl's formatToParts costs microseconds and every deadline asks several times, so the
   * zone's offset is kept per hour of UTC: an hour whose first and last second have the same
   * offset has it throughout (zones change offset at most once in an hour); an hour with a
   * change is computed each time.
   */
  private wallClock(ms: number): number {
    const second = Math.floor(ms / 1000) * 1000;
    const hour = Math.floor(ms / HOUR_MS);
    let offset = this.offsets.get(hour);
    if (offset === undefined) {
      const start = hour * HOUR_MS;
      const atStart = this.formatWallClock(start) - start;
      const atEnd = this.formatWallClock(start + HOUR_MS - 1000) - (start + HOUR_MS - 1000);
      if (atStart !== atEnd) return this.formatWallClock(second);
      if (this.offsets.size >= 10_000) this.offsets.clear();
      this.offsets.set(hour, (offset = atStart));
    }
    return second + offset;
  }

  private formatWallClock(ms: number): number {
    const parts = this.fmt.formatToParts(new Date(ms));
    const get = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value);
    return Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  }

  /** The calendar day (days since 1970-01-01) of an instant in the calendar's time zone. */
  private dayOf(instant: Date): number {
    assertInstant(instant, 'date');
    return Math.floor(this.wallClock(instant.getTime()) / DAY_MS);
  }

  /** The instant of a wall-clock time (minutes after midnight) on a calendar day in the calendar's time zone. */
  private instantAt(day: number, minutes: number): Date {
    const wall = day * DAY_MS + minutes * MINUTE_MS;
    // The offset at the guess, then again at the result: exact except inside a DST gap or
    // overlap (Asia/Shanghai has had none since 1991), where it picks a valid nearby instant.
    const offsetAt = (ms: number) => this.wallClock(Math.floor(ms / 1000) * 1000) - Math.floor(ms / 1000) * 1000;
    const first = wall - offsetAt(wall);
    const second = wall - offsetAt(first);
    return new Date(second);
  }
}

/** The national calendar with every year shipped in calendar-data.ts, in Asia/Shanghai, 09:00-17:00. */
export const chinaCalendar = new WorkingCalendar(CHINA_CALENDAR);

/** `calendar.deadlineFor(from, limit)`, on the national calendar unless another is given. */
export function deadlineFor(from: Date, limit: TimeLimit, calendar: WorkingCalendar = chinaCalendar): Date {
  return calendar.deadlineFor(from, limit);
}
