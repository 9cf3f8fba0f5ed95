/**
 * The city screen's SQL. The figures read the per-day counters (cityops.screen_counts, kept by
 * every change of an event: cityops.screen.counters.ts), a few hundred rows for a region and a
 * window whatever the number of events; the map's events are one index range per status.
 */
import { sql, type Kysely } from 'kysely';
import type { ScreenTables } from './cityops.screen.tables.ts';

type Db = Kysely<ScreenTables>;

/** Unfinished: still to be handled by someone (a returned event waits for the operator). */
export const UNFINISHED = ['open', 'dispatched', 'processing', 'returned'] as const;

/** A counter's sums by key over all days (`from` null) or the days from `from` on (YYYY-MM-DD). */
export async function sumsByKey(
  db: Db,
  region: string,
  metric: string,
  from: string | null,
): Promise<{ key: string; n: number }[]> {
  const r = await sql<{ key: string; n: string }>`
    select key, sum(n)::int8::text as n from cityops.screen_counts
     where region_code = ${region} and metric = ${metric} ${from === null ? sql`` : sql`and day >= ${from}`}
     group by key`.execute(db);
  return r.rows.map((x) => ({ key: x.key, n: Number(x.n) })).filter((x) => x.n !== 0);
}

/** Counters summed per day from `from` on (the trend, closings, compliance). */
export async function sumsByDay(
  db: Db,
  region: string,
  metrics: readonly string[],
  from: string,
): Promise<{ metric: string; day: string; n: number }[]> {
  const r = await sql<{ metric: string; day: string; n: string }>`
    select metric, day, sum(n)::int8::text as n from cityops.screen_counts
     where region_code = ${region} and metric in (${sql.join(metrics)}) and day >= ${from}
     group by metric, day`.execute(db);
  return r.rows.map((x) => ({ metric: x.metric, day: x.day, n: Number(x.n) }));
}

/** The top categories opened from `from` on, with their names. */
export async function topCategories(
  db: Db,
  region: string,
  from: string,
  limit: number,
): Promise<{ code: string; name: string; name_en: string; n: number }[]> {
  const r = await sql<{ code: string; name: string; name_en: string; n: string }>`
    select t.code, coalesce(c.name, t.code) as name, coalesce(c.name_en, t.code) as name_en, t.n::text as n
      from (select key as code, sum(n)::int8 as n from cityops.screen_counts
             where region_code = ${region} and metric = 'category' and day >= ${from}
             group by key having sum(n) > 0 order by 2 desc, 1 limit ${limit}) t
      left join cityops.categories c on c.code = t.code
     order by t.n desc, t.code`.execute(db);
  return r.rows.map((x) => ({ ...x, n: Number(x.n) }));
}

/**
 * Unfinished events past their deadline now: those due before today from the counters, and
 * those due earlier today from the events (a range of the partial index events_screen_due).
 */
export async function overdueNow(db: Db, region: string, today: string, todayStart: Date, now: Date): Promise<number> {
  const [before, earlier] = await Promise.all([
    sql<{ n: string | null }>`
      select sum(n)::int8::text as n from cityops.screen_counts
       where region_code = ${region} and metric = 'due' and day < ${today}`.execute(db),
    sql<{ n: string }>`
      select count(*)::text as n from cityops.events
       where region_code = ${region} and status in ('open', 'dispatched', 'processing', 'returned')
         and deadline_at is not null and deadline_at >= ${todayStart} and deadline_at < ${now}`.execute(db),
  ]);
  return Number(before.rows[0]?.n ?? 0) + Number(earlier.rows[0]?.n ?? 0);
}

export interface MapEventRow {
  id: string;
  number: string;
  status: string;
  category_code: string;
  source: string;
  urgent: boolean;
  lat: number;
  lng: number;
  opened_at: Date;
  deadline_at: Date | null;
}

/**
 * The latest unfinished events with a position: one index range per status (the operators'
 * index), merged, so a city with a large backlog still reads only `limit` rows per status.
 */
export async function latestUnfinished(db: Db, region: string, limit: number): Promise<MapEventRow[]> {
  const one = (status: string) => sql`
    (select id, number, status, category_code, source, urgent, lat, lng, opened_at, deadline_at
       from cityops.events
      where region_code = ${region} and status = ${status} and lat is not null and lng is not null
      order by opened_at desc limit ${limit})`;
  const r = await sql<MapEventRow>`
    select * from (${one('open')} union all ${one('dispatched')} union all ${one('processing')}
                   union all ${one('returned')}) u
     order by opened_at desc limit ${limit}`.execute(db);
  return r.rows;
}

export async function mapEvent(db: Db, id: string): Promise<(MapEventRow & { region_code: string }) | null> {
  const r = await sql<MapEventRow & { region_code: string }>`
    select id, number, status, category_code, source, urgent, lat, lng, opened_at, deadline_at, region_code
      from cityops.events where id = ${id}`.execute(db);
  return r.rows[0] ?? null;
}

// ------------------------------------------------------------------ the live feed between nodes

export async function appendFeed(
  db: Db,
  row: { at: Date; node: string; kind: 'event' | 'sensor' | 'call'; regionCode: string; payload: string },
): Promise<void> {
  await db
    .insertInto('cityops.screen_feed')
    .values({ at: row.at, node: row.node, kind: row.kind, region_code: row.regionCode, payload: row.payload })
    .execute();
}

export async function feedHead(db: Db): Promise<number> {
  const r = await sql<{ seq: number | null }>`select max(seq)::int8 as seq from cityops.screen_feed`.execute(db);
  return Number(r.rows[0]?.seq ?? 0);
}

export async function feedAfter(
  db: Db,
  seq: number,
  limit: number,
): Promise<{ seq: number; node: string; kind: 'event' | 'sensor' | 'call'; region_code: string; payload: string }[]> {
  const rows = await db
    .selectFrom('cityops.screen_feed')
    .select(['seq', 'node', 'kind', 'region_code', 'payload'])
    .where('seq', '>', seq)
    .orderBy('seq')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ ...r, seq: Number(r.seq) }));
}

export async function pruneFeed(db: Db, before: Date): Promise<void> {
  await db.deleteFrom('cityops.screen_feed').where('at', '<', before).execute();
}
