/** Pieces of the city-operations pages: status and source tags, deadlines, photos, a photo upload field, the history. */
import { useState } from 'react';
import { App as AntApp, Button, Image, Space, Tag, Timeline, Typography, Upload } from 'antd';
import { useTranslation } from 'react-i18next';
import { upload } from '../shared/api/applications';
import { eventPhotoUrl, type EventStatus, type EventSummary, type EventUpdate } from '../shared/api/cityops';
import { formatDateTime } from '../shared/format';
import { errorMessage } from '../shared/i18n';

export const EVENT_STATUSES = [
  'open',
  'dispatched',
  'processing',
  'returned',
  'closed',
  'merged',
] as const satisfies readonly EventStatus[];

const STATUS_COLOR: Record<EventStatus, string> = {
  open: 'gold',
  dispatched: 'blue',
  processing: 'processing',
  returned: 'orange',
  closed: 'green',
  merged: 'default',
};

export function StatusTag({ status, testId = 'event-status' }: { status: EventStatus; testId?: string }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATUS_COLOR[status]} data-testid={testId} data-status={status}>
      {t(`cityops.statuses.${status}`)}
    </Tag>
  );
}

/** The deadline, marked when overdue; the time left when less than a day (as of when the page was shown). */
export function Deadline({ e }: { e: Pick<EventSummary, 'deadlineAt' | 'overdue' | 'status'> }) {
  const [now] = useState(() => Date.now());
  const { t, i18n } = useTranslation();
  if (!e.deadlineAt) return <>{t('cityops.none')}</>;
  const at = formatDateTime(e.deadlineAt, i18n.language);
  if (e.overdue)
    return (
      <Space size={4} wrap>
        <span>{at}</span>
        <Tag color="red" data-testid="event-overdue">
          {t('cityops.overdue')}
        </Tag>
      </Space>
    );
  const left = Date.parse(e.deadlineAt) - now;
  if (e.status !== 'closed' && left > 0 && left < 24 * 3600_000) {
    const h = Math.floor(left / 3600_000);
    const m = Math.floor((left % 3600_000) / 60_000);
    const time = i18n.language === 'en' ? `${h} h ${m} min` : `${h} 小时 ${m} 分`;
    return (
      <Space size={4} wrap>
        <span>{at}</span>
        <Tag color="orange">{t('cityops.dueIn', { time })}</Tag>
      </Space>
    );
  }
  return <>{at}</>;
}

export function placeOf(e: Pick<EventSummary, 'community' | 'grid'>, lng: string): string {
  const name = (p: { name: string; nameEn: string }) => (lng === 'en' ? p.nameEn : p.name);
  return [e.community, e.grid].flatMap((p) => (p ? [name(p)] : [])).join(' / ');
}

export function Photos({ eventId, ids, testId }: { eventId: string; ids: string[]; testId: string }) {
  if (ids.length === 0) return null;
  return (
    <Image.PreviewGroup>
      <Space wrap data-testid={testId}>
        {ids.map((p) => (
          <Image key={p} src={eventPhotoUrl(eventId, p)} width={96} height={96} style={{ objectFit: 'cover' }} />
        ))}
      </Space>
    </Image.PreviewGroup>
  );
}

export interface PickedPhoto {
  id: string;
  name: string;
}

/** Photos for closing or a patrol report: uploaded as picked (the camera on a phone), at most 6. */
export function PhotoField({
  value,
  onChange,
  testId,
}: {
  value: PickedPhoto[];
  onChange: (next: PickedPhoto[]) => void;
  testId: string;
}) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const [uploading, setUploading] = useState(0);
  return (
    <Upload
      accept="image/jpeg,image/png"
      capture="environment"
      multiple
      listType="picture"
      disabled={uploading > 0 || value.length >= 6}
      fileList={value.map((p) => ({ uid: p.id, name: p.name, status: 'done' as const }))}
      onRemove={(f) => onChange(value.filter((p) => p.id !== f.uid))}
      customRequest={({ file }) => {
        setUploading((n) => n + 1);
        upload(file as File)
          .then((u) => onChange([...value, { id: u.id, name: u.fileName }].slice(0, 6)))
          .catch((err: unknown) => void message.error(errorMessage(t, err)))
          .finally(() => setUploading((n) => n - 1));
      }}
    >
      <Button loading={uploading > 0} disabled={value.length >= 6} data-testid={testId}>
        {t('cityops.actions.addPhoto')}
      </Button>
    </Upload>
  );
}

export function HistoryTimeline({ items }: { items: EventUpdate[] }) {
  const { t, i18n } = useTranslation();
  return (
    <Timeline
      data-testid="event-history"
      items={items.map((u) => ({
        key: u.id,
        color: u.kind === 'closed' ? 'green' : u.kind === 'returned' || u.kind === 'reopened' ? 'orange' : 'blue',
        children: (
          <div data-testid="event-history-item" data-kind={u.kind}>
            <Space size={6} wrap>
              <Typography.Text strong>{t(`cityops.kinds.${u.kind}`)}</Typography.Text>
              <Typography.Text type="secondary">{formatDateTime(u.at, i18n.language)}</Typography.Text>
              <StatusTag status={u.statusAfter} testId="history-status" />
            </Space>
            {u.note && <div style={{ whiteSpace: 'pre-wrap' }}>{u.note}</div>}
          </div>
        ),
      }))}
    />
  );
}
