/**
 * 内容审核 (/cogov/moderation): a moderator's queue of flagged content in their scope (hidden
 * after the community's N flags, pending review), decided with a reason the author is told;
 * and appeals against a hiding, decided once (docs/cogov.md, moderation).
 */
import { useState } from 'react';
import { App as AntApp, Button, Card, Input, Modal, Space, Table, Tabs, Tag } from 'antd';
import type { TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from '@tanstack/react-query';
import { decideAppeal, decideReview, reviewsQuery, type Review, type ReviewFilter } from '../../shared/api/cogov-votes';
import { formatDateTime } from '../../shared/format';
import { errorMessage } from '../../shared/i18n';

type Outcome = 'hide' | 'restore' | 'upheld' | 'overturned';

function DecideDialog({ r, outcome, onClose }: { r: Review; outcome: Outcome; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const review = useMutation(decideReview);
  const appeal = useMutation(decideAppeal);
  const [reason, setReason] = useState('');
  const label = { hide: 'hide', restore: 'restore', upheld: 'uphold', overturned: 'overturn' }[outcome];
  const done = {
    onSuccess: () => {
      void message.success(t('votesConsole.done'));
      onClose();
    },
    onError: (e: unknown) => void message.error(errorMessage(t, e)),
  };
  return (
    <Modal
      open
      title={t(`votesConsole.${label}`)}
      onCancel={onClose}
      okText={t('votesConsole.submit')}
      okButtonProps={{ disabled: reason.trim().length < 2, loading: review.isPending || appeal.isPending }}
      onOk={() =>
        outcome === 'hide' || outcome === 'restore'
          ? review.mutate({ id: r.id, outcome, reason: reason.trim() }, done)
          : appeal.mutate({ id: r.id, outcome, reason: reason.trim() }, done)
      }
    >
      <p>{r.excerpt}</p>
      {r.appealText && (
        <p>
          {t('votesConsole.appealText')}: {r.appealText}
        </p>
      )}
      <Input.TextArea
        rows={3}
        value={reason}
        onChange={(e) => setReason(e.target.value)}
        placeholder={t('votesConsole.reason')}
        data-testid="moderation-reason"
      />
    </Modal>
  );
}

function Queue({ status }: { status: ReviewFilter }) {
  const { t, i18n } = useTranslation();
  const list = useQuery(reviewsQuery(status));
  const [deciding, setDeciding] = useState<{ r: Review; outcome: Outcome } | null>(null);
  const columns: TableColumnsType<Review> = [
    {
      title: t('votesConsole.kind'),
      key: 'kind',
      render: (_, r) => t(`votesConsole.kinds.${r.kind}`, { defaultValue: r.kind }),
    },
    { title: t('votesConsole.excerpt'), dataIndex: 'excerpt' },
    { title: t('votesConsole.flags'), dataIndex: 'flagCount' },
    { title: t('votesConsole.status'), key: 'openedAt', render: (_, r) => formatDateTime(r.openedAt, i18n.language) },
    {
      title: t('votesConsole.reason'),
      key: 'reason',
      render: (_, r) => r.reason ?? (r.appealText ? <Tag>{r.appealText}</Tag> : '—'),
    },
    {
      title: t('votesConsole.actions'),
      key: 'actions',
      render: (_, r) => (
        <Space wrap>
          {status === 'appealed' ? (
            <>
              <Button size="small" onClick={() => setDeciding({ r, outcome: 'upheld' })}>
                {t('votesConsole.uphold')}
              </Button>
              <Button size="small" onClick={() => setDeciding({ r, outcome: 'overturned' })}>
                {t('votesConsole.overturn')}
              </Button>
            </>
          ) : status === 'pending' ? (
            <>
              <Button
                size="small"
                danger
                onClick={() => setDeciding({ r, outcome: 'hide' })}
                data-testid="moderation-hide"
              >
                {t('votesConsole.hide')}
              </Button>
              <Button
                size="small"
                onClick={() => setDeciding({ r, outcome: 'restore' })}
                data-testid="moderation-restore"
              >
                {t('votesConsole.restore')}
              </Button>
            </>
          ) : null}
        </Space>
      ),
    },
  ];
  return (
    <>
      <Table
        rowKey="id"
        size="small"
        loading={list.isLoading}
        dataSource={list.data ?? []}
        columns={columns}
        pagination={false}
        scroll={{ x: true }}
        data-testid={`moderation-${status}`}
      />
      {deciding && <DecideDialog r={deciding.r} outcome={deciding.outcome} onClose={() => setDeciding(null)} />}
    </>
  );
}

export default function CogovModerationPage() {
  const { t } = useTranslation();
  return (
    <Card title={t('votesConsole.moderationMenu')} data-testid="cogov-moderation-page">
      <Tabs
        items={(['pending', 'appealed', 'hidden', 'restored'] as const).map((s) => ({
          key: s,
          label: t(`votesConsole.${s === 'pending' ? 'queue' : s}`),
          children: <Queue status={s} />,
        }))}
      />
    </Card>
  );
}
