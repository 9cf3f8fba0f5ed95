/**
 * The error catalogue: every code the server can answer with is listed with the status it
 * answers with, and every listed code is answered somewhere. The throwing helpers accept only
 * catalogued codes at their status (checked by the compiler: the @ts-expect-error lines below
 * fail `npm run typecheck` if a wrong code or status were accepted).
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { errorCatalogue } from '../../src/app.ts';
import {
  AppError,
  badRequest,
  conflict,
  defineErrors,
  mergeErrorCatalogues,
  notFound,
} from '../../src/platform/errors.ts';

const src = path.resolve(import.meta.dirname, '../../src');

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return e.name.endsWith('.ts') ? [p] : [];
  });
}

/** Every `(status, code)` a throw site in server/src names with string literals. */
function throwSites(): { file: string; status: number; code: string }[] {
  const found: { file: string; status: number; code: string }[] = [];
  const patterns: [RegExp, (m: RegExpExecArray) => [number, string]][] = [
    [/new AppError(?:<[^>]*>)?\(\s*(\d{3}),\s*'([A-Z][A-Z0-9_]*)'/g, (m) => [Number(m[1]), m[2]!]],
    [/\bbadRequest\(\s*'([A-Z][A-Z0-9_]*)'/g, (m) => [400, m[1]!]],
    [/\bnotFound\(\s*'([A-Z][A-Z0-9_]*)'/g, (m) => [404, m[1]!]],
    [/\bconflict\(\s*'([A-Z][A-Z0-9_]*)'/g, (m) => [409, m[1]!]],
    // the mapping tables of the error handler and the raw answers before routing: [status, 'CODE', message]
    [/\[\s*(\d{3}),\s*'([A-Z][A-Z0-9_]*)',/g, (m) => [Number(m[1]), m[2]!]],
  ];
  for (const file of sourceFiles(src)) {
    const text = fs.readFileSync(file, 'utf8');
    for (const [re, pick] of patterns) {
      for (let m = re.exec(text); m; m = re.exec(text)) {
        const [status, code] = pick(m);
        found.push({ file: path.relative(src, file), status, code });
      }
    }
  }
  return found;
}

describe('the error catalogue', () => {
  const sites = throwSites();

  it('finds the throw sites it checks (the scan is not blind)', () => {
    expect(sites.length).toBeGreaterThan(60);
    const codes = new Set(sites.map((s) => s.code));
    for (const code of ['CASE_NOT_FOUND', 'ACCOUNT_FROZEN', 'BODY_TOO_LARGE', 'CONCURRENT_CHANGE', 'HEADERS_TOO_LARGE'])
      expect(codes).toContain(code);
  });

  it('lists every code thrown in server/src, with the status it is thrown with', () => {
    const wrong = sites
      .filter((s) => errorCatalogue[s.code]?.status !== s.status)
      .map((s) => `${s.file}: ${s.status} ${s.code} (catalogue: ${errorCatalogue[s.code]?.status ?? 'missing'})`);
    expect(wrong).toEqual([]);
  });

  it('lists no code that nothing answers with', () => {
    const texts = sourceFiles(src)
      .filter((f) => !f.endsWith('.errors.ts'))
      .map((f) => fs.readFileSync(f, 'utf8'))
      .join('\n');
    const unused = Object.keys(errorCatalogue).filter((code) => !texts.includes(`'${code}'`));
    expect(unused).toEqual([]);
  });

  it('gives every code a status, a Chinese and an English message, and its module', () => {
    for (const [code, spec] of Object.entries(errorCatalogue)) {
      expect(code).toMatch(/^[A-Z][A-Z0-9_]+$/);
      expect(spec.status, code).toBeGreaterThanOrEqual(400);
      expect(spec.status, code).toBeLessThan(600);
      expect(spec.zh, code).toMatch(/[\u4e00-\u9fff]/);
      expect(spec.en.length, code).toBeGreaterThan(3);
      expect([
        'platform',
        'identity',
        'org',
        'catalog',
        'applications',
        'notify',
        'audit',
        'payments',
        'halls',
        'exchange',
        'rights',
        'transparency',
        'credentials',
        'supervision',
        'inspections',
        'cityops',
        'opendata',
        'cogov',
        'superapp',
      ]).toContain(spec.module);
    }
  });

  it('refuses a code listed by two modules', () => {
    const a = defineErrors('a', { SAME: { status: 404, zh: '甲', en: 'a' } });
    const b = defineErrors('b', { SAME: { status: 404, zh: '乙', en: 'b' } });
    expect(() => mergeErrorCatalogues([a, b])).toThrow(/SAME is catalogued by both a and b/);
  });

  it('accepts only catalogued codes, at their status (compile-time)', () => {
    const made = [
      new AppError(404, 'CASE_NOT_FOUND', 'x'),
      badRequest('FORM_INVALID', 'x'),
      notFound('ITEM_NOT_FOUND', 'x'),
      conflict('CASE_CONFLICT', 'x'),
      // @ts-expect-error: not a catalogued code
      new AppError(404, 'NO_SUCH_CODE', 'x'),
      // @ts-expect-error: CASE_NOT_FOUND answers 404, not 400
      new AppError(400, 'CASE_NOT_FOUND', 'x'),
      // @ts-expect-error: badRequest takes only codes that answer 400
      badRequest('CASE_CONFLICT', 'x'),
      // @ts-expect-error: conflict takes only codes that answer 409
      conflict('CASE_NOT_FOUND', 'x'),
      // @ts-expect-error: notFound takes only codes that answer 404
      notFound('FORBIDDEN', 'x'),
    ];
    expect(made.map((e) => e.status)).toEqual([404, 400, 404, 409, 404, 400, 400, 409, 404]);
  });
});
