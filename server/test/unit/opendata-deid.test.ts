import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DeidRefusal, deidentify, type DeidOutcome } from '../../src/modules/opendata/opendata.deid.engine.ts';
import {
  generalise,
  identifiersIn,
  noisyCount,
  type DeidSpec,
  type Row,
} from '../../src/modules/opendata/opendata.deid.ts';
import { makeCitizenId } from '../../src/platform/id-numbers.ts';
import { createRng } from '../../src/platform/prng.ts';

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴'];
const GIVEN = ['伟', '芳', '娜', '敏', '静', '丽', '强', '磊', '军', '洋', '艳', '勇'];
const ROADS = ['解放路', '人民路', '中山路', '建设路'];
const CONDITIONS = ['甲', '乙', '丙', '丁'];
// Four streets of a district, three communities each (12-digit 行政区划 codes).
const COMMUNITIES = [1, 2, 3, 4].flatMap((s) =>
  [1, 2, 3].map((c) => `330106${String(s).padStart(3, '0')}${String(c).padStart(3, '0')}`),
);

const person = fc.record({
  surname: fc.constantFrom(...SURNAMES),
  given: fc.array(fc.constantFrom(...GIVEN), { minLength: 1, maxLength: 2 }),
  birth: fc.date({ min: new Date('1940-01-01T00:00:00Z'), max: new Date('2010-12-31T00:00:00Z'), noInvalidDate: true }),
  sequence: fc.integer({ min: 0, max: 999 }),
  phone: fc.stringMatching(/^1[3-9][0-9]{9}$/),
  road: fc.constantFrom(...ROADS),
  house: fc.integer({ min: 1, max: 300 }),
  room: fc.integer({ min: 101, max: 2505 }),
  community: fc.constantFrom(...COMMUNITIES),
  seen: fc.date({ min: new Date('2025-01-01T00:00:00Z'), max: new Date('2026-11-30T00:00:00Z'), noInvalidDate: true }),
  condition: fc.constantFrom(...CONDITIONS),
  minutes: fc.integer({ min: 1, max: 600 }),
});

type Person = Parameters<Parameters<typeof person.map>[0]>[0];

function rowOf(p: Person): Row {
  const birth = p.birth.toISOString().slice(0, 10);
  return {
    name: p.surname + p.given.join(''),
    id_number: makeCitizenId('330106', birth, p.sequence),
    phone: p.phone,
    address: `${p.road}${p.house}号${p.room}室`,
    age: 2026 - Number(birth.slice(0, 4)),
    community: p.community,
    seen_at: p.seen.toISOString(),
    condition: p.condition,
    minutes: p.minutes,
  };
}

const source = (rows: Row[], batch = 7) =>
  async function* () {
    for (let i = 0; i < rows.length; i += batch) yield rows.slice(i, i + batch);
  };

const recordsSpec = (k: number, l: number, maxSuppression: number): DeidSpec => ({
  mode: 'records',
  directIdentifiers: ['name', 'id_number', 'phone', 'address', 'minutes'],
  quasiIdentifiers: [
    { column: 'age', ladder: [{ kind: 'band', width: 5 }, { kind: 'band', width: 20 }, { kind: 'suppress' }] },
    {
      column: 'community',
      ladder: [{ kind: 'prefix', length: 12 }, { kind: 'prefix', length: 9 }, { kind: 'suppress' }],
    },
    {
      column: 'seen_at',
      ladder: [{ kind: 'time', unit: 'month' }, { kind: 'time', unit: 'year' }, { kind: 'suppress' }],
    },
  ],
  sensitive: l > 1 ? [{ column: 'condition', l }] : [],
  keep: l > 1 ? [] : ['condition'],
  k,
  maxSuppression,
});

const aggregateSpec = (k: number): DeidSpec => ({
  mode: 'aggregate',
  directIdentifiers: ['name', 'id_number', 'phone', 'address', 'age', 'condition'],
  quasiIdentifiers: [
    {
      column: 'community',
      ladder: [{ kind: 'prefix', length: 12 }, { kind: 'prefix', length: 9 }, { kind: 'suppress' }],
    },
    {
      column: 'seen_at',
      ladder: [
        { kind: 'time', unit: 'week' },
        { kind: 'time', unit: 'month' },
        { kind: 'time', unit: 'year' },
      ],
    },
  ],
  measures: [
    { name: 'count', op: 'count' },
    { name: 'avg_minutes', op: 'avg', column: 'minutes' },
  ],
  k,
  maxSuppression: 0.1,
});

async function collect(outcome: DeidOutcome): Promise<Row[]> {
  const out: Row[] = [];
  for await (const b of outcome.rows) out.push(...b);
  return out;
}

async function run(spec: DeidSpec, rows: Row[]): Promise<{ rows: Row[]; outcome: DeidOutcome } | DeidRefusal> {
  try {
    const outcome = await deidentify(spec, source(rows), { rng: createRng('test') });
    return { rows: await collect(outcome), outcome };
  } catch (err) {
    if (err instanceof DeidRefusal) return err;
    throw err;
  }
}

function classes(rows: Row[], columns: string[]): Map<string, Row[]> {
  const m = new Map<string, Row[]>();
  for (const r of rows) {
    const key = columns.map((c) => String(r[c])).join('|');
    m.set(key, [...(m.get(key) ?? []), r]);
  }
  return m;
}

/** No value of the output holds a person's name, ID number, phone or address, nor anything shaped like one. */
function expectNoIdentifiers(out: Row[], population: Row[]): void {
  const text = out.flatMap((r) => Object.values(r).map((v) => String(v)));
  for (const t of text) expect(identifiersIn(t)).toEqual([]);
  const joined = text.join('\n');
  for (const p of population)
    for (const c of ['name', 'id_number', 'phone', 'address']) expect(joined.includes(String(p[c]))).toBe(false);
}

describe('de-identification over random synthetic populations (property)', () => {
  it('publishes no equivalence class under k nor under l, and no direct identifier; refuses exactly when k or l cannot be reached', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(person, { minLength: 1, maxLength: 120 }),
        fc.integer({ min: 2, max: 8 }),
        fc.integer({ min: 1, max: 3 }),
        fc.constantFrom(0, 0.05, 0.2),
        async (people, k, l, maxSuppression) => {
          const population = people.map(rowOf);
          const result = await run(recordsSpec(k, l, maxSuppression), population);
          const distinct = new Set(population.map((r) => r.condition)).size;
          // Every ladder ends in suppression: one class of everybody reaches k and l unless the population cannot.
          const reachable = population.length >= k && distinct >= l;
          if (result instanceof DeidRefusal) {
            expect(result.code).toBe('OPENDATA_K_NOT_REACHED');
            expect(reachable).toBe(false);
            return;
          }
          expect(reachable).toBe(true);
          const { rows, outcome } = result;
          expect(rows.length).toBe(outcome.report.rowsPublished);
          expect(rows.length).toBeGreaterThan(0);
          expect(population.length - rows.length).toBeLessThanOrEqual(Math.floor(maxSuppression * population.length));
          for (const cls of classes(rows, ['age', 'community', 'seen_at']).values()) {
            expect(cls.length).toBeGreaterThanOrEqual(k);
            expect(new Set(cls.map((r) => r.condition)).size).toBeGreaterThanOrEqual(l);
          }
          expect(outcome.report.kReached).toBeGreaterThanOrEqual(k);
          expect(Object.keys(rows[0]!).sort()).toEqual(['age', 'community', 'condition', 'seen_at']);
          expectNoIdentifiers(rows, population);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('aggregates publish no cell under the minimum size, and the counts add up with what was suppressed', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(person, { minLength: 0, maxLength: 150 }),
        fc.integer({ min: 2, max: 10 }),
        async (people, k) => {
          const population = people.map(rowOf);
          const result = await run(aggregateSpec(k), population);
          if (result instanceof DeidRefusal) {
            expect(result.code).toBe('OPENDATA_K_NOT_REACHED');
            // Even the coarsest cells (district and year) hold more than the allowed 10% in classes under k.
            if (population.length > 0)
              expect(result.report!.recordsSuppressed).toBeGreaterThan(Math.floor(0.1 * population.length));
            return;
          }
          const { rows, outcome } = result;
          for (const r of rows) expect(r.count as number).toBeGreaterThanOrEqual(k);
          const total = rows.reduce((s, r) => s + (r.count as number), 0);
          expect(total + outcome.report.recordsSuppressed).toBe(population.length);
          expectNoIdentifiers(rows, population);
        },
      ),
      { numRuns: 50 },
    );
  });

  it('a population smaller than k is always refused, never published', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(person, { minLength: 1, maxLength: 9 }), async (people) => {
        const population = people.map(rowOf);
        const result = await run(recordsSpec(population.length + 1, 1, 1), population);
        expect(result).toBeInstanceOf(DeidRefusal);
        expect((result as DeidRefusal).code).toBe('OPENDATA_K_NOT_REACHED');
      }),
    );
  });
});

describe('de-identification, by example', () => {
  it('refuses a column the pipeline does not declare, and identifiers in kept columns', async () => {
    const population = [rowOf(fc.sample(person, { numRuns: 1, seed: 7 })[0]!)];
    const spec = recordsSpec(2, 1, 0);
    const { age: _age, ...partial } = population[0]!;
    const undeclared = await run({ ...spec, quasiIdentifiers: spec.quasiIdentifiers.slice(1) }, [
      { ...partial, age: 3 },
    ]);
    expect((undeclared as DeidRefusal).code).toBe('OPENDATA_UNDECLARED_COLUMN');
    const leaked = await run(
      {
        ...spec,
        k: 1,
        quasiIdentifiers: [],
        directIdentifiers: ['name', 'id_number', 'address'],
        keep: ['phone', 'age', 'community', 'seen_at', 'minutes', 'condition'],
      },
      population,
    );
    expect((leaked as DeidRefusal).code).toBe('OPENDATA_IDENTIFIER_IN_OUTPUT');
  });

  it('reports the generalisation chosen: the finest that reaches k', async () => {
    // 20 people in one community, born in one 20-year band but spread over 5-year bands.
    const population: Row[] = Array.from({ length: 20 }, (_, i) => ({
      name: `n${i}`,
      id_number: null,
      phone: null,
      address: null,
      minutes: 1,
      age: 40 + (i % 10),
      community: COMMUNITIES[0]!,
      seen_at: '2026-03-10T02:00:00Z',
      condition: CONDITIONS[i % 4]!,
    }));
    const result = await run(recordsSpec(10, 1, 0), population);
    const { outcome, rows } = result as { rows: Row[]; outcome: DeidOutcome };
    expect(outcome.report.generalisations.map((g) => `${g.column}:${g.step}`)).toEqual([
      'age:band of 5',
      'community:first 12 characters',
      'seen_at:month',
    ]);
    expect(outcome.report.kReached).toBe(10);
    expect(new Set(rows.map((r) => r.age))).toEqual(new Set(['40-44', '45-49']));
  });

  it('generalises times to ISO weeks and months in China time', () => {
    expect(generalise({ kind: 'time', unit: 'week' }, '2026-01-04T17:00:00Z')).toBe('2026-W02');
    expect(generalise({ kind: 'time', unit: 'month' }, '2026-01-31T16:30:00Z')).toBe('2026-02');
    expect(generalise({ kind: 'round', decimals: 2 }, 30.27456)).toBe('30.27');
    expect(generalise({ kind: 'band', width: 10 }, 37)).toBe('30-39');
  });

  it('finds ID numbers, phone numbers and house numbers, and not ordinary figures', () => {
    expect(identifiersIn('110101199003071234')).toContain('id_number');
    expect(identifiersIn('call 13812345678')).toEqual(['phone']);
    expect(identifiersIn('解放路12号')).toEqual(['exact_address']);
    expect(identifiersIn('2026-W14')).toEqual([]);
    expect(identifiersIn('330106001002')).toEqual([]);
  });

  it('adds geometric and Laplace noise centred on the count, never below zero', () => {
    const rng = createRng('noise');
    for (const mechanism of ['geometric', 'laplace'] as const) {
      const draws = Array.from({ length: 4000 }, () => noisyCount(100, { mechanism, epsilon: 0.5 }, rng));
      const mean = draws.reduce((s, x) => s + x, 0) / draws.length;
      expect(Math.abs(mean - 100)).toBeLessThan(0.5);
      expect(new Set(draws).size).toBeGreaterThan(5);
      expect(Math.min(...Array.from({ length: 500 }, () => noisyCount(0, { mechanism, epsilon: 0.5 }, rng)))).toBe(0);
    }
  });
});
