import { describe, expect, it } from 'vitest';
import { boundsOf, centreOf, contains, featureAt, type Geometry } from '../src/shared/geo.ts';

const ring = (x: number, y: number, size: number): number[][] => [
  [x, y],
  [x + size, y],
  [x + size, y + size],
  [x, y + size],
  [x, y],
];
const square = (x: number, y: number, size: number): Geometry => ({ type: 'Polygon', coordinates: [ring(x, y, size)] });

describe('geo', () => {
  it('finds whether a point is in a polygon, holes excluded', () => {
    const withHole: Geometry = {
      type: 'Polygon',
      coordinates: [ring(0, 0, 10), ring(4, 4, 2)],
    };
    expect(contains(withHole, { lng: 1, lat: 1 })).toBe(true);
    expect(contains(withHole, { lng: 5, lat: 5 })).toBe(false);
    expect(contains(withHole, { lng: 11, lat: 5 })).toBe(false);
  });

  it('handles multipolygons', () => {
    const two: Geometry = {
      type: 'MultiPolygon',
      coordinates: [[ring(0, 0, 1)], [ring(5, 5, 1)]],
    };
    expect(contains(two, { lng: 5.5, lat: 5.5 })).toBe(true);
    expect(contains(two, { lng: 3, lat: 3 })).toBe(false);
    expect(boundsOf(two)).toEqual([0, 0, 6, 6]);
  });

  it("gives a convex polygon's centre, inside it, whichever way its ring turns", () => {
    const r = ring(120.4, 27.5, 0.02);
    for (const g of [r, [...r].reverse()]) {
      const c = centreOf({ type: 'Polygon', coordinates: [g] });
      expect(c.lng).toBeCloseTo(120.41, 9);
      expect(c.lat).toBeCloseTo(27.51, 9);
    }
  });

  it('picks the feature holding a point among those asked for', () => {
    const features = [
      { code: 'c1', kind: 'community', geometry: square(0, 0, 2) },
      { code: 'g1', kind: 'grid', geometry: square(0, 0, 1) },
      { code: 'g2', kind: 'grid', geometry: square(1, 0, 1) },
    ];
    expect(featureAt(features, { lng: 1.5, lat: 0.5 }, (f) => f.kind === 'grid')?.code).toBe('g2');
    expect(featureAt(features, { lng: 1.5, lat: 0.5 }, (f) => f.kind === 'community')?.code).toBe('c1');
    expect(featureAt(features, { lng: 3, lat: 3 })).toBeUndefined();
  });
});
