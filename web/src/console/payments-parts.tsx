/** Payments in the console: the text, amounts, status tags, and a case's payment state on the case desk. */
import { Card, Descriptions, Tag } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { caseOrdersQuery } from '../shared/api/payments';
import { lt } from '../shared/catalog';
import type { PaymentOrderStatus } from '../shared/contract';
import { formatDateTime } from '../shared/format';
import { addText } from '../shared/i18n';
import { financeText } from './text-finance';

addText('finance', financeText);

export const yuan = (fen: number | null) => (fen === null ? '—' : `¥${(fen / 100).toFixed(2)}`);

const COLORS: Record<PaymentOrderStatus, string> = {
  unpaid: 'orange',
  paying: 'blue',
  failed: 'red',
  paid: 'green',
  refunded: 'default',
  cancelled: 'default',
};

export function OrderStatusTag({ status }: { status: PaymentOrderStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={COLORS[status]} data-testid="order-status" data-status={status}>
      {t(`finance.status.${status}`)}
    </Tag>
  );
}

/** A case's payment orders, as staff see them on the case desk (nothing when the case owes no fee). */
export function CasePaymentState({ caseId }: { caseId: string }) {
  const { t, i18n } = useTranslation();
  const orders = useQuery(caseOrdersQuery(caseId)).data ?? [];
  if (orders.length === 0) return null;
  return (
    <Card size="small" title={t('finance.caseTitle')} data-testid="desk-payments">
      {orders.map((o) => (
        <Descriptions key={o.id} size="small" column={1} data-testid="desk-payment" data-status={o.status}>
          <Descriptions.Item label={t('finance.columns.title')}>{lt(o.title, i18n.language)}</Descriptions.Item>
          <Descriptions.Item label={t('finance.columns.amount')}>
            {yuan(o.amountFen)}（{o.amountCapitals}）
          </Descriptions.Item>
          <Descriptions.Item label={t('finance.columns.timing')}>{t(`finance.timing.${o.timing}`)}</Descriptions.Item>
          <Descriptions.Item label={t('finance.columns.status')}>
            <OrderStatusTag status={o.status} />
          </Descriptions.Item>
          {o.paidAt && (
            <Descriptions.Item label={t('finance.columns.paidAt')}>
              {formatDateTime(o.paidAt, i18n.language)}
            </Descriptions.Item>
          )}
        </Descriptions>
      ))}
    </Card>
  );
}
