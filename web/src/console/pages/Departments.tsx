import { Alert, Card, Table, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../shared/i18n';
import { formatCount } from '../../shared/format';
import type { Department } from '../../shared/contract';
import { useQuery } from '@tanstack/react-query';
import { departmentsQuery } from '../../shared/api/org';
import { localName, useRegionNames } from '../common';

export default function DepartmentsPage() {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const regionName = useRegionNames(lng);
  const query = useQuery(departmentsQuery());
  const rows: Department[] | null = query.isPending ? null : (query.data ?? []);
  const error = query.error ? errorMessage(t, query.error) : null;

  const columns: TableColumnsType<Department> = [
    { title: t('console.departments.code'), dataIndex: 'code', width: 160 },
    { title: t('console.departments.name'), key: 'name', render: (_, d) => localName(d, lng) },
    { title: t('console.departments.region'), key: 'region', render: (_, d) => regionName(d.regionCode) },
    {
      title: t('console.departments.staffCount'),
      dataIndex: 'staffCount',
      align: 'right',
      width: 120,
      render: (n: number) => formatCount(n, lng),
      sorter: (a, b) => a.staffCount - b.staffCount,
    },
  ];

  return (
    <Card
      title={
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('console.departments.title')}
        </Typography.Title>
      }
      data-testid="departments-page"
    >
      {error && <Alert type="error" title={error} showIcon style={{ marginBottom: 16 }} />}
      <div data-testid="departments-table">
        <Table<Department>
          rowKey="id"
          columns={columns}
          dataSource={rows ?? []}
          loading={rows === null}
          pagination={false}
          size="middle"
          footer={() => (rows ? t('common.total', { total: rows.length }) : null)}
        />
      </div>
    </Card>
  );
}
