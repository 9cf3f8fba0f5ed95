/**
 * A record's hash in the transparency log is SHA-256 of canonicalJson of its columns. The
 * log writes that JSON without making the object: it must give exactly canonicalJson's text.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../src/platform/audit.ts';
import { leafHash } from '../../src/platform/merkle.ts';
import {
  accessRecordHash,
  accessRecordJson,
  auditRecordHash,
  auditRecordJson,
  isoString,
  leafInput,
  leafOf,
  type AccessRow,
  type AuditRow,
} from '../../src/modules/transparency/transparency.records.ts';

const audit = (over: Partial<AuditRow> = {}): AuditRow => ({
  id: '01900000-0000-7000-8000-000000000001',
  at: new Date('2026-12-01T08:00:00.123Z'),
  actor_id: null,
  actor_kind: 'staff',
  action: 'applications.case.approve',
  resource_type: 'case',
  resource_id: 'c-1',
  region_code: '330383',
  request_id: null,
  ip: '127.0.0.1',
  change_hash: 'ab'.repeat(32),
  detail: { b: [1, { z: null, a: '\u2028"\\' }], a: '审批 ✓', n: 1.5 },
  ...over,
});

const access = (over: Partial<AccessRow> = {}): AccessRow => ({
  id: '01900000-0000-7000-8000-000000000002',
  at: new Date('2026-12-01T08:00:01Z'),
  subject_index: 'ix',
  accessor_id: null,
  accessor_name: '系统 "x"',
  organisation: null,
  purpose: 'check',
  fields: ['name', 'address'],
  resource_type: 'exchange_record',
  resource_id: null,
  request_id: 'r-1',
  subject_kind: 'person',
  department_code: null,
  system_id: 'sys',
  case_number: null,
  legal_basis: null,
  outcome: 'read',
  refusal: null,
  hidden_until: new Date('2027-01-01T00:00:00Z'),
  ...over,
});

/** The object each record's hash was defined over, written out as it was first defined. */
const auditObject = (r: AuditRow) => ({
  source: 'audit',
  id: r.id,
  at: r.at.toISOString(),
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
});
const accessObject = (r: AccessRow) => ({
  source: 'access',
  id: r.id,
  at: r.at.toISOString(),
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
  hiddenUntil: r.hidden_until ? r.hidden_until.toISOString() : null,
});
const sha = (s: string) => createHash('sha256').update(s).digest('hex');

const DAY = 86_400_000;

describe('a record’s canonical JSON', () => {
  it('is canonicalJson of the audit record’s columns', () => {
    for (const r of [
      audit(),
      audit({ detail: '{"k": [true, false, null], "a": {}}' }),
      audit({ detail: {}, actor_id: '01900000-0000-7000-8000-00000000000a', request_id: 'q' }),
    ]) {
      expect(auditRecordJson(r)).toBe(canonicalJson(auditObject(r)));
      expect(auditRecordHash(r)).toBe(sha(canonicalJson(auditObject(r))));
    }
    // A column not selected is left out, as canonicalJson leaves out an undefined field.
    const partial = audit();
    Reflect.deleteProperty(partial, 'ip');
    expect(auditRecordJson(partial)).toBe(canonicalJson({ ...auditObject(audit()), ip: undefined }));
  });

  it('is canonicalJson of the access record’s columns but its subject index', () => {
    for (const r of [access(), access({ hidden_until: null, fields: [], outcome: 'refused', refusal: 'X' })]) {
      expect(accessRecordJson(r)).toBe(canonicalJson(accessObject(r)));
      expect(accessRecordHash(r)).toBe(sha(canonicalJson(accessObject(r))));
    }
    expect(accessRecordHash(access({ subject_index: 'rekeyed' }))).toBe(accessRecordHash(access()));
  });

  it('gives the leaf RFC 9162 hashes of the leaf line', () => {
    const h = auditRecordHash(audit());
    const rfc = (input: Buffer) =>
      createHash('sha256')
        .update(Buffer.concat([Buffer.from([0]), input]))
        .digest();
    expect(Buffer.from(leafOf('audit', audit().id, h))).toEqual(rfc(leafInput('audit', audit().id, h)));
    const long = '记'.repeat(5_000);
    expect(Buffer.from(leafOf('access', long, h))).toEqual(rfc(leafInput('access', long, h)));
    expect(Buffer.from(leafHash(leafInput('access', long, h)))).toEqual(rfc(leafInput('access', long, h)));
  });

  it('writes times as toISOString does', () => {
    const times = [0, -1, 1, 86_399_999, 86_400_000, -86_400_001, Date.UTC(2026, 11, 1, 23, 59, 59, 999)];
    for (let i = 0; i < 20_000; i += 1) times.push(Math.floor(Math.sin(i) * 2 ** 44) + (i % 3) * 7);
    // Runs within a day (the date part kept), before and after 1970.
    for (const base of [Date.UTC(2026, 11, 1), -DAY * 400 - 5]) {
      for (let k = 0; k < 10_000; k += 1) times.push(base + k * 17_777);
    }
    times.push(Date.UTC(10000, 0, 1), Date.UTC(-1, 0, 1), Date.UTC(9999, 11, 31, 23, 59, 59, 999));
    for (const t of times) expect(isoString(new Date(t))).toBe(new Date(t).toISOString());
    expect(() => isoString(new Date(NaN))).toThrow(RangeError);
  });
});
