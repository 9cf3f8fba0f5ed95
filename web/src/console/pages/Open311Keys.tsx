/**
 * Open311 接口密钥 (/cityops/open311-keys): a city operator issues API keys to the apps and
 * city systems that report through Open311 GeoReport v2, sees when each was last used, and
 * revokes them. A new key is shown once, in the dialog that issues it.
 */
import { useState } from 'react';
import {
  Alert,
  App as AntApp,
  Button,
  Card,
  Form,
  Input,
  Modal,
  Popconfirm,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from '@tanstack/react-query';
import { issueOpen311Key, open311KeysQuery, revokeOpen311Key, type NewOpen311Key } from '../../shared/api/open311-keys';
import { useAuth } from '../../shared/auth';
import type { Answer } from '../../shared/contract';
import { formatDateTime } from '../../shared/format';
import { errorMessage } from '../../shared/i18n';

type Key = Answer<'/api/cityops/open311/keys', 'get'>['items'][number];

export default function Open311KeysPage() {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const { me } = useAuth();
  const { message } = AntApp.useApp();
  const operator = me?.roles.includes('city_operator') ?? false;
  const list = useQuery({ ...open311KeysQuery(), enabled: operator });
  const revoking = useMutation(revokeOpen311Key);
  const [issuing, setIssuing] = useState(false);

  if (!operator) return <Alert type="info" title={t('open311.notOperator')} showIcon />;

  const revoke = async (k: Key) => {
    try {
      await revoking.mutateAsync(k.id);
      void message.success(t('open311.revoked'));
    } catch (err) {
      void message.error(errorMessage(t, err));
    }
  };

  const columns: TableColumnsType<Key> = [
    { title: t('open311.name'), dataIndex: 'name' },
    { title: t('open311.contact'), dataIndex: 'contact' },
    { title: t('open311.keyPrefix'), key: 'prefix', render: (_, k) => <code>{k.keyPrefix}…</code> },
    { title: t('open311.createdAt'), key: 'created', width: 170, render: (_, k) => formatDateTime(k.createdAt, lng) },
    {
      title: t('open311.lastUsedAt'),
      key: 'used',
      width: 170,
      render: (_, k) => (k.lastUsedAt ? formatDateTime(k.lastUsedAt, lng) : t('open311.never')),
    },
    {
      title: t('open311.status'),
      key: 'status',
      width: 90,
      render: (_, k) => (
        <Tag color={k.revokedAt ? 'default' : 'green'} data-testid="open311-key-status">
          {t(`open311.statuses.${k.revokedAt ? 'revoked' : 'active'}`)}
        </Tag>
      ),
    },
    {
      key: 'actions',
      width: 100,
      render: (_, k) =>
        k.revokedAt ? null : (
          <Popconfirm
            title={t('open311.revokeConfirm')}
            okText={t('open311.revoke')}
            cancelText={t('common.cancel')}
            okButtonProps={{ 'data-testid': 'open311-revoke-ok' }}
            onConfirm={() => void revoke(k)}
          >
            <Button type="link" danger data-testid="open311-revoke">
              {t('open311.revoke')}
            </Button>
          </Popconfirm>
        ),
    },
  ];

  return (
    <Card
      title={
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('open311.title')}
        </Typography.Title>
      }
      extra={
        <Button type="primary" onClick={() => setIssuing(true)} data-testid="open311-issue">
          {t('open311.issue')}
        </Button>
      }
      data-testid="open311-keys-page"
    >
      <Typography.Paragraph type="secondary">{t('open311.intro')}</Typography.Paragraph>
      <Typography.Paragraph>
        {t('open311.endpoint')}: <code>{`${window.location.origin}/open311/v2/discovery.xml`}</code>
      </Typography.Paragraph>
      {list.error && <Alert type="error" title={errorMessage(t, list.error)} showIcon style={{ marginBottom: 16 }} />}
      <Table<Key>
        rowKey="id"
        columns={columns}
        dataSource={list.data ?? []}
        loading={list.isPending}
        pagination={false}
        size="middle"
        locale={{ emptyText: t('open311.none') }}
        data-testid="open311-keys-table"
      />
      <IssueForm open={issuing} onClose={() => setIssuing(false)} />
    </Card>
  );
}

function IssueForm(props: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<NewOpen311Key>();
  const issuing = useMutation(issueOpen311Key);
  const [key, setKey] = useState<string | null>(null);
  const required = [{ required: true, whitespace: true, message: t('open311.required') }];

  const submit = async (v: NewOpen311Key) => {
    try {
      const issued = await issuing.mutateAsync({ name: v.name.trim(), contact: v.contact.trim() });
      setKey(issued.key);
      form.resetFields();
    } catch (err) {
      void message.error(errorMessage(t, err));
    }
  };
  const close = () => {
    setKey(null);
    props.onClose();
  };
  const copy = async () => {
    if (!key) return;
    await navigator.clipboard.writeText(key).then(
      () => void message.success(t('open311.copied')),
      () => undefined,
    );
  };

  if (key)
    return (
      <Modal
        open={props.open}
        title={t('open311.issued')}
        onCancel={close}
        footer={
          <Button type="primary" onClick={close} data-testid="open311-issued-close">
            {t('open311.close')}
          </Button>
        }
      >
        <Alert type="warning" title={t('open311.issuedHelp')} showIcon style={{ marginBottom: 12 }} />
        <Space.Compact style={{ width: '100%' }}>
          <Input readOnly value={key} data-testid="open311-issued-key" style={{ fontFamily: 'monospace' }} />
          <Button onClick={() => void copy()}>{t('open311.copy')}</Button>
        </Space.Compact>
      </Modal>
    );

  return (
    <Modal
      open={props.open}
      title={t('open311.issue')}
      okText={t('open311.save')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={close}
      confirmLoading={issuing.isPending}
      destroyOnHidden
      okButtonProps={{ 'data-testid': 'open311-save' }}
    >
      <Form<NewOpen311Key> form={form} layout="vertical" onFinish={(v) => void submit(v)} data-testid="open311-form">
        <Form.Item name="name" label={t('open311.name')} extra={t('open311.nameHelp')} rules={required}>
          <Input maxLength={100} data-testid="open311-name" />
        </Form.Item>
        <Form.Item name="contact" label={t('open311.contact')} extra={t('open311.contactHelp')} rules={required}>
          <Input maxLength={200} data-testid="open311-contact" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
