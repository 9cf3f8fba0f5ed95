/**
 * Lists of cases: the staff inbox (待办), the open lines of work a staff member may act on
 * in their departments and regions, with badges; and case lists, the applicant's own or, for
 * staff and supervisors, their departments'.
 *
 * The inbox reads only the work items table (index-only scans). Its counts, the costly
 * part, are shared by requests arriving together and kept while this node changes no work
 * item, refreshed in the background once a few seconds old.
 */
import type { Post, Principal } from '../../platform/auth.ts';
import type { Context } from './applications.context.ts';
import { HANDLING_ROLES, policy } from './applications.policy.ts';
import type { Progress } from './applications.progress.ts';
import * as repo from './applications.repository.ts';
import type { InboxQueryT } from './applications.schemas.ts';
import { AT_RISK_MS, flags, iso, MAIN_LINE, partsOf, summaryOf, toCaseEvent } from './applications.views.ts';
import { headline } from './plain-words.ts';
import { findState, type LocalText, type ProcessDefinition } from './workflow/definition.ts';
import { deriveState } from './workflow/engine.ts';

/** How long inbox counts may be served from memory. */
const COUNTS_TTL_MS = 5_000;

/** Inbox counts for one filter: the count (shared while it runs), as of which work version and time. */
interface InboxCountsEntry {
  numbers: Promise<repo.InboxCounts>;
  version: number;
  countedAt: number;
  refreshing: boolean;
}

type Paging = { page: number; pageSize: number };

export class Inbox {
  private readonly c: Context;
  private readonly progress: Progress;
  private readonly inboxCounts = new Map<string, InboxCountsEntry>();

  constructor(context: Context, progress: Progress) {
    this.c = context;
    this.progress = progress;
  }

  async inbox(p: Principal | null, q: InboxQueryT & Paging) {
    const { principal, posts } = policy.inbox(p);
    const scopes = departmentScopes(posts);
    const now = this.c.p.clock.now();
    const filter: repo.InboxFilter = {
      scopes,
      accountId: principal.accountId,
      scope: q.scope ?? 'all',
      state: q.state,
      itemCode: q.itemCode,
      departmentCode: q.departmentCode,
      flag: q.flag,
      q: q.q,
      sort: q.sort ?? 'deadline',
      now,
      atRiskBefore: new Date(now.getTime() + AT_RISK_MS),
      offset: (q.page - 1) * q.pageSize,
      limit: q.pageSize,
    };
    const counting = this.counts(filter);
    const [rows, { counts, total }] = await Promise.all([repo.inboxPage(this.c.db, filter), counting]);
    const defs = new Map<string, ProcessDefinition>();
    const items = await Promise.all(
      rows.map(async (r) => {
        const { stateName, branchName } = await this.stateNames(defs, r);
        return {
          caseId: r.case_id,
          caseNumber: r.case_number,
          title: { zh: r.title_zh, en: r.title_en },
          branch: r.branch === MAIN_LINE ? null : r.branch,
          branchName,
          state: r.state,
          stateName,
          departmentCode: r.department_code,
          roles: r.roles,
          applicantName: r.applicant_name_masked,
          submittedAt: r.submitted_at.toISOString(),
          deadlineAt: iso(r.deadline_at),
          ...flags(r.deadline_at, now),
          claimedBy: r.claimed_by ? { id: r.claimed_by, name: r.claimed_by_name ?? '' } : null,
        };
      }),
    );
    return { items, total, counts };
  }

  /**
   * The counts (badges and the listed total). Per filter (scope and flag included: the total
   * depends on them) they are counted once and shared by the requests arriving together; kept
   * while this node changes no work item (other nodes' changes show within COUNTS_TTL_MS);
   * once older than that they are still answered for another COUNTS_TTL_MS while a fresh
   * count runs in the background, then counted again first.
   */
  private counts(filter: repo.InboxFilter): Promise<repo.InboxCounts> {
    const now = filter.now.getTime();
    const countsKey = JSON.stringify([
      filter.scopes,
      filter.accountId,
      filter.scope,
      filter.state,
      filter.itemCode,
      filter.departmentCode,
      filter.flag,
      filter.q,
    ]);
    const version = this.progress.workVersion; // as of before counting: a change committed meanwhile makes the entry stale
    const count = (): InboxCountsEntry => {
      const numbers = repo.inboxCounts(this.c.db, filter);
      const fresh = { numbers, version, countedAt: now, refreshing: false };
      numbers.catch(() => {
        if (this.inboxCounts.get(countsKey) === fresh) this.inboxCounts.delete(countsKey);
      });
      if (this.inboxCounts.size > 5_000) this.inboxCounts.clear();
      this.inboxCounts.set(countsKey, fresh);
      return fresh;
    };
    let entry = this.inboxCounts.get(countsKey);
    const age = entry ? now - entry.countedAt : Infinity;
    if (!entry || entry.version !== version || age < 0 || age > 2 * COUNTS_TTL_MS) entry = count();
    else if (age > COUNTS_TTL_MS && !entry.refreshing) {
      entry.refreshing = true;
      const next = count();
      this.inboxCounts.set(countsKey, entry); // keep answering the old numbers until the new ones are in
      next.numbers.then(
        () => this.inboxCounts.set(countsKey, next),
        () => undefined,
      );
    }
    return entry.numbers;
  }

  /** The names of a work item's state, from its case's process (cached per process key). */
  private async stateNames(cache: Map<string, ProcessDefinition>, r: repo.WorkItemRow) {
    let def = cache.get(r.process_key);
    if (!def) {
      def = await this.progress.definition(r.process_key);
      cache.set(r.process_key, def);
    }
    return lineNames(def, r.branch, r.state);
  }

  /** The applicant's cases (also those of the enterprise they act for), or for staff their departments'. */
  async list(p: Principal | null, q: { status?: repo.StatusFilter; q?: string | undefined } & Paging) {
    const { principal, posts } = policy.list(p);
    const filter =
      principal.kind === 'citizen'
        ? { applicant: { accountId: principal.accountId, enterpriseId: principal.actingAs?.enterpriseId ?? null } }
        : { departments: regionScopes(posts) };
    const { rows, total } = await repo.listCases(this.c.db, {
      ...filter,
      status: q.status,
      q: q.q,
      offset: (q.page - 1) * q.pageSize,
      limit: q.pageSize,
    });
    const names = await this.c.deps.org.departmentNames();
    const clock = { now: this.c.p.clock.now(), timeZone: this.c.deps.timeZone };
    const defs = new Map(
      await Promise.all(
        [...new Set(rows.map((r) => r.process_key))].map(async (k) => [k, await this.progress.definition(k)] as const),
      ),
    );
    // "n of m departments done", as the case view counts them: from the derived state (a part
    // waiting for another's result has no open work, and is not done).
    const parallel = rows.filter(
      (r) => r.status === 'in_progress' && findState(defs.get(r.process_key)!, r.state)?.kind === 'parallel',
    );
    const histories = await repo.eventsOfCases(
      this.c.db,
      parallel.map((r) => r.id),
    );
    const items = rows.map((r) => {
      const def = defs.get(r.process_key)!;
      const current = findState(def, r.state);
      const stateName = current?.name ?? { zh: r.state, en: r.state };
      const department = names.get(r.department_code) ?? { zh: r.department_code, en: r.department_code };
      const history = histories.get(r.id);
      const parts = history ? partsOf(def, deriveState(def, history.map(toCaseEvent))) : {};
      return summaryOf(
        r,
        r.status,
        r.state,
        stateName,
        department,
        headline({ status: r.status, state: r.state, stateName, department, ...parts }),
        clock,
      );
    });
    return { items, total };
  }
}

function regionScopes(posts: readonly Post[]): { regionCode: string; codes: string[] }[] {
  const by = new Map<string, Set<string>>();
  for (const p of posts) {
    if (!by.has(p.regionCode)) by.set(p.regionCode, new Set());
    by.get(p.regionCode)!.add(p.departmentCode!);
  }
  return [...by].map(([regionCode, codes]) => ({ regionCode, codes: [...codes] }));
}

/** Per (region, department), the handling roles held there. */
function departmentScopes(posts: readonly Post[]): { regionCode: string; departmentCode: string; roles: string[] }[] {
  const by = new Map<string, { regionCode: string; departmentCode: string; roles: Set<string> }>();
  for (const p of posts) {
    const key = `${p.regionCode}/${p.departmentCode}`;
    if (!by.has(key)) by.set(key, { regionCode: p.regionCode, departmentCode: p.departmentCode!, roles: new Set() });
    p.roles.filter((r) => (HANDLING_ROLES as readonly string[]).includes(r)).forEach((r) => by.get(key)!.roles.add(r));
  }
  return [...by.values()].map((s) => ({ ...s, roles: [...s.roles] }));
}

function lineNames(
  def: ProcessDefinition,
  branch: string,
  state: string,
): { stateName: LocalText; branchName: LocalText | null } {
  if (branch === MAIN_LINE)
    return { stateName: findState(def, state)?.name ?? { zh: state, en: state }, branchName: null };
  for (const s of def.states) {
    const b = s.branches?.find((x) => x.code === branch);
    if (b)
      return {
        stateName: b.states.find((x) => x.code === state)?.name ?? { zh: state, en: state },
        branchName: b.name,
      };
  }
  return { stateName: { zh: state, en: state }, branchName: null };
}
