/** The 12345 desk's queries (Kysely; SQL both PGlite and PostgreSQL 15 accept). */
import { sql, type Kysely } from 'kysely';
import type { CallOutcome, CallType, HotlineTables } from './cityops.hotline.tables.ts';

export type HotlineDb = Kysely<HotlineTables>;
export type CallRow = HotlineTables['cityops.calls'];

export async function nextCallSerial(db: HotlineDb): Promise<number> {
  const r = await sql<{ n: string }>`select nextval('cityops.call_number_seq')::text as n`.execute(db);
  return Number(r.rows[0]!.n);
}

export const insertCall = (db: HotlineDb, row: CallRow) => db.insertInto('cityops.calls').values(row).execute();

export const callById = (db: HotlineDb, id: string) =>
  db.selectFrom('cityops.calls').selectAll().where('id', '=', id).executeTakeFirst();

export const callByKey = (db: HotlineDb, operatorId: string, key: string) =>
  db
    .selectFrom('cityops.calls')
    .selectAll()
    .where('operator_account_id', '=', operatorId)
    .where('idempotency_key', '=', key)
    .executeTakeFirst();

export interface CallFilter {
  regions: string[];
  type?: CallType | undefined;
  outcome?: CallOutcome | undefined;
  repeatOnly?: boolean | undefined;
}

function filtered(db: HotlineDb, f: CallFilter) {
  let q = db.selectFrom('cityops.calls').where('region_code', 'in', f.regions);
  if (f.type) q = q.where('type', '=', f.type);
  if (f.outcome) q = q.where('outcome', '=', f.outcome);
  if (f.repeatOnly) q = q.where('repeat_caller', '=', true);
  return q;
}

export async function callPage(db: HotlineDb, f: CallFilter, offset: number, limit: number) {
  const [rows, count] = await Promise.all([
    filtered(db, f)
      .selectAll()
      .orderBy('received_at', 'desc')
      .orderBy('id', 'desc')
      .offset(offset)
      .limit(limit)
      .execute(),
    filtered(db, f)
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

/** A caller's calls (by any loaded key's blind index of the number), newest first. */
export async function callsOfCaller(db: HotlineDb, regions: string[], indexes: string[], limit: number) {
  const base = db
    .selectFrom('cityops.calls')
    .where('region_code', 'in', regions)
    .where('caller_phone_bidx', 'in', indexes);
  const [rows, count] = await Promise.all([
    base.selectAll().orderBy('received_at', 'desc').orderBy('id', 'desc').limit(limit).execute(),
    base.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

/** Whether the number called in the region since `since` (a repeated caller). */
export async function calledSince(db: HotlineDb, regionCode: string, indexes: string[], since: Date) {
  const r = await db
    .selectFrom('cityops.calls')
    .select('id')
    .where('region_code', '=', regionCode)
    .where('caller_phone_bidx', 'in', indexes)
    .where('received_at', '>=', since)
    .limit(1)
    .executeTakeFirst();
  return r !== undefined;
}

export interface DayRow {
  day: string;
  type: CallType;
  total: string | number;
  answered: string | number;
  repeats: string | number;
}

/** Calls per local day and type in [from, to): the figures' raw counts. */
export async function callsByDay(db: HotlineDb, regions: string[], from: Date, to: Date, timeZone: string) {
  const day = sql<string>`to_char(received_at at time zone ${timeZone}, 'YYYY-MM-DD')`;
  return db
    .selectFrom('cityops.calls')
    .select([
      day.as('day'),
      'type',
      (eb) => eb.fn.countAll<string>().as('total'),
      sql<string>`count(*) filter (where outcome = 'answered')`.as('answered'),
      sql<string>`count(*) filter (where repeat_caller)`.as('repeats'),
    ])
    .where('region_code', 'in', regions)
    .where('received_at', '>=', from)
    .where('received_at', '<', to)
    .groupBy([sql`1`, sql`2`])
    .execute() as Promise<DayRow[]>;
}

/** Distinct numbers that called more than once in [from, to). */
export async function repeatCallers(db: HotlineDb, regions: string[], from: Date, to: Date) {
  const r = await sql<{ n: string }>`select count(*)::text as n from (
      select caller_phone_bidx from cityops.calls
      where region_code in (${sql.join(regions)}) and received_at >= ${from} and received_at < ${to}
      group by caller_phone_bidx having count(*) > 1) repeated`.execute(db);
  return Number(r.rows[0]?.n ?? 0);
}
