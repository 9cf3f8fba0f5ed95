/**
 * Plausible answers to a form, read from its JSON Schemas: the demo seed files its case
 * history with them, and the tests and benchmarks submit them. Deterministic for a seed.
 */
import type { FormDefinition, FormField } from '../modules/catalog/index.ts';
import { CITIZEN_ID_PATTERN, MOBILE_PATTERN, makeCitizenId, makeUscc } from '../platform/id-numbers.ts';
import type { Rng } from '../platform/prng.ts';

export interface SampleContext {
  name: string;
  idNumber: string;
  phone: string;
  address: string;
  company?: { name: string; uscc: string };
}

const WORDS: Record<string, string> = {
  address: '龙港市世纪大道 188 号',
  project: '龙港市城市综合体项目',
  place: '龙港市人民路 66 号',
  reason: '工作调动',
  bank: '中国工商银行龙港支行',
  scope: '日用百货销售；信息技术咨询服务',
  school: '龙港市第一小学',
  default: '详见附件材料',
};

function textFor(field: FormField, ctx: SampleContext, n: number): string {
  const k = field.key;
  if (k.includes('company_name')) return ctx.company?.name ?? '龙港市示范科技有限公司';
  if (k.endsWith('_name'))
    return k.startsWith('applicant') || k === 'contact_name' ? ctx.name : ['李娜', '王伟', '张敏', '刘洋'][n % 4]!;
  if (k.includes('address')) return k.startsWith('applicant') ? ctx.address : WORDS.address!;
  if (k.includes('project')) return WORDS.project!;
  if (k.includes('scope')) return WORDS.scope!;
  if (k.includes('bank_name')) return WORDS.bank!;
  if (k.includes('reason')) return WORDS.reason!;
  if (k.includes('school')) return WORDS.school!;
  if (k.includes('place')) return WORDS.place!;
  return WORDS.default!;
}

function answer(field: FormField, ctx: SampleContext, rng: Rng | null, n: number): unknown {
  const s = field.schema as {
    type?: string;
    enum?: unknown[];
    pattern?: string;
    format?: string;
    minimum?: number;
    maximum?: number;
    exclusiveMinimum?: number;
    items?: { enum?: unknown[] };
    maxLength?: number;
  };
  const pick = <T>(xs: readonly T[]): T => xs[rng ? rng.int(0, xs.length - 1) : 0]!;
  if (s.enum) return pick(s.enum);
  if (s.type === 'array') return s.items?.enum ? [pick(s.items.enum)] : [];
  if (s.type === 'boolean') return true;
  if (s.type === 'integer') return Math.max(s.minimum ?? 1, Math.min(s.maximum ?? 50, rng ? rng.int(1, 50) : 10));
  if (s.type === 'number') {
    const lo = Math.ceil(Math.max(s.minimum ?? 1, (s.exclusiveMinimum ?? 0) + 1));
    const hi = Math.max(lo, Math.floor(Math.min(s.maximum ?? 500, 500)));
    return rng ? rng.int(lo, hi) : lo;
  }
  if (s.format === 'date')
    return field.dates?.notAfter === 'today'
      ? '2025-10-08'
      : field.dates?.notBefore === 'today'
        ? '2030-06-03'
        : '2026-12-01';
  if (field.widget === 'idNumber' || s.pattern === CITIZEN_ID_PATTERN) {
    return field.key.startsWith('applicant') || field.key.startsWith('legal_rep')
      ? ctx.idNumber
      : makeCitizenId('330383', n % 2 ? '1990-05-12' : '1992-08-03', 100 + n);
  }
  if (field.widget === 'uscc') return ctx.company?.uscc ?? makeUscc('9', '1', '330383', 'MA2J7K8L');
  if (field.widget === 'phone' || s.pattern === MOBILE_PATTERN) return ctx.phone;
  if (field.key === 'bank_account') return '6222021203001234567';
  const text = textFor(field, ctx, n);
  return s.maxLength && text.length > s.maxLength ? text.slice(0, s.maxLength) : text;
}

/** Answers for every field of the form (optional ones too). */
export function sampleAnswers(
  form: FormDefinition,
  ctx: SampleContext,
  rng: Rng | null = null,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  let n = 0;
  for (const section of form.sections)
    for (const field of section.fields) out[field.key] = answer(field, ctx, rng, n++);
  return out;
}

/** A minimal valid PDF (header, three objects, cross-reference table, trailer): the demo's uploads. */
export function samplePdf(): Buffer {
  const objects = [
    '1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n',
    '2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n',
    '3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>\nendobj\n',
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  for (const o of objects) {
    offsets.push(body.length);
    body += o;
  }
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const off of offsets) body += `${String(off).padStart(10, '0')} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}
