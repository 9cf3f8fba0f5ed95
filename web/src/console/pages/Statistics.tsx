// 统计分析 (supervision): a department head's or the supervisor's figures by week, department and
// item — volumes and backlog, handling time against the promised limit, zero-visit and
// fully-online shares, ratings. The numbers are in tables; the charts (ECharts) load after them.
import { lazy, Suspense, useMemo, useState } from 'react';
import { Alert, Card, Select, Space, Table, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import '../statistics-text';
import {
  statisticsQuery,
  type StatisticsDepartment,
  type StatisticsItem,
  type StatisticsWeek,
} from '../../shared/api/statistics';
import { lt } from '../../shared/catalog';
import { errorMessage } from '../../shared/i18n';
import { useAuth } from '../../shared/auth';

const StatisticsCharts = lazy(() => import('../statistics-charts'));

const DAY_MS = 86_400_000;
const PERIODS = [4, 12, 26, 52] as const;

type Line = Omit<StatisticsWeek, 'week' | 'weekStart' | 'backlog'>;

const share = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(1)}%`);
const num = (x: number | null) => (x === null ? '—' : x.toFixed(2));

export default function StatisticsPage() {
  const { t, i18n } = useTranslation();
  const { me } = useAuth();
  const isSupervisor = me?.roles.includes('supervisor') ?? false;
  const [weeks, setWeeks] = useState<(typeof PERIODS)[number]>(12);
  const [department, setDepartment] = useState<string | null>(null);
  const [today] = useState(() => Date.now());
  const from = useMemo(() => new Date(today - (weeks - 1) * 7 * DAY_MS).toISOString().slice(0, 10), [today, weeks]);
  const query = useQuery(statisticsQuery({ from, ...(department ? { department } : {}) }));
  const city = useQuery({ ...statisticsQuery({ from }), enabled: isSupervisor });

  const figures = <T extends Line>(): TableColumnsType<T> => [
    { title: t('statistics.col.submitted'), dataIndex: 'submitted', align: 'right' },
    { title: t('statistics.col.decided'), dataIndex: 'decided', align: 'right' },
    { title: t('statistics.col.completed'), dataIndex: 'completed', align: 'right' },
    { title: t('statistics.col.avgHandlingDays'), render: (_, r) => num(r.avgHandlingDays), align: 'right' },
    { title: t('statistics.col.p90HandlingDays'), render: (_, r) => num(r.p90HandlingDays), align: 'right' },
    { title: t('statistics.col.avgLimitDays'), render: (_, r) => num(r.avgLimitDays), align: 'right' },
    { title: t('statistics.col.onTimeRate'), render: (_, r) => share(r.onTimeRate), align: 'right' },
    { title: t('statistics.col.zeroVisitRate'), render: (_, r) => share(r.zeroVisitRate), align: 'right' },
    { title: t('statistics.col.onlineRate'), render: (_, r) => share(r.onlineRate), align: 'right' },
    { title: t('statistics.col.ratings'), dataIndex: 'ratings', align: 'right' },
    { title: t('statistics.col.goodReviewRate'), render: (_, r) => share(r.goodReviewRate), align: 'right' },
  ];
  const weekColumns: TableColumnsType<StatisticsWeek> = [
    { title: t('statistics.col.week'), dataIndex: 'week' },
    ...figures<StatisticsWeek>(),
    { title: t('statistics.col.backlog'), dataIndex: 'backlog', align: 'right' },
  ];
  const departmentColumns: TableColumnsType<StatisticsDepartment> = [
    { title: t('statistics.col.code'), dataIndex: 'code' },
    { title: t('statistics.col.name'), render: (_, r) => lt(r.name, i18n.language) },
    ...figures<StatisticsDepartment>(),
  ];
  const itemColumns: TableColumnsType<StatisticsItem> = [
    { title: t('statistics.col.name'), render: (_, r) => lt(r.name, i18n.language) },
    { title: t('statistics.col.department'), dataIndex: 'departmentCode' },
    ...figures<StatisticsItem>(),
  ];
  const data = query.data;
  const scroll = { x: 'max-content' as const };

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="statistics-page">
      <Typography.Title level={3}>{t('statistics.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('statistics.intro')}</Typography.Paragraph>
      <Space wrap>
        <span>{t('statistics.weeks')}</span>
        <Select
          data-testid="statistics-weeks"
          value={weeks}
          style={{ width: 140 }}
          onChange={setWeeks}
          options={PERIODS.map((n) => ({ value: n, label: t('statistics.lastWeeks', { count: n }) }))}
        />
        {isSupervisor && (
          <>
            <span>{t('statistics.department')}</span>
            <Select
              data-testid="statistics-department"
              value={department ?? ''}
              style={{ width: 220 }}
              onChange={(v) => setDepartment(v || null)}
              options={[
                { value: '', label: t('statistics.allDepartments') },
                ...(city.data?.departments ?? []).map((d) => ({ value: d.code, label: lt(d.name, i18n.language) })),
              ]}
            />
          </>
        )}
      </Space>
      {query.error && <Alert type="error" title={errorMessage(t, query.error)} />}
      {data && (
        <>
          <Suspense fallback={<Typography.Text type="secondary">{t('statistics.loading')}</Typography.Text>}>
            <StatisticsCharts data={data} />
          </Suspense>
          <Typography.Text type="secondary">{t('statistics.p90Note')}</Typography.Text>
          <Card size="small" title={t('statistics.tables.weeks')}>
            <Table
              data-testid="statistics-weeks-table"
              rowKey="week"
              size="small"
              pagination={false}
              scroll={scroll}
              columns={weekColumns}
              dataSource={data.weeks}
            />
          </Card>
          {data.departments.length > 1 && (
            <Card size="small" title={t('statistics.tables.departments')}>
              <Table
                data-testid="statistics-departments-table"
                rowKey="code"
                size="small"
                pagination={false}
                scroll={scroll}
                columns={departmentColumns}
                dataSource={data.departments}
              />
            </Card>
          )}
          {data.items.length > 0 && (
            <Card size="small" title={t('statistics.tables.items')}>
              <Table
                data-testid="statistics-items-table"
                rowKey="code"
                size="small"
                pagination={{ pageSize: 20, hideOnSinglePage: true }}
                scroll={scroll}
                columns={itemColumns}
                dataSource={data.items}
              />
            </Card>
          )}
        </>
      )}
    </Space>
  );
}
