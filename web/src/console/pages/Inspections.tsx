// 双随机抽查 (random inspections) for supervisors and department admins: the inspection items
// (抽查事项清单, legal basis and content); a new draw (item, target filters, ratio, joint
// departments); the commitment as published; making the draw; its result (targets with their
// drawn teams and how far each result is) and the public page where anyone verifies it.
import { useMemo } from 'react';
import {
  App as AntApp,
  Button,
  Card,
  Descriptions,
  Form,
  Input,
  InputNumber,
  Result,
  Select,
  Space,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import type { TableColumnsType } from 'antd';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useAuth } from '../../shared/auth';
import { lt } from '../../shared/catalog';
import { formatDateTime } from '../../shared/format';
import { errorMessage } from '../../shared/i18n';
import {
  commitDraw,
  drawQuery,
  drawsQuery,
  drawTasksQuery,
  itemsQuery,
  makeDraw,
  type DrawSummary,
  type DrawTask,
  type InspectionItem,
  type NewDraw,
  type RiskLevel,
} from '../../shared/api/inspections';

const RISKS: RiskLevel[] = ['low', 'medium', 'high'];

function ItemsTab({ items }: { items: InspectionItem[] }) {
  const { t, i18n } = useTranslation();
  const columns: TableColumnsType<InspectionItem> = [
    { title: t('inspConsole.code'), dataIndex: 'code', width: 120 },
    { title: t('inspConsole.item'), render: (_, r) => lt(r.name, i18n.language) },
    { title: t('inspConsole.department'), dataIndex: 'department', width: 90 },
    { title: t('inspConsole.legalBasis'), dataIndex: 'legalBasis' },
    { title: t('inspConsole.content'), dataIndex: 'content' },
  ];
  return (
    <Table
      rowKey="id"
      size="small"
      columns={columns}
      dataSource={items}
      pagination={false}
      scroll={{ x: 800 }}
      data-testid="insp-items"
    />
  );
}

interface DrawForm {
  itemId: string;
  industries?: string[];
  area?: string;
  riskLevels?: RiskLevel[];
  ratio: number;
  jointDepartments?: string[];
  inspectorsPerDepartment?: number;
}

function NewDrawTab({ items, onCommitted }: { items: InspectionItem[]; onCommitted: (id: string) => void }) {
  const { t, i18n } = useTranslation();
  const { me } = useAuth();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<DrawForm>();
  const commit = useMutation(commitDraw);
  const itemId = Form.useWatch('itemId', form);
  const supervisor = me?.roles.includes('supervisor') ?? false;
  // A department admin draws for their own department's items; a supervisor for any.
  const own = items.filter(
    (i) =>
      supervisor ||
      (me?.posts ?? []).some((p) => p.departmentCode === i.department && p.roles.includes('department_admin')),
  );
  const lead = items.find((i) => i.id === itemId)?.department;
  const departments = [...new Set(items.map((i) => i.department))].filter((d) => d !== lead);
  const submit = (v: DrawForm) => {
    const body: NewDraw = {
      itemId: v.itemId,
      ratioBasisPoints: Math.round(v.ratio * 100),
      ...(v.industries?.length ? { industries: v.industries } : {}),
      ...(v.area?.trim() ? { area: v.area.trim() } : {}),
      ...(v.riskLevels?.length ? { riskLevels: v.riskLevels } : {}),
      ...(v.jointDepartments?.length ? { jointDepartments: v.jointDepartments } : {}),
      ...(v.inspectorsPerDepartment ? { inspectorsPerDepartment: v.inspectorsPerDepartment } : {}),
    };
    commit.mutate(body, {
      onSuccess: (d) => {
        void message.success(t('inspConsole.committedOk'));
        form.resetFields();
        onCommitted(d.id);
      },
      onError: (err) => void message.error(errorMessage(t, err)),
    });
  };
  return (
    <Form<DrawForm>
      form={form}
      layout="vertical"
      initialValues={{ ratio: 10 }}
      onFinish={submit}
      style={{ maxWidth: 640 }}
      data-testid="draw-form"
    >
      <Form.Item name="itemId" label={t('inspConsole.item')} rules={[{ required: true }]}>
        <Select
          data-testid="draw-item"
          showSearch
          optionFilterProp="label"
          options={own.map((i) => ({ value: i.id, label: `${i.code} ${lt(i.name, i18n.language)}` }))}
        />
      </Form.Item>
      <Typography.Title level={5}>{t('inspConsole.filters')}</Typography.Title>
      <Form.Item name="industries" label={t('inspConsole.industries')} extra={t('inspConsole.industriesHint')}>
        <Select mode="tags" data-testid="draw-industries" open={false} suffixIcon={null} />
      </Form.Item>
      <Form.Item name="area" label={t('inspConsole.area')}>
        <Input data-testid="draw-area" maxLength={100} />
      </Form.Item>
      <Form.Item name="riskLevels" label={t('inspConsole.riskLevels')}>
        <Select
          mode="multiple"
          data-testid="draw-risk"
          options={RISKS.map((r) => ({ value: r, label: t(`inspConsole.risk.${r}`) }))}
        />
      </Form.Item>
      <Form.Item name="ratio" label={t('inspConsole.ratio')} rules={[{ required: true }]}>
        <InputNumber min={0.01} max={100} step={1} data-testid="draw-ratio" />
      </Form.Item>
      <Form.Item name="jointDepartments" label={t('inspConsole.joint')} extra={t('inspConsole.jointHint')}>
        <Select mode="multiple" data-testid="draw-joint" options={departments.map((d) => ({ value: d, label: d }))} />
      </Form.Item>
      <Form.Item name="inspectorsPerDepartment" label={t('inspConsole.perDepartment')}>
        <InputNumber min={1} max={5} data-testid="draw-per" />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={commit.isPending} data-testid="draw-commit">
        {t('inspConsole.commit')}
      </Button>
    </Form>
  );
}

function DrawResult({ id }: { id: string }) {
  const { t } = useTranslation();
  const tasks = useQuery(drawTasksQuery(id));
  const columns: TableColumnsType<DrawTask> = [
    {
      title: t('inspConsole.enterprise'),
      render: (_, r) => (
        <Space direction="vertical" size={0}>
          <span>{r.enterpriseName}</span>
          <Typography.Text type="secondary" copyable>
            {r.uscc}
          </Typography.Text>
        </Space>
      ),
    },
    {
      title: t('inspConsole.team'),
      render: (_, r) => (
        <Space wrap data-testid={`draw-team-${r.uscc}`}>
          {r.team.map((m) => (
            <Tag key={m.id}>
              {m.name} · {m.department}
            </Tag>
          ))}
          {r.short && <Tag color="orange">{t('inspConsole.short')}</Tag>}
        </Space>
      ),
    },
    {
      title: t('inspConsole.resultStatus'),
      render: (_, r) => (
        <Space wrap>
          <Tag color={r.outcome === null ? 'default' : r.outcome === 'pass' ? 'green' : 'red'}>
            {r.outcome === null ? t('inspConsole.notEntered') : t(`inspConsole.outcome.${r.outcome}`)}
          </Tag>
          {r.answer !== null && <Tag color="blue">{t('inspConsole.answered')}</Tag>}
        </Space>
      ),
    },
  ];
  return (
    <Table
      rowKey="id"
      size="small"
      loading={tasks.isPending}
      columns={columns}
      dataSource={tasks.data ?? []}
      pagination={false}
      scroll={{ x: 600 }}
      data-testid="draw-result"
    />
  );
}

function DrawDetail({ id }: { id: string }) {
  const { t, i18n } = useTranslation();
  const { message } = AntApp.useApp();
  const draw = useQuery(drawQuery(id));
  const make = useMutation(makeDraw);
  const d = draw.data;
  if (!d) return <Card loading />;
  const run = () =>
    make.mutate(id, {
      onSuccess: (x) => {
        void draw.refetch();
        void message.success(t('inspConsole.drawnOk', { count: x.result?.targets.length ?? 0 }));
      },
      onError: (err) => void message.error(errorMessage(t, err)),
    });
  return (
    <Card
      title={`${d.item.code} ${lt(d.item.name, i18n.language)}`}
      extra={
        <a href={`/inspections/draws/${d.id}`} target="_blank" rel="noopener noreferrer" data-testid="draw-public">
          {t('inspConsole.publicPage')}
        </a>
      }
      data-testid="draw-detail"
    >
      <Descriptions column={1} size="small" bordered>
        <Descriptions.Item label={t('inspConsole.legalBasis')}>{d.item.legalBasis}</Descriptions.Item>
        <Descriptions.Item label={t('inspConsole.department')}>{d.departments.join(' · ')}</Descriptions.Item>
        <Descriptions.Item label={t('inspConsole.filters')}>
          {t('inspConsole.pools', {
            targets: d.pools.targets.length,
            inspectors: d.pools.inspectors.length,
            conflicts: d.pools.conflicts.length,
          })}
          {' · '}
          {d.pools.ratioBasisPoints / 100}%
        </Descriptions.Item>
        <Descriptions.Item label={t('inspConsole.poolsHash')}>
          <Typography.Text code style={{ wordBreak: 'break-all' }}>
            {d.poolsHash}
          </Typography.Text>
        </Descriptions.Item>
        <Descriptions.Item label={t('inspConsole.commitment')}>
          <Typography.Text code style={{ wordBreak: 'break-all' }} data-testid="draw-commitment">
            {d.commitment}
          </Typography.Text>
        </Descriptions.Item>
        <Descriptions.Item label={t('inspConsole.committedAt')}>
          {formatDateTime(d.committedAt, i18n.language)}
        </Descriptions.Item>
        <Descriptions.Item label={t('inspConsole.status')}>
          <Tag color={d.status === 'drawn' ? 'green' : 'gold'} data-testid="draw-status">
            {t(`inspConsole.${d.status}`)}
          </Tag>
        </Descriptions.Item>
      </Descriptions>
      {d.status === 'committed' ? (
        <Space direction="vertical" style={{ marginTop: 16 }}>
          <Typography.Text type="secondary">{t('inspConsole.drawHint')}</Typography.Text>
          <Button type="primary" onClick={run} loading={make.isPending} data-testid="draw-run">
            {t('inspConsole.draw')}
          </Button>
        </Space>
      ) : (
        <div style={{ marginTop: 16 }}>
          <Typography.Title level={5}>{t('inspConsole.result')}</Typography.Title>
          <DrawResult id={d.id} />
        </div>
      )}
    </Card>
  );
}

function DrawsTab({ selected, onSelect }: { selected: string | null; onSelect: (id: string) => void }) {
  const { t, i18n } = useTranslation();
  const draws = useQuery(drawsQuery);
  const columns: TableColumnsType<DrawSummary> = [
    { title: t('inspConsole.item'), render: (_, r) => `${r.item.code} ${lt(r.item.name, i18n.language)}` },
    { title: t('inspConsole.department'), render: (_, r) => r.departments.join(' · ') },
    { title: t('inspConsole.committedAt'), render: (_, r) => formatDateTime(r.committedAt, i18n.language) },
    {
      title: t('inspConsole.status'),
      render: (_, r) => (
        <Tag color={r.drawnAt ? 'green' : 'gold'}>{t(`inspConsole.${r.drawnAt ? 'drawn' : 'committed'}`)}</Tag>
      ),
    },
    {
      title: '',
      render: (_, r) => (
        <Button size="small" onClick={() => onSelect(r.id)} data-testid={`draw-open-${r.id}`}>
          {t('inspConsole.open')}
        </Button>
      ),
    },
  ];
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="large">
      {selected && <DrawDetail id={selected} />}
      <Table
        rowKey="id"
        size="small"
        loading={draws.isPending}
        columns={columns}
        dataSource={draws.data ?? []}
        pagination={false}
        scroll={{ x: 640 }}
        data-testid="draw-list"
      />
    </Space>
  );
}

export default function InspectionsPage() {
  const { t } = useTranslation();
  const { me } = useAuth();
  const [params, setParams] = useSearchParams();
  const allowed = me?.roles.some((r) => r === 'supervisor' || r === 'department_admin') ?? false;
  const items = useQuery({ ...itemsQuery, enabled: allowed });
  const tab = params.get('tab') ?? 'items';
  const selected = params.get('draw');
  const go = useMemo(
    () => (next: { tab: string; draw?: string }) =>
      setParams(next.draw ? { tab: next.tab, draw: next.draw } : { tab: next.tab }),
    [setParams],
  );
  if (!allowed) return <Result status="403" title={t('inspConsole.noAccess')} data-testid="insp-no-access" />;
  return (
    <>
      <Typography.Title level={3}>{t('inspConsole.title')}</Typography.Title>
      <Tabs
        activeKey={tab}
        onChange={(k) => go({ tab: k })}
        items={[
          {
            key: 'items',
            label: <span data-testid="insp-tab-items">{t('inspConsole.tabs.items')}</span>,
            children: <ItemsTab items={items.data ?? []} />,
          },
          {
            key: 'new',
            label: <span data-testid="insp-tab-new">{t('inspConsole.tabs.newDraw')}</span>,
            children: <NewDrawTab items={items.data ?? []} onCommitted={(id) => go({ tab: 'draws', draw: id })} />,
          },
          {
            key: 'draws',
            label: <span data-testid="insp-tab-draws">{t('inspConsole.tabs.draws')}</span>,
            children: <DrawsTab selected={selected} onSelect={(id) => go({ tab: 'draws', draw: id })} />,
          },
        ]}
      />
    </>
  );
}
