/** All SQL of supervision's anomaly flags (异常预警): the incremental statements and the full pass's set-based ones. */
import { sql, type ExpressionBuilder, type Insertable, type Kysely, type Selectable, type Transaction } from 'kysely';
import { scoped } from '../../platform/db.ts';
import { BUCKET_SQL, BUCKETS, type RuleKind } from './supervision.anomaly-rules.ts';
import type { AnomalyTables, FlagStatus } from './supervision.anomalies.tables.ts';
import type { Scope } from './supervision.policy.ts';

type T = AnomalyTables;
export type AnDb = Kysely<AnomalyTables>;
export const anDb = (db: Kysely<object> | Transaction<object>): AnDb => scoped<AnomalyTables>(db);
export type CaseRow = Insertable<T['supervision.anomaly_cases']>;
export type FlagRow = Selectable<T['supervision.anomaly_flags']>;
export type NewFlag = Insertable<T['supervision.anomaly_flags']>;

export const latestRuleset = (db: AnDb, regionCode: string) =>
  db
    .selectFrom('supervision.anomaly_rulesets')
    .selectAll()
    .where('region_code', '=', regionCode)
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();

export const rulesetHistory = (db: AnDb, regionCode: string) =>
  db
    .selectFrom('supervision.anomaly_rulesets')
    .selectAll()
    .where('region_code', '=', regionCode)
    .orderBy('version', 'desc')
    .limit(50)
    .execute();

/** A new version; false when `version` was taken meanwhile (another supervisor saved first). */
export async function insertRuleset(db: AnDb, row: Insertable<T['supervision.anomaly_rulesets']>): Promise<boolean> {
  const r = await db
    .insertInto('supervision.anomaly_rulesets')
    .values(row)
    .onConflict((oc) => oc.columns(['region_code', 'version']).doNothing())
    .returning('version')
    .executeTakeFirst();
  return r !== undefined;
}

export interface Recorded {
  /** The item's handling-time histogram after this case. */
  buckets: number[];
  /** The applicant's decided cases, and those the decider decided. */
  total: number;
  n: number;
  /** The kinds of the decider's declared keys among the applicant's (address, person, enterprise). */
  kinds: string[];
}

/**
 * Record a decided case and bump its statistics in one statement (one round trip): the case row
 * (once: null when it was recorded before, a redelivered event, and then nothing is bumped), its
 * item's histogram bucket, its applicant's count and the applicant-decider pair's count; with the
 * decider's declared keys the applicant shares.
 */
export async function recordCase(db: AnDb, row: CaseRow, bucket: number): Promise<Recorded | null> {
  const fresh = Array.from({ length: BUCKETS }, (_, b) => (b === bucket ? 1 : 0));
  const index = sql.lit(bucket + 1); // PostgreSQL arrays count from 1
  const r = await sql<Recorded & { fresh: boolean }>`
    with c as (
      insert into supervision.anomaly_cases (case_id, case_number, region_code, department_code, item_code, outcome,
        applicant_key, applicant_keys, decider_account_id, decider_name, submitted_at, decided_at, handling_seconds,
        corrections, recorded_at)
      values (${row.case_id}, ${row.case_number}, ${row.region_code}, ${row.department_code}, ${row.item_code},
        ${row.outcome}, ${row.applicant_key}, ${row.applicant_keys ?? []}::text[], ${row.decider_account_id ?? null}::uuid,
        ${row.decider_name ?? ''}, ${row.submitted_at}, ${row.decided_at}, ${row.handling_seconds}, ${row.corrections ?? 0},
        ${row.recorded_at})
      on conflict (case_id) do nothing
      returning case_id
    ), s as (
      insert into supervision.anomaly_item_stats as st (region_code, item_code, n, buckets)
      select ${row.region_code}, ${row.item_code}, 1, ${fresh}::int[] from c
      on conflict (region_code, item_code) do update
        set n = st.n + 1, buckets[${index}] = st.buckets[${index}] + 1
      returning buckets
    ), t as (
      insert into supervision.anomaly_applicant_stats as a (region_code, applicant_key, total)
      select ${row.region_code}, ${row.applicant_key}, 1 from c
      on conflict (region_code, applicant_key) do update set total = a.total + 1
      returning total
    ), p as (
      insert into supervision.anomaly_pair_stats as ps (region_code, applicant_key, decider_account_id, n)
      select ${row.region_code}, ${row.applicant_key}, ${row.decider_account_id ?? null}::uuid, 1 from c
      where ${row.decider_account_id ?? null}::uuid is not null
      on conflict (region_code, applicant_key, decider_account_id) do update set n = ps.n + 1
      returning n
    )
    select exists (select 1 from c) as fresh, (select buckets from s) as buckets, (select total from t) as total,
      coalesce((select n from p), 0) as n,
      array(select distinct k.kind from supervision.staff_relation_keys k
        where k.staff_account_id = ${row.decider_account_id ?? null}::uuid and k.key = any(${row.applicant_keys ?? []}::text[])
        order by 1) as kinds`.execute(db);
  const out = r.rows[0]!;
  return out.fresh ? { buckets: out.buckets, total: out.total, n: out.n, kinds: out.kinds } : null;
}

/** Raise flags; a rule's flag on a subject that has one already is left as it is. Answers how many are new. */
export async function insertFlags(db: AnDb, rows: NewFlag[]): Promise<number> {
  if (rows.length === 0) return 0;
  const r = await db
    .insertInto('supervision.anomaly_flags')
    .values(rows)
    .onConflict((oc) => oc.columns(['rule_code', 'subject_key']).doNothing())
    .returning('id')
    .execute();
  return r.length;
}

export async function replaceStaffKeys(
  db: AnDb,
  staffAccountId: string,
  source: 'declared' | 'inspections',
  rows: { key: string; kind: 'address' | 'person' | 'enterprise' }[],
  at: Date,
): Promise<void> {
  await db
    .deleteFrom('supervision.staff_relation_keys')
    .where('staff_account_id', '=', staffAccountId)
    .where('source', '=', source)
    .execute();
  if (rows.length === 0) return;
  await db
    .insertInto('supervision.staff_relation_keys')
    .values(rows.map((r) => ({ ...r, staff_account_id: staffAccountId, source, declared_at: at })))
    .onConflict((oc) => oc.columns(['staff_account_id', 'key']).doNothing())
    .execute();
}

/** The inspections module's declarations, as supervision's keys (source `inspections`), all replaced. */
export async function replaceInspectionKeys(db: AnDb, rows: { accountId: string; key: string }[], at: Date) {
  await db.deleteFrom('supervision.staff_relation_keys').where('source', '=', 'inspections').execute();
  if (rows.length === 0) return;
  await db
    .insertInto('supervision.staff_relation_keys')
    .values(
      rows.map((r) => ({
        staff_account_id: r.accountId,
        key: r.key,
        kind: 'enterprise' as const,
        source: 'inspections' as const,
        declared_at: at,
      })),
    )
    .onConflict((oc) => oc.columns(['staff_account_id', 'key']).doNothing())
    .execute();
}

const inScope = (s: Scope) => (eb: ExpressionBuilder<T, 'supervision.anomaly_flags'>) =>
  eb.or([
    ...(s.regions.length ? [eb('region_code', 'in', s.regions)] : []),
    ...s.departments.map((d) =>
      eb.and([eb('region_code', '=', d.regionCode), eb('department_code', '=', d.departmentCode)]),
    ),
  ]);

export interface FlagFilter {
  rule: string | null;
  department: string | null;
  status: FlagStatus | null;
  limit: number;
  offset: number;
  /** A department head's own account: flags naming them as the deciding staff member are not theirs to see. */
  hideStaff: string | null;
}

export async function flagsInScope(db: AnDb, s: Scope, f: FlagFilter) {
  const base = db
    .selectFrom('supervision.anomaly_flags')
    .where(inScope(s))
    .$if(f.rule !== null, (q) => q.where('rule_code', '=', f.rule!))
    .$if(f.department !== null, (q) => q.where('department_code', '=', f.department!))
    .$if(f.status !== null, (q) => q.where('status', '=', f.status!))
    .$if(f.hideStaff !== null, (q) =>
      q.where((eb) => eb.or([eb('staff_account_id', 'is', null), eb('staff_account_id', '<>', f.hideStaff!)])),
    );
  const [rows, count] = await Promise.all([
    base.selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').limit(f.limit).offset(f.offset).execute(),
    base.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

export const flagById = (db: AnDb, id: string) =>
  db.selectFrom('supervision.anomaly_flags').selectAll().where('id', '=', id).executeTakeFirst();

export const flagForUpdate = (db: AnDb, id: string) =>
  db.selectFrom('supervision.anomaly_flags').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();

export const reviewFlag = (
  db: AnDb,
  id: string,
  set: { status: FlagStatus; finding_note: string; reviewed_by: string; reviewed_at: Date },
) => db.updateTable('supervision.anomaly_flags').set(set).where('id', '=', id).returningAll().executeTakeFirstOrThrow();

// ---- The full pass: set-based statements over every decided case of a region ----

/** Rebuild the per-item histograms and per-applicant counts from the decided cases. */
export async function rebuildStats(db: AnDb, regionCode: string): Promise<void> {
  await sql`delete from supervision.anomaly_item_stats where region_code = ${regionCode}`.execute(db);
  await sql`
    insert into supervision.anomaly_item_stats (region_code, item_code, n, buckets)
    select ${regionCode}, h.item_code, sum(h.c)::int,
      array_agg(h.c order by h.b)::int[]
    from (
      select i.item_code, g.b, coalesce(x.c, 0) as c
      from (select distinct item_code from supervision.anomaly_cases where region_code = ${regionCode}) i
      cross join generate_series(0, ${BUCKETS - 1}) g(b)
      left join (
        select item_code, ${sql.raw(BUCKET_SQL)} as b, count(*)::int as c
        from supervision.anomaly_cases where region_code = ${regionCode} group by 1, 2
      ) x on x.item_code = i.item_code and x.b = g.b
    ) h group by h.item_code`.execute(db);
  await sql`delete from supervision.anomaly_pair_stats where region_code = ${regionCode}`.execute(db);
  await sql`delete from supervision.anomaly_applicant_stats where region_code = ${regionCode}`.execute(db);
  await sql`
    insert into supervision.anomaly_pair_stats (region_code, applicant_key, decider_account_id, n)
    select ${regionCode}, applicant_key, decider_account_id, count(*)::int
    from supervision.anomaly_cases where region_code = ${regionCode} and decider_account_id is not null
    group by 2, 3`.execute(db);
  await sql`
    insert into supervision.anomaly_applicant_stats (region_code, applicant_key, total)
    select ${regionCode}, applicant_key, count(*)::int
    from supervision.anomaly_cases where region_code = ${regionCode} group by 2`.execute(db);
}

export const itemHistograms = (db: AnDb, regionCode: string) =>
  db
    .selectFrom('supervision.anomaly_item_stats')
    .select(['item_code', 'n', 'buckets'])
    .where('region_code', '=', regionCode)
    .execute();

/** The columns every flag of the full pass writes from its case row `c`. */
const flagColumns = (regionCode: string, rule: { code: string; kind: RuleKind }, version: number) =>
  sql`${regionCode}, c.department_code, ${rule.code}, ${rule.kind}, ${version}::int`;

const insertHead = sql`insert into supervision.anomaly_flags (id, region_code, department_code, rule_code, rule_kind,
  ruleset_version, subject_key, case_id, case_number, item_code, staff_account_id, staff_name, score, detail, status, created_at)`;

/** A time-ordered UUID made in SQL from the pass's time and random bits (both PostgreSQL 15 and 18 accept it). */
const uuidSql = (
  at: Date,
) => sql`(lpad(to_hex(${at.getTime()}::bigint), 12, '0') || '7' || substr(md5(random()::text || c.case_id), 1, 3)
  || '8' || substr(md5(c.case_id || random()::text), 1, 15))::uuid`;

export async function flagHandlingTime(
  db: AnDb,
  regionCode: string,
  rule: { code: string; kind: RuleKind; threshold: number; minPeers: number; direction: 'both' | 'fast' | 'slow' },
  version: number,
  items: { item: string; median: number; mad: number }[],
  minMad: number,
  at: Date,
): Promise<number> {
  if (items.length === 0) return 0;
  const z = sql`(0.6745 * (ln(greatest(c.handling_seconds, 1)) - s.median) / greatest(s.mad, ${minMad}::float8))`;
  const test =
    rule.direction === 'fast'
      ? sql`${z} < ${-rule.threshold}::float8`
      : rule.direction === 'slow'
        ? sql`${z} > ${rule.threshold}::float8`
        : sql`abs(${z}) > ${rule.threshold}::float8`;
  const r = await sql`${insertHead}
    select ${uuidSql(at)}, ${flagColumns(regionCode, rule, version)}, c.case_id, c.case_id, c.case_number, c.item_code,
      c.decider_account_id, c.decider_name, ${z},
      jsonb_build_object('handlingSeconds', c.handling_seconds, 'medianSeconds', exp(s.median), 'peers', s.n),
      'open', ${at}::timestamptz
    from supervision.anomaly_cases c
    join (
      select * from unnest(${items.map((i) => i.item)}::text[], ${items.map((i) => i.median)}::float8[],
        ${items.map((i) => i.mad)}::float8[]) as u(item_code, median, mad)
      join supervision.anomaly_item_stats st using (item_code)
      where st.region_code = ${regionCode} and st.n >= ${rule.minPeers}::int
    ) s on s.item_code = c.item_code
    where c.region_code = ${regionCode} and ${test}
    on conflict (rule_code, subject_key) do nothing`.execute(db);
  return Number(r.numAffectedRows ?? 0);
}

export async function flagCorrections(
  db: AnDb,
  regionCode: string,
  rule: { code: string; kind: RuleKind; minCount: number },
  version: number,
  at: Date,
): Promise<number> {
  const r = await sql`${insertHead}
    select ${uuidSql(at)}, ${flagColumns(regionCode, rule, version)}, c.case_id, c.case_id, c.case_number, c.item_code,
      c.decider_account_id, c.decider_name, c.corrections, jsonb_build_object('corrections', c.corrections), 'open', ${at}::timestamptz
    from supervision.anomaly_cases c
    where c.region_code = ${regionCode} and c.corrections >= ${rule.minCount}::int
    on conflict (rule_code, subject_key) do nothing`.execute(db);
  return Number(r.numAffectedRows ?? 0);
}

export async function flagRelated(
  db: AnDb,
  regionCode: string,
  rule: { code: string; kind: RuleKind; sameAddress: boolean; declaredRelation: boolean },
  version: number,
  at: Date,
): Promise<number> {
  const kinds = [...(rule.sameAddress ? ['address'] : []), ...(rule.declaredRelation ? ['person', 'enterprise'] : [])];
  const r = await sql`${insertHead}
    select ${uuidSql(at)}, ${flagColumns(regionCode, rule, version)}, c.case_id, c.case_id, c.case_number, c.item_code,
      c.decider_account_id, c.decider_name, count(distinct k.kind)::float8,
      jsonb_build_object('relations', jsonb_agg(distinct k.kind)), 'open', ${at}::timestamptz
    from supervision.staff_relation_keys k
    join supervision.anomaly_cases c on c.decider_account_id = k.staff_account_id and k.key = any(c.applicant_keys)
    where c.region_code = ${regionCode} and k.kind = any(${kinds}::text[])
    group by c.case_id, c.department_code, c.case_number, c.item_code, c.decider_account_id, c.decider_name
    on conflict (rule_code, subject_key) do nothing`.execute(db);
  return Number(r.numAffectedRows ?? 0);
}

export async function flagAfterHours(
  db: AnDb,
  regionCode: string,
  rule: { code: string; kind: RuleKind; workdayStart: string; workdayEnd: string; restDays: boolean },
  version: number,
  calendar: { timeZone: string; holidays: string[]; workdays: string[] },
  at: Date,
): Promise<number> {
  const local = sql`(c.decided_at at time zone ${calendar.timeZone})`;
  const day = sql`${local}::date`;
  const restDay = sql`(${day} = any(${calendar.holidays}::date[])
    or (extract(isodow from ${local}) in (6, 7) and not ${day} = any(${calendar.workdays}::date[])))`;
  const outside = sql`(${local}::time < ${rule.workdayStart}::time or ${local}::time >= ${rule.workdayEnd}::time
    ${rule.restDays ? sql`or ${restDay}` : sql``})`;
  const r = await sql`${insertHead}
    select ${uuidSql(at)}, ${flagColumns(regionCode, rule, version)}, c.case_id, c.case_id, c.case_number, c.item_code,
      c.decider_account_id, c.decider_name, 1,
      jsonb_build_object('localTime', to_char(${local}, 'YYYY-MM-DD HH24:MI'), 'restDay', ${restDay}), 'open', ${at}::timestamptz
    from supervision.anomaly_cases c
    where c.region_code = ${regionCode} and ${outside}
    on conflict (rule_code, subject_key) do nothing`.execute(db);
  return Number(r.numAffectedRows ?? 0);
}

export async function flagApplicantShare(
  db: AnDb,
  regionCode: string,
  rule: { code: string; kind: RuleKind; minShare: number; minCases: number },
  version: number,
  at: Date,
): Promise<number> {
  // The pair's latest case carries the flag (its department, its number).
  const r = await sql`${insertHead}
    select ${uuidSql(at)}, ${flagColumns(regionCode, rule, version)},
      p.applicant_key || '|' || p.decider_account_id::text, c.case_id, c.case_number, c.item_code,
      c.decider_account_id, c.decider_name, p.n::float8 / a.total,
      jsonb_build_object('cases', p.n, 'applicantCases', a.total), 'open', ${at}::timestamptz
    from supervision.anomaly_pair_stats p
    join supervision.anomaly_applicant_stats a on a.region_code = p.region_code and a.applicant_key = p.applicant_key
    cross join lateral (
      select * from supervision.anomaly_cases c
      where c.region_code = p.region_code and c.applicant_key = p.applicant_key and c.decider_account_id = p.decider_account_id
      order by c.decided_at desc limit 1
    ) c
    where p.region_code = ${regionCode} and a.total >= ${rule.minCases}::int
      and p.n::float8 / a.total >= ${rule.minShare}::float8
    on conflict (rule_code, subject_key) do nothing`.execute(db);
  return Number(r.numAffectedRows ?? 0);
}
