import { useState } from 'react';
import { Alert, Button, Card, Descriptions, Drawer, Table, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { communitiesQuery, communityQuery } from '../../shared/api/org';
import { formatCount } from '../../shared/format';
import { errorMessage } from '../../shared/i18n';
import type { CommunityDetail, CommunitySummary, Grid } from '../../shared/contract';
import { SearchBox, localName, usePaging, useRegionNames } from '../common';

const PAGE_SIZE = 20;

export default function CommunitiesPage() {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const regionName = useRegionNames(lng);
  const [q, setQ] = useState('');
  const { page, pageSize, restart, pagination } = usePaging(PAGE_SIZE);
  const [openId, setOpenId] = useState<string | null>(null);
  const list = useQuery({ ...communitiesQuery({ q, page, pageSize }), placeholderData: keepPreviousData });
  const details = useQuery({ ...communityQuery(openId ?? ''), enabled: openId !== null });
  const data = list.data;
  const error = list.error ? errorMessage(t, list.error) : null;
  const detail: CommunityDetail | null = details.data ?? null;
  const detailError = details.error ? errorMessage(t, details.error) : null;

  const columns: TableColumnsType<CommunitySummary> = [
    { title: t('console.communities.code'), dataIndex: 'code', width: 170 },
    { title: t('console.communities.name'), key: 'name', render: (_, c) => localName(c, lng) },
    { title: t('console.communities.region'), key: 'region', render: (_, c) => regionName(c.regionCode) },
    { title: t('console.communities.gridCount'), dataIndex: 'gridCount', align: 'right', width: 100 },
    {
      title: t('console.communities.residentCount'),
      dataIndex: 'residentCount',
      align: 'right',
      width: 130,
      render: (n: number) => formatCount(n, lng),
    },
    {
      key: 'actions',
      width: 120,
      render: (_, c) => (
        <Button type="link" onClick={() => setOpenId(c.id)} data-testid="view-grids">
          {t('console.communities.viewGrids')}
        </Button>
      ),
    },
  ];

  const gridColumns: TableColumnsType<Grid> = [
    { title: t('console.communities.gridCode'), dataIndex: 'code' },
    { title: t('console.communities.gridName'), key: 'name', render: (_, g) => localName(g, lng) },
    {
      title: t('console.communities.residentCount'),
      dataIndex: 'residentCount',
      align: 'right',
      render: (n: number) => formatCount(n, lng),
    },
  ];

  return (
    <Card
      title={
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('console.communities.title')}
        </Typography.Title>
      }
      data-testid="communities-page"
    >
      <div className="yw-toolbar">
        <SearchBox
          placeholder={t('console.communities.search')}
          maxWidth={360}
          onSearch={(v) => {
            restart();
            setQ(v);
          }}
          testId="communities-search"
        />
      </div>
      {error && <Alert type="error" title={error} showIcon style={{ marginBottom: 16 }} />}
      <div data-testid="communities-table">
        <Table<CommunitySummary>
          rowKey="id"
          columns={columns}
          dataSource={data?.items ?? []}
          loading={list.isPending || list.isPlaceholderData}
          size="middle"
          onRow={(c) => ({ onDoubleClick: () => setOpenId(c.id) })}
          pagination={pagination(data?.total ?? 0, { pageSizeOptions: [10, 20, 50, 100] })}
        />
      </div>
      <Drawer
        open={openId !== null}
        onClose={() => setOpenId(null)}
        size={560}
        title={
          detail
            ? t('console.communities.gridsOf', { name: localName(detail, lng) })
            : t('console.communities.viewGrids')
        }
        destroyOnHidden
      >
        <div data-testid="grids-drawer-body">
          {detailError && <Alert type="error" title={detailError} showIcon />}
          {detail && (
            <>
              <Descriptions column={1} size="small" bordered style={{ marginBottom: 16 }}>
                <Descriptions.Item label={t('console.communities.code')}>{detail.code}</Descriptions.Item>
                <Descriptions.Item label={t('console.communities.region')}>
                  {regionName(detail.regionCode)}
                </Descriptions.Item>
                <Descriptions.Item label={t('console.communities.residentCount')}>
                  {formatCount(detail.residentCount, lng)}
                </Descriptions.Item>
                <Descriptions.Item label={t('console.communities.gridCount')}>{detail.grids.length}</Descriptions.Item>
              </Descriptions>
              <div data-testid="grids-table">
                <Table<Grid>
                  rowKey="id"
                  columns={gridColumns}
                  dataSource={detail.grids}
                  pagination={false}
                  size="small"
                />
              </div>
            </>
          )}
          {!detail && !detailError && (
            <Table loading columns={gridColumns} dataSource={[]} pagination={false} size="small" />
          )}
        </div>
      </Drawer>
    </Card>
  );
}
