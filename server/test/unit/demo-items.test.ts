import { describe, expect, it } from 'vitest';
import { CHANNELS, ITEM_TYPES } from '../../src/modules/catalog/catalog.schemas.ts';
import { DEMO_BUNDLES, DEMO_ITEMS, DEMO_THEMES } from '../../src/demo/items.ts';
import { DEMO_DEPARTMENTS } from '../../src/demo/city.ts';
import * as processes from '../../src/modules/applications/workflow/processes.ts';
import { PREFILL_SOURCES } from '../../src/modules/identity/identity.schemas.ts';
import { REGISTRY_PREFILL_SOURCES } from '../../src/modules/exchange/exchange.prefill.ts';

const processCodes = new Set(
  Object.values(processes)
    .flatMap((v) => (Array.isArray(v) ? v : [v]))
    .filter(
      (v): v is { code: string; states: unknown[] } =>
        typeof v === 'object' && v !== null && 'code' in v && 'states' in v,
    )
    .map((p) => p.code),
);
const deptCodes = new Set(DEMO_DEPARTMENTS.map((d) => d.code));
const byCode = new Map(DEMO_ITEMS.map((i) => [i.handlingItemCode, i]));

describe('DEMO_ITEMS', () => {
  it('has at least 42 items and at least 2 per department', () => {
    expect(DEMO_ITEMS.length).toBeGreaterThanOrEqual(42);
    for (const d of DEMO_DEPARTMENTS) {
      expect(DEMO_ITEMS.filter((i) => i.departmentCode === d.code).length, d.code).toBeGreaterThanOrEqual(2);
    }
    for (const i of DEMO_ITEMS) expect(deptCodes.has(i.departmentCode), i.departmentCode).toBe(true);
  });

  it('has unique, well-shaped codes', () => {
    const handling = DEMO_ITEMS.map((i) => i.handlingItemCode);
    expect(new Set(handling).size).toBe(handling.length);
    const triples = DEMO_ITEMS.map((i) => `${i.basicCode}|${i.implementationCode}|${i.handlingItemCode}`);
    expect(new Set(triples).size).toBe(triples.length);
    // Items outside a main/handling hierarchy each have their own basic and implementation code.
    const standalone = DEMO_ITEMS.filter((i) => i.level !== 'handling');
    expect(new Set(standalone.map((i) => i.basicCode)).size).toBe(standalone.length);
    expect(new Set(standalone.map((i) => i.implementationCode)).size).toBe(standalone.length);
    for (const i of DEMO_ITEMS) {
      const dept = DEMO_DEPARTMENTS.find((d) => d.code === i.departmentCode)!;
      expect(i.basicCode).toMatch(/^\d{12}$/);
      expect(i.implementationCode).toBe(`${dept.uscc}${i.basicCode}`);
      expect(i.handlingItemCode).toMatch(new RegExp(`^${i.implementationCode}\\d{4}$`));
    }
  });

  it('builds main/handling hierarchies with a parent code and a handling kind', () => {
    const handling = DEMO_ITEMS.filter((i) => i.level === 'handling');
    expect(handling.length).toBeGreaterThanOrEqual(3);
    for (const i of handling) {
      expect(i.parentCode, i.name.zh).toBe(i.basicCode);
      expect(i.handlingKind, i.name.zh).toBeDefined();
    }
    expect(handling.map((i) => i.handlingKind)).toEqual(expect.arrayContaining(['new', 'change', 'cancel']));
    for (const i of DEMO_ITEMS.filter((x) => x.level !== 'handling')) expect(i.parentCode).toBeUndefined();
  });

  it('uses existing process codes, types, channels and themes', () => {
    expect(processCodes.size).toBeGreaterThan(0);
    for (const i of DEMO_ITEMS) {
      expect(processCodes.has(i.processCode), `${i.name.zh}: ${i.processCode}`).toBe(true);
      expect(ITEM_TYPES).toContain(i.type);
      for (const c of i.channels) expect(CHANNELS).toContain(c);
      expect(i.themes.length).toBeGreaterThan(0);
      for (const th of i.themes) expect(DEMO_THEMES).toContain(th);
      for (const c of i.coDepartments) {
        expect(deptCodes.has(c), c).toBe(true);
        expect(c).not.toBe(i.departmentCode);
      }
    }
  });

  it('is filled in: names, keywords, users, conditions, result, FAQ, contacts', () => {
    for (const i of DEMO_ITEMS) {
      expect(i.name.zh.length, i.handlingItemCode).toBeGreaterThan(0);
      expect(i.name.en.length, i.name.zh).toBeGreaterThan(0);
      expect(i.keywords.length, i.name.zh).toBeGreaterThan(0);
      expect(i.targetUsers.length, i.name.zh).toBeGreaterThan(0);
      expect(i.legalBasis.length, i.name.zh).toBeGreaterThan(0);
      for (const l of i.legalBasis) expect(l).toMatch(/^《.+》$/);
      expect(i.conditions.length, i.name.zh).toBeGreaterThan(0);
      expect(i.faq.length, i.name.zh).toBeGreaterThanOrEqual(1);
      expect(i.faq.length, i.name.zh).toBeLessThanOrEqual(3);
      expect(i.contacts.phone).toMatch(/^0577-6\d{7}$/);
      expect(i.result.name.zh.length).toBeGreaterThan(0);
      if (i.visits > 0) expect(i.visitsReason, i.name.zh).toBeTruthy();
      for (const f of i.fees) expect(f.amountYuan).toBeGreaterThan(0);
    }
  });

  it('promises no more than the statutory limit when both use the same unit', () => {
    for (const i of DEMO_ITEMS) {
      if (i.statutoryLimit && i.statutoryLimit.unit === i.promisedLimit.unit) {
        expect(i.promisedLimit.value, i.name.zh).toBeLessThanOrEqual(i.statutoryLimit.value);
      }
      expect(i.promisedLimit.value).toBeGreaterThanOrEqual(0);
    }
    expect(DEMO_ITEMS.some((i) => i.promisedLimit.value === 0)).toBe(true);
  });

  it('has 2-5 materials per item with unique codes, and shared ones say where from', () => {
    for (const i of DEMO_ITEMS) {
      expect(i.materials.length, i.name.zh).toBeGreaterThanOrEqual(2);
      expect(i.materials.length, i.name.zh).toBeLessThanOrEqual(5);
      const codes = i.materials.map((m) => m.code);
      expect(new Set(codes).size, i.name.zh).toBe(codes.length);
      for (const m of i.materials) {
        if (m.source === 'shared') expect(m.sharedFrom, `${i.name.zh}/${m.code}`).toBeTruthy();
        else expect(m.sharedFrom).toBeUndefined();
      }
    }
  });

  it('has forms of 1-3 sections and 3-10 fields with valid keys and schemas', () => {
    for (const i of DEMO_ITEMS) {
      const fields = i.form.sections.flatMap((s) => s.fields);
      expect(i.form.sections.length, i.name.zh).toBeGreaterThanOrEqual(1);
      expect(i.form.sections.length, i.name.zh).toBeLessThanOrEqual(3);
      expect(fields.length, i.name.zh).toBeGreaterThanOrEqual(3);
      expect(fields.length, i.name.zh).toBeLessThanOrEqual(10);
      const keys = fields.map((f) => f.key);
      expect(new Set(keys).size, `${i.name.zh}: duplicate field`).toBe(keys.length);
      for (const f of fields) {
        expect(f.key).toMatch(/^[a-z][a-z0-9_]*$/);
        expect(typeof f.schema).toBe('object');
        expect(typeof f.schema.type, `${i.name.zh}/${f.key}`).toBe('string');
        // A prefill hint names something the account holds (identity.own-data.ts fills it) or a registry field.
        if (f.prefill)
          expect([...PREFILL_SOURCES, ...REGISTRY_PREFILL_SOURCES], `${i.name.zh}/${f.key}`).toContain(f.prefill);
      }
    }
  });

  it('gives a field key the same schema type in every item', () => {
    const types = new Map<string, Set<string>>();
    for (const i of DEMO_ITEMS) {
      for (const f of i.form.sections.flatMap((s) => s.fields)) {
        const set = types.get(f.key) ?? new Set<string>();
        set.add(String(f.schema.type));
        types.set(f.key, set);
      }
    }
    for (const [key, set] of types) expect([...set], key).toHaveLength(1);
    // keys really are shared across items
    const counts = new Map<string, number>();
    for (const i of DEMO_ITEMS)
      for (const f of i.form.sections.flatMap((s) => s.fields)) counts.set(f.key, (counts.get(f.key) ?? 0) + 1);
    expect(counts.get('applicant_name')).toBeGreaterThan(10);
    expect(counts.get('company_name')).toBeGreaterThan(10);
  });
});

describe('DEMO_BUNDLES', () => {
  it('has the birth and open-business bundles', () => {
    expect(DEMO_BUNDLES.map((b) => b.code).sort()).toEqual(['birth', 'open-business']);
  });

  it('points at existing items of at least 3 departments, tagged with the bundle', () => {
    for (const b of DEMO_BUNDLES) {
      expect(b.name.zh && b.name.en && b.description.zh && b.description.en).toBeTruthy();
      expect(new Set(b.itemCodes).size).toBe(b.itemCodes.length);
      const items = b.itemCodes.map((c) => byCode.get(c));
      for (const [n, i] of items.entries()) expect(i, b.itemCodes[n]).toBeDefined();
      expect(new Set(items.map((i) => i!.departmentCode)).size, b.code).toBeGreaterThanOrEqual(3);
      for (const i of items) expect(i!.lifeEvents).toContain(b.code);
    }
  });

  it('covers the departments of each life event', () => {
    const depts = (code: string) =>
      new Set(DEMO_BUNDLES.find((b) => b.code === code)!.itemCodes.map((c) => byCode.get(c)!.departmentCode));
    expect([...depts('birth')].sort()).toEqual(['HCB', 'HRSS', 'HSA', 'PSB']);
    expect([...depts('open-business')].sort()).toEqual(['AMR', 'HRSS', 'HUD', 'PSB', 'TAX']);
  });

  it('merges fields: a shared key in a bundle has one identical schema', () => {
    for (const b of DEMO_BUNDLES) {
      const schemas = new Map<string, string>();
      for (const c of b.itemCodes) {
        for (const f of byCode.get(c)!.form.sections.flatMap((s) => s.fields)) {
          const json = JSON.stringify(f.schema);
          if (schemas.has(f.key)) expect(schemas.get(f.key), `${b.code}/${f.key}`).toBe(json);
          else schemas.set(f.key, json);
        }
      }
    }
  });
});
