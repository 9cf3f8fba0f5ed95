/** The anomaly rule language (异常预警): validation, the handling-time histogram's median and MAD, robust z, hours, shares. */
import { describe, expect, it } from 'vitest';
import {
  BUCKET_WIDTH,
  BUCKETS,
  bucketOf,
  DEFAULT_RULES,
  enabledOf,
  medianAndMad,
  outsideHours,
  robustZ,
  ruleProblems,
  shareFlags,
  zFlags,
} from '../../src/modules/supervision/supervision.anomaly-rules.ts';
import { createRng } from '../../src/platform/prng.ts';

const HOUR = 3600;
const histogramOf = (seconds: number[]) => {
  const h = Array.from({ length: BUCKETS }, () => 0);
  for (const s of seconds) h[bucketOf(s)]!++;
  return h;
};
const exactMedian = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = (s.length - 1) / 2;
  return (s[Math.floor(m)]! + s[Math.ceil(m)]!) / 2;
};

describe('rule sets', () => {
  it('the shipped defaults are a valid rule set with every kind of rule', () => {
    expect(ruleProblems(DEFAULT_RULES)).toEqual([]);
    expect(new Set(DEFAULT_RULES.rules.map((r) => r.kind))).toEqual(
      new Set(['handling_time', 'corrections', 'related_staff', 'after_hours', 'applicant_share']),
    );
  });

  it('refuses unknown kinds, missing or out-of-range thresholds, extra fields, duplicate codes, hours out of order', () => {
    const one = (rule: unknown) => ruleProblems({ rules: [rule] });
    expect(one({ code: 'x-rule', kind: 'astrology', enabled: true })).not.toEqual([]);
    expect(
      one({ code: 'slow', kind: 'handling_time', enabled: true, threshold: 0.5, minPeers: 20, direction: 'both' }),
    ).not.toEqual([]);
    expect(one({ code: 'slow', kind: 'handling_time', enabled: true, minPeers: 20, direction: 'both' })).not.toEqual(
      [],
    );
    expect(one({ code: 'fix', kind: 'corrections', enabled: true, minCount: 2, sql: 'drop table' })).not.toEqual([]);
    expect(one({ code: 'Bad Code', kind: 'corrections', enabled: true, minCount: 2 })).not.toEqual([]);
    expect(one({ code: 'share', kind: 'applicant_share', enabled: true, minShare: 1.5, minCases: 5 })).not.toEqual([]);
    expect(
      one({
        code: 'late',
        kind: 'after_hours',
        enabled: true,
        workdayStart: '18:00',
        workdayEnd: '09:00',
        restDays: false,
      }),
    ).toEqual(['/rules/0: workdayStart must be before workdayEnd']);
    expect(
      one({ code: 'rel', kind: 'related_staff', enabled: true, sameAddress: false, declaredRelation: false }),
    ).toEqual(['/rules/0: check sameAddress, declaredRelation or both']);
    const twice = { code: 'fix', kind: 'corrections', enabled: true, minCount: 2 };
    expect(ruleProblems({ rules: [twice, { ...twice, minCount: 4 }] })).toEqual(['/rules/1/code: fix is used twice']);
    expect(ruleProblems({ rules: [] })).not.toEqual([]);
  });

  it('enabledOf picks the enabled rules of a kind, in order', () => {
    const rules = {
      rules: [
        { code: 'a', kind: 'corrections' as const, enabled: true, minCount: 2 },
        { code: 'b', kind: 'corrections' as const, enabled: false, minCount: 3 },
        { code: 'c', kind: 'corrections' as const, enabled: true, minCount: 5 },
      ],
    };
    expect(enabledOf(rules, 'corrections').map((r) => r.code)).toEqual(['a', 'c']);
    expect(enabledOf(rules, 'after_hours')).toEqual([]);
  });
});

describe('handling-time statistics', () => {
  it('buckets are ln(seconds) in 1/16 steps, clamped at both ends', () => {
    expect(bucketOf(0)).toBe(0);
    expect(bucketOf(1)).toBe(0);
    expect(bucketOf(Math.exp(1))).toBe(16);
    expect(bucketOf(1e30)).toBe(BUCKETS - 1);
    expect(bucketOf(HOUR * 24)).toBe(Math.floor(Math.log(HOUR * 24) * 16));
  });

  it('the median and MAD from the histogram are within a bucket of the exact ones', () => {
    const rng = createRng('anomaly-stats');
    const seconds = Array.from({ length: 2001 }, () => Math.exp(Math.log(3 * 86_400) + (rng.next() - 0.5) * 2));
    const { n, median, mad } = medianAndMad(histogramOf(seconds));
    const logs = seconds.map((s) => Math.log(s));
    const m = exactMedian(logs);
    const exactMad = exactMedian(logs.map((x) => Math.abs(x - m)));
    expect(n).toBe(2001);
    expect(Math.abs(median - m)).toBeLessThan(BUCKET_WIDTH);
    expect(Math.abs(mad - exactMad)).toBeLessThan(BUCKET_WIDTH);
  });

  it('an empty histogram has no peers; identical peers do not make the MAD zero', () => {
    expect(medianAndMad(histogramOf([])).n).toBe(0);
    const same = medianAndMad(histogramOf(Array.from({ length: 50 }, () => 2 * HOUR)));
    expect(same.mad).toBe(0);
    // One bucket away (about 6%) is not an outlier; an hour against two days is.
    expect(Math.abs(robustZ(2 * HOUR * 1.07, same.median, same.mad))).toBeLessThan(3.5);
    expect(Math.abs(robustZ(60, same.median, same.mad))).toBeGreaterThan(3.5);
  });

  it('robust z: a case decided in minutes among peers taking days is fast; the direction decides what flags', () => {
    const rng = createRng('anomaly-z');
    const peers = Array.from({ length: 200 }, () => (2 + rng.next() * 3) * 86_400);
    const { median, mad } = medianAndMad(histogramOf(peers));
    const fast = robustZ(10 * 60, median, mad);
    const typical = robustZ(3 * 86_400, median, mad);
    const slow = robustZ(90 * 86_400, median, mad);
    expect(fast).toBeLessThan(-3.5);
    expect(Math.abs(typical)).toBeLessThan(1);
    expect(slow).toBeGreaterThan(3.5);
    const both = { threshold: 3.5, direction: 'both' as const };
    expect([zFlags(fast, both), zFlags(typical, both), zFlags(slow, both)]).toEqual([true, false, true]);
    expect(zFlags(fast, { threshold: 3.5, direction: 'slow' })).toBe(false);
    expect(zFlags(slow, { threshold: 3.5, direction: 'fast' })).toBe(false);
    expect(zFlags(fast, { threshold: 3.5, direction: 'fast' })).toBe(true);
  });
});

describe('hours and shares', () => {
  const rule = { workdayStart: '08:30', workdayEnd: '18:00', restDays: true };
  it('outside hours: before the start, at or after the end, or any time on a rest day when asked', () => {
    expect(outsideHours(rule, 8 * 60 + 29, true)).toBe(true);
    expect(outsideHours(rule, 8 * 60 + 30, true)).toBe(false);
    expect(outsideHours(rule, 17 * 60 + 59, true)).toBe(false);
    expect(outsideHours(rule, 18 * 60, true)).toBe(true);
    expect(outsideHours(rule, 10 * 60, false)).toBe(true);
    expect(outsideHours({ ...rule, restDays: false }, 10 * 60, false)).toBe(false);
  });

  it('share: at least minShare of at least minCases', () => {
    const share = { minShare: 0.8, minCases: 5 };
    expect(shareFlags(share, 4, 4)).toBe(false);
    expect(shareFlags(share, 4, 5)).toBe(true);
    expect(shareFlags(share, 7, 10)).toBe(false);
    expect(shareFlags(share, 8, 10)).toBe(true);
  });
});
