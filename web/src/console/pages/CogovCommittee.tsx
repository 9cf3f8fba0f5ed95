/**
 * 居民提议与议事 (/cogov/committee): the community committee answers its community's proposals
 * past their threshold (accept with a plan, decline with reasons), opens consultations, and
 * records its decision after a vote (docs/cogov.md).
 */
import { useState } from 'react';
import {
  App as AntApp,
  Button,
  Card,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Modal,
  Select,
  Space,
  Table,
  Tabs,
  Tag,
} from 'antd';
import type { ButtonProps, TableColumnsType } from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from '@tanstack/react-query';
import {
  answerProposal,
  consultationsQuery,
  decideConsultation,
  openConsultation,
  proposalsQuery,
  type ConsultationSummary,
  type ProposalSummary,
} from '../../shared/api/cogov-votes';
import { useAuth } from '../../shared/auth';
import { formatDateTime } from '../../shared/format';
import { errorMessage } from '../../shared/i18n';

function AnswerDialog({ p, onClose }: { p: ProposalSummary; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const answer = useMutation(answerProposal);
  const [form] = Form.useForm<{ outcome: 'accepted' | 'declined'; answer: string; plan?: string }>();
  const outcome = Form.useWatch('outcome', form);
  return (
    <Modal
      open
      title={`${t('votesConsole.answer')} · ${p.title}`}
      onCancel={onClose}
      okText={t('votesConsole.submit')}
      okButtonProps={{ loading: answer.isPending, 'data-testid': 'answer-submit' } as ButtonProps}
      onOk={() =>
        void form.validateFields().then((v) =>
          answer.mutate(
            { id: p.id, body: { outcome: v.outcome, answer: v.answer, ...(v.plan ? { plan: v.plan } : {}) } },
            {
              onSuccess: () => {
                void message.success(t('votesConsole.answered'));
                onClose();
              },
              onError: (e) => void message.error(errorMessage(t, e)),
            },
          ),
        )
      }
    >
      <Form form={form} layout="vertical" initialValues={{ outcome: 'accepted' }}>
        <Form.Item name="outcome" label={t('votesConsole.status')}>
          <Select
            data-testid="answer-outcome"
            options={[
              { value: 'accepted', label: t('votesConsole.accept') },
              { value: 'declined', label: t('votesConsole.decline') },
            ]}
          />
        </Form.Item>
        <Form.Item name="answer" label={t('votesConsole.answerText')} rules={[{ required: true, min: 4 }]}>
          <Input.TextArea rows={4} data-testid="answer-text" />
        </Form.Item>
        {outcome !== 'declined' && (
          <Form.Item name="plan" label={t('votesConsole.plan')}>
            <Input.TextArea rows={3} data-testid="answer-plan" />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}

function ProposalsTab() {
  const { t, i18n } = useTranslation();
  const list = useQuery(proposalsQuery());
  const [answering, setAnswering] = useState<ProposalSummary | null>(null);
  const columns: TableColumnsType<ProposalSummary> = [
    { title: t('votesConsole.title'), dataIndex: 'title' },
    { title: t('votesConsole.author'), dataIndex: 'author' },
    {
      title: t('votesConsole.status'),
      key: 'status',
      render: (_, p) => (
        <Tag color={p.status === 'awaiting_answer' ? (p.overdue ? 'red' : 'orange') : undefined}>
          {t(`votesConsole.statuses.${p.status}`)}
        </Tag>
      ),
    },
    { title: t('votesConsole.support'), key: 'support', render: (_, p) => `${p.supportCount}/${p.threshold}` },
    {
      title: t('votesConsole.answerDue'),
      key: 'due',
      render: (_, p) => (p.answerDueAt ? formatDateTime(p.answerDueAt, i18n.language) : '—'),
    },
    {
      title: t('votesConsole.actions'),
      key: 'actions',
      render: (_, p) =>
        p.status === 'awaiting_answer' ? (
          <Button size="small" type="primary" onClick={() => setAnswering(p)} data-testid="proposal-answer">
            {t('votesConsole.answer')}
          </Button>
        ) : null,
    },
  ];
  return (
    <>
      <Table
        rowKey="id"
        size="small"
        loading={list.isLoading}
        dataSource={list.data ?? []}
        columns={columns}
        pagination={false}
        scroll={{ x: true }}
        data-testid="committee-proposals"
      />
      {answering && <AnswerDialog p={answering} onClose={() => setAnswering(null)} />}
    </>
  );
}

type NewForm = {
  communityId: string;
  title: string;
  background: string;
  options: string;
  minAge?: number;
  period: [Dayjs, Dayjs];
};

function OpenConsultation({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const { me } = useAuth();
  const open = useMutation(openConsultation);
  const [form] = Form.useForm<NewForm>();
  const communities = (me?.posts ?? []).filter((p) => p.communityId && p.roles.includes('committee'));
  return (
    <Modal
      open
      width={640}
      title={t('votesConsole.openConsultation')}
      onCancel={onClose}
      okText={t('votesConsole.submit')}
      okButtonProps={{ loading: open.isPending, 'data-testid': 'consultation-submit' } as ButtonProps}
      onOk={() =>
        void form.validateFields().then((v) =>
          open.mutate(
            {
              scope: 'community',
              communityId: v.communityId,
              title: v.title,
              background: v.background,
              ...(v.minAge ? { minAge: v.minAge } : {}),
              options: v.options
                .split('\n')
                .map((l) => l.trim())
                .filter(Boolean)
                .map((l, i) => {
                  const [zh, en] = l.split('|');
                  return { key: String.fromCharCode(97 + i), label: zh!.trim(), labelEn: (en ?? zh!).trim() };
                }),
              opensAt: v.period[0].toISOString(),
              closesAt: v.period[1].toISOString(),
            },
            {
              onSuccess: () => {
                void message.success(t('votesConsole.opened'));
                onClose();
              },
              onError: (e) => void message.error(errorMessage(t, e)),
            },
          ),
        )
      }
    >
      <Form form={form} layout="vertical" initialValues={{ communityId: communities[0]?.communityId }}>
        <Form.Item name="communityId" label={t('votesConsole.community')} rules={[{ required: true }]}>
          <Select
            options={communities.map((p) => ({ value: p.communityId!, label: p.communityName ?? p.communityId }))}
          />
        </Form.Item>
        <Form.Item name="title" label={t('votesConsole.title')} rules={[{ required: true, min: 4, max: 100 }]}>
          <Input data-testid="consultation-title" />
        </Form.Item>
        <Form.Item name="background" label={t('votesConsole.background')} rules={[{ required: true, min: 10 }]}>
          <Input.TextArea rows={4} data-testid="consultation-background" />
        </Form.Item>
        <Form.Item name="options" label={t('votesConsole.options')} rules={[{ required: true }]}>
          <Input.TextArea rows={3} data-testid="consultation-options" />
        </Form.Item>
        <Form.Item name="minAge" label={t('votesConsole.minAge')}>
          <InputNumber min={0} max={120} />
        </Form.Item>
        <Form.Item name="period" label={t('votesConsole.period')} rules={[{ required: true }]}>
          <DatePicker.RangePicker showTime />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function DecideDialog({ c, onClose }: { c: ConsultationSummary; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const decide = useMutation(decideConsultation);
  const [text, setText] = useState('');
  return (
    <Modal
      open
      title={`${t('votesConsole.decide')} · ${c.title}`}
      onCancel={onClose}
      okText={t('votesConsole.submit')}
      okButtonProps={{ disabled: text.trim().length < 4, loading: decide.isPending }}
      onOk={() =>
        decide.mutate(
          { id: c.id, decision: text.trim() },
          {
            onSuccess: () => {
              void message.success(t('votesConsole.decided'));
              onClose();
            },
            onError: (e) => void message.error(errorMessage(t, e)),
          },
        )
      }
    >
      <Input.TextArea rows={4} value={text} onChange={(e) => setText(e.target.value)} data-testid="decision-text" />
    </Modal>
  );
}

function ConsultationsTab() {
  const { t, i18n } = useTranslation();
  const list = useQuery(consultationsQuery);
  const [opening, setOpening] = useState(false);
  const [deciding, setDeciding] = useState<ConsultationSummary | null>(null);
  const columns: TableColumnsType<ConsultationSummary> = [
    { title: t('votesConsole.title'), dataIndex: 'title' },
    {
      title: t('votesConsole.status'),
      key: 'state',
      render: (_, c) => <Tag>{t(`votesConsole.states.${c.state}`)}</Tag>,
    },
    {
      title: t('votesConsole.period'),
      key: 'period',
      render: (_, c) => `${formatDateTime(c.opensAt, i18n.language)} – ${formatDateTime(c.closesAt, i18n.language)}`,
    },
    {
      title: t('votesConsole.actions'),
      key: 'actions',
      render: (_, c) =>
        c.state === 'published' ? (
          <Button size="small" onClick={() => setDeciding(c)} data-testid="consultation-decide">
            {t('votesConsole.decide')}
          </Button>
        ) : null,
    },
  ];
  return (
    <>
      <Space className="yw-mb">
        <Button type="primary" onClick={() => setOpening(true)} data-testid="consultation-open">
          {t('votesConsole.openConsultation')}
        </Button>
      </Space>
      <Table
        rowKey="id"
        size="small"
        loading={list.isLoading}
        dataSource={list.data ?? []}
        columns={columns}
        pagination={false}
        scroll={{ x: true }}
        data-testid="committee-consultations"
      />
      {opening && <OpenConsultation onClose={() => setOpening(false)} />}
      {deciding && <DecideDialog c={deciding} onClose={() => setDeciding(null)} />}
    </>
  );
}

export default function CogovCommitteePage() {
  const { t } = useTranslation();
  return (
    <Card title={t('votesConsole.committeeMenu')} data-testid="cogov-committee-page">
      <Tabs
        items={[
          { key: 'proposals', label: t('votesConsole.proposals'), children: <ProposalsTab /> },
          { key: 'consultations', label: t('votesConsole.consultations'), children: <ConsultationsTab /> },
        ]}
      />
    </Card>
  );
}
