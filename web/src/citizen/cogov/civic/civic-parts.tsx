/** Pieces of the civic pages (共治): a check-in code as a QR code, a task card, a time range. */
import { useEffect, useState } from 'react';
import { Button, Tag } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import QRCode from 'qrcode';
import type { VolunteerTask } from '../../../shared/api/cogov-civic';
import { formatDateTime } from '../../../shared/format';

/** The code the organiser scans at the place, and the same code as text to type. */
export function CheckInCode({ code }: { code: string }) {
  const { t } = useTranslation();
  const [svg, setSvg] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    void QRCode.toString(code, { type: 'svg', margin: 1 }).then((s) => {
      if (live) setSvg(s);
    });
    return () => {
      live = false;
    };
  }, [code]);
  return (
    <div className="yw-civic-code" data-testid="checkin-code">
      <div className="yw-civic-code-title">{t('cogovCivic.codeTitle')}</div>
      {svg && (
        <img
          className="yw-civic-qr"
          alt={t('cogovCivic.codeTitle')}
          src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`}
        />
      )}
      <div className="yw-civic-code-text" data-testid="checkin-code-text">
        {code}
      </div>
      <div className="yw-muted">{t('cogovCivic.codeHelp')}</div>
    </div>
  );
}

export function TaskCard({
  task,
  busy,
  onSignUp,
  onWithdraw,
}: {
  task: VolunteerTask;
  busy: boolean;
  onSignUp: () => void;
  onWithdraw: () => void;
}) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const signed = task.myStatus === 'signed_up' || task.myStatus === 'checked_in' || task.myStatus === 'checked_out';
  const full = task.taken >= task.slots;
  return (
    <div className="yw-card yw-civic-task" data-testid="volunteer-task" data-title={task.title}>
      <div className="yw-civic-task-head">
        <h3>{task.title}</h3>
        {task.status === 'cancelled' ? (
          <Tag color="default">{t('cogovCivic.cancelled')}</Tag>
        ) : task.myStatus && task.myStatus !== 'withdrawn' ? (
          <Tag color="success" data-testid="volunteer-status" data-status={task.myStatus}>
            {t(`cogovCivic.statuses.${task.myStatus}`)}
          </Tag>
        ) : null}
      </div>
      <p>{task.description}</p>
      <div className="yw-muted">
        {t('cogovCivic.when', { from: formatDateTime(task.startsAt, lng), to: formatDateTime(task.endsAt, lng) })}
      </div>
      <div className="yw-muted">{t('cogovCivic.place', { place: task.place })}</div>
      {task.skills.length > 0 && (
        <div className="yw-muted">{t('cogovCivic.skills', { skills: task.skills.join('、') })}</div>
      )}
      <div className="yw-muted">
        {t('cogovCivic.places', { taken: task.taken, slots: task.slots })} ·{' '}
        {t('cogovCivic.organiser', { name: task.organiser })}
      </div>
      {task.myCode && task.myStatus !== 'checked_out' && <CheckInCode code={task.myCode} />}
      {task.status === 'open' && (
        <div className="yw-civic-actions">
          {!signed ? (
            <Button block color="primary" disabled={busy || full} onClick={onSignUp} data-testid="volunteer-sign-up">
              {full ? t('cogovCivic.full') : t('cogovCivic.signUp')}
            </Button>
          ) : task.myStatus === 'signed_up' ? (
            <Button block disabled={busy} onClick={onWithdraw} data-testid="volunteer-withdraw">
              {t('cogovCivic.withdraw')}
            </Button>
          ) : null}
        </div>
      )}
    </div>
  );
}
