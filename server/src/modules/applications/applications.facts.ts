/**
 * Case facts for statistics (supervision's 统计分析): what happened to a case in numbers, with no
 * personal data — where it was filed (online or at a window), its item and department, when it
 * was (last) submitted, when it closed and how, and the promised deadline it ran against. Read by
 * the case's id (after its `applications.case.changed` event) or paged by id (a backfill).
 * Internal: for other modules' services, not an HTTP route.
 */
import type { Context } from './applications.context.ts';
import * as repo from './applications.facts.repository.ts';

export interface CaseFact {
  caseId: string;
  regionCode: string;
  departmentCode: string;
  /** The item filed under (a bundle's first item), and its version: the catalogue says its visits and online depth. */
  itemCode: string;
  itemVersion: number;
  channel: 'online' | 'window';
  status: 'in_progress' | 'correction' | 'completed' | 'rejected' | 'withdrawn';
  submittedAt: Date;
  /** The last complete submission: the promised limit restarts there after a correction (补正). */
  lastSubmittedAt: Date;
  /** The promised deadline (承诺时限) from the last submission; null when the item promises none. */
  dueAt: Date | null;
  closedAt: Date | null;
}

const factOf = (r: repo.FactRow): CaseFact | null => {
  const first = r.items[0];
  const itemCode = r.item_code ?? first?.code;
  const itemVersion = r.item_version ?? first?.version;
  if (!itemCode || itemVersion === undefined) return null;
  return {
    caseId: r.id,
    regionCode: r.region_code,
    departmentCode: r.department_code,
    itemCode,
    itemVersion,
    channel: r.channel,
    status: r.status,
    submittedAt: r.submitted_at,
    lastSubmittedAt: r.last_submitted_at,
    dueAt: r.due_at,
    closedAt: r.closed_at,
  };
};

export class Facts {
  private readonly c: Context;

  constructor(context: Context) {
    this.c = context;
  }

  /** The facts of these cases (unknown ids are left out). */
  async caseFacts(caseIds: readonly string[]): Promise<CaseFact[]> {
    if (caseIds.length === 0) return [];
    const rows = await repo.factsByIds(this.c.db, caseIds);
    return rows.map(factOf).filter((f): f is CaseFact => f !== null);
  }

  /** A page of every case's facts in id order after `after` (null: from the start); an empty page at the end. */
  async caseFactsPage(after: string | null, limit: number): Promise<{ facts: CaseFact[]; next: string | null }> {
    const rows = await repo.factsPage(this.c.db, after, Math.max(1, Math.min(limit, 50_000)));
    const last = rows[rows.length - 1];
    return { facts: rows.map(factOf).filter((f): f is CaseFact => f !== null), next: last ? last.id : null };
  }
}
