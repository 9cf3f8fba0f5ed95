/**
 * Settling trades: the provider's signed callback, or the query job when no callback came.
 *
 * - A callback whose signature does not verify is refused (403 PAYMENT_SIGNATURE_INVALID),
 *   logged and audited; nothing else changes.
 * - Idempotent: a trade settles once (a conditional update from `pending`), so the same
 *   callback twice, or a callback racing the query job, changes nothing the second time.
 * - A callback whose amount differs from the trade's is not applied: it is flagged for
 *   finance staff as a mismatch and audited.
 * - A trade paid on an order that is already paid (two pay pages both paid) or whose case
 *   closed meanwhile is refunded at once: the platform never keeps money it did not ask for.
 */
import { systemActor, type ActorRef } from '../../platform/audit.ts';
import type { RequestOrigin } from '../../platform/auth.ts';
import { command } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { randomToken, uuidv7 } from '../../platform/ids.ts';
import type { Job } from '../../platform/jobs.ts';
import { localDate } from '../../platform/time-zone.ts';
import { formatFen } from './money.ts';
import { inTx, type Context, type QueryJob } from './payments.context.ts';
import { ORDER_PAID } from './payments.events.ts';
import * as repo from './payments.repository.ts';
import type { CallbackNotice } from './provider.ts';

export type SettleResult = 'applied' | 'duplicate' | 'amount_mismatch' | 'unknown_trade';

const RECEIPT_CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

export class Settlement {
  private readonly c: Context;

  constructor(context: Context) {
    this.c = context;
  }

  /** The provider's callback (public route: the signature is the authentication). */
  async callback(
    providerName: string,
    headers: Record<string, string | string[] | undefined>,
    body: unknown,
    origin: RequestOrigin,
  ): Promise<SettleResult> {
    const actor: ActorRef = { accountId: null, kind: 'system', requestId: origin.requestId, ip: origin.ip };
    const notice = providerName === this.c.provider.name ? this.c.provider.verifyCallback(headers, body) : null;
    if (!notice) {
      const tradeNo = (body as { tradeNo?: unknown } | null)?.tradeNo;
      await command(this.c.p, actor, async (w) => {
        await repo.recordCallback(inTx(w), {
          id: uuidv7(w.now.getTime()),
          provider: providerName,
          trade_no: typeof tradeNo === 'string' ? tradeNo : null,
          outcome: 'bad_signature',
          amount_fen: null,
          received_at: w.now,
        });
        await w.audit({
          action: 'payments.callback.rejected',
          resourceType: 'payment_callback',
          detail: { provider: providerName, reason: 'bad_signature' },
        });
      });
      throw new AppError(403, 'PAYMENT_SIGNATURE_INVALID', 'The payment callback signature is invalid');
    }
    return this.settle(notice, 'callback', actor);
  }

  /** The query job: a trade that never called back is asked about, and settled by what the provider says. */
  async onQueryJob(job: Job<QueryJob>): Promise<void> {
    const trade = await repo.tradeByNo(this.c.db, job.payload.tradeNo);
    if (!trade || trade.status !== 'pending') return;
    const found = await this.c.provider.query(trade.trade_no);
    const order = await repo.orderById(this.c.db, trade.order_id);
    if (!order) return;
    if (found?.status === 'paid' || found?.status === 'refunded' || found?.status === 'failed') {
      const status = found.status === 'failed' ? 'failed' : 'paid';
      await this.settle(
        { tradeNo: trade.trade_no, orderNumber: order.order_number, amountFen: found.amountFen, status },
        'query',
        systemActor(),
      );
      return;
    }
    // Not settled at the provider yet (the payer may still be on its page): ask again later (the job retries).
    throw new Error(`trade ${trade.trade_no} is still ${found ? found.status : 'unknown'} at ${this.c.provider.name}`);
  }

  async settle(notice: CallbackNotice, by: 'callback' | 'query', actor: ActorRef): Promise<SettleResult> {
    const trade = await repo.tradeByNo(this.c.db, notice.tradeNo);
    const log = async (outcome: SettleResult) => {
      if (by !== 'callback') return;
      await repo.recordCallback(this.c.db, {
        id: uuidv7(this.c.p.clock.now().getTime()),
        provider: this.c.provider.name,
        trade_no: notice.tradeNo,
        outcome,
        amount_fen: notice.amountFen,
        received_at: this.c.p.clock.now(),
      });
    };
    if (!trade) {
      await log('unknown_trade');
      return 'unknown_trade';
    }
    if (trade.status !== 'pending') {
      await log('duplicate');
      return 'duplicate';
    }
    const order = (await repo.orderById(this.c.db, trade.order_id))!;
    if (notice.amountFen !== trade.amount_fen) {
      await command(this.c.p, actor, async (w) => {
        await repo.insertMismatch(inTx(w), {
          id: uuidv7(w.now.getTime()),
          provider: this.c.provider.name,
          day: localDate(w.now, this.c.deps.timeZone),
          trade_no: trade.trade_no,
          kind: 'amount_differs',
          order_id: order.id,
          order_number: order.order_number,
          platform_amount_fen: trade.amount_fen,
          provider_amount_fen: notice.amountFen,
          platform_status: order.status,
          provider_status: notice.status,
          found_at: w.now,
          resolved_at: null,
          resolved_by: null,
          resolution_note: null,
        });
        await w.audit({
          action: 'payments.callback.amount-mismatch',
          resourceType: 'payment_order',
          resourceId: order.id,
          regionCode: order.region_code,
          detail: { tradeNo: trade.trade_no, expectedFen: trade.amount_fen, givenFen: notice.amountFen, by },
        });
      });
      await log('amount_mismatch');
      return 'amount_mismatch';
    }
    const outcome = await command(this.c.p, actor, async (w): Promise<{ raced: boolean; refund: string | null }> => {
      const db = inTx(w);
      if (!(await repo.settleTrade(db, trade.trade_no, notice.status, by, w.now))) return { raced: true, refund: null };
      const current = (await repo.orderByIdForUpdate(db, order.id))!;
      const audit = (action: string, detail: Record<string, unknown>) =>
        w.audit({
          action,
          resourceType: 'payment_order',
          resourceId: order.id,
          regionCode: order.region_code,
          detail: { tradeNo: trade.trade_no, by, ...detail },
        });
      if (notice.status === 'failed') {
        if (current.status === 'paying' && current.trade_no === trade.trade_no)
          await repo.updateOrder(db, order.id, { status: 'failed', updated_at: w.now });
        await audit('payments.trade.failed', {});
        return { raced: false, refund: null };
      }
      if (current.status === 'paid' || current.status === 'refunded' || current.status === 'cancelled') {
        await audit('payments.trade.unwanted', { orderStatus: current.status, amountFen: trade.amount_fen });
        return { raced: false, refund: trade.trade_no };
      }
      const seq = await repo.nextReceiptSeq(db);
      const receiptNumber = `${order.region_code}${localDate(w.now, this.c.deps.timeZone).slice(0, 4)}${String(seq).padStart(8, '0')}`;
      const code = [...randomToken(12)]
        .map((ch) => RECEIPT_CODE_ALPHABET[ch.charCodeAt(0) % RECEIPT_CODE_ALPHABET.length])
        .join('')
        .slice(0, 8);
      await repo.updateOrder(db, order.id, {
        status: 'paid',
        trade_no: trade.trade_no,
        paid_amount_fen: trade.amount_fen,
        paid_at: w.now,
        receipt_number: receiptNumber,
        receipt_code: code,
        updated_at: w.now,
      });
      await audit('payments.order.paid', { amountFen: trade.amount_fen, receiptNumber });
      await w.emit(
        ORDER_PAID,
        {
          orderId: order.id,
          orderNumber: order.order_number,
          caseId: order.case_id,
          regionCode: order.region_code,
          timing: order.timing,
          amountFen: trade.amount_fen,
        },
        order.region_code,
      );
      await this.c.deps.notifyAccount(
        w.tx,
        {
          accountId: order.applicant_account_id,
          enterpriseId: order.enterprise_id,
          regionCode: order.region_code,
          topic: 'payments.order.paid',
          title: { zh: `缴费成功：${order.title_zh}`, en: `Paid: ${order.title_en}` },
          body: {
            zh: `已收到 ${formatFen(trade.amount_fen)}，电子票据号 ${receiptNumber}。`,
            en: `${formatFen(trade.amount_fen)} received; electronic receipt ${receiptNumber}.`,
          },
          link: `/cases/${order.case_id}`,
          sourceEventId: `payment-paid:${order.id}`,
        },
        w.now,
      );
      return { raced: false, refund: null };
    });
    if (outcome.raced) {
      await log('duplicate');
      return 'duplicate';
    }
    if (outcome.refund) await this.c.provider.refund(outcome.refund, `R${outcome.refund}`, trade.amount_fen);
    await log('applied');
    return 'applied';
  }
}
