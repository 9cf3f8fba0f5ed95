/**
 * Every audit action the code writes is sorted: into the public log (an exercise of public
 * power, LOGGED_ACTION_PREFIXES) or deliberately out of it (UNLOGGED_ACTION_PREFIXES, with the
 * reason beside each group). A module that starts auditing a new action fails here until someone
 * decides which it is. Actions are read from the source: every string literal that names a
 * module's action on a line about an `action`, and the fixed part of template literals.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  classify,
  LOGGED_ACTION_PREFIXES,
  UNLOGGED_ACTION_PREFIXES,
} from '../../src/modules/transparency/transparency.records.ts';

const SRC = join(import.meta.dirname, '../../src');
const MODULES =
  'applications|catalog|cityops|cogov|credentials|exchange|halls|identity|inspections|notify|opendata|org|payments|platform|rights|superapp|supervision|transparency';
const LITERAL = new RegExp(
  `['"\`]((?:${MODULES})\\.[a-z][a-z0-9_-]*(?:\\.[a-z][a-zA-Z0-9_-]*)*)(?:(\\.\\$\\{)|['"\`])`,
  'g',
);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

/** The actions written in the code: full names, and the fixed prefixes of templated ones. */
function auditActions(): { exact: Set<string>; templated: Set<string> } {
  const exact = new Set<string>();
  const templated = new Set<string>();
  for (const file of sourceFiles(SRC)) {
    // The log's own record of a personal-data read (`data.<outcome>`) is not an audit action.
    // Migrations name prefixes, not actions.
    if (file.endsWith('transparency.records.ts') || file.includes('/migrations/')) continue;
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      if (!/\baction\b/.test(line) || line.trim().startsWith('*') || line.trim().startsWith('//')) continue;
      const from = line.search(/\baction\b/);
      const to = line.indexOf('resourceType', from);
      for (const [, name = '', template] of line.slice(from, to < 0 ? undefined : to).matchAll(LITERAL))
        (template ? templated : exact).add(template ? `${name}.` : name);
    }
  }
  return { exact, templated };
}

describe('audit actions and the public log', () => {
  const { exact, templated } = auditActions();

  it('finds the actions of every module (the scan works)', () => {
    expect(exact.size).toBeGreaterThan(120);
    for (const known of ['superapp.consent.given', 'applications.case.submitted', 'identity.role.granted'])
      expect(exact).toContain(known);
    expect(templated).toContain('superapp.app.');
  });

  it('sorts every action into the log or deliberately out of it', () => {
    const unsorted = [...exact].filter((a) => classify(a) === undefined).sort();
    expect(unsorted).toEqual([]);
  });

  it('has thought about every templated action (a list names something under its prefix)', () => {
    const all = [...LOGGED_ACTION_PREFIXES, ...UNLOGGED_ACTION_PREFIXES];
    const unsorted = [...templated].filter((t) => !all.some((p) => p.startsWith(t) || t.startsWith(p))).sort();
    expect(unsorted).toEqual([]);
  });

  it('logs the consents, the reviewers’ decisions and the key changes the issue names', () => {
    for (const a of [
      'superapp.consent.given',
      'superapp.consent.withdrawn',
      'superapp.app.suspended',
      'superapp.complaint.decided',
      'exchange.consent.given',
      'exchange.grant.created',
      'opendata.api_key.issued',
      'cityops.open311_key.revoked',
      'platform.keys.rotated',
      'credentials.key.rotated',
      'identity.role.granted',
    ])
      expect(classify(a), a).toBe('logged');
    for (const a of ['superapp.app.registered', 'identity.login.failed', 'applications.case.submitted'])
      expect(classify(a), a).toBe('unlogged');
  });

  it('keeps the two lists apart', () => {
    for (const p of UNLOGGED_ACTION_PREFIXES) expect(LOGGED_ACTION_PREFIXES, p).not.toContain(p);
  });
});
