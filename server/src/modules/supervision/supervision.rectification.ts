/**
 * 差评整改: a bad rating (1-2) becomes a ticket for the unit that handled the case, due in a
 * configurable number of working days (the platform's working-day calendar). The unit's head
 * fixes and explains, or appeals a wrongful rating to a supervisor with evidence; the rater is
 * called back (in the app) and rates the fix; a ticket still open at its deadline escalates (a
 * durable job). Every step is audited. No answer to the unit names the rater.
 */
import { systemActor } from '../../platform/audit.ts';
import { principalActor, type Principal, type RequestOrigin } from '../../platform/auth.ts';
import { command, type Work } from '../../platform/context.ts';
import { conflict, notFound } from '../../platform/errors.ts';
import { uuidv7 } from '../../platform/ids.ts';
import { cancelJob, scheduleJob, type Job } from '../../platform/jobs.ts';
import type { NoEvents } from '../../platform/outbox.ts';
import { localDate } from '../../platform/time-zone.ts';
import { inTx, OVERDUE_JOB, TELL_JOB, type Context, type OverdueJob, type TellJob } from './supervision.context.ts';
import { policy } from './supervision.policy.ts';
import * as repo from './supervision.repository.ts';
import type { TicketStatus } from './supervision.tables.ts';

const iso = (d: Date | null) => (d ? d.toISOString() : null);
const jobKey = (id: string) => `${OVERDUE_JOB}:${id}`;

/** A ticket as the unit and supervisors see it: the case, the score and the comment; never the rater. */
export function ticketView(t: repo.TicketRow) {
  return {
    id: t.id,
    ticketNumber: t.ticket_number,
    caseNumber: t.case_number,
    departmentCode: t.department_code,
    itemCode: t.item_code,
    itemName: { zh: t.item_name_zh, en: t.item_name_en },
    score: t.score,
    comment: t.comment,
    status: t.status,
    dueAt: t.due_at.toISOString(),
    escalatedAt: iso(t.escalated_at),
    explanation: t.explanation,
    fixedAt: iso(t.fixed_at),
    appealReason: t.appeal_reason,
    appealEvidence: t.appeal_evidence,
    decision: t.decision,
    decisionNote: t.decision_note,
    callbackScore: t.callback_score,
    closedAt: iso(t.closed_at),
    createdAt: t.created_at.toISOString(),
  };
}

export class Rectification {
  private readonly c: Context;

  constructor(context: Context) {
    this.c = context;
  }

  /** Open the ticket of a bad rating (inside the rating's transaction) and schedule its deadline. */
  /** A ticket for the department of `part` (the rated case's item it handled). */
  async open(w: Work<NoEvents>, rating: repo.RatingRow, part: repo.Part): Promise<repo.TicketRow> {
    const db = inTx(w);
    const n = await repo.nextNumber(db, 'ticket_seq');
    const day = localDate(w.now, this.c.deps.timeZone).replaceAll('-', '');
    const ticket = await repo.insertTicket(db, {
      id: uuidv7(w.now.getTime()),
      ticket_number: `ZG${day}${String(n).padStart(5, '0')}`,
      rating_id: rating.id,
      case_number: rating.case_number,
      region_code: part.region_code,
      department_code: part.department_code,
      item_code: part.item_code,
      item_name_zh: part.item_name_zh,
      item_name_en: part.item_name_en,
      score: rating.score,
      comment: rating.comment,
      rater_account_id: rating.rater_account_id,
      status: 'open',
      due_at: this.c.calendar.addWorkingDays(w.now, this.c.deps.settings.rectificationWorkingDays),
      escalated_at: null,
      explanation: null,
      fixed_at: null,
      appeal_reason: null,
      appeal_evidence: null,
      appealed_at: null,
      decision: null,
      decision_note: null,
      decided_at: null,
      callback_score: null,
      closed_at: null,
      created_at: w.now,
      updated_at: w.now,
    });
    await scheduleJob(
      w.tx,
      { kind: OVERDUE_JOB, key: jobKey(ticket.id), payload: { ticketId: ticket.id }, runAt: ticket.due_at },
      w.now,
    );
    await this.tellStaff(w, ticket, ['department_admin'], {
      zh: `差评整改工单 ${ticket.ticket_number}：办件 ${ticket.case_number}，请于 ${localDate(ticket.due_at, this.c.deps.timeZone)} 前整改`,
      en: `Rectification ticket ${ticket.ticket_number} for case ${ticket.case_number}: due ${localDate(ticket.due_at, this.c.deps.timeZone)}`,
    });
    await w.audit({
      action: 'supervision.ticket.opened',
      resourceType: 'rectification_ticket',
      resourceId: ticket.id,
      regionCode: ticket.region_code,
      detail: { department: ticket.department_code, score: ticket.score, due: ticket.due_at.toISOString() },
    });
    return ticket;
  }

  async list(p: Principal | null, status: TicketStatus | null) {
    const { scope } = policy.scope(p);
    return (await repo.ticketsInScope(this.c.db, scope, status)).map(ticketView);
  }

  async get(p: Principal | null, id: string) {
    const { scope } = policy.scope(p);
    return ticketView(policy.read(scope, await repo.ticketById(this.c.db, id)));
  }

  /** The unit fixed it: its explanation; the rater is called back (an anonymous window rater cannot be). */
  async fix(p: Principal | null, id: string, explanation: string, origin: RequestOrigin) {
    return this.change(p, id, origin, 'open', async (w, t, principal) => {
      policy.rectify(principal, t);
      const callback = t.rater_account_id !== null;
      const next = await repo.updateTicket(inTx(w), t.id, {
        status: callback ? 'fixed' : 'closed',
        explanation,
        fixed_at: w.now,
        closed_at: callback ? null : w.now,
        updated_at: w.now,
      });
      await cancelJob(w.tx, jobKey(t.id));
      if (t.rater_account_id)
        await this.c.deps.notifyAccount(
          w.tx,
          {
            accountId: t.rater_account_id,
            regionCode: t.region_code,
            topic: 'supervision.ticket.callback',
            title: { zh: '您的评价已整改，请评价整改结果', en: 'Your review was acted on: rate the fix' },
            body: {
              zh: `办件 ${t.case_number}（${t.item_name_zh}）的办理单位已整改：${explanation}`,
              en: `The unit that handled case ${t.case_number} (${t.item_name_en}) fixed it: ${explanation}`,
            },
            link: `/ratings?ticket=${t.id}`,
            sourceEventId: `supervision.callback:${t.id}`,
          },
          w.now,
        );
      return { next, action: 'supervision.ticket.fixed' };
    });
  }

  /** The unit appeals a wrongful rating to a supervisor, with its evidence. */
  async appeal(p: Principal | null, id: string, input: { reason: string; evidence: string }, origin: RequestOrigin) {
    return this.change(p, id, origin, 'open', async (w, t, principal) => {
      policy.rectify(principal, t);
      const next = await repo.updateTicket(inTx(w), t.id, {
        status: 'appealed',
        appeal_reason: input.reason,
        appeal_evidence: input.evidence,
        appealed_at: w.now,
        updated_at: w.now,
      });
      await this.tellStaff(w, t, ['supervisor'], {
        zh: `差评申诉待裁定：工单 ${t.ticket_number}`,
        en: `An appeal awaits your decision: ticket ${t.ticket_number}`,
      });
      return { next, action: 'supervision.ticket.appealed' };
    });
  }

  /** A supervisor decides an appeal: upheld voids the ticket (and the rating's count); dismissed reopens it. */
  async decide(p: Principal | null, id: string, input: { upheld: boolean; note: string }, origin: RequestOrigin) {
    return this.change(p, id, origin, 'appealed', async (w, t, principal) => {
      policy.decide(principal, t);
      const next = await repo.updateTicket(inTx(w), t.id, {
        status: input.upheld ? 'voided' : 'open',
        decision: input.upheld ? 'upheld' : 'dismissed',
        decision_note: input.note,
        decided_at: w.now,
        closed_at: input.upheld ? w.now : null,
        updated_at: w.now,
      });
      if (input.upheld) await cancelJob(w.tx, jobKey(t.id));
      else
        await scheduleJob(
          w.tx,
          {
            kind: OVERDUE_JOB,
            key: jobKey(t.id),
            payload: { ticketId: t.id },
            runAt: t.due_at > w.now ? t.due_at : w.now,
            replace: true,
          },
          w.now,
        );
      return { next, action: input.upheld ? 'supervision.appeal.upheld' : 'supervision.appeal.dismissed' };
    });
  }

  /** The rater's fixed tickets awaiting their call-back rating. */
  async callbacks(p: Principal | null) {
    const principal = policy.signedIn(p);
    return (await repo.callbacksFor(this.c.db, principal.accountId)).map((t) => ({
      ticketId: t.id,
      caseNumber: t.case_number,
      itemName: { zh: t.item_name_zh, en: t.item_name_en },
      explanation: t.explanation ?? '',
      fixedAt: iso(t.fixed_at),
    }));
  }

  /** The rater rates the fix (回访): once; the ticket closes. */
  async callback(
    p: Principal | null,
    id: string,
    input: { score: number; comment?: string | null },
    origin: RequestOrigin,
  ) {
    const principal = policy.signedIn(p);
    return command(this.c.p, principalActor(principal, origin), async (w) => {
      const db = inTx(w);
      const t = await repo.ticketForUpdate(db, id);
      if (!t || !policy.isRater(principal, t.rater_account_id) || t.status !== 'fixed')
        throw notFound('RECTIFICATION_NOT_FOUND', 'No fixed ticket of yours awaits a call-back rating');
      const rating = await repo.insertRating(db, {
        id: uuidv7(w.now.getTime()),
        kind: 'callback',
        channel: 'app',
        case_id: null,
        visit_id: null,
        ticket_id: t.id,
        case_number: t.case_number,
        region_code: t.region_code,
        department_code: t.department_code,
        item_code: t.item_code,
        item_name_zh: t.item_name_zh,
        item_name_en: t.item_name_en,
        score: input.score,
        indicators: JSON.stringify({ overall: input.score }),
        comment: input.comment?.trim() || null,
        rater_account_id: principal.accountId,
        rated_at: w.now,
      });
      if (!rating) throw conflict('ALREADY_RATED', 'The fix has been rated');
      await repo.updateTicket(db, t.id, {
        status: 'closed',
        callback_score: input.score,
        closed_at: w.now,
        updated_at: w.now,
      });
      await w.audit({
        action: 'supervision.ticket.callback',
        resourceType: 'rectification_ticket',
        resourceId: t.id,
        regionCode: t.region_code,
        detail: { score: input.score },
      });
      return { id: rating.id, score: rating.score, ratedAt: rating.rated_at.toISOString(), rectification: false };
    });
  }

  /** The deadline passed: a ticket still open escalates to the region's supervisors and the unit's head. */
  async onOverdue(job: Job<OverdueJob>): Promise<void> {
    await command(this.c.p, systemActor(), async (w) => {
      const t = await repo.ticketForUpdate(inTx(w), job.payload.ticketId);
      if (!t || t.status !== 'open' || t.escalated_at || t.due_at > w.now) return;
      await repo.updateTicket(inTx(w), t.id, { escalated_at: w.now, updated_at: w.now });
      await this.tellStaff(w, t, ['supervisor', 'department_admin'], {
        zh: `差评整改超期：工单 ${t.ticket_number}（办件 ${t.case_number}）已过整改期限`,
        en: `Rectification overdue: ticket ${t.ticket_number} (case ${t.case_number}) passed its deadline`,
      });
      await w.audit({
        action: 'supervision.ticket.escalated',
        resourceType: 'rectification_ticket',
        resourceId: t.id,
        regionCode: t.region_code,
        detail: { department: t.department_code, due: t.due_at.toISOString() },
      });
    });
  }

  /** One state change of a ticket by staff in scope: locked, checked, changed and audited in one transaction. */
  private async change(
    p: Principal | null,
    id: string,
    origin: RequestOrigin,
    from: TicketStatus,
    fn: (
      w: Work<NoEvents>,
      t: repo.TicketRow,
      principal: Principal,
    ) => Promise<{ next: repo.TicketRow; action: string }>,
  ) {
    const { principal, scope } = policy.scope(p);
    return command(this.c.p, principalActor(principal, origin), async (w) => {
      const t = policy.read(scope, await repo.ticketForUpdate(inTx(w), id));
      if (t.status !== from) throw conflict('RECTIFICATION_STATE', `The ticket is ${t.status}`);
      const { next, action } = await fn(w, t, principal);
      await w.audit({
        action,
        resourceType: 'rectification_ticket',
        resourceId: t.id,
        regionCode: t.region_code,
        detail: { department: t.department_code, status: next.status },
      });
      return ticketView(next);
    });
  }

  /**
   * Tell the unit's or the region's staff, after commit (a job): finding them reads org's tables,
   * which a module never does inside its own transaction.
   */
  private async tellStaff(w: Work<NoEvents>, t: repo.TicketRow, roles: string[], body: { zh: string; en: string }) {
    const key = `${TELL_JOB}:${t.id}:${w.now.getTime()}:${roles.join(',')}`;
    const payload: TellJob = {
      ticketId: t.id,
      regionCode: t.region_code,
      departmentCode: t.department_code,
      roles,
      body,
    };
    await scheduleJob(w.tx, { kind: TELL_JOB, key, payload, runAt: w.now, regionCode: t.region_code }, w.now);
  }

  async onTell(job: Job<TellJob>): Promise<void> {
    const { regionCode, departmentCode, roles, body, ticketId } = job.payload;
    const accounts = await this.c.deps.org.accountsWithRole(regionCode, departmentCode, roles);
    await this.c.p.db.transaction().execute(async (tx) => {
      for (const accountId of accounts)
        await this.c.deps.notifyAccount(
          tx,
          {
            accountId,
            regionCode,
            topic: 'supervision.ticket',
            title: { zh: '差评整改', en: 'Rectification of a bad review' },
            body,
            link: null,
            sourceEventId: `${job.key ?? job.id}:${ticketId}`,
          },
          job.createdAt,
        );
    });
  }
}
