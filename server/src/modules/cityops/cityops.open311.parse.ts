/**
 * Open311 input: the form-encoded body of POST requests (`attribute[code]=v`, and
 * `attribute[code][]=v` repeated for a multivaluelist), W3C date-times (a time zone required),
 * comma-delimited lists, and the spec's rule that an empty parameter is one not given.
 */

export interface FormBody {
  /** Every plain field, its last value, empty ones left out. */
  fields: Map<string, string>;
  /** attribute[code] → its values (one for most datatypes, several for a multivaluelist). */
  attributes: Map<string, string[]>;
}

const ATTRIBUTE = /^attribute\[([^\]]+)\](\[\])?$/;

/** Parse `application/x-www-form-urlencoded` (UTF-8) into fields and attributes. */
export function parseForm(body: string): FormBody {
  const fields = new Map<string, string>();
  const attributes = new Map<string, string[]>();
  for (const [key, value] of new URLSearchParams(body)) {
    const m = ATTRIBUTE.exec(key);
    if (m) {
      if (value === '') continue;
      const list = attributes.get(m[1]!) ?? [];
      list.push(value);
      attributes.set(m[1]!, list);
    } else if (value !== '') fields.set(key, value);
  }
  return { fields, attributes };
}

/** A query's parameters the same way: the last value of each, empty ones left out. */
export function queryFields(query: unknown): Map<string, string> {
  const out = new Map<string, string>();
  if (typeof query !== 'object' || query === null) return out;
  for (const [k, v] of Object.entries(query)) {
    const last: unknown = Array.isArray(v) ? v[v.length - 1] : v;
    if (typeof last === 'string' && last !== '') out.set(k, last);
  }
  return out;
}

/** W3C date-time (a subset of ISO 8601) with its time zone: `2010-01-01T00:00:00Z`, `…-08:00`. */
const W3C = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

export function parseW3cDate(s: string): Date | null {
  if (!W3C.test(s)) return null;
  const d = new Date(s);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** A date-time as the spec returns it: UTC, to the second (`2010-01-01T00:00:00Z`). */
export const w3c = (d: Date | string | null): string | null =>
  d === null ? null : new Date(d).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** A comma-delimited list (`a,b,c`), blanks dropped. */
export const commaList = (s: string | undefined): string[] =>
  s === undefined
    ? []
    : s
        .split(',')
        .map((x) => x.trim())
        .filter((x) => x !== '');

/** A WGS84 coordinate within range, or null. */
export function coordinate(s: string | undefined, limit: number): number | null {
  if (s === undefined || !/^-?\d+(\.\d+)?$/.test(s.trim())) return null;
  const n = Number(s);
  return Math.abs(n) <= limit ? n : null;
}
