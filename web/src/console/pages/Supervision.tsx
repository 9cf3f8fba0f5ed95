// 好差评 (supervision): rectification tickets and ratings in the caller's scope (a supervisor: every
// department; a department head: theirs). The unit reports its fix or appeals; a supervisor decides
// appeals. The rater's identity is never part of these answers.
import { useState } from 'react';
import { App as AntApp, Button, Input, Modal, Space, Table, Tabs, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import {
  appealTicket,
  decideAppeal,
  fixTicket,
  staffRatingsQuery,
  ticketsQuery,
  type RectificationTicket,
  type StaffRating,
} from '../../shared/api/supervision';
import { lt } from '../../shared/catalog';
import { formatDateTime } from '../../shared/format';
import { errorMessage } from '../../shared/i18n';
import { useAuth } from '../../shared/auth';

type Dialog = { kind: 'fix' | 'appeal' | 'decide'; ticket: RectificationTicket } | null;

export default function SupervisionPage() {
  const { t, i18n } = useTranslation();
  const { me } = useAuth();
  const { message } = AntApp.useApp();
  const tickets = useQuery(ticketsQuery);
  const ratings = useQuery(staffRatingsQuery);
  const fix = useMutation(fixTicket);
  const appeal = useMutation(appealTicket);
  const decide = useMutation(decideAppeal);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [a, setA] = useState('');
  const [b, setB] = useState('');
  const isHead = me?.roles.includes('department_admin') ?? false;
  const isSupervisor = me?.roles.includes('supervisor') ?? false;
  const [now] = useState(() => Date.now());
  const open = (kind: 'fix' | 'appeal' | 'decide', ticket: RectificationTicket) => {
    setA('');
    setB('');
    setDialog({ kind, ticket });
  };
  const done = {
    onSuccess: () => setDialog(null),
    onError: (err: unknown) => void message.error(errorMessage(t, err)),
  };
  const submit = (upheld?: boolean) => {
    if (!dialog) return;
    const id = dialog.ticket.id;
    if (dialog.kind === 'fix') fix.mutate({ id, explanation: a }, done);
    else if (dialog.kind === 'appeal') appeal.mutate({ id, reason: a, evidence: b }, done);
    else decide.mutate({ id, upheld: upheld ?? false, note: a }, done);
  };

  const ticketColumns: TableColumnsType<RectificationTicket> = [
    { title: t('supervision.console.ticketNumber'), dataIndex: 'ticketNumber' },
    { title: t('supervision.console.caseNumber'), dataIndex: 'caseNumber' },
    { title: t('supervision.console.item'), render: (_, r) => lt(r.itemName, i18n.language) },
    { title: t('supervision.console.department'), dataIndex: 'departmentCode' },
    { title: t('supervision.console.score'), render: (_, r) => t(`supervision.levels.${r.score}`) },
    { title: t('supervision.console.commentCol'), dataIndex: 'comment' },
    {
      title: t('supervision.console.due'),
      render: (_, r) => (
        <Space>
          {formatDateTime(r.dueAt, i18n.language)}
          {(r.escalatedAt || (r.status === 'open' && Date.parse(r.dueAt) < now)) && (
            <Tag color="red">{t('supervision.console.overdue')}</Tag>
          )}
        </Space>
      ),
    },
    {
      title: '',
      render: (_, r) => (
        <Tag data-testid={`ticket-status-${r.ticketNumber}`}>{t(`supervision.console.status.${r.status}`)}</Tag>
      ),
    },
    {
      title: t('supervision.console.actions'),
      render: (_, r) => (
        <Space>
          {isHead && r.status === 'open' && (
            <>
              <Button
                size="small"
                type="primary"
                onClick={() => open('fix', r)}
                data-testid={`ticket-fix-${r.ticketNumber}`}
              >
                {t('supervision.console.fix')}
              </Button>
              <Button size="small" onClick={() => open('appeal', r)}>
                {t('supervision.console.appeal')}
              </Button>
            </>
          )}
          {isSupervisor && r.status === 'appealed' && (
            <Button size="small" onClick={() => open('decide', r)}>
              {t('supervision.console.decide')}
            </Button>
          )}
        </Space>
      ),
    },
  ];
  const ratingColumns: TableColumnsType<StaffRating> = [
    { title: t('supervision.console.caseNumber'), dataIndex: 'caseNumber' },
    { title: t('supervision.console.item'), render: (_, r) => lt(r.itemName, i18n.language) },
    { title: t('supervision.console.department'), dataIndex: 'departmentCode' },
    {
      title: '',
      render: (_, r) => `${t(`supervision.console.channel.${r.channel}`)} · ${t(`supervision.console.kind.${r.kind}`)}`,
    },
    { title: t('supervision.console.score'), render: (_, r) => t(`supervision.levels.${r.score}`) },
    { title: t('supervision.console.commentCol'), dataIndex: 'comment' },
    { title: '', render: (_, r) => formatDateTime(r.ratedAt, i18n.language) },
  ];

  return (
    <div data-testid="supervision-page">
      <Typography.Title level={3}>{t('supervision.console.menu')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('supervision.console.noRater')}</Typography.Paragraph>
      <Tabs
        items={[
          {
            key: 'tickets',
            label: t('supervision.console.tickets'),
            children: (
              <Table
                rowKey="id"
                columns={ticketColumns}
                dataSource={tickets.data ?? []}
                loading={tickets.isLoading}
                size="small"
              />
            ),
          },
          {
            key: 'ratings',
            label: t('supervision.console.ratings'),
            children: (
              <Table
                rowKey="id"
                columns={ratingColumns}
                dataSource={ratings.data ?? []}
                loading={ratings.isLoading}
                size="small"
              />
            ),
          },
        ]}
      />
      <Modal
        open={dialog !== null}
        title={dialog ? t(`supervision.console.${dialog.kind}`) : ''}
        onCancel={() => setDialog(null)}
        footer={
          dialog?.kind === 'decide'
            ? [
                <Button key="d" onClick={() => submit(false)} disabled={a.trim().length < 2}>
                  {t('supervision.console.dismiss')}
                </Button>,
                <Button key="u" type="primary" onClick={() => submit(true)} disabled={a.trim().length < 2}>
                  {t('supervision.console.uphold')}
                </Button>,
              ]
            : [
                <Button
                  key="ok"
                  type="primary"
                  data-testid="ticket-dialog-submit"
                  loading={fix.isPending || appeal.isPending}
                  disabled={a.trim().length < 2 || (dialog?.kind === 'appeal' && b.trim().length < 2)}
                  onClick={() => submit()}
                >
                  {t('supervision.submit')}
                </Button>,
              ]
        }
      >
        <Input.TextArea
          rows={3}
          value={a}
          onChange={(e) => setA(e.target.value)}
          placeholder={
            dialog?.kind === 'fix'
              ? t('supervision.console.explanation')
              : dialog?.kind === 'appeal'
                ? t('supervision.console.reason')
                : t('supervision.console.note')
          }
          data-testid="ticket-dialog-text"
        />
        {dialog?.kind === 'appeal' && (
          <Input.TextArea
            rows={3}
            value={b}
            onChange={(e) => setB(e.target.value)}
            placeholder={t('supervision.console.evidence')}
            style={{ marginTop: 8 }}
          />
        )}
      </Modal>
    </div>
  );
}
