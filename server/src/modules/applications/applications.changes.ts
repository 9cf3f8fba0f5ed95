/**
 * What the applicant changed at each resubmission (补正), for the staff who review it: the form
 * fields whose values differ (before → after) and the materials added, replaced or removed.
 * Exact: each resubmission stored the case's form (sealed) and materials as they were before
 * it (applications.case_versions); what came after is the next version, or the case as it is.
 */
import type { DataProtector } from '../../platform/crypto.ts';
import { FORM_CONTEXT } from './applications.context.ts';
import type * as repo from './applications.repository.ts';
import type { ResubmissionT } from './applications.schemas.ts';
import type { StoredMaterial } from './applications.tables.ts';

type Form = Record<string, unknown>;
interface Snapshot {
  form: Form;
  materials: StoredMaterial[];
}

/** The resubmissions of a case, oldest first, each with what it changed. */
export function resubmissionsOf(
  protector: DataProtector,
  versions: repo.VersionRow[],
  events: repo.EventRow[],
  now: Snapshot,
): ResubmissionT[] {
  const open = (v: repo.VersionRow): Snapshot => ({
    form: JSON.parse(protector.open(v.form_sealed, FORM_CONTEXT)) as Form,
    materials: v.materials,
  });
  const snapshots = versions.map(open);
  return versions.map((v, i) => {
    const before = snapshots[i]!;
    const after = snapshots[i + 1] ?? now;
    const event = events.find((e) => e.seq === v.seq);
    return {
      seq: v.seq,
      at: (event?.at ?? v.created_at).toISOString(),
      form: formChanges(before.form, after.form),
      materials: materialChanges(before.materials, after.materials),
    };
  });
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** The fields whose values differ, in the order the form after the change lists them (then removed ones). */
export function formChanges(before: Form, after: Form): ResubmissionT['form'] {
  const keys = [...new Set([...Object.keys(after), ...Object.keys(before)])];
  return keys
    .filter((k) => !same(before[k], after[k]))
    .map((key) => ({
      key,
      ...(before[key] !== undefined ? { before: before[key] } : {}),
      ...(after[key] !== undefined ? { after: after[key] } : {}),
    }));
}

const fileOf = (m: StoredMaterial) => ({ fileName: m.fileName, sha256: m.sha256 });

/** Per material code: added, replaced (other files, by content) or removed. */
export function materialChanges(before: StoredMaterial[], after: StoredMaterial[]): ResubmissionT['materials'] {
  const codes = [...new Set([...after.map((m) => m.code), ...before.map((m) => m.code)])];
  const out: ResubmissionT['materials'] = [];
  for (const code of codes) {
    const was = before.filter((m) => m.code === code);
    const is = after.filter((m) => m.code === code);
    const hashes = (ms: StoredMaterial[]) => ms.map((m) => m.sha256).sort();
    if (same(hashes(was), hashes(is))) continue;
    const change = was.length === 0 ? 'added' : is.length === 0 ? 'removed' : 'replaced';
    out.push({ code, name: (is[0] ?? was[0])!.name, change, before: was.map(fileOf), after: is.map(fileOf) });
  }
  return out;
}
