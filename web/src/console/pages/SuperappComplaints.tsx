/** 应用投诉 (/superapp/complaints): the app reviewer's queue of complaints about mini-apps, decided with a reason. */
import { useState } from 'react';
import { Card, Segmented } from 'antd';
import { useTranslation } from 'react-i18next';
import { useQuery } from '@tanstack/react-query';
import { complaintQueueQuery, type ComplaintStatus } from '../../shared/api/superapp-supervision';
import { errorMessage } from '../../shared/i18n';
import { ComplaintTable } from '../superapp-complaint-parts';

export default function SuperappComplaintsPage() {
  const { t } = useTranslation();
  const [status, setStatus] = useState<ComplaintStatus | 'all'>('open');
  const list = useQuery(complaintQueueQuery(status === 'all' ? undefined : status));
  return (
    <Card
      title={t('appSupervision.queue')}
      data-testid="app-complaints-page"
      extra={
        <Segmented
          value={status}
          onChange={(v) => setStatus(v as typeof status)}
          options={(['open', 'upheld', 'dismissed', 'all'] as const).map((s) => ({
            value: s,
            label: s === 'all' ? t('appSupervision.all') : t(`appSupervision.complaintStatus.${s}`),
          }))}
        />
      }
    >
      {list.error ? (
        <p role="alert">{errorMessage(t, list.error)}</p>
      ) : (
        <ComplaintTable items={list.data ?? []} showApp />
      )}
    </Card>
  );
}
