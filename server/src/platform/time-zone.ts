/**
 * The city's time zone (configuration; Asia/Shanghai for the demo): calendar dates of
 * instants and whole days between them, as people in the city count them, whatever the
 * server's or the device's own zone.
 */

const formats = new Map<string, Intl.DateTimeFormat>();

function dateFormat(timeZone: string): Intl.DateTimeFormat {
  let f = formats.get(timeZone);
  if (!f) {
    // en-CA writes YYYY-MM-DD.
    f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formats.set(timeZone, f);
  }
  return f;
}

/** Whether `timeZone` is an IANA time zone this runtime knows. */
export function isTimeZone(timeZone: string): boolean {
  try {
    dateFormat(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** The calendar date (`YYYY-MM-DD`) of an instant in `timeZone`. */
export function localDate(instant: Date, timeZone: string): string {
  return dateFormat(timeZone).format(instant);
}

const dayNumber = (isoDate: string): number => Math.floor(Date.parse(`${isoDate}T00:00:00Z`) / 86_400_000);

/** Whole calendar days from `from`'s date to `to`'s date in `timeZone` (negative when `to` is earlier). */
export function calendarDaysBetween(from: Date, to: Date, timeZone: string): number {
  return dayNumber(localDate(to, timeZone)) - dayNumber(localDate(from, timeZone));
}
