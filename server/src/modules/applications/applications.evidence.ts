/**
 * Evidence instead of uploads (数据共享): a material the government holds (an ID card, a
 * household register, a business licence, a birth certificate, ...) is fetched from its registry
 * through the data exchange when the case is filed, in the filing's transaction, under the grant
 * of the item's department (and the applicant's consent when that grant is not statutory), and
 * attached to the case with its provenance (registry, record, version, time) and digest; the
 * values are sealed.
 *
 * Whose record a material is: the applicant's (or the enterprise's they act for) unless the
 * material names another person of the form (SUBJECT_FIELDS: the mother's ID card is the record
 * of the ID number in the form's mother_id_number).
 *
 * When a registry holds no record, or the read is refused (no consent, consent withdrawn, the
 * grant ended), the material falls back to an upload: an upload of it in the filing is used;
 * without one the filing is refused (MATERIALS_INCOMPLETE) saying why, per material. A material
 * no registry holds, or no grant lets the department read, is handled as before (the department
 * obtains it itself; nothing is asked of the applicant).
 */
import type { Principal } from '../../platform/auth.ts';
import type { Work } from '../../platform/context.ts';
import { AppError, type ErrorDetail } from '../../platform/errors.ts';
import type { LocalText } from '../catalog/index.ts';
import { inTx, type Context, type EvidenceRecord, type EvidenceSubject } from './applications.context.ts';
import type { ApplicationsEvents } from './applications.events.ts';
import * as repo from './applications.repository.ts';
import type { EvidenceViewT } from './applications.schemas.ts';
import type { Target } from './applications.targets.ts';
import type { StoredMaterial } from './applications.tables.ts';

/** Sealed at rest under this field context: the values of a record fetched as evidence. */
export const EVIDENCE_CONTEXT = 'applications.case.evidence';

/**
 * Materials that are the record of a person named in the form, not of the applicant: the form
 * fields holding their ID numbers. A merged material (a bundle's 父母及申请人居民身份证) is the
 * applicant's and theirs.
 */
export const SUBJECT_FIELDS: Readonly<Record<string, { fields: readonly string[]; applicant: boolean }>> = {
  mother_id: { fields: ['mother_id_number'], applicant: false },
  father_id: { fields: ['father_id_number'], applicant: false },
  parents_id: { fields: ['mother_id_number', 'father_id_number'], applicant: true },
  legal_rep_id: { fields: ['legal_rep_id_number'], applicant: false },
  // A medical birth certificate is the child's record, indexed by the mother.
  birth_certificate: { fields: ['mother_id_number'], applicant: false },
};

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
   * The reads a filing will make (before its transaction: the catalogue answers from its cache):
   * each shared material a registry holds, for each of its subjects, for the first item that
   * asks for it. Subjects whose ID number the form does not give are left out.
   */
  async plan(principal: Principal, target: Target, form: Record<string, unknown>): Promise<PlannedRead[]> {
    const exchange = this.c.deps.exchange;
    if (!exchange) return [];
    const shared = target.materials.filter((m) => m.source === 'shared');
    if (shared.length === 0) return [];
    const own = await this.c.deps.identity.valuesOf(principal);
    const itemsByMaterial = await this.itemsAsking(target);
    const out: PlannedRead[] = [];
    for (const m of shared) {
      const source = exchange.sourceOf(m.code);
      if (!source) continue;
      const item = itemsByMaterial.get(m.code) ?? target.items[0]!;
      for (const subject of subjectsOf(m.code, source.subjectKind, principal, own, form)) {
        out.push({
          materialCode: m.code,
          materialName: m.name,
          registry: source.registry,
          recordType: source.recordType,
          subject,
          itemCode: item.code,
          departmentCode: item.departmentCode,
        });
      }
    }
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
  ): Promise<number> {
    const exchange = this.c.deps.exchange;
    if (!exchange || plan.length === 0) return 0;
    const uploaded = new Set(uploads.map((u) => u.code));
    const rows: repo.EvidenceInsert[] = [];
    const problems: ErrorDetail[] = [];
    for (const r of plan) {
      if (uploaded.has(r.materialCode)) continue; // the applicant chose to upload it
      const got = await exchange.fetch(
        {
          registry: r.registry,
          recordType: r.recordType,
          subject: r.subject,
          itemCode: r.itemCode,
          departmentCode: r.departmentCode,
          caseNumber: filed.caseNumber,
          applicantAccountId: principal.accountId,
        },
        w.tx,
      );
      if (got.outcome === 'not_granted') continue; // no grant: the department obtains it itself, as before
      if (got.outcome === 'refused' || got.records.length === 0) {
        problems.push({
          path: `/materials/${r.materialCode}`,
          code: got.outcome === 'refused' ? got.code : 'EVIDENCE_NOT_HELD',
          message:
            got.outcome === 'refused'
              ? `${r.materialName.en}: ${got.message}; upload it instead`
              : `${r.materialName.en}: the ${r.registry} holds no record; upload it instead`,
        });
        continue;
      }
      for (const rec of got.records) rows.push(this.row(filed.caseId, r, rec, w.now));
    }
    if (problems.length > 0)
      throw new AppError(400, 'MATERIALS_INCOMPLETE', 'Some materials are missing or not valid', {
        details: problems,
      });
    // One record can answer two subjects of one material (the same person twice): keep it once.
    const seen = new Set<string>();
    const unique = rows.filter((row) => {
      const k = `${row.material_code}/${row.record_id}`;
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    });
    await repo.insertEvidence(inTx(w), unique);
    return unique.length;
  }

  /** A case's evidence as shown to its applicant or to staff (values for staff only). */
  async viewsOf(caseId: string, forStaff: boolean): Promise<EvidenceViewT[]> {
    const rows = await repo.evidenceOf(this.c.db, caseId);
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

  private row(caseId: string, r: PlannedRead, rec: EvidenceRecord, now: Date): repo.EvidenceInsert {
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

/** Whose records a material is: the form's people it names, and the applicant (or the enterprise acted for). */
function subjectsOf(
  materialCode: string,
  kind: 'person' | 'enterprise',
  principal: Principal,
  own: Record<string, string>,
  form: Record<string, unknown>,
): EvidenceSubject[] {
  if (kind === 'enterprise') return principal.actingAs ? [{ uscc: principal.actingAs.uscc }] : [];
  const named = SUBJECT_FIELDS[materialCode];
  const ids: string[] = [];
  if (!named || named.applicant) {
    const mine = own['person.idNumber'];
    if (mine) ids.push(mine);
  }
  for (const f of named?.fields ?? []) {
    const v = form[f];
    if (typeof v === 'string' && v.length > 0) ids.push(v.toUpperCase());
  }
  return [...new Set(ids)].map((idNumber) => ({ idNumber }));
}
