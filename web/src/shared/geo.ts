/**
 * Plain geometry over the community polygons the server ships (GeoJSON, lng/lat): which
 * community and grid a point falls in (ray casting, holes respected), a polygon's bounds and
 * a point inside it. The server routes by the same polygons; the browser only shows the
 * person where their point lies before they send it.
 */

export interface LatLng {
  lat: number;
  lng: number;
}

/** [west, south, east, north]. */
export type Bounds = [number, number, number, number];

type Ring = number[][];
export type Geometry = { type: 'Polygon'; coordinates: Ring[] } | { type: 'MultiPolygon'; coordinates: Ring[][] };

/** The polygons of a geometry (a Polygon is one). */
function polygonsOf(g: Geometry): Ring[][] {
  return g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
}

function inRing(ring: Ring, x: number, y: number): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi = 0, yi = 0] = ring[i] ?? [];
    const [xj = 0, yj = 0] = ring[j] ?? [];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Whether the point lies in the geometry (inside an outer ring and outside its holes). */
export function contains(g: Geometry, p: LatLng): boolean {
  return polygonsOf(g).some(
    ([outer, ...holes]) => !!outer && inRing(outer, p.lng, p.lat) && !holes.some((h) => inRing(h, p.lng, p.lat)),
  );
}

export function boundsOf(g: Geometry): Bounds {
  let [w, s, e, n] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const poly of polygonsOf(g))
    for (const [x = 0, y = 0] of poly[0] ?? []) {
      w = Math.min(w, x);
      e = Math.max(e, x);
      s = Math.min(s, y);
      n = Math.max(n, y);
    }
  return [w, s, e, n];
}

/**
 * The area-weighted centroid of the largest polygon's outer ring (inside it when the polygon is
 * convex), computed relative to the ring's first vertex so large coordinates lose no precision.
 */
export function centreOf(g: Geometry): LatLng {
  let best = { area: 0, x: 0, y: 0 };
  for (const poly of polygonsOf(g)) {
    const ring = poly[0] ?? [];
    const [ox = 0, oy = 0] = ring[0] ?? [];
    let a = 0;
    let cx = 0;
    let cy = 0;
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const xi = (ring[i]?.[0] ?? ox) - ox;
      const yi = (ring[i]?.[1] ?? oy) - oy;
      const xj = (ring[j]?.[0] ?? ox) - ox;
      const yj = (ring[j]?.[1] ?? oy) - oy;
      const f = xj * yi - xi * yj;
      a += f;
      cx += (xj + xi) * f;
      cy += (yj + yi) * f;
    }
    if (Math.abs(a) > Math.abs(best.area)) best = { area: a, x: ox + cx / (3 * a), y: oy + cy / (3 * a) };
  }
  return { lat: best.y, lng: best.x };
}

/** The first feature whose geometry holds the point, among those `which` accepts. */
export function featureAt<F extends { geometry: Geometry }>(
  features: readonly F[],
  p: LatLng,
  which: (f: F) => boolean = () => true,
): F | undefined {
  return features.find((f) => which(f) && contains(f.geometry, p));
}
