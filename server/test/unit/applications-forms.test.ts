/** Forms and materials checked on the server, case numbers, and the applicant's plain words. */
import { describe, expect, it } from 'vitest';
import { formatCaseNumber } from '../../src/modules/applications/index.ts';
import {
  bindApplicant,
  checkFields,
  checkForm,
  checkMaterials,
  dateBounds,
  normaliseForm,
  normaliseIdentifiers,
} from '../../src/modules/applications/forms.ts';
import { makeCitizenId, makeUscc } from '../../src/platform/id-numbers.ts';
import { handledBy, headline } from '../../src/modules/applications/plain-words.ts';
import { sampleAnswers } from '../../src/demo/sample-answers.ts';
import { DEMO_ITEMS } from '../../src/demo/items.ts';
import type { FormDefinition } from '../../src/modules/catalog/catalog.types.ts';
import { createRng } from '../../src/platform/prng.ts';

const form: FormDefinition = {
  sections: [
    {
      title: { zh: '申请人', en: 'Applicant' },
      fields: [
        { key: 'name', label: { zh: '姓名', en: 'Name' }, schema: { type: 'string', minLength: 2, maxLength: 30 } },
        { key: 'phone', label: { zh: '电话', en: 'Phone' }, schema: { type: 'string', pattern: '^1[3-9]\\d{9}$' } },
        { key: 'kind', label: { zh: '类型', en: 'Kind' }, schema: { type: 'string', enum: ['a', 'b'] } },
        { key: 'count', label: { zh: '人数', en: 'Count' }, schema: { type: 'integer', minimum: 0 } },
        {
          key: 'remarks',
          label: { zh: '备注', en: 'Remarks' },
          schema: { type: 'string', maxLength: 5 },
          optional: true,
        },
      ],
    },
  ],
};

describe('checkForm', () => {
  it('accepts a complete form and leaves optional fields out', () => {
    expect(checkForm(form, { name: '张三', phone: '13800138000', kind: 'a', count: 3 }, 'f@1')).toEqual([]);
  });

  it('names every problem by its field path', () => {
    const problems = checkForm(
      form,
      { name: '张', phone: '123', kind: 'c', count: -1, remarks: 'too long', extra: 1 },
      'f@1',
    );
    const byPath = Object.fromEntries(problems.map((p) => [p.path, p.code]));
    expect(byPath).toEqual({
      '/form/name': 'minLength',
      '/form/phone': 'pattern',
      '/form/kind': 'enum',
      '/form/count': 'minimum',
      '/form/remarks': 'maxLength',
      '/form/extra': 'unknown_field',
    });
  });

  it('reports missing required fields, and treats blank answers as missing', () => {
    const values = normaliseForm({ name: '  ', phone: '', kind: null, count: 1, remarks: '' });
    const paths = checkForm(form, values, 'f@1').map((p) => p.path);
    expect(paths.sort()).toEqual(['/form/kind', '/form/name', '/form/phone']);
  });

  it('accepts the sample answers for every demo item (the seed and the benchmarks rely on them)', () => {
    const rng = createRng('forms');
    const ctx = {
      name: '陈晓明',
      idNumber: '330383199001011234',
      phone: '13800138000',
      address: '龙港市华中社区 1 号',
      company: { name: '示范公司', uscc: '91330383MA2J7K8L9P' },
    };
    for (const item of DEMO_ITEMS) {
      for (let i = 0; i < 5; i++) {
        expect(
          checkForm(item.form, normaliseForm(sampleAnswers(item.form, ctx, rng)), item.handlingItemCode),
          item.name.zh,
        ).toEqual([]);
      }
    }
  });
});

describe('checkMaterials', () => {
  const materials = [
    { code: 'id', required: true, source: 'applicant' as const },
    { code: 'photo', required: false, source: 'applicant' as const },
    { code: 'licence', required: true, source: 'shared' as const },
  ];
  it('needs required applicant materials but never shared ones', () => {
    expect(checkMaterials(materials, [{ code: 'id', uploadId: 'u' }])).toEqual([]);
    expect(checkMaterials(materials, []).map((p) => p.path)).toEqual(['/materials/id']);
  });
  it('takes an upload of a shared material (the registry may hold no record), and refuses materials the item has not', () => {
    expect(
      checkMaterials(materials, [
        { code: 'id', uploadId: 'u' },
        { code: 'licence', uploadId: 'v' },
      ]),
    ).toEqual([]);
    expect(
      checkMaterials(materials, [
        { code: 'id', uploadId: 'u' },
        { code: 'passport', uploadId: 'v' },
      ]).map((p) => p.path),
    ).toEqual(['/materials/1/code']);
  });
});

describe('case numbers', () => {
  it('carry the region code and the date in China', () => {
    expect(formatCaseNumber('330383', new Date('2026-11-25T17:00:00Z'), 123)).toBe('330383-20261126-00000123');
    expect(formatCaseNumber('330383', new Date('2026-11-25T08:00:00Z'), 1)).toBe('330383-20261125-00000001');
  });
});

describe('plain words', () => {
  const department = { zh: '龙港市公安局', en: 'Public Security Bureau' };
  const stateName = { zh: '审核', en: 'Review' };
  it('say what is happening and who has the case', () => {
    expect(headline({ status: 'in_progress', state: 'accept', stateName, department }).zh).toBe(
      '已提交，等待龙港市公安局受理',
    );
    expect(headline({ status: 'in_progress', state: 'review', stateName, department }).zh).toBe(
      '龙港市公安局正在办理：审核',
    );
    expect(
      headline({ status: 'in_progress', state: 'departments', stateName, department, parts: { total: 4, done: 1 } }).zh,
    ).toBe('4 个部门同时办理中，已完成 1 个');
    expect(
      headline({ status: 'correction', state: 'correction', stateName, department, correctionItems: 2 }).zh,
    ).toContain('补正 2 项');
    expect(
      headline({ status: 'rejected', state: 'rejected', stateName, department, rejectionReason: '材料不实' }).zh,
    ).toBe('未予通过：材料不实');
    expect(handledBy('in_progress', department, stateName, '王丽')?.zh).toBe('龙港市公安局（审核，经办人 王丽）');
    expect(handledBy('completed', department, stateName, null)).toBeNull();
  });
});

describe('checkFields: what the JSON Schemas cannot say', () => {
  const ids: FormDefinition = {
    sections: [
      {
        title: { zh: '信息', en: 'Details' },
        fields: [
          { key: 'id', label: { zh: '身份证号', en: 'ID' }, schema: { type: 'string' }, widget: 'idNumber' },
          { key: 'uscc', label: { zh: '信用代码', en: 'USCC' }, schema: { type: 'string' }, widget: 'uscc' },
          {
            key: 'born',
            label: { zh: '出生日期', en: 'Born' },
            schema: { type: 'string', format: 'date' },
            widget: 'date',
            dates: { notAfter: 'today' },
          },
          {
            key: 'starts',
            label: { zh: '开始日期', en: 'Starts' },
            schema: { type: 'string', format: 'date' },
            widget: 'date',
            dates: { notBefore: 'today', notAfter: '2030-12-31' },
          },
          { key: 'other', label: { zh: '日期', en: 'Date' }, schema: { type: 'string', format: 'date' } },
        ],
      },
    ],
  };
  const today = '2026-12-02';
  const good = {
    id: makeCitizenId('330383', '1988-06-15', 371),
    uscc: makeUscc('9', '1', '330383', 'MA2J7K8L'),
    born: '2026-12-02',
    starts: '2026-12-02',
    other: '1999-01-01',
  };
  const codes = (values: Record<string, unknown>) =>
    Object.fromEntries(checkFields(ids, values, today).map((d) => [d.path, d.code]));

  it('accepts valid numbers and dates within their bounds', () => {
    expect(codes(good)).toEqual({});
  });

  it("refuses an ID number whose check character is wrong (the issue's 330383198806153712) or whose birth date is impossible", () => {
    const wrongCheck = `${good.id.slice(0, 17)}${good.id[17] === '2' ? '3' : '2'}`;
    expect(codes({ ...good, id: wrongCheck })).toEqual({ '/form/id': 'ID_NUMBER_CHECKSUM' });
    // The demo citizen's number ends in X; the one a user typed ended in 2.
    expect(good.id).toBe('33038319880615371X');
    expect(codes({ ...good, id: '330383198806153712' })).toEqual({ '/form/id': 'ID_NUMBER_CHECKSUM' });
    expect(codes({ ...good, id: makeCitizenId('330383', '1988-02-28', 371).replace('0228', '0230') })).toEqual({
      '/form/id': 'ID_NUMBER_DATE',
    });
    // Born after today, in the city.
    expect(codes({ ...good, id: makeCitizenId('330383', '2026-12-03', 372) })).toEqual({
      '/form/id': 'ID_NUMBER_DATE',
    });
  });

  it('refuses a USCC with a wrong check character', () => {
    const bad = `${good.uscc.slice(0, 17)}${good.uscc[17] === '0' ? '1' : '0'}`;
    expect(codes({ ...good, uscc: bad })).toEqual({ '/form/uscc': 'USCC_CHECKSUM' });
  });

  it('refuses a birth date after today and a date outside its bounds', () => {
    expect(codes({ ...good, born: '2026-12-03', starts: '2026-12-01', other: '1899-12-31' })).toEqual({
      '/form/born': 'DATE_IN_FUTURE',
      '/form/starts': 'DATE_IN_PAST',
      '/form/other': 'DATE_TOO_EARLY',
    });
    expect(codes({ ...good, starts: '2031-01-01' })).toEqual({ '/form/starts': 'DATE_TOO_LATE' });
    expect(dateBounds(ids.sections[0]!.fields[2]!, today)).toEqual({ min: '1900-01-01', max: today });
  });

  it('stores a typed x check character upper-cased', () => {
    const normalised = normaliseIdentifiers(ids, { ...good, id: '33038319880615371x' });
    expect(normalised.id).toBe('33038319880615371X');
    expect(codes(normalised)).toEqual({});
  });
});

describe("bindApplicant: fields that are the applicant's identity", () => {
  const applicantForm: FormDefinition = {
    sections: [
      {
        title: { zh: '申请人', en: 'Applicant' },
        fields: [
          {
            key: 'applicant_name',
            label: { zh: '姓名', en: 'Name' },
            schema: { type: 'string' },
            prefill: 'person.name',
          },
          {
            key: 'applicant_id_number',
            label: { zh: '身份证号', en: 'ID' },
            schema: { type: 'string' },
            widget: 'idNumber',
            prefill: 'person.idNumber',
          },
          { key: 'phone', label: { zh: '电话', en: 'Phone' }, schema: { type: 'string' }, prefill: 'person.phone' },
        ],
      },
    ],
  };
  const own = { 'person.name': '陈晓明', 'person.idNumber': '33038319880615371X', 'person.phone': '13800138000' };
  const fixed = ['person.name', 'person.idNumber'];

  it('fills them in from the account when left out, and leaves editable ones alone', () => {
    expect(bindApplicant(applicantForm, { phone: '13900000000' }, own, fixed)).toEqual({
      values: { phone: '13900000000', applicant_name: '陈晓明', applicant_id_number: '33038319880615371X' },
      problems: [],
    });
  });

  it("refuses someone else's number, and accepts the own one in any letter case", () => {
    const other = bindApplicant(applicantForm, { applicant_id_number: '330383199001011234' }, own, fixed);
    expect(other.problems).toEqual([
      expect.objectContaining({ path: '/form/applicant_id_number', code: 'NOT_THE_APPLICANT' }),
    ]);
    expect(bindApplicant(applicantForm, { applicant_id_number: '33038319880615371x' }, own, fixed).problems).toEqual(
      [],
    );
  });
});
