/**
 * What supervision's anomaly flags (异常预警) read about a decided case, through this module's
 * interface (never its tables): where and under which item it was decided, when it was submitted
 * and decided, who decided it, and how often it was sent back for correction (补正). No form,
 * no materials, no applicant name.
 */
import type { Context } from './applications.context.ts';

/** The workflow actions that decide a case (审批); the closing action's actor when none was taken. */
const DECIDING = ['approve', 'reject'];

export interface DecisionFacts {
  caseId: string;
  caseNumber: string;
  regionCode: string;
  departmentCode: string;
  itemCode: string;
  outcome: 'completed' | 'rejected';
  applicantAccountId: string;
  enterpriseId: string | null;
  submittedAt: Date;
  decidedAt: Date;
  deciderAccountId: string | null;
  deciderName: string;
  corrections: number;
}

export class DecisionFactsReader {
  private readonly c: Context;

  constructor(context: Context) {
    this.c = context;
  }

  /** The facts of a case completed or rejected, or null while it is open (or withdrawn, or unknown). */
  async decisionFacts(caseId: string): Promise<DecisionFacts | null> {
    const row = await this.c.db
      .selectFrom('applications.cases')
      .select([
        'id',
        'case_number',
        'region_code',
        'department_code',
        'item_code',
        'items',
        'status',
        'applicant_account_id',
        'enterprise_id',
        'submitted_at',
        'closed_at',
        'updated_at',
      ])
      .where('id', '=', caseId)
      .executeTakeFirst();
    if (!row || (row.status !== 'completed' && row.status !== 'rejected')) return null;
    const events = await this.c.db
      .selectFrom('applications.case_events')
      .select(['seq', 'at', 'actor_id', 'actor_name', 'is_applicant', 'action', 'branch'])
      .where('case_id', '=', caseId)
      .orderBy('seq', 'asc')
      .execute();
    const staff = events.filter((e) => !e.is_applicant && e.actor_id !== null);
    const deciding = staff.filter((e) => DECIDING.includes(e.action) && !e.branch).at(-1) ?? staff.at(-1) ?? null;
    const last = events.at(-1);
    return {
      caseId: row.id,
      caseNumber: row.case_number,
      regionCode: row.region_code,
      departmentCode: row.department_code,
      itemCode: row.item_code ?? row.items[0]?.code ?? '',
      outcome: row.status,
      applicantAccountId: row.applicant_account_id,
      enterpriseId: row.enterprise_id,
      submittedAt: row.submitted_at,
      decidedAt: row.closed_at ?? last?.at ?? row.updated_at,
      deciderAccountId: deciding?.actor_id ?? null,
      deciderName: deciding?.actor_name ?? '',
      corrections: events.filter((e) => e.action === 'request_correction').length,
    };
  }
}
