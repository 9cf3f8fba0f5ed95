/**
 * For the supervision module's 时限监督 (no caller's principal: supervision checks its own policy
 * before asking; never behind an applications route): the open lines of work with a deadline,
 * as the inbox flags them, with who holds each. The deadlines themselves are the ones the
 * workflow set on the working-day calendar (applications.progress.ts); nothing is recomputed.
 */
import type { Context } from './applications.context.ts';
import * as repo from './applications.repository.ts';
import { MAIN_LINE } from './applications.views.ts';

export interface DeadlineLine {
  caseId: string;
  caseNumber: string;
  /** The department part of a parallel state, or null for the main line. */
  branch: string | null;
  regionCode: string;
  departmentCode: string;
  itemCode: string | null;
  title: { zh: string; en: string };
  state: string;
  /** When the line's time limit started. */
  since: Date;
  deadlineAt: Date;
  /** Who claimed the line (办理人), if anyone. */
  holder: { id: string; name: string } | null;
  /** The roles that may act on the line (who to tell when nobody holds it). */
  roles: string[];
}

const lineOf = (r: repo.WorkItemRow & { deadline_at: Date }): DeadlineLine => ({
  caseId: r.case_id,
  caseNumber: r.case_number,
  branch: r.branch === MAIN_LINE ? null : r.branch,
  regionCode: r.region_code,
  departmentCode: r.department_code,
  itemCode: r.item_code,
  title: { zh: r.title_zh, en: r.title_en },
  state: r.state,
  since: r.since,
  deadlineAt: r.deadline_at,
  holder: r.claimed_by ? { id: r.claimed_by, name: r.claimed_by_name ?? '' } : null,
  roles: r.roles,
});

const withDeadline = (r: repo.WorkItemRow): r is repo.WorkItemRow & { deadline_at: Date } => r.deadline_at !== null;

export class DeadlineLines {
  private readonly c: Context;

  constructor(context: Context) {
    this.c = context;
  }

  /** Open lines overdue or at risk in the scopes, nearest deadline first (see repo.deadlineLines). */
  async deadlineLines(filter: repo.DeadlineLineFilter): Promise<DeadlineLine[]> {
    return (await repo.deadlineLines(this.c.db, filter)).filter(withDeadline).map(lineOf);
  }

  /** One case's open lines that have a deadline. */
  async deadlineLinesOf(caseId: string): Promise<DeadlineLine[]> {
    return (await repo.workItemsOf(this.c.db, caseId)).filter(withDeadline).map(lineOf);
  }

  /** The open lines with a deadline of several cases, read in one statement. */
  async deadlineLinesOfCases(caseIds: readonly string[]): Promise<DeadlineLine[]> {
    if (caseIds.length === 0) return [];
    return (await repo.workItemsOfCases(this.c.db, caseIds)).filter(withDeadline).map(lineOf);
  }
}
