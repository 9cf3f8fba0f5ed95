/**
 * Pure helpers shared by the use cases that answer with cases: a case's status from its
 * derived state, its summary, its deadline flags, its history rows read back as the
 * engine's events, and a material as shown.
 */
import { calendarDaysBetween } from '../../platform/time-zone.ts';
import type { CaseRow, EventRow } from './applications.repository.ts';
import type { ResultFileViewT } from './applications.schemas.ts';
import type { StoredMaterial, StoredResultFile } from './applications.tables.ts';
import type { Status } from './plain-words.ts';
import { findState, type LocalText, type ProcessDefinition } from './workflow/definition.ts';
import { actionDetails, type CaseEvent, type CaseState } from './workflow/engine.ts';

/** The work item of a case's main line (a parallel state's branches are named by their code). */
export const MAIN_LINE = '';
/** A line of work is at risk in its last 24 hours before the deadline. */
export const AT_RISK_MS = 24 * 3600_000;

export const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

export function statusOf(state: CaseState): Status {
  if (state.outcome) return state.outcome;
  if (state.correction) return 'correction';
  return 'in_progress';
}

/** In a parallel state: how many department parts there are and how many are done. */
export function partsOf(def: ProcessDefinition, state: CaseState): { parts?: { total: number; done: number } } {
  if (findState(def, state.state)?.kind !== 'parallel' || !state.branches) return {};
  const all = Object.values(state.branches);
  return { parts: { total: all.length, done: all.filter((b) => b.done).length } };
}

/**
 * Days an open case is past its expected completion (承诺办结), as the applicant counts them:
 * calendar days in the city's time zone, at least 1 once the time has passed; null when it
 * is not overdue (or no longer open: a correction stops the clock, a closed case is done).
 */
export function overdueDaysOf(status: Status, dueAt: Date | null, now: Date, timeZone: string): number | null {
  if (status !== 'in_progress' || !dueAt || now <= dueAt) return null;
  return Math.max(1, calendarDaysBetween(dueAt, now, timeZone));
}

export function flags(deadline: Date | null, now: Date): { overdue: boolean; atRisk: boolean } {
  if (!deadline) return { overdue: false, atRisk: false };
  const left = deadline.getTime() - now.getTime();
  return { overdue: left < 0, atRisk: left >= 0 && left < AT_RISK_MS };
}

type SummaryRow = Pick<
  CaseRow,
  | 'id'
  | 'case_number'
  | 'kind'
  | 'title_zh'
  | 'title_en'
  | 'department_code'
  | 'applicant_name_masked'
  | 'submitted_at'
  | 'due_at'
  | 'closed_at'
>;

/** The fields a case list and a case view share. `clock`: now and the city's time zone, for the days overdue. */
export function summaryOf(
  r: SummaryRow,
  status: Status,
  state: string,
  stateName: LocalText,
  department: LocalText,
  words: LocalText,
  clock: { now: Date; timeZone: string },
) {
  return {
    id: r.id,
    caseNumber: r.case_number,
    kind: r.kind,
    title: { zh: r.title_zh, en: r.title_en },
    departmentCode: r.department_code,
    departmentName: department,
    status,
    state,
    stateName,
    headline: words,
    applicantName: r.applicant_name_masked,
    submittedAt: r.submitted_at.toISOString(),
    dueAt: iso(r.due_at),
    overdueDays: overdueDaysOf(status, r.due_at, clock.now, clock.timeZone),
    closedAt: iso(r.closed_at),
  };
}

/** A history row as the engine's event: the action's details are stored as the event holds them. */
export function toCaseEvent(e: EventRow): CaseEvent {
  const event: CaseEvent = {
    seq: e.seq,
    at: e.at.toISOString(),
    actor: {
      id: e.actor_id ?? 'system',
      roles: e.actor_roles,
      isApplicant: e.is_applicant,
      ...(e.data.departmentCode ? { departmentCode: e.data.departmentCode } : {}),
    },
    action: e.action,
    ...actionDetails(e.data),
  };
  if (e.branch !== null) event.branch = e.branch;
  return event;
}

export function materialView(m: StoredMaterial) {
  return {
    code: m.code,
    name: m.name,
    uploadId: m.uploadId,
    fileName: m.fileName,
    mediaType: m.mediaType,
    size: m.size,
    sha256: m.sha256,
  };
}

/** The result files (办结文书, later certificates) attached to a case's history rows. */
export function resultFilesOf(events: EventRow[]): { file: StoredResultFile; event: EventRow }[] {
  return events.flatMap((event) => (event.data.resultFiles ?? []).map((file) => ({ file, event })));
}

export function resultFileViews(events: EventRow[]): ResultFileViewT[] {
  return resultFilesOf(events).map(({ file, event }) => ({
    id: file.uploadId,
    kind: file.kind,
    fileName: file.fileName,
    mediaType: file.mediaType,
    size: file.size,
    sha256: file.sha256,
    branch: event.branch,
    at: event.at.toISOString(),
  }));
}
