/**
 * The sensor rule engine: thresholds, rates of change and silence, each with hysteresis (a
 * value hovering around the threshold raises once); and the readings' payload format.
 */
import { describe, expect, it } from 'vitest';
import { RuleEngine, ruleProblems, type SensorRule } from '../../src/modules/cityops/cityops.sensors.rules.ts';
import { deviceOfTopic, parseReading } from '../../src/modules/cityops/cityops.sensors.payload.ts';

const base = {
  categoryCode: 'water-level',
  name: '规则',
  nameEn: 'rule',
  active: true,
  windowSeconds: null,
  silenceSeconds: null,
};
const high: SensorRule = {
  ...base,
  id: 'high',
  sensorType: 'water-level',
  kind: 'threshold',
  metric: 'level',
  direction: 'above',
  raiseAt: 3,
  clearAt: 2.7,
};
const rise: SensorRule = { ...high, id: 'rise', kind: 'rate', raiseAt: 0.5, clearAt: 0.2, windowSeconds: 600 };
const silent: SensorRule = {
  ...base,
  id: 'silent',
  sensorType: 'water-level',
  kind: 'silence',
  metric: null,
  direction: null,
  raiseAt: null,
  clearAt: null,
  silenceSeconds: 1800,
};
const low: SensorRule = {
  ...high,
  id: 'low',
  sensorType: 'hydrant-pressure',
  metric: 'pressure',
  direction: 'below',
  raiseAt: 0.1,
  clearAt: 0.14,
};

const T0 = Date.parse('2026-12-02T08:00:00Z');
const at = (s: number) => new Date(T0 + s * 1000);

describe('thresholds with hysteresis', () => {
  it('raises once when the value crosses, not again while it hovers, and clears only past the clear level', () => {
    const e = new RuleEngine([high]);
    const kinds = [2.5, 3.1, 2.95, 3.05, 2.8, 3.2, 2.71, 2.69, 3.0].map((level, i) =>
      e.reading('WL-1', 'water-level', at(i * 60), { level }).map((t) => `${t.kind}@${level}`),
    );
    expect(kinds.flat()).toEqual(['raise@3.1', 'clear@2.69', 'raise@3']);
  });

  it('a low-pressure rule raises below its level and clears above the clear level', () => {
    const e = new RuleEngine([low]);
    const out = [0.3, 0.09, 0.12, 0.08, 0.15].flatMap((pressure, i) =>
      e.reading('HP-1', 'hydrant-pressure', at(i), { pressure }).map((t) => t.kind),
    );
    expect(out).toEqual(['raise', 'clear']);
  });

  it('ignores readings of other metrics and devices of other types', () => {
    const e = new RuleEngine([high]);
    expect(e.reading('WL-1', 'water-level', at(0), { temp: 99 })).toEqual([]);
    expect(e.reading('AQ-1', 'air-quality', at(0), { level: 99 })).toEqual([]);
  });
});

describe('rate of change', () => {
  it('raises when the value rose by the amount within the window, and clears when it steadies', () => {
    const e = new RuleEngine([rise]);
    const levels = [1.0, 1.1, 1.3, 1.6, 1.7, 1.7, 1.7, 1.7, 1.7, 1.7, 1.7, 1.7, 1.7, 1.7];
    const out = levels.flatMap((level, i) =>
      e.reading('WL-1', 'water-level', at(i * 120), { level }).map((t) => `${t.kind}@${i}`),
    );
    // 1.0 → 1.6 within 6 minutes raises at the 4th reading; flat for more than the window clears.
    expect(out[0]).toBe('raise@3');
    expect(out[1]).toMatch(/^clear@/);
    expect(out).toHaveLength(2);
  });

  it('keeps bounded memory at any reading rate', () => {
    const e = new RuleEngine([rise]);
    for (let i = 0; i < 20_000; i++) e.reading('WL-1', 'water-level', new Date(T0 + i * 50), { level: 1 });
    const history = (e as unknown as { memory: Map<string, { history: Map<string, { points: unknown[] }> }> }).memory
      .get('WL-1')!
      .history.get('level')!.points;
    expect(history.length).toBeLessThanOrEqual(17);
  });
});

describe('silence', () => {
  it('raises once a device has been silent for the rule’s time, and clears at its next reading', () => {
    const e = new RuleEngine([silent]);
    e.track('WL-1', 'water-level', at(0));
    expect(e.silence(at(1799))).toEqual([]);
    expect(e.silence(at(1800)).map((t) => [t.sensorId, t.kind])).toEqual([['WL-1', 'raise']]);
    expect(e.silence(at(3600))).toEqual([]); // raised once
    expect(e.reading('WL-1', 'water-level', at(3700), { level: 1 }).map((t) => t.kind)).toEqual(['clear']);
    expect(e.silence(at(3800))).toEqual([]);
  });

  it('restores raised rules from open incidents at start (no second raise)', () => {
    const e = new RuleEngine([high]);
    e.track('WL-1', 'water-level', at(0), ['high']);
    expect(e.reading('WL-1', 'water-level', at(1), { level: 3.5 })).toEqual([]);
    expect(e.reading('WL-1', 'water-level', at(2), { level: 2 }).map((t) => t.kind)).toEqual(['clear']);
  });
});

describe('rules are checked', () => {
  it('a clear level on the wrong side of the raise level is refused', () => {
    expect(ruleProblems({ ...high, clearAt: 3.5 })).toEqual(['clearAt must not be above raiseAt']);
    expect(ruleProblems({ ...low, clearAt: 0.05 })).toEqual(['clearAt must not be below raiseAt']);
    expect(ruleProblems({ ...silent, silenceSeconds: 0 })).toEqual(['silenceSeconds must be positive']);
    expect(ruleProblems(high)).toEqual([]);
  });
});

describe('payloads', () => {
  const now = new Date(T0);
  it('reads the device from the topic', () => {
    expect(deviceOfTopic('yiwang/sensors', 'yiwang/sensors/WL-0001/readings')).toBe('WL-0001');
    expect(deviceOfTopic('yiwang/sensors', 'yiwang/sensors/a/b/readings')).toBeNull();
    expect(deviceOfTopic('yiwang/sensors', 'other/WL-0001/readings')).toBeNull();
  });
  it('parses values and the time, refusing what is not a reading', () => {
    expect(parseReading('{"values":{"level":2.5}}', now)).toEqual({ at: now, values: { level: 2.5 } });
    expect(parseReading('{"ts":"2026-12-02T07:59:00Z","values":{"level":2.5}}', now)).toMatchObject({
      at: new Date('2026-12-02T07:59:00Z'),
    });
    // A device clock far ahead: the time of receipt.
    expect(parseReading(`{"ts":${T0 + 3_600_000},"values":{"level":1}}`, now)).toMatchObject({ at: now });
    for (const bad of [
      'nope',
      '[]',
      '{"values":{}}',
      '{"values":{"Level":1}}',
      '{"values":{"level":"1"}}',
      '{"ts":"x","values":{"a":1}}',
    ])
      expect(parseReading(bad, now)).toHaveProperty('refused');
    expect(parseReading(JSON.stringify({ values: { a: 1 }, pad: 'x'.repeat(5000) }), now)).toEqual({
      refused: 'payload too large',
    });
  });
});
