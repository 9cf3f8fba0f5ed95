/**
 * Evidence instead of uploads (数据共享): a material the government holds (an ID card, a
 * household register, a business licence, a birth certificate, ...) is fetched from its registry
 * through the data exchange when the case is filed, in the filing's transaction, under the grant
 * of the item's department (and the applicant's consent when that grant is not statutory), and
 * attached to the case with its provenance (registry, record, version, time) and digest; the
 * values are sealed.
 *
 * Whose record a material is: the applicant's (or the enterprise's they act for) unless its
 * source names a form field holding another person's ID number (the mother's ID card: the
 * form's mother_id_number).
 *
 * When a registry holds no record, or only certificates their issuer revoked or suspended
 * (EVIDENCE_NOT_VALID), or the read is refused (no consent, consent withdrawn, the grant
 * ended), the material falls back to an upload: an upload of it in the filing is used;
 * without one the filing is refused (MATERIALS_INCOMPLETE) saying why, per material. A refusal
 * is found before the filing's transaction (the exchange's check makes the refused read then,
 * so it stays logged); a registry with no record, in it. A material no registry holds, or no
 * grant lets the department read, is handled as before (the department obtains it itself;
 * nothing is asked of the applicant).
 */
import type { Principal } from '../../platform/auth.ts';
import type { Work } from '../../platform/context.ts';
import { AppError, type ErrorDetail } from '../../platform/errors.ts';
import type { LocalText } from '../catalog/index.ts';
import type { Context, EvidenceExchange, EvidenceRecord, EvidenceSubject } from './applications.context.ts';
import type { ApplicationsEvents } from './applications.events.ts';
import * as repo from './applications.repository.ts';
import type { EvidenceViewT } from './applications.schemas.ts';
import type { Target } from './applications.targets.ts';
import type { StoredMaterial } from './applications.tables.ts';

/** Sealed at rest under this field context: the values of a record fetched as evidence. */
export const EVIDENCE_CONTEXT = 'applications.case.evidence';

/** One read a filing makes: a material, a subject, and the item and department it is read for. */
export interface PlannedRead {
  materialCode: string;
  materialName: LocalText;
  registry: string;
  recordType: string;
  subject: EvidenceSubject;
  itemCode: string;
  departmentCode: string;
}

/** What a filing fetched: evidence rows to write. */
export interface Fetched {
  rows: repo.EvidenceInsert[];
}

export class Evidence {
  private readonly c: Context;

  constructor(context: Context) {
    this.c = context;
  }

  /**
   * The reads a filing will make (before its transaction: the catalogue answers from its cache),
   * each checked with the exchange: each shared material a registry holds, for its subject, for
   * the first item that asks for it. Materials the applicant uploads (`uploading`) are not read;
   * a read that would be refused is refused now (MATERIALS_INCOMPLETE, saying why).
   */
  async plan(
    principal: Principal,
    target: Target,
    form: Record<string, unknown>,
    uploading: readonly string[] = [],
  ): Promise<PlannedRead[]> {
    const exchange = this.c.deps.exchange;
    if (!exchange) return [];
    const shared = target.materials.filter((m) => m.source === 'shared' && !uploading.includes(m.code));
    if (shared.length === 0) return [];
    const own = await this.c.deps.identity.valuesOf(principal);
    const itemsByMaterial = await this.itemsAsking(target);
    const out: PlannedRead[] = [];
    const problems: ErrorDetail[] = [];
    for (const m of shared) {
      const source = exchange.sourceOf(m.code);
      if (!source) continue;
      const subject = subjectOf(source, principal, own, form);
      if (!subject) continue;
      const item = itemsByMaterial.get(m.code) ?? target.items[0]!;
      const read: PlannedRead = {
        materialCode: m.code,
        materialName: m.name,
        registry: source.registry,
        recordType: source.recordType,
        subject,
        itemCode: item.code,
        departmentCode: item.departmentCode,
      };
      const checked = await exchange.check({ ...read, caseNumber: null, applicantAccountId: principal.accountId });
      if (checked.outcome === 'not_granted') continue;
      if (checked.outcome === 'refused') problems.push(refusedProblem(read, checked.code, checked.message));
      else out.push(read);
    }
    if (problems.length > 0) throw materialsIncomplete(problems);
    return out;
  }

  /**
   * Fetch the planned reads for the case just numbered, in its transaction; the materials with
   * neither a record nor an upload are refused with why (MATERIALS_INCOMPLETE, rolling the filing back).
   */
  async fetch(
    w: Work<ApplicationsEvents>,
    principal: Principal,
    filed: { caseId: string; caseNumber: string },
    plan: readonly PlannedRead[],
    uploads: readonly StoredMaterial[],
  ): Promise<repo.EvidenceRow[]> {
    const exchange = this.c.deps.exchange;
    if (!exchange || plan.length === 0) return [];
    const uploaded = new Set(uploads.map((u) => u.code));
    const rows: repo.EvidenceRow[] = [];
    const problems: ErrorDetail[] = [];
    const reads = plan.filter((r) => !uploaded.has(r.materialCode)); // else the applicant chose to upload it
    const fetched = await exchange.fetchAll(
      reads.map((r) => ({ ...r, caseNumber: filed.caseNumber, applicantAccountId: principal.accountId })),
      w.tx,
    );
    for (const [i, r] of reads.entries()) {
      const got = fetched[i]!;
      if (got.outcome === 'not_granted') continue; // no grant: the department obtains it itself, as before
      if (got.outcome === 'refused') {
        problems.push(refusedProblem(r, got.code, got.message));
        continue;
      }
      // A certificate its issuer revoked or suspended is no evidence: as if none were held.
      const valid = got.records.filter((rec) => rec.status === 'valid');
      if (got.records.length === 0)
        problems.push({
          path: `/materials/${r.materialCode}`,
          code: 'EVIDENCE_NOT_HELD',
          message: `${r.materialName.en}: the ${r.registry} registry holds no record; upload it instead`,
        });
      else if (valid.length === 0)
        problems.push({
          path: `/materials/${r.materialCode}`,
          code: 'EVIDENCE_NOT_VALID',
          message: `${r.materialName.en}: the one the ${r.registry} registry holds is ${got.records[0]!.status} by its issuer; upload it instead`,
        });
      else for (const rec of valid) rows.push(this.row(filed.caseId, r, rec, w.now));
    }
    if (problems.length > 0) throw materialsIncomplete(problems);
    // One record can answer two subjects of one material (the same person twice): keep it once.
    const seen = new Set<string>();
    const unique = rows.filter((row) => {
      const k = `${row.material_code}/${row.record_id}`;
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    });
    repo.insertEvidenceLater(w, unique);
    // As evidenceOf reads them back: by material, then time.
    return unique.sort((a, b) => byCode(a.material_code, b.material_code) || +a.fetched_at - +b.fetched_at);
  }

  /** A case's evidence as shown to its applicant or to staff (values for staff only); `written`: just written, not read back. */
  async viewsOf(caseId: string, forStaff: boolean, written?: readonly repo.EvidenceRow[]): Promise<EvidenceViewT[]> {
    const rows = written ?? (await repo.evidenceOf(this.c.db, caseId));
    if (rows.length === 0) return [];
    const names = await this.c.deps.org.departmentNames();
    const exchange = this.c.deps.exchange;
    return rows.map((r) => {
      const registry = exchange?.registryName(r.registry) ?? { name: { zh: r.registry, en: r.registry }, owner: '' };
      const owner = names.get(registry.owner) ?? { zh: registry.owner, en: registry.owner };
      return {
        materialCode: r.material_code,
        materialName: { zh: r.material_name_zh, en: r.material_name_en },
        registry: r.registry,
        registryName: registry.name,
        ownerDepartmentCode: registry.owner,
        ownerDepartmentName: owner,
        recordId: r.record_id,
        recordType: r.record_type,
        recordVersion: r.record_version,
        fetchedAt: r.fetched_at.toISOString(),
        digest: r.digest,
        values: forStaff
          ? (JSON.parse(this.c.p.protector.open(r.values_sealed, EVIDENCE_CONTEXT)) as EvidenceRecord['values'])
          : null,
      };
    });
  }

  private row(caseId: string, r: PlannedRead, rec: EvidenceRecord, now: Date): repo.EvidenceRow {
    return {
      case_id: caseId,
      material_code: r.materialCode,
      record_id: rec.recordId,
      material_name_zh: r.materialName.zh,
      material_name_en: r.materialName.en,
      region_code: this.c.deps.regionCode,
      registry: r.registry,
      record_type: rec.recordType,
      record_version: rec.version,
      department_code: r.departmentCode,
      grant_id: rec.grantId,
      fetched_at: rec.readAt ?? now,
      digest: rec.digest,
      values_sealed: this.c.p.protector.seal(JSON.stringify(rec.values), EVIDENCE_CONTEXT),
    };
  }

  /** material code → the first of the target's items that asks for it (a bundle's merged material: its first item). */
  private async itemsAsking(target: Target): Promise<Map<string, Target['items'][number]>> {
    const by = new Map<string, Target['items'][number]>();
    for (const it of target.items) {
      const r = await this.c.deps.catalog.resolveItem(it.code, it.version);
      for (const m of r?.data.materials ?? []) if (!by.has(m.code)) by.set(m.code, it);
    }
    return by;
  }
}

/** Whose record a material is: the person a form field names, the applicant, or the enterprise acted for. */
function subjectOf(
  source: NonNullable<ReturnType<EvidenceExchange['sourceOf']>>,
  principal: Principal,
  own: Record<string, string>,
  form: Record<string, unknown>,
): EvidenceSubject | null {
  if (source.subjectKind === 'enterprise') return principal.actingAs ? { uscc: principal.actingAs.uscc } : null;
  if (source.subjectField) {
    const v = form[source.subjectField];
    return typeof v === 'string' && v.length > 0 ? { idNumber: v.toUpperCase() } : null;
  }
  const mine = own['person.idNumber'];
  return mine ? { idNumber: mine } : null;
}

/** The order of `collate "C"`: by UTF-8 bytes, as UTF-16 code units compare for these ASCII codes. */
const byCode = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

const refusedProblem = (r: PlannedRead, code: string, message: string): ErrorDetail => ({
  path: `/materials/${r.materialCode}`,
  code,
  message: `${r.materialName.en}: ${message}; upload it instead`,
});

const materialsIncomplete = (details: ErrorDetail[]) =>
  new AppError(400, 'MATERIALS_INCOMPLETE', 'Some materials are missing or not valid', { details });
