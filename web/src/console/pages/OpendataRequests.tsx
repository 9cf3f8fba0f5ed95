/**
 * 数据开放申请 (/opendata/requests): the requests for data not yet published that citizens and
 * enterprises sent to the departments whose data officer (or admin) one is, the open ones first;
 * each is answered (optionally naming a published dataset) or declined with the reason.
 */
import { useState } from 'react';
import { Alert, App as AntApp, Button, Card, Form, Input, Radio, Segmented, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import {
  answerRequest,
  requestQueueQuery,
  type DataRequest,
  type RequestAnswer,
} from '../../shared/api/opendata-portal';
import { useAuth } from '../../shared/auth';
import { formatDateTime } from '../../shared/format';
import { errorMessage } from '../../shared/i18n';
import { FormDialog } from '../registry-page';
import { PIPELINE_ROLES } from './Pipelines';

type Filter = 'all' | DataRequest['status'];
const COLOR: Record<DataRequest['status'], string> = { submitted: 'orange', answered: 'green', declined: 'default' };

export default function OpendataRequestsPage() {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const { me } = useAuth();
  const allowed = me?.roles.some((r) => PIPELINE_ROLES.has(r)) ?? false;
  const [filter, setFilter] = useState<Filter>('submitted');
  const list = useQuery({ ...requestQueueQuery(filter === 'all' ? undefined : filter), enabled: allowed });
  const [answering, setAnswering] = useState<DataRequest | null>(null);
  if (!allowed) return <Alert type="info" title={t('odportal.noAccess')} showIcon />;

  const columns: TableColumnsType<DataRequest> = [
    {
      title: t('odportal.requests.title_'),
      key: 'title',
      render: (_, r) => (
        <div>
          <Typography.Text strong>{r.title}</Typography.Text>
          <div>{r.description}</div>
          <Typography.Text type="secondary">
            {t('odportal.requests.purpose')}
            {t('common.colon')}
            {r.purpose}
          </Typography.Text>
        </div>
      ),
    },
    {
      title: t('odportal.requests.department'),
      key: 'department',
      width: 140,
      render: (_, r) => (lng === 'en' ? r.department.nameEn : r.department.name),
    },
    {
      title: t('odportal.requests.requester'),
      key: 'requester',
      width: 120,
      render: (_, r) => r.enterpriseName ?? t('odportal.requests.citizen'),
    },
    {
      title: t('odportal.requests.createdAt'),
      key: 'created',
      width: 160,
      render: (_, r) => formatDateTime(r.createdAt, lng),
    },
    {
      title: t('odportal.requests.status'),
      key: 'status',
      width: 220,
      render: (_, r) => (
        <div>
          <Tag color={COLOR[r.status]} data-testid="odreq-status">
            {t(`odportal.requests.filter.${r.status}`)}
          </Tag>
          {r.answer && <div>{r.answer}</div>}
        </div>
      ),
    },
    {
      key: 'act',
      width: 90,
      render: (_, r) =>
        r.status === 'submitted' ? (
          <Button type="link" onClick={() => setAnswering(r)} data-testid="odreq-answer">
            {t('odportal.requests.act')}
          </Button>
        ) : null,
    },
  ];

  return (
    <Card
      title={
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('odportal.requests.title')}
        </Typography.Title>
      }
      data-testid="odreq-page"
    >
      <Typography.Paragraph type="secondary">{t('odportal.requests.intro')}</Typography.Paragraph>
      <Segmented<Filter>
        value={filter}
        onChange={setFilter}
        options={(['submitted', 'answered', 'declined', 'all'] as const).map((f) => ({
          value: f,
          label: t(`odportal.requests.filter.${f}`),
        }))}
        style={{ marginBottom: 12 }}
      />
      {list.error ? <Alert type="error" title={errorMessage(t, list.error)} showIcon /> : null}
      <Table<DataRequest>
        rowKey="id"
        columns={columns}
        dataSource={list.data ?? []}
        loading={list.isPending}
        pagination={false}
        size="middle"
        scroll={{ x: 900 }}
        locale={{ emptyText: t('odportal.requests.none') }}
        data-testid="odreq-table"
      />
      <AnswerDialog request={answering} onClose={() => setAnswering(null)} />
    </Card>
  );
}

function AnswerDialog({ request, onClose }: { request: DataRequest | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<RequestAnswer>();
  const answering = useMutation(answerRequest);

  const submit = async (v: RequestAnswer) => {
    if (!request) return;
    try {
      const datasetName = v.datasetName?.trim() || null;
      await answering.mutateAsync({
        id: request.id,
        body: { decision: v.decision, answer: v.answer.trim(), ...(datasetName ? { datasetName } : {}) },
      });
      void message.success(t('odportal.requests.saved'));
      onClose();
    } catch (err) {
      void message.error(errorMessage(t, err));
    }
  };

  return (
    <FormDialog<RequestAnswer>
      open={request !== null}
      title={request?.title ?? ''}
      okText={t('odportal.requests.save')}
      onClose={onClose}
      saving={answering.isPending}
      form={form}
      initialValues={{ decision: 'answered' }}
      onFinish={(v) => void submit(v)}
      testIds={{ ok: 'odreq-save', form: 'odreq-form' }}
    >
      <Form.Item name="decision" label={t('odportal.requests.decision')}>
        <Radio.Group>
          <Radio value="answered" data-testid="odreq-decision-answered">
            {t('odportal.requests.decisions.answered')}
          </Radio>
          <Radio value="declined" data-testid="odreq-decision-declined">
            {t('odportal.requests.decisions.declined')}
          </Radio>
        </Radio.Group>
      </Form.Item>
      <Form.Item
        name="answer"
        label={t('odportal.requests.answerText')}
        rules={[{ required: true, whitespace: true, message: t('odportal.requests.answerRequired') }]}
      >
        <Input.TextArea rows={4} maxLength={2000} data-testid="odreq-answer-text" />
      </Form.Item>
      <Form.Item
        name="datasetName"
        label={t('odportal.requests.datasetName')}
        extra={t('odportal.requests.datasetHelp')}
      >
        <Input maxLength={100} data-testid="odreq-dataset" />
      </Form.Item>
    </FormDialog>
  );
}
