/** The bridge's error codes (the host's app look-up and mini-app payments). */
import { defineErrors } from '../../platform/errors.ts';

export const superappBridgeErrors = defineErrors('superapp', {
  SUPERAPP_PAYMENT_NOT_FOUND: { status: 404, zh: '没有这笔支付', en: 'No such payment' },
  SUPERAPP_PAYMENT_UNAVAILABLE: {
    status: 422,
    zh: '平台未配置支付渠道，无法支付',
    en: 'No payment provider is configured: payments are unavailable',
  },
  SUPERAPP_ORDER_ALREADY_PAID: { status: 409, zh: '该订单已支付', en: 'This order is already paid' },
  SUPERAPP_ORDER_MISMATCH: {
    status: 409,
    zh: '该订单已按不同金额或付款人发起支付',
    en: 'This order is already being paid with another amount or by another person',
  },
  SUPERAPP_CALLBACK_REJECTED: { status: 400, zh: '支付回调签名无效', en: 'The payment callback signature is invalid' },
});

declare module '../../platform/errors.ts' {
  interface ErrorCatalogues {
    superappBridge: typeof superappBridgeErrors;
  }
}
