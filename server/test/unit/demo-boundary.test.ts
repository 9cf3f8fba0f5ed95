/**
 * The demo city is one folder a real city replaces: it loads its content through the modules'
 * public interfaces (their index.ts) only, and no module depends on it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const src = join(import.meta.dirname, '../../src');
const importsOf = (file: string): string[] =>
  [...readFileSync(file, 'utf8').matchAll(/from '([^']+)'/g)].map((m) => m[1]!);
const tsFiles = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => join(dir, f));

describe('demo content', () => {
  it('uses only the modules’ public interfaces', () => {
    const demo = tsFiles(join(src, 'demo'));
    expect(demo.length).toBeGreaterThan(0);
    for (const file of demo) {
      for (const spec of importsOf(file).filter((s) => s.includes('/modules/')))
        expect(spec, file).toMatch(/^\.\.\/modules\/[a-z]+\/index\.ts$/);
    }
  });

  it('is used by no module and no platform file', () => {
    for (const file of [...tsFiles(join(src, 'modules')), ...tsFiles(join(src, 'platform'))])
      for (const spec of importsOf(file)) expect(spec, file).not.toMatch(/\/demo\//);
  });
});
