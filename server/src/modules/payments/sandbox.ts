/**
 * The sandbox payment provider: a stand-in for a real channel with its own books
 * (`payments.sandbox_ledger`, which the platform's orders never read), its own hosted pay page
 * (sandbox.routes.ts) and signed callbacks. The payer chooses what happens on the page: pay,
 * fail, pay but never call back (a time-out: the platform's query job must find it), or pay
 * and call back twice. `alter` changes its books behind the platform's back, so a test or a
 * demo can plant a reconciliation mismatch.
 */
import type { Kysely } from 'kysely';
import type { Clock } from '../../platform/clock.ts';
import { randomToken } from '../../platform/ids.ts';
import { localDate } from '../../platform/time-zone.ts';
import type { LedgerStatus, PaymentsTables } from './payments.tables.ts';
import {
  SIGNATURE_HEADER,
  signatureMatches,
  signBody,
  type CallbackNotice,
  type PaymentProvider,
  type ProviderTrade,
  type StatementLine,
  type TradeRequest,
} from './provider.ts';

export const SANDBOX = 'sandbox';
export const SANDBOX_OUTCOMES = ['pay', 'fail', 'timeout', 'twice'] as const;
export type SandboxOutcome = (typeof SANDBOX_OUTCOMES)[number];

/** How the sandbox reaches the platform's callback route (in-process HTTP: `fastify.inject`). */
export type CallbackDelivery = (path: string, body: unknown, headers: Record<string, string>) => Promise<number>;

export interface SandboxPage {
  tradeNo: string;
  orderNumber: string;
  subject: string;
  amountFen: number;
  status: LedgerStatus;
  token: string;
}

export class SandboxProvider implements PaymentProvider {
  readonly name = SANDBOX;
  private readonly db: Kysely<PaymentsTables>;
  private readonly clock: Clock;
  private readonly secret: string;
  private deliver: CallbackDelivery | null = null;

  constructor(db: Kysely<PaymentsTables>, clock: Clock, secret: string) {
    this.db = db;
    this.clock = clock;
    this.secret = secret;
  }

  /** Set once the routes are mounted: how callbacks reach the platform. */
  connect(deliver: CallbackDelivery): void {
    this.deliver = deliver;
  }

  async createTrade(req: TradeRequest): Promise<{ payUrl: string }> {
    const token = randomToken(18);
    await this.db
      .insertInto('payments.sandbox_ledger')
      .values({
        trade_no: req.tradeNo,
        merchant_order_no: req.orderNumber,
        amount_fen: req.amountFen,
        status: 'created',
        page_token: token,
        notify_path: req.notifyPath,
        return_url: req.returnPath,
        subject: req.subject,
        created_at: this.clock.now(),
        paid_at: null,
        refunded_at: null,
        refund_no: null,
      })
      .execute();
    return { payUrl: `/api/payments/sandbox/pay/${req.tradeNo}?token=${token}` };
  }

  async query(tradeNo: string): Promise<ProviderTrade | null> {
    const r = await this.row(tradeNo);
    if (!r) return null;
    const status = r.status === 'created' ? 'pending' : r.status;
    return { tradeNo, amountFen: r.amount_fen, status, paidAt: r.paid_at };
  }

  async refund(tradeNo: string, refundNo: string, amountFen: number): Promise<{ ok: boolean }> {
    const r = await this.row(tradeNo);
    if (!r || amountFen !== r.amount_fen) return { ok: false };
    if (r.status === 'refunded') return { ok: r.refund_no === refundNo };
    if (r.status !== 'paid') return { ok: false };
    await this.db
      .updateTable('payments.sandbox_ledger')
      .set({ status: 'refunded', refunded_at: this.clock.now(), refund_no: refundNo })
      .where('trade_no', '=', tradeNo)
      .where('status', '=', 'paid')
      .execute();
    return { ok: true };
  }

  async statement(day: string, timeZone: string): Promise<StatementLine[]> {
    // Trades paid within a day either side, then kept by their date in the city's time zone.
    const from = new Date(Date.parse(`${day}T00:00:00Z`) - 86_400_000);
    const to = new Date(Date.parse(`${day}T00:00:00Z`) + 2 * 86_400_000);
    const rows = await this.db
      .selectFrom('payments.sandbox_ledger')
      .selectAll()
      .where('status', 'in', ['paid', 'refunded'])
      .where('paid_at', '>=', from)
      .where('paid_at', '<', to)
      .orderBy('trade_no')
      .execute();
    return rows
      .filter((r) => r.paid_at && localDate(r.paid_at, timeZone) === day)
      .map((r) => ({
        tradeNo: r.trade_no,
        orderNumber: r.merchant_order_no,
        amountFen: r.amount_fen,
        status: r.status === 'refunded' ? ('refunded' as const) : ('paid' as const),
      }));
  }

  verifyCallback(headers: Record<string, string | string[] | undefined>, body: unknown): CallbackNotice | null {
    if (!signatureMatches(this.secret, body, headers[SIGNATURE_HEADER])) return null;
    return body as CallbackNotice;
  }

  // The provider's own side: its hosted page and its merchant console ---------------------------

  /** The hosted page's trade, when the token is the one issued with it. */
  async page(tradeNo: string, token: string): Promise<SandboxPage | null> {
    const r = await this.row(tradeNo);
    if (!r || r.page_token !== token) return null;
    return {
      tradeNo,
      orderNumber: r.merchant_order_no,
      subject: r.subject,
      amountFen: r.amount_fen,
      status: r.status,
      token,
    };
  }

  /**
   * The payer pressed a button on the hosted page: the sandbox's books change, then it calls
   * back (not at all for a time-out, twice for `twice`). Answers where the browser goes next.
   */
  async submit(tradeNo: string, token: string, outcome: SandboxOutcome): Promise<string | null> {
    const r = await this.row(tradeNo);
    if (!r || r.page_token !== token) return null;
    if (r.status === 'created') {
      const status: LedgerStatus = outcome === 'fail' ? 'failed' : 'paid';
      await this.db
        .updateTable('payments.sandbox_ledger')
        .set({ status, paid_at: status === 'paid' ? this.clock.now() : null })
        .where('trade_no', '=', tradeNo)
        .where('status', '=', 'created')
        .execute();
      const times = outcome === 'timeout' ? 0 : outcome === 'twice' ? 2 : 1;
      const notice: CallbackNotice = {
        tradeNo,
        orderNumber: r.merchant_order_no,
        amountFen: r.amount_fen,
        status: status === 'paid' ? 'paid' : 'failed',
      };
      for (let i = 0; i < times; i++) await this.callBack(r.notify_path, notice);
    }
    return r.return_url ?? '/';
  }

  /** Send a signed callback for a notice (the sandbox's own delivery; a test may send one by hand). */
  async callBack(path: string, notice: CallbackNotice): Promise<number> {
    if (!this.deliver) throw new Error('the sandbox provider is not connected to the callback route');
    return this.deliver(path, notice, { [SIGNATURE_HEADER]: signBody(this.secret, notice) });
  }

  /** The merchant console: change the sandbox's books (plants a reconciliation mismatch). */
  async alter(tradeNo: string, change: { amountFen?: number; status?: LedgerStatus }): Promise<boolean> {
    const res = await this.db
      .updateTable('payments.sandbox_ledger')
      .set({
        ...(change.amountFen !== undefined ? { amount_fen: change.amountFen } : {}),
        ...(change.status !== undefined ? { status: change.status } : {}),
      })
      .where('trade_no', '=', tradeNo)
      .executeTakeFirst();
    return Number(res.numUpdatedRows) > 0;
  }

  private row(tradeNo: string) {
    return this.db.selectFrom('payments.sandbox_ledger').selectAll().where('trade_no', '=', tradeNo).executeTakeFirst();
  }
}
