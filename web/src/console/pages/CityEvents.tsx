// 城市事件: the events the caller may see (an operator: their city; a department: those assigned or
// co-assigned to it; a supervisor: read only), filtered by status, type, source, community and
// number, as a table or on the map of the communities. A row opens the event.
import { useMemo, useState } from 'react';
import { Alert, Card, Checkbox, Input, Segmented, Select, Space, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import {
  areasQuery,
  categoriesQuery,
  eventsQuery,
  type EventFilters,
  type EventSource,
  type EventStatus,
  type EventSummary,
} from '../../shared/api/cityops';
import { communitiesQuery } from '../../shared/api/org';
import { lt } from '../../shared/catalog';
import { CommunityMap, type MapMarker } from '../../shared/community-map';
import { formatDateTime } from '../../shared/format';
import { errorMessage } from '../../shared/i18n';
import { localName, usePaging } from '../common';
import { Deadline, EVENT_STATUSES, placeOf, StatusTag } from '../cityops-parts';

const SOURCES = ['citizen', 'hotline', 'open311', 'sensor', 'patrol'] as const satisfies readonly EventSource[];
const ACTIVE: EventStatus[] = ['open', 'dispatched', 'processing', 'returned'];

export default function CityEventsPage() {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const [view, setView] = useState<'list' | 'map'>('list');
  const { page, pageSize, restart, pagination } = usePaging(20);
  const statuses = (params.get('status') ?? ACTIVE.join(',')).split(',').filter(Boolean) as EventStatus[];
  const filters: EventFilters = {
    ...(statuses.length > 0 ? { status: statuses.join(',') } : {}),
    ...(params.get('category') ? { categoryCode: params.get('category')! } : {}),
    ...(params.get('source') ? { source: params.get('source') as EventSource } : {}),
    ...(params.get('community') ? { communityId: params.get('community')! } : {}),
    ...(params.get('number') ? { number: params.get('number')! } : {}),
    ...(params.get('overdue') === '1' ? { overdue: true } : {}),
    page,
    pageSize,
  };
  const list = useQuery({ ...eventsQuery(filters), placeholderData: keepPreviousData });
  const categories = useQuery(categoriesQuery());
  const communities = useQuery(communitiesQuery({ page: 1, pageSize: 100 }));
  const areas = useQuery({ ...areasQuery(), enabled: view === 'map' });
  const [number, setNumber] = useState(params.get('number') ?? '');

  const set = (key: string, value: string | undefined) => {
    restart();
    setParams(
      (p) => {
        const next = new URLSearchParams(p);
        if (value) next.set(key, value);
        else next.delete(key);
        return next;
      },
      { replace: true },
    );
  };

  const rows = useMemo(() => list.data?.items ?? [], [list.data]);
  const markers = useMemo<MapMarker[]>(
    () =>
      rows.flatMap((e) =>
        e.lat !== null && e.lng !== null
          ? [
              {
                id: e.id,
                lat: e.lat,
                lng: e.lng,
                title: `${e.number} ${lt(e.category.name, lng)}`,
                tone: e.status === 'closed' ? 'closed' : e.urgent || e.overdue ? 'urgent' : 'open',
              } satisfies MapMarker,
            ]
          : [],
      ),
    [rows, lng],
  );

  const columns: TableColumnsType<EventSummary> = [
    {
      title: t('cityops.columns.number'),
      key: 'number',
      render: (_, e) => (
        <Link to={`/cityops/events/${e.id}`} data-testid={`event-link-${e.number}`}>
          {e.number}
        </Link>
      ),
    },
    {
      title: t('cityops.columns.category'),
      key: 'category',
      render: (_, e) => (
        <Space size={4} wrap>
          {lt(e.category.name, lng)}
          {e.urgent && <Tag color="red">{t('cityops.urgent')}</Tag>}
        </Space>
      ),
    },
    { title: t('cityops.columns.source'), key: 'source', render: (_, e) => t(`cityops.sources.${e.source}`) },
    { title: t('cityops.columns.status'), key: 'status', render: (_, e) => <StatusTag status={e.status} /> },
    { title: t('cityops.columns.place'), key: 'place', render: (_, e) => placeOf(e, lng) || t('cityops.none') },
    {
      title: t('cityops.columns.department'),
      key: 'department',
      render: (_, e) => (e.department ? localName(e.department, lng) : t('cityops.none')),
    },
    { title: t('cityops.columns.deadline'), key: 'deadline', render: (_, e) => <Deadline e={e} /> },
    { title: t('cityops.columns.openedAt'), key: 'openedAt', render: (_, e) => formatDateTime(e.openedAt, lng) },
  ];

  return (
    <Card
      title={t('cityops.title')}
      extra={
        <Segmented<'list' | 'map'>
          value={view}
          onChange={setView}
          options={[
            { value: 'list', label: <span data-testid="events-view-list">{t('cityops.list')}</span> },
            { value: 'map', label: <span data-testid="events-view-map">{t('cityops.map')}</span> },
          ]}
        />
      }
      data-testid="city-events-page"
    >
      <Space wrap style={{ marginBottom: 16 }}>
        <Select<EventStatus[]>
          mode="multiple"
          allowClear
          style={{ minWidth: 260 }}
          placeholder={t('cityops.filters.status')}
          value={statuses}
          onChange={(v) => set('status', v.join(',') || 'open,dispatched,processing,returned,closed,merged')}
          options={EVENT_STATUSES.map((s) => ({ value: s, label: t(`cityops.statuses.${s}`) }))}
          data-testid="filter-status"
        />
        <Select<string>
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          style={{ minWidth: 180 }}
          placeholder={t('cityops.filters.category')}
          value={params.get('category') ?? undefined}
          onChange={(v) => set('category', v)}
          options={(categories.data ?? []).map((c) => ({ value: c.code, label: lt(c.name, lng) }))}
          data-testid="filter-category"
        />
        <Select<string>
          allowClear
          style={{ minWidth: 140 }}
          placeholder={t('cityops.filters.source')}
          value={params.get('source') ?? undefined}
          onChange={(v) => set('source', v)}
          options={SOURCES.map((s) => ({ value: s, label: t(`cityops.sources.${s}`) }))}
          data-testid="filter-source"
        />
        <Select<string>
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          style={{ minWidth: 160 }}
          placeholder={t('cityops.filters.community')}
          value={params.get('community') ?? undefined}
          onChange={(v) => set('community', v)}
          options={(communities.data?.items ?? []).map((c) => ({ value: c.id, label: localName(c, lng) }))}
          data-testid="filter-community"
        />
        <Input.Search
          allowClear
          style={{ width: 220 }}
          placeholder={t('cityops.filters.q')}
          value={number}
          onChange={(e) => setNumber(e.target.value)}
          onSearch={(v) => set('number', v.trim() || undefined)}
          data-testid="filter-number"
        />
        <Checkbox
          checked={params.get('overdue') === '1'}
          onChange={(e) => set('overdue', e.target.checked ? '1' : undefined)}
          data-testid="filter-overdue"
        >
          {t('cityops.filters.overdue')}
        </Checkbox>
      </Space>
      {list.error && <Alert type="error" showIcon title={errorMessage(t, list.error)} style={{ marginBottom: 16 }} />}
      {view === 'list' ? (
        <Table<EventSummary>
          rowKey="id"
          size="middle"
          loading={list.isFetching}
          dataSource={rows}
          columns={columns}
          scroll={{ x: 'max-content' }}
          pagination={pagination(list.data?.total ?? 0)}
          data-testid="events-table"
        />
      ) : (
        <>
          <Typography.Paragraph type="secondary">
            {t('common.total', { total: list.data?.total ?? 0 })}
          </Typography.Paragraph>
          <CommunityMap
            areas={areas.data ?? []}
            markers={markers}
            onMarker={(id) => void navigate(`/cityops/events/${id}`)}
            label={t('cityops.mapLabel')}
            className="yw-console-map"
            testId="events-map"
          />
        </>
      )}
    </Card>
  );
}
