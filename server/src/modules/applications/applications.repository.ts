/** SQL of the applications module. */
import { CompiledQuery, sql, type Insertable, type Kysely, type Selectable, type Updateable } from 'kysely';
import { prefixPattern, type LaterInserts } from '../../platform/db.ts';
import type { ApplicationsTables } from './applications.tables.ts';
import type { ProcessDefinition } from './workflow/definition.ts';

export type AppDb = Kysely<ApplicationsTables>;
type T = ApplicationsTables;

// Processes ------------------------------------------------------------------------------

export const insertProcess = (db: AppDb, key: string, def: ProcessDefinition, at: Date) =>
  db
    .insertInto('applications.processes')
    .values({ key, code: def.code, definition: JSON.stringify(def), created_at: at })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();

export const processByKey = (db: AppDb, key: string) =>
  db.selectFrom('applications.processes').select(['key', 'definition']).where('key', '=', key).executeTakeFirst();

// Uploads --------------------------------------------------------------------------------

export const insertUpload = (db: AppDb, row: Insertable<T['applications.uploads']>) =>
  db.insertInto('applications.uploads').values(row).execute();

export const uploadById = (db: AppDb, id: string) =>
  db.selectFrom('applications.uploads').selectAll().where('id', '=', id).executeTakeFirst();

export const uploadsOf = (db: AppDb, accountId: string, ids: string[]) =>
  ids.length === 0
    ? Promise.resolve([])
    : db
        .selectFrom('applications.uploads')
        .selectAll()
        .where('account_id', '=', accountId)
        .where('id', 'in', ids)
        .execute();

// Drafts ---------------------------------------------------------------------------------

export const draftsOf = (db: AppDb, accountId: string) =>
  db
    .selectFrom('applications.drafts')
    .select(['id', 'kind', 'item_code', 'bundle_code', 'title_zh', 'title_en', 'updated_at'])
    .where('account_id', '=', accountId)
    .orderBy('updated_at', 'desc')
    .limit(100)
    .execute();

export const draftById = (db: AppDb, id: string) =>
  db.selectFrom('applications.drafts').selectAll().where('id', '=', id).executeTakeFirst();

export const insertDraft = (db: AppDb, row: Insertable<T['applications.drafts']>) =>
  db.insertInto('applications.drafts').values(row).execute();

export const updateDraft = (db: AppDb, id: string, set: Updateable<T['applications.drafts']>) =>
  db.updateTable('applications.drafts').set(set).where('id', '=', id).executeTakeFirst();

/**
 * Hold the account's drafts for this transaction (an advisory lock on the account), so that
 * two saves racing each other cannot both pass the per-account cap.
 */
export const lockDraftsOf = (db: AppDb, accountId: string) =>
  sql`select pg_advisory_xact_lock(hashtext(${`applications.drafts:${accountId}`}))`.execute(db);

/** How many drafts an account keeps and their total size, leaving one draft out (the one being saved). */
export const draftUsage = async (db: AppDb, accountId: string, exceptId: string | null) => {
  let q = db
    .selectFrom('applications.drafts')
    .select((eb) => [
      eb.fn.countAll<number>().as('n'),
      eb.fn.coalesce(eb.fn.sum<number>('size_bytes'), eb.lit(0)).as('bytes'),
    ])
    .where('account_id', '=', accountId);
  if (exceptId) q = q.where('id', '<>', exceptId);
  const r = await q.executeTakeFirstOrThrow();
  return { count: Number(r.n), bytes: Number(r.bytes) };
};

export const deleteDraft = (db: AppDb, id: string, accountId: string) =>
  db.deleteFrom('applications.drafts').where('id', '=', id).where('account_id', '=', accountId).executeTakeFirst();

// Cases ----------------------------------------------------------------------------------

const numberedTexts = new Map<string, string>();

/**
 * INSERT a new case whose number the statement makes: `prefix` and the sequence's next value
 * in eight digits or more (formatCaseNumber's shape), in one round trip rather than a nextval
 * first. The text is made once per set of columns (as insertRow). Answers the number, or null
 * when the applicant's Idempotency-Key has filed a case already (nothing is written: the
 * filing's idempotency check is this insert).
 */
export async function insertNumberedCase(
  db: AppDb,
  row: Omit<Insertable<T['applications.cases']>, 'case_number'>,
  prefix: string,
): Promise<string | null> {
  const values = row as Record<string, unknown>;
  const columns = Object.keys(values).filter((c) => values[c] !== undefined && c !== 'case_number');
  const key = columns.join(',');
  let text = numberedTexts.get(key);
  if (!text) {
    const params = columns.map((_, i) => `$${i + 1}`);
    const number = `(select $${columns.length + 1}::text || lpad(n, greatest(8, length(n)), '0') from (select nextval('applications.case_number_seq')::text as n) serial)`;
    text = `insert into applications.cases (${columns.map((c) => `"${c}"`).join(', ')}, case_number) values (${params.join(', ')}, ${number}) on conflict (applicant_account_id, idempotency_key) do nothing returning case_number`;
    numberedTexts.set(key, text);
  }
  const r = await db.executeQuery<{ case_number: string }>(
    CompiledQuery.raw(text, [...columns.map((c) => values[c]), prefix]),
  );
  return r.rows[0]?.case_number ?? null;
}

export const caseById = (db: AppDb, id: string) =>
  db.selectFrom('applications.cases').selectAll().where('id', '=', id).executeTakeFirst();

export const caseByNumber = (db: AppDb, caseNumber: string) =>
  db.selectFrom('applications.cases').selectAll().where('case_number', '=', caseNumber).executeTakeFirst();

export const caseByIdempotencyKey = (db: AppDb, accountId: string, key: string) =>
  db
    .selectFrom('applications.cases')
    .selectAll()
    .where('applicant_account_id', '=', accountId)
    .where('idempotency_key', '=', key)
    .executeTakeFirst();

/** Moves the case on from `expectedSeq`; 0 rows when someone else moved it first (the row lock serialises the two). */
export const advanceCase = (db: AppDb, id: string, expectedSeq: number, set: Updateable<T['applications.cases']>) =>
  db.updateTable('applications.cases').set(set).where('id', '=', id).where('seq', '=', expectedSeq).executeTakeFirst();

export type CaseRow = NonNullable<Awaited<ReturnType<typeof caseById>>>;

const summaryColumns = [
  'id',
  'case_number',
  'kind',
  'title_zh',
  'title_en',
  'department_code',
  'status',
  'state',
  'process_key',
  'applicant_name_masked',
  'submitted_at',
  'due_at',
  'closed_at',
  'seq',
] as const;

/** A case number, or its last digits: a suffix search served by the `reverse(case_number)` indexes. */
const caseNumberEndsWith = (q: string) =>
  sql<boolean>`reverse(case_number) like ${prefixPattern([...q.trim()].reverse().join(''))}`;

/** Bits of the handling roles, for the inbox's index-only role filter. */
export const ROLE_BITS: Readonly<Record<string, number>> = { clerk: 1, reviewer: 2, approver: 4 };
export const roleMask = (roles: readonly string[]): number => roles.reduce((m, r) => m | (ROLE_BITS[r] ?? 0), 0);

export type StatusFilter = 'open' | T['applications.cases']['status'] | undefined;

export async function listCases(
  db: AppDb,
  f: {
    applicant?: { accountId: string; enterpriseId: string | null };
    departments?: { regionCode: string; codes: string[] }[];
    status: StatusFilter;
    q?: string | undefined;
    offset: number;
    limit: number;
  },
) {
  let q = db.selectFrom('applications.cases');
  if (f.applicant) {
    const { accountId, enterpriseId } = f.applicant;
    // Acting for an enterprise: its cases (whichever agent filed them); as oneself: one's own personal cases.
    q = enterpriseId
      ? q.where('enterprise_id', '=', enterpriseId)
      : q.where('applicant_account_id', '=', accountId).where('enterprise_id', 'is', null);
  }
  if (f.departments) {
    const scopes = f.departments;
    q = q.where((eb) =>
      eb.or(
        scopes.map((s) =>
          eb.and([eb('region_code', '=', s.regionCode), sql<boolean>`departments && ${sql.val(s.codes)}::text[]`]),
        ),
      ),
    );
  }
  if (f.status === 'open') q = q.where('status', 'in', ['in_progress', 'correction']);
  else if (f.status) q = q.where('status', '=', f.status);
  if (f.q) q = q.where(caseNumberEndsWith(f.q));
  const [rows, total] = await Promise.all([
    q
      .select(summaryColumns)
      .orderBy('submitted_at', 'desc')
      .orderBy('id', 'desc')
      .offset(f.offset)
      .limit(f.limit)
      .execute(),
    q.select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.n) };
}

// History --------------------------------------------------------------------------------

export const insertEvent = (db: AppDb, row: Insertable<T['applications.case_events']>) =>
  db.insertInto('applications.case_events').values(row).execute();

export const eventsOf = (db: AppDb, caseId: string) =>
  db.selectFrom('applications.case_events').selectAll().where('case_id', '=', caseId).orderBy('seq').execute();

export type EventRow = Awaited<ReturnType<typeof eventsOf>>[number];

/** The histories of several cases, each in order (a list's cases in a parallel state: how many parts are done). */
export const eventsOfCases = async (db: AppDb, caseIds: string[]): Promise<Map<string, EventRow[]>> => {
  const by = new Map<string, EventRow[]>();
  if (caseIds.length === 0) return by;
  const rows = await db
    .selectFrom('applications.case_events')
    .selectAll()
    .where('case_id', 'in', caseIds)
    .orderBy('case_id')
    .orderBy('seq')
    .execute();
  for (const r of rows) by.set(r.case_id, [...(by.get(r.case_id) ?? []), r]);
  return by;
};

// Versions before each resubmission (补正) -------------------------------------------------

export const insertVersion = (db: AppDb, row: Insertable<T['applications.case_versions']>) =>
  db.insertInto('applications.case_versions').values(row).execute();

export const versionsOf = (db: AppDb, caseId: string) =>
  db.selectFrom('applications.case_versions').selectAll().where('case_id', '=', caseId).orderBy('seq').execute();

export type VersionRow = Awaited<ReturnType<typeof versionsOf>>[number];

export type EvidenceInsert = Insertable<T['applications.case_evidence']>;

/** A filing's evidence, inserted with its case's work, audit record and event when the filing's command ends. */
export const insertEvidenceLater = (w: LaterInserts, rows: EvidenceInsert[]) => {
  for (const r of rows) w.insertLater('applications.case_evidence', r);
};

export const evidenceOf = (db: AppDb, caseId: string) =>
  db
    .selectFrom('applications.case_evidence')
    .selectAll()
    .where('case_id', '=', caseId)
    .orderBy(sql`material_code collate "C"`)
    .orderBy('fetched_at')
    .execute();
export type EvidenceRow = Selectable<T['applications.case_evidence']>;

// Work items (待办) ------------------------------------------------------------------------

export const workItemsOf = (db: AppDb, caseId: string) =>
  db.selectFrom('applications.work_items').selectAll().where('case_id', '=', caseId).orderBy('branch').execute();

export type WorkItemRow = Awaited<ReturnType<typeof workItemsOf>>[number];

/** The work items of several cases, in one statement (case, then branch order). */
export const workItemsOfCases = (db: AppDb, caseIds: readonly string[]) =>
  db
    .selectFrom('applications.work_items')
    .selectAll()
    .where('case_id', 'in', caseIds)
    .orderBy('case_id')
    .orderBy('branch')
    .execute();

export const deleteWorkItems = (db: AppDb, caseId: string) =>
  db.deleteFrom('applications.work_items').where('case_id', '=', caseId).execute();

/** Open work, inserted with the command's audit record and event when it ends (Work.insertLater). */
export const insertWorkItemsLater = (w: LaterInserts, rows: Insertable<T['applications.work_items']>[]) => {
  for (const r of rows) w.insertLater('applications.work_items', r);
};

/** Claim a line of a case for `accountId` unless someone else holds it; returns whether it is now theirs. */
export const claimWorkItem = async (
  db: AppDb,
  caseId: string,
  branch: string,
  who: { id: string; name: string },
  at: Date,
): Promise<boolean> => {
  const r = await db
    .updateTable('applications.work_items')
    .set({ claimed_by: who.id, claimed_by_name: who.name, claimed_at: at })
    .where('case_id', '=', caseId)
    .where('branch', '=', branch)
    .where((eb) => eb.or([eb('claimed_by', 'is', null), eb('claimed_by', '=', who.id)]))
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
};

export const releaseWorkItem = async (
  db: AppDb,
  caseId: string,
  branch: string,
  accountId: string,
): Promise<boolean> => {
  const r = await db
    .updateTable('applications.work_items')
    .set({ claimed_by: null, claimed_by_name: null, claimed_at: null })
    .where('case_id', '=', caseId)
    .where('branch', '=', branch)
    .where('claimed_by', '=', accountId)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
};

export interface InboxFilter {
  scopes: { regionCode: string; departmentCode: string; roles: string[] }[];
  accountId: string;
  scope: 'all' | 'mine' | 'unclaimed';
  state?: string | undefined;
  itemCode?: string | undefined;
  departmentCode?: string | undefined;
  flag?: 'overdue' | 'at_risk' | undefined;
  q?: string | undefined;
  sort: 'deadline' | 'submitted';
  now: Date;
  atRiskBefore: Date;
  offset: number;
  limit: number;
}

/**
 * Open work the staff member may act on: per (region, department) the roles they hold there.
 * The index (region_code, department_code, deadline_at, case_id) serves the default order.
 */
export type InboxCounts = Awaited<ReturnType<typeof inboxCounts>>;

const inboxBase = (db: AppDb, f: InboxFilter) =>
  db
    .selectFrom('applications.work_items')
    .where((eb) =>
      eb.or(
        f.scopes.map((s) =>
          eb.and([
            eb('region_code', '=', s.regionCode),
            eb('department_code', '=', s.departmentCode),
            sql<boolean>`role_mask & ${roleMask(s.roles)} <> 0`,
          ]),
        ),
      ),
    );

/** The department's range of open work with the filters that also narrow the counts (state, item, case number). */
function inboxFiltered(db: AppDb, f: InboxFilter) {
  let q = inboxBase(db, f);
  if (f.state) q = q.where('state', '=', f.state);
  if (f.itemCode) q = q.where('item_code', '=', f.itemCode);
  if (f.departmentCode) q = q.where('department_code', '=', f.departmentCode);
  if (f.q) q = q.where(caseNumberEndsWith(f.q));
  return q;
}

/** A page of the inbox: scope and flag narrow only the listed rows (the badges count them all). */
export async function inboxPage(db: AppDb, f: InboxFilter) {
  let listed = inboxFiltered(db, f);
  if (f.scope === 'mine') listed = listed.where('claimed_by', '=', f.accountId);
  if (f.scope === 'unclaimed') listed = listed.where('claimed_by', 'is', null);
  if (f.flag === 'overdue') listed = listed.where('deadline_at', '<', f.now);
  if (f.flag === 'at_risk') listed = listed.where('deadline_at', '>=', f.now).where('deadline_at', '<', f.atRiskBefore);
  const ordered =
    f.sort === 'submitted'
      ? listed.orderBy('submitted_at', 'asc').orderBy('case_id')
      : listed.orderBy(sql`deadline_at asc nulls last`).orderBy('case_id');
  return ordered.selectAll().offset(f.offset).limit(f.limit).execute();
}

export async function inboxCounts(db: AppDb, f: InboxFilter) {
  const q = inboxFiltered(db, f);
  const mine = sql`claimed_by = ${f.accountId}`;
  const unclaimed = sql`claimed_by is null`;
  const overdue = sql`deadline_at < ${f.now}`;
  const atRisk = sql`(deadline_at >= ${f.now} and deadline_at < ${f.atRiskBefore})`;
  const listed = [
    f.scope === 'mine' ? mine : f.scope === 'unclaimed' ? unclaimed : sql`true`,
    f.flag === 'overdue' ? overdue : f.flag === 'at_risk' ? atRisk : sql`true`,
  ];
  const r = await q
    .select([
      sql<number>`count(*)::int`.as('all'),
      sql<number>`(count(*) filter (where ${mine}))::int`.as('mine'),
      sql<number>`(count(*) filter (where ${unclaimed}))::int`.as('unclaimed'),
      sql<number>`(count(*) filter (where ${overdue}))::int`.as('overdue'),
      sql<number>`(count(*) filter (where ${atRisk}))::int`.as('at_risk'),
      sql<number>`(count(*) filter (where ${sql.join(listed, sql` and `)}))::int`.as('listed'),
    ])
    .executeTakeFirstOrThrow();
  return {
    counts: {
      all: Number(r.all),
      mine: Number(r.mine),
      unclaimed: Number(r.unclaimed),
      overdue: Number(r.overdue),
      atRisk: Number(r.at_risk),
    },
    total: Number(r.listed),
  };
}

// Deadline lines (for supervision's 时限监督) -----------------------------------------------

export interface DeadlineLineFilter {
  /** A whole region (departmentCodes null) or some of its departments. */
  scopes: { regionCode: string; departmentCodes: string[] | null }[];
  now: Date;
  /** Lines due at or before this are listed (overdue, or within the working days before it). */
  horizon: Date;
  /** Also lines in the last `share` (0..1) of their time limit (deadline − since). */
  share: number;
  limit: number;
}

/**
 * Open lines of work with a deadline that are overdue or at risk. Index-backed: the filter is a
 * range of `work_items_inbox` (region_code, department_code, deadline_at, case_id) per scope, and
 * the table holds open work only (a line is deleted when the case moves on), so the range is the
 * department's backlog with a deadline, read in deadline order without a sort; the share test
 * is a filter on that range.
 */
export const deadlineLines = (db: AppDb, f: DeadlineLineFilter) =>
  f.scopes.length === 0
    ? Promise.resolve([])
    : db
        .selectFrom('applications.work_items')
        .selectAll()
        .where((eb) =>
          eb.or(
            f.scopes.map((s) =>
              s.departmentCodes === null
                ? eb('region_code', '=', s.regionCode)
                : eb.and([eb('region_code', '=', s.regionCode), eb('department_code', 'in', s.departmentCodes)]),
            ),
          ),
        )
        .where('deadline_at', 'is not', null)
        .where((eb) =>
          eb.or([
            eb('deadline_at', '<=', f.horizon),
            sql<boolean>`deadline_at - ${f.now}::timestamptz <= (deadline_at - since) * ${f.share}::float8`,
          ]),
        )
        .orderBy('deadline_at')
        .orderBy('case_id')
        .orderBy('branch')
        .limit(f.limit)
        .execute();
