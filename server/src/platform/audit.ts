/**
 * The audit trail: one row for every exercise of power, written in the same transaction
 * as the change it records (DESIGN.md §3.9), so neither exists without the other.
 */
import type { Kysely, Transaction } from 'kysely';
import { createHash } from 'node:crypto';
import { insertRow, scoped } from './db.ts';
import { uuidv7 } from './ids.ts';
import type { PlatformTables } from './tables.ts';

export interface ActorRef {
  accountId: string | null;
  /** citizen | staff | system | anonymous */
  kind: string;
  requestId: string | null;
  ip: string | null;
}

export const systemActor = (requestId: string | null = null): ActorRef => ({
  accountId: null,
  kind: 'system',
  requestId,
  ip: null,
});

export interface AuditEntry {
  /** `<module>.<entity>.<verb>`, e.g. `identity.session.created`. */
  action: string;
  resourceType: string;
  resourceId?: string | null;
  regionCode?: string | null;
  /** What changed; only its hash is stored, so it may hold personal data. */
  change?: unknown;
  /** A non-sensitive summary kept in clear for auditors. Never put personal data here. */
  detail?: Record<string, unknown>;
}

/** JSON with sorted keys, so equal changes hash equally. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const obj = value as Record<string, unknown>;
  return `{${Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`)
    .join(',')}}`;
}

export async function writeAudit(
  tx: Transaction<object> | Kysely<object>,
  actor: ActorRef,
  entry: AuditEntry,
  at: Date,
): Promise<string> {
  const row = auditRow(actor, entry, at);
  await insertRow(scoped<PlatformTables>(tx), 'platform.audit_log', row);
  return row.id;
}

/** The audit_log row of `entry` (its change hashed, never stored). */
export function auditRow(actor: ActorRef, entry: AuditEntry, at: Date) {
  const id = uuidv7(at.getTime());
  const changeHash = createHash('sha256')
    .update(
      canonicalJson({
        action: entry.action,
        resource: [entry.resourceType, entry.resourceId ?? null],
        change: entry.change ?? null,
      }),
    )
    .digest('hex');
  return {
    id,
    at,
    actor_id: actor.accountId,
    actor_kind: actor.kind,
    action: entry.action,
    resource_type: entry.resourceType,
    resource_id: entry.resourceId ?? null,
    region_code: entry.regionCode ?? null,
    request_id: actor.requestId,
    ip: actor.ip,
    change_hash: changeHash,
    detail: JSON.stringify(entry.detail ?? {}),
  };
}
