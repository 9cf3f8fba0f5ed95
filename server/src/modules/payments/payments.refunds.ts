/**
 * A case rejected or withdrawn after its fee was paid gets the fee back: refunded through the
 * provider (idempotent by the refund number), audited, and the payer told. An order not yet
 * paid is cancelled. Driven by `applications.case.changed` (delivered at least once).
 */
import { systemActor } from '../../platform/audit.ts';
import { command } from '../../platform/context.ts';
import type { DomainEvent } from '../../platform/outbox.ts';
import type { CaseChangedPayload } from '../applications/index.ts';
import { formatFen } from './money.ts';
import { inTx, type Context } from './payments.context.ts';
import { ORDER_REFUNDED } from './payments.events.ts';
import * as repo from './payments.repository.ts';

export class Refunds {
  private readonly c: Context;

  constructor(context: Context) {
    this.c = context;
  }

  async onCaseChanged(e: DomainEvent<CaseChangedPayload>): Promise<void> {
    const ev = e.payload;
    if (ev.status !== 'rejected' && ev.status !== 'withdrawn') return;
    const reason = ev.status === 'rejected' ? 'case_rejected' : 'case_withdrawn';
    for (const order of await repo.ordersOfCase(this.c.db, ev.caseId)) {
      if (order.status === 'paid') await this.refund(order, reason);
      else if (order.status !== 'refunded' && order.status !== 'cancelled') await this.cancel(order, reason);
    }
  }

  private async cancel(order: repo.OrderRow, reason: string): Promise<void> {
    await command(this.c.p, systemActor(), async (w) => {
      const current = await repo.orderByIdForUpdate(inTx(w), order.id);
      if (!current || current.status === 'paid' || current.status === 'refunded' || current.status === 'cancelled')
        return;
      await repo.updateOrder(inTx(w), order.id, { status: 'cancelled', refund_reason: reason, updated_at: w.now });
      await w.audit({
        action: 'payments.order.cancelled',
        resourceType: 'payment_order',
        resourceId: order.id,
        regionCode: order.region_code,
        detail: { reason },
      });
    });
    // A payment may still be under way on the cancelled order: the settlement refunds it when it lands.
  }

  private async refund(order: repo.OrderRow, reason: string): Promise<void> {
    const refundNo = `R${order.order_number}`;
    const res = await this.c.provider.refund(order.trade_no!, refundNo, order.paid_amount_fen ?? order.amount_fen);
    if (!res.ok) throw new Error(`the provider refused the refund of ${order.order_number}`);
    await command(this.c.p, systemActor(), async (w) => {
      const current = await repo.orderByIdForUpdate(inTx(w), order.id);
      if (!current || current.status !== 'paid') return;
      await repo.updateOrder(inTx(w), order.id, {
        status: 'refunded',
        refund_no: refundNo,
        refunded_at: w.now,
        refund_reason: reason,
        updated_at: w.now,
      });
      await w.audit({
        action: 'payments.order.refunded',
        resourceType: 'payment_order',
        resourceId: order.id,
        regionCode: order.region_code,
        detail: { refundNo, amountFen: current.paid_amount_fen, reason },
      });
      await w.emit(
        ORDER_REFUNDED,
        {
          orderId: order.id,
          orderNumber: order.order_number,
          caseId: order.case_id,
          regionCode: order.region_code,
          timing: order.timing,
          amountFen: current.paid_amount_fen ?? current.amount_fen,
        },
        order.region_code,
      );
      const why =
        reason === 'case_rejected'
          ? { zh: '办件未获准予', en: 'the case was not granted' }
          : { zh: '办件已撤回', en: 'the case was withdrawn' };
      await this.c.deps.notifyAccount(
        w.tx,
        {
          accountId: order.applicant_account_id,
          enterpriseId: order.enterprise_id,
          regionCode: order.region_code,
          topic: 'payments.order.refunded',
          title: { zh: `已退款：${order.title_zh}`, en: `Refunded: ${order.title_en}` },
          body: {
            zh: `因${why.zh}，已原路退回 ${formatFen(current.paid_amount_fen ?? current.amount_fen)}。`,
            en: `As ${why.en}, ${formatFen(current.paid_amount_fen ?? current.amount_fen)} was refunded to where it came from.`,
          },
          link: `/cases/${order.case_id}`,
          sourceEventId: `payment-refund:${order.id}`,
        },
        w.now,
      );
    });
  }
}
