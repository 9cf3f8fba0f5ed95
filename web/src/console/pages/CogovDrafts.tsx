/**
 * 政策意见征集 (/cogov/drafts): a department's admin publishes a draft regulation or plan by
 * article with a comment period, reads the comments, and after the period publishes the
 * response report: each comment adopted, partly or not, with the reason.
 */
import { useState } from 'react';
import { Alert, App as AntApp, Button, Card, Form, Input, Modal, Select, Space, Table, Tag } from 'antd';
import type { TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from '@tanstack/react-query';
import {
  departmentDraftsQuery,
  draftQuery,
  publishDraft,
  respondToDraft,
  type Decision,
  type PolicyDraftSummary,
} from '../../shared/api/cogov-civic';
import { useAuth } from '../../shared/auth';
import { formatDate } from '../../shared/format';
import { errorMessage } from '../../shared/i18n';

function Respond({ id, onClose }: { id: string; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const draft = useQuery(draftQuery(id));
  const respond = useMutation(respondToDraft);
  const [decisions, setDecisions] = useState<Record<string, { decision?: Decision; reason?: string }>>({});
  const [summary, setSummary] = useState('');
  const comments = (draft.data?.articles ?? []).flatMap((a) => a.comments.map((c) => ({ ...c, heading: a.heading })));
  type Row = (typeof comments)[number];
  const editable = draft.data?.phase === 'closed';
  const set = (cid: string, patch: { decision?: Decision; reason?: string }) =>
    setDecisions((d) => ({ ...d, [cid]: { ...d[cid], ...patch } }));
  const columns: TableColumnsType<Row> = [
    { title: t('civicConsole.article'), dataIndex: 'heading', width: 140 },
    { title: t('civicConsole.author'), dataIndex: 'author', width: 110 },
    { title: t('civicConsole.comment'), dataIndex: 'body' },
    {
      title: t('civicConsole.decision'),
      key: 'd',
      width: 300,
      render: (_, c) =>
        editable ? (
          <Space direction="vertical" style={{ width: '100%' }}>
            <Select
              style={{ width: '100%' }}
              value={decisions[c.id]?.decision}
              onChange={(v: Decision) => set(c.id, { decision: v })}
              options={(['adopted', 'partly_adopted', 'not_adopted'] as const).map((k) => ({
                value: k,
                label: t(`civicConsole.decisions.${k}`),
              }))}
              data-testid="decision-select"
            />
            <Input
              placeholder={t('civicConsole.reason')}
              value={decisions[c.id]?.reason ?? ''}
              onChange={(e) => set(c.id, { reason: e.target.value })}
            />
          </Space>
        ) : c.decision ? (
          <>
            <Tag>{t(`civicConsole.decisions.${c.decision}`)}</Tag> {c.decisionReason}
          </>
        ) : null,
    },
  ];
  const publish = async () => {
    try {
      await respond.mutateAsync({
        id,
        body: {
          summary,
          decisions: comments.map((c) => ({
            commentId: c.id,
            decision: decisions[c.id]?.decision ?? 'not_adopted',
            ...(decisions[c.id]?.reason ? { reason: decisions[c.id]!.reason } : {}),
          })),
        },
      });
      void message.success(t('civicConsole.reportPublished'));
      onClose();
    } catch (err) {
      void message.error(errorMessage(t, err));
    }
  };
  return (
    <Modal
      open
      width={960}
      title={t('civicConsole.respondTitle', { title: draft.data?.title ?? '' })}
      onCancel={onClose}
      footer={null}
    >
      <Table
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={comments}
        pagination={false}
        loading={draft.isPending}
      />
      {editable && (
        <div style={{ marginTop: 16 }}>
          <Input.TextArea
            rows={3}
            placeholder={t('civicConsole.reportSummary')}
            value={summary}
            onChange={(e) => setSummary(e.target.value)}
          />
          <Button
            type="primary"
            style={{ marginTop: 8 }}
            disabled={!summary.trim()}
            loading={respond.isPending}
            onClick={() => void publish()}
          >
            {t('civicConsole.publishReport')}
          </Button>
        </div>
      )}
      {draft.data?.report && <Alert style={{ marginTop: 16 }} type="success" title={draft.data.report.summary} />}
    </Modal>
  );
}

function NewDraft({ departments }: { departments: string[] }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const publish = useMutation(publishDraft);
  const [form] = Form.useForm();
  const submit = async (v: {
    departmentCode: string;
    title: string;
    summary: string;
    closesAt: string;
    articles: { heading: string; body: string }[];
  }) => {
    try {
      await publish.mutateAsync({ ...v, closesAt: new Date(v.closesAt).toISOString() });
      void message.success(t('civicConsole.published'));
      form.resetFields();
    } catch (err) {
      void message.error(errorMessage(t, err));
    }
  };
  return (
    <Card title={t('civicConsole.newDraft')} size="small" style={{ marginBottom: 16 }}>
      <Form
        form={form}
        layout="vertical"
        onFinish={(v) => void submit(v)}
        initialValues={{ departmentCode: departments[0], articles: [{ heading: '', body: '' }] }}
      >
        <Form.Item name="departmentCode" label={t('civicConsole.department')} rules={[{ required: true }]}>
          <Select options={departments.map((d) => ({ value: d, label: d }))} />
        </Form.Item>
        <Form.Item name="title" label={t('civicConsole.title')} rules={[{ required: true, max: 200 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="summary" label={t('civicConsole.summary')} rules={[{ required: true, max: 2000 }]}>
          <Input.TextArea rows={2} />
        </Form.Item>
        <Form.Item name="closesAt" label={t('civicConsole.closesAt')} rules={[{ required: true }]}>
          <Input type="datetime-local" />
        </Form.Item>
        <Form.List name="articles">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f) => (
                <Space key={f.key} align="start" wrap>
                  <Form.Item name={[f.name, 'heading']} label={t('civicConsole.heading')} rules={[{ required: true }]}>
                    <Input />
                  </Form.Item>
                  <Form.Item name={[f.name, 'body']} label={t('civicConsole.articleBody')} rules={[{ required: true }]}>
                    <Input.TextArea rows={2} cols={50} />
                  </Form.Item>
                  {fields.length > 1 && <Button onClick={() => remove(f.name)}>{t('civicConsole.remove')}</Button>}
                </Space>
              ))}
              <Button onClick={() => add({ heading: '', body: '' })} style={{ marginBottom: 12 }}>
                {t('civicConsole.addArticle')}
              </Button>
            </>
          )}
        </Form.List>
        <div>
          <Button type="primary" htmlType="submit" loading={publish.isPending}>
            {t('civicConsole.submit')}
          </Button>
        </div>
      </Form>
    </Card>
  );
}

export default function CogovDraftsPage() {
  const { t, i18n } = useTranslation();
  const { me } = useAuth();
  const departments = [
    ...new Set(
      (me?.posts ?? []).flatMap((p) =>
        p.roles.includes('department_admin') && p.departmentCode ? [p.departmentCode] : [],
      ),
    ),
  ];
  const drafts = useQuery({ ...departmentDraftsQuery, enabled: departments.length > 0 });
  const [open, setOpen] = useState<string | null>(null);
  if (departments.length === 0) return <Alert type="info" title={t('civicConsole.notDeptAdmin')} showIcon />;
  const columns: TableColumnsType<PolicyDraftSummary> = [
    { title: t('civicConsole.title'), dataIndex: 'title' },
    { title: t('civicConsole.department'), key: 'd', render: (_, d) => d.department.name },
    { title: t('civicConsole.closesAt'), key: 'c', render: (_, d) => formatDate(d.closesAt, i18n.language) },
    { title: t('civicConsole.phase'), key: 'p', render: (_, d) => <Tag>{t(`civicConsole.phases.${d.phase}`)}</Tag> },
    { title: t('civicConsole.comments'), dataIndex: 'commentCount' },
    {
      key: 'act',
      render: (_, d) => (
        <Button size="small" onClick={() => setOpen(d.id)}>
          {d.phase === 'closed' ? t('civicConsole.respond') : t('civicConsole.view')}
        </Button>
      ),
    },
  ];
  return (
    <>
      <NewDraft departments={departments} />
      <Table rowKey="id" size="small" columns={columns} dataSource={drafts.data ?? []} loading={drafts.isPending} />
      {open && <Respond id={open} onClose={() => setOpen(null)} />}
    </>
  );
}
