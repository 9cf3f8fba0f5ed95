/**
 * The preview before applying (数据共享 预览, after the EU once-only system and Myinfo): for an item
 * or a bundle, each value the platform would use to fill the form (the fields bound to a registry
 * field, `registry:<registry>.<field>`), where it comes from (registry and owning department),
 * why (the grant's purpose and legal basis, or the item's), the documents the departments will
 * share at filing instead of an upload, and those that fall back to an upload (with why: no
 * record, or only a certificate its issuer revoked or suspended).
 *
 * Whose data: the signed-in person, or the enterprise they act for (policy.consentSubject); never
 * anyone else's — there is no preview of another person, and no preview is stored. The values
 * are read through the exchange's own-records path (ownRecords): a person reading their own
 * records is not a third party's read, so it is not logged in their data tracker.
 *
 * Agreeing gives, per item of the target, the consent its non-statutory reads need (one
 * versioned, revocable consent per item and purpose: exchange.consents.ts); the fields of an
 * earlier consent for the item are kept in the new version.
 */
import type { Principal, RequestOrigin } from '../../platform/auth.ts';
import { badRequest, notFound } from '../../platform/errors.ts';
import { maskAddress, maskIdNumber, maskName, maskPhone } from '../../platform/masking.ts';
import { mergeForms, mergeMaterials, type FormField, type LocalText, type ServiceItemData } from '../catalog/index.ts';
import type { ExchangeContext, GrantRow } from './exchange.context.ts';
import { policy, type ConsentSubject } from './exchange.policy.ts';
import type { PreviewDeps } from './exchange.preview-deps.ts';
import type {
  ConsentAskT,
  PreviewEvidenceT,
  PreviewMissingT,
  PreviewTargetT,
  PreviewValueT,
  SharedDataPreviewT,
} from './exchange.preview-schemas.ts';
import { EVIDENCE_SOURCES, qualifiedField, registryOf, type RegistryDefinition } from './exchange.registries.ts';
import type { ExchangeService } from './exchange.service.ts';

/** A form field bound to a registry field: `registry:<registry>.<field>`. */
export const REGISTRY_PREFILL = /^registry:([a-z][a-z0-9-]*)\.([A-Za-z][A-Za-z0-9]*)$/;

interface TargetItem {
  code: string;
  data: ServiceItemData;
}

interface Resolved {
  items: TargetItem[];
  fields: FormField[];
  materials: ReturnType<typeof mergeMaterials>;
}

const isActive = (g: GrantRow, now: Date) =>
  g.starts_at.getTime() <= now.getTime() && (g.ends_at === null || g.ends_at.getTime() > now.getTime());

/** What the item's department (or the item itself) is granted of a registry now: the statutory grant first. */
function grantOf(grants: readonly GrantRow[], item: TargetItem, now: Date, field?: string): GrantRow | null {
  const mine = grants.filter(
    (g) =>
      isActive(g, now) &&
      (g.grantee_department_code === item.data.departmentCode || g.grantee_item_code === item.code) &&
      (!field || g.fields.includes(field)),
  );
  return mine.find((g) => g.statutory) ?? mine[0] ?? null;
}

/** A value as shown: masked where the registry marks the field sensitive. */
export function shownValue(key: string, value: string, sensitivity: string): string {
  if (sensitivity !== 'sensitive') return value;
  if (/idnumber/i.test(key)) return maskIdNumber(value);
  if (/phone/i.test(key)) return maskPhone(value);
  if (/address|place/i.test(key)) return maskAddress(value);
  if (/name/i.test(key)) return maskName(value);
  if (/^\d{4}-\d{2}-\d{2}/.test(value)) return `${value.slice(0, 4)}-**-**`;
  return value.length <= 1 ? '*' : `${value[0]}${'*'.repeat(Math.min(value.length - 1, 6))}`;
}

/** Registry codes of a choice in the form's words (the registries write sex as M / F). */
const CHOICE_WORDS: Readonly<Record<string, string>> = { M: 'male', F: 'female', 男: 'male', 女: 'female' };

/** A registry value as the form field takes it; null when the field cannot take it (a choice it does not offer). */
export function formValue(field: FormField, v: string | number | boolean | null | undefined): string | null {
  if (v === null || v === undefined || v === '') return null;
  const text = String(v);
  const choices = (field.schema as { enum?: unknown[] }).enum;
  if (!choices) return text;
  if (choices.includes(text)) return text;
  const word = CHOICE_WORDS[text];
  return word && choices.includes(word) ? word : null;
}

/** The consent purpose for an item (the preview asks for it; the filing's read checks the item's consent). */
export const consentPurpose = (name: LocalText): string => `办理「${name.zh}」`;

export class SharedDataPreviews {
  private readonly c: ExchangeContext;
  private readonly service: Pick<ExchangeService, 'ownRecords' | 'consentsOf' | 'giveConsent'>;
  private readonly deps: PreviewDeps;

  constructor(
    context: ExchangeContext,
    service: Pick<ExchangeService, 'ownRecords' | 'consentsOf' | 'giveConsent'>,
    deps: PreviewDeps,
  ) {
    this.c = context;
    this.service = service;
    this.deps = deps;
  }

  /** The preview for the signed-in person (or the enterprise they act for). */
  async preview(p: Principal | null, target: PreviewTargetT): Promise<SharedDataPreviewT> {
    const who = policy.consentSubject(p);
    const resolved = await this.resolve(target);
    const names = await this.c.deps.org.departmentNames();
    const now = this.c.p.clock.now();
    const source = (registry: RegistryDefinition) => ({
      registry: registry.code,
      registryName: { zh: registry.zh, en: registry.en },
      ownerDepartmentCode: registry.owner,
      ownerDepartmentName: names.get(registry.owner) ?? { zh: registry.owner, en: registry.owner },
    });
    const { values, missing } = await this.values(who, resolved, now, source);
    const { evidence, own } = await this.evidence(who, resolved, now, source);
    const consents = await this.consentAsks(who, resolved, values, evidence, own, now);
    const subjectName = who.principal.actingAs?.name ?? maskName(who.principal.displayName);
    return { subject: { kind: who.kind, name: subjectName }, values, missing, evidence, consents };
  }

  /** 同意并使用: the consents the preview asks for, given now (each a new version). */
  async agree(p: Principal | null, target: PreviewTargetT, origin: RequestOrigin) {
    policy.consentSubject(p);
    const { consents } = await this.preview(p, target);
    const given = [];
    for (const ask of consents) {
      const c = await this.service.giveConsent(
        p,
        { itemCode: ask.itemCode, purpose: ask.purpose, fields: ask.fields },
        origin,
      );
      given.push({ id: c.id, itemCode: c.itemCode, purpose: c.purpose, version: c.version });
    }
    return { consents: given };
  }

  private async resolve(target: PreviewTargetT): Promise<Resolved> {
    const { itemCode, bundleCode } = target;
    if (itemCode !== undefined && bundleCode === undefined) {
      const item = await this.deps.catalog.resolveItem(itemCode);
      if (!item || item.status !== 'published') throw notFound('ITEM_NOT_FOUND', 'No such service item');
      const items = [{ code: item.code, data: item.data }];
      return {
        items,
        fields: item.data.form.sections.flatMap((s) => s.fields),
        materials: mergeMaterials(items),
      };
    }
    if (bundleCode !== undefined && itemCode === undefined) {
      const bundle = await this.deps.catalog.resolveBundle(bundleCode);
      if (!bundle || bundle.items.length === 0) throw notFound('BUNDLE_NOT_FOUND', 'No such life-event bundle');
      const items = bundle.items.map((it) => ({ code: it.code, data: it.data }));
      const form = mergeForms(
        items.map((it) => it.data.form),
        bundle.data.sections,
      );
      return {
        items,
        fields: form.sections.flatMap((s) => s.fields),
        materials: mergeMaterials(items, bundle.data.sameMaterials),
      };
    }
    throw badRequest('TARGET_REQUIRED', 'Give exactly one of itemCode and bundleCode', [
      { path: '/itemCode', code: 'one_of', message: 'give an item or a bundle' },
    ]);
  }

  /** The form's registry-bound fields: the subject's own values, or why there is none. */
  private async values(
    who: ConsentSubject,
    t: Resolved,
    now: Date,
    source: (r: RegistryDefinition) => Omit<PreviewMissingT, 'fieldKey' | 'label' | 'source' | 'reason'>,
  ): Promise<{ values: PreviewValueT[]; missing: PreviewMissingT[] }> {
    const bound = t.fields.flatMap((f) => {
      const m = f.prefill ? REGISTRY_PREFILL.exec(f.prefill) : null;
      const registry = m ? registryOf(m[1]!) : undefined;
      const def = registry?.fields.find((x) => x.key === m![2]);
      return registry && def ? [{ f, registry, def }] : [];
    });
    const values: PreviewValueT[] = [];
    const missing: PreviewMissingT[] = [];
    const byRegistry = new Map<string, typeof bound>();
    for (const b of bound) byRegistry.set(b.registry.code, [...(byRegistry.get(b.registry.code) ?? []), b]);
    for (const [code, list] of byRegistry) {
      const registry = list[0]!.registry;
      const mine = registry.subjects.includes(who.kind);
      const records = mine
        ? (await this.service.ownRecords(who.principal, { registry: code, fields: list.map((b) => b.def.key) })).records
        : [];
      const grants = await this.c.grantsOf(code);
      for (const { f, def } of list) {
        const rec = records.find((r) => r.values[def.key] !== null && r.values[def.key] !== undefined);
        const v = rec ? formValue(f, rec.values[def.key]) : null;
        if (!rec || v === null) {
          missing.push({
            fieldKey: f.key,
            label: f.label,
            source: f.prefill!,
            ...source(registry),
            reason: mine ? 'no_record' : 'no_subject',
          });
          continue;
        }
        const item = t.items.find((it) => it.data.form.sections.some((s) => s.fields.some((x) => x.key === f.key)));
        const it = item ?? t.items[0]!;
        const grant = grantOf(grants, it, now, def.key);
        values.push({
          fieldKey: f.key,
          label: f.label,
          source: f.prefill!,
          field: def.key,
          fieldLabel: { zh: def.zh, en: def.en },
          ...source(registry),
          value: String(v),
          shown: shownValue(def.key, String(v), def.sensitivity),
          sensitivity: def.sensitivity,
          recordId: rec.recordId,
          recordVersion: rec.version,
          purpose: grant?.purpose ?? consentPurpose(it.data.name),
          legalBasis: grant?.legal_basis ?? it.data.legalBasis[0] ?? '',
          statutory: grant?.statutory ?? false,
        });
      }
    }
    return { values, missing };
  }

  /** The shared materials: fetched at filing, or an upload (and why), or not read at all (no grant). */
  private async evidence(
    who: ConsentSubject,
    t: Resolved,
    now: Date,
    source: (r: RegistryDefinition) => Omit<PreviewMissingT, 'fieldKey' | 'label' | 'source' | 'reason'>,
  ): Promise<{ evidence: PreviewEvidenceT[]; own: Set<string> }> {
    const out: PreviewEvidenceT[] = [];
    /** The materials that are the consent subject's own records (the applicant's, or the enterprise's). */
    const own = new Set<string>();
    for (const m of t.materials) {
      const from = m.source === 'shared' ? EVIDENCE_SOURCES[m.code] : undefined;
      const registry = from ? registryOf(from.registry) : undefined;
      if (!from || !registry) continue;
      const item = t.items.find((it) => m.itemCodes.includes(it.code)) ?? t.items[0]!;
      const grant = grantOf(await this.c.grantsOf(registry.code), item, now);
      const why = {
        purpose: grant?.purpose ?? consentPurpose(item.data.name),
        legalBasis: grant?.legal_basis ?? item.data.legalBasis[0] ?? '',
        statutory: grant?.statutory ?? false,
      };
      const base = { materialCode: m.code, name: m.name, ...source(registry), ...why };
      const kind = from.enterprise ? 'enterprise' : 'person';
      if (!grant) out.push({ ...base, outcome: 'not_granted', reason: null });
      else if (from.subjectField) out.push({ ...base, outcome: 'fetched', reason: 'subject_in_form' });
      else if (kind === 'enterprise' && who.kind !== 'enterprise')
        out.push({ ...base, outcome: 'not_granted', reason: 'no_subject' });
      else if (kind !== who.kind) out.push({ ...base, outcome: 'fetched', reason: null });
      else {
        own.add(m.code);
        const { records } = await this.service.ownRecords(who.principal, {
          registry: registry.code,
          fields: ['documentType'],
          recordType: from.recordType,
        });
        // A certificate its issuer revoked or suspended is no evidence: the applicant uploads instead.
        const newest = records[0];
        out.push(
          !newest
            ? { ...base, outcome: 'upload', reason: 'no_record' }
            : records.some((r) => r.status === 'valid')
              ? { ...base, outcome: 'fetched', reason: null }
              : { ...base, outcome: 'upload', reason: newest.status === 'revoked' ? 'revoked' : 'suspended' },
        );
      }
    }
    return { evidence: out, own };
  }

  /**
   * Per item, the consent its reads of the subject's data need: the registry fields of its form
   * and of its documents, where the read is not statutory; with the consent already given, if it covers them.
   */
  private async consentAsks(
    who: ConsentSubject,
    t: Resolved,
    values: PreviewValueT[],
    evidence: PreviewEvidenceT[],
    own: ReadonlySet<string>,
    now: Date,
  ): Promise<ConsentAskT[]> {
    const current = (await this.service.consentsOf(who.principal)).items.filter((c) => c.withdrawnAt === null);
    const asks: ConsentAskT[] = [];
    for (const it of t.items) {
      const fields = new Set<string>();
      const keys = new Set(it.data.form.sections.flatMap((s) => s.fields.map((f) => f.key)));
      for (const v of values) if (!v.statutory && keys.has(v.fieldKey)) fields.add(qualifiedField(v.registry, v.field));
      const codes = new Set(it.data.materials.map((m) => m.code));
      for (const e of evidence) {
        if (e.statutory || e.outcome !== 'fetched' || !own.has(e.materialCode)) continue;
        const material = t.materials.find((m) => m.code === e.materialCode);
        if (!material || !(codes.has(e.materialCode) || material.itemCodes.includes(it.code))) continue;
        const grant = grantOf(await this.c.grantsOf(e.registry), it, now);
        for (const f of grant?.fields ?? []) fields.add(qualifiedField(e.registry, f));
      }
      if (fields.size === 0) continue;
      const earlier = current.find((c) => c.itemCode === it.code);
      const covered = earlier && [...fields].every((f) => earlier.fields.includes(f));
      asks.push({
        itemCode: it.code,
        purpose: consentPurpose(it.data.name),
        fields: [...new Set([...(earlier?.fields ?? []), ...fields])].sort(),
        given: covered ? { id: earlier.id, version: earlier.version, givenAt: earlier.givenAt } : null,
      });
    }
    return asks;
  }
}
