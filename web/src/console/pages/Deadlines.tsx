// 时限监督: cases at risk and overdue in the caller's scope (a supervisor: the region; a department
// head: theirs), counted by department, service item and handler; a row drills down into its
// cases, each with its 黄牌/红牌; and the cards issued. Refreshed every minute.
import { useState } from 'react';
import { Alert, Button, Card, Segmented, Space, Statistic, Table, Tabs, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import {
  deadlineCardsQuery,
  deadlinesQuery,
  type DeadlineCard,
  type DeadlineDrill,
  type DeadlineLine,
  type DeadlineView,
} from '../../shared/api/supervision-deadlines';
import { lt } from '../../shared/catalog';
import { formatDateTime } from '../../shared/format';
import { addText } from '../../shared/i18n';
import { deadlinesText } from '../text-deadlines';

addText('deadlines', deadlinesText);

type Group = DeadlineView['departments'][number] | DeadlineView['items'][number] | DeadlineView['staff'][number];
type Tab = 'department' | 'item' | 'staff' | 'cards';

function CardTag({ color, caseNumber }: { color: 'yellow' | 'red'; caseNumber: string }) {
  const { t } = useTranslation();
  return (
    <Tag color={color === 'red' ? 'red' : 'gold'} data-testid={`card-${color}-${caseNumber}`}>
      {t(`deadlines.${color}`)}
    </Tag>
  );
}

export default function DeadlinesPage() {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const [tab, setTab] = useState<Tab>('department');
  const [drill, setDrill] = useState<{ query: DeadlineDrill; label: string } | null>(null);
  const [flag, setFlag] = useState<'all' | 'overdue' | 'at_risk'>('all');
  const query: DeadlineDrill = { ...(drill?.query ?? {}), ...(flag === 'all' ? {} : { flag }) };
  const view = useQuery(deadlinesQuery(query));
  const cards = useQuery({ ...deadlineCardsQuery, enabled: tab === 'cards' });
  const data = view.data;

  const counts = <T extends Group>(): TableColumnsType<T> => [
    { title: t('deadlines.overdue'), dataIndex: 'overdue', align: 'right' },
    { title: t('deadlines.atRisk'), dataIndex: 'atRisk', align: 'right' },
    { title: t('deadlines.yellow'), dataIndex: 'yellow', align: 'right' },
    { title: t('deadlines.red'), dataIndex: 'red', align: 'right' },
  ];
  const groupTable = <T extends Group>(
    rows: T[],
    key: (r: T) => string,
    name: (r: T) => string,
    drillOf: (r: T) => DeadlineDrill,
    title: string,
  ) => (
    <Table<T>
      rowKey={key}
      size="small"
      pagination={false}
      loading={view.isLoading}
      dataSource={rows}
      onRow={(r) => ({
        onClick: () => setDrill({ query: drillOf(r), label: name(r) }),
        style: { cursor: 'pointer' },
        'data-testid': `deadline-group-${key(r)}`,
      })}
      columns={[{ title, render: (_, r) => name(r) }, ...counts<T>()]}
    />
  );

  const lineColumns: TableColumnsType<DeadlineLine> = [
    {
      title: t('deadlines.caseNumber'),
      render: (_, r) => <Link to={`/cases/${r.caseId}`}>{r.caseNumber}</Link>,
    },
    { title: t('deadlines.title2'), render: (_, r) => lt(r.title, lng) },
    { title: t('deadlines.department'), render: (_, r) => lt(r.departmentName, lng) },
    { title: t('deadlines.holder'), render: (_, r) => r.holder?.name ?? t('deadlines.unclaimed') },
    { title: t('deadlines.deadline'), render: (_, r) => formatDateTime(r.deadlineAt, lng) },
    {
      title: t('deadlines.flag'),
      render: (_, r) => (
        <Space size={4} wrap>
          <Tag color={r.flag === 'overdue' ? 'volcano' : 'orange'}>
            {t(r.flag === 'overdue' ? 'deadlines.overdue' : 'deadlines.atRisk')}
          </Tag>
          {r.cards.map((c) => (
            <CardTag key={c.color} color={c.color} caseNumber={r.caseNumber} />
          ))}
        </Space>
      ),
    },
  ];
  const cardColumns: TableColumnsType<DeadlineCard> = [
    { title: t('deadlines.color'), render: (_, r) => <CardTag color={r.color} caseNumber={r.caseNumber} /> },
    {
      title: t('deadlines.caseNumber'),
      render: (_, r) => <Link to={`/cases/${r.caseId}`}>{r.caseNumber}</Link>,
    },
    { title: t('deadlines.title2'), render: (_, r) => lt(r.title, lng) },
    { title: t('deadlines.department'), dataIndex: 'departmentCode' },
    { title: t('deadlines.holder'), render: (_, r) => r.holder?.name ?? t('deadlines.unclaimed') },
    { title: t('deadlines.deadline'), render: (_, r) => formatDateTime(r.deadlineAt, lng) },
    { title: t('deadlines.issuedAt'), render: (_, r) => formatDateTime(r.issuedAt, lng) },
  ];

  const staffName = (r: DeadlineView['staff'][number]) => r.name ?? t('deadlines.unclaimed');
  return (
    <div data-testid="deadlines-page">
      <Typography.Title level={3}>{t('deadlines.title')}</Typography.Title>
      {data && (
        <Typography.Paragraph type="secondary">
          {t('deadlines.intro', {
            percent: data.settings.atRiskPercent,
            days: data.settings.atRiskWorkingDays,
            red: data.settings.redCardWorkingDays,
          })}
        </Typography.Paragraph>
      )}
      {data?.truncated && <Alert type="warning" showIcon message={t('deadlines.truncated')} />}
      <Space size="large" wrap style={{ marginBottom: 16 }}>
        <Card size="small">
          <Statistic title={t('deadlines.overdue')} value={data?.totals.overdue ?? 0} />
        </Card>
        <Card size="small">
          <Statistic title={t('deadlines.atRisk')} value={data?.totals.atRisk ?? 0} />
        </Card>
        {data && (
          <Typography.Text type="secondary">
            {t('deadlines.asOf')} {formatDateTime(data.asOf, lng)}
          </Typography.Text>
        )}
      </Space>
      <Tabs
        activeKey={tab}
        onChange={(k) => setTab(k as Tab)}
        items={[
          {
            key: 'department',
            label: <span data-testid="deadlines-tab-department">{t('deadlines.byDepartment')}</span>,
            children: groupTable(
              data?.departments ?? [],
              (r) => r.code,
              (r) => lt(r.name, lng),
              (r) => ({ departmentCode: r.code }),
              t('deadlines.department'),
            ),
          },
          {
            key: 'item',
            label: <span data-testid="deadlines-tab-item">{t('deadlines.byItem')}</span>,
            children: groupTable(
              data?.items ?? [],
              (r) => r.code ?? `bundle:${r.name.zh}`,
              (r) => lt(r.name, lng) + (r.code ? '' : ` (${t('deadlines.bundle')})`),
              (r) => (r.code ? { itemCode: r.code } : {}),
              t('deadlines.item'),
            ),
          },
          {
            key: 'staff',
            label: <span data-testid="deadlines-tab-staff">{t('deadlines.byStaff')}</span>,
            children: groupTable(
              data?.staff ?? [],
              (r) => r.id ?? 'unclaimed',
              staffName,
              (r) => ({ holder: r.id ?? 'unclaimed' }),
              t('deadlines.staff'),
            ),
          },
          {
            key: 'cards',
            label: <span data-testid="deadlines-tab-cards">{t('deadlines.cards')}</span>,
            children: (
              <Table
                rowKey="id"
                size="small"
                columns={cardColumns}
                dataSource={cards.data ?? []}
                loading={cards.isLoading}
              />
            ),
          },
        ]}
      />
      {tab !== 'cards' && (
        <>
          <Space wrap style={{ margin: '16px 0 8px' }}>
            <Typography.Title level={5} style={{ margin: 0 }}>
              {t('deadlines.lines')}
            </Typography.Title>
            <Segmented
              value={flag}
              onChange={(v) => setFlag(v as typeof flag)}
              options={[
                { value: 'all', label: t('deadlines.all') },
                { value: 'overdue', label: t('deadlines.overdue') },
                { value: 'at_risk', label: t('deadlines.atRisk') },
              ]}
            />
            {drill && (
              <>
                <Tag closable onClose={() => setDrill(null)} data-testid="deadlines-drill">
                  {t('deadlines.drilled', { what: drill.label })}
                </Tag>
                <Button size="small" type="link" onClick={() => setDrill(null)}>
                  {t('deadlines.clear')}
                </Button>
              </>
            )}
            {data && <Typography.Text type="secondary">{t('deadlines.count', { count: data.total })}</Typography.Text>}
          </Space>
          <Table
            rowKey={(r) => `${r.caseId}:${r.branch ?? ''}`}
            size="small"
            columns={lineColumns}
            dataSource={data?.lines ?? []}
            loading={view.isLoading}
            data-testid="deadline-lines"
          />
        </>
      )}
    </div>
  );
}
