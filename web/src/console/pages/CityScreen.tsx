// 城市运行大屏: the city operations centre's full-screen page. The map of the communities with
// the unfinished events, the sensors and a heat layer, beside the figures and charts; it
// listens to the server's event stream and updates without reloading (the browser reconnects
// by itself; on reconnecting the figures are loaded again, so nothing missed stays missing).
import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Segmented, Switch } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import '../screen-text';
import {
  SCREEN_DAYS as DAYS,
  SCREEN_STREAM_URL,
  UNFINISHED,
  screenQuery,
  type ScreenChange,
  type ScreenSensorChange,
  type ScreenStatus,
  type ScreenSummary,
} from '../../shared/api/cityops-screen';
import { currentLanguage, LANGUAGES, setLanguage, type Language } from '../../shared/i18n';
import { formatDateTime } from '../../shared/format';
import { STATUS_COLOURS } from '../screen/colours';
import ScreenMap, { type MapEventDot, type MapSensorDot } from '../screen/screen-map';
import { useScreenMapData } from '../screen/map-data';
import '../screen/screen.css';

const ScreenCharts = lazy(() => import('../screen/screen-charts'));

const FRESH_MS = 60_000;
const TICKER = 30;
/** After a change is heard, the figures are reloaded once the burst settles (and at most this often). */
const REFRESH_AFTER_MS = 1500;

type Heard =
  | { kind: 'event'; at: number; change: ScreenChange }
  | { kind: 'sensor'; at: number; change: ScreenSensorChange }
  | { kind: 'call'; at: number };

export default function CityScreenPage() {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const queryClient = useQueryClient();
  const summary = useQuery(screenQuery(DAYS));
  const { geojson, tiles, sensors: sensorList } = useScreenMapData();
  const [live, setLive] = useState(false);
  const [heard, setHeard] = useState<Heard[]>([]);
  const [overlay, setOverlay] = useState<Map<string, { change: ScreenChange; heardAt: number }>>(new Map());
  const [sensorOverlay, setSensorOverlay] = useState<Map<string, ScreenSensorChange>>(new Map());
  const [show, setShow] = useState({ events: true, sensors: true, heat: true });
  const [now, setNow] = useState(() => Date.now());
  const refresh = useRef<ReturnType<typeof setTimeout> | null>(null);

  const refetchSoon = useCallback(() => {
    if (refresh.current) clearTimeout(refresh.current);
    refresh.current = setTimeout(() => {
      refresh.current = null;
      void queryClient.invalidateQueries({ queryKey: ['cityops', 'screen'] });
    }, REFRESH_AFTER_MS);
  }, [queryClient]);

  useEffect(() => {
    const source = new EventSource(SCREEN_STREAM_URL);
    let opened = false;
    source.onopen = () => {
      setLive(true);
      // A reconnection: what happened while the stream was down is in the figures.
      if (opened) refetchSoon();
      opened = true;
    };
    source.onerror = () => setLive(false);
    source.addEventListener('event', (e) => {
      const change = JSON.parse((e as MessageEvent<string>).data) as ScreenChange;
      const at = Date.now();
      setHeard((h) => [{ kind: 'event' as const, at, change }, ...h].slice(0, TICKER));
      setOverlay((o) => new Map(o).set(change.eventId, { change, heardAt: at }));
      refetchSoon();
    });
    source.addEventListener('sensor', (e) => {
      const change = JSON.parse((e as MessageEvent<string>).data) as ScreenSensorChange;
      setHeard((h) => [{ kind: 'sensor' as const, at: Date.now(), change }, ...h].slice(0, TICKER));
      setSensorOverlay((o) => new Map(o).set(change.sensorId, change));
    });
    source.addEventListener('call', () => {
      setHeard((h) => [{ kind: 'call' as const, at: Date.now() }, ...h].slice(0, TICKER));
      refetchSoon();
    });
    return () => {
      source.close();
      if (refresh.current) clearTimeout(refresh.current);
    };
  }, [refetchSoon]);

  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);

  const data = summary.data;
  const dots = useMemo(
    () => eventDots(data, overlay, now, (number, status) => `${number} · ${t(`screen.status.${status}`)}`),
    [data, overlay, now, t],
  );
  const sensorDots = useMemo<MapSensorDot[]>(() => {
    const byId = new Map(sensorList.map((s) => [s.id, s]));
    for (const [id, c] of sensorOverlay)
      byId.set(id, { id, lat: c.lat, lng: c.lng, state: c.status, label: byId.get(id)?.label ?? c.sensorId });
    return [...byId.values()].map((s) => ({
      ...s,
      label: `${s.label} · ${t(`screen.sensorState.${s.state}`, { defaultValue: s.state })}`,
    }));
  }, [sensorList, sensorOverlay, t]);
  const heat = useMemo(() => (data?.heat ?? []).map((h) => ({ lat: h.lat, lng: h.lng, weight: h.count })), [data]);

  const fullScreen = () => {
    if (document.fullscreenElement) void document.exitFullscreen();
    else void document.documentElement.requestFullscreen();
  };

  return (
    <div className="yw-cs" data-testid="city-screen">
      <header className="yw-cs-head">
        <div>
          <h1>{t('screen.title')}</h1>
          <span className="yw-cs-muted">{t('screen.subtitle')}</span>
        </div>
        <div className="yw-cs-head-right">
          <span className={live ? 'yw-cs-live on' : 'yw-cs-live'} data-testid="screen-live">
            {live ? t('screen.live') : t('screen.reconnecting')}
          </span>
          <span className="yw-cs-clock">{formatDateTime(new Date(now).toISOString(), lng)}</span>
          <Segmented<Language>
            size="small"
            value={currentLanguage()}
            onChange={(v) => setLanguage(v)}
            options={LANGUAGES.map((l) => ({
              value: l,
              label: <span data-testid={`screen-lang-${l}`}>{l === 'en' ? 'EN' : '中文'}</span>,
            }))}
          />
          <button type="button" className="yw-cs-button" onClick={fullScreen}>
            {t('screen.fullScreen')}
          </button>
          <Link className="yw-cs-button" to="/">
            {t('screen.back')}
          </Link>
        </div>
      </header>
      <Figures data={data} />
      <main className="yw-cs-body">
        <aside className="yw-cs-side">
          {data && (
            <Suspense fallback={<p className="yw-cs-muted">{t('screen.loading')}</p>}>
              <ScreenCharts data={data} side="left" />
            </Suspense>
          )}
        </aside>
        <section className="yw-cs-centre">
          <ScreenMap geojson={geojson} events={dots} sensors={sensorDots} heat={heat} tiles={tiles} show={show} />
          <div className="yw-cs-layers">
            {(['events', 'sensors', 'heat'] as const).map((k) => (
              <label key={k}>
                <Switch
                  size="small"
                  checked={show[k]}
                  onChange={(v) => setShow((s) => ({ ...s, [k]: v }))}
                  data-testid={`screen-layer-${k}`}
                />{' '}
                {t(`screen.map.${k}`)}
              </label>
            ))}
            {data && (
              <span className="yw-cs-muted" data-testid="screen-map-note">
                {t('screen.map.shown', { shown: dots.length, total: data.unfinished })}
              </span>
            )}
          </div>
          <Ticker heard={heard} />
        </section>
        <aside className="yw-cs-side">
          {data && (
            <Suspense fallback={<p className="yw-cs-muted">{t('screen.loading')}</p>}>
              <ScreenCharts data={data} side="right" />
            </Suspense>
          )}
        </aside>
      </main>
    </div>
  );
}

function Figures({ data }: { data: ScreenSummary | undefined }) {
  const { t } = useTranslation();
  const rate = data?.compliance.rate;
  const items: [string, string, string][] = [
    ['total', t('screen.counts.total'), data ? data.total.toLocaleString() : '—'],
    ['unfinished', t('screen.counts.unfinished'), data ? data.unfinished.toLocaleString() : '—'],
    ['today-opened', t('screen.counts.todayOpened'), data ? String(data.today.opened) : '—'],
    ['today-closed', t('screen.counts.todayClosed'), data ? String(data.today.closed) : '—'],
    ['overdue', t('screen.counts.overdue'), data ? data.compliance.overdueNow.toLocaleString() : '—'],
    ['on-time', t('screen.counts.onTime'), rate === undefined || rate === null ? '—' : `${(rate * 100).toFixed(1)}%`],
  ];
  return (
    <div className="yw-cs-figures yw-cs-top">
      {items.map(([key, label, value]) => (
        <div className="yw-cs-figure" key={key}>
          <b data-testid={`screen-count-${key}`}>{value}</b>
          <span>{label}</span>
        </div>
      ))}
    </div>
  );
}

function Ticker({ heard }: { heard: Heard[] }) {
  const { t, i18n } = useTranslation();
  return (
    <section className="yw-cs-panel yw-cs-ticker" data-testid="screen-ticker">
      <h3>{t('screen.ticker')}</h3>
      {heard.length === 0 && <p className="yw-cs-muted">{t('screen.tickerEmpty')}</p>}
      <ul>
        {heard.map((h, i) => (
          <li key={`${h.at}-${i}`} data-testid="screen-ticker-item">
            <time>{formatDateTime(new Date(h.at).toISOString(), i18n.language).slice(-8)}</time>
            {h.kind === 'event' && (
              <span>
                <i style={{ background: STATUS_COLOURS[h.change.status] }} />
                {t('screen.changed', {
                  number: h.change.number,
                  status: t(`screen.status.${h.change.status}`),
                })}{' '}
                · {t(`screen.source.${h.change.source}`, { defaultValue: h.change.source })}
              </span>
            )}
            {h.kind === 'sensor' && (
              <span>
                {t('screen.sensorChanged', {
                  sensor: h.change.sensorId,
                  state: t(`screen.sensorState.${h.change.status}`, { defaultValue: h.change.status }),
                })}
              </span>
            )}
            {h.kind === 'call' && <span>{t('screen.call')}</span>}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** The summary's events, changed by what the stream said since (newer than the summary's time). */
function eventDots(
  data: ScreenSummary | undefined,
  overlay: Map<string, { change: ScreenChange; heardAt: number }>,
  now: number,
  label: (number: string, status: ScreenStatus) => string,
): MapEventDot[] {
  const byId = new Map<string, MapEventDot>();
  for (const e of data?.events ?? []) byId.set(e.id, { ...e, label: label(e.number, e.status), fresh: false });
  const summaryAt = data ? Date.parse(data.at) : 0;
  for (const [id, { change, heardAt }] of overlay) {
    const fresh = now - heardAt < FRESH_MS;
    if (Date.parse(change.at) < summaryAt && !fresh) continue;
    if (!UNFINISHED.has(change.status) || change.lat === null || change.lng === null) {
      byId.delete(id);
      continue;
    }
    byId.set(id, {
      id,
      number: change.number,
      status: change.status,
      lat: change.lat,
      lng: change.lng,
      urgent: byId.get(id)?.urgent ?? false,
      label: label(change.number, change.status),
      fresh,
    });
  }
  return [...byId.values()];
}
