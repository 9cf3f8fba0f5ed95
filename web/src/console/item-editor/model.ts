// The service-item editor's model: the vocabularies of the national catalogue's elements,
// the editor's form values and their conversion to and from ServiceItemData (the body of
// PUT /api/catalog/items/:code), default codes for new items, and the JSON Schema of an
// application-form field as the field editor sees it.
import {
  WIDGETS,
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
  type Widget,
} from '../../shared/contract';
import { commonText } from '../../shared/text-common';
import {
  CitizenIdNumberPattern as ID_PATTERN,
  MobileNumberPattern as MOBILE_PATTERN,
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
/** Workflow processes an item may run (server/src/modules/applications/workflow/processes.ts). */
export const PROCESS_CODES = ['simple_licence', 'joint_review'] as const;
/** Data the government holds that a field may be prefilled from (exchange module). */
export const PREFILLS = [
  'person.name',
  'person.idNumber',
  'person.phone',
  'person.address',
  'enterprise.name',
  'enterprise.uscc',
] as const;

/** Theme and registry vocabularies: the keys the apps have labels for. */
export const THEMES = Object.keys(commonText.zhCN.catalog.themes);
export const REGISTRIES = Object.keys(commonText.zhCN.catalog.registry);

/** Limits of the server's schema (catalog.schemas.ts), checked before sending. */
export const LIMITS = {
  code: /^[0-9A-Za-z_-]{1,64}$/,
  fieldKey: /^[a-z][a-z0-9_]{0,63}$/,
  text: 500,
  longText: 4000,
  listEntry: 200,
  basis: 500,
  phone: 40,
} as const;

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
        withOptional({ name: text(f.name), amountYuan: f.amountYuan }, { basis: trim(f.basis) }),
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

// ---------------------------------------------------------------------------------------
// Application-form fields: the value kind a widget edits, and the field's JSON Schema.

/** Every field must be answered unless it is marked `optional` (as the server checks). */
export const isRequired = (f: Pick<FormField, 'optional'>) => f.optional !== true;

export type ValueKind = 'string' | 'date' | 'number' | 'choice' | 'choices' | 'boolean';

/** What a field's value is, from its widget (a tick box is a yes/no answer when its schema says boolean). */
export function kindOf(f: Pick<FormField, 'widget' | 'schema'>): ValueKind {
  const widget = widgetOf(f);
  switch (widget) {
    case 'date':
      return 'date';
    case 'number':
    case 'money':
      return 'number';
    case 'select':
    case 'radio':
      return 'choice';
    case 'checkbox':
      return f.schema.type === 'boolean' ? 'boolean' : 'choices';
    default:
      return 'string';
  }
}

/** The widget a field is shown with: its own, or one inferred from its schema. */
export function widgetOf(f: Pick<FormField, 'widget' | 'schema'>): Widget {
  if (f.widget && (WIDGETS as readonly string[]).includes(f.widget)) return f.widget as Widget;
  const s = f.schema;
  if (s.type === 'array' || s.type === 'boolean') return 'checkbox';
  if (choicesOf(s).length > 0) return 'select';
  if (s.type === 'number' || s.type === 'integer') return 'number';
  if (s.format === 'date') return 'date';
  return 'text';
}

/** One option of a choice: the value submitted and, optionally, its label in both languages. */
export interface Choice {
  value: string;
  title?: LocalText;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The options of a choice field: `enum`, or `oneOf` of `const` with titles (for arrays, of `items`). */
export function choicesOf(schema: Record<string, unknown>): Choice[] {
  const s = schema.type === 'array' && isObject(schema.items) ? schema.items : schema;
  if (Array.isArray(s.enum)) return s.enum.map((v) => ({ value: String(v) }));
  const alts = Array.isArray(s.oneOf) ? s.oneOf : Array.isArray(s.anyOf) ? s.anyOf : [];
  return alts.filter(isObject).flatMap((a) => {
    if (typeof a.const !== 'string') return [];
    const title =
      isObject(a.title) && typeof a.title.zh === 'string'
        ? { zh: a.title.zh, en: typeof a.title.en === 'string' ? a.title.en : '' }
        : undefined;
    return [title ? { value: a.const, title } : { value: a.const }];
  });
}

/** Writes the options: a plain `enum` when none has a label, else `oneOf` of `const` with titles. */
export function setChoices(schema: Record<string, unknown>, choices: Choice[]): Record<string, unknown> {
  const labelled = choices.some((c) => c.title && (c.title.zh.trim() || c.title.en.trim()));
  const base = (s: Record<string, unknown>) => {
    const { enum: _e, oneOf: _o, anyOf: _a, ...rest } = s;
    return rest;
  };
  const list = (s: Record<string, unknown>) =>
    labelled
      ? {
          ...base(s),
          type: 'string',
          oneOf: choices.map((c) => ({
            const: c.value,
            title: { zh: c.title?.zh.trim() || c.value, en: c.title?.en.trim() ?? '' },
          })),
        }
      : { ...base(s), type: 'string', enum: choices.map((c) => c.value) };
  if (schema.type === 'array') return { ...schema, items: list(isObject(schema.items) ? schema.items : {}) };
  return list(schema);
}

const STRING_KEYS = ['minLength', 'maxLength', 'pattern'];
const NUMBER_KEYS = ['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf'];
const ARRAY_KEYS = ['minItems', 'maxItems'];
const KIND_KEYS: Record<ValueKind, string[]> = {
  string: STRING_KEYS,
  date: [],
  number: NUMBER_KEYS,
  choice: [],
  choices: ARRAY_KEYS,
  boolean: [],
};
const MANAGED = new Set([
  'type',
  'format',
  'enum',
  'oneOf',
  'anyOf',
  'const',
  'items',
  'uniqueItems',
  ...STRING_KEYS,
  ...NUMBER_KEYS,
  ...ARRAY_KEYS,
]);

/**
 * The schema for another kind of value: the type follows the widget (for a tick box, one yes/no
 * or several options); constraints that still apply are kept, annotations (title, …) always are.
 */
export function schemaFor(schema: Record<string, unknown>, widget: Widget, kind: ValueKind): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(schema)) if (!MANAGED.has(k) || KIND_KEYS[kind].includes(k)) out[k] = v;
  const choices = choicesOf(schema);
  switch (kind) {
    case 'string':
      out.type = 'string';
      if (widget === 'idNumber') out.pattern = ID_PATTERN;
      else if (widget === 'phone') out.pattern = MOBILE_PATTERN;
      else if (widget === 'uscc') out.pattern = USCC_PATTERN;
      else if (out.maxLength === undefined) out.maxLength = widget === 'textarea' ? 2000 : 100;
      return out;
    case 'date':
      return { ...out, type: 'string', format: 'date' };
    case 'number':
      out.type = schema.type === 'integer' && widget !== 'money' ? 'integer' : 'number';
      if (widget === 'money') {
        out.minimum ??= 0;
        out.multipleOf ??= 0.01;
      }
      return out;
    case 'choice':
      return setChoices(out, choices);
    case 'choices':
      return setChoices({ ...out, type: 'array', uniqueItems: true, items: {} }, choices);
    case 'boolean':
      return { ...out, type: 'boolean' };
  }
}

/** The default kind of value for a widget (a tick box starts as several options). */
export function kindOfWidget(widget: Widget): ValueKind {
  return kindOf({ widget, schema: {} });
}

/** Sets (or, for undefined, removes) one constraint. */
export function setConstraint(schema: Record<string, unknown>, key: string, value: unknown): Record<string, unknown> {
  const out = { ...schema };
  if (value === undefined || value === null || value === '') delete out[key];
  else out[key] = value;
  return out;
}

/** Mistakes in one field (key and labels, and a schema that cannot work). Codes are text keys. */
export function fieldProblems(f: FormField, otherKeys: Set<string>): { path: string; code: string }[] {
  const out: { path: string; code: string }[] = [];
  if (!LIMITS.fieldKey.test(f.key)) out.push({ path: 'key', code: 'KEY_FORMAT' });
  else if (otherKeys.has(f.key)) out.push({ path: 'key', code: 'KEY_DUPLICATE' });
  if (!f.label.zh.trim()) out.push({ path: 'label', code: 'LABEL_REQUIRED' });
  const kind = kindOf(f);
  const choices = choicesOf(f.schema);
  if ((kind === 'choice' || kind === 'choices') && choices.length === 0)
    out.push({ path: 'options', code: 'OPTIONS_REQUIRED' });
  else if (choices.some((c) => !c.value.trim()) || new Set(choices.map((c) => c.value)).size !== choices.length)
    out.push({ path: 'options', code: 'OPTIONS_INVALID' });
  if (typeof f.schema.pattern === 'string') {
    try {
      new RegExp(f.schema.pattern, 'u');
    } catch {
      out.push({ path: 'pattern', code: 'PATTERN_INVALID' });
    }
  }
  const min = f.schema.minLength;
  const max = f.schema.maxLength;
  if (typeof min === 'number' && typeof max === 'number' && min > max)
    out.push({ path: 'maxLength', code: 'RANGE_INVALID' });
  const lo = f.schema.minimum ?? f.schema.exclusiveMinimum;
  const hi = f.schema.maximum ?? f.schema.exclusiveMaximum;
  if (typeof lo === 'number' && typeof hi === 'number' && lo > hi) out.push({ path: 'maximum', code: 'RANGE_INVALID' });
  return out;
}

/** All problems of a form definition, with JSON pointers like the server's (`/form/sections/0/fields/1/key`). */
export function formProblems(form: FormDefinition): { path: string; code: string }[] {
  const out: { path: string; code: string }[] = [];
  if (form.sections.length === 0) out.push({ path: '/form/sections', code: 'NO_SECTIONS' });
  const seen = new Set<string>();
  form.sections.forEach((s, i) => {
    if (!s.title.zh.trim()) out.push({ path: `/form/sections/${i}/title/zh`, code: 'LABEL_REQUIRED' });
    if (s.fields.length === 0) out.push({ path: `/form/sections/${i}/fields`, code: 'NO_FIELDS' });
    s.fields.forEach((f, j) => {
      for (const p of fieldProblems(f, seen))
        out.push({ path: `/form/sections/${i}/fields/${j}/${p.path}`, code: p.code });
      seen.add(f.key);
    });
  });
  return out;
}

/** Common fields, with the same keys and schemas as the demo catalogue so that bundles can merge them. */
export const FIELD_TEMPLATES: readonly FormField[] = [
  {
    key: 'applicant_name',
    label: { zh: '申请人姓名', en: "Applicant's name" },
    schema: { type: 'string', minLength: 2, maxLength: 30 },
    widget: 'text',
    prefill: 'person.name',
  },
  {
    key: 'applicant_id_number',
    label: { zh: '申请人公民身份号码', en: "Applicant's citizen ID number" },
    schema: { type: 'string', pattern: ID_PATTERN },
    widget: 'idNumber',
    prefill: 'person.idNumber',
  },
  {
    key: 'applicant_phone',
    label: { zh: '联系电话', en: 'Mobile phone' },
    schema: { type: 'string', pattern: MOBILE_PATTERN },
    widget: 'phone',
    prefill: 'person.phone',
  },
  {
    key: 'applicant_address',
    label: { zh: '现居住地址', en: 'Current address' },
    schema: { type: 'string', minLength: 1, maxLength: 120 },
    widget: 'address',
    prefill: 'person.address',
  },
  {
    key: 'company_name',
    label: { zh: '企业名称', en: 'Company name' },
    schema: { type: 'string', minLength: 1, maxLength: 100 },
    widget: 'text',
    prefill: 'enterprise.name',
  },
  {
    key: 'company_uscc',
    label: { zh: '统一社会信用代码', en: 'Unified social credit code' },
    schema: { type: 'string', pattern: USCC_PATTERN },
    widget: 'uscc',
    prefill: 'enterprise.uscc',
  },
  {
    key: 'contact_name',
    label: { zh: '经办人姓名', en: 'Contact person' },
    schema: { type: 'string', minLength: 2, maxLength: 30 },
    widget: 'text',
    prefill: 'person.name',
  },
  {
    key: 'delivery_method',
    label: { zh: '领取方式', en: 'How to receive the result' },
    schema: { type: 'string', enum: ['pickup', 'post'] },
    widget: 'radio',
    help: { zh: '选择邮寄的，邮费由政府承担', en: 'Postage is paid by the government' },
  },
  {
    key: 'remarks',
    label: { zh: '备注', en: 'Remarks' },
    schema: { type: 'string', maxLength: 500 },
    widget: 'textarea',
    optional: true,
  },
];

/** A fresh field for the field editor: a key not used in the form yet. */
export function blankField(taken: Set<string>): FormField {
  let n = 1;
  while (taken.has(`field_${n}`)) n++;
  return {
    key: `field_${n}`,
    label: { zh: '', en: '' },
    schema: { type: 'string', minLength: 1, maxLength: 100 },
    widget: 'text',
  };
}

export function keysOf(form: FormDefinition): Set<string> {
  return new Set(form.sections.flatMap((s) => s.fields.map((f) => f.key)));
}

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
