/** Receipts: the payer's (or staff's) PDF download, and the public check a receipt's QR code points at. */
import type { Principal } from '../../platform/auth.ts';
import { AppError } from '../../platform/errors.ts';
import { localDate } from '../../platform/time-zone.ts';
import type { Context } from './payments.context.ts';
import { policy } from './payments.policy.ts';
import * as repo from './payments.repository.ts';
import { renderReceiptPdf } from './receipt.ts';

export class Receipts {
  private readonly c: Context;

  constructor(context: Context) {
    this.c = context;
  }

  async pdf(p: Principal | null, id: string): Promise<{ fileName: string; pdf: Buffer }> {
    const o = policy.read(p, await repo.orderById(this.c.db, id));
    if (!o.receipt_number || !o.receipt_code || !o.paid_at)
      throw new AppError(422, 'RECEIPT_NOT_ISSUED', 'A receipt is issued once the order is paid');
    const query = `number=${encodeURIComponent(o.receipt_number)}&code=${encodeURIComponent(o.receipt_code)}`;
    const pdf = await renderReceiptPdf({
      receiptNumber: o.receipt_number,
      verificationCode: o.receipt_code,
      verifyUrl: `${this.c.deps.publicUrl ?? ''}/api/payments/receipts/verify?${query}`,
      payerMasked: o.payer_masked,
      payee: '政务服务统一公共支付平台',
      title: o.title_zh,
      lines: o.lines.map((l) => ({ name: l.name.zh, amountFen: l.amountFen })),
      amountFen: o.paid_amount_fen ?? o.amount_fen,
      paidOn: localDate(o.paid_at, this.c.deps.timeZone),
      orderNumber: o.order_number,
      caseNumber: o.case_number,
    });
    return { fileName: `receipt-${o.receipt_number}.pdf`, pdf };
  }

  /** Anyone holding a receipt checks it: with the right code, what it says (the payer masked). */
  async verify(number: string, code: string) {
    const o = await repo.orderByReceipt(this.c.db, number);
    if (!o || o.receipt_code !== code.toUpperCase())
      return { valid: false, receiptNumber: number, title: null, amountFen: null, payerMasked: null, paidAt: null };
    return {
      valid: true,
      receiptNumber: number,
      title: { zh: o.title_zh, en: o.title_en },
      amountFen: o.paid_amount_fen ?? o.amount_fen,
      payerMasked: o.payer_masked,
      paidAt: o.paid_at?.toISOString() ?? null,
    };
  }
}
