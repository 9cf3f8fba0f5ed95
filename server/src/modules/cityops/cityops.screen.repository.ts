/**
 * The city screen's SQL: aggregates over cityops.events for one region, each answered from an
 * index (the operators' (region_code, status, opened_at) index and the screen's own two:
 * opened_at and closed_at per region, with the columns the figures read included), so the
 * first load stays well under a second with a million events (docs/benchmarks.md).
 */
import { sql, type Kysely } from 'kysely';
import type { ScreenTables } from './cityops.screen.tables.ts';

type Db = Kysely<ScreenTables>;

/** Unfinished: still to be handled by someone (a returned event waits for the operator). */
export const UNFINISHED = ['open', 'dispatched', 'processing', 'returned'] as const;

export async function statusCounts(db: Db, region: string): Promise<{ status: string; n: number }[]> {
  const r = await sql<{ status: string; n: number }>`
    select status, count(*)::int as n from cityops.events where region_code = ${region} group by status`.execute(db);
  return r.rows;
}

export async function closedSince(
  db: Db,
  region: string,
  since: Date,
  today: Date,
): Promise<{ closed: number; on_time: number; today: number }> {
  const r = await sql<{ closed: number; on_time: number; today: number }>`
    select count(*) filter (where deadline_at is not null)::int as closed,
           count(*) filter (where deadline_at is not null and closed_at <= deadline_at)::int as on_time,
           count(*) filter (where closed_at >= ${today})::int as today
      from cityops.events
     where region_code = ${region} and closed_at >= ${since} and closed_at is not null`.execute(db);
  return r.rows[0] ?? { closed: 0, on_time: 0, today: 0 };
}

export async function overdueNow(db: Db, region: string, now: Date): Promise<number> {
  const r = await sql<{ n: number }>`
    select count(*)::int as n from cityops.events
     where region_code = ${region} and status in ('open', 'dispatched', 'processing', 'returned')
       and deadline_at < ${now}`.execute(db);
  return r.rows[0]?.n ?? 0;
}

export async function openedPerDay(
  db: Db,
  region: string,
  since: Date,
  timeZone: string,
): Promise<{ day: string; n: number }[]> {
  const r = await sql<{ day: string; n: number }>`
    select to_char(opened_at at time zone ${timeZone}, 'YYYY-MM-DD') as day, count(*)::int as n
      from cityops.events where region_code = ${region} and opened_at >= ${since}
     group by 1`.execute(db);
  return r.rows;
}

export async function closedPerDay(
  db: Db,
  region: string,
  since: Date,
  timeZone: string,
): Promise<{ day: string; n: number }[]> {
  const r = await sql<{ day: string; n: number }>`
    select to_char(closed_at at time zone ${timeZone}, 'YYYY-MM-DD') as day, count(*)::int as n
      from cityops.events where region_code = ${region} and closed_at >= ${since} and closed_at is not null
     group by 1`.execute(db);
  return r.rows;
}

export async function topCategories(
  db: Db,
  region: string,
  since: Date,
  limit: number,
): Promise<{ code: string; name: string; name_en: string; n: number }[]> {
  const r = await sql<{ code: string; name: string; name_en: string; n: number }>`
    select t.code, coalesce(c.name, t.code) as name, coalesce(c.name_en, t.code) as name_en, t.n
      from (select category_code as code, count(*)::int as n from cityops.events
             where region_code = ${region} and opened_at >= ${since}
             group by 1 order by 2 desc, 1 limit ${limit}) t
      left join cityops.categories c on c.code = t.code
     order by t.n desc, t.code`.execute(db);
  return r.rows;
}

export async function sources(db: Db, region: string, since: Date): Promise<{ source: string; n: number }[]> {
  const r = await sql<{ source: string; n: number }>`
    select source, count(*)::int as n from cityops.events
     where region_code = ${region} and opened_at >= ${since} group by 1 order by 2 desc`.execute(db);
  return r.rows;
}

/** Events opened since `since`, counted in cells of 1/500 degree (about 200 m). */
export async function heat(db: Db, region: string, since: Date): Promise<{ lat: number; lng: number; n: number }[]> {
  const r = await sql<{ lat: number; lng: number; n: number }>`
    select round(lat * 500)::float8 / 500 as lat, round(lng * 500)::float8 / 500 as lng, count(*)::int as n
      from cityops.events
     where region_code = ${region} and opened_at >= ${since} and lat is not null and lng is not null
     group by 1, 2`.execute(db);
  return r.rows;
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
