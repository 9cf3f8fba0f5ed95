/**
 * The electronic receipt (电子票据) as a PDF: number, payer (masked), item, amount in figures
 * and in Chinese capitals (大写), date, and a verification code with a QR code pointing at the
 * public check. Kept behind `renderReceiptPdf` so a shared PDF renderer can replace it.
 */
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import { fontRuns } from './cjk-font.ts';
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

type Doc = InstanceType<typeof PDFDocument>;

/** Text in the CJK font, subset by subset, continuing on one line. */
function write(doc: Doc, text: string, x: number, y: number, size: number, opts: { width?: number } = {}) {
  const runs = fontRuns(text);
  doc.fontSize(size);
  runs.forEach((run, i) => {
    doc.font(run.file);
    const continued = i < runs.length - 1;
    if (i === 0) doc.text(run.text, x, y, { continued, lineBreak: false, ...opts });
    else doc.text(run.text, { continued, lineBreak: false });
  });
}

export async function renderReceiptPdf(r: ReceiptData): Promise<Buffer> {
  const qr = await QRCode.toBuffer(r.verifyUrl, { type: 'png', margin: 1, width: 240, errorCorrectionLevel: 'M' });
  const doc = new PDFDocument({
    size: 'A5',
    layout: 'landscape',
    margin: 36,
    info: { Title: `电子票据 ${r.receiptNumber}`, Author: 'Yiwang 一网', Subject: 'Electronic receipt' },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const left = 40;
  write(doc, '非税收入电子票据', 200, 30, 20);
  write(doc, 'Electronic receipt (non-tax revenue)', 205, 56, 9);
  doc.moveTo(left, 76).lineTo(555, 76).stroke('#b91c1c');
  const rows: [string, string][] = [
    ['票据号码 Receipt No.', r.receiptNumber],
    ['校验码 Verification code', r.verificationCode],
    ['交款人 Payer', r.payerMasked],
    ['执收单位 Payee', r.payee],
    ['项目 Item', r.title],
    ...r.lines.map((l): [string, string] => [`  ${l.name}`, formatFen(l.amountFen)]),
    ['金额 Amount', formatFen(r.amountFen)],
    ['金额（大写）In capitals', `人民币${fenToCapitals(r.amountFen)}`],
    ['开票日期 Date', r.paidOn],
    ['缴款单号 Order No.', r.orderNumber],
    ['办件编号 Case No.', r.caseNumber],
  ];
  let y = 90;
  for (const [label, value] of rows) {
    write(doc, label, left, y, 10);
    write(doc, value, left + 150, y, 10, { width: 240 });
    y += value.length > 26 ? 30 : 20;
  }
  doc.image(qr, 430, 95, { width: 120 });
  write(doc, '扫码查验 Scan to verify', 438, 220, 8);
  doc.end();
  return done;
}
