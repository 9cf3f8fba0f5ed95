/** The dependency check's decision (scripts/audit.ts) on npm audit reports in npm's own format. */
import { describe, expect, it } from 'vitest';
import { decide, type AuditReport } from '../../../scripts/audit.ts';

const advisory = (name: string, severity: string, ghsa: string) => ({
  source: 1_100_000,
  name,
  dependency: name,
  title: `A ${severity} problem in ${name}`,
  url: `https://github.com/advisories/${ghsa}`,
  severity,
  cwe: ['CWE-400'],
  cvss: { score: 7.5, vectorString: null },
  range: '<1.2.3',
});

const report = (...vias: ReturnType<typeof advisory>[]): AuditReport => ({
  vulnerabilities: Object.fromEntries(
    vias.map((v) => [v.name, { name: v.name, severity: v.severity, via: [v, 'some-parent'] }]),
  ),
});

const TODAY = '2026-12-01';

describe('npm audit decision', () => {
  it('passes a clean report and one with only low or moderate advisories', () => {
    expect(decide({ vulnerabilities: {} }, [], TODAY).ok).toBe(true);
    expect(decide(report(advisory('a', 'moderate', 'GHSA-aaaa-bbbb-cccc')), [], TODAY).ok).toBe(true);
  });

  it('fails on a high or critical advisory that is not allowed', () => {
    for (const severity of ['high', 'critical']) {
      const d = decide(report(advisory('fastify', severity, 'GHSA-1111-2222-3333')), [], TODAY);
      expect(d.ok).toBe(false);
      expect(d.blocking.map((f) => [f.id, f.package])).toEqual([['GHSA-1111-2222-3333', 'fastify']]);
    }
  });

  it('accepts an advisory with an unexpired entry for the same package, and only that one', () => {
    const allow = [
      { id: 'GHSA-1111-2222-3333', package: 'pg', reason: 'not reachable: we never call it', expires: '2027-01-31' },
    ];
    const d = decide(
      report(advisory('pg', 'high', 'GHSA-1111-2222-3333'), advisory('kysely', 'critical', 'GHSA-9999-8888-7777')),
      allow,
      TODAY,
    );
    expect(d.allowed.map((a) => a.package)).toEqual(['pg']);
    expect(d.blocking.map((f) => f.package)).toEqual(['kysely']);
    expect(d.ok).toBe(false);
    // the same advisory id on another package is not covered
    expect(decide(report(advisory('pino', 'high', 'GHSA-1111-2222-3333')), allow, TODAY).ok).toBe(false);
  });

  it('fails when an exception has expired, and when an entry lacks its reason or expiry', () => {
    const expired = [
      { id: 'GHSA-1111-2222-3333', package: 'pg', reason: 'waiting for the upstream fix', expires: '2026-11-30' },
    ];
    const d = decide(report(advisory('pg', 'high', 'GHSA-1111-2222-3333')), expired, TODAY);
    expect(d.ok).toBe(false);
    expect(d.problems.join()).toMatch(/expired on 2026-11-30/);
    // an expired entry that no longer matches anything also fails: remove it
    expect(decide({ vulnerabilities: {} }, expired, TODAY).ok).toBe(false);
    expect(decide({ vulnerabilities: {} }, [{ id: 'GHSA-1', package: 'pg', expires: '2027-01-01' }], TODAY).ok).toBe(
      false,
    );
    expect(
      decide({ vulnerabilities: {} }, [{ id: 'GHSA-1', package: 'pg', reason: 'a good reason here' }], TODAY).ok,
    ).toBe(false);
  });
});
