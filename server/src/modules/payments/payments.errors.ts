/** payments' error codes (the platform's are in platform/platform.errors.ts). */
import { defineErrors } from '../../platform/errors.ts';

export const paymentsErrors = defineErrors('payments', {
  ORDER_NOT_FOUND: { status: 404, zh: '缴款单不存在', en: 'No such payment order' },
  MISMATCH_NOT_FOUND: { status: 404, zh: '对账差异不存在', en: 'No such reconciliation mismatch' },
  TRADE_NOT_FOUND: { status: 404, zh: '支付交易不存在', en: 'No such payment transaction' },
  ORDER_NOT_PAYABLE: {
    status: 422,
    zh: '该缴款单当前不能支付（已支付、已退款或已取消）',
    en: 'This order cannot be paid now (it is paid, refunded or cancelled)',
  },
  RECEIPT_NOT_ISSUED: {
    status: 422,
    zh: '缴款完成后才能开具电子票据',
    en: 'A receipt is issued once the order is paid',
  },
  MISMATCH_RESOLVED: { status: 409, zh: '该差异已处理', en: 'This mismatch has already been resolved' },
  PAYMENT_SIGNATURE_INVALID: {
    status: 403,
    zh: '支付回调签名无效',
    en: 'The payment callback signature is invalid',
  },
  SANDBOX_PAGE_EXPIRED: {
    status: 404,
    zh: '支付页面已失效',
    en: 'This payment page is no longer valid',
  },
});

declare module '../../platform/errors.ts' {
  interface ErrorCatalogues {
    payments: typeof paymentsErrors;
  }
}
