// The app reviewer's complaint table and decision dialog (the queue page and an app's page share them).
import { useState } from 'react';
import { App as AntApp, Button, Input, Modal, Space, Table, Tag } from 'antd';
import type { TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { useMutation } from '@tanstack/react-query';
import { Link } from 'react-router';
import { decideComplaint, type ReviewComplaint } from '../shared/api/superapp-supervision';
import { lt } from '../shared/catalog';
import { formatDateTime } from '../shared/format';
import { errorMessage } from '../shared/i18n';

type Outcome = 'upheld' | 'dismissed';

function DecideDialog({ c, outcome, onClose }: { c: ReviewComplaint; outcome: Outcome; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const deciding = useMutation(decideComplaint);
  const [reason, setReason] = useState('');
  return (
    <Modal
      open
      title={t(outcome === 'upheld' ? 'appSupervision.uphold' : 'appSupervision.dismiss')}
      onCancel={onClose}
      okButtonProps={{ disabled: reason.trim().length < 2, loading: deciding.isPending }}
      okText={t(outcome === 'upheld' ? 'appSupervision.uphold' : 'appSupervision.dismiss')}
      onOk={() =>
        deciding.mutate(
          { id: c.id, outcome, reason: reason.trim() },
          {
            onSuccess: (d) => {
              void message.success(d.suspended ? t('appSupervision.suspendedNow') : t('appSupervision.done'));
              onClose();
            },
            onError: (e) => void message.error(errorMessage(t, e)),
          },
        )
      }
    >
      <p>{c.text}</p>
      <Input.TextArea
        rows={3}
        value={reason}
        onChange={(e) => setReason(e.target.value)}
        placeholder={t('appSupervision.reason')}
        data-testid="complaint-reason"
      />
    </Modal>
  );
}

export function ComplaintTable({ items, showApp }: { items: ReviewComplaint[]; showApp: boolean }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const [deciding, setDeciding] = useState<{ c: ReviewComplaint; outcome: Outcome } | null>(null);
  const columns: TableColumnsType<ReviewComplaint> = [
    ...(showApp
      ? [
          {
            title: t('appSupervision.app'),
            key: 'app',
            render: (_: unknown, c: ReviewComplaint) => (
              <Link to={`/superapp/supervision/${c.app.id}`}>{lt(c.app.name, lng)}</Link>
            ),
          },
        ]
      : []),
    { title: t('appSupervision.complainant'), dataIndex: 'complainant' },
    {
      title: t('appSupervision.category'),
      key: 'category',
      render: (_, c) => t(`appSupervision.categories.${c.category}`),
    },
    { title: t('appSupervision.text'), dataIndex: 'text' },
    { title: t('appSupervision.filedAt'), key: 'at', render: (_, c) => formatDateTime(c.createdAt, lng) },
    {
      title: t('appSupervision.status'),
      key: 'status',
      render: (_, c) => (
        <Space direction="vertical" size={0}>
          <Tag color={c.status === 'upheld' ? 'red' : c.status === 'open' ? 'gold' : 'default'}>
            {t(`appSupervision.complaintStatus.${c.status}`)}
          </Tag>
          {c.reason && <span>{c.reason}</span>}
        </Space>
      ),
    },
    {
      title: t('appSupervision.actions'),
      key: 'actions',
      render: (_, c) =>
        c.status === 'open' ? (
          <Space wrap>
            <Button
              size="small"
              danger
              onClick={() => setDeciding({ c, outcome: 'upheld' })}
              data-testid="complaint-uphold"
            >
              {t('appSupervision.uphold')}
            </Button>
            <Button
              size="small"
              onClick={() => setDeciding({ c, outcome: 'dismissed' })}
              data-testid="complaint-dismiss"
            >
              {t('appSupervision.dismiss')}
            </Button>
          </Space>
        ) : null,
    },
  ];
  return (
    <>
      <Table
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={items}
        pagination={false}
        data-testid="complaint-table"
      />
      {deciding && <DecideDialog c={deciding.c} outcome={deciding.outcome} onClose={() => setDeciding(null)} />}
    </>
  );
}
