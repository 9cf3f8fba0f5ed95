// The service-item editor's model: the vocabularies of the national catalogue's elements,
// the editor's form values and their conversion to and from ServiceItemData (the body of
// PUT /api/catalog/items/:code), default codes for new items, and the JSON Schema of an
// application-form field as the field editor sees it.
import {
  type Department,
  type ErrorDetail,
  type FormDefinition,
  type FormField,
  type ItemDetail,
  type ItemType,
  type LocalText,
  type Material,
  type ServiceItemData,
  type TimeLimit,
} from '../../shared/contract';
import { commonText } from '../../shared/text-common';
import { FIELD_TEMPLATES } from './form-field-model';
import {
  CitizenIdNumberPattern as ID_PATTERN,
  ItemProcessCodeValues,
  MobileNumberPattern as MOBILE_PATTERN,
  PrefillSourceValues,
  RegistryPrefillValues,
  UsccPattern as USCC_PATTERN,
} from '../../../../contract/openapi.ts';

// The catalogue's vocabularies, from the contract.
export {
  CHANNELS,
  HANDLING_KINDS,
  ITEM_TYPES,
  LEVELS,
  LIMIT_UNITS,
  ONLINE_DEPTHS,
  RESULT_TYPES,
  SCOPES,
  TARGET_USERS,
  WIDGETS,
  type Widget,
} from '../../shared/contract';
/** Workflow processes an item may run, as the server publishes them (ItemProcessCode). */
export const PROCESS_CODES = ItemProcessCodeValues;
/**
 * What a field may be prefilled from, as the server publishes it: the account's own data
 * (PrefillSource) and the registries' fields (RegistryPrefill, registry:<registry>.<field>).
 */
export const PREFILLS = [...PrefillSourceValues, ...RegistryPrefillValues];

/** Theme and registry vocabularies: the keys the apps have labels for. */
export const THEMES = Object.keys(commonText.zhCN.catalog.themes);
export const REGISTRIES = Object.keys(commonText.zhCN.catalog.registry);

export { LIMITS } from './limits';

/** The number formats a form field of these widgets carries, as the server publishes them. */
export { ID_PATTERN, MOBILE_PATTERN, USCC_PATTERN };

/** Type segment of the basic code (the demo catalogue's convention, after the national one). */
const TYPE_SEGMENT: Record<ItemType, string> = {
  licensing: '00',
  penalty: '01',
  levy: '03',
  benefit: '04',
  confirmation: '07',
  reward: '08',
  adjudication: '09',
  other_power: '10',
  public_service: '20',
};

// ---------------------------------------------------------------------------------------
// Editor values: ServiceItemData as the antd form holds it.

/** The statutory limit is always an object in the editor, switched on and off by `hasStatutory`. */
export type EditorValues = Omit<ServiceItemData, 'statutoryLimit'> & {
  hasStatutory: boolean;
  statutoryLimit: TimeLimit;
};

const DEFAULT_STATUTORY: TimeLimit = { value: 20, unit: 'working_days' };

export function toValues(data: ServiceItemData): EditorValues {
  return {
    ...structuredClone(data),
    hasStatutory: data.statutoryLimit !== null,
    statutoryLimit: data.statutoryLimit ? { ...data.statutoryLimit } : { ...DEFAULT_STATUTORY },
  };
}

const trim = (s: string | undefined | null) => (s ?? '').trim();
const text = (x: LocalText | undefined): LocalText => ({ zh: trim(x?.zh), en: trim(x?.en) });
/** An optional bilingual text: left out when both languages are empty. */
const optionalText = (x: LocalText | undefined): LocalText | undefined => {
  const v = text(x);
  return v.zh || v.en ? v : undefined;
};
const strings = (xs: (string | undefined | null)[] | undefined) => (xs ?? []).map(trim).filter((s) => s.length > 0);
const withOptional = <T extends object>(base: T, extra: Record<string, unknown>): T => {
  const out: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (const [k, v] of Object.entries(extra)) if (v !== undefined && v !== '' && v !== null) out[k] = v;
  return out as T;
};

function material(m: Material): Material {
  const shared = m.source === 'shared';
  return withOptional<Material>(
    { code: trim(m.code), name: text(m.name), required: !!m.required, form: m.form, source: m.source },
    {
      sharedFrom: shared ? trim(m.sharedFrom) : undefined,
      copies: typeof m.copies === 'number' ? m.copies : undefined,
      basis: trim(m.basis),
      blankForm: trim(m.blankForm),
      sample: trim(m.sample),
    },
  );
}

/** A field's date bounds (server: FormField.dates), kept as they are when the item is edited. */
type WithDates = FormField & { dates?: { notBefore?: string; notAfter?: string } };

function formField(f: WithDates): FormField {
  const field = withOptional<FormField>(
    { key: trim(f.key), schema: f.schema, label: text(f.label) },
    {
      widget: f.widget,
      placeholder: optionalText(f.placeholder),
      help: optionalText(f.help),
      prefill: trim(f.prefill),
      optional: f.optional === true ? true : undefined,
    },
  );
  return f.dates ? ({ ...field, dates: f.dates } as WithDates) : field;
}

function cleanForm(form: FormDefinition | undefined): FormDefinition {
  return { sections: (form?.sections ?? []).map((s) => ({ title: text(s.title), fields: s.fields.map(formField) })) };
}

/** The request body: trimmed, empty optional parts left out. */
export function fromValues(v: EditorValues): ServiceItemData {
  return withOptional<ServiceItemData>(
    {
      basicCode: trim(v.basicCode),
      implementationCode: trim(v.implementationCode),
      handlingItemCode: trim(v.handlingItemCode),
      level: v.level,
      type: v.type,
      name: text(v.name),
      keywords: strings(v.keywords),
      departmentCode: v.departmentCode,
      implementingBody: text(v.implementingBody),
      legalBasis: strings(v.legalBasis),
      targetUsers: v.targetUsers ?? [],
      themes: strings(v.themes),
      lifeEvents: strings(v.lifeEvents),
      conditions: (v.conditions ?? []).map(text),
      statutoryLimit: v.hasStatutory ? { value: v.statutoryLimit.value, unit: v.statutoryLimit.unit } : null,
      promisedLimit: { value: v.promisedLimit.value, unit: v.promisedLimit.unit },
      visits: v.visits,
      onlineDepth: v.onlineDepth,
      channels: v.channels ?? [],
      scope: v.scope,
      coDepartments: strings(v.coDepartments),
      fees: (v.fees ?? []).map((f) =>
        withOptional({ name: text(f.name), amountYuan: f.amountYuan }, { basis: trim(f.basis), timing: f.timing }),
      ),
      result: { name: text(v.result.name), type: v.result.type, electronic: !!v.result.electronic },
      materials: (v.materials ?? []).map(material),
      faq: (v.faq ?? []).map((x) => ({ q: text(x.q), a: text(x.a) })),
      contacts: withOptional({ phone: trim(v.contacts?.phone) }, { address: optionalText(v.contacts?.address) }),
      form: cleanForm(v.form),
      processCode: v.processCode,
    },
    {
      handlingKind: v.handlingKind,
      parentCode: v.level === 'main' ? undefined : trim(v.parentCode),
      visitsReason: v.visits > 0 ? trim(v.visitsReason) : undefined,
    },
  );
}

// ---------------------------------------------------------------------------------------
// New items: defaults and derived codes.

export type DepartmentInfo = Pick<Department, 'code' | 'name' | 'nameEn' | 'regionCode'> & {
  /** position in the department list (1-based), the code segment when the department has no item yet */
  ordinal: number;
};

/** What codes of a new item are derived from: the department's current items. */
export interface CodeContext {
  department: DepartmentInfo;
  siblings: ServiceItemData[];
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** The department's two-digit segment and the implementing body's prefix, learnt from its items. */
function departmentCodes(ctx: CodeContext): { segment: string; prefix: string } {
  const numbered = ctx.siblings.filter((s) => /^\d{12}$/.test(s.basicCode));
  const counts = new Map<string, number>();
  for (const s of numbered) counts.set(s.basicCode.slice(2, 4), (counts.get(s.basicCode.slice(2, 4)) ?? 0) + 1);
  const segment = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? pad(ctx.department.ordinal, 2);
  const withPrefix = ctx.siblings.find(
    (s) => s.implementationCode.endsWith(s.basicCode) && s.implementationCode.length > s.basicCode.length,
  );
  // The implementing body's USCC when an item shows it; else division code + department code.
  const prefix = withPrefix
    ? withPrefix.implementationCode.slice(0, withPrefix.implementationCode.length - withPrefix.basicCode.length)
    : `${ctx.department.regionCode}${ctx.department.code}`;
  return { segment, prefix };
}

/**
 * Codes for a new item: basic code = type (2) + department (2) + next main-item number (2)
 * + '001000'; implementation code = implementing body prefix + basic code; handling-item code =
 * implementation code + handling number (4). A handling item shares its parent's basic and
 * implementation codes and takes the parent's next free handling number.
 */
export function deriveCodes(
  ctx: CodeContext,
  v: Pick<EditorValues, 'type' | 'level' | 'parentCode'>,
): Pick<ServiceItemData, 'basicCode' | 'implementationCode' | 'handlingItemCode'> & { parentCode?: string } {
  const taken = new Set(ctx.siblings.map((s) => s.handlingItemCode));
  const parent =
    v.level === 'handling' && v.parentCode ? ctx.siblings.find((s) => s.basicCode === v.parentCode) : undefined;
  if (parent) {
    let n = 1;
    while (taken.has(`${parent.implementationCode}${pad(n, 4)}`)) n++;
    return {
      basicCode: parent.basicCode,
      implementationCode: parent.implementationCode,
      handlingItemCode: `${parent.implementationCode}${pad(n, 4)}`,
      parentCode: parent.basicCode,
    };
  }
  const { segment, prefix } = departmentCodes(ctx);
  const used = new Set(
    ctx.siblings.filter((s) => s.basicCode.slice(2, 4) === segment).map((s) => Number(s.basicCode.slice(4, 6))),
  );
  let seq = 1;
  while (used.has(seq) && seq < 99) seq++;
  const basicCode = `${TYPE_SEGMENT[v.type]}${segment}${pad(seq, 2)}001000`;
  const implementationCode = `${prefix}${basicCode}`;
  return { basicCode, implementationCode, handlingItemCode: `${implementationCode}0001` };
}

/** Sensible defaults for a new item of a department (contacts from its other items). */
export function newItemValues(ctx: CodeContext): EditorValues {
  const d = ctx.department;
  const sibling = ctx.siblings[0];
  const data: ServiceItemData = {
    ...deriveCodes(ctx, { type: 'licensing', level: 'main' }),
    level: 'main',
    type: 'licensing',
    name: { zh: '', en: '' },
    keywords: [],
    departmentCode: d.code,
    implementingBody: sibling ? { ...sibling.implementingBody } : { zh: d.name, en: d.nameEn },
    legalBasis: [],
    targetUsers: ['person'],
    themes: [],
    lifeEvents: [],
    conditions: [],
    statutoryLimit: null,
    promisedLimit: { value: 5, unit: 'working_days' },
    visits: 0,
    onlineDepth: 4,
    channels: ['online', 'mobile', 'window'],
    scope: 'city',
    coDepartments: [],
    fees: [],
    result: { name: { zh: '', en: '' }, type: 'certificate', electronic: true },
    materials: [],
    faq: [],
    contacts: sibling ? structuredClone(sibling.contacts) : { phone: '' },
    form: {
      sections: [
        {
          title: { zh: '申请人信息', en: 'Applicant' },
          fields: [FIELD_TEMPLATES[0]!, FIELD_TEMPLATES[1]!, FIELD_TEMPLATES[2]!].map((f) => structuredClone(f)),
        },
      ],
    },
    processCode: 'simple_licence',
  };
  return toValues(data);
}

/** The item a copy starts from when an admin edits: the current version's data. */
export function editValues(detail: ItemDetail): EditorValues {
  return toValues(detail.item);
}

// Application-form fields (form-field-model.ts), re-exported for the editor's pages.
export * from './form-field-model';

// ---------------------------------------------------------------------------------------
// Server errors: JSON pointers into the body.

/** `/materials/0/name/zh` → ['materials', 0, 'name', 'zh']. */
export function pointerToPath(pointer: string): (string | number)[] {
  const p = pointer.replace(/^[a-z]+:/i, '');
  if (p === '' || p === '/') return [];
  return p
    .replace(/^\//, '')
    .split('/')
    .map((seg) => seg.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((seg) => (/^\d+$/.test(seg) ? Number(seg) : seg));
}

/** Which tab of the editor holds a body path. */
export type TabKey = 'basic' | 'handling' | 'materials' | 'form' | 'faq' | 'json';
const TAB_OF: Record<string, TabKey> = {
  materials: 'materials',
  form: 'form',
  faq: 'faq',
  conditions: 'handling',
  hasStatutory: 'handling',
  statutoryLimit: 'handling',
  promisedLimit: 'handling',
  visits: 'handling',
  visitsReason: 'handling',
  onlineDepth: 'handling',
  channels: 'handling',
  scope: 'handling',
  coDepartments: 'handling',
  fees: 'handling',
  result: 'handling',
  contacts: 'handling',
  processCode: 'handling',
};
export const tabOf = (path: (string | number)[]): TabKey => TAB_OF[String(path[0] ?? '')] ?? 'basic';

export type ServerError = ErrorDetail & { name: (string | number)[] };
