import { useState } from 'react';
import { Alert, Button, Card, Descriptions, Drawer, Space, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useLocation } from 'react-router';
import { useTranslation } from 'react-i18next';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { itemQuery, itemsQuery, versionsQuery } from '../../shared/api/catalog';
import { formatLimit, formatVisits, isoDate, labelOf, lt, useDepartmentName } from '../../shared/catalog';
import { formatCount, formatDateTime } from '../../shared/format';
import { errorMessage } from '../../shared/i18n';
import type { ItemSummary, ItemVersion } from '../../shared/contract';
import { DepartmentSelect, SearchBox, usePaging } from '../common';
import type { CatalogReturnState } from '../item-editor/access';
import { DrawerActions, EditLink, NewItemButton } from '../item-editor/CatalogActions';
import '../editor-text';

export default function CatalogPage() {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const departmentName = useDepartmentName(lng);
  const [department, setDepartment] = useState<string | undefined>(undefined);
  const [q, setQ] = useState('');
  const { page, pageSize, restart, pagination } = usePaging();
  // Back from the editor after a save: the item's versions are shown, the new one current.
  const returned = useLocation().state as CatalogReturnState | null;
  const [open, setOpen] = useState<Pick<ItemSummary, 'code' | 'name'> | null>(returned?.open ?? null);
  const list = useQuery({ ...itemsQuery({ department, q, page, pageSize }), placeholderData: keepPreviousData });
  const data = list.data;
  const error = list.error ? errorMessage(t, list.error) : null;

  const columns: TableColumnsType<ItemSummary> = [
    {
      title: t('console.catalog.name'),
      key: 'name',
      render: (_, it) => (
        <div>
          <div>{lt(it.name, lng)}</div>
          <Typography.Text type="secondary" style={{ fontSize: 12 }} copyable={{ text: it.code }}>
            {it.code}
          </Typography.Text>
        </div>
      ),
    },
    {
      title: t('console.catalog.department'),
      key: 'department',
      width: 180,
      render: (_, it) => departmentName(it.departmentCode),
    },
    { title: t('console.catalog.type'), key: 'type', width: 120, render: (_, it) => labelOf(t, 'type', it.type) },
    {
      title: t('console.catalog.targetUsers'),
      key: 'targetUsers',
      width: 120,
      render: (_, it) => it.targetUsers.map((u) => <Tag key={u}>{labelOf(t, 'targetUser', u)}</Tag>),
    },
    {
      title: t('console.catalog.promisedLimit'),
      key: 'limit',
      width: 130,
      render: (_, it) => formatLimit(t, it.promisedLimit),
    },
    { title: t('console.catalog.visits'), key: 'visits', width: 110, render: (_, it) => formatVisits(t, it.visits) },
    { title: t('console.catalog.version'), dataIndex: 'version', width: 80, align: 'right' },
    {
      title: t('console.catalog.uses'),
      dataIndex: 'uses',
      width: 90,
      align: 'right',
      render: (n: number) => formatCount(n, lng),
    },
    {
      key: 'actions',
      width: 110,
      render: (_, it) => (
        <Space size={0}>
          <Button type="link" size="small" onClick={() => setOpen(it)} data-testid="view-item">
            {t('console.catalog.view')}
          </Button>
          <EditLink code={it.code} departmentCode={it.departmentCode} />
        </Space>
      ),
    },
  ];

  return (
    <Card
      title={
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('console.catalog.title')}
        </Typography.Title>
      }
      extra={<NewItemButton />}
      data-testid="catalog-page"
    >
      <div className="yw-toolbar">
        <DepartmentSelect
          by="code"
          value={department}
          placeholder={t('console.catalog.allDepartments')}
          onChange={(v) => {
            restart();
            setDepartment(v);
          }}
          testId="catalog-department"
        />
        <SearchBox
          placeholder={t('console.catalog.search')}
          onSearch={(v) => {
            restart();
            setQ(v);
          }}
          testId="catalog-search"
        />
      </div>
      {error && <Alert type="error" title={error} showIcon style={{ marginBottom: 16 }} />}
      <div data-testid="catalog-table">
        <Table<ItemSummary>
          rowKey="code"
          columns={columns}
          dataSource={data?.items ?? []}
          loading={list.isPending || list.isPlaceholderData}
          size="middle"
          pagination={pagination(data?.total ?? 0)}
        />
      </div>
      <Drawer
        open={open !== null}
        onClose={() => setOpen(null)}
        size={720}
        title={open ? t('console.catalog.detail', { name: lt(open.name, lng) }) : ''}
        destroyOnHidden
      >
        {open && <ItemDrawer code={open.code} onRetired={() => setOpen(null)} />}
      </Drawer>
    </Card>
  );
}

function ItemDrawer({ code, onRetired }: { code: string; onRetired: () => void }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const departmentName = useDepartmentName(lng);
  const versions = useQuery(versionsQuery(code));
  const [version, setVersion] = useState<number | null>(null);
  const detail = useQuery(itemQuery(code, version));
  const error = versions.error ?? detail.error;

  const columns: TableColumnsType<ItemVersion> = [
    {
      title: t('console.catalog.versionNo'),
      dataIndex: 'version',
      width: 90,
      render: (v: number) => (
        <Button type="link" size="small" onClick={() => setVersion(v)} data-testid="version-link">
          v{v}
        </Button>
      ),
    },
    {
      title: t('console.catalog.status'),
      dataIndex: 'status',
      width: 110,
      render: (s: string, row) => (
        <Space size={4}>
          <Tag color={s === 'published' ? 'green' : 'default'}>{labelOf(t, 'status', s)}</Tag>
          {row.effectiveTo === null && s === 'published' && <Tag color="red">{t('console.catalog.current')}</Tag>}
        </Space>
      ),
    },
    {
      title: t('console.catalog.effectiveFrom'),
      dataIndex: 'effectiveFrom',
      render: (d: string) => formatDateTime(d, lng),
    },
    {
      title: t('console.catalog.effectiveTo'),
      dataIndex: 'effectiveTo',
      render: (d: string | null) => (d ? formatDateTime(d, lng) : '—'),
    },
  ];

  const d = detail.data;
  const it = d?.item;
  return (
    <div data-testid="item-drawer">
      {error ? <Alert type="error" title={errorMessage(t, error)} showIcon style={{ marginBottom: 16 }} /> : null}
      <Typography.Title level={5}>{t('console.catalog.versions')}</Typography.Title>
      <div data-testid="versions-table">
        <Table<ItemVersion>
          rowKey="version"
          columns={columns}
          dataSource={versions.data?.items ?? []}
          loading={versions.isPending}
          pagination={false}
          size="small"
          rowClassName={(row) => (d && row.version === d.version ? 'ant-table-row-selected' : '')}
        />
      </div>
      <Typography.Title level={5} style={{ marginTop: 24 }}>
        {t('console.catalog.details')}
        {d ? ` · v${d.version}` : ''}
      </Typography.Title>
      {it && d && (
        <DrawerActions
          code={code}
          name={it.name}
          departmentCode={it.departmentCode}
          current={d.current && d.status === 'published'}
          onRetired={onRetired}
        />
      )}
      {it && d && (
        <Descriptions column={1} bordered size="small" data-testid="item-details">
          <Descriptions.Item label={t('console.catalog.name')}>{lt(it.name, lng)}</Descriptions.Item>
          <Descriptions.Item label={t('console.catalog.code')}>{it.handlingItemCode}</Descriptions.Item>
          <Descriptions.Item label={t('console.catalog.basicCode')}>{it.basicCode}</Descriptions.Item>
          <Descriptions.Item label={t('console.catalog.implementationCode')}>{it.implementationCode}</Descriptions.Item>
          <Descriptions.Item label={t('console.catalog.department')}>
            {departmentName(it.departmentCode)}
          </Descriptions.Item>
          <Descriptions.Item label={t('citizen.guide.implementingBody')}>
            {lt(it.implementingBody, lng)}
          </Descriptions.Item>
          <Descriptions.Item label={t('console.catalog.type')}>
            {labelOf(t, 'type', it.type)} · {labelOf(t, 'level', it.level)}
            {it.handlingKind ? ` · ${labelOf(t, 'handlingKind', it.handlingKind)}` : ''}
          </Descriptions.Item>
          <Descriptions.Item label={t('console.catalog.targetUsers')}>
            {it.targetUsers.map((u) => labelOf(t, 'targetUser', u)).join(' / ')}
          </Descriptions.Item>
          <Descriptions.Item label={t('citizen.guide.statutoryLimit')}>
            {it.statutoryLimit ? formatLimit(t, it.statutoryLimit) : '—'}
          </Descriptions.Item>
          <Descriptions.Item label={t('console.catalog.promisedLimit')}>
            {formatLimit(t, it.promisedLimit)}
          </Descriptions.Item>
          <Descriptions.Item label={t('console.catalog.visits')}>
            {formatVisits(t, it.visits)}
            {it.visits > 0 && it.visitsReason ? ` (${it.visitsReason})` : ''}
          </Descriptions.Item>
          <Descriptions.Item label={t('citizen.guide.channels')}>
            {it.channels.map((c) => (
              <Tag key={c}>{labelOf(t, 'channel', c)}</Tag>
            ))}
          </Descriptions.Item>
          <Descriptions.Item label={t('citizen.guide.scope')}>{labelOf(t, 'scope', it.scope)}</Descriptions.Item>
          <Descriptions.Item label={t('citizen.guide.fees')}>
            {it.fees.length === 0
              ? t('citizen.guide.free')
              : it.fees
                  .map((f) => `${lt(f.name, lng)} ${t('citizen.guide.feeAmount', { amount: f.amountYuan })}`)
                  .join('；')}
          </Descriptions.Item>
          <Descriptions.Item label={t('citizen.guide.result')}>
            {lt(it.result.name, lng)} {it.result.electronic && <Tag color="green">{t('citizen.guide.electronic')}</Tag>}
          </Descriptions.Item>
          <Descriptions.Item label={t('console.catalog.materials')}>
            {it.materials.length === 0
              ? t('citizen.guide.noMaterials')
              : it.materials.map((m) => (
                  <div key={m.code}>
                    {lt(m.name, lng)}{' '}
                    {m.source === 'shared' ? (
                      <Tag color="green">{t('catalog.shared')}</Tag>
                    ) : (
                      <Tag>{m.required ? t('citizen.guide.required') : t('citizen.guide.optional')}</Tag>
                    )}
                  </div>
                ))}
          </Descriptions.Item>
          <Descriptions.Item label={t('console.catalog.form')}>
            {t('console.catalog.formFields', { count: it.form.sections.reduce((n, s) => n + s.fields.length, 0) })}
          </Descriptions.Item>
          <Descriptions.Item label={t('console.catalog.processCode')}>{it.processCode}</Descriptions.Item>
          <Descriptions.Item label={t('citizen.guide.legalBasis')}>
            {it.legalBasis.map((b, i) => (
              <div key={i}>{b}</div>
            ))}
          </Descriptions.Item>
          <Descriptions.Item label={t('console.catalog.version')}>
            {t('catalog.version', { version: d.version, date: isoDate(d.effectiveFrom) })}
          </Descriptions.Item>
        </Descriptions>
      )}
    </div>
  );
}
