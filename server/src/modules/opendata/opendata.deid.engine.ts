/**
 * The de-identification engine: applies a `DeidSpec` to a stream of source rows, never holding
 * the rows themselves, only one counter per equivalence class.
 *
 * 1. One pass over the source counts, for every candidate generalisation (one level per
 *    quasi-identifier: the lattice, finest first), the size of each equivalence class, the
 *    distinct sensitive values in it (l-diversity) and, for aggregates, each cell's measures.
 * 2. The first candidate, by total level, whose suppressed records (classes under k or under l)
 *    stay within `maxSuppression` is chosen; if none does, the release is refused
 *    (`OPENDATA_K_NOT_REACHED`) with the report of the coarsest attempt.
 * 3. Aggregates publish the chosen candidate's cells (counts with optional noise); records are
 *    streamed in a second pass over the source (the same snapshot), generalised, with the rows of
 *    suppressed classes dropped, and checked again as they go out.
 *
 * Every published text is scanned for direct identifiers (`identifiersIn`); one found refuses
 * the release (`OPENDATA_IDENTIFIER_IN_OUTPUT`).
 */
import {
  describe,
  generalise,
  identifiersIn,
  noisyCount,
  outputSchema,
  specProblems,
  type DeidSpec,
  type OutputColumn,
  type Row,
  type Value,
} from './opendata.deid.ts';

export interface DeidReport {
  mode: DeidSpec['mode'];
  kRequired: number;
  /** The smallest equivalence class (records) or true cell count (aggregate) published; null when nothing was. */
  kReached: number | null;
  lRequired: { column: string; l: number }[];
  /** The fewest distinct sensitive values in a published class, per sensitive column. */
  lReached: { column: string; l: number | null }[];
  recordsIn: number;
  recordsSuppressed: number;
  /** Equivalence classes (records) or cells (aggregate) left out for being under k or l. */
  cellsSuppressed: number;
  cellsPublished: number;
  rowsPublished: number;
  generalisations: { column: string; level: number; levels: number; step: string }[];
  directIdentifiersRemoved: string[];
  noise: { mechanism: 'laplace' | 'geometric'; epsilon: number; columns: string[] } | null;
  /** Candidate generalisations tried before one reached k. */
  candidatesTried: number;
}

export type DeidRefusalCode =
  | 'OPENDATA_K_NOT_REACHED'
  | 'OPENDATA_IDENTIFIER_IN_OUTPUT'
  | 'OPENDATA_UNDECLARED_COLUMN'
  | 'OPENDATA_DEID_SPEC_INVALID';

/** A release the de-identification refused to let out, with what it measured. */
export class DeidRefusal extends Error {
  readonly code: DeidRefusalCode;
  readonly report: DeidReport | null;
  constructor(code: DeidRefusalCode, message: string, report: DeidReport | null) {
    super(message);
    this.code = code;
    this.report = report;
  }
}

/** The source: each call opens a fresh pass over the same snapshot, in batches. */
export type Source = () => AsyncIterable<readonly Row[]>;

export interface DeidOutcome {
  columns: OutputColumn[];
  report: DeidReport;
  /** The published rows, in batches. Records are read from the source again as this is consumed. */
  rows: AsyncIterable<Row[]>;
}

interface Cell {
  count: number;
  sums: number[];
  ns: number[];
  sensitive: Set<string>[];
}

const SEP = '\u001f';
const BATCH = 1000;

function candidates(spec: DeidSpec): number[][] {
  const sizes = spec.quasiIdentifiers.map((q) => Math.max(1, q.ladder.length));
  let out: number[][] = [[]];
  for (const n of sizes) out = out.flatMap((c) => Array.from({ length: n }, (_, i) => [...c, i]));
  return out.sort((a, b) => a.reduce((s, x) => s + x, 0) - b.reduce((s, x) => s + x, 0));
}

/** The generalised values of one row's quasi-identifiers, every level. */
function levelsOf(spec: DeidSpec, row: Row): Value[][] {
  return spec.quasiIdentifiers.map((q) =>
    q.ladder.length === 0 ? [row[q.column] ?? null] : q.ladder.map((g) => generalise(g, row[q.column] ?? null, row)),
  );
}

const keyOf = (levels: Value[][], candidate: readonly number[]) =>
  candidate.map((lvl, i) => String(levels[i]![lvl] ?? '\u0000')).join(SEP);

function checkColumns(spec: DeidSpec, row: Row, declared: Set<string>): void {
  for (const c of Object.keys(row))
    if (!declared.has(c))
      throw new DeidRefusal(
        'OPENDATA_UNDECLARED_COLUMN',
        `The source returned column "${c}", which the pipeline does not declare`,
        null,
      );
}

function declaredColumns(spec: DeidSpec): Set<string> {
  return new Set([
    ...spec.directIdentifiers,
    ...spec.quasiIdentifiers.map((q) => q.column),
    ...spec.quasiIdentifiers.flatMap((q) => q.ladder.flatMap((g) => (g.kind === 'from' ? [g.column] : []))),
    ...(spec.sensitive ?? []).map((s) => s.column),
    ...(spec.keep ?? []),
    ...(spec.measures ?? []).flatMap((m) => (m.op === 'count' ? [] : [m.column])),
  ]);
}

function scan(row: Row): void {
  for (const [column, v] of Object.entries(row)) {
    if (typeof v !== 'string') continue;
    const found = identifiersIn(v);
    if (found.length)
      throw new DeidRefusal(
        'OPENDATA_IDENTIFIER_IN_OUTPUT',
        `Column "${column}" of the output holds what looks like ${found.join(', ')}`,
        null,
      );
  }
}

/**
 * De-identify a source by a spec. Throws `DeidRefusal` when the spec is unsound, a column is
 * undeclared, k cannot be reached, or (while the rows are consumed) a direct identifier shows.
 */
export async function deidentify(
  spec: DeidSpec,
  source: Source,
  opts: { rng?: { next(): number }; types?: Record<string, OutputColumn['type']> } = {},
): Promise<DeidOutcome> {
  const problems = specProblems(spec);
  if (problems.length) throw new DeidRefusal('OPENDATA_DEID_SPEC_INVALID', problems.join('; '), null);
  if (spec.noise && !opts.rng) throw new Error('noise needs a random source');
  const declared = declaredColumns(spec);
  const cands = candidates(spec);
  const tables = cands.map(() => new Map<string, Cell>());
  const measures = spec.measures ?? [];
  const sensitive = spec.sensitive ?? [];
  let recordsIn = 0;

  for await (const batch of source()) {
    for (const row of batch) {
      if (recordsIn === 0) checkColumns(spec, row, declared);
      recordsIn++;
      const levels = levelsOf(spec, row);
      for (let c = 0; c < cands.length; c++) {
        const key = keyOf(levels, cands[c]!);
        let cell = tables[c]!.get(key);
        if (!cell) {
          cell = {
            count: 0,
            sums: measures.map(() => 0),
            ns: measures.map(() => 0),
            sensitive: sensitive.map(() => new Set<string>()),
          };
          tables[c]!.set(key, cell);
        }
        cell.count++;
        for (let m = 0; m < measures.length; m++) {
          const measure = measures[m]!;
          if (measure.op === 'count') continue;
          const v = row[measure.column];
          if (v === null || v === undefined || v === '') continue;
          const n = Number(v);
          if (!Number.isFinite(n)) continue;
          cell.sums[m]! += n;
          cell.ns[m]!++;
        }
        for (let s = 0; s < sensitive.length; s++) cell.sensitive[s]!.add(String(row[sensitive[s]!.column] ?? ''));
      }
    }
  }

  const passes = (cell: Cell) => cell.count >= spec.k && sensitive.every((s, i) => cell.sensitive[i]!.size >= s.l);
  const reportFor = (c: number, tried: number): DeidReport => {
    let suppressedRecords = 0;
    let suppressedCells = 0;
    let published = 0;
    let kReached: number | null = null;
    const lReached: (number | null)[] = sensitive.map(() => null);
    for (const cell of tables[c]!.values()) {
      if (!passes(cell)) {
        suppressedRecords += cell.count;
        suppressedCells++;
        continue;
      }
      published++;
      kReached = kReached === null ? cell.count : Math.min(kReached, cell.count);
      sensitive.forEach((_, i) => {
        const l = cell.sensitive[i]!.size;
        lReached[i] = lReached[i] === null ? l : Math.min(lReached[i]!, l);
      });
    }
    return {
      mode: spec.mode,
      kRequired: spec.k,
      kReached,
      lRequired: sensitive.map((s) => ({ column: s.column, l: s.l })),
      lReached: sensitive.map((s, i) => ({ column: s.column, l: lReached[i]! })),
      recordsIn,
      recordsSuppressed: suppressedRecords,
      cellsSuppressed: suppressedCells,
      cellsPublished: published,
      rowsPublished: spec.mode === 'aggregate' ? published : recordsIn - suppressedRecords,
      generalisations: spec.quasiIdentifiers.map((q, i) => ({
        column: q.column,
        level: cands[c]![i]!,
        levels: q.ladder.length,
        step: q.ladder.length === 0 ? 'as is' : describe(q.ladder[cands[c]![i]!]!),
      })),
      directIdentifiersRemoved: [...spec.directIdentifiers],
      noise: spec.noise
        ? {
            mechanism: spec.noise.mechanism,
            epsilon: spec.noise.epsilon,
            columns: measures.filter((m) => m.op === 'count').map((m) => m.name),
          }
        : null,
      candidatesTried: tried,
    };
  };

  let chosen = -1;
  let report: DeidReport | null = null;
  for (let c = 0; c < cands.length; c++) {
    const r = reportFor(c, c + 1);
    const allowed = Math.floor(spec.maxSuppression * recordsIn);
    // With k above 1, a release of nothing has no class of k: it is refused like any other that misses k.
    if (r.recordsSuppressed <= allowed && (spec.k === 1 || r.rowsPublished > 0)) {
      chosen = c;
      report = r;
      break;
    }
    report = r;
  }
  if (chosen < 0) {
    throw new DeidRefusal(
      'OPENDATA_K_NOT_REACHED',
      `No generalisation reaches k = ${spec.k}${sensitive.length ? ' and the required l' : ''} within the allowed suppression (${Math.round(spec.maxSuppression * 100)}%): the release is refused`,
      report,
    );
  }
  const finalReport = report!;
  const columns = outputSchema(spec, opts.types);
  const table = tables[chosen]!;
  const candidate = cands[chosen]!;
  for (let c = 0; c < tables.length; c++) if (c !== chosen) tables[c]!.clear();

  if (spec.mode === 'aggregate') {
    const rows: Row[] = [];
    for (const [key, cell] of table) {
      if (!passes(cell)) continue;
      const parts = key.split(SEP);
      const row: Row = {};
      spec.quasiIdentifiers.forEach((q, i) => (row[q.column] = parts[i] === '\u0000' ? null : parts[i]!));
      measures.forEach((m, i) => {
        if (m.op === 'count') row[m.name] = spec.noise ? noisyCount(cell.count, spec.noise, opts.rng!) : cell.count;
        else if (m.op === 'sum') row[m.name] = round(cell.sums[i]!, m.decimals ?? 2);
        else row[m.name] = cell.ns[i] ? round(cell.sums[i]! / cell.ns[i]!, m.decimals ?? 1) : null;
      });
      scan(row);
      rows.push(row);
    }
    table.clear();
    rows.sort((a, b) => compareRows(a, b, spec));
    return { columns, report: finalReport, rows: batches(rows) };
  }

  return { columns, report: finalReport, rows: recordsPass(spec, source, table, candidate, passes) };
}

async function* batches(rows: Row[]): AsyncIterable<Row[]> {
  for (let i = 0; i < rows.length; i += BATCH) yield rows.slice(i, i + BATCH);
}

async function* recordsPass(
  spec: DeidSpec,
  source: Source,
  table: Map<string, Cell>,
  candidate: readonly number[],
  passes: (cell: Cell) => boolean,
): AsyncIterable<Row[]> {
  const out = new Map<string, number>();
  for await (const batch of source()) {
    const rows: Row[] = [];
    for (const row of batch) {
      const levels = levelsOf(spec, row);
      const key = keyOf(levels, candidate);
      const cell = table.get(key);
      // A class the first pass did not see: the source changed between the passes.
      if (!cell) throw new Error('The source changed between the two passes of a release');
      if (!passes(cell)) continue;
      const published: Row = {};
      spec.quasiIdentifiers.forEach((q, i) => (published[q.column] = levels[i]![candidate[i]!] ?? null));
      for (const s of spec.sensitive ?? []) published[s.column] = row[s.column] ?? null;
      for (const c of spec.keep ?? []) published[c] = row[c] ?? null;
      scan(published);
      out.set(key, (out.get(key) ?? 0) + 1);
      rows.push(published);
    }
    if (rows.length) yield rows;
  }
  // What went out, counted again: each class at least k (the first pass's counts, re-proved).
  for (const [key, n] of out)
    if (n < spec.k)
      throw new DeidRefusal(
        'OPENDATA_K_NOT_REACHED',
        `An equivalence class of ${n} (< k = ${spec.k}) appeared while publishing (${key.replaceAll(SEP, ' / ')})`,
        null,
      );
}

const round = (n: number, decimals: number) => Math.round(n * 10 ** decimals) / 10 ** decimals;

function compareRows(a: Row, b: Row, spec: DeidSpec): number {
  for (const q of spec.quasiIdentifiers) {
    const x = String(a[q.column] ?? '');
    const y = String(b[q.column] ?? '');
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}
