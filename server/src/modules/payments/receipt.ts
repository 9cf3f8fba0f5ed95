/**
 * The electronic receipt (电子票据) as a PDF: number, payer (masked), item, amount in figures
 * and in Chinese capitals (大写), date, and a verification code with a QR code pointing at the
 * public check. Drawn by the platform's small-document renderer (platform/pdf.ts).
 */
import { renderSimplePdf } from '../../platform/pdf.ts';
import { fenToCapitals, formatFen } from './money.ts';

export interface ReceiptData {
  receiptNumber: string;
  verificationCode: string;
  /** What the QR code holds: the address of the public check. */
  verifyUrl: string;
  payerMasked: string;
  /** The payee (执收单位): the city's government service. */
  payee: string;
  title: string;
  lines: { name: string; amountFen: number }[];
  amountFen: number;
  /** The payment date as the city writes it (YYYY-MM-DD). */
  paidOn: string;
  orderNumber: string;
  caseNumber: string;
}

export function renderReceiptPdf(r: ReceiptData): Promise<Buffer> {
  return renderSimplePdf({
    title: '非税收入电子票据',
    subtitle: 'Electronic receipt (non-tax revenue)',
    author: 'Yiwang 一网',
    rows: [
      { label: '票据号码 Receipt No.', value: r.receiptNumber },
      { label: '校验码 Verification code', value: r.verificationCode },
      { label: '交款人 Payer', value: r.payerMasked },
      { label: '执收单位 Payee', value: r.payee },
      { label: '项目 Item', value: r.title },
      ...r.lines.map((l) => ({ label: `  ${l.name}`, value: formatFen(l.amountFen) })),
      { label: '金额 Amount', value: formatFen(r.amountFen) },
      { label: '金额（大写）In capitals', value: `人民币${fenToCapitals(r.amountFen)}` },
      { label: '开票日期 Date', value: r.paidOn },
      { label: '缴款单号 Order No.', value: r.orderNumber },
      { label: '办件编号 Case No.', value: r.caseNumber },
    ],
    qr: { text: r.verifyUrl, caption: '扫码查验 Scan to verify' },
  });
}
