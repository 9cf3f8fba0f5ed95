/**
 * What the log records: the audit records of the exercise of public power (selected by action
 * prefix) and every personal-data read or refusal. Each is hashed as canonical JSON of all its
 * columns; a personal-data access row leaves out its subject index, which key rotation
 * rewrites (the reader, the purpose, the fields and the time it may not). The leaf binds the
 * record's source, id and hash.
 */
import { createHash } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { canonicalJson } from '../../platform/audit.ts';
import { leafHash, type Hash } from '../../platform/merkle.ts';
import type { PlatformTables } from '../../platform/tables.ts';
import type { TransparencyTables } from './transparency.tables.ts';

/** Audit actions that exercise public power (case decisions, grants and consents, roles, keys, certificates). */
export const LOGGED_ACTION_PREFIXES: readonly string[] = [
  'applications.case.',
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
];

export const isLogged = (action: string): boolean => LOGGED_ACTION_PREFIXES.some((p) => action.startsWith(p));

export type Source = 'audit' | 'access';
export type AuditRow = PlatformTables['platform.audit_log'];
export type AccessRow = PlatformTables['platform.personal_data_access'];

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

const iso = (d: Date | null | undefined): string | null => (d ? new Date(d).toISOString() : null);
const sha256Hex = (s: string): string => createHash('sha256').update(s).digest('hex');

export function auditRecordHash(r: AuditRow): string {
  return sha256Hex(
    canonicalJson({
      source: 'audit',
      id: r.id,
      at: iso(r.at),
      actorId: r.actor_id,
      actorKind: r.actor_kind,
      action: r.action,
      resourceType: r.resource_type,
      resourceId: r.resource_id,
      regionCode: r.region_code,
      requestId: r.request_id,
      ip: r.ip,
      changeHash: r.change_hash,
      detail: typeof r.detail === 'string' ? (JSON.parse(r.detail) as unknown) : r.detail,
    }),
  );
}

export function accessRecordHash(r: AccessRow): string {
  return sha256Hex(
    canonicalJson({
      source: 'access',
      id: r.id,
      at: iso(r.at),
      accessorId: r.accessor_id,
      accessorName: r.accessor_name,
      organisation: r.organisation,
      purpose: r.purpose,
      fields: r.fields,
      resourceType: r.resource_type,
      resourceId: r.resource_id,
      requestId: r.request_id,
      subjectKind: r.subject_kind,
      departmentCode: r.department_code,
      systemId: r.system_id,
      caseNumber: r.case_number,
      legalBasis: r.legal_basis,
      outcome: r.outcome,
      refusal: r.refusal,
      hiddenUntil: iso(r.hidden_until),
    }),
  );
}

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
export const leafInput = (source: Source, id: string, recordHash: string): Buffer =>
  Buffer.from(`yiwang-log/v1\n${source}\n${id}\n${recordHash}\n`, 'utf8');

export const leafOf = (source: Source, id: string, recordHash: string): Hash =>
  leafHash(leafInput(source, id, recordHash));

const byTime = (a: LogRecord, b: LogRecord): number =>
  a.at.getTime() - b.at.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * Records not yet in the log, oldest first, at most `limit`: those at or after `since` (the
 * sequencer looks back a while behind its cursor, for transactions that committed late).
 */
export async function pendingRecords(
  db: Kysely<TransparencyTables>,
  since: Date | null,
  limit: number,
): Promise<LogRecord[]> {
  const from = since ?? new Date(0);
  const prefixes = sql.join(LOGGED_ACTION_PREFIXES.map((p) => sql`${p.replace(/[\\%_]/g, (c) => `\\${c}`) + '%'}`));
  const audits = await sql<AuditRow>`
    select a.* from platform.audit_log a
    where a.at >= ${from} and a.action like any (array[${prefixes}]::text[])
      and not exists (select 1 from transparency.entries e where e.source = 'audit' and e.record_id = a.id)
    order by a.at, a.id limit ${limit}`.execute(db);
  const reads = await sql<AccessRow>`
    select p.* from platform.personal_data_access p
    where p.at >= ${from}
      and not exists (select 1 from transparency.entries e where e.source = 'access' and e.record_id = p.id)
    order by p.at, p.id limit ${limit}`.execute(db);
  return [...audits.rows.map(fromAudit), ...reads.rows.map(fromAccess)].sort(byTime).slice(0, limit);
}
