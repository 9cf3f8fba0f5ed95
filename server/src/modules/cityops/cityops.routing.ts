/**
 * Routing (智能派单): a point in a community polygon gives the community and its grid; an address
 * naming a community gives the community; the category gives the responsible department and the
 * time limit (urgent events in working hours, others in working days, on the platform calendar).
 *
 * The polygons ship with the project (data/communities.geojson, made once by
 * scripts/community-polygons.ts); point-in-polygon is plain TypeScript over bounding boxes.
 * Codes become org's ids through org's public interface (cached).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { deadlineFor, type TimeLimit } from '../../platform/calendar.ts';

type Ring = [number, number][];

interface Feature {
  type: 'Feature';
  properties: {
    kind: 'city' | 'community' | 'grid';
    code: string;
    name: string;
    nameEn: string;
    communityCode?: string;
    centre?: number[];
  };
  geometry: { type: 'Polygon'; coordinates: Ring[] };
}

export interface CityMapGeoJson {
  type: 'FeatureCollection';
  features: Feature[];
}

interface Shape {
  code: string;
  name: string;
  nameEn: string;
  ring: Ring;
  box: [number, number, number, number];
}

const boxOf = (ring: Ring): Shape['box'] => {
  let [minX, minY, maxX, maxY] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const [x, y] of ring) {
    minX = Math.min(minX, x);
    minY = Math.min(minY, y);
    maxX = Math.max(maxX, x);
    maxY = Math.max(maxY, y);
  }
  return [minX, minY, maxX, maxY];
};

/** Ray casting; a point on an edge may fall on either side (the caller takes the first shape containing it). */
export function inRing(ring: Ring, lng: number, lat: number): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i]!;
    const [xj, yj] = ring[j]!;
    if (yi > lat !== yj > lat && lng < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

const contains = (s: Shape, lng: number, lat: number) =>
  lng >= s.box[0] && lng <= s.box[2] && lat >= s.box[1] && lat <= s.box[3] && inRing(s.ring, lng, lat);

const shapeOf = (f: Feature): Shape => ({
  code: f.properties.code,
  name: f.properties.name,
  nameEn: f.properties.nameEn,
  ring: f.geometry.coordinates[0]!,
  box: boxOf(f.geometry.coordinates[0]!),
});

export const COMMUNITIES_FILE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'data/communities.geojson');

/** The city's community and grid polygons. */
export class CommunityMap {
  /** The file as served (GeoJSON), and its ETag. */
  readonly text: string;
  readonly etag: string;
  /** The file parsed (served as `text`, never serialised again). */
  readonly geojson: CityMapGeoJson;
  private readonly communities: Shape[];
  private readonly grids = new Map<string, Shape[]>();
  private readonly names = new Map<string, { name: string; nameEn: string }>();
  private readonly city: Shape | null;

  constructor(text: string) {
    this.text = text;
    this.etag = `"${createHash('sha256').update(text).digest('base64url').slice(0, 27)}"`;
    this.geojson = JSON.parse(text) as CityMapGeoJson;
    const features = this.geojson.features;
    this.communities = features.filter((f) => f.properties.kind === 'community').map(shapeOf);
    const city = features.find((f) => f.properties.kind === 'city');
    this.city = city ? shapeOf(city) : null;
    for (const f of features) {
      this.names.set(f.properties.code, { name: f.properties.name, nameEn: f.properties.nameEn });
      if (f.properties.kind !== 'grid' || !f.properties.communityCode) continue;
      const list = this.grids.get(f.properties.communityCode) ?? [];
      list.push(shapeOf(f));
      this.grids.set(f.properties.communityCode, list);
    }
  }

  static load(file = COMMUNITIES_FILE): CommunityMap {
    return new CommunityMap(readFileSync(file, 'utf8'));
  }

  /** The community and grid a point lies in, or null outside every community. */
  locate(lat: number, lng: number): { communityCode: string; gridCode: string | null } | null {
    const community = this.communities.find((c) => contains(c, lng, lat));
    if (!community) return null;
    const grid = (this.grids.get(community.code) ?? []).find((g) => contains(g, lng, lat));
    return { communityCode: community.code, gridCode: grid?.code ?? null };
  }

  /** Whether a point is inside the city's outline. */
  inCity(lat: number, lng: number): boolean {
    return this.city ? contains(this.city, lng, lat) : this.locate(lat, lng) !== null;
  }

  /** The community an address names (its full name, e.g. 柳堤社区, or the name without 社区), or null. */
  byAddress(address: string): string | null {
    const full = this.communities.find((c) => address.includes(c.name));
    if (full) return full.code;
    const short = this.communities.find((c) => {
      const bare = c.name.replace(/社区$/, '');
      return bare.length >= 2 && address.includes(bare);
    });
    return short?.code ?? null;
  }

  /** The community or grid name of a code. */
  nameOf(code: string): { name: string; nameEn: string } | null {
    return this.names.get(code) ?? null;
  }

  /** A point inside a grid (the middle of its polygon's box, nudged inside): seeds and tests. */
  pointIn(gridCode: string): { lat: number; lng: number } | null {
    const grid = [...this.grids.values()].flat().find((g) => g.code === gridCode);
    if (!grid) return null;
    const [minX, minY, maxX, maxY] = grid.box;
    for (let k = 1; k < 64; k++) {
      // A walk over the box on a fixed low-discrepancy sequence: the first point inside.
      const lng = minX + ((k * 0.618034) % 1) * (maxX - minX);
      const lat = minY + ((k * 0.754878) % 1) * (maxY - minY);
      if (inRing(grid.ring, lng, lat)) return { lat: Math.round(lat * 1e6) / 1e6, lng: Math.round(lng * 1e6) / 1e6 };
    }
    return null;
  }
}

/** What routing needs from org (its public interface), by code. */
export interface PlaceDirectory {
  placeIds(): Promise<{ communities: Map<string, string>; grids: Map<string, string> }>;
  departmentDirectory(): Promise<{ id: string; code: string; name: string; nameEn: string }[]>;
}

export interface Routed {
  communityId: string | null;
  gridId: string | null;
  departmentId: string | null;
  deadlineAt: Date | null;
}

interface Ids {
  communities: Map<string, string>;
  grids: Map<string, string>;
  departments: Map<string, { id: string; code: string; name: string; nameEn: string }>;
  /** id → code of communities and grids, and id → department. */
  codes: Map<string, string>;
  departmentsById: Map<string, { id: string; code: string; name: string; nameEn: string }>;
}

export class Routing {
  readonly map: CommunityMap;
  private readonly directory: PlaceDirectory;
  private ids: Promise<Ids> | null = null;

  constructor(map: CommunityMap, directory: PlaceDirectory) {
    this.map = map;
    this.directory = directory;
  }

  /** org's ids, loaded once (and again when a code is missing: the structure was seeded after start). */
  private async load(fresh = false): Promise<Ids> {
    if (!this.ids || fresh) {
      this.ids = Promise.all([this.directory.placeIds(), this.directory.departmentDirectory()]).then(
        ([places, departments]) => {
          const codes = new Map<string, string>();
          for (const [code, id] of places.communities) codes.set(id, code);
          for (const [code, id] of places.grids) codes.set(id, code);
          return {
            communities: places.communities,
            grids: places.grids,
            departments: new Map(departments.map((d) => [d.code, d])),
            codes,
            departmentsById: new Map(departments.map((d) => [d.id, d])),
          };
        },
      );
      this.ids.catch(() => (this.ids = null));
    }
    return this.ids;
  }

  private async idsWith(has: (ids: Ids) => boolean): Promise<Ids> {
    const ids = await this.load();
    return has(ids) ? ids : this.load(true);
  }

  /** Route an event: its place from the point (or the address), its department and deadline from the category. */
  async route(
    category: { department_code: string; time_limit: TimeLimit },
    where: { lat?: number | undefined; lng?: number | undefined; address?: string | undefined },
    at: Date,
  ): Promise<Routed> {
    let communityCode: string | null = null;
    let gridCode: string | null = null;
    if (where.lat !== undefined && where.lng !== undefined) {
      const place = this.map.locate(where.lat, where.lng);
      communityCode = place?.communityCode ?? null;
      gridCode = place?.gridCode ?? null;
    } else if (where.address) {
      communityCode = this.map.byAddress(where.address);
    }
    const ids = await this.idsWith(
      (x) =>
        x.departments.has(category.department_code) &&
        (communityCode === null || x.communities.has(communityCode)) &&
        (gridCode === null || x.grids.has(gridCode)),
    );
    return {
      communityId: communityCode ? (ids.communities.get(communityCode) ?? null) : null,
      gridId: gridCode ? (ids.grids.get(gridCode) ?? null) : null,
      departmentId: ids.departments.get(category.department_code)?.id ?? null,
      deadlineAt: deadlineFor(at, category.time_limit),
    };
  }

  /** The id of a grid by code, and its community's, or null. */
  async gridByCode(code: string): Promise<{ gridId: string; communityId: string | null } | null> {
    const ids = await this.idsWith((x) => x.grids.has(code));
    const gridId = ids.grids.get(code);
    if (!gridId) return null;
    return { gridId, communityId: ids.communities.get(code.slice(0, 12)) ?? null };
  }

  /** A grid's code and community by id (a grid worker's post holds the id), or null. */
  async gridById(id: string): Promise<{ gridCode: string; communityId: string | null } | null> {
    const ids = await this.idsWith((x) => x.codes.has(id));
    const gridCode = ids.codes.get(id);
    if (!gridCode || gridCode.length !== 14) return null;
    return { gridCode, communityId: ids.communities.get(gridCode.slice(0, 12)) ?? null };
  }

  async departmentById(id: string) {
    return (await this.idsWith((x) => x.departmentsById.has(id))).departmentsById.get(id) ?? null;
  }

  /** Names for views: the code and names of a community, grid or department id. */
  async names(): Promise<{
    place: (id: string | null) => { id: string; code: string; name: string; nameEn: string } | null;
    department: (id: string | null) => { id: string; code: string; name: string; nameEn: string } | null;
  }> {
    const ids = await this.load();
    return {
      place: (id) => {
        const code = id ? ids.codes.get(id) : undefined;
        const names = code ? this.map.nameOf(code) : null;
        return id && code && names ? { id, code, ...names } : null;
      },
      department: (id) => (id ? (ids.departmentsById.get(id) ?? null) : null),
    };
  }
}
