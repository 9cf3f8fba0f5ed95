/**
 * The city's communities and grids drawn with Leaflet from the GeoJSON the server ships
 * (GET /api/cityops/map/communities): no tile server, so it works offline and behind a
 * government network. Used by the citizen's 随手拍 (pick a point), the operator's event
 * detail and the grid worker's phone view (show where events are).
 *
 * Each area is an SVG path with the class `yw-area-<code>` (communities and grids), so a
 * browser test can find where a grid is drawn.
 */
import { useEffect, useRef } from 'react';
import * as L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import './community-map.css';
import { boundsOf, type Bounds, type Geometry, type LatLng } from './geo';

/** A community or grid polygon as the map draws it. */
export interface MapArea {
  code: string;
  kind: 'city' | 'community' | 'grid';
  name: string;
  geometry: Geometry;
}

export interface MapMarker {
  id: string;
  lat: number;
  lng: number;
  /** Tooltip text. */
  title?: string;
  /** CSS class for its colour (yw-marker-<tone>). */
  tone?: 'open' | 'urgent' | 'closed' | 'selected';
}

const POINT_PANE = 'yw-points';

const toLatLngBounds = ([w, s, e, n]: Bounds): L.LatLngBoundsExpression => [
  [s, w],
  [n, e],
];

function union(bounds: Bounds[]): Bounds | null {
  if (bounds.length === 0) return null;
  return bounds.reduce((a, b) => [
    Math.min(a[0], b[0]),
    Math.min(a[1], b[1]),
    Math.max(a[2], b[2]),
    Math.max(a[3], b[3]),
  ]);
}

export function CommunityMap(props: {
  areas: readonly MapArea[];
  /** The picked point (a marker), if any. */
  point?: LatLng | null;
  /** Called with the point a person taps on the map; without it the map only shows. */
  onPick?: (p: LatLng) => void;
  markers?: readonly MapMarker[];
  onMarker?: (id: string) => void;
  /** Codes of areas to fit the view to (a community, a grid); the whole city when empty. */
  focus?: readonly string[];
  /** A grid or community drawn emphasised. */
  highlight?: string | null;
  label: string;
  testId?: string;
  className?: string;
}) {
  const box = useRef<HTMLDivElement>(null);
  const map = useRef<L.Map | null>(null);
  const areaLayer = useRef<L.LayerGroup | null>(null);
  const pointLayer = useRef<L.LayerGroup | null>(null);
  const markerLayer = useRef<L.LayerGroup | null>(null);
  const pick = useRef(props.onPick);
  const onMarker = useRef(props.onMarker);
  useEffect(() => {
    pick.current = props.onPick;
    onMarker.current = props.onMarker;
  });

  // The map itself, once.
  useEffect(() => {
    if (!box.current) return undefined;
    const m = L.map(box.current, {
      attributionControl: false,
      zoomSnap: 0.25,
      minZoom: 10,
      maxZoom: 19,
      preferCanvas: false,
    });
    m.setView([27.6, 120.55], 12);
    // Points above the polygons whatever is drawn first (each pane has its own SVG).
    m.createPane(POINT_PANE).style.zIndex = '450';
    areaLayer.current = L.layerGroup().addTo(m);
    markerLayer.current = L.layerGroup().addTo(m);
    pointLayer.current = L.layerGroup().addTo(m);
    m.on('click', (e: L.LeafletMouseEvent) => pick.current?.({ lat: e.latlng.lat, lng: e.latlng.lng }));
    map.current = m;
    // The box may be laid out after the first render (a tab, a drawer): size again when it changes.
    const resize = new ResizeObserver(() => m.invalidateSize());
    resize.observe(box.current);
    return () => {
      resize.disconnect();
      m.remove();
      map.current = null;
    };
  }, []);

  // The polygons: the city outline, its grids, the communities' outlines over them, the highlighted area last.
  const { areas, highlight } = props;
  useEffect(() => {
    const layer = areaLayer.current;
    if (!layer) return;
    layer.clearLayers();
    const rank = (a: MapArea) => (a.code === highlight ? 3 : a.kind === 'city' ? 0 : a.kind === 'grid' ? 1 : 2);
    const ordered = [...areas].sort((a, b) => rank(a) - rank(b));
    for (const a of ordered) {
      const classes = ['yw-area', `yw-area-${a.kind}`, `yw-area-${a.code}`];
      if (a.code === highlight) classes.push('yw-area-highlight');
      L.geoJSON(a.geometry, { interactive: false, style: { className: classes.join(' ') } }).addTo(layer);
    }
  }, [areas, highlight]);

  // The view: the focused areas, else the whole city.
  const focusKey = (props.focus ?? []).join(',');
  useEffect(() => {
    const m = map.current;
    if (!m || areas.length === 0) return;
    const codes = new Set(focusKey ? focusKey.split(',') : []);
    const city = areas.filter((a) => a.kind === 'city');
    const chosen = codes.size > 0 ? areas.filter((a) => codes.has(a.code)) : city.length > 0 ? city : areas;
    const b = union((chosen.length > 0 ? chosen : areas).map((a) => boundsOf(a.geometry)));
    if (b) m.fitBounds(toLatLngBounds(b), { padding: [8, 8], animate: false });
  }, [areas, focusKey]);

  // The picked point.
  const { point } = props;
  useEffect(() => {
    const layer = pointLayer.current;
    if (!layer) return;
    layer.clearLayers();
    if (point)
      L.circleMarker([point.lat, point.lng], {
        radius: 9,
        interactive: false,
        pane: POINT_PANE,
        className: 'yw-map-point',
      }).addTo(layer);
  }, [point]);

  // Other markers (events).
  const { markers } = props;
  useEffect(() => {
    const layer = markerLayer.current;
    if (!layer) return;
    layer.clearLayers();
    for (const mk of markers ?? []) {
      const c = L.circleMarker([mk.lat, mk.lng], {
        radius: 7,
        pane: POINT_PANE,
        className: `yw-marker yw-marker-${mk.tone ?? 'open'}`,
      });
      if (mk.title) c.bindTooltip(mk.title);
      c.on('click', (e: L.LeafletMouseEvent) => {
        L.DomEvent.stopPropagation(e);
        onMarker.current?.(mk.id);
      });
      c.addTo(layer);
    }
  }, [markers]);

  return (
    <div
      ref={box}
      className={`yw-map ${props.onPick ? 'yw-map-pick' : ''} ${props.className ?? ''}`}
      role="application"
      aria-label={props.label}
      data-testid={props.testId}
    />
  );
}
