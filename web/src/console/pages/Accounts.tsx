import { useState } from 'react';
import { Alert, App as AntApp, Button, Card, Modal, Segmented, Space, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import { accountsQuery, recoverStaff } from '../../shared/api/identity';
import { useAuth } from '../../shared/auth';
import { errorMessage } from '../../shared/i18n';
import type { AccountStatus, AccountSummary } from '../../shared/contract';
import { SearchBox, usePaging } from '../common';

type Kind = 'all' | 'citizen' | 'staff';
const STATUS_COLOR = { active: 'green', disabled: 'default', frozen: 'red' } as const satisfies Record<
  AccountStatus,
  string
>;

/**
 * 账号安全: accounts for the system and security admins; the security admin resets a staff
 * member's password and second factor (never their own), and hands the temporary password over.
 */
export default function AccountsPage() {
  const { t } = useTranslation();
  const { me } = useAuth();
  const { modal } = AntApp.useApp();
  const [kind, setKind] = useState<Kind>('staff');
  const [q, setQ] = useState('');
  const [issued, setIssued] = useState<{ name: string; password: string } | null>(null);
  const { page, pageSize, restart, pagination } = usePaging();
  const list = useQuery({
    ...accountsQuery({ ...(kind === 'all' ? {} : { kind }), ...(q ? { q } : {}), page, pageSize }),
    placeholderData: keepPreviousData,
  });
  const recover = useMutation(recoverStaff);
  const data = list.data;
  const error = list.error ? errorMessage(t, list.error) : null;
  const securityAdmin = me?.roles.includes('security_admin') ?? false;

  const reset = (a: AccountSummary) => {
    modal.confirm({
      title: t('security.accounts.resetTitle', { name: a.displayName }),
      content: t('security.accounts.resetBody'),
      okText: t('security.accounts.resetOk'),
      okButtonProps: { danger: true, 'data-testid': 'reset-confirm' },
      cancelText: t('common.cancel'),
      onOk: async () => {
        try {
          const r = await recover.mutateAsync(a.id);
          setIssued({ name: a.displayName, password: r.temporaryPassword });
        } catch (err) {
          modal.error({ title: errorMessage(t, err) });
        }
      },
    });
  };

  const columns: TableColumnsType<AccountSummary> = [
    { title: t('security.accounts.name'), dataIndex: 'displayName', width: 120 },
    {
      title: t('security.accounts.username'),
      dataIndex: 'username',
      width: 140,
      render: (u: string | null) => u ?? '—',
    },
    {
      title: t('security.accounts.type'),
      dataIndex: 'kind',
      width: 100,
      render: (k: AccountSummary['kind']) => t(`security.accounts.kind.${k}`),
    },
    {
      title: t('security.accounts.status'),
      dataIndex: 'status',
      width: 90,
      render: (s: AccountStatus) => (
        <Tag color={STATUS_COLOR[s]} data-testid={`status-${s}`}>
          {t(`security.accounts.statuses.${s}`)}
        </Tag>
      ),
    },
    {
      title: t('security.accounts.assurance'),
      dataIndex: 'assuranceLevel',
      width: 110,
      render: (l: AccountSummary['assuranceLevel']) => t(`assurance.${l}`),
    },
    {
      title: t('security.accounts.totp'),
      dataIndex: 'totpEnabled',
      width: 110,
      render: (on: boolean, a) =>
        a.kind === 'staff' ? t(on ? 'security.accounts.totpOn' : 'security.accounts.totpOff') : '—',
    },
    {
      title: t('security.accounts.phone'),
      dataIndex: 'phoneMasked',
      width: 130,
      render: (p: string | null) => p ?? '—',
    },
    {
      title: t('security.accounts.actions'),
      key: 'actions',
      render: (_, a) =>
        securityAdmin && a.kind === 'staff' && a.id !== me?.id ? (
          <Button size="small" danger onClick={() => reset(a)} data-testid={`reset-${a.username ?? a.id}`}>
            {t('security.accounts.reset')}
          </Button>
        ) : null,
    },
  ];

  return (
    <Card
      title={
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('security.accounts.title')}
        </Typography.Title>
      }
      data-testid="accounts-page"
    >
      <div className="yw-toolbar">
        <Segmented<Kind>
          value={kind}
          onChange={(v) => {
            restart();
            setKind(v);
          }}
          options={[
            { value: 'staff', label: t('security.accounts.kind.staff') },
            { value: 'citizen', label: t('security.accounts.kind.citizen') },
            { value: 'all', label: t('security.accounts.kindAll') },
          ]}
        />
        <SearchBox
          placeholder={t('security.accounts.search')}
          onSearch={(v) => {
            restart();
            setQ(v);
          }}
          testId="accounts-search"
        />
      </div>
      {error && <Alert type="error" title={error} showIcon style={{ marginBottom: 16 }} />}
      <div data-testid="accounts-table">
        <Table<AccountSummary>
          rowKey="id"
          columns={columns}
          dataSource={data?.items ?? []}
          loading={list.isPending || list.isPlaceholderData}
          size="middle"
          pagination={pagination(data?.total ?? 0)}
        />
      </div>
      <Modal
        open={issued !== null}
        title={issued?.name}
        closable={false}
        maskClosable={false}
        footer={
          <Button type="primary" onClick={() => setIssued(null)} data-testid="temporary-close">
            {t('security.accounts.close')}
          </Button>
        }
      >
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Typography.Paragraph>{t('security.accounts.resetDone')}</Typography.Paragraph>
          <Typography.Text strong>{t('security.accounts.temporaryPassword')}</Typography.Text>
          <Typography.Text className="yw-code" copyable data-testid="temporary-password">
            {issued?.password}
          </Typography.Text>
        </Space>
      </Modal>
    </Card>
  );
}
