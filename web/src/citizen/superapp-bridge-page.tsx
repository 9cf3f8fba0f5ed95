/**
 * 小程序 (/apps/:slug): the super app's host page for a mini-app. The app's registered entry URL
 * in a sandboxed iframe (another origin: it cannot read the super app's cookies or storage), a
 * title bar with close, and the bridge (superapp-bridge-host.ts) answering the app's SDK: sign-in
 * with the consent sheet, settings, title, opening a service, closing, scanning, paying, usage.
 *
 * sandbox="allow-scripts allow-forms allow-same-origin": scripts and forms for the app to work;
 * allow-same-origin keeps the app's OWN origin (its storage, its backend, and an origin the host
 * can check: without it every message would come from the opaque origin "null"). It cannot reach
 * the super app's origin, which the host makes sure of (an app on the super app's own origin is
 * refused). No allow-top-navigation, allow-popups or allow-modals, and no camera or other
 * permissions (`allow` is empty): it scans through the host.
 */
import { lazy, Suspense, useEffect, useMemo, useRef, useState } from 'react';
import { DotLoading, NavBar } from 'antd-mobile';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation, useNavigate, useParams } from 'react-router';
import { useAuth } from '../shared/auth';
import { addText, currentLanguage, errorMessage } from '../shared/i18n';
import { ErrorBlock } from './error-block';
import { useElder } from './elder';
import { createHost, type Host, type HostHandlers, type Settings } from './superapp-bridge-host';
import type { Sheet } from './superapp-bridge-sheets';
import {
  forwardUsage,
  HostError,
  hostApp,
  loginCode,
  openPayment,
  paymentOf,
  type HostApp,
} from './superapp-bridge-api';
import { bridgeText } from './text-superapp-bridge';
import './superapp-bridge.css';

addText('bridge', bridgeText);

// The sheets (antd-mobile's Popup, the scanner) load when an app first needs one: not on the way to its first screen.
const BridgeSheet = lazy(() => import('./superapp-bridge-sheets').then((m) => ({ default: m.BridgeSheet })));

const cancelled = () => new HostError('USER_CANCELLED', 'The person closed the sheet');
const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

export default function MiniAppPage() {
  const { slug = '' } = useParams();
  const { me } = useAuth();
  const location = useLocation();
  const { t } = useTranslation();
  const app = useQuery({ queryKey: ['superapp', 'host', slug], queryFn: () => hostApp(slug), retry: false });
  if (me === null) return <Navigate to="/login" state={{ from: location.pathname }} replace />;
  if (app.isPending || me === undefined)
    return (
      <div className="yw-page-loading" role="status">
        {t('bridge.loading')} <DotLoading />
      </div>
    );
  if (app.isError)
    return (
      <ErrorBlock status="empty" title={errorMessage(t, app.error)} className="yw-empty" data-testid="miniapp-error" />
    );
  return <Hosted app={app.data} />;
}

function Hosted({ app }: { app: HostApp }) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const elder = useElder();
  const frame = useRef<HTMLIFrameElement>(null);
  const [title, setTitle] = useState<string | null>(null);
  const [sheet, setSheet] = useState<Sheet | null>(null);
  const [refused, setRefused] = useState(0);
  const [usable, setUsable] = useState(app.usable && app.origin !== window.location.origin);
  const name = i18n.language === 'en' ? app.name.en : app.name.zh;
  const settings = useMemo<Settings>(
    () => ({ elder, language: currentLanguage(), safeArea: { top: 0, right: 0, bottom: 0, left: 0 } }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [elder, i18n.language],
  );
  const latest = useRef(settings);
  useEffect(() => {
    latest.current = settings;
  }, [settings]);
  const close = () => (window.history.length > 1 ? void navigate(-1) : void navigate('/'));

  const hostRef = useRef<Host | null>(null);
  useEffect(() => {
    if (!usable) return;
    const handlers: HostHandlers = {
      settings: () => latest.current,
      async recheck() {
        const now = await hostApp(app.slug);
        queryClient.setQueryData(['superapp', 'host', app.slug], now);
        if (!now.usable || now.origin !== app.origin) {
          setUsable(false);
          throw new HostError('APP_NOT_AVAILABLE', 'This app is suspended or taken down');
        }
      },
      async login(p) {
        const redirectUri =
          p.redirectUri && app.redirectUris.includes(p.redirectUri) ? p.redirectUri : app.redirectUris[0]!;
        const body = { redirectUri, codeChallenge: p.codeChallenge, scope: p.scope, nonce: p.nonce, state: p.state };
        const answer = (code: string) => ({ code, redirectUri, ...(p.state ? { state: p.state } : {}) });
        try {
          return answer((await loginCode(app.slug, body)).code);
        } catch (err) {
          if (!(err instanceof HostError && err.code === 'SUPERAPP_CONSENT_REQUIRED' && err.consentUrl)) throw err;
          const consentUrl = err.consentUrl;
          // The consent sheet: the person agrees there; the code comes once the consent covers the scopes.
          let open = true;
          const code = await new Promise<string>((resolve, reject) => {
            setSheet({ kind: 'consent', url: consentUrl, cancel: () => ((open = false), reject(cancelled())) });
            void (async () => {
              while (open) {
                await wait(1000);
                if (!open) return;
                try {
                  return resolve((await loginCode(app.slug, body)).code);
                } catch (e) {
                  if (!(e instanceof HostError && e.code === 'SUPERAPP_CONSENT_REQUIRED')) return reject(e);
                }
              }
            })();
          }).finally(() => {
            open = false;
            setSheet(null);
          });
          return answer(code);
        }
      },
      setTitle: (s) => setTitle(s || null),
      openService: (code) => void navigate(`/services/${encodeURIComponent(code)}`),
      close,
      scan: () =>
        new Promise((resolve, reject) =>
          setSheet({
            kind: 'scan',
            done: (text) => (setSheet(null), resolve({ text })),
            cancel: () => (setSheet(null), reject(cancelled())),
          }),
        ),
      async pay(p) {
        const opened = await openPayment(app.slug, p);
        let open = true;
        const settle = async (): Promise<{ tradeNo: string; status: string; amountFen: number }> => {
          const now = await paymentOf(opened.tradeNo);
          return { tradeNo: now.tradeNo, status: now.status, amountFen: now.amountFen };
        };
        return new Promise((resolve, reject) => {
          setSheet({
            kind: 'pay',
            url: opened.payUrl,
            merchant: opened.merchantName,
            amountFen: opened.amountFen,
            close: () => {
              open = false;
              settle().then((r) => resolve(r.status === 'pending' ? { ...r, status: 'cancelled' } : r), reject);
            },
          });
          void (async () => {
            while (open) {
              await wait(1000);
              const r = await settle().catch(() => null);
              if (open && r && r.status !== 'pending') {
                open = false;
                return resolve(r);
              }
            }
          })();
        }).finally(() => setSheet(null));
      },
      track: (p) =>
        forwardUsage(app.slug, [{ kind: p.kind ?? 'action', name: p.event, ...(p.data ? { detail: p.data } : {}) }]),
    };
    const host = createHost({
      origin: app.origin ?? '',
      frame,
      handlers,
      onRefused: setRefused,
      onUnavailable: () => setUsable(false),
    });
    hostRef.current = host;
    window.addEventListener('message', host.onMessage);
    forwardUsage(app.slug, [{ kind: 'open', name: 'open' }]).catch(() => undefined);
    return () => {
      window.removeEventListener('message', host.onMessage);
      hostRef.current = null;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [usable, app.slug, app.origin]);
  useEffect(() => hostRef.current?.pushSettings(settings), [settings]);

  return (
    <div className="yw-miniapp" data-testid="miniapp-page" data-refused={refused}>
      <NavBar className="yw-navbar" onBack={close} backIcon right={null}>
        <span data-testid="miniapp-title">{title ?? name}</span>
      </NavBar>
      {usable && app.entryUrl ? (
        <iframe
          ref={frame}
          className="yw-miniapp-frame"
          src={app.entryUrl}
          title={name}
          sandbox="allow-scripts allow-forms allow-same-origin"
          allow=""
          referrerPolicy="no-referrer"
          data-testid="miniapp-frame"
        />
      ) : (
        <ErrorBlock
          status="disconnected"
          title={app.origin === window.location.origin ? t('bridge.sameOrigin') : t('bridge.unavailable')}
          className="yw-empty"
          data-testid="miniapp-unavailable"
        />
      )}
      <p className="yw-miniapp-by yw-muted">{t('bridge.by', { owner: app.ownerName })}</p>
      {sheet && (
        <Suspense fallback={null}>
          <BridgeSheet sheet={sheet} />
        </Suspense>
      )}
    </div>
  );
}
