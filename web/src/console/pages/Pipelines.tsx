/**
 * 开放数据发布流水线 (/opendata/pipelines): a department's data officer (or admin) sees its
 * pipelines, whether each output schema is approved, and each one's last run and next run.
 */
import { Alert, Card, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { pipelinesQuery } from '../../shared/api/opendata-pipelines';
import { useAuth } from '../../shared/auth';
import type { Answer } from '../../shared/contract';
import { formatDateTime } from '../../shared/format';
import { errorMessage } from '../../shared/i18n';
import { OutcomeTag, ReviewTag } from '../pipeline-parts';

type Pipeline = Answer<'/api/opendata/pipelines', 'get'>['items'][number];

export const PIPELINE_ROLES = new Set(['data_officer', 'department_admin']);

export default function PipelinesPage() {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const { me } = useAuth();
  const allowed = me?.roles.some((r) => PIPELINE_ROLES.has(r)) ?? false;
  const list = useQuery({ ...pipelinesQuery(), enabled: allowed });
  if (!allowed) return <Alert type="info" title={t('pipelines.noAccess')} showIcon />;

  const columns: TableColumnsType<Pipeline> = [
    {
      title: t('pipelines.pipeline'),
      key: 'title',
      render: (_, p) => (
        <Link to={`/opendata/pipelines/${p.key}`} data-testid={`pipeline-${p.key}`}>
          {lng === 'en' ? p.titleEn : p.title}
        </Link>
      ),
    },
    { title: t('pipelines.department'), dataIndex: 'department', width: 90 },
    {
      title: t('pipelines.schedule'),
      key: 'schedule',
      width: 90,
      render: (_, p) => t(`pipelines.schedules.${p.schedule}`),
    },
    { title: t('pipelines.review'), key: 'review', width: 200, render: (_, p) => <ReviewTag state={p.reviewNeeded} /> },
    {
      title: t('pipelines.lastRun'),
      key: 'last',
      width: 240,
      render: (_, p) =>
        p.lastRun ? (
          <span>
            <OutcomeTag outcome={p.lastRun.outcome} /> {formatDateTime(p.lastRun.startedAt, lng)}
          </span>
        ) : (
          <Tag>{t('pipelines.never')}</Tag>
        ),
    },
    {
      title: t('pipelines.nextRun'),
      key: 'next',
      width: 170,
      render: (_, p) => (p.nextRunAt ? formatDateTime(p.nextRunAt, lng) : '—'),
    },
  ];

  return (
    <Card
      title={
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('pipelines.title')}
        </Typography.Title>
      }
      data-testid="pipelines-page"
    >
      <Typography.Paragraph type="secondary">{t('pipelines.intro')}</Typography.Paragraph>
      {list.error && <Alert type="error" title={errorMessage(t, list.error)} showIcon style={{ marginBottom: 16 }} />}
      <Table<Pipeline>
        rowKey="id"
        columns={columns}
        dataSource={list.data ?? []}
        loading={list.isPending}
        pagination={false}
        size="middle"
        scroll={{ x: 900 }}
        data-testid="pipelines-table"
      />
    </Card>
  );
}
