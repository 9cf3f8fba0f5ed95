/**
 * Open311 接口密钥 (/cityops/open311-keys): a city operator issues API keys to the apps and
 * city systems that report through Open311 GeoReport v2, sees when each was last used, and
 * revokes them. A new key is shown once, in the dialog that issues it.
 */
import { useState } from 'react';
import { Alert, App as AntApp, Button, Form, Input, Modal, Popconfirm, Space, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from '@tanstack/react-query';
import { issueOpen311Key, open311KeysQuery, revokeOpen311Key, type NewOpen311Key } from '../../shared/api/open311-keys';
import { useAuth } from '../../shared/auth';
import type { Answer } from '../../shared/contract';
import { formatDateTime } from '../../shared/format';
import { errorMessage } from '../../shared/i18n';
import { FormDialog, RegistryCard } from '../registry-page';

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
    <RegistryCard<Key>
      title={t('open311.title')}
      add={{ label: t('open311.issue'), onClick: () => setIssuing(true), testId: 'open311-issue' }}
      intro={
        <>
          <Typography.Paragraph type="secondary">{t('open311.intro')}</Typography.Paragraph>
          <Typography.Paragraph>
            {t('open311.endpoint')}: <code>{`${window.location.origin}/open311/v2/discovery.xml`}</code>
          </Typography.Paragraph>
        </>
      }
      list={list}
      columns={columns}
      empty={t('open311.none')}
      testId="open311-keys-page"
      tableTestId="open311-keys-table"
    >
      <IssueForm open={issuing} onClose={() => setIssuing(false)} />
    </RegistryCard>
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
    <FormDialog<NewOpen311Key>
      open={props.open}
      title={t('open311.issue')}
      okText={t('open311.save')}
      onClose={close}
      saving={issuing.isPending}
      form={form}
      onFinish={(v) => void submit(v)}
      testIds={{ ok: 'open311-save', form: 'open311-form' }}
    >
      <Form.Item name="name" label={t('open311.name')} extra={t('open311.nameHelp')} rules={required}>
        <Input maxLength={100} data-testid="open311-name" />
      </Form.Item>
      <Form.Item name="contact" label={t('open311.contact')} extra={t('open311.contactHelp')} rules={required}>
        <Input maxLength={200} data-testid="open311-contact" />
      </Form.Item>
    </FormDialog>
  );
}
