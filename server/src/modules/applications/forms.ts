/**
 * Application forms and materials, checked on the server: the item's form (JSON Schema per
 * field, every field required unless `optional`) compiled once per form, and the materials
 * the applicant must supply (shared ones are the government's to fetch, never asked for).
 */
import { Compile } from 'typebox/compile';
import type { ErrorDetail } from '../../platform/errors.ts';
import type { FormDefinition, Material } from '../catalog/index.ts';

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

export interface MaterialRefIn {
  code: string;
  uploadId: string;
}

/** Materials the applicant supplies; required ones missing, unknown codes and duplicates are problems. */
export function checkMaterials(
  materials: readonly Pick<Material, 'code' | 'required' | 'source'>[],
  given: readonly MaterialRefIn[],
): ErrorDetail[] {
  const details: ErrorDetail[] = [];
  const byCode = new Map(materials.map((m) => [m.code, m]));
  const seen = new Set<string>();
  given.forEach((g, i) => {
    const m = byCode.get(g.code);
    if (!m || m.source !== 'applicant')
      details.push({
        path: `/materials/${i}/code`,
        code: 'unknown_material',
        message: `${g.code} is not a material the applicant supplies`,
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
