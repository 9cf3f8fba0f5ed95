/**
 * What the log records: the audit records of the exercise of public power (selected by action
 * prefix) and every personal-data read or refusal. Each is hashed as canonical JSON of all its
 * columns; a personal-data access row leaves out its subject index, which key rotation
 * rewrites (the reader, the purpose, the fields and the time it may not). The leaf binds the
 * record's source, id and hash. Which records are logged is decided as they are written: a
 * trigger queues them (transparency.queue, matching transparency.logged_actions, which holds
 * LOGGED_ACTION_PREFIXES) in the record's own transaction.
 */
import { hash } from 'node:crypto';
import { sql, type Kysely, type Selectable } from 'kysely';
import { canonicalJson } from '../../platform/audit.ts';
import { binaryLeafOfText, leafHashOfText, type BinaryHash, type Hash } from '../../platform/merkle.ts';
import type { PlatformTables } from '../../platform/tables.ts';
import type { TransparencyTables } from './transparency.tables.ts';

/** Audit actions that exercise public power (case handling, grants and consents, roles, keys, certificates). */
export const LOGGED_ACTION_PREFIXES: readonly string[] = [
  // A case's handling: the staff actions of the workflow (applications/workflow/processes.ts,
  // audited as `applications.case.<action>`) and claims. Not the applicant's own acts (submitted,
  // resubmit, withdraw), nor the system's overdue notice.
  'applications.case.accept',
  'applications.case.request_correction',
  'applications.case.reject',
  'applications.case.pass',
  'applications.case.approve',
  'applications.case.complete',
  'applications.case.claimed',
  'applications.case.released',
  'exchange.',
  'credentials.',
  'transparency.',
  'identity.role.',
  'identity.staff.',
  'identity.agent.',
  'identity.account.frozen',
  'identity.totp.reset',
  'identity.person.checked-at-counter',
  'org.post.',
  'org.resident.revealed',
  'catalog.item.',
  'platform.keys.',
  'payments.order.refunded',
  'payments.mismatch.resolved',
  // Random inspections: a draw's commitment and its making (so a checkpoint follows every commitment), results.
  'inspections.draw.',
  'inspections.result.',
  // Supervision's decisions on rectification tickets (opened, fixed, appealed and decided, escalated).
  'supervision.ticket.',
  // 时限监督: the 黄牌 and 红牌 of cases past their time limits (supervision/migrations/deadlines.ts).
  'supervision.card.',
  // Supervision's findings on anomaly flags (no issue, referral) and changes to the anomaly rules.
  'supervision.anomaly.',
  // Decisions on appeals against rectification tickets (upheld, dismissed).
  'supervision.appeal.',
  // The super app: a person's consent to an app (given, withdrawn), the reviewers' decisions on
  // apps (and the automatic suspension), and decisions on complaints about them.
  'superapp.consent.',
  'superapp.app.approved',
  'superapp.app.rejected',
  'superapp.app.suspended',
  'superapp.app.reinstated',
  'superapp.app.taken-down',
  'superapp.complaint.decided',
  // 共治: moderation decisions (and the automatic hiding after flags), decided consultations and
  // the committee's answers to proposals.
  'cogov.moderation.decided',
  'cogov.moderation.appeal-decided',
  'cogov.content.auto-hidden',
  'cogov.consultation.decided',
  'cogov.proposal.answered',
  // Keys issued and revoked (open data, Open311), open data withdrawn or reinstated, requests answered or
  // declined, pipelines reviewed.
  'opendata.api_key.',
  'cityops.open311_key.',
  'opendata.dataset.withdrawn',
  'opendata.dataset.reinstated',
  'opendata.request.answered',
  'opendata.request.declined',
  'opendata.pipeline.approved',
  'opendata.pipeline.rejected',
  // Accounts disabled or enabled by an administrator; real-name levels decided.
  'identity.account.disabled',
  'identity.account.enabled',
  'identity.assurance.',
  // A hotline agent's look-up of a caller's history (a read of personal data by staff).
  'cityops.caller.looked_up',
];

/**
 * Audit actions deliberately left out of the log, each group with its reason: a person's own
 * acts (filing, signing in, booking, taking part), the platform's notices and bookkeeping, demo
 * seeding, and operations that decide nothing about a person's rights. Every audit action in the
 * code matches one of the two lists (server/test/unit/audit-actions.test.ts), so a new module's
 * actions are sorted as it lands.
 */
export const UNLOGGED_ACTION_PREFIXES: readonly string[] = [
  // An applicant's own acts on their case and uploads; the system's overdue notice.
  'applications.case.submitted',
  'applications.case.resubmit',
  'applications.case.withdraw',
  'applications.case.overdue',
  'applications.upload.',
  // A person's own account: registration, sign-in, sessions, passwords, codes, TOTP enrolment,
  // claiming an account; notification settings; downloading one's own data.
  'identity.account.registered',
  'identity.account.claimed',
  'identity.account.claim-refused',
  'identity.account.created-at-counter',
  'identity.login.',
  'identity.session.',
  'identity.password.',
  'identity.code.',
  'identity.totp.enrolled',
  'notify.settings.',
  'rights.export.',
  // Demo and directory loading.
  'catalog.seed.',
  'identity.seed.',
  'org.seed.',
  'halls.seed.',
  'exchange.seed.',
  'inspections.seeded',
  'inspections.directory.synced',
  'cityops.activity.seeded',
  'cityops.calls.seeded',
  'cogov.civic.seeded',
  'cogov.core.seeded',
  'supervision.demo.seeded',
  // Service logistics: appointments, queue tickets, windows (the filing itself is the case's).
  'halls.appointment.',
  'halls.ticket.',
  'halls.window.',
  // City operations: events dispatched and handled in the open (Open311 publishes them), the
  // screen's counters, sensor rules.
  'cityops.event.',
  'cityops.screen.',
  'cityops.sensor-rule.',
  // Hotline calls recorded and answered (the event they open is the city's, handled in the open).
  'cityops.call.',
  // Residents taking part (proposals, comments, votes, volunteering, patrols, appeals); notices,
  // consultations opened and published, policy drafts and the answers to comments on them,
  // point rules.
  'cogov.proposal.created',
  'cogov.proposal.edited',
  'cogov.proposal.escalated',
  'cogov.proposal.linked',
  'cogov.proposal.threshold-reached',
  'cogov.moderation.appealed',
  'cogov.vote.',
  'cogov.volunteer.',
  'cogov.volunteer-task.',
  'cogov.patrol.',
  'cogov.notice.',
  'cogov.consultation.opened',
  'cogov.consultation.published',
  'cogov.policy-draft.',
  'cogov.policy-comment.',
  'cogov.point-rule.',
  'cogov.comment.',
  'cogov.flag.',
  // Payments made by applicants and the provider's callbacks (refunds and resolved mismatches are logged).
  'payments.order.created',
  'payments.order.cancelled',
  'payments.trade.',
  'payments.callback.',
  'payments.reconciliation.',
  // Ratings and visits by citizens, declared relations, the flags' passes and the statistics.
  'supervision.rating.',
  'supervision.invitation.',
  'supervision.visit.',
  'supervision.relations.',
  'supervision.flags.',
  'supervision.statistics.',
  'inspections.relation.',
  // Open data: pipelines defined, releases published (in the open), requests filed.
  'opendata.dataset.created',
  'opendata.dataset.updated',
  'opendata.pipeline.defined',
  'opendata.release.',
  'opendata.request.submitted',
  // The super app: apps registered and versions submitted by their owners, complaints filed,
  // payments inside apps.
  'superapp.app.registered',
  'superapp.app.version-submitted',
  'superapp.complaint.filed',
  'superapp.payment.',
];

/** The log's own answer to an action: logged, or deliberately not (undefined: not yet sorted). */
export function classify(action: string): 'logged' | 'unlogged' | undefined {
  if (isLogged(action)) return 'logged';
  return UNLOGGED_ACTION_PREFIXES.some((p) => action.startsWith(p)) ? 'unlogged' : undefined;
}

export const isLogged = (action: string): boolean => LOGGED_ACTION_PREFIXES.some((p) => action.startsWith(p));

export type Source = 'audit' | 'access';
export type AuditRow = Selectable<PlatformTables['platform.audit_log']>;
export type AccessRow = Selectable<PlatformTables['platform.personal_data_access']>;

export interface LogRecord {
  source: Source;
  id: string;
  at: Date;
  action: string;
  resourceType: string;
  resourceId: string | null;
  /** SHA-256 (hex) of the record's canonical JSON. */
  hash: string;
}

const DAY = 86_400_000;
let isoDay = NaN;
let isoDate = '';
const two = (n: number): string => (n < 10 ? `0${n}` : `${n}`);

/**
 * Date.prototype.toISOString, its date part kept from the last call (records come in time
 * order, so mostly the same day): a verification formats a million times. The unit test
 * holds it equal to toISOString.
 */
export function isoString(d: Date): string {
  const t = d.getTime();
  const day = Math.floor(t / DAY);
  if (day !== isoDay) {
    const s = d.toISOString();
    if (s.length !== 24) return s; // beyond year 9999 or before year 0
    isoDay = day;
    isoDate = s.slice(0, 11);
    return s;
  }
  const ms = t - day * DAY;
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor(ms / 60_000) % 60;
  const sec = Math.floor(ms / 1000) % 60;
  const milli = ms % 1000;
  return `${isoDate}${two(h)}:${two(m)}:${two(sec)}.${milli < 10 ? '00' : milli < 100 ? '0' : ''}${milli}Z`;
}

const iso = (d: Date | null | undefined): string | null =>
  d instanceof Date ? isoString(d) : d ? new Date(d).toISOString() : null;
const sha256Hex = (s: string): string => hash('sha256', s, 'hex');

type Field<R> = readonly [key: string, value: (r: R) => unknown];

/**
 * canonicalJson of the object a row's fields make, without making it: the keys sorted once,
 * each `"key":` written once, the values as canonicalJson writes them (a field left undefined
 * is left out, as there). The unit test holds it equal to canonicalJson of the object.
 */
function canonicalWriter<R>(fields: readonly Field<R>[]): (r: R) => string {
  const sorted = [...fields].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const keys = sorted.map(([k]) => `${JSON.stringify(k)}:`);
  const values = sorted.map(([, v]) => v);
  return (r) => {
    let out = '{';
    for (let i = 0; i < keys.length; i += 1) {
      const v = values[i]!(r);
      if (v === undefined) continue;
      out += `${out.length > 1 ? ',' : ''}${keys[i]!}${typeof v === 'string' ? JSON.stringify(v) : canonicalJson(v)}`;
    }
    return `${out}}`;
  };
}

const auditFields: readonly Field<AuditRow>[] = [
  ['source', () => 'audit'],
  ['id', (r) => r.id],
  ['at', (r) => iso(r.at)],
  ['actorId', (r) => r.actor_id],
  ['actorKind', (r) => r.actor_kind],
  ['action', (r) => r.action],
  ['resourceType', (r) => r.resource_type],
  ['resourceId', (r) => r.resource_id],
  ['regionCode', (r) => r.region_code],
  ['requestId', (r) => r.request_id],
  ['ip', (r) => r.ip],
  ['changeHash', (r) => r.change_hash],
  ['detail', (r) => (typeof r.detail === 'string' ? (JSON.parse(r.detail) as unknown) : r.detail)],
];

/** Every column but the subject index (key rotation rewrites it). */
const accessFields: readonly Field<AccessRow>[] = [
  ['source', () => 'access'],
  ['id', (r) => r.id],
  ['at', (r) => iso(r.at)],
  ['accessorId', (r) => r.accessor_id],
  ['accessorName', (r) => r.accessor_name],
  ['organisation', (r) => r.organisation],
  ['purpose', (r) => r.purpose],
  ['fields', (r) => r.fields],
  ['resourceType', (r) => r.resource_type],
  ['resourceId', (r) => r.resource_id],
  ['requestId', (r) => r.request_id],
  ['subjectKind', (r) => r.subject_kind],
  ['departmentCode', (r) => r.department_code],
  ['systemId', (r) => r.system_id],
  ['caseNumber', (r) => r.case_number],
  ['legalBasis', (r) => r.legal_basis],
  ['outcome', (r) => r.outcome],
  ['refusal', (r) => r.refusal],
  ['hiddenUntil', (r) => iso(r.hidden_until)],
];

/** The object an audit row's hash is over (canonicalJson of it is what is hashed). */
export const auditRecordObject = (r: AuditRow): Record<string, unknown> =>
  Object.fromEntries(auditFields.map(([k, v]) => [k, v(r)]));
export const accessRecordObject = (r: AccessRow): Record<string, unknown> =>
  Object.fromEntries(accessFields.map(([k, v]) => [k, v(r)]));

const anyAuditJson = canonicalWriter(auditFields);
const str = (v: string | null): string => (v === null ? 'null' : JSON.stringify(v));

/** auditRecordJson written out (the keys in canonical order): the one a verification runs a million times. */
export function auditRecordJson(r: AuditRow): string {
  if (
    r.id === undefined ||
    r.at === undefined ||
    r.actor_id === undefined ||
    r.actor_kind === undefined ||
    r.action === undefined ||
    r.resource_type === undefined ||
    r.resource_id === undefined ||
    r.region_code === undefined ||
    r.request_id === undefined ||
    r.ip === undefined ||
    r.change_hash === undefined ||
    r.detail === undefined
  ) {
    return anyAuditJson(r); // a column missing: left out, as canonicalJson leaves it
  }
  const detail = typeof r.detail === 'string' ? (JSON.parse(r.detail) as unknown) : r.detail;
  return (
    `{"action":${str(r.action)},"actorId":${str(r.actor_id)},"actorKind":${str(r.actor_kind)},` +
    `"at":${str(iso(r.at))},"changeHash":${str(r.change_hash)},"detail":${canonicalJson(detail)},` +
    `"id":${str(r.id)},"ip":${str(r.ip)},"regionCode":${str(r.region_code)},"requestId":${str(r.request_id)},` +
    `"resourceId":${str(r.resource_id)},"resourceType":${str(r.resource_type)},"source":"audit"}`
  );
}

export const accessRecordJson = canonicalWriter(accessFields);
export const auditRecordHash = (r: AuditRow): string => sha256Hex(auditRecordJson(r));
export const accessRecordHash = (r: AccessRow): string => sha256Hex(accessRecordJson(r));

export const fromAudit = (r: AuditRow): LogRecord => ({
  source: 'audit',
  id: r.id,
  at: new Date(r.at),
  action: r.action,
  resourceType: r.resource_type,
  resourceId: r.resource_id,
  hash: auditRecordHash(r),
});

export const fromAccess = (r: AccessRow): LogRecord => ({
  source: 'access',
  id: r.id,
  at: new Date(r.at),
  action: `data.${r.outcome}`,
  resourceType: r.resource_type,
  resourceId: r.resource_id,
  hash: accessRecordHash(r),
});

/** The leaf's bytes: a versioned line format, so a verifier needs no JSON library. */
const leafText = (source: Source, id: string, recordHash: string): string =>
  `yiwang-log/v1\n${source}\n${id}\n${recordHash}\n`;

export const leafInput = (source: Source, id: string, recordHash: string): Buffer =>
  Buffer.from(leafText(source, id, recordHash), 'utf8');

export const leafOf = (source: Source, id: string, recordHash: string): Hash =>
  leafHashOfText(leafText(source, id, recordHash));

/** leafOf as a BinaryHash (a rebuild). */
export const binaryLeafOf = (source: Source, id: string, recordHash: string): BinaryHash =>
  binaryLeafOfText(leafText(source, id, recordHash));

/** What the sequencer takes next: queued records, in queue order (`seq`), at most `limit`. */
export interface Queued {
  /** The queue rows taken (to delete once appended), including any already logged or gone. */
  seqs: string[];
  records: LogRecord[];
  /** Queue rows whose record is not there (deleted behind the log's back): not appendable. */
  missing: Array<{ source: Source; id: string }>;
}

/**
 * The oldest `limit` rows of the log's queue (filled by trigger in each record's own
 * transaction) and their records. A row whose record is already logged is taken and skipped.
 */
export async function queuedRecords(db: Kysely<TransparencyTables>, limit: number): Promise<Queued> {
  const queue = await sql<{ seq: string; source: Source; record_id: string; logged: boolean }>`
    select q.seq::text as seq, q.source, q.record_id,
      exists (select 1 from transparency.entries e where e.source = q.source and e.record_id = q.record_id) as logged
    from (select * from transparency.queue order by seq limit ${limit}) q
    order by q.seq`.execute(db);
  const wanted = queue.rows.filter((q) => !q.logged);
  const ids = (source: Source) => wanted.filter((q) => q.source === source).map((q) => q.record_id);
  const [audits, reads] = await Promise.all([
    rowsById<AuditRow>(db, 'audit_log', ids('audit')),
    rowsById<AccessRow>(db, 'personal_data_access', ids('access')),
  ]);
  const records: LogRecord[] = [];
  const missing: Queued['missing'] = [];
  for (const q of wanted) {
    const audit = q.source === 'audit' ? audits.get(q.record_id) : undefined;
    const read = q.source === 'access' ? reads.get(q.record_id) : undefined;
    if (audit) records.push(fromAudit(audit));
    else if (read) records.push(fromAccess(read));
    else missing.push({ source: q.source, id: q.record_id });
  }
  return { seqs: queue.rows.map((q) => q.seq), records, missing };
}

async function rowsById<R extends { id: string }>(
  db: Kysely<TransparencyTables>,
  table: 'audit_log' | 'personal_data_access',
  ids: string[],
): Promise<Map<string, R>> {
  if (ids.length === 0) return new Map();
  const r = await sql<R>`select * from ${sql.id('platform', table)} where id = any(${ids}::uuid[])`.execute(db);
  return new Map(r.rows.map((row) => [row.id, row]));
}
