/**
 * The working-day calendar: China's holiday arrangements, make-up working days, time limits
 * counted in working days, natural days and working hours, on Asia/Shanghai dates.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CHINA_2025, CHINA_2026, CHINA_CALENDAR } from '../../src/platform/calendar-data.ts';
import { chinaCalendar, deadlineFor, WorkingCalendar } from '../../src/platform/calendar.ts';

const cal = chinaCalendar;
/** An instant given as Beijing wall-clock time. */
const bj = (local: string): Date => new Date(`${local}+08:00`);
const iso = (d: Date): string => d.toISOString();

describe('shipped data', () => {
  it('has 2025 and 2026, with make-up days on weekends and no day listed twice', () => {
    expect(CHINA_CALENDAR.map((y) => y.year)).toEqual([2025, 2026]);
    for (const y of CHINA_CALENDAR) {
      for (const d of y.workdays) expect([0, 6]).toContain(new Date(`${d}T00:00:00Z`).getUTCDay());
      const all = [...y.holidays, ...y.workdays];
      expect(new Set(all).size).toBe(all.length);
      for (const d of all) expect(d.startsWith(String(y.year))).toBe(true);
    }
  });

  it('counts the days of the 2025 and 2026 arrangements', () => {
    // 2025: 1 + 8 + 3 + 5 + 3 + 8 holiday days, 5 make-up days.
    expect(CHINA_2025.holidays).toHaveLength(28);
    expect(CHINA_2025.workdays).toEqual(['2025-01-26', '2025-02-08', '2025-04-27', '2025-09-28', '2025-10-11']);
    // 2026: 3 + 9 + 3 + 5 + 3 + 3 + 7 holiday days, 6 make-up days.
    expect(CHINA_2026.holidays).toHaveLength(33);
    expect(CHINA_2026.workdays).toEqual([
      '2026-01-04',
      '2026-02-14',
      '2026-02-28',
      '2026-05-09',
      '2026-09-20',
      '2026-10-10',
    ]);
  });

  it('refuses a day that is both a holiday and a make-up day, and dates that do not exist', () => {
    expect(() => new WorkingCalendar([{ year: 2030, holidays: ['2030-01-05'], workdays: ['2030-01-05'] }])).toThrow(
      /both/,
    );
    expect(() => new WorkingCalendar([{ year: 2030, holidays: ['2030-02-30'], workdays: [] }])).toThrow(RangeError);
    expect(() => new WorkingCalendar([{ year: 2030, holidays: ['2030-2-3'], workdays: [] }])).toThrow(RangeError);
    expect(() => new WorkingCalendar([], { timeZone: 'Mars/Olympus_Mons' })).toThrow(RangeError);
    expect(() => new WorkingCalendar([], { workdayStart: '18:00', workdayEnd: '09:00' })).toThrow(RangeError);
  });
});

describe('Spring Festival 2025 (1月28日至2月4日, make-up days 1月26日 Sun and 2月8日 Sat)', () => {
  it('every day of the span is a rest day; the days around it are working days', () => {
    for (let d = 28; d <= 31; d++) expect(cal.isWorkingDay(`2025-01-${d}`)).toBe(false);
    for (let d = 1; d <= 4; d++) expect(cal.isWorkingDay(`2025-02-0${d}`)).toBe(false);
    expect(cal.isWorkingDay('2025-01-27')).toBe(true);
    expect(cal.isWorkingDay('2025-02-05')).toBe(true);
  });

  it('the make-up Sunday and Saturday are working days', () => {
    expect(cal.isWorkingDay('2025-01-26')).toBe(true); // Sunday
    expect(cal.isWorkingDay('2025-02-08')).toBe(true); // Saturday
    expect(cal.isWorkingDay('2025-01-25')).toBe(false); // the Saturday before stays a rest day
    expect(cal.isWorkingDay('2025-02-09')).toBe(false); // the Sunday after too
  });

  it('a limit started on the eve of the festival jumps the whole span', () => {
    expect(iso(cal.addWorkingDays(bj('2025-01-27T10:00:00'), 1))).toBe(iso(bj('2025-02-05T17:00:00')));
    expect(iso(cal.addWorkingDays(bj('2025-01-27T10:00:00'), 4))).toBe(iso(bj('2025-02-08T17:00:00')));
  });

  it('a limit started on Friday lands on the make-up Sunday', () => {
    expect(iso(cal.addWorkingDays(bj('2025-01-24T16:00:00'), 1))).toBe(iso(bj('2025-01-26T17:00:00')));
    // 26, 27 Jan; 5, 6, 7, 8, 10 Feb.
    expect(cal.workingDaysBetween(bj('2025-01-24T16:00:00'), bj('2025-02-10T09:00:00'))).toBe(7);
    expect(cal.workingDaysBetween(bj('2025-02-10T09:00:00'), bj('2025-01-24T16:00:00'))).toBe(-7);
  });

  it('2026 too: 2月15日至23日, make-up 2月14日 and 2月28日', () => {
    expect(cal.isWorkingDay('2026-02-14')).toBe(true);
    expect(cal.isWorkingDay('2026-02-15')).toBe(false);
    expect(cal.isWorkingDay('2026-02-23')).toBe(false); // a Monday
    expect(cal.isWorkingDay('2026-02-28')).toBe(true);
    expect(iso(cal.addWorkingDays(bj('2026-02-13T11:00:00'), 2))).toBe(iso(bj('2026-02-24T17:00:00')));
  });
});

describe('a limit spanning National Day (国庆)', () => {
  it('2025: five working days from Friday 26 September end on 10 October', () => {
    // 28 Sep (make-up Sunday), 29, 30 Sep, then 1-8 Oct rest, 9, 10 Oct.
    const from = bj('2025-09-26T10:30:00');
    const deadline = cal.addWorkingDays(from, 5);
    expect(iso(deadline)).toBe(iso(bj('2025-10-10T17:00:00')));
    expect(cal.workingDaysBetween(from, deadline)).toBe(5);
    expect(iso(cal.deadlineFor(from, { value: 5, unit: 'working_days' }))).toBe(iso(deadline));
    // The make-up Saturday after the holiday counts.
    expect(iso(cal.addWorkingDays(from, 6))).toBe(iso(bj('2025-10-11T17:00:00')));
  });

  it('2025: a 20-working-day limit (行政许可法 §42) from 15 September', () => {
    // Sep 16-19 (4), 22-26 (5), 28 (1), 29-30 (2) = 12; Oct 9, 10, 11 = 15; 13-17 = 20.
    expect(iso(cal.addWorkingDays(bj('2025-09-15T09:00:00'), 20))).toBe(iso(bj('2025-10-17T17:00:00')));
  });

  it('2026: 国庆 1-7 October with make-up 9月20日 and 10月10日; 中秋 25-27 September', () => {
    expect(cal.isWorkingDay('2026-09-20')).toBe(true);
    expect(cal.isWorkingDay('2026-09-25')).toBe(false);
    expect(cal.isWorkingDay('2026-10-07')).toBe(false);
    expect(cal.isWorkingDay('2026-10-08')).toBe(true);
    expect(cal.isWorkingDay('2026-10-10')).toBe(true);
    // From Wed 23 Sep: 24, 28, 29, 30 Sep, 8 Oct.
    expect(iso(cal.addWorkingDays(bj('2026-09-23T15:00:00'), 5))).toBe(iso(bj('2026-10-08T17:00:00')));
  });
});

describe('natural days and working hours', () => {
  it('natural days count rest days and end at 24:00 Beijing time', () => {
    const end = cal.addNaturalDays(bj('2025-09-30T10:00:00'), 3);
    expect(iso(end)).toBe(iso(bj('2025-10-03T23:59:59.999')));
    expect(iso(deadlineFor(bj('2025-09-30T10:00:00'), { value: 3, unit: 'natural_days' }))).toBe(iso(end));
  });

  it('working hours carry across a weekend', () => {
    // Friday 14 November 2025, 15:00 + 4 h: 2 h on Friday, 2 h on Monday.
    expect(iso(cal.addWorkingHours(bj('2025-11-14T15:00:00'), 4))).toBe(iso(bj('2025-11-17T11:00:00')));
    // Saturday: counting starts on Monday at 09:00.
    expect(iso(cal.addWorkingHours(bj('2025-11-15T10:00:00'), 1.5))).toBe(iso(bj('2025-11-17T10:30:00')));
    // A whole working day ends at 17:00 on that day, not at 09:00 the next.
    expect(iso(cal.addWorkingHours(bj('2025-11-17T09:00:00'), 8))).toBe(iso(bj('2025-11-17T17:00:00')));
    expect(iso(cal.deadlineFor(bj('2025-11-14T15:00:00'), { value: 16, unit: 'hours' }))).toBe(
      iso(bj('2025-11-18T15:00:00')),
    );
  });

  it('working hours skip a holiday span and use the make-up Sunday', () => {
    // Friday 24 January 2025, 16:00 + 2 h: 1 h Friday, 1 h on Sunday 26 January (make-up day).
    expect(iso(cal.addWorkingHours(bj('2025-01-24T16:00:00'), 2))).toBe(iso(bj('2025-01-26T10:00:00')));
  });

  it('rejects negative and fractional day counts', () => {
    expect(() => cal.addWorkingDays(new Date(), -1)).toThrow(RangeError);
    expect(() => cal.addWorkingDays(new Date(), 1.5)).toThrow(RangeError);
    expect(() => cal.addNaturalDays(new Date(), -2)).toThrow(RangeError);
    expect(() => cal.addWorkingHours(new Date(), -1)).toThrow(RangeError);
    expect(() => cal.addWorkingDays(new Date('nope'), 1)).toThrow(RangeError);
  });

  it('zero working days is the end of today, or of the next working day', () => {
    expect(iso(cal.addWorkingDays(bj('2025-11-14T08:00:00'), 0))).toBe(iso(bj('2025-11-14T17:00:00')));
    expect(iso(cal.addWorkingDays(bj('2025-11-15T08:00:00'), 0))).toBe(iso(bj('2025-11-17T17:00:00')));
  });
});

describe('time-zone edges: days are Beijing dates', () => {
  it('an instant at 2025-09-30T17:30:00+08:00 is on Tuesday 30 September, after working hours', () => {
    const from = bj('2025-09-30T17:30:00');
    expect(cal.dateOf(from)).toBe('2025-09-30');
    expect(cal.isWorkingDay(from)).toBe(true);
    // The next working day is Thursday 9 October.
    expect(iso(cal.addWorkingDays(from, 1))).toBe(iso(bj('2025-10-09T17:00:00')));
    expect(iso(cal.addWorkingHours(from, 1))).toBe(iso(bj('2025-10-09T10:00:00')));
  });

  it('an instant still on 30 September in UTC is already 1 October (a holiday) in Beijing', () => {
    const at = new Date('2025-09-30T23:00:00Z'); // 07:00 on 1 October in Beijing
    expect(cal.dateOf(at)).toBe('2025-10-01');
    expect(cal.isWorkingDay(at)).toBe(false);
    expect(cal.isWorkingDay(new Date('2025-09-30T15:59:59.999Z'))).toBe(true); // 23:59:59.999 on 30 September
    expect(cal.isWorkingDay(new Date('2025-09-30T16:00:00Z'))).toBe(false); // midnight
    // The day of `from` is 1 October, so 1 working day ends on 9 October.
    expect(iso(cal.addWorkingDays(at, 1))).toBe(iso(bj('2025-10-09T17:00:00')));
  });

  it('another time zone and other working hours move the days and the deadlines', () => {
    const berlin = new WorkingCalendar([], { timeZone: 'Europe/Berlin', workdayStart: '08:00', workdayEnd: '16:30' });
    // Friday 2025-03-28 23:30 in Berlin (CET) is already Saturday in Beijing.
    const at = new Date('2025-03-28T22:30:00Z');
    expect(berlin.isWorkingDay(at)).toBe(true);
    expect(cal.isWorkingDay(at)).toBe(false);
    // Across the switch to summer time (30 March 2025): Monday 31 March 16:30 CEST = 14:30Z.
    expect(iso(berlin.addWorkingDays(at, 1))).toBe('2025-03-31T14:30:00.000Z');
    expect(iso(berlin.addNaturalDays(at, 2))).toBe('2025-03-30T21:59:59.999Z');
  });
});

describe('years without data fall back to weekends only', () => {
  it('knows which years it has', () => {
    expect(cal.hasDataFor(2025)).toBe(true);
    expect(cal.hasDataFor(2026)).toBe(true);
    expect(cal.hasDataFor(2024)).toBe(false);
    expect(cal.hasDataFor(2027)).toBe(false);
  });

  it('treats Monday to Friday as working days and weekends as rest days', () => {
    expect(cal.isWorkingDay('2027-01-01')).toBe(true); // a Friday; no 元旦 data for 2027
    expect(cal.isWorkingDay('2027-01-02')).toBe(false); // Saturday
    expect(cal.isWorkingDay('2024-10-01')).toBe(true); // a Tuesday; no 2024 data shipped
    // From Thursday 31 December 2026 (data) into 2027 (none): Jan 1 (Fri), Jan 4 (Mon).
    expect(iso(cal.addWorkingDays(bj('2026-12-31T12:00:00'), 2))).toBe(iso(bj('2027-01-04T17:00:00')));
  });

  it('a calendar with no data at all is a plain Monday-to-Friday calendar', () => {
    const plain = new WorkingCalendar([]);
    expect(plain.hasDataFor(2025)).toBe(false);
    expect(plain.isWorkingDay('2025-10-01')).toBe(true);
    expect(plain.isWorkingDay('2025-09-28')).toBe(false);
  });
});

describe('properties', () => {
  // Instants from mid-2024 (no data) through 2025-2026 (data) into mid-2027 (no data).
  const instant = fc.date({
    min: new Date('2024-06-01T00:00:00Z'),
    max: new Date('2027-06-30T00:00:00Z'),
    noInvalidDate: true,
  });

  it('addWorkingDays lands at 17:00 on a working day, n working days later', () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: 1, max: 60 }), (from, n) => {
        const due = cal.addWorkingDays(from, n);
        expect(cal.isWorkingDay(due)).toBe(true);
        expect(cal.workingDaysBetween(from, due)).toBe(n);
        expect(due.getTime()).toBeGreaterThan(from.getTime());
        expect(due.toISOString().slice(11, 19)).toBe('09:00:00'); // 17:00 in Beijing
      }),
      { numRuns: 300 },
    );
  });

  it('addWorkingHours lands inside working hours on a working day, never before `from`', () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: 1, max: 200 }), (from, hours) => {
        const due = cal.addWorkingHours(from, hours);
        expect(cal.isWorkingDay(due)).toBe(true);
        const hhmm = due.toISOString().slice(11, 16); // UTC = Beijing - 8 h
        expect(hhmm >= '01:00' && hhmm <= '09:00').toBe(true);
        expect(due.getTime()).toBeGreaterThan(from.getTime());
        // At most hours/8 + 1 working days later.
        expect(cal.workingDaysBetween(from, due)).toBeLessThanOrEqual(Math.ceil(hours / 8) + 1);
      }),
      { numRuns: 300 },
    );
  });
});

describe('time zones (the offset kept per hour)', () => {
  const zones = ['Asia/Shanghai', 'Europe/Berlin', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kathmandu'];
  /** The date of an instant in a zone, straight from Intl (no cache). */
  const intlDate = (zone: string, at: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: zone }).format(at);

  it('gives the date Intl gives, around daylight-saving changes and at random instants', () => {
    const calendars = new Map(zones.map((z) => [z, new WorkingCalendar([], { timeZone: z })]));
    // The seconds around the 2026 changes in Berlin (01:00 UTC), New York (07:00 and 06:00 UTC)
    // and Lord Howe (a half-hour change, 15:00 and 15:30 UTC).
    const changes = [
      '2026-03-29T01:00:00Z',
      '2026-10-25T01:00:00Z',
      '2026-03-08T07:00:00Z',
      '2026-11-01T06:00:00Z',
      '2026-04-04T15:00:00Z',
      '2026-10-03T15:30:00Z',
    ];
    for (const c of changes)
      for (const delta of [-3_600_000, -1_000, 0, 1_000, 1_800_000, 3_599_000]) {
        const at = new Date(new Date(c).getTime() + delta);
        for (const [zone, calendar] of calendars)
          expect(calendar.dateOf(at), `${zone} ${at.toISOString()}`).toBe(intlDate(zone, at));
      }
    fc.assert(
      fc.property(
        fc.constantFrom(...zones),
        fc.integer({ min: Date.UTC(1995, 0, 1), max: Date.UTC(2040, 0, 1) }),
        (zone, ms) => calendars.get(zone)!.dateOf(new Date(ms)) === intlDate(zone, new Date(ms)),
      ),
      { numRuns: 2_000 },
    );
  });
});
