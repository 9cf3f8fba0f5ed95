/**
 * 数据共享授权 (/exchange/grants): a department admin lists the grants of their department's
 * registries and the grants their department received, reviews one, creates a grant and
 * revokes one (reads under it are refused from then on, and the refusal is logged).
 */
import { useState } from 'react';
import {
  Alert,
  App as AntApp,
  Button,
  Card,
  Descriptions,
  Drawer,
  Popconfirm,
  Space,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import type { TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from '@tanstack/react-query';
import { grantsQuery, registriesQuery, revokeGrant } from '../../shared/api/exchange';
import { useAuth } from '../../shared/auth';
import { lt } from '../../shared/catalog';
import type { SharingGrant } from '../../shared/contract';
import { formatDate, formatDateTime } from '../../shared/format';
import { addText, errorMessage } from '../../shared/i18n';
import { localName, useDepartments } from '../common';
import { GrantForm } from '../grant-form';
import { grantsText } from '../text-grants';

addText('grants', grantsText);

const STATE_COLOR: Record<SharingGrant['state'], string> = {
  active: 'green',
  scheduled: 'blue',
  ended: 'default',
  revoked: 'red',
};

export default function GrantsPage() {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const { me } = useAuth();
  const { message } = AntApp.useApp();
  const adminOf = new Set(
    (me?.posts ?? [])
      .filter((p) => p.roles.includes('department_admin') && p.departmentCode)
      .map((p) => p.departmentCode!),
  );
  const isAdmin = adminOf.size > 0;
  const grants = useQuery({ ...grantsQuery(), enabled: isAdmin });
  const registries = useQuery(registriesQuery()).data ?? [];
  const departments = useDepartments() ?? [];
  const revoking = useMutation(revokeGrant);
  const [creating, setCreating] = useState(false);
  const [openId, setOpenId] = useState<string | null>(null);

  const deptName = (code: string | null) => {
    if (!code) return '';
    const d = departments.find((x) => x.code === code);
    return d ? localName(d, lng) : code;
  };
  const registry = (code: string) => registries.find((r) => r.code === code);
  const fieldLabel = (reg: string, key: string) => {
    const label = registry(reg)?.fields.find((f) => f.key === key)?.label;
    return label ? lt(label, lng) : key;
  };
  const grantee = (g: SharingGrant) =>
    g.granteeDepartment
      ? deptName(g.granteeDepartment)
      : g.granteeItem
        ? `${t('grants.granteeItem')} ${g.granteeItem}`
        : `${t('grants.granteeSystem')} ${g.granteeSystem ?? ''}`;

  const revoke = async (g: SharingGrant) => {
    try {
      await revoking.mutateAsync(g.id);
      void message.success(t('grants.revoked'));
    } catch (err) {
      void message.error(errorMessage(t, err));
    }
  };

  if (!isAdmin) return <Alert type="info" title={t('grants.notAdmin')} showIcon />;

  const all = grants.data ?? [];
  const owned = all.filter((g) => adminOf.has(g.ownerDepartment));
  const received = all.filter((g) => !adminOf.has(g.ownerDepartment));
  const open = all.find((g) => g.id === openId) ?? null;

  const columns = (mine: boolean): TableColumnsType<SharingGrant> => [
    {
      title: t('grants.registry'),
      key: 'registry',
      render: (_, g) => lt(registry(g.registry)?.name, lng) || g.registry,
    },
    mine
      ? { title: t('grants.grantee'), key: 'grantee', render: (_, g) => grantee(g) }
      : { title: t('grants.owner'), key: 'owner', render: (_, g) => deptName(g.ownerDepartment) },
    { title: t('grants.purpose'), dataIndex: 'purpose', ellipsis: true },
    {
      title: t('grants.statutory'),
      key: 'statutory',
      width: 110,
      render: (_, g) => (g.statutory ? t('grants.statutoryShort') : t('grants.consentShort')),
    },
    {
      title: t('grants.endsAt'),
      key: 'ends',
      width: 140,
      render: (_, g) => (g.endsAt ? formatDate(g.endsAt, lng) : t('grants.noEnd')),
    },
    {
      title: t('grants.state'),
      key: 'state',
      width: 100,
      render: (_, g) => (
        <Tag color={STATE_COLOR[g.state]} data-testid="grant-state">
          {t(`grants.states.${g.state}`)}
        </Tag>
      ),
    },
    {
      key: 'actions',
      width: 150,
      render: (_, g) => (
        <Space>
          <Button type="link" onClick={() => setOpenId(g.id)} data-testid="grant-review">
            {t('grants.review')}
          </Button>
          {mine && (g.state === 'active' || g.state === 'scheduled') && (
            <Popconfirm
              title={t('grants.revokeConfirm')}
              okText={t('grants.revoke')}
              cancelText={t('common.cancel')}
              onConfirm={() => void revoke(g)}
              okButtonProps={{ 'data-testid': 'grant-revoke-ok' }}
            >
              <Button type="link" danger data-testid="grant-revoke">
                {t('grants.revoke')}
              </Button>
            </Popconfirm>
          )}
        </Space>
      ),
    },
  ];

  const table = (rows: SharingGrant[], mine: boolean, testId: string) => (
    <div data-testid={testId}>
      <Table<SharingGrant>
        rowKey="id"
        columns={columns(mine)}
        dataSource={rows}
        loading={grants.isPending}
        size="middle"
        locale={{ emptyText: t('grants.empty') }}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
      />
    </div>
  );

  return (
    <Card
      title={
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('grants.title')}
        </Typography.Title>
      }
      extra={
        <Button type="primary" onClick={() => setCreating(true)} data-testid="grant-create">
          {t('grants.create')}
        </Button>
      }
      data-testid="grants-page"
    >
      <Typography.Paragraph type="secondary">{t('grants.intro')}</Typography.Paragraph>
      {grants.error && (
        <Alert type="error" title={errorMessage(t, grants.error)} showIcon style={{ marginBottom: 16 }} />
      )}
      <Tabs
        items={[
          { key: 'owned', label: t('grants.owned'), children: table(owned, true, 'grants-owned') },
          { key: 'received', label: t('grants.received'), children: table(received, false, 'grants-received') },
        ]}
      />
      <GrantForm
        open={creating}
        onClose={() => setCreating(false)}
        registries={registries.filter((r) => adminOf.has(r.ownerDepartment))}
      />
      <Drawer
        open={open !== null}
        onClose={() => setOpenId(null)}
        size={560}
        title={t('grants.details')}
        destroyOnHidden
      >
        {open && (
          <Descriptions column={1} size="small" bordered data-testid="grant-details">
            <Descriptions.Item label={t('grants.registry')}>
              {lt(registry(open.registry)?.name, lng) || open.registry} · {deptName(open.ownerDepartment)}
            </Descriptions.Item>
            <Descriptions.Item label={t('grants.grantee')}>{grantee(open)}</Descriptions.Item>
            <Descriptions.Item label={t('grants.fields')}>
              {open.fields.map((f) => fieldLabel(open.registry, f)).join('、')}
            </Descriptions.Item>
            <Descriptions.Item label={t('grants.purpose')}>{open.purpose}</Descriptions.Item>
            <Descriptions.Item label={t('grants.legalBasis')}>{open.legalBasis}</Descriptions.Item>
            <Descriptions.Item label={t('grants.statutory')}>
              {open.statutory ? t('grants.statutoryShort') : t('grants.consentShort')}
            </Descriptions.Item>
            <Descriptions.Item label={t('grants.startsAt')}>{formatDateTime(open.startsAt, lng)}</Descriptions.Item>
            <Descriptions.Item label={t('grants.endsAt')}>
              {open.endsAt ? formatDateTime(open.endsAt, lng) : t('grants.noEnd')}
            </Descriptions.Item>
            <Descriptions.Item label={t('grants.state')}>{t(`grants.states.${open.state}`)}</Descriptions.Item>
            <Descriptions.Item label={t('grants.createdAt')}>{formatDateTime(open.createdAt, lng)}</Descriptions.Item>
            {open.revokedAt && (
              <Descriptions.Item label={t('grants.revokedAt')}>{formatDateTime(open.revokedAt, lng)}</Descriptions.Item>
            )}
          </Descriptions>
        )}
      </Drawer>
    </Card>
  );
}
