/**
 * What is applied for, resolved from the catalogue: one service item, or a life-event bundle
 * (一件事) whose items' forms and materials merge and whose departments work in parallel;
 * and a filing checked against it (the form against its JSON Schemas, the materials against
 * the applicant's uploads). Drafts, submission and resubmission (补正) share these.
 */
import type { Principal } from '../../platform/auth.ts';
import { AppError, badRequest, notFound, type ErrorDetail } from '../../platform/errors.ts';
import { mergeForms, mergeMaterials } from '../catalog/index.ts';
import type { BundleOrder, FormDefinition, Material, ServiceItemData } from '../catalog/index.ts';
import type { Context } from './applications.context.ts';
import * as repo from './applications.repository.ts';
import type { AppDb } from './applications.repository.ts';
import type { CaseItem, StoredMaterial } from './applications.tables.ts';
import { localDate } from '../../platform/time-zone.ts';
import { FIXED_PREFILLS } from '../identity/index.ts';
import {
  bindApplicant,
  checkFields,
  checkForm,
  checkMaterials,
  normaliseForm,
  normaliseIdentifiers,
  type MaterialRefIn,
} from './forms.ts';
import type { LocalText, ProcessDefinition, TimeLimit } from './workflow/definition.ts';
import { bundleProcess, criticalPath, EXAMPLE_PROCESSES, type BundlePart } from './workflow/processes.ts';
import { wordedFor } from './workflow/words.ts';

/** The comprehensive window (综合窗口) that accepts life-event bundles for all departments. */
export const BUNDLE_WINDOW_DEPARTMENT = 'ASB';

/** The form and materials to file against, and the item versions that define them. */
export interface Filing {
  items: CaseItem[];
  form: FormDefinition;
  materials: Pick<Material, 'code' | 'name' | 'required' | 'source'>[];
}

export interface Target extends Filing {
  kind: 'item' | 'bundle';
  itemCode: string | null;
  itemVersion: number | null;
  bundleCode: string | null;
  title: LocalText;
  process: ProcessDefinition;
  leadDepartment: string;
  promised: TimeLimit;
  targetUsers: ('person' | 'enterprise')[];
}

export type TargetRef = { itemCode?: string | undefined; bundleCode?: string | undefined };

/**
 * A bundle's parts, one per department (its items' names joined, its limit their longest), and
 * the order between them from the bundle's order between items: a department's part waits for
 * the departments of the items its items come after (an order within one department is its own).
 */
function bundleParts(
  items: readonly { code: string; data: ServiceItemData }[],
  order: readonly BundleOrder[],
): BundlePart[] {
  const byDept = new Map<string, BundlePart>();
  const deptOf = new Map(items.map((it) => [it.code, it.data.departmentCode]));
  for (const it of items) {
    const d = it.data;
    const part = byDept.get(d.departmentCode);
    const days = workingDaysOf(d.promisedLimit);
    if (part) {
      part.name = { zh: `${part.name.zh}、${d.name.zh}`, en: `${part.name.en}; ${d.name.en}` };
      part.days = Math.max(part.days, days);
    } else byDept.set(d.departmentCode, { departmentCode: d.departmentCode, name: d.name, days });
  }
  for (const o of order) {
    const part = byDept.get(deptOf.get(o.itemCode) ?? '');
    if (!part) continue;
    for (const key of ['after', 'needsResultOf'] as const) {
      const depts = (o[key] ?? []).flatMap((c) => {
        const d = deptOf.get(c);
        return d && d !== part.departmentCode ? [d] : [];
      });
      if (depts.length > 0) part[key] = [...new Set([...(part[key] ?? []), ...depts])];
    }
  }
  return [...byDept.values()];
}

/** Working days of a time limit, roughly, for a bundle part (natural days count 5 in 7). */
const workingDaysOf = (l: TimeLimit): number =>
  l.unit === 'working_days' ? l.value : l.unit === 'natural_days' ? Math.max(1, Math.ceil((l.value * 5) / 7)) : 1;

/** The longer of two time limits, compared in working days. */
const longer = (a: TimeLimit, b: TimeLimit): TimeLimit => (workingDaysOf(b) > workingDaysOf(a) ? b : a);

/** Names the version of a case's form: its items and their versions (the compiled-form cache's key). */
const formKey = (items: readonly CaseItem[]): string => items.map((i) => `${i.code}@${i.version}`).join('+');

export class Targets {
  private readonly c: Context;

  constructor(context: Context) {
    this.c = context;
  }

  /** The item or bundle named (exactly one of the two), as published now. */
  async resolve(input: TargetRef): Promise<Target> {
    const { itemCode, bundleCode } = input;
    if (itemCode !== undefined && bundleCode === undefined) return this.item(itemCode);
    if (bundleCode !== undefined && itemCode === undefined) return this.bundle(bundleCode);
    throw badRequest('TARGET_REQUIRED', 'Give exactly one of itemCode and bundleCode', [
      { path: '/itemCode', code: 'one_of', message: 'give an item or a bundle' },
    ]);
  }

  /**
   * An item version's process, made once: a published version never changes (editing makes the
   * next version), and the same definition object lets Progress.keyOf keep its hash.
   */
  private processOf(code: string, version: number, data: ServiceItemData): ProcessDefinition {
    const key = `${code}@${version}`;
    let def = this.processes.get(key);
    if (!def) {
      def = itemProcess(data);
      this.processes.set(key, def);
    }
    return def;
  }
  private readonly processes = new Map<string, ProcessDefinition>();

  private async item(itemCode: string): Promise<Target> {
    const item = await this.c.deps.catalog.resolveItem(itemCode);
    if (!item || item.status !== 'published') throw notFound('ITEM_NOT_FOUND', 'No such service item');
    const d = item.data;
    return {
      kind: 'item',
      itemCode: item.code,
      itemVersion: item.version,
      bundleCode: null,
      title: d.name,
      items: [{ code: item.code, version: item.version, name: d.name, departmentCode: d.departmentCode }],
      form: d.form,
      materials: d.materials,
      process: this.processOf(item.code, item.version, d),
      leadDepartment: d.departmentCode,
      promised: d.promisedLimit,
      targetUsers: d.targetUsers,
    };
  }

  private async bundle(bundleCode: string): Promise<Target> {
    const bundle = await this.c.deps.catalog.resolveBundle(bundleCode);
    if (!bundle || bundle.items.length === 0) throw notFound('BUNDLE_NOT_FOUND', 'No such life-event bundle');
    const parts = bundleParts(bundle.items, bundle.data.order ?? []);
    const code = `bundle_${bundle.data.code.replace(/[^a-z0-9]+/gi, '_')}`;
    return {
      kind: 'bundle',
      itemCode: null,
      itemVersion: null,
      bundleCode: bundle.data.code,
      title: bundle.data.name,
      items: bundle.items.map((it) => ({
        code: it.code,
        version: it.version,
        name: it.data.name,
        departmentCode: it.data.departmentCode,
      })),
      form: mergeForms(
        bundle.items.map((it) => it.data.form),
        bundle.data.sections,
      ),
      materials: mergeMaterials(bundle.items, bundle.data.sameMaterials),
      process: bundleProcess(code, bundle.data.name, parts),
      leadDepartment: BUNDLE_WINDOW_DEPARTMENT,
      // Parts that wait for others add up: the promise is the longest chain of them.
      promised: { value: criticalPath(parts), unit: 'working_days' },
      targetUsers: [...new Set(bundle.items.flatMap((it) => it.data.targetUsers))],
    };
  }

  /**
   * What `principal` files: the target named, for whom it is (an enterprise's service acting as
   * the enterprise, a personal one as oneself), the form checked, then the materials.
   */
  async filing(principal: Principal, body: TargetRef & { form: Record<string, unknown>; materials: MaterialRefIn[] }) {
    const { target, form } = await this.checkedTarget(principal, body);
    const materials = await this.checkedMaterials(principal.accountId, target, body.materials);
    return { target, form, materials };
  }

  /** The first part of `filing`: the target and the form checked (the materials are checked next). */
  async checkedTarget(principal: Principal, body: TargetRef & { form: Record<string, unknown> }) {
    const target = await this.resolve(body);
    checkApplicantKind(target, principal);
    const form = await this.checkedForm(target, body.form, principal);
    return { target, form };
  }

  /** The form and materials a case was filed under (its pinned item versions, laid out as its bundle is). */
  async filed(items: CaseItem[], kind: 'item' | 'bundle', bundleCode: string | null = null): Promise<Filing> {
    const data = await Promise.all(
      items.map(async (it) => {
        const r = await this.c.deps.catalog.resolveItem(it.code, it.version);
        if (!r) throw new Error(`item ${it.code} v${it.version} is missing`);
        return r.data;
      }),
    );
    if (kind === 'item') return { items, form: data[0]!.form, materials: data[0]!.materials };
    const bundle = bundleCode ? (await this.c.deps.catalog.resolveBundle(bundleCode))?.data : undefined;
    return {
      items,
      form: mergeForms(
        data.map((d) => d.form),
        bundle?.sections,
      ),
      materials: mergeMaterials(
        data.map((d, i) => ({ code: items[i]!.code, data: d })),
        bundle?.sameMaterials,
      ),
    };
  }

  /**
   * The promised time limit (承诺时限) of a case's pinned items: the longest of them, or for a
   * bundle whose parts wait for each other, its longest chain of parts.
   */
  async promised(items: CaseItem[], bundleCode: string | null = null): Promise<TimeLimit> {
    const data = (
      await Promise.all(items.map(async (it) => this.c.deps.catalog.resolveItem(it.code, it.version)))
    ).filter((r) => r !== null);
    const order = bundleCode ? (await this.c.deps.catalog.resolveBundle(bundleCode))?.data.order : undefined;
    if (order?.length) return { value: criticalPath(bundleParts(data, order)), unit: 'working_days' };
    return data.map((r) => r.data.promisedLimit).reduce(longer);
  }

  /**
   * The form's answers, normalised and checked against the filing's form: its JSON Schemas,
   * check characters and date bounds, and the fields that are the applicant's identity bound
   * to `applicant`'s account (filled in when left out). FORM_INVALID with the field paths.
   */
  async checkedForm(
    filing: Filing,
    values: Record<string, unknown>,
    applicant: Principal,
  ): Promise<Record<string, unknown>> {
    const fixed = filing.form.sections.some((s) =>
      s.fields.some((f) => f.prefill && (FIXED_PREFILLS as readonly string[]).includes(f.prefill)),
    );
    const own = fixed ? await this.c.deps.identity.valuesOf(applicant) : {};
    const bound = bindApplicant(
      filing.form,
      normaliseIdentifiers(filing.form, normaliseForm(values)),
      own,
      FIXED_PREFILLS,
    );
    const form = bound.values;
    const problems = checkForm(filing.form, form, formKey(filing.items));
    const today = localDate(this.c.p.clock.now(), this.c.deps.timeZone);
    // One problem per field: what the schema found first, then the applicant binding, then check characters and dates.
    for (const d of [...bound.problems, ...checkFields(filing.form, form, today)])
      if (!problems.some((p) => p.path === d.path)) problems.push(d);
    if (problems.length > 0) throw new AppError(400, 'FORM_INVALID', 'The form has problems', { details: problems });
    return form;
  }

  /** The applicant's uploads as the filing's materials: every required one there; MATERIALS_INCOMPLETE otherwise. */
  async checkedMaterials(
    accountId: string,
    filing: Filing,
    refs: MaterialRefIn[],
    db: AppDb = this.c.db,
  ): Promise<StoredMaterial[]> {
    const { materials, problems } = await this.uploaded(accountId, refs, filing.materials, db);
    const all = [...checkMaterials(filing.materials, refs), ...problems];
    if (all.length > 0)
      throw new AppError(400, 'MATERIALS_INCOMPLETE', 'Some materials are missing or not valid', { details: all });
    return materials;
  }

  /** The applicant's uploads for these references, as stored materials; unknown ids are problems with paths. */
  async uploaded(
    accountId: string,
    refs: readonly MaterialRefIn[],
    defs: Filing['materials'],
    db: AppDb = this.c.db,
  ): Promise<{ materials: StoredMaterial[]; problems: ErrorDetail[] }> {
    const uploads = new Map(
      (await repo.uploadsOf(db, accountId, [...new Set(refs.map((r) => r.uploadId))])).map((u) => [u.id, u]),
    );
    const names = new Map(defs.map((m) => [m.code, m.name]));
    const problems: ErrorDetail[] = [];
    const materials: StoredMaterial[] = [];
    refs.forEach((r, i) => {
      const u = uploads.get(r.uploadId);
      if (!u) {
        problems.push({
          path: `/materials/${i}/uploadId`,
          code: 'upload_not_found',
          message: 'no such upload of yours',
        });
        return;
      }
      materials.push({
        code: r.code,
        name: names.get(r.code) ?? { zh: r.code, en: r.code },
        uploadId: u.id,
        fileName: u.file_name,
        mediaType: u.media_type,
        size: Number(u.size),
        sha256: u.sha256,
        blobKey: u.blob_key,
      });
    });
    return { materials, problems };
  }
}

/** 服务对象: an enterprise service is applied for acting as the enterprise, a personal one as oneself. */
function checkApplicantKind(target: Target, p: Principal): void {
  const asEnterprise = p.actingAs !== null;
  if (asEnterprise && !target.targetUsers.includes('enterprise')) {
    throw new AppError(
      403,
      'PERSON_REQUIRED',
      'This service is for individuals: stop acting as an enterprise to apply',
    );
  }
  if (!asEnterprise && !target.targetUsers.includes('person')) {
    throw new AppError(403, 'ENTERPRISE_REQUIRED', 'This service is for enterprises: act as your enterprise to apply');
  }
}

/** The item's process, its decision words in the terms of the item's type (行政确认 is confirmed, not licensed). */
function itemProcess(data: ServiceItemData): ProcessDefinition {
  const def = EXAMPLE_PROCESSES.find((d) => d.code === data.processCode);
  if (!def) throw new AppError(422, 'PROCESS_UNKNOWN', `The item's process ${data.processCode} is not defined`);
  return wordedFor(def, data.type);
}
