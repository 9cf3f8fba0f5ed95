/**
 * De-identification (统计披露控制) for open-data releases: the declarations a pipeline makes about
 * its columns, the generalisation ladders for quasi-identifiers (age bands, coarser areas,
 * coarser times, coarser locations), the scan for direct identifiers left in an output, and
 * differential-privacy noise for counts. The engine that applies them to a stream of rows is
 * `opendata.deid.engine.ts`. Pure: no database, no clock.
 */

export type Value = string | number | boolean | null;
export type Row = Record<string, Value>;

/** One step up a quasi-identifier's ladder: how a value is coarsened. */
export type Generaliser =
  /** The value as it is (the first rung of a ladder that may climb). */
  | { kind: 'keep' }
  /** The value of another column of the same row, coarser by construction (community → street, category → its group). */
  | { kind: 'from'; column: string; label: string }
  /** A number into bands of `width` (age 37, width 10 → "30-39"). */
  | { kind: 'band'; width: number }
  /** A code cut to its first `length` characters (a 12-digit 行政区划 code → 9: the street, → 6: the district). */
  | { kind: 'prefix'; length: number }
  /** A value looked up in a table (community → street), values not in it become "*". */
  | { kind: 'map'; label: string; table: Readonly<Record<string, string>> }
  /** A timestamp (ISO text or Date) to its day, ISO week, month, quarter or year. */
  | { kind: 'time'; unit: 'day' | 'week' | 'month' | 'quarter' | 'year' }
  /** A coordinate rounded to `decimals` places (2 ≈ 1 km, 1 ≈ 10 km). */
  | { kind: 'round'; decimals: number }
  /** Everything to "*" (the top of every ladder). */
  | { kind: 'suppress' };

export interface QuasiIdentifier {
  column: string;
  /**
   * The ladder, finest first. Level 0 applies `ladder[0]`; the engine climbs until k is
   * reached. An empty ladder publishes the value as it is (a dimension never coarsened).
   */
  ladder: readonly Generaliser[];
}

export interface SensitiveAttribute {
  column: string;
  /** l-diversity: each equivalence class published holds at least `l` distinct values. */
  l: number;
}

export type Measure =
  { name: string; op: 'count' } | { name: string; op: 'sum' | 'avg'; column: string; decimals?: number };

export interface Noise {
  mechanism: 'laplace' | 'geometric';
  /** The privacy budget, published with the release. */
  epsilon: number;
}

/**
 * What a pipeline declares about its source columns. Every column the query returns must be
 * declared once: a direct identifier (dropped), a quasi-identifier (generalised), a sensitive
 * attribute, a kept column (published as is; records only) or the input of a measure. A column
 * nobody declared refuses the release, so a new column in the source cannot leak.
 */
export interface DeidSpec {
  mode: 'records' | 'aggregate';
  directIdentifiers: readonly string[];
  quasiIdentifiers: readonly QuasiIdentifier[];
  sensitive?: readonly SensitiveAttribute[];
  /** records: columns published as they are (non-identifying attributes). */
  keep?: readonly string[];
  /** aggregate: the measures of each cell (the cell is the quasi-identifiers' generalised values). */
  measures?: readonly Measure[];
  /** The minimum size of an equivalence class (records) or of a cell (aggregate). 1 = no k (data public by law). */
  k: number;
  /** The share of records (0-1) that may be suppressed before the next generalisation level is tried. */
  maxSuppression: number;
  /** aggregate: differential-privacy noise added to the count measures. */
  noise?: Noise;
}

export interface OutputColumn {
  name: string;
  type: 'text' | 'number' | 'boolean';
}

/** The output's columns, known from the declaration alone (the schema a data officer approves). */
export function outputSchema(
  spec: DeidSpec,
  types: Readonly<Record<string, OutputColumn['type']>> = {},
): OutputColumn[] {
  const qi = spec.quasiIdentifiers.map((q) => ({
    name: q.column,
    // A generalised value is a label ("30-39", "2026-W14", "*"): text, unless never coarsened.
    type: q.ladder.length === 0 ? (types[q.column] ?? 'text') : ('text' as const),
  }));
  if (spec.mode === 'aggregate')
    return [...qi, ...(spec.measures ?? []).map((m) => ({ name: m.name, type: 'number' as const }))];
  return [
    ...qi,
    ...(spec.sensitive ?? []).map((s) => ({ name: s.column, type: types[s.column] ?? ('text' as const) })),
    ...(spec.keep ?? []).map((c) => ({ name: c, type: types[c] ?? ('text' as const) })),
  ];
}

/** Problems with a declaration itself (before any data): empty when it is sound. */
export function specProblems(spec: DeidSpec): string[] {
  const out: string[] = [];
  const seen = new Map<string, string>();
  const declare = (column: string, role: string) => {
    const before = seen.get(column);
    if (before && !(before === 'measure input' && role === 'measure input'))
      out.push(`column "${column}" is declared twice (${before}, ${role})`);
    seen.set(column, role);
  };
  spec.directIdentifiers.forEach((c) => declare(c, 'direct identifier'));
  spec.quasiIdentifiers.forEach((q) => declare(q.column, 'quasi-identifier'));
  for (const q of spec.quasiIdentifiers)
    for (const g of q.ladder) if (g.kind === 'from') declare(g.column, 'generalisation of ' + q.column);
  (spec.sensitive ?? []).forEach((s) => declare(s.column, 'sensitive'));
  (spec.keep ?? []).forEach((c) => declare(c, 'kept'));
  for (const m of spec.measures ?? []) if (m.op !== 'count') declare(m.column, 'measure input');
  if (!Number.isInteger(spec.k) || spec.k < 1) out.push('k must be a whole number, 1 or more');
  if (!(spec.maxSuppression >= 0 && spec.maxSuppression <= 1)) out.push('maxSuppression must be between 0 and 1');
  if (spec.mode === 'aggregate') {
    if (!spec.measures?.length) out.push('an aggregate needs at least one measure');
    if (spec.keep?.length) out.push('an aggregate publishes no kept columns: make them dimensions (quasi-identifiers)');
    if (spec.sensitive?.length) out.push('l-diversity applies to records, not to aggregates');
  } else if (spec.measures?.length || spec.noise) out.push('measures and noise apply to aggregates');
  for (const s of spec.sensitive ?? [])
    if (!Number.isInteger(s.l) || s.l < 1) out.push(`l of "${s.column}" must be 1 or more`);
  if (spec.noise && !(spec.noise.epsilon > 0)) out.push('epsilon must be above 0');
  if (spec.k < 2 && spec.mode === 'records' && spec.quasiIdentifiers.some((q) => q.ladder.length > 0))
    out.push('generalisation without k (k = 1) has no purpose');
  return out;
}

// ---- generalisation ----------------------------------------------------------------------

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

function toDate(v: Value): Date | null {
  if (v === null || typeof v === 'boolean') return null;
  const d = new Date(v);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** ISO 8601 week (weeks start on Monday; week 1 holds the year's first Thursday), in UTC+8 wall time. */
function isoWeek(d: Date): string {
  const local = new Date(d.getTime() + 8 * 3600_000);
  const t = new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate()));
  const day = t.getUTCDay() || 7;
  t.setUTCDate(t.getUTCDate() + 4 - day);
  const yearStart = Date.UTC(t.getUTCFullYear(), 0, 1);
  const week = Math.ceil(((t.getTime() - yearStart) / 86_400_000 + 1) / 7);
  return `${t.getUTCFullYear()}-W${pad(week)}`;
}

/** A description of a step, for the report ("age: band of 10", "opened_at: week"). */
export function describe(g: Generaliser): string {
  switch (g.kind) {
    case 'keep':
      return 'as is';
    case 'from':
      return g.label;
    case 'band':
      return `band of ${g.width}`;
    case 'prefix':
      return `first ${g.length} characters`;
    case 'map':
      return g.label;
    case 'time':
      return g.unit;
    case 'round':
      return `${g.decimals} decimal places`;
    case 'suppress':
      return 'suppressed';
  }
}

/** Coarsen one value. Missing values stay missing ("*" would merge them with suppressed ones: both are published as null). */
export function generalise(g: Generaliser, v: Value, row: Row = {}): Value {
  if (g.kind === 'from') return row[g.column] ?? null;
  if (v === null || v === undefined) return null;
  switch (g.kind) {
    case 'keep':
      return v;
    case 'band': {
      const n = typeof v === 'number' ? v : Number(v);
      if (!Number.isFinite(n)) return '*';
      const lo = Math.floor(n / g.width) * g.width;
      return `${lo}-${lo + g.width - 1}`;
    }
    case 'prefix':
      return String(v).slice(0, g.length);
    case 'map':
      return g.table[String(v)] ?? '*';
    case 'time': {
      const d = toDate(v);
      if (!d) return '*';
      const local = new Date(d.getTime() + 8 * 3600_000);
      const y = local.getUTCFullYear();
      const m = local.getUTCMonth() + 1;
      if (g.unit === 'year') return String(y);
      if (g.unit === 'quarter') return `${y}-Q${Math.ceil(m / 3)}`;
      if (g.unit === 'month') return `${y}-${pad(m)}`;
      if (g.unit === 'week') return isoWeek(d);
      return `${y}-${pad(m)}-${pad(local.getUTCDate())}`;
    }
    case 'round': {
      const n = typeof v === 'number' ? v : Number(v);
      if (!Number.isFinite(n)) return '*';
      const f = 10 ** g.decimals;
      return (Math.round(n * f) / f).toFixed(g.decimals);
    }
    case 'suppress':
      return '*';
  }
}

// ---- direct identifiers in an output --------------------------------------------------

/** What the scan looks for in every published text value. */
export type IdentifierKind = 'id_number' | 'phone' | 'exact_address' | 'email';

const ID_CANDIDATE =
  /(?<![0-9])[1-9][0-9]{5}(?:19|20)[0-9]{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])[0-9]{3}[0-9Xx](?![0-9])/;
const MOBILE = /(?<![0-9])1[3-9][0-9]{9}(?![0-9])/;
/** A house number with its unit: "12号", "3栋", "5幢", "201室", "2单元", "8号楼". */
const HOUSE_NUMBER = /[0-9０-９一二三四五六七八九十百]+\s*(?:号|栋|幢|室|单元|弄)/;
const EMAIL = /[^\s@]+@[^\s@]+\.[a-z]{2,}/i;

/** The kinds of direct identifier a text holds. */
export function identifiersIn(text: string): IdentifierKind[] {
  const out: IdentifierKind[] = [];
  // The shape alone (region, a birth date, sequence, check character) counts, valid check digit or not.
  if (ID_CANDIDATE.test(text)) out.push('id_number');
  if (MOBILE.test(text)) out.push('phone');
  if (HOUSE_NUMBER.test(text)) out.push('exact_address');
  if (EMAIL.test(text)) out.push('email');
  return out;
}

// ---- differential privacy ---------------------------------------------------------------

/**
 * Noise for a count (sensitivity 1) at privacy budget ε: the two-sided geometric mechanism
 * (Ghosh, Roughgarden, Sundararajan 2009; integer-valued, P(z) ∝ α^|z| with α = e^-ε), or the
 * Laplace mechanism (scale 1/ε) rounded to an integer. Published counts are clamped at 0.
 */
export function noisyCount(count: number, noise: Noise, rng: { next(): number }): number {
  let z: number;
  if (noise.mechanism === 'geometric') {
    const alpha = Math.exp(-noise.epsilon);
    // The difference of two geometric variables on {0, 1, …} with parameter 1 - α.
    const geo = () => Math.floor(Math.log(1 - rng.next()) / Math.log(alpha));
    z = geo() - geo();
  } else {
    const u = rng.next() - 0.5;
    z = Math.round(-(1 / noise.epsilon) * Math.sign(u) * Math.log(1 - 2 * Math.abs(u)));
  }
  return Math.max(0, count + z);
}
