/**
 * A case's fees as the applicant sees them (缴费): the amount (figures and 大写), when it is
 * due, its state, a Pay button that goes to the provider's hosted page (which returns to the
 * case), the electronic receipt once paid, and the refund when the case did not go ahead.
 */
import { Button, Tag, Toast } from 'antd-mobile';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { caseOrdersQuery, payOrder, receiptUrl } from '../shared/api/payments';
import { lt } from '../shared/catalog';
import type { PaymentOrder } from '../shared/contract';
import { formatDateTime } from '../shared/format';
import { addText, errorMessage } from '../shared/i18n';
import { paymentsText } from './text-payments';

addText('payments', paymentsText);

const yuan = (fen: number) => `¥${(fen / 100).toFixed(2)}`;

export function CasePayments({ caseId }: { caseId: string }) {
  const query = useQuery(caseOrdersQuery(caseId));
  const orders = query.data ?? [];
  if (orders.length === 0) return null;
  return (
    <>
      {orders.map((o) => (
        <OrderCard key={o.id} o={o} refresh={() => void query.refetch()} />
      ))}
    </>
  );
}

function OrderCard({ o, refresh }: { o: PaymentOrder; refresh: () => void }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const pay = useMutation(payOrder);
  const payable = o.status === 'unpaid' || o.status === 'failed' || o.status === 'paying';
  const color =
    o.status === 'paid' ? 'success' : o.status === 'refunded' || o.status === 'cancelled' ? 'default' : 'warning';

  const onPay = async () => {
    try {
      const start = await pay.mutateAsync({ id: o.id, returnPath: `/cases/${o.caseId}` });
      Toast.show({ content: t('payments.paying') });
      window.location.assign(start.payUrl);
    } catch (err) {
      Toast.show({ icon: 'fail', content: errorMessage(t, err) });
    }
  };

  return (
    <section
      className="yw-card"
      data-testid="case-payment"
      data-status={o.status}
      data-timing={o.timing}
      aria-label={t('payments.title')}
    >
      <div className="yw-case-hero-top">
        <h2 className="yw-card-title">{t('payments.title')}</h2>
        <Tag color={color} data-testid="payment-status">
          {t(`payments.status.${o.status}`)}
        </Tag>
      </div>
      <p className="yw-muted">{lt(o.title, lng)}</p>
      <dl className="yw-kvs">
        <div className="yw-kv">
          <dt>{t('payments.amount')}</dt>
          <dd data-testid="payment-amount">{yuan(o.amountFen)}</dd>
        </div>
        <div className="yw-kv">
          <dt>{t('payments.capitals')}</dt>
          <dd>{o.amountCapitals}</dd>
        </div>
        <div className="yw-kv">
          <dt>{t('payments.orderNumber')}</dt>
          <dd>{o.orderNumber}</dd>
        </div>
        {o.paidAt && (
          <div className="yw-kv">
            <dt>{t('payments.paidAt')}</dt>
            <dd>{formatDateTime(o.paidAt, lng)}</dd>
          </div>
        )}
        {o.receiptNumber && (
          <div className="yw-kv">
            <dt>{t('payments.receiptNumber')}</dt>
            <dd data-testid="payment-receipt-number">{o.receiptNumber}</dd>
          </div>
        )}
        {o.refundedAt && (
          <div className="yw-kv">
            <dt>{t('payments.refundedAt')}</dt>
            <dd>{formatDateTime(o.refundedAt, lng)}</dd>
          </div>
        )}
      </dl>
      {payable && <p className="yw-notice">{t(`payments.timing.${o.timing}`)}</p>}
      {o.status === 'failed' && <p className="yw-notice">{t('payments.failedHint')}</p>}
      {o.status === 'paying' && <p className="yw-muted">{t('payments.payingHint')}</p>}
      {o.refundReason && o.status === 'refunded' && (
        <p className="yw-notice" data-testid="payment-refund">
          {o.refundReason === 'case_withdrawn'
            ? t('payments.refundReason.case_withdrawn')
            : t('payments.refundReason.case_rejected')}
        </p>
      )}
      {payable && (
        <Button
          block
          color="primary"
          size="large"
          className="yw-mt"
          loading={pay.isPending}
          onClick={() => void onPay()}
          data-testid="payment-pay"
        >
          {o.status === 'unpaid' ? t('payments.pay') : t('payments.payAgain')}
        </Button>
      )}
      {o.status === 'paying' && (
        <Button block size="middle" className="yw-mt" onClick={refresh} data-testid="payment-refresh">
          {t('payments.refresh')}
        </Button>
      )}
      {(o.status === 'paid' || o.status === 'refunded') && o.receiptNumber && (
        <a className="yw-link-button yw-mt" href={receiptUrl(o.id)} download data-testid="payment-receipt">
          {t('payments.receipt')}
        </a>
      )}
    </section>
  );
}
