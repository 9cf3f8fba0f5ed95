/**
 * The city screen's per-day counters (cityops.screen_counts): what the first load reads instead
 * of scanning the events. An event contributes, on local days of the city's time zone:
 *
 * - `status` (its status) on the day it opened: the counts by status are their sum;
 * - `opened`, `category` (its category), `source` (its source) and `heat` (its 200 m cell, when
 *   placed) on the day it opened: the trend, top categories, sources and heat of a window;
 * - `closed`, and `closed_due` / `on_time` when it had a deadline, on the day it closed (merged
 *   events carry a closing time too): closings per day and time-limit compliance;
 * - `due` on its deadline's day while unfinished: the overdue now are the `due` of the days
 *   before today, plus the unfinished events due earlier today (an index range).
 *
 * Every change of an event applies, in its own transaction, the difference between what the
 * event contributes after and before (`applyChange`), so the counters are always what a scan
 * would count. The rows a change touches are upserted in one statement in key order (no
 * deadlock between two changes). `rebuild` computes them afresh from the events (the first
 * start after the migration, a bulk load, `yiwang cityops-screen-backfill`), holding writers off
 * for the few seconds a million events take.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import { scoped } from '../../platform/db.ts';
import { localDate } from '../../platform/time-zone.ts';
import type { EventRow } from './cityops.repository.ts';

export interface CountsTables {
  'cityops.screen_counts': { region_code: string; metric: string; day: string; key: string; n: number | string };
  'cityops.screen_counts_state': { id: number; rebuilt_at: Date; events: number | string };
}

export type Metric = 'status' | 'opened' | 'category' | 'source' | 'heat' | 'closed' | 'closed_due' | 'on_time' | 'due';

/** What a change needs of an event row. */
export type CountedRow = Pick<
  EventRow,
  'region_code' | 'status' | 'category_code' | 'source' | 'lat' | 'lng' | 'opened_at' | 'closed_at' | 'deadline_at'
>;

const UNFINISHED = new Set(['open', 'dispatched', 'processing', 'returned']);
/** Heat cells of 1/500 degree (about 200 m): the same rounding here and in SQL (floor(x * 500 + 0.5)). */
export const HEAT_CELLS_PER_DEGREE = 500;
const cell = (x: number) => Math.floor(x * HEAT_CELLS_PER_DEGREE + 0.5);

/** The counters an event adds to, as "metric|day|key" (one each). */
export function contributions(r: CountedRow, timeZone: string): string[] {
  const opened = localDate(r.opened_at, timeZone);
  const out = [
    `status|${opened}|${r.status}`,
    `opened|${opened}|`,
    `category|${opened}|${r.category_code}`,
    `source|${opened}|${r.source}`,
  ];
  if (r.lat !== null && r.lng !== null) out.push(`heat|${opened}|${cell(r.lat)}:${cell(r.lng)}`);
  if (r.closed_at !== null) {
    const closed = localDate(r.closed_at, timeZone);
    out.push(`closed|${closed}|`);
    if (r.deadline_at !== null) {
      out.push(`closed_due|${closed}|`);
      if (r.closed_at.getTime() <= r.deadline_at.getTime()) out.push(`on_time|${closed}|`);
    }
  }
  if (r.deadline_at !== null && UNFINISHED.has(r.status)) out.push(`due|${localDate(r.deadline_at, timeZone)}|`);
  return out;
}

/** The counters' changes from `before` (null: the event is new) to `after`, sorted by key. */
export function deltas(
  before: CountedRow | null,
  after: CountedRow,
  timeZone: string,
): { region: string; key: string; n: number }[] {
  const d = new Map<string, number>();
  const add = (r: CountedRow, sign: number) => {
    for (const k of contributions(r, timeZone)) {
      const key = `${r.region_code}|${k}`;
      d.set(key, (d.get(key) ?? 0) + sign);
    }
  };
  if (before) add(before, -1);
  add(after, 1);
  return [...d]
    .filter(([, n]) => n !== 0)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, n]) => ({ region: key.slice(0, key.indexOf('|')), key, n }));
}

/** Apply one change of an event to the counters, in the change's transaction. */
export async function applyChange(
  tx: Transaction<object>,
  before: CountedRow | null,
  after: CountedRow,
  timeZone: string,
): Promise<void> {
  const rows = deltas(before, after, timeZone).map(({ key, n }) => {
    const [region_code, metric, day, ...rest] = key.split('|');
    return { region_code: region_code!, metric: metric!, day: day!, key: rest.join('|'), n };
  });
  if (rows.length === 0) return;
  await scoped<CountsTables>(tx)
    .insertInto('cityops.screen_counts')
    .values(rows)
    .onConflict((oc) =>
      oc.columns(['region_code', 'metric', 'day', 'key']).doUpdateSet({ n: sql`cityops.screen_counts.n + excluded.n` }),
    )
    .execute();
}

/** Whether the counters were ever built from the events (else the screen rebuilds them first). */
export async function built(db: Kysely<object>): Promise<boolean> {
  const r = await scoped<CountsTables>(db)
    .selectFrom('cityops.screen_counts_state')
    .select('id')
    .where('id', '=', 1)
    .executeTakeFirst();
  return r !== undefined;
}

/**
 * Compute every counter afresh from the events, in the caller's transaction: the events are held
 * against writers (SHARE) first, as writers take them, then the counters (EXCLUSIVE: a second
 * rebuild waits, then finds them built when `onlyIfMissing`). Answers the events counted, or
 * null when another rebuild had done it.
 */
export async function rebuild(
  tx: Transaction<object>,
  timeZone: string,
  now: Date,
  onlyIfMissing: boolean,
): Promise<number | null> {
  const db = scoped<CountsTables>(tx);
  await sql`lock table cityops.events in share mode`.execute(db);
  await sql`lock table cityops.screen_counts in exclusive mode`.execute(db);
  if (onlyIfMissing && (await built(tx))) return null;
  await db.deleteFrom('cityops.screen_counts').execute();
  const day = (col: string) => sql`to_char(${sql.ref(col)} at time zone ${timeZone}, 'YYYY-MM-DD')`;
  const cellOf = (col: string) => sql`floor(${sql.ref(col)} * ${HEAT_CELLS_PER_DEGREE} + 0.5)::bigint::text`;
  // One pass over the events: each row fans out to the counters it adds to (a null key adds to none).
  await sql`
    insert into cityops.screen_counts (region_code, metric, day, key, n)
    select e.region_code, v.metric, v.day, v.key, count(*)
      from (select region_code, status::text as status, category_code, source::text as source,
                   lat, lng, closed_at, deadline_at,
                   ${day('opened_at')} as od, ${day('closed_at')} as cd, ${day('deadline_at')} as dd
              from cityops.events) e
     cross join lateral (values
       ('status', e.od, e.status),
       ('opened', e.od, ''),
       ('category', e.od, e.category_code),
       ('source', e.od, e.source),
       ('heat', e.od, case when e.lat is not null and e.lng is not null then ${cellOf('e.lat')} || ':' || ${cellOf('e.lng')} end),
       ('closed', e.cd, case when e.closed_at is not null then '' end),
       ('closed_due', e.cd, case when e.closed_at is not null and e.deadline_at is not null then '' end),
       ('on_time', e.cd, case when e.closed_at <= e.deadline_at then '' end),
       ('due', e.dd, case when e.deadline_at is not null
                         and e.status in ('open', 'dispatched', 'processing', 'returned') then '' end)
     ) v(metric, day, key)
     where v.key is not null
     group by 1, 2, 3, 4`.execute(db);
  const r = await sql<{ n: string }>`select count(*)::text as n from cityops.events`.execute(db);
  const events = Number(r.rows[0]?.n ?? 0);
  await sql`
    insert into cityops.screen_counts_state (id, rebuilt_at, events) values (1, ${now}, ${events})
    on conflict (id) do update set rebuilt_at = excluded.rebuilt_at, events = excluded.events`.execute(db);
  return events;
}
