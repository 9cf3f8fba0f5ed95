/** An order as the API answers it. */
import { fenToCapitals } from './money.ts';
import type { MismatchRow, OrderRow } from './payments.repository.ts';
import type { MismatchT, PaymentOrderT } from './payments.schemas.ts';

export const orderView = (o: OrderRow): PaymentOrderT => ({
  id: o.id,
  orderNumber: o.order_number,
  caseId: o.case_id,
  caseNumber: o.case_number,
  timing: o.timing,
  title: { zh: o.title_zh, en: o.title_en },
  lines: o.lines,
  amountFen: o.amount_fen,
  amountCapitals: fenToCapitals(o.amount_fen),
  payerMasked: o.payer_masked,
  provider: o.provider,
  tradeNo: o.trade_no,
  status: o.status,
  paidAt: o.paid_at?.toISOString() ?? null,
  refundedAt: o.refunded_at?.toISOString() ?? null,
  refundReason: o.refund_reason,
  receiptNumber: o.receipt_number,
  createdAt: o.created_at.toISOString(),
});

export const mismatchView = (m: MismatchRow): MismatchT => ({
  id: m.id,
  provider: m.provider,
  day: m.day,
  tradeNo: m.trade_no,
  kind: m.kind,
  orderId: m.order_id,
  orderNumber: m.order_number,
  platformAmountFen: m.platform_amount_fen,
  providerAmountFen: m.provider_amount_fen,
  platformStatus: m.platform_status,
  providerStatus: m.provider_status,
  foundAt: m.found_at.toISOString(),
  resolvedAt: m.resolved_at?.toISOString() ?? null,
  resolutionNote: m.resolution_note,
});
