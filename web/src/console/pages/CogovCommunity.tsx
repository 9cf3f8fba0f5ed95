/**
 * 社区志愿与公告 (/cogov/community): community staff post volunteer tasks and check volunteers
 * in and out at the place (scanning or typing the code the volunteer's app shows), and publish
 * notices to their community's residents.
 */
import { useState } from 'react';
import {
  Alert,
  App as AntApp,
  Button,
  Card,
  Checkbox,
  Form,
  Input,
  InputNumber,
  Modal,
  Popconfirm,
  Select,
  Space,
  Table,
  Tabs,
  Tag,
} from 'antd';
import type { TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from '@tanstack/react-query';
import {
  cancelTask,
  checkVolunteer,
  createTask,
  publishNotice,
  rosterQuery,
  staffNoticesQuery,
  staffTasksQuery,
  withdrawNotice,
  type CommunityNotice,
  type VolunteerTask,
} from '../../shared/api/cogov-civic';
import { useAuth } from '../../shared/auth';
import { formatDateTime } from '../../shared/format';
import { errorMessage } from '../../shared/i18n';

type Community = { id: string; name: string };

function useCommunities(): Community[] {
  const { me } = useAuth();
  const seen = new Map<string, string>();
  for (const p of me?.posts ?? []) if (p.communityId) seen.set(p.communityId, p.communityName ?? p.communityId);
  return [...seen].map(([id, name]) => ({ id, name }));
}

const iso = (local: string) => new Date(local).toISOString();

function CheckIn({ task, onClose }: { task: VolunteerTask; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const { message } = AntApp.useApp();
  const roster = useQuery(rosterQuery(task.id));
  const check = useMutation(checkVolunteer);
  const [code, setCode] = useState('');
  const act = async (c: string, direction: 'in' | 'out') => {
    try {
      const s = await check.mutateAsync({ id: task.id, code: c, direction });
      void message.success(
        direction === 'in' ? t('civicConsole.checkedIn') : t('civicConsole.checkedOut', { minutes: s.minutes ?? 0 }),
      );
      setCode('');
      void roster.refetch();
    } catch (err) {
      void message.error(errorMessage(t, err));
    }
  };
  type Row = NonNullable<typeof roster.data>['signups'][number];
  const columns: TableColumnsType<Row> = [
    { title: t('civicConsole.volunteer'), dataIndex: 'name' },
    { title: t('civicConsole.codeLabel'), dataIndex: 'code', render: (c: string) => <code>{c}</code> },
    {
      title: t('civicConsole.status'),
      key: 'status',
      render: (_, s) => (
        <Tag
          color={s.status === 'checked_out' ? 'green' : s.status === 'checked_in' ? 'blue' : 'default'}
          data-testid="roster-status"
        >
          {t(`civicConsole.signupStatuses.${s.status}`)}
        </Tag>
      ),
    },
    { title: t('civicConsole.minutes'), dataIndex: 'minutes', render: (m: number | null) => m ?? '—' },
    {
      key: 'act',
      render: (_, s) =>
        s.status === 'signed_up' ? (
          <Button size="small" onClick={() => void act(s.code, 'in')} data-testid="roster-check-in">
            {t('civicConsole.checkIn')}
          </Button>
        ) : s.status === 'checked_in' ? (
          <Button size="small" onClick={() => void act(s.code, 'out')} data-testid="roster-check-out">
            {t('civicConsole.checkOut')}
          </Button>
        ) : null,
    },
  ];
  return (
    <Modal
      open
      title={t('civicConsole.checkInTitle', { title: task.title })}
      onCancel={onClose}
      footer={null}
      width={760}
    >
      <p>
        {formatDateTime(task.startsAt, i18n.language)} · {task.place}
      </p>
      <Space.Compact style={{ width: '100%', marginBottom: 12 }}>
        <Input
          value={code}
          onChange={(e) => setCode(e.target.value.toUpperCase())}
          placeholder={t('civicConsole.codeLabel')}
          aria-label={t('civicConsole.codeLabel')}
          onPressEnter={() => code.trim() && void act(code.trim(), 'in')}
          data-testid="checkin-code-input"
        />
        <Button
          type="primary"
          disabled={!code.trim()}
          onClick={() => void act(code.trim(), 'in')}
          data-testid="checkin-submit"
        >
          {t('civicConsole.checkIn')}
        </Button>
        <Button disabled={!code.trim()} onClick={() => void act(code.trim(), 'out')} data-testid="checkout-submit">
          {t('civicConsole.checkOut')}
        </Button>
      </Space.Compact>
      <Table
        rowKey="code"
        size="small"
        columns={columns}
        dataSource={roster.data?.signups ?? []}
        pagination={false}
        data-testid="roster"
      />
    </Modal>
  );
}

function Tasks({ communities }: { communities: Community[] }) {
  const { t, i18n } = useTranslation();
  const { message } = AntApp.useApp();
  const tasks = useQuery(staffTasksQuery);
  const create = useMutation(createTask);
  const cancel = useMutation(cancelTask);
  const [open, setOpen] = useState<VolunteerTask | null>(null);
  const [form] = Form.useForm();
  const names = new Map(communities.map((c) => [c.id, c.name]));
  const submit = async (v: {
    communityId: string;
    title: string;
    description: string;
    place: string;
    skills?: string;
    startsAt: string;
    endsAt: string;
    slots: number;
  }) => {
    try {
      await create.mutateAsync({
        communityId: v.communityId,
        title: v.title,
        description: v.description,
        place: v.place,
        skills: (v.skills ?? '')
          .split(/[,，、]/)
          .map((s) => s.trim())
          .filter(Boolean),
        startsAt: iso(v.startsAt),
        endsAt: iso(v.endsAt),
        slots: v.slots,
      });
      void message.success(t('civicConsole.created'));
      form.resetFields();
    } catch (err) {
      void message.error(errorMessage(t, err));
    }
  };
  const columns: TableColumnsType<VolunteerTask> = [
    { title: t('civicConsole.title'), dataIndex: 'title' },
    { title: t('civicConsole.community'), key: 'c', render: (_, x) => names.get(x.communityId) ?? '' },
    { title: t('civicConsole.startsAt'), key: 's', render: (_, x) => formatDateTime(x.startsAt, i18n.language) },
    { title: t('civicConsole.taken'), key: 'n', render: (_, x) => `${x.taken}/${x.slots}` },
    {
      title: t('civicConsole.status'),
      key: 'st',
      render: (_, x) => (
        <Tag color={x.status === 'open' ? 'green' : 'default'}>{t(`civicConsole.taskStatuses.${x.status}`)}</Tag>
      ),
    },
    {
      key: 'act',
      render: (_, x) => (
        <Space>
          <Button size="small" type="primary" onClick={() => setOpen(x)} data-testid="task-roster">
            {t('civicConsole.roster')}
          </Button>
          {x.status === 'open' && (
            <Popconfirm
              title={t('civicConsole.cancelConfirm')}
              onConfirm={() =>
                cancel.mutateAsync(x.id).catch((err: unknown) => void message.error(errorMessage(t, err)))
              }
            >
              <Button size="small" danger>
                {t('civicConsole.cancel')}
              </Button>
            </Popconfirm>
          )}
        </Space>
      ),
    },
  ];
  return (
    <>
      <Card title={t('civicConsole.newTask')} size="small" style={{ marginBottom: 16 }}>
        <Form
          form={form}
          layout="vertical"
          onFinish={(v) => void submit(v)}
          initialValues={{ communityId: communities[0]?.id, slots: 10 }}
        >
          <Form.Item name="communityId" label={t('civicConsole.community')} rules={[{ required: true }]}>
            <Select options={communities.map((c) => ({ value: c.id, label: c.name }))} />
          </Form.Item>
          <Form.Item name="title" label={t('civicConsole.title')} rules={[{ required: true, max: 100 }]}>
            <Input data-testid="task-title" />
          </Form.Item>
          <Form.Item name="description" label={t('civicConsole.description')} rules={[{ required: true, max: 2000 }]}>
            <Input.TextArea rows={2} data-testid="task-description" />
          </Form.Item>
          <Form.Item name="place" label={t('civicConsole.place')} rules={[{ required: true, max: 200 }]}>
            <Input data-testid="task-place" />
          </Form.Item>
          <Form.Item name="skills" label={t('civicConsole.skills')}>
            <Input />
          </Form.Item>
          <Space wrap>
            <Form.Item name="startsAt" label={t('civicConsole.startsAt')} rules={[{ required: true }]}>
              <Input type="datetime-local" data-testid="task-starts" />
            </Form.Item>
            <Form.Item name="endsAt" label={t('civicConsole.endsAt')} rules={[{ required: true }]}>
              <Input type="datetime-local" data-testid="task-ends" />
            </Form.Item>
            <Form.Item name="slots" label={t('civicConsole.slots')} rules={[{ required: true }]}>
              <InputNumber min={1} max={1000} data-testid="task-slots" />
            </Form.Item>
          </Space>
          <Button type="primary" htmlType="submit" loading={create.isPending} data-testid="task-create">
            {t('civicConsole.submit')}
          </Button>
        </Form>
      </Card>
      <Table
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={tasks.data ?? []}
        loading={tasks.isPending}
        data-testid="staff-tasks"
      />
      {open && <CheckIn task={open} onClose={() => setOpen(null)} />}
    </>
  );
}

function Notices({ communities }: { communities: Community[] }) {
  const { t, i18n } = useTranslation();
  const { message } = AntApp.useApp();
  const notices = useQuery(staffNoticesQuery);
  const publish = useMutation(publishNotice);
  const withdraw = useMutation(withdrawNotice);
  const [form] = Form.useForm();
  const submit = async (v: { communityId: string; title: string; body: string; important?: boolean }) => {
    try {
      await publish.mutateAsync({ ...v, important: v.important === true });
      void message.success(t('civicConsole.published'));
      form.resetFields();
    } catch (err) {
      void message.error(errorMessage(t, err));
    }
  };
  const columns: TableColumnsType<CommunityNotice> = [
    {
      title: t('civicConsole.title'),
      key: 'title',
      render: (_, n) => (
        <>
          {n.important && <Tag color="red">{t('civicConsole.important')}</Tag>}
          {n.title}
        </>
      ),
    },
    { title: t('civicConsole.publishedAt'), key: 'at', render: (_, n) => formatDateTime(n.publishedAt, i18n.language) },
    { title: t('civicConsole.readers'), dataIndex: 'readers' },
    {
      key: 'act',
      render: (_, n) =>
        n.withdrawn ? (
          <Tag>{t('civicConsole.withdrawn')}</Tag>
        ) : (
          <Button
            size="small"
            onClick={() => withdraw.mutateAsync(n.id).catch((err: unknown) => void message.error(errorMessage(t, err)))}
          >
            {t('civicConsole.withdraw')}
          </Button>
        ),
    },
  ];
  return (
    <>
      <Card title={t('civicConsole.newNotice')} size="small" style={{ marginBottom: 16 }}>
        <Form
          form={form}
          layout="vertical"
          onFinish={(v) => void submit(v)}
          initialValues={{ communityId: communities[0]?.id }}
        >
          <Form.Item name="communityId" label={t('civicConsole.community')} rules={[{ required: true }]}>
            <Select options={communities.map((c) => ({ value: c.id, label: c.name }))} />
          </Form.Item>
          <Form.Item name="title" label={t('civicConsole.title')} rules={[{ required: true, max: 100 }]}>
            <Input data-testid="notice-title" />
          </Form.Item>
          <Form.Item name="body" label={t('civicConsole.body')} rules={[{ required: true, max: 5000 }]}>
            <Input.TextArea rows={4} data-testid="notice-body" />
          </Form.Item>
          <Form.Item name="important" valuePropName="checked">
            <Checkbox>{t('civicConsole.important')}</Checkbox>
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={publish.isPending} data-testid="notice-publish">
            {t('civicConsole.submit')}
          </Button>
        </Form>
      </Card>
      <Table rowKey="id" size="small" columns={columns} dataSource={notices.data ?? []} loading={notices.isPending} />
    </>
  );
}

export default function CogovCommunityPage() {
  const { t } = useTranslation();
  const communities = useCommunities();
  if (communities.length === 0) return <Alert type="info" title={t('civicConsole.notStaff')} showIcon />;
  return (
    <Tabs
      items={[
        { key: 'tasks', label: t('civicConsole.tasks'), children: <Tasks communities={communities} /> },
        { key: 'notices', label: t('civicConsole.notices'), children: <Notices communities={communities} /> },
      ]}
    />
  );
}
