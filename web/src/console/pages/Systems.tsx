/**
 * 外部系统 (/exchange/systems): a system admin (all systems) or a department admin (those
 * reading under their department) registers an external system with its public key, disables
 * or enables it, and looks at its latest token requests, issued and refused.
 */
import { useState } from 'react';
import {
  Alert,
  App as AntApp,
  Button,
  Drawer,
  Form,
  Input,
  Popconfirm,
  Radio,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from '@tanstack/react-query';
import {
  registerSystem,
  setSystemStatus,
  signInsQuery,
  systemsQuery,
  type NewExternalSystem,
} from '../../shared/api/exchange-systems';
import { useAuth } from '../../shared/auth';
import type { Answer } from '../../shared/contract';
import { formatDateTime } from '../../shared/format';
import { addText, errorMessage } from '../../shared/i18n';
import { localName, useDepartments } from '../common';
import { FormDialog, RegistryCard } from '../registry-page';
import { systemsText } from '../text-systems';

addText('systems', systemsText);

type ExternalSystem = Answer<'/api/exchange/systems/{id}', 'get'>;
type SignIn = Answer<'/api/exchange/systems/{id}/sign-ins', 'get'>['items'][number];

interface Values {
  name: string;
  nameEn: string;
  clientId?: string;
  organisationKind: 'uscc' | 'department';
  organisation: string;
  departmentCode?: string;
  publicJwk: string;
}

export default function SystemsPage() {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const { me } = useAuth();
  const { message } = AntApp.useApp();
  const systemAdmin = me?.roles.includes('system_admin') ?? false;
  const adminOf = (me?.posts ?? [])
    .filter((p) => p.roles.includes('department_admin') && p.departmentCode)
    .map((p) => p.departmentCode!);
  const isAdmin = systemAdmin || adminOf.length > 0;
  const list = useQuery({ ...systemsQuery(), enabled: isAdmin });
  const departments = useDepartments() ?? [];
  const statusing = useMutation(setSystemStatus);
  const [creating, setCreating] = useState(false);
  const [signInsOf, setSignInsOf] = useState<ExternalSystem | null>(null);

  const deptName = (code: string | null) => {
    if (!code) return '—';
    const d = departments.find((x) => x.code === code);
    return d ? localName(d, lng) : code;
  };

  const toggle = async (s: ExternalSystem) => {
    try {
      await statusing.mutateAsync({ id: s.id, status: s.status === 'active' ? 'disabled' : 'active' });
    } catch (err) {
      void message.error(errorMessage(t, err));
    }
  };

  if (!isAdmin) return <Alert type="info" title={t('systems.notAdmin')} showIcon />;

  const columns: TableColumnsType<ExternalSystem> = [
    { title: t('systems.name'), key: 'name', render: (_, s) => (lng === 'en' ? s.nameEn : s.name) },
    { title: t('systems.clientId'), dataIndex: 'clientId', render: (c: string) => <code>{c}</code> },
    {
      title: t('systems.organisation'),
      key: 'organisation',
      render: (_, s) => (s.organisationKind === 'department' ? deptName(s.organisation) : s.organisation),
    },
    { title: t('systems.department'), key: 'department', render: (_, s) => deptName(s.departmentCode) },
    { title: t('systems.keyAlg'), dataIndex: 'keyAlg', width: 90 },
    {
      title: t('systems.status'),
      key: 'status',
      width: 90,
      render: (_, s) => (
        <Tag color={s.status === 'active' ? 'green' : 'default'} data-testid="system-status">
          {t(`systems.statuses.${s.status}`)}
        </Tag>
      ),
    },
    { title: t('systems.createdAt'), key: 'created', width: 170, render: (_, s) => formatDateTime(s.createdAt, lng) },
    {
      key: 'actions',
      width: 200,
      render: (_, s) => (
        <Space>
          <Button type="link" onClick={() => setSignInsOf(s)} data-testid="system-sign-ins">
            {t('systems.signIns')}
          </Button>
          {s.status === 'active' ? (
            <Popconfirm
              title={t('systems.disableConfirm')}
              okText={t('systems.disable')}
              cancelText={t('common.cancel')}
              okButtonProps={{ 'data-testid': 'system-disable-ok' }}
              onConfirm={() => void toggle(s)}
            >
              <Button type="link" danger data-testid="system-disable">
                {t('systems.disable')}
              </Button>
            </Popconfirm>
          ) : (
            <Button type="link" onClick={() => void toggle(s)} data-testid="system-enable">
              {t('systems.enable')}
            </Button>
          )}
        </Space>
      ),
    },
  ];

  return (
    <RegistryCard<ExternalSystem>
      title={t('systems.title')}
      add={{ label: t('systems.register'), onClick: () => setCreating(true), testId: 'system-register' }}
      intro={<Typography.Paragraph type="secondary">{t('systems.intro')}</Typography.Paragraph>}
      list={list}
      columns={columns}
      testId="systems-page"
      tableTestId="systems-table"
    >
      <SystemForm
        open={creating}
        onClose={() => setCreating(false)}
        departments={(systemAdmin ? departments : departments.filter((d) => adminOf.includes(d.code))).map((d) => ({
          value: d.code,
          label: localName(d, lng),
        }))}
        allowNone={systemAdmin}
      />
      <Drawer
        open={signInsOf !== null}
        onClose={() => setSignInsOf(null)}
        title={`${t('systems.signIns')} · ${signInsOf ? (lng === 'en' ? signInsOf.nameEn : signInsOf.name) : ''}`}
        size="large"
        destroyOnHidden
      >
        {signInsOf && <SignIns id={signInsOf.id} thumbprint={signInsOf.keyThumbprint} />}
      </Drawer>
    </RegistryCard>
  );
}

function SignIns({ id, thumbprint }: { id: string; thumbprint: string }) {
  const { t, i18n } = useTranslation();
  const q = useQuery(signInsQuery(id));
  const columns: TableColumnsType<SignIn> = [
    { title: t('systems.createdAt'), key: 'at', render: (_, s) => formatDateTime(s.at, i18n.language) },
    {
      title: t('systems.outcome'),
      key: 'outcome',
      render: (_, s) => (
        <Tag color={s.outcome === 'issued' ? 'green' : 'red'}>{t(`systems.outcomes.${s.outcome}`)}</Tag>
      ),
    },
    { title: t('systems.refusal'), key: 'refusal', render: (_, s) => (s.refusal ? <code>{s.refusal}</code> : '—') },
    { title: t('systems.ip'), key: 'ip', render: (_, s) => s.ip ?? '—' },
  ];
  return (
    <>
      <Typography.Paragraph type="secondary">
        {t('systems.thumbprint')}: <code>{thumbprint}</code>
      </Typography.Paragraph>
      <Table<SignIn>
        rowKey={(s) => `${s.at}-${s.outcome}-${s.refusal ?? ''}`}
        columns={columns}
        dataSource={q.data ?? []}
        loading={q.isPending}
        pagination={false}
        size="small"
        locale={{ emptyText: t('systems.none') }}
        data-testid="system-sign-ins-table"
      />
    </>
  );
}

function SystemForm(props: {
  open: boolean;
  onClose: () => void;
  departments: { value: string; label: string }[];
  allowNone: boolean;
}) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<Values>();
  const [kind, setKind] = useState<Values['organisationKind']>('uscc');
  const creating = useMutation(registerSystem);
  const required = [{ required: true, message: t('systems.required') }];

  const submit = async (v: Values) => {
    let jwk: NewExternalSystem['publicJwk'];
    try {
      jwk = JSON.parse(v.publicJwk) as NewExternalSystem['publicJwk'];
    } catch {
      form.setFields([{ name: 'publicJwk', errors: [t('systems.jwkInvalid')] }]);
      return;
    }
    const body: NewExternalSystem = {
      name: v.name.trim(),
      nameEn: v.nameEn.trim(),
      organisationKind: v.organisationKind,
      organisation: v.organisation.trim(),
      departmentCode: v.departmentCode ?? null,
      publicJwk: jwk,
      ...(v.clientId?.trim() ? { clientId: v.clientId.trim() } : {}),
    };
    try {
      await creating.mutateAsync(body);
      void message.success(t('systems.registered'));
      form.resetFields();
      props.onClose();
    } catch (err) {
      void message.error(errorMessage(t, err));
    }
  };

  return (
    <FormDialog<Values>
      open={props.open}
      title={t('systems.register')}
      okText={t('systems.save')}
      onClose={props.onClose}
      saving={creating.isPending}
      form={form}
      onFinish={(v) => void submit(v)}
      initialValues={{ organisationKind: 'uscc' }}
      width={640}
      testIds={{ ok: 'system-save', form: 'system-form' }}
    >
      <Form.Item name="name" label={t('systems.name')} rules={required}>
        <Input maxLength={100} data-testid="system-name" />
      </Form.Item>
      <Form.Item name="nameEn" label={t('systems.nameEn')} rules={required}>
        <Input maxLength={200} data-testid="system-name-en" />
      </Form.Item>
      <Form.Item name="clientId" label={t('systems.clientId')} extra={t('systems.clientIdHelp')}>
        <Input maxLength={64} data-testid="system-client-id" />
      </Form.Item>
      <Form.Item name="organisationKind" label={t('systems.organisationKind')}>
        <Radio.Group onChange={(e) => setKind(e.target.value as Values['organisationKind'])}>
          <Radio value="uscc">{t('systems.kinds.uscc')}</Radio>
          <Radio value="department">{t('systems.kinds.department')}</Radio>
        </Radio.Group>
      </Form.Item>
      <Form.Item
        name="organisation"
        label={kind === 'uscc' ? t('systems.organisationUscc') : t('systems.organisationDepartment')}
        rules={required}
      >
        {kind === 'uscc' ? (
          <Input maxLength={18} data-testid="system-organisation" />
        ) : (
          <Select showSearch={{ optionFilterProp: 'label' }} options={props.departments} />
        )}
      </Form.Item>
      <Form.Item
        name="departmentCode"
        label={t('systems.department')}
        extra={t('systems.departmentHelp')}
        rules={props.allowNone ? [] : required}
      >
        <Select
          allowClear={props.allowNone}
          placeholder={props.allowNone ? t('systems.noDepartment') : undefined}
          showSearch={{ optionFilterProp: 'label' }}
          options={props.departments}
          data-testid="system-department"
        />
      </Form.Item>
      <Form.Item name="publicJwk" label={t('systems.publicJwk')} extra={t('systems.publicJwkHelp')} rules={required}>
        <Input.TextArea rows={4} maxLength={2000} data-testid="system-jwk" style={{ fontFamily: 'monospace' }} />
      </Form.Item>
    </FormDialog>
  );
}
