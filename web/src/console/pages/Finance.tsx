// 缴费与对账: finance staff's payment orders (by status) and reconciliation (对账): run a day,
// list the mismatches the provider's statement and the orders disagree on, resolve each with a note.
import { useState } from 'react';
import {
  App as AntApp,
  Button,
  Card,
  Input,
  Modal,
  Segmented,
  Select,
  Space,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import type { TableColumnsType } from 'antd';
import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { mismatchesQuery, ordersQuery, reconcile, resolveMismatch } from '../../shared/api/payments';
import { lt } from '../../shared/catalog';
import type { PaymentOrder, PaymentOrderStatus, ReconciliationMismatch } from '../../shared/contract';
import { formatDateTime } from '../../shared/format';
import { errorMessage } from '../../shared/i18n';
import { OrderStatusTag, yuan } from '../payments-parts';

const STATUSES: readonly PaymentOrderStatus[] = ['unpaid', 'paying', 'failed', 'paid', 'refunded', 'cancelled'];

/** Today in the city's calendar as YYYY-MM-DD (Asia/Shanghai for the demo). */
const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());

export default function FinancePage() {
  const { t } = useTranslation();
  return (
    <Card title={t('finance.title')}>
      <Tabs
        items={[
          { key: 'orders', label: <span data-testid="tab-orders">{t('finance.orders')}</span>, children: <Orders /> },
          {
            key: 'mismatches',
            label: <span data-testid="tab-mismatches">{t('finance.mismatches')}</span>,
            children: <Mismatches />,
          },
        ]}
      />
    </Card>
  );
}

function Orders() {
  const { t, i18n } = useTranslation();
  const [status, setStatus] = useState<PaymentOrderStatus | undefined>();
  const [page, setPage] = useState(1);
  const q = useQuery({ ...ordersQuery({ status, page, pageSize: 20 }), placeholderData: keepPreviousData });
  const columns: TableColumnsType<PaymentOrder> = [
    { title: t('finance.columns.orderNumber'), dataIndex: 'orderNumber' },
    { title: t('finance.columns.caseNumber'), dataIndex: 'caseNumber' },
    { title: t('finance.columns.title'), render: (_, o) => lt(o.title, i18n.language) },
    { title: t('finance.columns.payer'), dataIndex: 'payerMasked' },
    { title: t('finance.columns.amount'), render: (_, o) => yuan(o.amountFen), align: 'right' },
    { title: t('finance.columns.timing'), render: (_, o) => t(`finance.timing.${o.timing}`) },
    { title: t('finance.columns.status'), render: (_, o) => <OrderStatusTag status={o.status} /> },
    {
      title: t('finance.columns.paidAt'),
      render: (_, o) => (o.paidAt ? formatDateTime(o.paidAt, i18n.language) : '—'),
    },
    { title: t('finance.columns.receipt'), render: (_, o) => o.receiptNumber ?? '—' },
    { title: t('finance.columns.trade'), render: (_, o) => o.tradeNo ?? '—' },
  ];
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Select
        allowClear
        placeholder={t('finance.allStatuses')}
        style={{ width: 200 }}
        value={status}
        onChange={(v: PaymentOrderStatus | undefined) => {
          setStatus(v);
          setPage(1);
        }}
        options={STATUSES.map((s) => ({ value: s, label: t(`finance.status.${s}`) }))}
      />
      <Table
        rowKey="id"
        size="small"
        loading={q.isFetching}
        columns={columns}
        dataSource={q.data?.items ?? []}
        scroll={{ x: true }}
        pagination={{ current: page, pageSize: 20, total: q.data?.total ?? 0, onChange: setPage }}
        data-testid="finance-orders"
      />
    </Space>
  );
}

function Mismatches() {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const [open, setOpen] = useState(true);
  const [day, setDay] = useState(today);
  const [resolving, setResolving] = useState<ReconciliationMismatch | null>(null);
  const q = useQuery(mismatchesQuery(open));
  const run = useMutation(reconcile);

  const onRun = async () => {
    try {
      const r = await run.mutateAsync(day);
      void message.success(
        t('finance.reconciled', {
          day: r.day,
          statement: r.statementCount,
          orders: r.orderCount,
          mismatches: r.mismatchCount,
        }),
      );
    } catch (err) {
      void message.error(errorMessage(t, err));
    }
  };

  const columns: TableColumnsType<ReconciliationMismatch> = [
    { title: t('finance.columns.day'), dataIndex: 'day' },
    { title: t('finance.columns.trade'), dataIndex: 'tradeNo' },
    { title: t('finance.columns.orderNumber'), render: (_, m) => m.orderNumber ?? '—' },
    {
      title: t('finance.columns.kind'),
      render: (_, m) => (
        <Tag color="red" data-testid="mismatch-kind" data-kind={m.kind}>
          {t(`finance.kind.${m.kind}`)}
        </Tag>
      ),
    },
    {
      title: t('finance.columns.platform'),
      render: (_, m) => `${yuan(m.platformAmountFen)} ${m.platformStatus ?? ''}`,
    },
    {
      title: t('finance.columns.provider'),
      render: (_, m) => `${yuan(m.providerAmountFen)} ${m.providerStatus ?? ''}`,
    },
    {
      title: t('finance.columns.resolution'),
      render: (_, m) =>
        m.resolvedAt ? (
          <Typography.Text type="secondary">{m.resolutionNote}</Typography.Text>
        ) : (
          <Button size="small" onClick={() => setResolving(m)} data-testid="mismatch-resolve">
            {t('finance.resolve')}
          </Button>
        ),
    },
  ];
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Space wrap>
        <Typography.Text>{t('finance.reconcileDay')}</Typography.Text>
        <Input
          type="date"
          value={day}
          onChange={(e) => setDay(e.target.value)}
          style={{ width: 170 }}
          data-testid="reconcile-day"
        />
        <Button type="primary" loading={run.isPending} onClick={() => void onRun()} data-testid="reconcile-run">
          {t('finance.reconcile')}
        </Button>
        <Segmented
          value={open ? 'open' : 'resolved'}
          onChange={(v) => setOpen(v === 'open')}
          options={[
            { value: 'open', label: t('finance.openOnly') },
            { value: 'resolved', label: t('finance.resolvedOnly') },
          ]}
        />
      </Space>
      <Table
        rowKey="id"
        size="small"
        loading={q.isFetching}
        columns={columns}
        dataSource={q.data?.items ?? []}
        scroll={{ x: true }}
        pagination={false}
        locale={{ emptyText: t('finance.none') }}
        data-testid="finance-mismatches"
      />
      {resolving && <ResolveDialog m={resolving} onClose={() => setResolving(null)} />}
    </Space>
  );
}

function ResolveDialog({ m, onClose }: { m: ReconciliationMismatch; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const [note, setNote] = useState('');
  const resolve = useMutation(resolveMismatch);
  const onOk = async () => {
    if (note.trim().length < 2) {
      void message.warning(t('finance.noteRequired'));
      return;
    }
    try {
      await resolve.mutateAsync({ id: m.id, note: note.trim() });
      void message.success(t('finance.resolved'));
      onClose();
    } catch (err) {
      void message.error(errorMessage(t, err));
    }
  };
  return (
    <Modal
      open
      title={t('finance.resolveTitle')}
      onCancel={onClose}
      onOk={() => void onOk()}
      confirmLoading={resolve.isPending}
      okButtonProps={{ 'data-testid': 'resolve-confirm' }}
    >
      <Typography.Paragraph>
        {m.tradeNo} · {t(`finance.kind.${m.kind}`)}
      </Typography.Paragraph>
      <Input.TextArea
        rows={3}
        value={note}
        onChange={(e) => setNote(e.target.value)}
        placeholder={t('finance.note')}
        data-testid="resolve-note"
      />
    </Modal>
  );
}
