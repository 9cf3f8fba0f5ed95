/**
 * The demo city's past 90 days of city events (一网统管), so the city screen and the operators'
 * lists have something to show: deterministic, synthetic, with every state an event can be in.
 * This file only plans them (when, what, where, how each went); cityops' seed writes them.
 *
 * Each event is planned as a full course — opened, dispatched after minutes, accepted after
 * hours, closed at a share of its time limit (most on time, some late) — and the seed keeps the
 * part of the course that has happened by now: recent events are still open, dispatched or being
 * handled; some are returned to the operator, some merged into an earlier report, a few stuck past
 * their deadline.
 */
import { createRng, weightedTable, type Rng } from '../platform/prng.ts';
import type { PlannedEvent } from '../modules/cityops/index.ts';
import { DEMO_COMMUNITIES } from './city.ts';

type ActivitySource = PlannedEvent['source'];

const CATEGORY_WEIGHTS: readonly (readonly [string, number])[] = [
  ['garbage', 14],
  ['illegal-parking', 13],
  ['street-vendors', 8],
  ['road-damage', 8],
  ['street-lighting', 7],
  ['drainage', 6],
  ['noise-nuisance', 6],
  ['illegal-ads', 5],
  ['greenery', 5],
  ['manhole-cover', 4],
  ['public-toilet', 3],
  ['water-supply', 3],
  ['traffic-signal', 3],
  ['illegal-construction', 3],
  ['safety-hazard', 3],
  ['fire-hazard', 2],
  ['air-pollution', 2],
  ['water-pollution', 2],
  ['food-safety', 2],
  ['public-order', 2],
  ['road-subsidence', 1],
];
const SENSOR_CATEGORIES: readonly (readonly [string, number])[] = [
  ['water-level', 3],
  ['air-quality', 2],
  ['manhole-tilt', 2],
  ['streetlight-fault', 4],
  ['noise', 3],
  ['hydrant-pressure', 1],
];
const SOURCES: readonly (readonly [ActivitySource, number])[] = [
  ['citizen', 34],
  ['hotline', 30],
  ['patrol', 20],
  ['sensor', 10],
  ['open311', 6],
];
/** Reports by hour of the day: few at night, peaks in the morning and the early evening. */
const HOURS = [1, 1, 1, 1, 1, 2, 4, 7, 10, 11, 10, 9, 8, 9, 10, 10, 9, 9, 8, 7, 5, 4, 2, 1];

const DAY_MS = 86_400_000;

/** A value near 0 with the given spread (the sum of three uniforms: a bell with no long tails). */
const bell = (rng: Rng, spread: number) => ((rng.next() + rng.next() + rng.next()) / 1.5 - 1) * spread;

export function planCityopsActivity(opts: { now: Date; days: number; perDay: number; seed?: string }): PlannedEvent[] {
  const rng = createRng(opts.seed ?? 'yiwang-demo-cityops-activity');
  const category = weightedTable(CATEGORY_WEIGHTS);
  const sensorCategory = weightedTable(SENSOR_CATEGORIES);
  const source = weightedTable(SOURCES);
  const hour = weightedTable(HOURS.map((w, h) => [h, w] as const));
  // Busier communities (the old town, the markets) report more.
  const community = weightedTable(DEMO_COMMUNITIES.map((c, i) => [c, 1 + ((i * 37) % 11)] as const));
  const out: PlannedEvent[] = [];
  const start = opts.now.getTime() - opts.days * DAY_MS;
  for (let d = 0; d < opts.days; d++) {
    // Weekends are quieter; the count of a day varies ±30%.
    const dayStart = start + d * DAY_MS;
    const weekday = new Date(dayStart).getUTCDay();
    const scale = (weekday === 0 || weekday === 6 ? 0.7 : 1) * (0.7 + rng.next() * 0.6);
    const n = Math.round(opts.perDay * scale);
    for (let i = 0; i < n; i++) {
      const openedAt = new Date(dayStart + hour(rng) * 3_600_000 + rng.int(0, 3_599) * 1000);
      if (openedAt.getTime() > opts.now.getTime()) continue;
      const src = source(rng);
      const c = community(rng);
      const late = rng.chance(0.12);
      const stuck = rng.chance(0.02);
      const turn = rng.chance(0.03) ? 'returned' : rng.chance(0.04) ? 'merged' : null;
      out.push({
        openedAt,
        source: src,
        categoryCode: src === 'sensor' ? sensorCategory(rng) : category(rng),
        lat: Math.round((c.centre.lat + bell(rng, 0.006)) * 1e6) / 1e6,
        lng: Math.round((c.centre.lng + bell(rng, 0.007)) * 1e6) / 1e6,
        dispatchAfterMin: src === 'sensor' ? rng.int(1, 10) : rng.int(5, 90),
        acceptAfterMin: rng.chance(0.7) ? rng.int(30, 600) : rng.int(600, 2880),
        closeShare: stuck ? null : late ? 1.05 + rng.next() * 0.8 : 0.1 + rng.next() * 0.85,
        turn,
        rating: rng.chance(0.45)
          ? rng.weighted([
              [5, 60],
              [4, 25],
              [3, 8],
              [2, 4],
              [1, 3],
            ] as const)
          : null,
      });
    }
  }
  out.sort((a, b) => a.openedAt.getTime() - b.openedAt.getTime());
  // The newest few still wait for the operator's dispatch (the city's queue is never quite empty).
  for (const e of out.slice(-3)) e.dispatchAfterMin = 24 * 60;
  // And a few before them wait to be taken up by their department or grid worker.
  for (const e of out.slice(-8, -3)) {
    e.acceptAfterMin = 3 * 24 * 60;
    e.turn = null;
  }
  return out;
}
