import { useState } from 'react';
import { Alert, Card, Table, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { staffQuery } from '../../shared/api/org';
import { errorMessage } from '../../shared/i18n';
import type { StaffMember } from '../../shared/contract';
import { DepartmentSelect, SearchBox, usePaging } from '../common';
import { PostLine, RoleTags, uniqueRoles } from '../posts';

export default function StaffPage() {
  const { t } = useTranslation();
  const [departmentId, setDepartmentId] = useState<string | undefined>(undefined);
  const [q, setQ] = useState('');
  const { page, pageSize, restart, pagination } = usePaging();
  const list = useQuery({ ...staffQuery({ departmentId, q, page, pageSize }), placeholderData: keepPreviousData });
  const data = list.data;
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
    {
      title: t('console.staff.roles'),
      key: 'roles',
      render: (_, s) => <RoleTags roles={uniqueRoles(s.posts)} t={t} />,
    },
  ];

  return (
    <Card
      title={
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('console.staff.title')}
        </Typography.Title>
      }
      data-testid="staff-page"
    >
      <div className="yw-toolbar">
        <DepartmentSelect
          by="id"
          value={departmentId}
          placeholder={t('console.staff.allDepartments')}
          onChange={(v) => {
            restart();
            setDepartmentId(v);
          }}
          testId="staff-department"
        />
        <SearchBox
          placeholder={t('console.staff.search')}
          onSearch={(v) => {
            restart();
            setQ(v);
          }}
          testId="staff-search"
        />
      </div>
      {error && <Alert type="error" title={error} showIcon style={{ marginBottom: 16 }} />}
      <div data-testid="staff-table">
        <Table<StaffMember>
          rowKey="accountId"
          columns={columns}
          dataSource={data?.items ?? []}
          loading={list.isPending || list.isPlaceholderData}
          size="middle"
          pagination={pagination(data?.total ?? 0)}
        />
      </div>
    </Card>
  );
}
