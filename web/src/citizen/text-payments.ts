// UI text of fees and payment on a case (缴费), zh-CN first, under the `payments` key.
import type { Shape } from '../shared/text-shape';

const zhCN = {
  title: '缴费',
  amount: '应缴金额',
  capitals: '大写',
  orderNumber: '缴款单号',
  timing: {
    before_acceptance: '缴费后才能受理',
    on_decision: '审批通过后缴费，缴费后发放办理结果',
  },
  status: {
    unpaid: '待缴费',
    paying: '支付确认中',
    failed: '支付未成功',
    paid: '已缴费',
    refunded: '已退款',
    cancelled: '已取消',
  },
  pay: '去缴费',
  payAgain: '重新支付',
  paying: '正在打开支付页面…',
  payingHint: '如已完成支付，结果可能需要几分钟确认，请稍后刷新',
  failedHint: '上次支付没有成功，未扣款，可以重新支付',
  paidAt: '缴费时间',
  receipt: '下载电子票据',
  receiptNumber: '票据号码',
  refundedAt: '退款时间',
  refundReason: {
    case_rejected: '办件未获准予，费用已原路退回',
    case_withdrawn: '办件已撤回，费用已原路退回',
  },
  refresh: '刷新缴费状态',
};

const en: Shape<typeof zhCN> = {
  title: 'Fees',
  amount: 'Amount due',
  capitals: 'In Chinese capitals',
  orderNumber: 'Payment order',
  timing: {
    before_acceptance: 'The case is accepted once this is paid',
    on_decision: 'Due after approval; the result is released once paid',
  },
  status: {
    unpaid: 'To pay',
    paying: 'Confirming payment',
    failed: 'Payment not completed',
    paid: 'Paid',
    refunded: 'Refunded',
    cancelled: 'Cancelled',
  },
  pay: 'Pay now',
  payAgain: 'Pay again',
  paying: 'Opening the payment page…',
  payingHint: 'If you have paid, confirmation can take a few minutes; refresh later',
  failedHint: 'The last payment did not go through and nothing was charged; you can pay again',
  paidAt: 'Paid on',
  receipt: 'Download the electronic receipt',
  receiptNumber: 'Receipt number',
  refundedAt: 'Refunded on',
  refundReason: {
    case_rejected: 'The case was not granted; the fee was refunded to where it came from',
    case_withdrawn: 'The case was withdrawn; the fee was refunded to where it came from',
  },
  refresh: 'Refresh the payment status',
};

export const paymentsText = { zhCN, en };
