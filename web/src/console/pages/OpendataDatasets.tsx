/**
 * 开放数据集 (/opendata/datasets): every dataset of the departments whose data officer (or admin)
 * one is, drafts and withdrawn ones included; a public one can be withdrawn with the reason, and a
 * withdrawn one reinstated with the reason.
 */
import { useState } from 'react';
import { Alert, App as AntApp, Button, Card, Form, Input, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { changeDatasetState, departmentDatasetsQuery, type DepartmentDataset } from '../../shared/api/opendata-portal';
import { useAuth } from '../../shared/auth';
import { formatDateTime } from '../../shared/format';
import { errorMessage } from '../../shared/i18n';
import { FormDialog } from '../registry-page';
import { PIPELINE_ROLES } from './Pipelines';

const COLOR: Record<DepartmentDataset['state'], string> = { draft: 'default', active: 'green', withdrawn: 'red' };

type Change = { dataset: DepartmentDataset; change: 'withdraw' | 'reinstate' };

export default function OpendataDatasetsPage() {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const { me } = useAuth();
  const allowed = me?.roles.some((r) => PIPELINE_ROLES.has(r)) ?? false;
  const list = useQuery({ ...departmentDatasetsQuery(), enabled: allowed });
  const [changing, setChanging] = useState<Change | null>(null);
  if (!allowed) return <Alert type="info" title={t('odportal.noAccess')} showIcon />;

  const columns: TableColumnsType<DepartmentDataset> = [
    {
      title: t('odportal.datasets.dataset'),
      key: 'title',
      render: (_, d) => (
        <div>
          <Typography.Text strong>{lng === 'en' ? d.titleEn : d.title}</Typography.Text>
          <div>
            <code>{d.name}</code> · {lng === 'en' ? d.organisation.titleEn : d.organisation.title}
          </div>
          {d.withdrawal && (
            <Typography.Text type="secondary">
              {t('odportal.datasets.withdrawnAt', {
                at: formatDateTime(d.withdrawal.at, lng),
                reason: d.withdrawal.reason,
              })}
            </Typography.Text>
          )}
        </div>
      ),
    },
    { title: t('odportal.datasets.version'), key: 'version', width: 90, render: (_, d) => d.version ?? '—' },
    {
      title: t('odportal.datasets.state'),
      key: 'state',
      width: 100,
      render: (_, d) => (
        <Tag color={COLOR[d.state]} data-testid={`oddataset-state-${d.name}`}>
          {t(`odportal.datasets.states.${d.state}`)}
        </Tag>
      ),
    },
    {
      key: 'act',
      width: 90,
      render: (_, d) =>
        d.state === 'withdrawn' ? (
          <Button
            type="link"
            onClick={() => setChanging({ dataset: d, change: 'reinstate' })}
            data-testid={`oddataset-reinstate-${d.name}`}
          >
            {t('odportal.datasets.reinstate')}
          </Button>
        ) : (
          <Button
            type="link"
            danger
            onClick={() => setChanging({ dataset: d, change: 'withdraw' })}
            data-testid={`oddataset-withdraw-${d.name}`}
          >
            {t('odportal.datasets.withdraw')}
          </Button>
        ),
    },
  ];

  return (
    <Card
      title={
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('odportal.datasets.title')}
        </Typography.Title>
      }
      data-testid="oddatasets-page"
    >
      <Typography.Paragraph type="secondary">{t('odportal.datasets.intro')}</Typography.Paragraph>
      {list.error ? <Alert type="error" title={errorMessage(t, list.error)} showIcon /> : null}
      <Table<DepartmentDataset>
        rowKey="id"
        columns={columns}
        dataSource={list.data ?? []}
        loading={list.isPending}
        pagination={false}
        size="middle"
        scroll={{ x: 700 }}
        locale={{ emptyText: t('odportal.datasets.none') }}
        data-testid="oddatasets-table"
      />
      <ChangeDialog changing={changing} onClose={() => setChanging(null)} />
    </Card>
  );
}

function ChangeDialog({ changing, onClose }: { changing: Change | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<{ reason: string }>();
  const saving = useMutation(changeDatasetState);
  const withdraw = changing?.change !== 'reinstate';

  const submit = async (v: { reason: string }) => {
    if (!changing) return;
    try {
      await saving.mutateAsync({ name: changing.dataset.name, reason: v.reason.trim(), change: changing.change });
      void message.success(t(withdraw ? 'odportal.datasets.withdrawn' : 'odportal.datasets.reinstated'));
      form.resetFields();
      onClose();
    } catch (err) {
      void message.error(errorMessage(t, err));
    }
  };

  return (
    <FormDialog<{ reason: string }>
      open={changing !== null}
      title={`${t(withdraw ? 'odportal.datasets.withdrawTitle' : 'odportal.datasets.reinstateTitle')} · ${changing?.dataset.name ?? ''}`}
      okText={t(withdraw ? 'odportal.datasets.withdraw' : 'odportal.datasets.reinstate')}
      onClose={onClose}
      saving={saving.isPending}
      form={form}
      onFinish={(v) => void submit(v)}
      testIds={{ ok: 'oddataset-withdraw-ok', form: 'oddataset-withdraw-form' }}
    >
      <Form.Item
        name="reason"
        label={t(withdraw ? 'odportal.datasets.reason' : 'odportal.datasets.reinstateReason')}
        rules={[
          {
            required: true,
            whitespace: true,
            min: 2,
            message: t(withdraw ? 'odportal.datasets.reasonRequired' : 'odportal.datasets.reinstateReasonRequired'),
          },
        ]}
      >
        <Input.TextArea rows={3} maxLength={500} data-testid="oddataset-withdraw-reason" />
      </Form.Item>
    </FormDialog>
  );
}
