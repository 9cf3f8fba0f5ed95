/**
 * 应用审核 (/superapp/review): the app reviewer's queue of mini-app versions in review (oldest
 * first, with the scopes each adds over the live version and the automated pre-review's outcome),
 * and every registered app with its status.
 */
import { Card, Table, Tabs, Tag } from 'antd';
import type { TableColumnsType } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { reviewAppsQuery, reviewQueueQuery, type AppRow, type QueueItem } from '../shared/api/superapp-registry';
import { lt } from '../shared/catalog';
import { formatDateTime } from '../shared/format';

export function OutcomeTag({ outcome }: { outcome: 'pass' | 'fail' | 'not-run' | null }) {
  const { t } = useTranslation();
  if (!outcome) return <Tag>{t('appReview.outcome.not-run')}</Tag>;
  const color = outcome === 'pass' ? 'green' : outcome === 'fail' ? 'red' : 'default';
  return (
    <Tag color={color} data-testid="pre-review-outcome">
      {t(`appReview.outcome.${outcome}`)}
    </Tag>
  );
}

function Queue() {
  const { t, i18n } = useTranslation();
  const queue = useQuery(reviewQueueQuery);
  const columns: TableColumnsType<QueueItem> = [
    {
      title: t('appReview.app'),
      key: 'app',
      render: (_, r) => (
        <Link to={`/superapp/review/${r.appId}`} data-testid="review-open" data-slug={r.slug}>
          {lt(r.name, i18n.language)} <span className="yw-muted">({r.slug})</span>
        </Link>
      ),
    },
    { title: t('appReview.owner'), dataIndex: 'ownerName' },
    { title: t('appReview.version'), dataIndex: 'version' },
    { title: t('appReview.live'), dataIndex: 'liveVersion', render: (v: number | null) => v ?? '—' },
    {
      title: t('appReview.addedScopes'),
      key: 'scopes',
      render: (_, r) =>
        r.addedScopes.map((s) => (
          <Tag key={s} color="orange">
            {s}
          </Tag>
        )),
    },
    {
      title: t('appReview.preReview'),
      key: 'pre',
      render: (_, r) => <OutcomeTag outcome={r.preReviewOutcome} />,
    },
    {
      title: t('appReview.submittedAt'),
      dataIndex: 'submittedAt',
      render: (v: string) => formatDateTime(v, i18n.language),
    },
  ];
  return (
    <Table
      rowKey={(r) => `${r.appId}:${r.version}`}
      columns={columns}
      dataSource={queue.data ?? []}
      loading={queue.isPending}
      pagination={false}
      locale={{ emptyText: t('appReview.emptyQueue') }}
      data-testid="review-queue"
    />
  );
}

function AllApps() {
  const { t, i18n } = useTranslation();
  const apps = useQuery(reviewAppsQuery);
  const columns: TableColumnsType<AppRow> = [
    {
      title: t('appReview.app'),
      dataIndex: 'slug',
      render: (slug: string, r) => <Link to={`/superapp/review/${r.id}`}>{slug}</Link>,
    },
    { title: t('appReview.owner'), dataIndex: 'ownerName' },
    {
      title: t('appReview.status'),
      dataIndex: 'status',
      render: (s: AppRow['status']) => t(`appReview.statuses.${s}`),
    },
    { title: t('appReview.live'), dataIndex: 'liveVersion', render: (v: number | null) => v ?? '—' },
    { title: t('appReview.reason'), dataIndex: 'statusReason', render: (v: string | null) => v ?? '' },
    { title: '', dataIndex: 'updatedAt', render: (v: string) => formatDateTime(v, i18n.language) },
  ];
  return (
    <Table
      rowKey="id"
      columns={columns}
      dataSource={apps.data ?? []}
      loading={apps.isPending}
      pagination={{ pageSize: 50 }}
      data-testid="review-apps"
    />
  );
}

export default function AppReviewQueuePage() {
  const { t } = useTranslation();
  return (
    <Card title={t('appReview.menu')} data-testid="app-review-page">
      <Tabs
        items={[
          { key: 'queue', label: t('appReview.queue'), children: <Queue /> },
          { key: 'apps', label: t('appReview.allApps'), children: <AllApps /> },
        ]}
      />
    </Card>
  );
}
