/**
 * Application forms and materials, checked on the server: the item's form (JSON Schema per
 * field, every field required unless `optional`) compiled once per form, and the materials
 * the applicant must supply (shared ones are the government's to fetch, never asked for).
 */
import { Compile } from 'typebox/compile';
import type { ErrorDetail } from '../../platform/errors.ts';
import { validateCitizenId, validateUscc } from '../../platform/id-numbers.ts';
import type { FormDefinition, FormField, Material } from '../catalog/index.ts';

type Checker = ReturnType<typeof Compile>;
/** Compiled forms by a key naming the form's version (compiling costs milliseconds; checking, microseconds). */
const compiled = new Map<string, Checker>();
const MAX_COMPILED = 2_000;

/** The form as one JSON Schema object: a property per field, unknown keys refused. */
export function formSchema(form: FormDefinition): Record<string, unknown> {
  const properties: Record<string, unknown> = {};
  const required: string[] = [];
  for (const section of form.sections) {
    for (const field of section.fields) {
      properties[field.key] = field.schema;
      if (!field.optional) required.push(field.key);
    }
  }
  return { type: 'object', properties, required, additionalProperties: false };
}

/** Blank answers (empty strings, null, empty lists) count as not given. */
export function normaliseForm(values: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(values)) {
    if (v === null || v === undefined) continue;
    if (typeof v === 'string' && v.trim() === '') continue;
    if (Array.isArray(v) && v.length === 0) continue;
    out[k] = typeof v === 'string' ? v.trim() : v;
  }
  return out;
}

/**
 * Problems with the form's values, with paths under `/form`; empty when the form is valid.
 * `key` names this version of the form (e.g. item code and version), for the compiled-form cache.
 */
export function checkForm(form: FormDefinition, values: Record<string, unknown>, key: string): ErrorDetail[] {
  let checker = compiled.get(key);
  if (!checker) {
    checker = Compile(formSchema(form) as never);
    if (compiled.size >= MAX_COMPILED) compiled.clear();
    compiled.set(key, checker);
  }
  if (checker.Check(values)) return [];
  const seen = new Set<string>();
  const details: ErrorDetail[] = [];
  for (const e of checker.Errors(values)) {
    if (e.keyword === 'boolean') continue; // reported once more as additionalProperties
    let path = `/form${e.instancePath}`;
    if (e.keyword === 'required') {
      const missing = (e.params as { requiredProperties?: string[] }).requiredProperties ?? [];
      for (const key of missing) {
        if (!seen.has(`/form/${key}`))
          details.push({ path: `/form/${key}`, code: 'required', message: 'must be answered' });
        seen.add(`/form/${key}`);
      }
      continue;
    }
    if (e.keyword === 'additionalProperties') {
      const extra = Object.keys(values).filter((k) => !(formSchema(form).properties as Record<string, unknown>)[k]);
      for (const key of extra)
        details.push({ path: `/form/${key}`, code: 'unknown_field', message: 'is not a field of this form' });
      continue;
    }
    if (seen.has(path)) continue;
    seen.add(path);
    path = path.replace(/\/$/, '');
    details.push({ path, code: e.keyword, message: e.message });
  }
  return details;
}

const fieldsOf = (form: FormDefinition): FormField[] => form.sections.flatMap((s) => s.fields);

const isDateField = (f: FormField) => f.widget === 'date' || (f.schema as { format?: unknown }).format === 'date';

/** ID numbers and USCCs upper-cased (a typed `x` check character is an `X`). */
export function normaliseIdentifiers(form: FormDefinition, values: Record<string, unknown>): Record<string, unknown> {
  const out = { ...values };
  for (const f of fieldsOf(form))
    if ((f.widget === 'idNumber' || f.widget === 'uscc') && typeof out[f.key] === 'string')
      out[f.key] = (out[f.key] as string).toUpperCase();
  return out;
}

/** The earliest and latest dates a date field takes, `today` being the city's date. */
export function dateBounds(field: FormField, today: string): { min: string; max: string } {
  const at = (bound: string | undefined, fallback: string) => (bound === 'today' ? today : (bound ?? fallback));
  return { min: at(field.dates?.notBefore, '1900-01-01'), max: at(field.dates?.notAfter, '2100-12-31') };
}

/**
 * What the JSON Schemas cannot say: an ID number's and a USCC's check characters (GB 11643,
 * GB 32100) and a real birth date in it; a date within its field's bounds (a birth date not
 * after today, in the city). `today` is YYYY-MM-DD in the city's time zone.
 */
export function checkFields(form: FormDefinition, values: Record<string, unknown>, today: string): ErrorDetail[] {
  const details: ErrorDetail[] = [];
  for (const f of fieldsOf(form)) {
    const v = values[f.key];
    if (typeof v !== 'string') continue;
    const path = `/form/${f.key}`;
    if (f.widget === 'idNumber') {
      const r = validateCitizenId(v, today);
      if (!r.ok) details.push({ path, code: r.code, message: r.message });
    } else if (f.widget === 'uscc') {
      const r = validateUscc(v);
      if (!r.ok) details.push({ path, code: r.code, message: r.message });
    } else if (isDateField(f) && /^\d{4}-\d{2}-\d{2}$/.test(v)) {
      const { min, max } = dateBounds(f, today);
      if (v > max)
        details.push({
          path,
          code: f.dates?.notAfter === 'today' ? 'DATE_IN_FUTURE' : 'DATE_TOO_LATE',
          message: f.dates?.notAfter === 'today' ? 'must not be after today' : `must not be after ${max}`,
        });
      else if (v < min)
        details.push({
          path,
          code: f.dates?.notBefore === 'today' ? 'DATE_IN_PAST' : 'DATE_TOO_EARLY',
          message: f.dates?.notBefore === 'today' ? 'must not be before today' : `must not be before ${min}`,
        });
    }
  }
  return details;
}

/**
 * Fields prefilled from the applicant's identity (`fixed` sources: their name and ID number,
 * the enterprise's name and USCC) are the applicant's, not something the form declares: one
 * left out is filled in from the account, one that differs is a problem. `own` is the
 * account's data by prefill source.
 */
export function bindApplicant(
  form: FormDefinition,
  values: Record<string, unknown>,
  own: Readonly<Record<string, string>>,
  fixed: readonly string[],
): { values: Record<string, unknown>; problems: ErrorDetail[] } {
  const out = { ...values };
  const problems: ErrorDetail[] = [];
  for (const f of fieldsOf(form)) {
    if (!f.prefill || !fixed.includes(f.prefill)) continue;
    const expected = own[f.prefill];
    if (expected === undefined) continue;
    const given = out[f.key];
    if (given === undefined) out[f.key] = expected;
    else if (typeof given !== 'string' || given.trim().toUpperCase() !== expected.toUpperCase())
      problems.push({
        path: `/form/${f.key}`,
        code: 'NOT_THE_APPLICANT',
        message: `must be the applicant's own (${f.prefill}), as the account holds it`,
      });
  }
  return { values: out, problems };
}

export interface MaterialRefIn {
  code: string;
  uploadId: string;
}

/**
 * Materials the applicant supplies; required ones missing, unknown codes and duplicates are
 * problems. A shared material may be uploaded too: when its registry holds no record, or the
 * applicant chose not to share it (applications.evidence.ts).
 */
export function checkMaterials(
  materials: readonly Pick<Material, 'code' | 'required' | 'source'>[],
  given: readonly MaterialRefIn[],
): ErrorDetail[] {
  const details: ErrorDetail[] = [];
  const byCode = new Map(materials.map((m) => [m.code, m]));
  const seen = new Set<string>();
  given.forEach((g, i) => {
    const m = byCode.get(g.code);
    if (!m)
      details.push({
        path: `/materials/${i}/code`,
        code: 'unknown_material',
        message: `${g.code} is not a material of this item`,
      });
    seen.add(g.code);
  });
  for (const m of materials) {
    if (m.source === 'applicant' && m.required && !seen.has(m.code)) {
      details.push({ path: `/materials/${m.code}`, code: 'required', message: 'this material is required' });
    }
  }
  return details;
}
