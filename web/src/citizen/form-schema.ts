/**
 * The catalogue's application forms (FormDefinition: sections of fields, each with a JSON
 * Schema of its value and a widget hint), read for the citizen app: which widget to draw,
 * the options of a choice, the client-side checks (a mirror of the schema for instant
 * feedback; the server stays the authority), prefill, and the conversion between what the
 * inputs hold (text) and the JSON the server stores.
 */
import type {
  FormDefinition,
  FormField,
  FormValues,
  LocalText,
  OwnData,
  Widget as FieldWidget,
} from '../shared/contract';
import { cityToday } from '../shared/format';

export type { OwnData };

/** A date field's bounds (the server's FormField.dates): a date, or `today` in the city. */
const datesOf = (field: FormField) => field.dates;

/** The earliest and latest date a date field takes (YYYY-MM-DD); its picker offers no other. */
export function dateRange(field: FormField, today = cityToday()): { min: string; max: string } {
  const d = datesOf(field);
  const at = (bound: string | undefined) => (bound === 'today' ? today : bound);
  const tenYears = `${Number(today.slice(0, 4)) + 10}-12-31`;
  return { min: at(d?.notBefore) ?? '1900-01-01', max: at(d?.notAfter) ?? tenYears };
}

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
/** GB 11643: the check character (ISO 7064 MOD 11-2) matches the first 17 digits. */
function idCheckOk(id: string): boolean {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(id[i]) * ID_WEIGHTS[i]!;
  return '10X98765432'[sum % 11] === id[17];
}

/** What the app draws: the catalogue's widgets, and a group of tick boxes for a multiple choice. */
export type Widget = FieldWidget | 'checkboxes';

type Schema = Record<string, unknown>;

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const schemaType = (s: Schema): string | undefined =>
  Array.isArray(s.type) ? str(s.type.find((x) => x !== 'null')) : str(s.type);

export function allFields(def: FormDefinition): FormField[] {
  return def.sections.flatMap((s) => s.fields);
}

/** One option of a choice: its value and its label (from `oneOf` titles when the schema has them). */
export interface Choice {
  value: string;
  /** A title from the schema (text or zh/en), or null: the app's own label for the value is used. */
  title: string | LocalText | null;
}

/** The options of a field (`enum`, or `oneOf`/`anyOf` of `const` with titles; for arrays, of `items`). */
export function choicesOf(field: FormField): Choice[] | null {
  const s = schemaType(field.schema) === 'array' && isSchema(field.schema.items) ? field.schema.items : field.schema;
  if (Array.isArray(s.enum))
    return s.enum.filter((v): v is string => typeof v === 'string').map((value) => ({ value, title: null }));
  const alts = Array.isArray(s.oneOf) ? s.oneOf : Array.isArray(s.anyOf) ? s.anyOf : null;
  if (alts) {
    const out: Choice[] = [];
    for (const a of alts) {
      if (!isSchema(a) || typeof a.const !== 'string') return null;
      out.push({ value: a.const, title: isLocalText(a.title) ? a.title : (str(a.title) ?? null) });
    }
    return out;
  }
  return null;
}

function isSchema(v: unknown): v is Schema {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
function isLocalText(v: unknown): v is LocalText {
  return isSchema(v) && typeof v.zh === 'string';
}

/** The widget to draw: the field's hint when it fits the schema, otherwise one chosen from the schema. */
export function widgetOf(field: FormField): Widget {
  const type = schemaType(field.schema);
  const choices = choicesOf(field);
  if (type === 'array') return choices ? 'checkboxes' : 'textarea';
  if (type === 'boolean') return 'checkbox';
  if (type === 'number' || type === 'integer') return field.widget === 'money' ? 'money' : 'number';
  const hint = field.widget;
  if (choices) return hint === 'radio' ? 'radio' : 'select';
  if (field.schema.format === 'date' || hint === 'date') return 'date';
  return hint === 'textarea' || hint === 'idNumber' || hint === 'phone' || hint === 'address' || hint === 'uscc'
    ? hint
    : 'text';
}

/** Whether an answer is required: every field is, unless the catalogue marks it optional (as the server checks). */
export function isRequired(field: FormField): boolean {
  return field.optional !== true;
}

/** A failed check: a message key under `cases.check` and its parameters. */
export interface Problem {
  code: string;
  params?: Record<string, string | number>;
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

function validDate(v: string): boolean {
  const m = DATE_RE.exec(v);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

const isEmpty = (v: unknown) => v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);

/** A schema pattern as a RegExp, or null when the browser cannot read it (the server checks it then). */
function compilePattern(pattern: string): RegExp | null {
  try {
    return new RegExp(pattern, 'u');
  } catch {
    return null;
  }
}

/**
 * Checks a field's value as the input holds it (text for numbers); null when it is fine. Text is
 * checked as it will be sent, trimmed (toServerValues): spaces alone are no answer.
 */
export function checkValue(field: FormField, input: unknown): Problem | null {
  const value = typeof input === 'string' ? input.trim() : input;
  const s = field.schema;
  const widget = widgetOf(field);
  const type = schemaType(s);
  if (type === 'boolean') return null; // unticked is an answer too: no
  if (isEmpty(value)) {
    if (!isRequired(field)) return null;
    return {
      code:
        widget === 'select' || widget === 'radio' || widget === 'date' || widget === 'checkboxes'
          ? 'REQUIRED_CHOICE'
          : 'REQUIRED',
    };
  }
  if (type === 'number' || type === 'integer') {
    const text = String(value).trim();
    if (!/^-?\d+(\.\d+)?$/.test(text)) return { code: 'NUMBER' };
    const n = Number(text);
    if (type === 'integer' && !Number.isInteger(n)) return { code: 'INTEGER' };
    const min = num(s.minimum);
    const max = num(s.maximum);
    const xmin = num(s.exclusiveMinimum);
    const xmax = num(s.exclusiveMaximum);
    if (min !== undefined && n < min) return { code: 'MINIMUM', params: { n: min } };
    if (max !== undefined && n > max) return { code: 'MAXIMUM', params: { n: max } };
    if (xmin !== undefined && n <= xmin) return { code: 'EXCLUSIVE_MINIMUM', params: { n: xmin } };
    if (xmax !== undefined && n >= xmax) return { code: 'EXCLUSIVE_MAXIMUM', params: { n: xmax } };
    const step = num(s.multipleOf);
    if (step !== undefined && step > 0) {
      const decimals = (String(step).split('.')[1] ?? '').length;
      if ((text.split('.')[1] ?? '').length > decimals) return { code: 'DECIMALS', params: { n: decimals } };
    }
    return null;
  }
  if (type === 'array') {
    if (!Array.isArray(value)) return { code: 'ENUM' };
    const min = num(s.minItems);
    const max = num(s.maxItems);
    if (min !== undefined && value.length < min) return { code: 'MIN_ITEMS', params: { n: min } };
    if (max !== undefined && value.length > max) return { code: 'MAX_ITEMS', params: { n: max } };
    const choices = choicesOf(field);
    if (choices && value.some((v) => !choices.some((c) => c.value === v))) return { code: 'ENUM' };
    return null;
  }
  if (typeof value !== 'string') return { code: 'PATTERN' };
  const choices = choicesOf(field);
  if (choices) return choices.some((c) => c.value === value) ? null : { code: 'ENUM' };
  const min = num(s.minLength);
  const max = num(s.maxLength);
  const length = [...value].length;
  if (min !== undefined && length < min) return { code: 'MIN_LENGTH', params: { n: min } };
  if (max !== undefined && length > max) return { code: 'MAX_LENGTH', params: { n: max } };
  if (s.format === 'date' && !validDate(value)) return { code: 'DATE' };
  if (widget === 'date' && validDate(value)) {
    const { min, max } = dateRange(field);
    const d = datesOf(field);
    if (value > max) return { code: d?.notAfter === 'today' ? 'DATE_IN_FUTURE' : 'DATE_TOO_LATE' };
    if (value < min) return { code: d?.notBefore === 'today' ? 'DATE_IN_PAST' : 'DATE_TOO_EARLY' };
  }
  const pattern = str(s.pattern);
  if (pattern) {
    const re = compilePattern(pattern);
    if (re && !re.test(value)) {
      if (widget === 'idNumber') return { code: 'ID_NUMBER' };
      if (widget === 'phone') return { code: 'PHONE' };
      if (widget === 'uscc') return { code: 'USCC' };
      return { code: 'PATTERN' };
    }
  }
  if (widget === 'idNumber' && /^\d{17}[\dX]$/.test(value) && !idCheckOk(value)) return { code: 'ID_NUMBER_CHECKSUM' };
  return null;
}

/** What the inputs hold → the JSON the server stores (numbers as numbers; empty answers left out). */
export function toServerValues(def: FormDefinition, values: FormValues): FormValues {
  const out: FormValues = {};
  for (const f of allFields(def)) {
    const raw = values[f.key];
    const type = schemaType(f.schema);
    if (type === 'boolean') {
      out[f.key] = raw === true; // an unticked box answers "no"
      continue;
    }
    const v = typeof raw === 'string' ? raw.trim() : raw;
    if (isEmpty(v)) continue; // spaces alone are no answer either
    if ((type === 'number' || type === 'integer') && typeof v === 'string') {
      out[f.key] = /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : v;
    } else {
      out[f.key] = v;
    }
  }
  return out;
}

/** The server's JSON → what the inputs hold (numbers as text). Unknown keys are dropped. */
export function toInputValues(def: FormDefinition, values: FormValues): FormValues {
  const out: FormValues = {};
  for (const f of allFields(def)) {
    const v = values[f.key];
    if (v === undefined || v === null) continue;
    out[f.key] = typeof v === 'number' ? String(v) : v;
  }
  return out;
}

/**
 * What the account already holds about the applicant (or the enterprise they act for), for
 * the fields with a `prefill` hint: every value it has, not only the name. `fixed` are the
 * keys filled from the applicant's identity (name, ID number, the enterprise's name and USCC):
 * they are the applicant's and are shown read-only.
 */
export function prefillValues(def: FormDefinition, own: OwnData): { values: FormValues; fixed: Set<string> } {
  const values: FormValues = {};
  const fixed = new Set<string>();
  for (const f of allFields(def)) {
    const v = f.prefill ? own.values[f.prefill] : undefined;
    if (v === undefined) continue;
    values[f.key] = v;
    if (own.fixed.some((source) => source === f.prefill)) fixed.add(f.key);
  }
  return { values, fixed };
}

/** The field key of a server error detail path (`/form/<key>`, possibly prefixed `body:`), or null. */
export function formKeyOfPath(path: string): string | null {
  const m = /^(?:[a-z]+:)?\/form\/([^/]+)/i.exec(path);
  return m ? m[1]! : null;
}

/** The material code of a server error detail path (`/materials/<code>`), or null. */
export function materialCodeOfPath(path: string): string | null {
  const m = /^(?:[a-z]+:)?\/materials\/([^/]+)/i.exec(path);
  if (!m) return null;
  return /^\d+$/.test(m[1]!) ? null : m[1]!;
}
