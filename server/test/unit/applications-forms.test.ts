/** Forms and materials checked on the server, case numbers, and the applicant's plain words. */
import { describe, expect, it } from 'vitest';
import { formatCaseNumber } from '../../src/modules/applications/index.ts';
import { checkForm, checkMaterials, normaliseForm } from '../../src/modules/applications/forms.ts';
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
  it('refuses materials the item does not ask the applicant for', () => {
    expect(
      checkMaterials(materials, [
        { code: 'id', uploadId: 'u' },
        { code: 'licence', uploadId: 'v' },
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
