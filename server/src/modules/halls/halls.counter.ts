/**
 * One window accepts it all (一窗受理): the clerk serving a number files a case for the
 * applicant in front of them (applications' use case, with the ID card checked in person),
 * and prints the acceptance receipt (受理回执) with a QR code to follow the case.
 */
import { principalActor, requirePrincipal, type Principal, type RequestOrigin } from '../../platform/auth.ts';
import { command } from '../../platform/context.ts';
import { scoped } from '../../platform/db.ts';
import { AppError } from '../../platform/errors.ts';
import { maskName } from '../../platform/masking.ts';
import { renderSimplePdf } from '../../platform/pdf.ts';
import type { CounterFilingInput } from '../applications/index.ts';
import type { HallsContext } from './halls.context.ts';
import { policy } from './halls.policy.ts';
import type { Queue } from './halls.queue.ts';
import * as repo from './halls.repository.ts';
import type { HallsTables } from './halls.tables.ts';

const receiptNotFound = () => new AppError(404, 'RECEIPT_NOT_FOUND', 'No such receipt');

/** `2026-11-26 09:45` in the city's time zone. */
function cityTime(d: Date, timeZone: string): string {
  const f = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(d);
  const get = (t: string) => f.find((p) => p.type === t)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}`;
}

export class Counter {
  private readonly c: HallsContext;
  private readonly queue: Queue;
  constructor(c: HallsContext, queue: Queue) {
    this.c = c;
    this.queue = queue;
  }

  /** File the case of the applicant served at the clerk's window; answers the case and its receipt. */
  async file(
    p: Principal | null,
    windowId: string,
    input: CounterFilingInput,
    idempotencyKey: string,
    origin: RequestOrigin,
  ) {
    const { ticket, window } = await this.queue.servingAt(p, windowId);
    const principal = policy.atWindow(p, { clerkAccountId: window.clerk_account_id });
    const item = await this.c.deps.catalog.resolveItem(input.itemCode);
    if (!item || !this.c.handles(window, input.itemCode))
      throw new AppError(422, 'ITEM_NOT_HANDLED', 'This window does not handle that service');
    const filed = await this.c.deps.applications.fileAtCounter(
      p,
      input,
      { comprehensiveWindow: window.comprehensive },
      idempotencyKey,
      origin,
    );
    const h = await this.c.hallById(window.hall_id);
    const materials = item.data.materials
      .filter((m) => input.paperMaterials.includes(m.code))
      .map((m) => ({ code: m.code, name: m.name }));
    // A retry with the same Idempotency-Key answers the case filed the first time, and its receipt.
    const already = await repo.receiptByCase(this.c.db, filed.caseId);
    if (!already)
      await command(this.c.p, principalActor(principal, origin), async (w) => {
        const db = scoped<HallsTables>(w.tx);
        await repo.updateTicket(db, ticket.id, { case_id: filed.caseId });
        await repo.insertReceipt(db, {
          case_id: filed.caseId,
          hall_id: h.id,
          ticket_id: ticket.id,
          window_id: window.id,
          clerk_account_id: principal.accountId,
          case_number: filed.caseNumber,
          title_zh: filed.title.zh,
          title_en: filed.title.en,
          applicant_name_masked: maskName(filed.applicantName),
          materials,
          filed_at: filed.submittedAt,
          due_at: filed.dueAt,
        });
        await w.audit({
          action: 'halls.window.filed',
          resourceType: 'ticket',
          resourceId: ticket.id,
          regionCode: h.region_code,
          detail: { window: window.number, number: ticket.number, case: filed.caseNumber },
        });
      });
    return {
      caseId: filed.caseId,
      caseNumber: filed.caseNumber,
      title: filed.title,
      ticketId: ticket.id,
      applicantCreated: filed.created,
      receipt: `/api/halls/receipts/${filed.caseId}`,
    };
  }

  /**
   * The acceptance receipt (受理回执) as PDF: for the clerk who filed the case, and for whoever
   * may see the case (its applicant or the enterprise's agent in the app, staff of its
   * departments). Anyone else gets the answer for a receipt that does not exist.
   */
  async receipt(p: Principal | null, caseId: string): Promise<{ pdf: Buffer; caseNumber: string }> {
    const principal = requirePrincipal(p);
    const r = await repo.receiptByCase(this.c.db, caseId);
    if (!r) throw receiptNotFound();
    if (r.clerk_account_id !== principal.accountId && !(await this.c.deps.applications.mayRead(principal, caseId)))
      throw receiptNotFound();
    const h = await this.c.hallById(r.hall_id);
    const w = await repo.windowById(this.c.db, r.window_id);
    const tz = this.c.deps.timeZone;
    const link = `${this.c.deps.publicUrl ?? ''}/cases/${r.case_id}`;
    const pdf = await renderSimplePdf({
      title: '受理回执 Acceptance receipt',
      subtitle: `${h.name_zh} ${h.name_en}`,
      rows: [
        { label: '办件编号 Case number', value: r.case_number },
        { label: '办理事项 Service', value: `${r.title_zh}\n${r.title_en}` },
        { label: '申请人 Applicant', value: r.applicant_name_masked },
        { label: '受理时间 Accepted', value: cityTime(r.filed_at, tz) },
        { label: '承诺办结 Promised by', value: r.due_at ? cityTime(r.due_at, tz) : '—' },
        { label: '受理窗口 Window', value: w ? `${w.name_zh} ${w.name_en}` : '—' },
        {
          label: '已收材料 Materials received',
          value: r.materials.length ? r.materials.map((m) => `${m.name.zh} ${m.name.en}`).join('\n') : '—',
        },
      ],
      qr: { text: link, caption: '扫码或登录“一网”查询办理进度 Scan, or sign in to Yiwang, to follow the case' },
      footer: `本回执由${h.name_zh}出具，请妥善保管。This receipt was issued by ${h.name_en}; please keep it.`,
      author: h.name_zh,
    });
    return { pdf, caseNumber: r.case_number };
  }
}
