import { useState } from 'react';
import { Alert, Card, Input, Select, Table, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../shared/api';
import { errorMessage } from '../../shared/i18n';
import type { StaffMember } from '../../shared/types';
import { useQuery } from '../../shared/useQuery';
import { localName, useDepartments } from '../common';
import { PostLine, RoleTags, uniqueRoles } from '../posts';

export default function StaffPage() {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const departments = useDepartments();
  const [departmentId, setDepartmentId] = useState<string | undefined>(undefined);
  const [q, setQ] = useState('');
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const list = useQuery(JSON.stringify([departmentId, q, page, pageSize]), () =>
    api.org.staff({ ...(departmentId ? { departmentId } : {}), q, page, pageSize }),
  );
  const data = list.latest;
  const error = list.error ? errorMessage(t, list.error) : null;

  const columns: TableColumnsType<StaffMember> = [
    { title: t('console.staff.displayName'), dataIndex: 'displayName', width: 120 },
    { title: t('console.staff.username'), dataIndex: 'username', width: 140 },
    { title: t('console.staff.phone'), dataIndex: 'phoneMasked', width: 140, render: (p: string | null) => p ?? '—' },
    {
      title: t('console.staff.posts'),
      key: 'posts',
      render: (_, s) => s.posts.map((p) => <PostLine key={p.id} post={p} />),
    },
    { title: t('console.staff.roles'), key: 'roles', render: (_, s) => <RoleTags roles={uniqueRoles(s.posts)} t={t} /> },
  ];

  return (
    <Card title={<Typography.Title level={4} style={{ margin: 0 }}>{t('console.staff.title')}</Typography.Title>} data-testid="staff-page">
      <div className="yw-toolbar">
        <Select
          allowClear
          style={{ minWidth: 240 }}
          placeholder={t('console.staff.allDepartments')}
          value={departmentId}
          loading={!departments}
          onChange={(v: string | undefined) => {
            setPage(1);
            setDepartmentId(v);
          }}
          options={(departments ?? []).map((d) => ({ value: d.id, label: localName(d, lng) }))}
          showSearch={{ optionFilterProp: 'label' }}
          data-testid="staff-department"
        />
        <Input.Search
          allowClear
          placeholder={t('console.staff.search')}
          style={{ maxWidth: 320 }}
          onSearch={(v) => {
            setPage(1);
            setQ(v.trim());
          }}
          data-testid="staff-search"
        />
      </div>
      {error && <Alert type="error" title={error} showIcon style={{ marginBottom: 16 }} />}
      <div data-testid="staff-table">
      <Table<StaffMember>
        rowKey="accountId"
        columns={columns}
        dataSource={data?.items ?? []}
        loading={list.loading}
        size="middle"
        pagination={{
          current: page,
          pageSize,
          total: data?.total ?? 0,
          showSizeChanger: true,
          showTotal: (total) => t('common.total', { total }),
          onChange: (p, s) => {
            if (s !== pageSize) {
              setPageSize(s);
              setPage(1);
            } else setPage(p);
          },
        }}
      />
      </div>
    </Card>
  );
}
