/**
 * SQL of the data tracker (谁查了我的数据): the access log (platform.personal_data_access)
 * by subject, newest first, one keyset page at a time, and the hidings law enforcement
 * records (exchange.access_hidings).
 *
 * The page is one index-only range scan: `personal_data_access_tracker` is
 * (subject_index, at desc, id desc) and includes every column the page reads or filters on,
 * so `subject_index = $1 and (at, id) < ($2, $3) order by at desc, id desc limit n` reads the
 * n entries it answers (and those the filters skip) off the index, not the heap. A hiding is looked up by its entry's id (primary key order).
 */
import { sql, type Kysely } from 'kysely';

/** The columns of the access log the tracker reads (the log is the platform's; exchange extends it). */
export interface TrackerTables {
  'platform.personal_data_access': {
    id: string;
    at: Date;
    subject_index: string;
    subject_kind: string | null;
    accessor_id: string | null;
    accessor_name: string;
    organisation: string | null;
    department_code: string | null;
    system_id: string | null;
    purpose: string;
    legal_basis: string | null;
    fields: string[];
    case_number: string | null;
    outcome: string | null;
    refusal: string | null;
    hidden_until: Date | null;
    resource_type: string;
    resource_id: string | null;
  };
  'exchange.access_hidings': {
    id: string;
    entry_id: string;
    hidden_until: Date;
    reason: string;
    department_code: string;
    hidden_by: string;
    created_at: Date;
  };
}

type Db = Kysely<TrackerTables>;

export interface TrackerFilter {
  departmentCode?: string | undefined;
  /** Part of the purpose, any case. */
  purpose?: string | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  /** One field read (`<registry>.<field>`, or a case's own field name). */
  field?: string | undefined;
  outcome?: 'read' | 'refused' | undefined;
  caseNumber?: string | undefined;
}

export interface Keyset {
  at: Date;
  id: string;
}

const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** One page of a subject's log, newest first, without entries hidden at `now` (the query, for EXPLAIN). */
export function pageQuery(
  db: Db,
  subjectIndexes: readonly string[],
  filter: TrackerFilter,
  after: Keyset | null,
  limit: number,
  now: Date,
) {
  let q = db
    .selectFrom('platform.personal_data_access as a')
    .select([
      'a.id',
      'a.at',
      'a.subject_kind',
      'a.accessor_name',
      'a.organisation',
      'a.department_code',
      'a.system_id',
      'a.purpose',
      'a.legal_basis',
      'a.fields',
      'a.case_number',
      'a.outcome',
      'a.refusal',
      'a.resource_type',
    ]);
  // One index in the common case (an equality keeps the scan ordered); several only while keys rotate.
  q =
    subjectIndexes.length === 1
      ? q.where('a.subject_index', '=', subjectIndexes[0]!)
      : q.where('a.subject_index', 'in', [...subjectIndexes]);
  if (after) q = q.where(sql<boolean>`(a.at, a.id) < (${after.at}, ${after.id}::uuid)`);
  if (filter.departmentCode) q = q.where('a.department_code', '=', filter.departmentCode);
  if (filter.purpose) q = q.where(sql<boolean>`a.purpose ilike ${`%${likeEscape(filter.purpose)}%`}`);
  if (filter.from) q = q.where('a.at', '>=', filter.from);
  if (filter.to) q = q.where('a.at', '<', filter.to);
  if (filter.field) q = q.where(sql<boolean>`${filter.field} = any(a.fields)`);
  if (filter.outcome === 'read')
    q = q.where((eb) => eb.or([eb('a.outcome', '=', 'read'), eb('a.outcome', 'is', null)]));
  if (filter.outcome === 'refused') q = q.where('a.outcome', '=', 'refused');
  if (filter.caseNumber) q = q.where('a.case_number', '=', filter.caseNumber);
  // Hidden by law enforcement: when the read was made, or afterwards (a hiding), until a date.
  q = q
    .where((eb) => eb.or([eb('a.hidden_until', 'is', null), eb('a.hidden_until', '<=', now)]))
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('exchange.access_hidings as h')
            .select('h.id')
            .whereRef('h.entry_id', '=', 'a.id')
            .where('h.hidden_until', '>', now),
        ),
      ),
    );
  return q.orderBy('a.at', 'desc').orderBy('a.id', 'desc').limit(limit);
}

export const entriesOf = (...args: Parameters<typeof pageQuery>) => pageQuery(...args).execute();

/** One entry of the log (for hiding it): who made the read. */
/** The resource ids of some entries (by primary key; outside the list's covering index, so asked only for the entries that link somewhere). */
export const resourceIdsOf = async (db: Db, ids: string[]): Promise<Map<string, string | null>> =>
  ids.length === 0
    ? new Map()
    : new Map(
        (
          await db
            .selectFrom('platform.personal_data_access')
            .select(['id', 'resource_id'])
            .where('id', 'in', ids)
            .execute()
        ).map((r) => [r.id, r.resource_id]),
      );

export const entryById = (db: Db, id: string) =>
  db
    .selectFrom('platform.personal_data_access')
    .select(['id', 'at', 'department_code', 'subject_kind', 'hidden_until'])
    .where('id', '=', id)
    .executeTakeFirst();

export const insertHiding = (db: Db, row: TrackerTables['exchange.access_hidings']) =>
  db.insertInto('exchange.access_hidings').values(row).execute();

/** The latest date an entry is hidden until (null when it never was). */
export async function hiddenUntil(db: Db, entryId: string): Promise<Date | null> {
  const r = await db
    .selectFrom('exchange.access_hidings')
    .select((eb) => eb.fn.max('hidden_until').as('until'))
    .where('entry_id', '=', entryId)
    .executeTakeFirst();
  return r?.until ?? null;
}
