/**
 * The calling screen (叫号屏, /screen/:hall), shown on a display in the hall: the numbers being
 * called and at which window, and how many wait. It listens to the server's event stream and
 * updates as each number is called (the browser reconnects by itself when the stream drops).
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import type { CallingScreen } from '../../shared/contract';
import { lt } from '../../shared/catalog';
import '../halls-text';

export default function ScreenPage() {
  const { hall = '' } = useParams();
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const [screen, setScreen] = useState<CallingScreen | null>(null);
  const [live, setLive] = useState(false);
  useEffect(() => {
    const source = new EventSource(`/api/halls/${encodeURIComponent(hall)}/screen/events`);
    source.addEventListener('screen', (e) => {
      setScreen(JSON.parse((e as MessageEvent<string>).data) as CallingScreen);
      setLive(true);
    });
    source.onerror = () => setLive(false);
    return () => source.close();
  }, [hall]);
  return (
    <div className="yw-screen" data-testid="calling-screen">
      <header className="yw-screen-head">
        <h1>{screen ? t('halls.screenTitle', { hall: lt(screen.hall.name, lng) }) : t('halls.screen')}</h1>
        <span data-testid="screen-live">{live ? t('halls.live') : t('halls.reconnecting')}</span>
      </header>
      <table className="yw-screen-calls">
        <thead>
          <tr>
            <th>{t('halls.nowCalling')}</th>
            <th>{t('halls.window')}</th>
          </tr>
        </thead>
        <tbody>
          {(screen?.calls ?? []).map((c, i) => (
            <tr
              key={`${c.number}-${c.calledAt}`}
              className={i === 0 ? 'yw-screen-latest' : undefined}
              data-testid={`call-${c.number}`}
            >
              <td className="yw-screen-number">{c.number}</td>
              <td>{lt(c.windowName, lng)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <footer className="yw-screen-foot" data-testid="screen-waiting">
        {t('halls.waiting')}: {screen?.waiting ?? 0}
      </footer>
    </div>
  );
}
