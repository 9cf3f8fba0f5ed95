/**
 * One publishing pipeline (/opendata/pipelines/:key): its query, output schema and
 * de-identification; a preview; the data officer's review (approve or reject the schema seen);
 * a release on request; its runs with each release's de-identification report; its reviews.
 */
import { useState } from 'react';
import { Alert, App as AntApp, Button, Card, Col, Form, Input, Modal, Row, Space, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { pipelineQuery, previewPipeline, reviewPipeline, runPipeline } from '../../shared/api/opendata-pipelines';
import { useAuth } from '../../shared/auth';
import type { Answer } from '../../shared/contract';
import { formatDateTime } from '../../shared/format';
import { errorMessage } from '../../shared/i18n';
import { Loading } from '../common';
import { OutcomeTag, ReportView, ReviewTag, SpecView } from '../pipeline-parts';

type Detail = Answer<'/api/opendata/pipelines/{key}', 'get'>;
type Run = Detail['runs'][number];
type Preview = Answer<'/api/opendata/pipelines/{key}/preview', 'post'>;

export default function PipelinePage() {
  const { key = '' } = useParams();
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const { me } = useAuth();
  const { message } = AntApp.useApp();
  const detail = useQuery(pipelineQuery(key));
  const preview = useMutation(previewPipeline);
  const run = useMutation(runPipeline);
  const [previewed, setPreviewed] = useState<Preview | null>(null);
  const [reviewing, setReviewing] = useState<'approved' | 'rejected' | null>(null);

  if (detail.error) return <Alert type="error" title={errorMessage(t, detail.error)} showIcon />;
  if (!detail.data) return <Loading />;
  const d = detail.data;
  const p = d.pipeline;
  const officer = me?.posts.some((x) => x.departmentCode === p.department && x.roles.includes('data_officer')) ?? false;

  const doPreview = async () => {
    try {
      setPreviewed(await preview.mutateAsync(key));
    } catch (err) {
      void message.error(errorMessage(t, err));
    }
  };
  const doRun = async () => {
    try {
      const r = await run.mutateAsync({ key, idempotencyKey: `console-${crypto.randomUUID()}` });
      void message.info(t('pipelines.ran', { outcome: t(`pipelines.outcome.${r.outcome}`) }));
      await detail.refetch();
    } catch (err) {
      void message.error(errorMessage(t, err));
    }
  };

  const runColumns: TableColumnsType<Run> = [
    { title: t('pipelines.startedAt'), key: 'at', width: 170, render: (_, r) => formatDateTime(r.startedAt, lng) },
    {
      title: t('pipelines.trigger.schedule'),
      key: 'trigger',
      width: 90,
      render: (_, r) => t(`pipelines.trigger.${r.trigger}`),
    },
    { title: t('pipelines.review'), key: 'outcome', width: 110, render: (_, r) => <OutcomeTag outcome={r.outcome} /> },
    { title: t('pipelines.code'), key: 'code', render: (_, r) => (r.errorCode ? <code>{r.errorCode}</code> : '—') },
    { title: t('pipelines.recordsIn'), key: 'in', width: 100, render: (_, r) => r.recordsIn ?? '—' },
    { title: t('pipelines.rows'), key: 'rows', width: 100, render: (_, r) => r.rowsPublished ?? '—' },
    { title: t('pipelines.kReached'), key: 'k', width: 90, render: (_, r) => r.report?.kReached ?? '—' },
    { title: t('pipelines.version'), key: 'v', width: 80, render: (_, r) => r.releaseVersion ?? '—' },
  ];

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="pipeline-page">
      <Card
        title={
          <Typography.Title level={4} style={{ margin: 0 }}>
            {lng === 'en' ? p.titleEn : p.title}
          </Typography.Title>
        }
        extra={<Link to="/opendata/pipelines">{t('pipelines.back')}</Link>}
      >
        <Space wrap style={{ marginBottom: 12 }}>
          <Tag>{p.department}</Tag>
          <Tag>
            {t('pipelines.dataset')}: {p.dataset}
          </Tag>
          <Tag>{t(`pipelines.schedules.${p.schedule}`)}</Tag>
          <ReviewTag state={p.reviewNeeded} />
          <Typography.Text type="secondary">
            {t('pipelines.schemaHash')}: <code data-testid="pipeline-schema-hash">{p.schemaHash.slice(0, 12)}</code>
          </Typography.Text>
        </Space>
        <Space wrap>
          <Button onClick={() => void doPreview()} loading={preview.isPending} data-testid="pipeline-preview">
            {t('pipelines.preview')}
          </Button>
          <Button type="primary" onClick={() => void doRun()} loading={run.isPending} data-testid="pipeline-run">
            {t('pipelines.runNow')}
          </Button>
          {officer && p.reviewNeeded !== 'none' && (
            <Button type="primary" ghost onClick={() => setReviewing('approved')} data-testid="pipeline-approve">
              {t('pipelines.approve')}
            </Button>
          )}
          {officer && (
            <Button danger onClick={() => setReviewing('rejected')} data-testid="pipeline-reject">
              {t('pipelines.reject')}
            </Button>
          )}
        </Space>
        {!officer && p.reviewNeeded !== 'none' && (
          <Alert type="info" title={t('pipelines.onlyOfficer')} showIcon style={{ marginTop: 12 }} />
        )}
      </Card>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <Card title={t('pipelines.columns')} size="small">
            <Table
              rowKey="name"
              size="small"
              pagination={false}
              dataSource={d.columns}
              data-testid="pipeline-columns"
              columns={[
                { title: t('pipelines.column'), dataIndex: 'name', render: (v: string) => <code>{v}</code> },
                {
                  title: t('pipelines.columnTitle'),
                  key: 'title',
                  render: (_, c) => (lng === 'en' ? c.titleEn : c.title),
                },
                { title: t('pipelines.type'), dataIndex: 'type' },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card title={t('pipelines.deid')} size="small">
            <SpecView spec={d.deid} />
          </Card>
        </Col>
      </Row>
      <Card title={t('pipelines.query')} size="small">
        <pre style={{ whiteSpace: 'pre-wrap', margin: 0, fontSize: 12 }}>{d.sql}</pre>
        <Typography.Text type="secondary">
          {t('pipelines.requires')}: {d.requires.join(', ')}
        </Typography.Text>
      </Card>
      <Card title={t('pipelines.runs')} size="small">
        <Table<Run>
          rowKey="id"
          size="small"
          columns={runColumns}
          dataSource={d.runs}
          pagination={false}
          scroll={{ x: 800 }}
          locale={{ emptyText: t('pipelines.noRuns') }}
          expandable={{
            rowExpandable: (r) => r.report !== null || r.message !== null,
            expandedRowRender: (r) => (
              <Space orientation="vertical" style={{ width: '100%' }}>
                {r.message && (
                  <Alert type={r.outcome === 'published' ? 'info' : 'warning'} title={r.message} showIcon />
                )}
                {r.report && <ReportView report={r.report} />}
              </Space>
            ),
          }}
          data-testid="pipeline-runs"
        />
      </Card>
      <Card title={t('pipelines.reviews')} size="small">
        <Table
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={d.reviews}
          locale={{ emptyText: t('pipelines.noReviews') }}
          data-testid="pipeline-reviews"
          columns={[
            {
              title: t('pipelines.startedAt'),
              key: 'at',
              width: 170,
              render: (_, r) => formatDateTime(r.reviewedAt, lng),
            },
            { title: t('pipelines.reviewer'), dataIndex: 'reviewer', width: 120 },
            {
              title: t('pipelines.review'),
              key: 'd',
              width: 90,
              render: (_, r) => t(`pipelines.decision.${r.decision}`),
            },
            {
              title: t('pipelines.schemaHash'),
              key: 'h',
              width: 130,
              render: (_, r) => <code>{r.schemaHash.slice(0, 12)}</code>,
            },
            { title: t('pipelines.note'), dataIndex: 'note' },
          ]}
        />
      </Card>
      <PreviewModal preview={previewed} onClose={() => setPreviewed(null)} />
      <ReviewModal
        pipelineKey={key}
        schemaHash={p.schemaHash}
        decision={reviewing}
        onClose={() => setReviewing(null)}
        onDone={() => void detail.refetch()}
      />
    </Space>
  );
}

function PreviewModal(props: { preview: Preview | null; onClose: () => void }) {
  const { t } = useTranslation();
  const pv = props.preview;
  return (
    <Modal open={pv !== null} title={t('pipelines.previewTitle')} onCancel={props.onClose} footer={null} width={960}>
      {pv && (
        <Space orientation="vertical" style={{ width: '100%' }} data-testid="pipeline-preview-result">
          {pv.refusal && (
            <Alert
              type="error"
              title={t('pipelines.refused', { message: pv.refusal.message })}
              description={<code>{pv.refusal.code}</code>}
              showIcon
            />
          )}
          {pv.report && <ReportView report={pv.report} />}
          <Typography.Text strong>{t('pipelines.firstRows', { n: pv.rows.length })}</Typography.Text>
          <Table
            rowKey={(_, i) => String(i)}
            size="small"
            pagination={false}
            scroll={{ x: 'max-content' }}
            dataSource={pv.rows}
            columns={pv.columns.map((c) => ({
              title: c.name,
              key: c.name,
              render: (_: unknown, r: Preview['rows'][number]) => String(r[c.name] ?? ''),
            }))}
          />
        </Space>
      )}
    </Modal>
  );
}

function ReviewModal(props: {
  pipelineKey: string;
  schemaHash: string;
  decision: 'approved' | 'rejected' | null;
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<{ note: string }>();
  const review = useMutation(reviewPipeline);
  const submit = async (v: { note: string }) => {
    try {
      await review.mutateAsync({
        key: props.pipelineKey,
        body: { decision: props.decision!, note: v.note.trim(), schemaHash: props.schemaHash },
      });
      void message.success(t('pipelines.reviewed'));
      form.resetFields();
      props.onClose();
      props.onDone();
    } catch (err) {
      void message.error(errorMessage(t, err));
    }
  };
  return (
    <Modal
      open={props.decision !== null}
      title={props.decision === 'approved' ? t('pipelines.approve') : t('pipelines.reject')}
      onCancel={props.onClose}
      onOk={() => form.submit()}
      okButtonProps={{ loading: review.isPending, 'data-testid': 'pipeline-review-ok' }}
    >
      <Form form={form} layout="vertical" onFinish={(v) => void submit(v)}>
        <Form.Item
          name="note"
          label={t('pipelines.note')}
          rules={[{ required: true, whitespace: true, message: t('pipelines.noteRequired') }]}
        >
          <Input.TextArea rows={3} data-testid="pipeline-review-note" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
