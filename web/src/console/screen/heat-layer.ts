// A heat layer for Leaflet on one canvas (the simpleheat way: each point a blurred alpha disc,
// the alpha then coloured through a gradient), without another dependency.
import L from 'leaflet';

export interface HeatPoint {
  lat: number;
  lng: number;
  weight: number;
}

const GRADIENT: [number, string][] = [
  [0.2, '#1e3a8a'],
  [0.4, '#0ea5e9'],
  [0.6, '#22c55e'],
  [0.8, '#facc15'],
  [1, '#ef4444'],
];

function palette(): Uint8ClampedArray {
  const c = document.createElement('canvas');
  c.width = 1;
  c.height = 256;
  const ctx = c.getContext('2d')!;
  const g = ctx.createLinearGradient(0, 0, 0, 256);
  for (const [stop, color] of GRADIENT) g.addColorStop(stop, color);
  ctx.fillStyle = g;
  ctx.fillRect(0, 0, 1, 256);
  return ctx.getImageData(0, 0, 1, 256).data;
}

function stamp(radius: number, blur: number): HTMLCanvasElement {
  const c = document.createElement('canvas');
  const r = radius + blur;
  c.width = c.height = r * 2;
  const ctx = c.getContext('2d')!;
  ctx.shadowOffsetX = ctx.shadowOffsetY = r * 2;
  ctx.shadowBlur = blur;
  ctx.shadowColor = 'black';
  ctx.beginPath();
  ctx.arc(-r, -r, radius, 0, Math.PI * 2, true);
  ctx.closePath();
  ctx.fill();
  return c;
}

export class HeatLayer extends L.Layer {
  private canvas: HTMLCanvasElement | null = null;
  private points: HeatPoint[] = [];
  private colours: Uint8ClampedArray | null = null;
  private readonly radius = 14;
  private readonly blur = 16;

  setPoints(points: HeatPoint[]): this {
    this.points = points;
    this.redraw();
    return this;
  }

  override onAdd(map: L.Map): this {
    const canvas = document.createElement('canvas');
    canvas.className = 'leaflet-zoom-hide yw-heat';
    canvas.style.position = 'absolute';
    canvas.style.pointerEvents = 'none';
    this.canvas = canvas;
    map.getPanes().overlayPane.appendChild(canvas);
    map.on('moveend zoomend resize', this.redraw, this);
    this.redraw();
    return this;
  }

  override onRemove(map: L.Map): this {
    map.off('moveend zoomend resize', this.redraw, this);
    this.canvas?.remove();
    this.canvas = null;
    return this;
  }

  private redraw(): void {
    const map = this._map as L.Map | undefined;
    const canvas = this.canvas;
    if (!map || !canvas) return;
    const size = map.getSize();
    canvas.width = size.x;
    canvas.height = size.y;
    L.DomUtil.setPosition(canvas, map.containerPointToLayerPoint([0, 0]));
    const ctx = canvas.getContext('2d');
    if (!ctx || this.points.length === 0) return;
    const max = Math.max(...this.points.map((p) => p.weight));
    const disc = stamp(this.radius, this.blur);
    const r = this.radius + this.blur;
    for (const p of this.points) {
      const at = map.latLngToContainerPoint([p.lat, p.lng]);
      if (at.x < -r || at.y < -r || at.x > size.x + r || at.y > size.y + r) continue;
      ctx.globalAlpha = Math.min(1, Math.max(0.08, p.weight / max));
      ctx.drawImage(disc, at.x - r, at.y - r);
    }
    this.colours ??= palette();
    const image = ctx.getImageData(0, 0, size.x, size.y);
    const px = image.data;
    for (let i = 0; i < px.length; i += 4) {
      const a = px[i + 3]!;
      if (a === 0) continue;
      const j = a * 4;
      px[i] = this.colours[j]!;
      px[i + 1] = this.colours[j + 1]!;
      px[i + 2] = this.colours[j + 2]!;
      px[i + 3] = Math.min(255, a * 1.4);
    }
    ctx.putImageData(image, 0, 0);
  }
}
