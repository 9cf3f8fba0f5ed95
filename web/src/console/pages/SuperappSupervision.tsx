/** 应用监管 (/superapp/supervision): every mini-app with its supervision figures, for the app reviewer. */
import { Card, Table, Tag } from 'antd';
import type { TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { supervisedAppsQuery, type SupervisedApp } from '../../shared/api/superapp-supervision';
import { lt } from '../../shared/catalog';
import { errorMessage } from '../../shared/i18n';

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

export default function SuperappSupervisionPage() {
  const { t, i18n } = useTranslation();
  const list = useQuery(supervisedAppsQuery);
  const columns: TableColumnsType<SupervisedApp> = [
    {
      title: t('appSupervision.app'),
      key: 'app',
      render: (_, a) => (
        <Link to={`/superapp/supervision/${a.app.id}`} data-testid="supervised-app-link">
          {lt(a.app.name, i18n.language)}
        </Link>
      ),
    },
    { title: t('appSupervision.owner'), key: 'owner', render: (_, a) => a.app.ownerName },
    {
      title: t('appSupervision.status'),
      key: 'status',
      render: (_, a) => (
        <Tag color={a.app.status === 'approved' ? 'green' : a.app.status === 'suspended' ? 'red' : 'default'}>
          {t(`appSupervision.statuses.${a.app.status}`)}
        </Tag>
      ),
    },
    { title: t('appSupervision.releases'), dataIndex: 'releases' },
    { title: t('appSupervision.people'), dataIndex: 'people' },
    { title: t('appSupervision.complaintsOpen'), key: 'open', render: (_, a) => a.complaints.open },
    { title: t('appSupervision.complaintsUpheld'), key: 'upheld', render: (_, a) => a.complaints.upheld },
    { title: t('appSupervision.opens'), key: 'opens', render: (_, a) => a.usage.opens },
    { title: t('appSupervision.users'), key: 'users', render: (_, a) => a.usage.userDays },
    { title: t('appSupervision.errors'), key: 'errors', render: (_, a) => a.usage.errors },
    { title: t('appSupervision.errorRate'), key: 'rate', render: (_, a) => pct(a.usage.errorRate) },
  ];
  return (
    <Card title={t('appSupervision.menu')} data-testid="app-supervision-page">
      {list.error ? (
        <p role="alert">{errorMessage(t, list.error)}</p>
      ) : (
        <Table
          rowKey={(a) => a.app.id}
          size="small"
          loading={list.isLoading}
          columns={columns}
          dataSource={list.data ?? []}
          pagination={false}
          scroll={{ x: true }}
          data-testid="supervised-apps"
        />
      )}
    </Card>
  );
}
