/**
 * Generates the demo city's community and grid polygons (server/src/modules/cityops/data/communities.geojson),
 * run ONCE and committed; the map pages and event routing read the file, never this script.
 *
 *   node scripts/community-polygons.ts
 *
 * A Voronoi tiling (d3-delaunay) of the 92 community centres of server/src/demo/city.ts, computed in a
 * local equirectangular projection (so cells are not stretched east-west), clipped to a plausible city
 * outline: the convex hull of small circles around every centre. Each community cell is cut into its
 * grids (网格) by parallel cuts of equal area across its longer side, so a point gives both the
 * community and the grid. Synthetic, but the cells tile the city without gaps or overlaps.
 */
import { Delaunay } from 'd3-delaunay';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEMO_CITY_CODE, DEMO_COMMUNITIES, gridsOf } from '../server/src/demo/city.ts';

type Pt = [number, number];

const LAT0 = DEMO_COMMUNITIES.reduce((s, c) => s + c.centre.lat, 0) / DEMO_COMMUNITIES.length;
const K = Math.cos((LAT0 * Math.PI) / 180);
const project = (lng: number, lat: number): Pt => [lng * K, lat];
const unproject = ([x, y]: Pt): Pt => [round(x / K), round(y)];
const round = (v: number) => Math.round(v * 1e6) / 1e6;

/** Signed area (positive when counterclockwise). */
function area(ring: Pt[]): number {
  let a = 0;
  for (let i = 0; i < ring.length; i++) {
    const [x1, y1] = ring[i]!;
    const [x2, y2] = ring[(i + 1) % ring.length]!;
    a += x1 * y2 - x2 * y1;
  }
  return a / 2;
}

/** Sutherland-Hodgman: `subject` clipped to the half-plane where `inside` holds, edges cut at `cut`. */
function clipHalf(subject: Pt[], inside: (p: Pt) => boolean, cut: (a: Pt, b: Pt) => Pt): Pt[] {
  const out: Pt[] = [];
  for (let i = 0; i < subject.length; i++) {
    const cur = subject[i]!;
    const prev = subject[(i + subject.length - 1) % subject.length]!;
    const ci = inside(cur);
    const pi = inside(prev);
    if (ci) {
      if (!pi) out.push(cut(prev, cur));
      out.push(cur);
    } else if (pi) out.push(cut(prev, cur));
  }
  return out;
}

/** `subject` clipped to the convex counterclockwise polygon `clip`. */
function clipConvex(subject: Pt[], clip: Pt[]): Pt[] {
  let out = subject;
  for (let i = 0; i < clip.length && out.length > 0; i++) {
    const a = clip[i]!;
    const b = clip[(i + 1) % clip.length]!;
    const side = (p: Pt) => (b[0] - a[0]) * (p[1] - a[1]) - (b[1] - a[1]) * (p[0] - a[0]);
    out = clipHalf(
      out,
      (p) => side(p) >= 0,
      (p, q) => {
        const t = side(p) / (side(p) - side(q));
        return [p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])];
      },
    );
  }
  return out;
}

/** The part of `ring` with coordinate `axis` between lo and hi. */
function slab(ring: Pt[], axis: 0 | 1, lo: number, hi: number): Pt[] {
  const at =
    (v: number) =>
    (p: Pt, q: Pt): Pt => {
      const t = (v - p[axis]) / (q[axis] - p[axis]);
      return [p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])];
    };
  const above = clipHalf(ring, (p) => p[axis] >= lo, at(lo));
  return clipHalf(above, (p) => p[axis] <= hi, at(hi));
}

/** `ring` cut into `n` slabs of equal area across its longer side. */
function split(ring: Pt[], n: number): Pt[][] {
  const xs = ring.map((p) => p[0]);
  const ys = ring.map((p) => p[1]);
  const axis: 0 | 1 = Math.max(...xs) - Math.min(...xs) >= Math.max(...ys) - Math.min(...ys) ? 0 : 1;
  const vals = axis === 0 ? xs : ys;
  const min = Math.min(...vals);
  const max = Math.max(...vals);
  const total = Math.abs(area(ring));
  const cuts = [min];
  for (let k = 1; k < n; k++) {
    let lo = cuts[k - 1]!;
    let hi = max;
    for (let it = 0; it < 60; it++) {
      const mid = (lo + hi) / 2;
      if (Math.abs(area(slab(ring, axis, min, mid))) < (total * k) / n) lo = mid;
      else hi = mid;
    }
    cuts.push((lo + hi) / 2);
  }
  cuts.push(max);
  // The north-most (or west-most) grid first: grids are numbered as people read a map.
  const pieces = cuts.slice(0, -1).map((c, k) => slab(ring, axis, c, cuts[k + 1]!));
  return axis === 1 ? pieces.reverse() : pieces;
}

/** A closed GeoJSON ring (counterclockwise, in lng/lat). */
function ringOf(projected: Pt[]): Pt[] {
  const ccw = area(projected) < 0 ? [...projected].reverse() : projected;
  const ring = ccw.map(unproject);
  const dedup = ring.filter((p, i) => i === 0 || p[0] !== ring[i - 1]![0] || p[1] !== ring[i - 1]![1]);
  return [...dedup, dedup[0]!];
}

const centres = DEMO_COMMUNITIES.map((c) => project(c.centre.lng, c.centre.lat));
// The city outline: the convex hull of circles (radius ~1 km) around every centre.
const R = 0.009;
const around: Pt[] = centres.flatMap(([x, y]) =>
  Array.from({ length: 16 }, (_, k): Pt => [x + R * Math.cos((k * Math.PI) / 8), y + R * Math.sin((k * Math.PI) / 8)]),
);
const hull = Delaunay.from(around);
let outline: Pt[] = Array.from(hull.hull, (i) => around[i]!);
if (area(outline) < 0) outline = outline.reverse();

const xs = outline.map((p) => p[0]);
const ys = outline.map((p) => p[1]);
const voronoi = Delaunay.from(centres).voronoi([
  Math.min(...xs) - 0.01,
  Math.min(...ys) - 0.01,
  Math.max(...xs) + 0.01,
  Math.max(...ys) + 0.01,
]);

const features: unknown[] = [
  {
    type: 'Feature',
    properties: { kind: 'city', code: DEMO_CITY_CODE, name: '龙港市', nameEn: 'Longgang' },
    geometry: { type: 'Polygon', coordinates: [ringOf(outline)] },
  },
];
const grids: unknown[] = [];
DEMO_COMMUNITIES.forEach((c, i) => {
  const cell = voronoi.cellPolygon(i) as Pt[];
  const open = cell.slice(0, -1);
  const ccwCell = area(open) < 0 ? open.reverse() : open;
  const clipped = clipConvex(ccwCell, outline);
  features.push({
    type: 'Feature',
    properties: {
      kind: 'community',
      code: c.code,
      name: c.name,
      nameEn: c.nameEn,
      centre: [c.centre.lng, c.centre.lat],
    },
    geometry: { type: 'Polygon', coordinates: [ringOf(clipped)] },
  });
  const parts = split(clipped, c.gridCount);
  gridsOf(c).forEach((g, k) => {
    grids.push({
      type: 'Feature',
      properties: { kind: 'grid', code: g.code, communityCode: c.code, name: g.name, nameEn: g.nameEn },
      geometry: { type: 'Polygon', coordinates: [ringOf(parts[k]!)] },
    });
  });
});

const out = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../server/src/modules/cityops/data/communities.geojson',
);
const body = [...features, ...grids].map((f) => JSON.stringify(f)).join(',\n');
writeFileSync(out, `{"type":"FeatureCollection","features":[\n${body}\n]}\n`);
console.log(`wrote ${features.length - 1} communities and ${grids.length} grids to ${out}`);
