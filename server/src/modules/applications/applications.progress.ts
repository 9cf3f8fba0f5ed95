/**
 * A case's progress, written down the same way at its submission and at every action, inside
 * the step's transaction: the case row (with the nearest deadline) and, for an action, its
 * history row; the open work (待办) projected from the derived state, one line per group of
 * acting roles with its deadline on the working-day calendar; a durable deadline job per
 * line; the audit record; and the event that tells the applicant. The one writer of cases.
 *
 * Also the process definitions cases are pinned to (stored once, keyed by a hash, cached),
 * and a count of this node's changes to work items, by which cached inbox counts know they
 * are stale.
 */
import type { AuditEntry } from '../../platform/audit.ts';
import { deadlineFor } from '../../platform/calendar.ts';
import type { Work } from '../../platform/context.ts';
import { sha256Hex } from '../../platform/crypto.ts';
import { conflict } from '../../platform/errors.ts';
import { scheduleJobLater } from '../../platform/jobs.ts';
import { inTx, type Context } from './applications.context.ts';
import { CASE_CHANGED, type ApplicationsEvents } from './applications.events.ts';
import * as repo from './applications.repository.ts';
import type { ApplicationsTables } from './applications.tables.ts';
import { MAIN_LINE, partsOf } from './applications.views.ts';
import { headline } from './plain-words.ts';
import { APPLICANT, findState, type LocalText, type ProcessDefinition } from './workflow/definition.ts';
import { actingRoles, currentTimeLimits, type CaseState } from './workflow/engine.ts';

export const DEADLINE_JOB = 'applications.deadline';

/** A line's deadline job: it fires for the case as it was at `seq`. */
export interface DeadlineJob {
  caseId: string;
  branch: string;
  seq: number;
}

export type WorkItem = ApplicationsTables['applications.work_items'];

/** A step as written: the case with its nearest deadline, and its open work. */
export interface Written {
  row: repo.CaseRow;
  work: WorkItem[];
  /** A filing's evidence read from the registries. */
  evidence?: repo.EvidenceRow[];
}

/** One step of a case: the case after it (but its deadline), its derived state, the open work before it. */
export interface Step {
  row: repo.CaseRow;
  def: ProcessDefinition;
  state: CaseState;
  /** The case's open work before the step (claims and the time a line entered its state carry over). */
  previous: repo.WorkItemRow[];
  /** The workflow action (`submit` for the filing). */
  action: string;
  /** The department part (branch) the action was taken in, if any. */
  branch?: string | null;
  audit: AuditEntry;
  /** Department names, read before the transaction (PGlite's one connection would wait for it). */
  names: Map<string, LocalText>;
}

export class Progress {
  private readonly c: Context;
  private readonly definitions = new Map<string, ProcessDefinition>();
  /** Bumped whenever this node changes work items; cached inbox counts of an older version are stale. */
  workVersion = 0;

  constructor(context: Context) {
    this.c = context;
  }

  /**
   * A process definition's key: its code, version and a hash of the definition itself. Kept
   * per definition object (the catalogue hands out the same one until the item changes), so a
   * submission does not serialise and hash the whole definition each time.
   */
  keyOf(def: ProcessDefinition): string {
    let key = this.keys.get(def);
    if (key === undefined) {
      key = `${def.code}@${def.version}:${sha256Hex(JSON.stringify(def)).slice(0, 16)}`;
      this.keys.set(def, key);
    }
    return key;
  }
  private readonly keys = new WeakMap<ProcessDefinition, string>();

  /** The definition a case is pinned to. */
  async definition(key: string): Promise<ProcessDefinition> {
    let def = this.definitions.get(key);
    if (!def) {
      const row = await repo.processByKey(this.c.db, key);
      if (!row) throw new Error(`process ${key} is missing`);
      def = row.definition;
      this.definitions.set(key, def);
    }
    return def;
  }

  /** Store the definition a new case pins; one this node has stored (or read) already is in the table. */
  async pin(w: Work<ApplicationsEvents>, key: string, def: ProcessDefinition): Promise<void> {
    if (!this.definitions.has(key)) await repo.insertProcess(inTx(w), key, def, w.now);
  }

  /** After the pinning command committed. */
  remember(key: string, def: ProcessDefinition): void {
    this.definitions.set(key, def);
  }

  /** A command that changes work items: cached inbox counts are stale once it ends, committed or not. */
  async changingWork<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } finally {
      this.workVersion++;
    }
  }

  /**
   * A new case, written with its open work. Its number is made by its insert from
   * `numberPrefix` (formatCaseNumber's shape; `step.row.case_number` is not used) and given to
   * its work items, its event and the audit record's change (as `caseNumber`).
   */
  async file(w: Work<ApplicationsEvents>, step: Step, numberPrefix: string): Promise<Written> {
    const written = this.project(step);
    const { case_number: _unnumbered, ...row } = written.row;
    const caseNumber = await repo.insertNumberedCase(
      inTx(w),
      { ...row, items: JSON.stringify(row.items), materials: JSON.stringify(row.materials) },
      numberPrefix,
    );
    // The key filed a case already (a retry, or a second tap committed first): the caller answers that one.
    if (caseNumber === null) throw conflict('CONFLICT', 'A case was filed with this Idempotency-Key already');
    written.row.case_number = caseNumber;
    for (const item of written.work) item.case_number = caseNumber;
    const audit = { ...step.audit, change: { ...(step.audit.change as object), caseNumber } };
    await this.record(w, { ...step, audit }, written);
    return written;
  }

  /** The case moved on from `expectedSeq` by `event`; null when someone else moved it first (the row lock serialises the two). */
  async advance(
    w: Work<ApplicationsEvents>,
    expectedSeq: number,
    step: Step,
    event: repo.EventRow,
  ): Promise<Written | null> {
    const written = this.project(step);
    const { row } = written;
    const moved = await repo.advanceCase(inTx(w), row.id, expectedSeq, {
      seq: row.seq,
      state: row.state,
      status: row.status,
      updated_at: row.updated_at,
      closed_at: row.closed_at,
      last_submitted_at: row.last_submitted_at,
      due_at: row.due_at,
      deadline_at: row.deadline_at,
      form_sealed: row.form_sealed,
      materials: JSON.stringify(row.materials),
    });
    if (Number(moved.numUpdatedRows) === 0) return null;
    await repo.insertEvent(inTx(w), { ...event, data: JSON.stringify(event.data) });
    await this.record(w, step, written);
    return written;
  }

  /** The open work for the step's state (one line per group of acting roles; the applicant's turn is not staff work) and the case with its nearest deadline. */
  private project({ row, def, state, previous }: Step): Written {
    const limits = currentTimeLimits(def, state);
    const workItems: WorkItem[] = [];
    for (const group of actingRoles(def, state)) {
      const roles = group.roles.filter((r) => r !== APPLICANT);
      if (roles.length === 0) continue;
      const line = group.branch ?? MAIN_LINE;
      const limit = limits.find((l) => (l.branch ?? MAIN_LINE) === line);
      const lineState = group.branch ? state.branches![group.branch]!.state : state.state;
      const sinceAt = group.branch ? state.branches![group.branch]!.since : state.since;
      const since = sinceAt ? new Date(sinceAt.at) : row.last_submitted_at;
      const kept = previous.find((w) => w.branch === line && w.state === lineState);
      workItems.push({
        case_id: row.id,
        branch: line,
        region_code: row.region_code,
        department_code: group.departmentCode ?? row.department_code,
        roles,
        role_mask: repo.roleMask(roles),
        state: lineState,
        case_number: row.case_number,
        title_zh: row.title_zh,
        title_en: row.title_en,
        item_code: row.item_code,
        applicant_name_masked: row.applicant_name_masked,
        process_key: row.process_key,
        submitted_at: row.submitted_at,
        since: kept?.since ?? since,
        deadline_at: limit ? deadlineFor(since, limit.limit) : null,
        claimed_by: kept?.claimed_by ?? null,
        claimed_by_name: kept?.claimed_by_name ?? null,
        claimed_at: kept?.claimed_at ?? null,
      });
    }
    const deadlines = workItems.map((w) => w.deadline_at).filter((d): d is Date => d !== null);
    const deadlineAt = deadlines.length ? new Date(Math.min(...deadlines.map((d) => d.getTime()))) : null;
    return { row: { ...row, deadline_at: deadlineAt }, work: workItems };
  }

  /** The step's open work (replacing the case's) with a deadline job per line, its audit record, its event. */
  private async record(w: Work<ApplicationsEvents>, step: Step, { row, work }: Written): Promise<void> {
    this.workVersion++;
    if (row.seq > 0) await repo.deleteWorkItems(inTx(w), row.id);
    // The work items and their deadlines go with the audit record and the event, in one statement at the end.
    repo.insertWorkItemsLater(w, work);
    for (const item of work) {
      if (!item.deadline_at) continue;
      scheduleJobLater(
        w,
        {
          kind: DEADLINE_JOB,
          key: `deadline:${row.id}:${item.branch || '-'}:${row.seq}`,
          payload: { caseId: row.id, branch: item.branch, seq: row.seq } satisfies DeadlineJob,
          runAt: item.deadline_at,
          regionCode: row.region_code,
        },
        w.now,
      );
    }
    await w.audit(step.audit);
    await this.tell(w, step, row);
  }

  /** `applications.case.changed`: what happened, in plain words, for the applicant. */
  private async tell(
    w: Work<ApplicationsEvents>,
    { def, state, action, names, branch }: Step,
    row: repo.CaseRow,
  ): Promise<void> {
    const stateName = findState(def, state.state)?.name ?? { zh: state.state, en: state.state };
    const department = names.get(row.department_code) ?? { zh: row.department_code, en: row.department_code };
    await w.emit(
      CASE_CHANGED,
      {
        caseId: row.id,
        caseNumber: row.case_number,
        regionCode: row.region_code,
        applicantAccountId: row.applicant_account_id,
        ...(row.enterprise_id ? { enterpriseId: row.enterprise_id } : {}),
        title: { zh: row.title_zh, en: row.title_en },
        action,
        status: row.status,
        headline: headline({
          status: row.status,
          state: state.state,
          stateName,
          department,
          ...partsOf(def, state),
          ...(state.correction ? { correctionItems: state.correction.items.length } : {}),
        }),
        ...(state.correction ? { correctionItems: state.correction.items } : {}),
        items: row.items.map((i) => ({ code: i.code, version: i.version })),
        ...(branch ? { branch } : {}),
        applicantNameMasked: row.applicant_name_masked,
      },
      row.region_code,
    );
  }
}
