import { useState } from 'react';
import {
  Alert,
  App as AntApp,
  Button,
  Card,
  Descriptions,
  Form,
  Input,
  Popconfirm,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { changePassword as changePasswordCall } from '../../shared/api/identity';
import { ApiError } from '../../shared/client';
import { useAuth } from '../../shared/auth';
import { errorMessage, fieldErrorMessage } from '../../shared/i18n';
import type { Post } from '../../shared/contract';
import { useRegionNames } from '../common';
import { useDepartmentName } from '../../shared/catalog';
import { RoleTags } from '../posts';

interface PwValues {
  currentPassword: string;
  newPassword: string;
  confirm: string;
}

export default function AccountPage() {
  const { t, i18n } = useTranslation();
  const { me, signOut } = useAuth();
  const { message } = AntApp.useApp();
  const navigate = useNavigate();
  const regionName = useRegionNames(i18n.language);
  const departmentName = useDepartmentName(i18n.language);
  const [form] = Form.useForm<PwValues>();
  const [saving, setSaving] = useState(false);
  const [pwError, setPwError] = useState<string | null>(null);

  if (!me) return null;

  const changePassword = async (v: PwValues) => {
    setSaving(true);
    setPwError(null);
    try {
      await changePasswordCall(v.currentPassword, v.newPassword);
      form.resetFields();
      void message.success(t('common.passwordChanged'));
    } catch (err) {
      if (err instanceof ApiError && err.code === 'PASSWORD_WRONG') {
        form.setFields([{ name: 'currentPassword', errors: [errorMessage(t, err)] }]);
      } else if (err instanceof ApiError && err.details.length) {
        const byField = err.fieldErrors();
        const fields = (['currentPassword', 'newPassword'] as const).filter((f) => byField[f]);
        form.setFields(
          fields.map((f) => ({ name: f, errors: (byField[f] ?? []).map((d) => fieldErrorMessage(t, d)) })),
        );
        if (!fields.length) setPwError(errorMessage(t, err));
      } else setPwError(errorMessage(t, err));
    } finally {
      setSaving(false);
    }
  };

  const postColumns: TableColumnsType<Post> = [
    { title: t('console.account.postTitle'), dataIndex: 'title' },
    {
      title: t('console.account.department'),
      key: 'department',
      render: (_, p) => (p.departmentCode ? departmentName(p.departmentCode) : (p.departmentName ?? '—')),
    },
    { title: t('console.account.community'), dataIndex: 'communityName', render: (v: string | null) => v ?? '—' },
    { title: t('console.account.region'), dataIndex: 'regionCode', render: (c: string) => regionName(c) },
    { title: t('console.account.roles'), key: 'roles', render: (_, p) => <RoleTags roles={p.roles} t={t} /> },
  ];

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }} data-testid="account-page">
      <Card title={t('console.account.profile')}>
        <Descriptions column={{ xs: 1, md: 2 }} bordered size="small">
          <Descriptions.Item label={t('console.account.displayName')}>
            <span data-testid="account-name">{me.displayName}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t('console.account.username')}>{me.username ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('console.account.phone')}>{me.phoneMasked ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('console.account.totp')}>
            {me.totpEnabled ? (
              <Tag color="success">{t('console.account.totpOn')}</Tag>
            ) : (
              <Tag color="warning">{t('console.account.totpOff')}</Tag>
            )}
          </Descriptions.Item>
          <Descriptions.Item label={t('console.account.roles')} span={2}>
            <RoleTags roles={me.roles} t={t} />
          </Descriptions.Item>
        </Descriptions>
      </Card>

      <Card title={t('console.account.posts')}>
        <div data-testid="posts-table">
          <Table<Post> rowKey="id" columns={postColumns} dataSource={me.posts} pagination={false} size="small" />
        </div>
      </Card>

      <Card title={t('console.account.security')}>
        <Typography.Title level={5}>{t('common.changePassword')}</Typography.Title>
        <Form
          form={form}
          layout="vertical"
          style={{ maxWidth: 400 }}
          onFinish={(v) => void changePassword(v)}
          requiredMark={false}
        >
          <Form.Item
            name="currentPassword"
            label={t('common.currentPassword')}
            rules={[{ required: true, message: t('common.required', { field: t('common.currentPassword') }) }]}
          >
            <Input.Password autoComplete="current-password" />
          </Form.Item>
          <Form.Item
            name="newPassword"
            label={t('common.newPassword')}
            extra={t('common.passwordHint')}
            rules={[{ required: true, message: t('common.required', { field: t('common.newPassword') }) }]}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Form.Item
            name="confirm"
            label={t('common.confirmPassword')}
            dependencies={['newPassword']}
            rules={[
              { required: true, message: t('common.required', { field: t('common.confirmPassword') }) },
              ({ getFieldValue }) => ({
                validator: (_r, value) =>
                  !value || getFieldValue('newPassword') === value
                    ? Promise.resolve()
                    : Promise.reject(new Error(t('common.passwordMismatch'))),
              }),
            ]}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          {pwError && <Alert type="error" title={pwError} showIcon style={{ marginBottom: 16 }} />}
          <Button type="primary" htmlType="submit" loading={saving}>
            {t('common.save')}
          </Button>
        </Form>
        <div style={{ marginTop: 32 }}>
          <Popconfirm
            title={t('common.signOutConfirm')}
            okText={t('common.signOut')}
            cancelText={t('common.cancel')}
            onConfirm={async () => {
              await signOut().catch(() => undefined);
              void message.success(t('common.signedOut'));
              void navigate('/', { replace: true });
            }}
          >
            <Button danger data-testid="sign-out">
              {t('common.signOut')}
            </Button>
          </Popconfirm>
        </div>
      </Card>
    </Space>
  );
}
