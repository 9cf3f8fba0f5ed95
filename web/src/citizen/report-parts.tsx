/** Pieces of the citizen's report pages: status colours, the public history (the photo strip: report-photos.tsx). */
import { useTranslation } from 'react-i18next';
import type { EventStatus, EventUpdate } from '../shared/api/cityops';
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
