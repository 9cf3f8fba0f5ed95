// The city screen's map (Leaflet): the communities' polygons drawn from the GeoJSON the server
// ships (no tile server: works offline; a tile URL from the settings goes underneath when set),
// the unfinished events as dots coloured by status, the sensors by state, and a heat layer of
// the window's events.
import { useEffect, useRef } from 'react';
import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import { STATUS_COLOURS } from './colours';
import { HeatLayer, type HeatPoint } from './heat-layer';

export interface MapEventDot {
  id: string;
  number: string;
  status: string;
  lat: number;
  lng: number;
  urgent: boolean;
  label: string;
  /** Just heard on the stream: drawn larger for a while. */
  fresh: boolean;
}

export interface MapSensorDot {
  id: string;
  lat: number;
  lng: number;
  state: string;
  label: string;
}

export interface TileSetting {
  url: string;
  attribution: string | null;
  subdomains: string | null;
}

const SENSOR_COLOURS: Record<string, string> = { normal: '#10b981', alert: '#ef4444', silent: '#94a3b8' };

export interface ScreenMapProps {
  geojson: GeoJSON.GeoJsonObject | null;
  events: MapEventDot[];
  sensors: MapSensorDot[];
  heat: HeatPoint[];
  tiles: TileSetting | null;
  show: { events: boolean; sensors: boolean; heat: boolean };
}

export default function ScreenMap({ geojson, events, sensors, heat, tiles, show }: ScreenMapProps) {
  const el = useRef<HTMLDivElement>(null);
  const map = useRef<L.Map | null>(null);
  const layers = useRef<{ events: L.LayerGroup; sensors: L.LayerGroup; heat: HeatLayer } | null>(null);

  useEffect(() => {
    if (!el.current) return;
    const m = L.map(el.current, { zoomControl: false, attributionControl: false, preferCanvas: true });
    m.setView([27.55, 120.56], 12);
    L.control.zoom({ position: 'bottomright' }).addTo(m);
    const heatLayer = new HeatLayer();
    layers.current = { events: L.layerGroup(), sensors: L.layerGroup(), heat: heatLayer };
    map.current = m;
    const observer = new ResizeObserver(() => m.invalidateSize());
    observer.observe(el.current);
    return () => {
      observer.disconnect();
      m.remove();
      map.current = null;
      layers.current = null;
    };
  }, []);

  useEffect(() => {
    const m = map.current;
    if (!m || !tiles) return;
    const layer = L.tileLayer(tiles.url, {
      ...(tiles.subdomains ? { subdomains: tiles.subdomains } : {}),
      ...(tiles.attribution ? { attribution: tiles.attribution } : {}),
      // The console is cross-origin isolated (COEP): tiles load with CORS.
      crossOrigin: 'anonymous',
      opacity: 0.6,
    });
    layer.addTo(m);
    layer.bringToBack();
    if (tiles.attribution) m.attributionControl.addTo(m);
    return () => {
      layer.remove();
    };
  }, [tiles]);

  useEffect(() => {
    const m = map.current;
    if (!m || !geojson) return;
    const layer = L.geoJSON(geojson, {
      style: (f) => {
        const kind = (f?.properties as { kind?: string } | null)?.kind;
        if (kind === 'city') return { color: '#7dd3fc', weight: 2.5, opacity: 0.9, fillOpacity: 0 };
        if (kind === 'grid') return { color: '#1e40af', weight: 0.5, opacity: 0.5, fillOpacity: 0, dashArray: '2 3' };
        return { color: '#38bdf8', weight: 1.2, opacity: 0.8, fillColor: '#0c4a6e', fillOpacity: 0.35 };
      },
      onEachFeature: (f, l) => {
        const p = f.properties as { name?: string; nameEn?: string; kind?: string } | null;
        if (p?.name && p.kind === 'community') l.bindTooltip(p.name, { sticky: true, className: 'yw-cs-tip' });
      },
    });
    layer.addTo(m);
    layer.bringToBack();
    const bounds = layer.getBounds();
    if (bounds.isValid()) m.fitBounds(bounds, { padding: [8, 8] });
    return () => {
      layer.remove();
    };
  }, [geojson]);

  useEffect(() => {
    const m = map.current;
    const l = layers.current;
    if (!m || !l) return;
    l.events.clearLayers();
    for (const e of events) {
      const dot = L.circleMarker([e.lat, e.lng], {
        radius: e.fresh ? 9 : e.urgent ? 5 : 3.5,
        color: e.fresh ? '#ffffff' : (STATUS_COLOURS[e.status] ?? '#f97316'),
        weight: e.fresh ? 2 : 0.5,
        fillColor: STATUS_COLOURS[e.status] ?? '#f97316',
        fillOpacity: 0.9,
      });
      dot.bindTooltip(e.label);
      l.events.addLayer(dot);
    }
    if (show.events) l.events.addTo(m);
    else l.events.remove();
  }, [events, show.events]);

  useEffect(() => {
    const m = map.current;
    const l = layers.current;
    if (!m || !l) return;
    l.sensors.clearLayers();
    for (const s of sensors) {
      const alarm = s.state !== 'normal';
      const dot = L.circleMarker([s.lat, s.lng], {
        radius: alarm ? 6 : 2.5,
        color: SENSOR_COLOURS[s.state] ?? '#94a3b8',
        weight: alarm ? 2 : 0,
        fillColor: SENSOR_COLOURS[s.state] ?? '#94a3b8',
        fillOpacity: alarm ? 0.9 : 0.6,
      });
      dot.bindTooltip(s.label);
      l.sensors.addLayer(dot);
    }
    if (show.sensors) l.sensors.addTo(m);
    else l.sensors.remove();
  }, [sensors, show.sensors]);

  useEffect(() => {
    const m = map.current;
    const l = layers.current;
    if (!m || !l) return;
    l.heat.setPoints(heat);
    if (show.heat) l.heat.addTo(m);
    else l.heat.remove();
  }, [heat, show.heat]);

  return <div ref={el} className="yw-cs-map" data-testid="screen-map" />;
}
