/**
 * SQL of the efficiency statistics (supervision.statistics.ts): the per-case ledger
 * (`stat_cases`, what the counters already hold of each case) and the per-week counters
 * (`stat_weeks`), bumped one transition at a time, rebuilt set-based by the backfill, and read
 * by the dashboard.
 */
import { sql, type Kysely, type RawBuilder, type Selectable } from 'kysely';
import type { SupervisionTables } from './supervision.tables.ts';

export interface StatisticsTables extends SupervisionTables {
  'supervision.stat_cases': {
    case_id: string;
    region_code: string;
    department_code: string;
    item_code: string;
    channel: 'online' | 'window';
    zero_visit: boolean;
    fully_online: boolean;
    submitted_at: Date;
    closed_at: Date | null;
    outcome: 'completed' | 'rejected' | 'withdrawn' | null;
    /** Hours from the last complete submission to closing; and the promised limit's (null: none). */
    handling_hours: number | null;
    limit_hours: number | null;
  };
}

export type StatDb = Kysely<StatisticsTables>;
export type StatCaseRow = Selectable<StatisticsTables['supervision.stat_cases']>;

/** One transition's change to one week's counters. `bucket`: the handling-time bucket a decided case adds to. */
export interface Delta {
  regionCode: string;
  departmentCode: string;
  itemCode: string;
  /** Monday of the ISO week (YYYY-MM-DD, the city's time zone). */
  week: string;
  submitted?: number;
  closed?: number;
  decided?: number;
  completed?: number;
  handlingHours?: number;
  limited?: number;
  limitHours?: number;
  onTime?: number;
  zeroVisit?: number;
  fullyOnline?: number;
  bucket?: number | null;
  ratings?: number;
  good?: number;
  bad?: number;
}

/** The ledger rows of these cases, locked (one statement; cases in id order). */
export const statCasesForUpdate = (db: StatDb, caseIds: readonly string[]) =>
  caseIds.length === 0
    ? Promise.resolve([])
    : db
        .selectFrom('supervision.stat_cases')
        .selectAll()
        .where('case_id', 'in', caseIds)
        .orderBy('case_id')
        .forUpdate()
        .execute();

/** New ledger rows; the ids of those inserted (a row another delivery made first is left as it is). */
export async function insertStatCases(db: StatDb, rows: readonly StatCaseRow[]): Promise<Set<string>> {
  if (rows.length === 0) return new Set();
  const r = await db
    .insertInto('supervision.stat_cases')
    .values([...rows])
    .onConflict((oc) => oc.column('case_id').doNothing())
    .returning('case_id')
    .execute();
  return new Set(r.map((x) => x.case_id));
}

export type Closing = Pick<StatCaseRow, 'case_id' | 'closed_at' | 'outcome' | 'handling_hours' | 'limit_hours'>;

/** Close open ledger rows (one statement); the ids of those closed now. */
export async function closeStatCases(db: StatDb, closings: readonly Closing[]): Promise<Set<string>> {
  if (closings.length === 0) return new Set();
  const col = <K extends keyof Closing>(k: K) => closings.map((c) => c[k]);
  const { rows } = await sql<{ case_id: string }>`
    update supervision.stat_cases s
       set closed_at = v.closed_at, outcome = v.outcome, handling_hours = v.handling_hours, limit_hours = v.limit_hours
      from unnest(${col('case_id')}::text[], ${closings.map((c) => c.closed_at!.toISOString())}::timestamptz[],
             ${col('outcome')}::text[], ${col('handling_hours')}::float8[], ${col('limit_hours')}::float8[])
           as v(case_id, closed_at, outcome, handling_hours, limit_hours)
     where s.case_id = v.case_id and s.closed_at is null
    returning s.case_id`.execute(db);
  return new Set(rows.map((r) => r.case_id));
}

const intArray = (xs: readonly number[]) => sql`${`{${xs.join(',')}}`}::int[]`;

/** The key of the roll-up rows: a department's (item `*`) and the region's (department and item `*`). */
export const ALL = '*';

const COUNTERS = [
  'submitted',
  'closed',
  'decided',
  'completed',
  'handlingHours',
  'limited',
  'limitHours',
  'onTime',
  'zeroVisit',
  'fullyOnline',
  'ratings',
  'good',
  'bad',
] as const;

type Row = Required<Pick<Delta, (typeof COUNTERS)[number]>> & {
  key: [string, string, string, string];
  hist: number[];
};

/**
 * Add deltas to their weeks' counters: each to its item's row and its roll-ups (the department's,
 * the region's), made on first use. The deltas of one row are summed first, and the rows are
 * written in one statement in key order, whoever calls: two writers lock rows in the same order.
 */
export async function bump(db: StatDb, deltas: readonly Delta[], buckets: number): Promise<void> {
  const rows = new Map<string, Row>();
  for (const d of deltas)
    for (const [department, item] of [
      [d.departmentCode, d.itemCode],
      [d.departmentCode, ALL],
      [ALL, ALL],
    ] as const) {
      const key: Row['key'] = [d.regionCode, department, item, d.week];
      const id = key.join('\u0000');
      let row = rows.get(id);
      if (!row) {
        row = {
          key,
          hist: new Array<number>(buckets).fill(0),
          ...Object.fromEntries(COUNTERS.map((c) => [c, 0])),
        } as Row;
        rows.set(id, row);
      }
      for (const c of COUNTERS) row[c] += d[c] ?? 0;
      if (d.bucket !== undefined && d.bucket !== null) row.hist[d.bucket]! += 1;
    }
  if (rows.size === 0) return;
  const sorted = [...rows].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, r]) => r);
  const values = sorted.map(
    (r) =>
      sql`(${r.key[0]}, ${r.key[1]}, ${r.key[2]}, ${r.key[3]}::date, ${r.submitted}, ${r.closed}, ${r.decided},
        ${r.completed}, ${r.handlingHours}, ${r.limited}, ${r.limitHours}, ${r.onTime}, ${r.zeroVisit}, ${r.fullyOnline},
        ${intArray(r.hist)}, ${r.ratings}, ${r.good}, ${r.bad})`,
  );
  await sql`
    insert into supervision.stat_weeks as s (region_code, department_code, item_code, week, submitted, closed, decided,
      completed, handling_hours, limited, limit_hours, on_time, zero_visit, fully_online, hist, ratings, good, bad)
    values ${sql.join(values)}
    on conflict (region_code, department_code, item_code, week) do update set
      submitted = s.submitted + excluded.submitted, closed = s.closed + excluded.closed,
      decided = s.decided + excluded.decided, completed = s.completed + excluded.completed,
      handling_hours = s.handling_hours + excluded.handling_hours, limited = s.limited + excluded.limited,
      limit_hours = s.limit_hours + excluded.limit_hours, on_time = s.on_time + excluded.on_time,
      zero_visit = s.zero_visit + excluded.zero_visit, fully_online = s.fully_online + excluded.fully_online,
      hist = array(select coalesce(a, 0) + coalesce(b, 0)
                     from unnest(s.hist, excluded.hist) with ordinality as h(a, b, i) order by i),
      ratings = s.ratings + excluded.ratings, good = s.good + excluded.good, bad = s.bad + excluded.bad`.execute(db);
}

/** Backfill: the ledger rows of a page of cases, as they stand now (a rerun rewrites them the same). */
export async function upsertStatCases(db: StatDb, rows: readonly StatCaseRow[]): Promise<void> {
  if (rows.length === 0) return;
  const col = <K extends keyof StatCaseRow>(k: K) => rows.map((r) => r[k]);
  const iso = (d: Date | null) => (d ? d.toISOString() : null);
  await sql`
    insert into supervision.stat_cases (case_id, region_code, department_code, item_code, channel, zero_visit,
      fully_online, submitted_at, closed_at, outcome, handling_hours, limit_hours)
    select * from unnest(${col('case_id')}::text[], ${col('region_code')}::text[], ${col('department_code')}::text[],
      ${col('item_code')}::text[], ${col('channel')}::text[], ${col('zero_visit')}::boolean[],
      ${col('fully_online')}::boolean[], ${rows.map((r) => r.submitted_at.toISOString())}::timestamptz[],
      ${rows.map((r) => iso(r.closed_at))}::timestamptz[], ${col('outcome')}::text[],
      ${col('handling_hours')}::float8[], ${col('limit_hours')}::float8[])
    on conflict (case_id) do update set region_code = excluded.region_code, department_code = excluded.department_code,
      item_code = excluded.item_code, channel = excluded.channel, zero_visit = excluded.zero_visit,
      fully_online = excluded.fully_online, submitted_at = excluded.submitted_at, closed_at = excluded.closed_at,
      outcome = excluded.outcome, handling_hours = excluded.handling_hours, limit_hours = excluded.limit_hours`.execute(
    db,
  );
}

/** `count(*) filter (where bucket = k)` for every bucket: a histogram in one aggregate pass. */
const histOf = (buckets: number, bucket: RawBuilder<unknown>) =>
  sql`array[${sql.join(
    Array.from({ length: buckets }, (_, k) => sql`(count(*) filter (where ${bucket} = ${sql.lit(k)}))::int`),
  )}]`;

/**
 * The backfill's second step: every week's counters again from the ledger and the ratings, in one
 * transaction holding both tables against the event handlers (they wait, then add to the result).
 */
export async function rebuildWeeks(db: StatDb, timeZone: string, bounds: readonly number[]): Promise<number> {
  await sql`lock table supervision.stat_cases, supervision.stat_weeks in share row exclusive mode`.execute(db);
  await sql`delete from supervision.stat_weeks`.execute(db);
  const tz = sql.lit(timeZone);
  const week = (col: string) => sql`date_trunc('week', ${sql.ref(col)} at time zone ${tz})::date`;
  const boundsLit = sql.lit(`{${bounds.join(',')}}`);
  const res = await sql`
    insert into supervision.stat_weeks (region_code, department_code, item_code, week, submitted, closed, decided,
      completed, handling_hours, limited, limit_hours, on_time, zero_visit, fully_online, hist, ratings, good, bad)
    select region_code, coalesce(department_code, ${ALL}), coalesce(item_code, ${ALL}), week, sum(submitted)::int, sum(closed)::int, sum(decided)::int,
      sum(completed)::int, coalesce(sum(handling_hours), 0), (count(limit_hours))::int, coalesce(sum(limit_hours), 0),
      sum(on_time)::int, sum(zero_visit)::int, sum(fully_online)::int, ${histOf(bounds.length + 1, sql`bucket`)},
      sum(ratings)::int, sum(good)::int, sum(bad)::int
    from (
      select region_code, department_code, item_code, ${week('submitted_at')} as week, 1 as submitted, 0 as closed,
        0 as decided, 0 as completed, null::float8 as handling_hours, null::float8 as limit_hours, 0 as on_time,
        0 as zero_visit, 0 as fully_online, null::int as bucket, 0 as ratings, 0 as good, 0 as bad
      from supervision.stat_cases
      union all
      select region_code, department_code, item_code, ${week('closed_at')}, 0, 1, d, (outcome = 'completed')::int,
        case when d = 1 then handling_hours end, case when d = 1 then limit_hours end,
        (d = 1 and limit_hours is not null and handling_hours <= limit_hours)::int, d * zero_visit::int,
        d * fully_online::int, case when d = 1 then width_bucket(handling_hours, ${boundsLit}::float8[]) end, 0, 0, 0
      from (select *, (outcome <> 'withdrawn')::int as d from supervision.stat_cases where closed_at is not null) c
      union all
      select p.region_code, p.department_code, p.item_code, ${week('rated_at')}, 0, 0, 0, 0, null, null, 0, 0, 0,
        null, 1, (p.score >= 3)::int, (p.score <= 2)::int
      from supervision.rating_parts p join supervision.ratings r on r.id = p.rating_id
    ) x
    group by grouping sets ((region_code, department_code, item_code, week), (region_code, department_code, week),
      (region_code, week))`.execute(db);
  return Number(res.numAffectedRows ?? 0);
}

/** Which counters a dashboard reads: a region's (a supervisor's) or departments' (a head's). */
export interface StatScope {
  regions: readonly string[];
  departments: readonly { regionCode: string; departmentCode: string }[];
  /** Only this department (within the scope). */
  department: string | null;
}

/** A supervisor's whole region: its weeks are the region's roll-up rows, and items are not listed. */
export const cityWide = (s: StatScope): boolean => s.department === null && s.departments.length === 0;

export interface SumRow {
  key: string;
  department_code: string;
  submitted: number;
  closed: number;
  decided: number;
  completed: number;
  handling_hours: number;
  limited: number;
  limit_hours: number;
  on_time: number;
  zero_visit: number;
  fully_online: number;
  hist: number[];
  ratings: number;
  good: number;
  bad: number;
}

const inScope = (s: StatScope) =>
  sql.join(
    [
      ...(s.regions.length ? [sql`region_code in (${sql.join(s.regions)})`] : []),
      ...s.departments.map((d) => sql`(region_code = ${d.regionCode} and department_code = ${d.departmentCode})`),
    ],
    sql` or `,
  );

/** The rows a grouping reads: roll-ups wherever they answer it, the items' rows only for the item list. */
function rowsOf(s: StatScope, by: 'week' | 'department' | 'item' | 'before') {
  const dept = s.department ? sql` and department_code = ${s.department}` : sql``;
  if ((by === 'week' || by === 'before') && cityWide(s))
    return sql`region_code in (${sql.join(s.regions)}) and department_code = ${ALL} and item_code = ${ALL}`;
  const level = by === 'item' ? sql`item_code <> ${ALL}` : sql`item_code = ${ALL} and department_code <> ${ALL}`;
  return sql`(${inScope(s)}) and ${level}${dept}`;
}

/**
 * The counters of a scope summed by week, department or item over [from, to] (Mondays), or the
 * sums before `from` (what the backlog starts with).
 */
export async function sums(
  db: StatDb,
  s: StatScope,
  by: 'week' | 'department' | 'item' | 'before',
  from: string,
  to: string,
  buckets: number,
): Promise<SumRow[]> {
  if (s.regions.length === 0 && s.departments.length === 0) return [];
  const key =
    by === 'week'
      ? sql`to_char(week, 'YYYY-MM-DD')`
      : by === 'department'
        ? sql`department_code`
        : by === 'item'
          ? sql`item_code`
          : sql`''`;
  const dept = by === 'item' || by === 'department' ? sql`department_code` : sql`''`;
  const range = by === 'before' ? sql`week < ${from}::date` : sql`week between ${from}::date and ${to}::date`;
  const res = await sql<SumRow>`
    select ${key} as key, ${dept} as department_code, sum(submitted)::int as submitted, sum(closed)::int as closed,
      sum(decided)::int as decided, sum(completed)::int as completed, sum(handling_hours)::float8 as handling_hours,
      sum(limited)::int as limited, sum(limit_hours)::float8 as limit_hours, sum(on_time)::int as on_time,
      sum(zero_visit)::int as zero_visit, sum(fully_online)::int as fully_online,
      ${by === 'before' ? sql`'{}'::int[]` : sql`array[${sql.join(Array.from({ length: buckets }, (_, k) => sql`sum(hist[${sql.lit(k + 1)}])::int`))}]`} as hist,
      sum(ratings)::int as ratings, sum(good)::int as good, sum(bad)::int as bad
    from supervision.stat_weeks
    where ${rowsOf(s, by)} and ${range}
    group by 1, 2 order by 1, 2`.execute(db);
  return res.rows;
}
