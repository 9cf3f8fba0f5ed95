/**
 * The host page's sheets: the consent page (the OIDC part's page in the citizen app, framed from
 * our own origin), the payment sheet (the payment provider's hosted page) and the QR scanner
 * (the camera with the browser's BarcodeDetector where available; typing the code always works).
 */
import { useEffect, useRef, useState } from 'react';
import { Button, Input, Popup } from 'antd-mobile';
import { useTranslation } from 'react-i18next';

export type Sheet =
  | { kind: 'consent'; url: string; cancel: () => void }
  | { kind: 'pay'; url: string; merchant: string; amountFen: number; close: () => void }
  | { kind: 'scan'; done: (text: string) => void; cancel: () => void };

const yuan = (fen: number) => `¥${(fen / 100).toFixed(2)}`;

export function BridgeSheet({ sheet }: { sheet: Sheet | null }) {
  const { t } = useTranslation();
  // The framed page loads once the sheet has slid in (a press on it then lands where it is seen).
  const [shown, setShown] = useState(false);
  // Opened a frame after it mounts (it is loaded when first needed), so it slides in and says when it has.
  const [open, setOpen] = useState(false);
  useEffect(() => {
    const frame = requestAnimationFrame(() => setOpen(sheet !== null));
    return () => cancelAnimationFrame(frame);
  }, [sheet]);
  return (
    <Popup
      visible={open}
      afterShow={() => setShown(true)}
      afterClose={() => setShown(false)}
      bodyClassName="yw-bridge-sheet"
      bodyStyle={{ height: '85vh', display: 'flex', flexDirection: 'column' }}
      destroyOnClose
    >
      {sheet?.kind === 'consent' && (
        <>
          <div className="yw-bridge-sheet-head">
            <strong>{t('bridge.consentTitle')}</strong>
            <Button size="small" fill="none" onClick={sheet.cancel} data-testid="consent-cancel">
              {t('bridge.consentCancel')}
            </Button>
          </div>
          {shown && (
            <iframe
              className="yw-bridge-sheet-frame"
              src={sheet.url}
              title={t('bridge.consentTitle')}
              data-testid="consent-frame"
            />
          )}
        </>
      )}
      {sheet?.kind === 'pay' && (
        <>
          <div className="yw-bridge-sheet-head">
            <span>
              {t('bridge.payMerchant')}: {sheet.merchant} · {t('bridge.payAmount')}:{' '}
              <strong data-testid="pay-amount">{yuan(sheet.amountFen)}</strong>
            </span>
            <Button size="small" fill="none" onClick={sheet.close} data-testid="pay-close">
              {t('bridge.payClose')}
            </Button>
          </div>
          {shown && (
            <iframe
              className="yw-bridge-sheet-frame"
              src={sheet.url}
              title={t('bridge.payTitle')}
              data-testid="pay-frame"
            />
          )}
        </>
      )}
      {sheet?.kind === 'scan' && <Scanner done={sheet.done} cancel={sheet.cancel} />}
    </Popup>
  );
}

interface Detector {
  detect(source: HTMLVideoElement): Promise<{ rawValue: string }[]>;
}

const detectorClass = () =>
  (window as unknown as { BarcodeDetector?: new (o: object) => Detector }).BarcodeDetector ?? null;

function Scanner({ done, cancel }: { done: (text: string) => void; cancel: () => void }) {
  const { t } = useTranslation();
  const video = useRef<HTMLVideoElement>(null);
  const [camera, setCamera] = useState<'starting' | 'on' | 'none'>(() =>
    detectorClass() && 'getUserMedia' in (navigator.mediaDevices ?? {}) ? 'starting' : 'none',
  );
  const [text, setText] = useState('');
  useEffect(() => {
    const Ctor = detectorClass();
    if (!Ctor || camera === 'none') return;
    let stream: MediaStream | null = null;
    let stopped = false;
    const detector = new Ctor({ formats: ['qr_code'] });
    navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' } }).then(
      async (s) => {
        stream = s;
        if (stopped || !video.current) return;
        video.current.srcObject = s;
        await video.current.play();
        setCamera('on');
        while (!stopped) {
          const found = await detector.detect(video.current).catch(() => []);
          if (found[0]) return done(found[0].rawValue);
          await new Promise((r) => setTimeout(r, 250));
        }
      },
      () => setCamera('none'),
    );
    return () => {
      stopped = true;
      stream?.getTracks().forEach((track) => track.stop());
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [done]);
  return (
    <div className="yw-bridge-scan" data-testid="scan-sheet">
      <strong>{t('bridge.scanTitle')}</strong>
      {camera !== 'none' ? (
        <>
          <video ref={video} muted playsInline className="yw-bridge-scan-video" />
          <p className="yw-muted">{t('bridge.scanHint')}</p>
        </>
      ) : (
        <p className="yw-muted" data-testid="scan-no-camera">
          {t('bridge.scanNoCamera')}
        </p>
      )}
      <Input
        placeholder={t('bridge.scanManual')}
        value={text}
        onChange={setText}
        data-testid="scan-manual"
        onEnterPress={() => text && done(text)}
      />
      <div className="yw-bridge-scan-actions">
        <Button onClick={cancel}>{t('bridge.scanCancel')}</Button>
        <Button color="primary" disabled={!text} onClick={() => done(text)} data-testid="scan-submit">
          {t('bridge.scanSubmit')}
        </Button>
      </div>
    </div>
  );
}
