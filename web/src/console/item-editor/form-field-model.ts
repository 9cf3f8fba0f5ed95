// The item editor's model of an application-form field: the value kind a widget edits, the
// field's JSON Schema as the field editor sees it, the checks the designer runs, and the
// templates a new field starts from.
import { WIDGETS, type FormDefinition, type FormField, type LocalText, type Widget } from '../../shared/contract';
import {
  CitizenIdNumberPattern as ID_PATTERN,
  MobileNumberPattern as MOBILE_PATTERN,
  UsccPattern as USCC_PATTERN,
} from '../../../../contract/openapi.ts';
import { LIMITS } from './limits';

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
