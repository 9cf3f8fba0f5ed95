// The console's item editor model (web/src/console/item-editor/model.ts): editor values to and
// from the body of PUT /api/catalog/items/{code}, the codes of a new item, a field's schema as the
// field editor changes its widget, and the checks made before a form is sent.
import { describe, expect, it } from 'vitest';
import {
  blankField,
  choicesOf,
  deriveCodes,
  FIELD_TEMPLATES,
  fieldProblems,
  formProblems,
  fromValues,
  keysOf,
  kindOf,
  newItemValues,
  pointerToPath,
  schemaFor,
  setChoices,
  tabOf,
  toValues,
  widgetOf,
  type CodeContext,
} from '../src/console/item-editor/model';
import type { FormField, ServiceItemData } from '../src/shared/contract';

const t = (zh: string, en: string) => ({ zh, en });

/** A published item of the demo city's market regulation bureau (department code 05, region 330302). */
const salonLicence: ServiceItemData = {
  basicCode: '000501001000',
  implementationCode: '11330302MB0000000X000501001000',
  handlingItemCode: '11330302MB0000000X0005010010000001',
  level: 'handling',
  handlingKind: 'new',
  parentCode: '000501001000',
  type: 'licensing',
  name: t('公共场所卫生许可（美容美发）', 'Public-place hygiene licence (salons)'),
  keywords: ['卫生许可', '美容美发'],
  departmentCode: 'MSB',
  implementingBody: t('鹿城区市场监督管理局', 'Lucheng Market Regulation Bureau'),
  legalBasis: ['《公共场所卫生管理条例》第八条'],
  targetUsers: ['enterprise'],
  themes: ['business'],
  lifeEvents: [],
  conditions: [t('有固定经营场所', 'Fixed premises')],
  statutoryLimit: { value: 20, unit: 'working_days' },
  promisedLimit: { value: 5, unit: 'working_days' },
  visits: 0,
  onlineDepth: 4,
  channels: ['online', 'mobile', 'window'],
  scope: 'city',
  coDepartments: [],
  fees: [],
  result: { name: t('卫生许可证', 'Hygiene licence'), type: 'certificate', electronic: true },
  materials: [
    {
      code: 'floor_plan',
      name: t('经营场所平面图', 'Floor plan'),
      required: true,
      form: 'electronic',
      source: 'applicant',
    },
    {
      code: 'business_licence',
      name: t('营业执照', 'Business licence'),
      required: true,
      form: 'electronic',
      source: 'shared',
      sharedFrom: 'enterprise-registry',
    },
  ],
  faq: [{ q: t('要多久？', 'How long?'), a: t('5 个工作日', '5 working days') }],
  contacts: { phone: '0577-68821000' },
  form: { sections: [{ title: t('申请人信息', 'Applicant'), fields: [...FIELD_TEMPLATES.slice(4, 6)] }] },
  processCode: 'simple_licence',
};

describe('editor values ↔ the request body', () => {
  it('round-trips a published item', () => {
    expect(fromValues(toValues(salonLicence))).toEqual(salonLicence);
  });

  it('keeps a statutory limit to switch on, and sends null while it is off', () => {
    const values = toValues({ ...salonLicence, statutoryLimit: null });
    expect(values.hasStatutory).toBe(false);
    expect(values.statutoryLimit).toEqual({ value: 20, unit: 'working_days' });
    expect(fromValues(values).statutoryLimit).toBeNull();
    expect(
      fromValues({ ...values, hasStatutory: true, statutoryLimit: { value: 30, unit: 'natural_days' } }),
    ).toMatchObject({ statutoryLimit: { value: 30, unit: 'natural_days' } });
  });

  it('trims text, drops empty list entries and leaves out empty optional parts', () => {
    const values = toValues(salonLicence);
    values.name = t('  公共场所卫生许可 ', ' Hygiene licence ');
    values.keywords = ['卫生许可', '  ', ''];
    values.contacts = { phone: ' 0577-68821000 ', address: t(' ', '') };
    values.materials = [{ ...salonLicence.materials[0]!, basis: '  ', sharedFrom: 'population-registry' }];
    values.fees = [{ name: t('工本费', 'Fee'), amountYuan: 10, basis: '' }];
    const body = fromValues(values);
    expect(body.name).toEqual(t('公共场所卫生许可', 'Hygiene licence'));
    expect(body.keywords).toEqual(['卫生许可']);
    expect(body.contacts).toEqual({ phone: '0577-68821000' });
    // A material the applicant brings has no registry to share it from, and no empty basis.
    expect(body.materials[0]).toEqual(salonLicence.materials[0]);
    expect(body.fees).toEqual([{ name: t('工本费', 'Fee'), amountYuan: 10 }]);
  });

  it('sends a reason for visits only when there are visits, and a parent only below a main item', () => {
    const values = { ...toValues(salonLicence), visitsReason: '需现场核验' };
    expect(fromValues(values)).not.toHaveProperty('visitsReason');
    expect(fromValues({ ...values, visits: 1 })).toMatchObject({ visits: 1, visitsReason: '需现场核验' });
    expect(fromValues({ ...values, level: 'main' })).not.toHaveProperty('parentCode');
  });

  it('keeps a field optional only when it says so, and drops empty hints', () => {
    const f: FormField = {
      key: ' remarks ',
      label: t('备注', 'Remarks'),
      schema: { type: 'string', maxLength: 500 },
      widget: 'textarea',
      placeholder: t('', ''),
      help: t(' 选填 ', ''),
      prefill: ' ',
      optional: false,
    };
    const body = fromValues({
      ...toValues(salonLicence),
      form: { sections: [{ title: t('其他', 'Other'), fields: [f] }] },
    });
    expect(body.form.sections[0]!.fields[0]).toEqual({
      key: 'remarks',
      label: t('备注', 'Remarks'),
      schema: { type: 'string', maxLength: 500 },
      widget: 'textarea',
      help: t('选填', ''),
    });
  });
});

const department = { code: 'MSB', name: '市场监督管理局', nameEn: 'Market Regulation Bureau', regionCode: '330302' };

describe('codes of a new item', () => {
  const context: CodeContext = {
    department: { ...department, ordinal: 9 },
    siblings: [
      { ...salonLicence, level: 'main', basicCode: '000501001000', handlingItemCode: 'A' },
      { ...salonLicence, level: 'main', basicCode: '000502001000', handlingItemCode: 'B' },
      { ...salonLicence, level: 'main', basicCode: '070503001000', handlingItemCode: 'C' },
      { ...salonLicence, level: 'main', basicCode: 'LEGACY-1', handlingItemCode: 'D' },
    ],
  };

  it('numbers a main item after the department’s items, in its type’s segment', () => {
    // type 00 (licensing) + department segment 05 (learnt from its items) + next free number 04
    const codes = deriveCodes(context, { type: 'licensing', level: 'main' });
    expect(codes.basicCode).toBe('000504001000');
    expect(codes.implementationCode).toBe('11330302MB0000000X000504001000'); // the body's USCC prefix
    expect(codes.handlingItemCode).toBe('11330302MB0000000X0005040010000001');
    expect(deriveCodes(context, { type: 'public_service', level: 'main' }).basicCode).toBe('200504001000');
  });

  it('gives a handling item its parent’s codes and the parent’s next free handling number', () => {
    const parent = { ...salonLicence, level: 'main' as const, basicCode: '000510001000' };
    parent.implementationCode = `11330302MB0000000X${parent.basicCode}`;
    const taken = { ...parent, level: 'handling' as const, handlingItemCode: `${parent.implementationCode}0001` };
    const codes = deriveCodes(
      { ...context, siblings: [parent, taken] },
      { type: 'licensing', level: 'handling', parentCode: '000510001000' },
    );
    expect(codes).toEqual({
      basicCode: '000510001000',
      implementationCode: parent.implementationCode,
      handlingItemCode: `${parent.implementationCode}0002`,
      parentCode: '000510001000',
    });
  });

  it('starts a department without items from its place in the list and its region and code', () => {
    const values = newItemValues({ department: { ...department, ordinal: 7 }, siblings: [] });
    expect(values.basicCode).toBe('000701001000');
    expect(values.implementationCode).toBe('330302MSB000701001000');
    expect(values.implementingBody).toEqual({ zh: '市场监督管理局', en: 'Market Regulation Bureau' });
    expect(values.contacts).toEqual({ phone: '' });
    expect(values.hasStatutory).toBe(false);
    expect(values.form.sections[0]!.fields.map((f) => f.key)).toEqual([
      'applicant_name',
      'applicant_id_number',
      'applicant_phone',
    ]);
  });

  it('takes the implementing body and contacts of the department’s items for a new one', () => {
    const values = newItemValues(context);
    expect(values.implementingBody).toEqual(salonLicence.implementingBody);
    expect(values.contacts).toEqual(salonLicence.contacts);
    expect(values.contacts).not.toBe(salonLicence.contacts); // a copy: editing it leaves the sibling alone
  });
});

describe('a field’s schema as its widget changes', () => {
  const text: FormField = blankField(new Set(['field_1']));

  it('names a fresh field after the ones taken', () => {
    expect(text.key).toBe('field_2');
    expect(keysOf({ sections: [{ title: t('a', 'a'), fields: FIELD_TEMPLATES.slice(0, 2) }] })).toEqual(
      new Set(['applicant_name', 'applicant_id_number']),
    );
  });

  it('gives ID numbers, mobile numbers and credit codes their national patterns', () => {
    const id = schemaFor(text.schema, 'idNumber', 'string');
    expect(id).toMatchObject({ type: 'string', pattern: '^[1-9]\\d{16}[\\dX]$' });
    expect(new RegExp(String(id.pattern)).test('11010519491231002X')).toBe(true);
    expect(schemaFor(text.schema, 'phone', 'string').pattern).toBe('^1[3-9]\\d{9}$');
    expect(new RegExp(String(schemaFor(text.schema, 'uscc', 'string').pattern)).test('91330302MA2HXXX16L')).toBe(true);
  });

  it('keeps only the constraints that still apply, and annotations always', () => {
    const s = { type: 'string', minLength: 1, maxLength: 100, title: '备注' };
    expect(schemaFor(s, 'money', 'number')).toEqual({ type: 'number', minimum: 0, multipleOf: 0.01, title: '备注' });
    expect(schemaFor({ type: 'integer', minimum: 3 }, 'number', 'number')).toEqual({ type: 'integer', minimum: 3 });
    expect(schemaFor({ type: 'integer', minimum: 3 }, 'money', 'number')).toMatchObject({ type: 'number' });
    expect(schemaFor(s, 'date', 'date')).toEqual({ type: 'string', format: 'date', title: '备注' });
    expect(schemaFor(s, 'textarea', 'string')).toEqual(s);
    expect(schemaFor({ type: 'string' }, 'textarea', 'string')).toEqual({ type: 'string', maxLength: 2000 });
  });

  it('turns one choice into several and back, keeping the options', () => {
    const one = { type: 'string', enum: ['pickup', 'post'] };
    const several = schemaFor(one, 'checkbox', 'choices');
    expect(several).toEqual({ type: 'array', uniqueItems: true, items: { type: 'string', enum: ['pickup', 'post'] } });
    expect(kindOf({ widget: 'checkbox', schema: several })).toBe('choices');
    expect(schemaFor(several, 'radio', 'choice')).toEqual(one);
    expect(schemaFor({ type: 'string' }, 'checkbox', 'boolean')).toEqual({ type: 'boolean' });
    expect(kindOf({ widget: 'checkbox', schema: { type: 'boolean' } })).toBe('boolean');
  });

  it('writes labelled options as oneOf and plain ones as enum, and reads both', () => {
    const labelled = setChoices({ type: 'string' }, [
      { value: 'pickup', title: t('窗口领取', 'Collect') },
      { value: 'post', title: t('', '') },
    ]);
    expect(labelled).toEqual({
      type: 'string',
      oneOf: [
        { const: 'pickup', title: t('窗口领取', 'Collect') },
        { const: 'post', title: { zh: 'post', en: '' } },
      ],
    });
    expect(choicesOf(labelled)).toEqual([
      { value: 'pickup', title: t('窗口领取', 'Collect') },
      { value: 'post', title: { zh: 'post', en: '' } },
    ]);
    expect(setChoices(labelled, [{ value: 'a' }, { value: 'b' }])).toEqual({ type: 'string', enum: ['a', 'b'] });
    // Titles left blank are no labels.
    expect(setChoices({ type: 'string' }, [{ value: 'a', title: t(' ', '') }])).toEqual({
      type: 'string',
      enum: ['a'],
    });
  });

  it('infers a widget for a field without one', () => {
    expect(widgetOf({ schema: { type: 'string', enum: ['a'] } })).toBe('select');
    expect(widgetOf({ schema: { type: 'integer' } })).toBe('number');
    expect(widgetOf({ schema: { type: 'string', format: 'date' } })).toBe('date');
    expect(widgetOf({ schema: { type: 'array', items: { enum: ['a'] } } })).toBe('checkbox');
    expect(widgetOf({ schema: { type: 'string' } })).toBe('text');
  });
});

describe('checks before a form is sent', () => {
  const ok = FIELD_TEMPLATES[0]!;

  it('passes the templates, which are the demo catalogue’s fields', () => {
    expect(formProblems({ sections: [{ title: t('申请人', 'Applicant'), fields: [...FIELD_TEMPLATES] }] })).toEqual([]);
  });

  it('finds a bad or duplicate key, a missing label and unusable options', () => {
    expect(fieldProblems({ ...ok, key: 'Applicant Name' }, new Set())).toEqual([{ path: 'key', code: 'KEY_FORMAT' }]);
    expect(fieldProblems(ok, new Set(['applicant_name']))).toEqual([{ path: 'key', code: 'KEY_DUPLICATE' }]);
    expect(fieldProblems({ ...ok, label: t(' ', 'Name') }, new Set())).toEqual([
      { path: 'label', code: 'LABEL_REQUIRED' },
    ]);
    expect(fieldProblems({ ...ok, widget: 'select', schema: { type: 'string' } }, new Set())).toEqual([
      { path: 'options', code: 'OPTIONS_REQUIRED' },
    ]);
    expect(fieldProblems({ ...ok, widget: 'radio', schema: { type: 'string', enum: ['a', 'a'] } }, new Set())).toEqual([
      { path: 'options', code: 'OPTIONS_INVALID' },
    ]);
  });

  it('finds a pattern that cannot work and bounds the wrong way round', () => {
    expect(fieldProblems({ ...ok, schema: { type: 'string', pattern: '([a-z' } }, new Set())).toEqual([
      { path: 'pattern', code: 'PATTERN_INVALID' },
    ]);
    expect(fieldProblems({ ...ok, schema: { type: 'string', minLength: 5, maxLength: 2 } }, new Set())).toEqual([
      { path: 'maxLength', code: 'RANGE_INVALID' },
    ]);
    expect(
      fieldProblems(
        { ...ok, widget: 'number', schema: { type: 'number', exclusiveMinimum: 10, maximum: 1 } },
        new Set(),
      ),
    ).toEqual([{ path: 'maximum', code: 'RANGE_INVALID' }]);
  });

  it('points at the problem the way the server does, across sections', () => {
    expect(
      formProblems({
        sections: [
          { title: t('申请人', 'Applicant'), fields: [ok] },
          { title: t('', 'Other'), fields: [{ ...ok, label: t('姓名', 'Name') }] },
          { title: t('空', 'Empty'), fields: [] },
        ],
      }),
    ).toEqual([
      { path: '/form/sections/1/title/zh', code: 'LABEL_REQUIRED' },
      { path: '/form/sections/1/fields/0/key', code: 'KEY_DUPLICATE' },
      { path: '/form/sections/2/fields', code: 'NO_FIELDS' },
    ]);
    expect(formProblems({ sections: [] })).toEqual([{ path: '/form/sections', code: 'NO_SECTIONS' }]);
  });
});

describe('the server’s error pointers', () => {
  it('become form paths, with escapes undone and indexes as numbers', () => {
    expect(pointerToPath('/materials/0/name/zh')).toEqual(['materials', 0, 'name', 'zh']);
    expect(pointerToPath('body:/form/sections/1/fields/2/key')).toEqual(['form', 'sections', 1, 'fields', 2, 'key']);
    expect(pointerToPath('/a~1b/c~0d')).toEqual(['a/b', 'c~d']);
    expect(pointerToPath('/')).toEqual([]);
  });

  it('lead to the tab that holds the input', () => {
    expect(tabOf(['materials', 0, 'name'])).toBe('materials');
    expect(tabOf(['promisedLimit', 'value'])).toBe('handling');
    expect(tabOf(['form', 'sections', 0])).toBe('form');
    expect(tabOf(['name', 'zh'])).toBe('basic');
    expect(tabOf([])).toBe('basic');
  });
});
