/**
 * City events at scale for the cityops benchmarks (Open311's GET requests, the city screen):
 * `fillEvents` writes N events (1,000,000 by default) over the last D days straight into
 * cityops.events with one `generate_series` statement, spread over the active categories and
 * every grid of the seeded demo city (a point near the grid's community centre), in every
 * state: the newest still open, dispatched or in hand, the older ones mostly closed (some
 * merged, a few returned). With `updates`, each event also gets its public history rows
 * (opened; closed when closed) in cityops.event_updates. Runs on PostgreSQL (and PGlite).
 *
 * The numbers are `SJ` + the day + 9xxxxx, clear of the ones the server gives out.
 */
import type pg from 'pg';

export interface FillOptions {
  count?: number;
  days?: number;
  /** The time the events are generated back from (default now). */
  now?: Date;
  /** Also write each event's public history (cityops.event_updates). */
  updates?: boolean;
  log?: (m: string) => void;
}

export interface Filled {
  events: number;
  updates: number;
  seconds: number;
}

/** What a query needs of a client: pg's Client or Pool. */
type Sql = Pick<pg.Client, 'query'>;

export async function fillEvents(db: Sql, opts: FillOptions = {}): Promise<Filled> {
  const count = opts.count ?? 1_000_000;
  const days = opts.days ?? 90;
  const now = (opts.now ?? new Date()).toISOString();
  const log = opts.log ?? (() => {});
  const t0 = performance.now();
  log(`cityops-fill: ${count.toLocaleString('en')} events over ${days} days ...`);
  // A row per event; its category, grid, age and state derived from its serial number s.
  const inserted = await db.query(
    `with cats as (
       select row_number() over (order by c.code) - 1 as i, c.code, c.urgent, d.id as department_id
       from cityops.categories c left join org.departments d on d.code = c.department_code
       where c.active),
     ncat as (select count(*)::int as n from cats),
     places as (
       select row_number() over (order by g.code) - 1 as i, g.id as grid_id, g.community_id, m.region_code,
              m.lat, m.lng, m.name as community_name
       from org.grids g join org.communities m on m.id = g.community_id where m.lat is not null),
     nplace as (select count(*)::int as n from places),
     series as (
       select s,
              $2::timestamptz - make_interval(secs => ((s::bigint * 7919) % ($3::bigint * 86400))) as opened_at,
              (s::bigint * 2654435761) % 1000 as r
       from generate_series(1, $1::int) as s)
     insert into cityops.events (
       id, number, region_code, source, category_code, description, lat, lng, address,
       community_id, grid_id, department_id, status, urgent, deadline_at, anonymous,
       photos, close_note, close_photos, closed_at, merged_into, rating, reopen_until,
       token, opened_at, updated_at, version)
     select gen_random_uuid(),
            'SJ' || to_char(x.opened_at at time zone 'Asia/Shanghai', 'YYYYMMDD') || '9'
              || lpad((x.s % 100000)::text, 5, '0'),
            p.region_code,
            (array['citizen','citizen','citizen','hotline','hotline','open311','sensor','patrol'])[1 + x.s % 8],
            c.code,
            c.code || ' 事件 #' || x.s || '：' || p.community_name || '附近',
            p.lat + ((x.s % 97) - 48) * 0.00002, p.lng + ((x.s % 89) - 44) * 0.00002, null,
            p.community_id, p.grid_id, c.department_id,
            x.status, c.urgent,
            x.opened_at + case when c.urgent then interval '8 hours' else interval '5 days' end,
            x.s % 10 = 0,
            '[]', case when x.status = 'closed' then '已处置完毕' end, '[]',
            case when x.status = 'closed' then x.opened_at + interval '2 days' end,
            null,
            case when x.status = 'closed' and x.r % 3 = 0 then 1 + (x.r % 5)::int end,
            case when x.status = 'closed' then x.opened_at + interval '9 days' end,
            md5(x.s::text || $2::text),
            x.opened_at,
            case when x.status = 'closed' then x.opened_at + interval '2 days' else x.opened_at + interval '1 hour' end,
            1
     from (
       select s, opened_at, r,
              case
                when opened_at > $2::timestamptz - interval '3 days' then
                  (array['open','dispatched','processing','processing'])[1 + (r % 4)::int]
                when r < 880 then 'closed'
                when r < 910 then 'merged'
                when r < 930 then 'returned'
                when r < 965 then 'processing'
                else 'dispatched'
              end as status
       from series) x
     cross join ncat cross join nplace
     join cats c on c.i = x.s % ncat.n
     join places p on p.i = (x.s / ncat.n) % nplace.n`,
    [count, now, days],
  );
  const events = inserted.rowCount ?? 0;
  let updates = 0;
  if (opts.updates !== false) {
    log('cityops-fill: their public history ...');
    const opened = await db.query(
      `insert into cityops.event_updates (id, event_id, at, kind, status_after, actor_account_id, note, photos, public)
       select gen_random_uuid(), e.id, e.opened_at, 'opened', 'open', null, null, '[]', true
       from cityops.events e where e.number like 'SJ________9%'`,
    );
    const closed = await db.query(
      `insert into cityops.event_updates (id, event_id, at, kind, status_after, actor_account_id, note, photos, public)
       select gen_random_uuid(), e.id, e.closed_at, 'closed', 'closed', null, e.close_note, '[]', true
       from cityops.events e where e.number like 'SJ________9%' and e.status = 'closed'`,
    );
    updates = (opened.rowCount ?? 0) + (closed.rowCount ?? 0);
  }
  log('cityops-fill: analyze ...');
  await db.query('analyze cityops.events');
  if (opts.updates !== false) await db.query('analyze cityops.event_updates');
  const seconds = (performance.now() - t0) / 1000;
  log(
    `cityops-fill: ${events.toLocaleString('en')} events, ${updates.toLocaleString('en')} updates in ${seconds.toFixed(0)} s`,
  );
  return { events, updates, seconds };
}
