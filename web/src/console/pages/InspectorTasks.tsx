// 我的检查任务: the inspector's phone page (the console at phone width; staff sign in here with
// their second factor, the citizen app has no staff sessions). Each drawn task, its team, and
// the result form: outcome, findings, photos (the platform's upload facility, checked by content;
// the server takes only the inspector's own images), a rectification order with a deadline. And
// the declared relations (利害关系申报), which keep the inspector out of draws for an enterprise.
import { useState } from 'react';
import {
  App as AntApp,
  Button,
  Card,
  Empty,
  Form,
  Input,
  List,
  Radio,
  Result,
  Space,
  Tag,
  Typography,
  Upload,
} from 'antd';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { upload } from '../../shared/api/applications';
import {
  declareRelation,
  myTasksQuery,
  relationsQuery,
  submitResult,
  type InspectionTask,
  type Outcome,
} from '../../shared/api/inspections';
import { ApiError } from '../../shared/client';
import { formatDateTime } from '../../shared/format';
import { errorMessage } from '../../shared/i18n';

const OUTCOMES: Outcome[] = ['pass', 'issues', 'serious'];

interface ResultForm {
  outcome: Outcome;
  findings: string;
  rectification?: string;
  rectifyBy?: string;
}

function ResultEntry({ task, onDone }: { task: InspectionTask; onDone: () => void }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<ResultForm>();
  const outcome = Form.useWatch('outcome', form);
  const [photos, setPhotos] = useState<{ id: string; name: string }[]>([]);
  const [uploading, setUploading] = useState(false);
  const submit = useMutation(submitResult);
  const send = (v: ResultForm) =>
    submit.mutate(
      {
        id: task.id,
        body: {
          outcome: v.outcome,
          findings: v.findings.trim(),
          ...(v.outcome !== 'pass' && v.rectification?.trim() ? { rectification: v.rectification.trim() } : {}),
          ...(v.outcome !== 'pass' && v.rectifyBy ? { rectifyBy: v.rectifyBy } : {}),
          photoIds: photos.map((p) => p.id),
        },
      },
      {
        onSuccess: () => {
          void message.success(t('inspConsole.submitted'));
          onDone();
        },
        onError: (err) => void message.error(errorMessage(t, err)),
      },
    );
  return (
    <Form<ResultForm>
      form={form}
      layout="vertical"
      initialValues={{ outcome: 'pass' }}
      onFinish={send}
      data-testid="result-form"
    >
      <Form.Item name="outcome" label={t('inspConsole.resultStatus')} rules={[{ required: true }]}>
        <Radio.Group>
          <Space direction="vertical">
            {OUTCOMES.map((o) => (
              <Radio key={o} value={o}>
                <span data-testid={`result-outcome-${o}`}>{t(`inspConsole.outcome.${o}`)}</span>
              </Radio>
            ))}
          </Space>
        </Radio.Group>
      </Form.Item>
      <Form.Item
        name="findings"
        label={t('inspConsole.findings')}
        rules={[{ required: true, whitespace: true, message: t('inspConsole.findingsRequired') }]}
      >
        <Input.TextArea rows={4} maxLength={4000} data-testid="result-findings" />
      </Form.Item>
      <Form.Item label={t('inspConsole.photos')} extra={t('inspConsole.photoHint')}>
        <Upload
          accept="image/jpeg,image/png"
          capture="environment"
          listType="picture"
          disabled={uploading}
          fileList={photos.map((p) => ({ uid: p.id, name: p.name, status: 'done' as const }))}
          onRemove={(f) => setPhotos(photos.filter((p) => p.id !== f.uid))}
          customRequest={({ file }) => {
            setUploading(true);
            upload(file as File)
              .then((u) => setPhotos((all) => [...all, { id: u.id, name: u.fileName }]))
              .catch((err: unknown) => void message.error(errorMessage(t, err)))
              .finally(() => setUploading(false));
          }}
        >
          <Button loading={uploading} data-testid="result-photo">
            {t('inspConsole.addPhoto')}
          </Button>
        </Upload>
      </Form.Item>
      {outcome !== 'pass' && (
        <>
          <Form.Item name="rectification" label={t('inspConsole.rectification')}>
            <Input.TextArea rows={3} maxLength={4000} data-testid="result-rectification" />
          </Form.Item>
          <Form.Item name="rectifyBy" label={t('inspConsole.rectifyBy')}>
            <Input type="date" data-testid="result-rectify-by" />
          </Form.Item>
        </>
      )}
      <Button type="primary" htmlType="submit" block loading={submit.isPending} data-testid="result-submit">
        {t('inspConsole.submit')}
      </Button>
    </Form>
  );
}

function TaskCard({ task }: { task: InspectionTask }) {
  const { t, i18n } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <Card
      size="small"
      title={task.enterpriseName ?? task.uscc}
      extra={
        <Tag color={task.outcome === null ? 'gold' : task.outcome === 'pass' ? 'green' : 'red'}>
          {task.outcome === null ? t('inspConsole.notEntered') : t(`inspConsole.outcome.${task.outcome}`)}
        </Tag>
      }
      data-testid={`task-${task.uscc}`}
    >
      <Typography.Paragraph type="secondary" style={{ wordBreak: 'break-all' }}>
        {task.uscc} · {t('inspConsole.team')}：{task.inspectors.join('、')}
      </Typography.Paragraph>
      {task.submittedAt ? (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Typography.Text>{task.findings}</Typography.Text>
          {task.rectification && (
            <Typography.Text>
              {t('inspConsole.rectification')}：{task.rectification}
              {task.rectifyBy ? `（${task.rectifyBy}）` : ''}
            </Typography.Text>
          )}
          <Typography.Text type="secondary">
            {t('inspConsole.photos')} {task.photos} ·{' '}
            {task.publishedAt
              ? t('inspConsole.publishedAt', { at: formatDateTime(task.publishedAt, i18n.language) })
              : ''}
          </Typography.Text>
          {task.answer && (
            <Typography.Text>
              {t('inspConsole.answer')}：{task.answer}
            </Typography.Text>
          )}
        </Space>
      ) : open ? (
        <ResultEntry task={task} onDone={() => setOpen(false)} />
      ) : (
        <Button type="primary" block onClick={() => setOpen(true)} data-testid={`task-enter-${task.uscc}`}>
          {t('inspConsole.enter')}
        </Button>
      )}
    </Card>
  );
}

function Relations() {
  const { t, i18n } = useTranslation();
  const { message } = AntApp.useApp();
  const relations = useQuery(relationsQuery);
  const declare = useMutation(declareRelation);
  const [form] = Form.useForm<{ uscc: string; reason: string }>();
  return (
    <Card size="small" title={t('inspConsole.relations')} data-testid="relations">
      <Typography.Paragraph type="secondary">{t('inspConsole.relationsIntro')}</Typography.Paragraph>
      <Form
        form={form}
        layout="vertical"
        onFinish={(v) =>
          declare.mutate(
            { uscc: v.uscc.trim().toUpperCase(), reason: v.reason.trim() },
            {
              onSuccess: () => {
                void message.success(t('inspConsole.declaredOk'));
                form.resetFields();
              },
              onError: (err) => void message.error(errorMessage(t, err)),
            },
          )
        }
      >
        <Form.Item
          name="uscc"
          label={t('inspConsole.uscc')}
          rules={[{ required: true, pattern: /^[0-9A-HJ-NPQRTUWXY]{18}$/i }]}
        >
          <Input maxLength={18} data-testid="relation-uscc" />
        </Form.Item>
        <Form.Item name="reason" label={t('inspConsole.reason')} rules={[{ required: true, whitespace: true }]}>
          <Input maxLength={500} data-testid="relation-reason" />
        </Form.Item>
        <Button htmlType="submit" block loading={declare.isPending} data-testid="relation-declare">
          {t('inspConsole.declare')}
        </Button>
      </Form>
      <List
        size="small"
        locale={{ emptyText: t('inspConsole.noRelations') }}
        dataSource={relations.data ?? []}
        renderItem={(r) => (
          <List.Item key={r.uscc}>
            <List.Item.Meta
              title={r.name ?? r.uscc}
              description={`${r.uscc} · ${r.reason} · ${formatDateTime(r.declaredAt, i18n.language)}`}
            />
          </List.Item>
        )}
      />
    </Card>
  );
}

export default function InspectorTasksPage() {
  const { t } = useTranslation();
  const tasks = useQuery(myTasksQuery);
  if (tasks.error instanceof ApiError && tasks.error.code === 'INSPECTOR_NOT_QUALIFIED')
    return <Result status="403" title={t('inspConsole.notInspector')} data-testid="not-inspector" />;
  const data = tasks.data;
  return (
    <Space direction="vertical" style={{ width: '100%', maxWidth: 640 }} size="middle" data-testid="inspector-tasks">
      <Typography.Title level={3} style={{ marginBottom: 0 }}>
        {t('inspConsole.tasksTitle')}
      </Typography.Title>
      {data && (
        <Typography.Text type="secondary">
          {t('inspConsole.inspectorCode', { id: data.inspector.id, department: data.inspector.department })}
        </Typography.Text>
      )}
      {tasks.isPending ? (
        <Card loading />
      ) : data && data.items.length === 0 ? (
        <Empty description={t('inspConsole.noTasks')} />
      ) : (
        (data?.items ?? []).map((task) => <TaskCard key={task.id} task={task} />)
      )}
      <Relations />
    </Space>
  );
}
