/** Pieces of the citizen's report pages: status colours, the photo strip, the public history. */
import { useTranslation } from 'react-i18next';
import { eventPhotoUrl, type EventStatus, type EventUpdate } from '../shared/api/cityops';
import { formatDateTime } from '../shared/format';

export function statusColor(s: EventStatus): string {
  switch (s) {
    case 'closed':
      return 'success';
    case 'merged':
      return 'default';
    case 'open':
    case 'returned':
      return 'warning';
    default:
      return 'primary';
  }
}

export function PhotoStrip({ eventId, photos, testId }: { eventId: string; photos: string[]; testId: string }) {
  const { t } = useTranslation();
  if (photos.length === 0) return null;
  return (
    <ul className="yw-photo-grid" data-testid={testId}>
      {photos.map((p, i) => (
        <li key={p} className="yw-photo">
          <a href={eventPhotoUrl(eventId, p)} target="_blank" rel="noreferrer">
            <img src={eventPhotoUrl(eventId, p)} alt={t('reports.photo', { n: i + 1 })} loading="lazy" />
          </a>
        </li>
      ))}
    </ul>
  );
}

export function History({ items }: { items: EventUpdate[] }) {
  const { t, i18n } = useTranslation();
  return (
    <ol className="yw-report-history" data-testid="report-history">
      {items.map((u) => (
        <li key={u.id} data-testid="report-history-item" data-kind={u.kind}>
          <div>
            <strong>{t(`reports.kinds.${u.kind}`)}</strong>{' '}
            <span className="yw-muted yw-small">{formatDateTime(u.at, i18n.language)}</span>
          </div>
          {u.note && <div className="yw-report-history-note">{u.note}</div>}
        </li>
      ))}
    </ol>
  );
}
