/**
 * What GET requests and GET servicerequestupdates share: the spec's error list as an exception
 * (`Open311Error`: its status and `[{ code, description }]`), and the date range of a query (W3C
 * date-times, at most 90 days apart, the most recent 90 days by default).
 */
import { parseW3cDate } from './cityops.open311.parse.ts';

/**
 * The spec's default window, 90 days, and the most requests (or updates) one answer holds: the
 * newest 200 (docs/open311.md). A client wanting more pages back with `end_date` set to the
 * oldest `requested_datetime` it has (inclusive: it may see that second's requests again).
 */
export const DEFAULT_DAYS = 90;
export const MAX_RESULTS = 200;
const DAY_MS = 86_400_000;

export class Open311Error extends Error {
  readonly status: 400 | 403 | 404;
  readonly errors: { code: number; description: string }[];

  constructor(status: 400 | 403 | 404, errors: { code: number; description: string }[]) {
    super(errors.map((e) => e.description).join('; '));
    this.status = status;
    this.errors = errors;
  }
}

export const fail = (status: 400 | 403 | 404, description: string) =>
  new Open311Error(status, [{ code: status, description }]);

/** A date range of at most 90 days, the most recent by default; in the W3C format or a 400. */
export function dateRange(q: Map<string, string>, now: Date): { start: Date; end: Date } {
  const parse = (name: string): Date | null => {
    const s = q.get(name);
    if (s === undefined) return null;
    const d = parseW3cDate(s);
    if (!d) throw fail(400, `${name} must be a W3C date-time with a time zone, e.g. 2010-01-01T00:00:00Z`);
    return d;
  };
  const start = parse('start_date');
  const end = parse('end_date');
  if (start && end && start > end) throw fail(400, 'start_date is after end_date');
  if (start && end && end.getTime() - start.getTime() > DEFAULT_DAYS * DAY_MS)
    throw fail(400, 'start_date and end_date may not span more than 90 days');
  if (start && end) return { start, end };
  if (start) return { start, end: new Date(start.getTime() + DEFAULT_DAYS * DAY_MS) };
  const e = end ?? now;
  return { start: new Date(e.getTime() - DEFAULT_DAYS * DAY_MS), end: e };
}
