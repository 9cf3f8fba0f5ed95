/**
 * The workflow engine: a deterministic state machine over a case's append-only
 * history (DESIGN.md §3.14). A case's status is never stored on its own; it is
 * `deriveState(def, events)`. `decide` checks a command against the derived state and
 * returns the event to append plus the state after it; refusals are returned, not
 * thrown (§3.8).
 *
 * What an actor gives with an action (comment, reason and legal basis, correction items,
 * result) has one shape, `ActionDetails`: the request carries it, the command and the
 * event hold it, and the case's history stores it as it is.
 *
 * Pure: no database, no clock, no I/O. The caller loads the events, passes the time
 * in the command, appends the event with `seq = last + 1`, and computes deadlines from
 * `currentTimeLimits` with the working-day calendar.
 */
import { Type, type Static } from 'typebox';
import {
  APPLICANT,
  RESERVED_ACTIONS,
  findBranch,
  findBranchState,
  findState,
  isWithdrawable,
  prerequisitesOf,
  requirementsOf,
  withdrawnState,
} from './definition.ts';
import type {
  ActionDef,
  BranchOutcome,
  BranchStateDef,
  CaseOutcome,
  LocalText,
  ProcessDefinition,
  Requirement,
  StateDef,
  TimeLimit,
} from './definition.ts';

const Line = (maxLength: number) => Type.String({ minLength: 1, maxLength });

/** What a decision (办结) gives the applicant. */
export const CaseResult = Type.Object(
  {
    note: Line(2000),
    /** e.g. the licence or certificate number. */
    documentNumber: Type.Optional(Type.String({ maxLength: 100 })),
  },
  { additionalProperties: false, title: 'CaseResult' },
);
export type CaseResult = Static<typeof CaseResult>;

/** What an actor gives with an action, from the request to the stored history. */
export const ActionDetails = Type.Object({
  comment: Type.Optional(Line(2000)),
  reason: Type.Optional(Line(2000)),
  legalBasis: Type.Optional(Line(500)),
  correctionItems: Type.Optional(Type.Array(Line(500), { minItems: 1, maxItems: 50 })),
  result: Type.Optional(CaseResult),
});
export type ActionDetails = Static<typeof ActionDetails>;

const DETAIL_KEYS = Object.keys(ActionDetails.properties) as (keyof ActionDetails)[];

/** The action details among `from`'s fields (a request, a command, an event, a stored row's data): only those given. */
export function actionDetails(from: ActionDetails): ActionDetails {
  const details: Record<string, unknown> = {};
  for (const key of DETAIL_KEYS) if (from[key] !== undefined) details[key] = from[key];
  return details as ActionDetails;
}

export interface Actor {
  id: string;
  roles: string[];
  /** The case's applicant (申请人), or someone acting for them. */
  isApplicant: boolean;
  departmentCode?: string;
}

/** One row of a case's history. */
export type CaseEvent = ActionDetails & {
  seq: number;
  /** ISO timestamp. */
  at: string;
  actor: Actor;
  action: string;
  branch?: string;
};

export type NewCaseEvent = Omit<CaseEvent, 'seq' | 'at'>;

/** When a state was entered; `null` for the start, entered when the case was submitted. */
export type Since = { seq: number; at: string } | null;

export interface BranchState {
  state: string;
  done: boolean;
  outcome?: BranchOutcome;
  since: Since;
  /** Waiting for the branches it comes after (前置) to finish: no actions, no time running. */
  waiting?: boolean;
  /** Ended refused without acting because a branch whose result it needs was refused. */
  refusedFor?: string[];
}

/** One step of the history as the engine read it (for the case timeline). */
export interface Transition {
  seq: number;
  at: string;
  action: string;
  actorId: string;
  /** Case-level states; equal when a branch moved without finishing the parallel state. */
  from: string;
  to: string;
  branch?: string;
  branchFrom?: string;
  branchTo?: string;
}

export interface CaseState {
  state: string;
  since: Since;
  /** In a parallel state: where each department's branch stands. */
  branches?: Record<string, BranchState>;
  /** 补正 pending: what the applicant must fix, and where `resubmit` returns to. */
  correction?: { items: string[]; returnTo: string };
  outcome?: CaseOutcome;
  history: Transition[];
}

export type Command = ActionDetails & {
  action: string;
  /** Required in a parallel state: which department's branch acts. */
  branch?: string;
  actor: Actor;
  /** When it happens (ISO): the caller stores the event with this time. */
  at: string;
};

export type Refusal =
  | 'ACTION_NOT_ALLOWED'
  | 'ROLE_NOT_ALLOWED'
  | 'CASE_CLOSED'
  | 'BRANCH_UNKNOWN'
  | 'BRANCH_DONE'
  | 'BRANCH_WAITING'
  | 'MISSING_COMMENT'
  | 'MISSING_REASON'
  | 'MISSING_CORRECTION_ITEMS'
  | 'MISSING_RESULT'
  | 'WITHDRAW_AFTER_DECISION';

export type Decision = { ok: true; event: NewCaseEvent; next: CaseState } | { ok: false; reason: Refusal };

// ---------------------------------------------------------------------------
// Deriving the state from the history
// ---------------------------------------------------------------------------

/** The state of a case with no history yet: just submitted, at the start. */
export function initialState(def: ProcessDefinition): CaseState {
  return { ...enter(def, def.start, null), history: [] };
}

/**
 * The case's state after its history, replayed in `seq` order. Permissions are not
 * re-checked (they were checked by `decide` with the actor as recorded); a history
 * that does not fit the definition is corruption, and throws.
 */
export function deriveState(def: ProcessDefinition, events: readonly CaseEvent[]): CaseState {
  const ordered = [...events].sort((a, b) => a.seq - b.seq);
  return ordered.reduce((state, event) => applyEvent(def, state, event), initialState(def));
}

/** One step of the fold: the state after `event`. Throws when the event does not fit. */
export function applyEvent(def: ProcessDefinition, state: CaseState, event: CaseEvent): CaseState {
  const current = mustFindState(def, state.state);
  const misfit = (why: string) =>
    new Error(
      `Event #${event.seq} "${event.action}" does not fit ${def.code} v${def.version} in "${state.state}": ${why}`,
    );
  if (current.kind === 'terminal') throw misfit('the case is closed');

  if (event.action === RESERVED_ACTIONS.withdraw) {
    const withdrawn = withdrawnState(def);
    if (!withdrawn) throw misfit('the process has no withdrawn state');
    return moveTo(def, state, withdrawn.code, event, {});
  }
  if (current.kind === 'parallel') return applyBranchEvent(def, state, current, event, misfit);

  const action = current.actions.find((a) => a.code === event.action);
  if (!action) throw misfit('no such action');
  if (action.code === RESERVED_ACTIONS.resubmit) {
    if (!state.correction) throw misfit('no correction is pending');
    return moveTo(def, state, state.correction.returnTo, event, {});
  }
  if (action.code === RESERVED_ACTIONS.requestCorrection) {
    const correction = { items: [...(event.correctionItems ?? [])], returnTo: current.code };
    return moveTo(def, state, action.next, event, { correction });
  }
  return moveTo(def, state, action.next, event, {});
}

function applyBranchEvent(
  def: ProcessDefinition,
  state: CaseState,
  current: StateDef,
  event: CaseEvent,
  misfit: (why: string) => Error,
): CaseState {
  const branchDef = event.branch === undefined ? undefined : findBranch(current, event.branch);
  const branch = event.branch === undefined ? undefined : state.branches?.[event.branch];
  if (!branchDef || !branch) throw misfit(`unknown branch "${event.branch}"`);
  if (branch.done) throw misfit(`branch "${branchDef.code}" is finished`);
  if (branch.waiting) throw misfit(`branch "${branchDef.code}" waits for another`);
  const action = findBranchState(branchDef, branch.state)?.actions.find((a) => a.code === event.action);
  if (!action) throw misfit('no such action in the branch');

  const target = findBranchState(branchDef, action.next);
  if (!target) throw misfit(`unknown branch state "${action.next}"`);
  const moved: BranchState = { state: target.code, done: target.kind === 'terminal', since: sinceOf(event) };
  if (target.terminalOutcome) moved.outcome = target.terminalOutcome;
  const branches = release(current, { ...state.branches, [branchDef.code]: moved }, sinceOf(event));
  const step = { branch: branchDef.code, branchFrom: branch.state, branchTo: target.code };

  const all = Object.values(branches);
  if (!all.every((b) => b.done)) {
    return { ...state, branches, history: [...state.history, transition(event, state.state, state.state, step)] };
  }
  // 汇合: every department has finished; any rejection routes to `onReject`.
  const join = current.join;
  if (!join) throw misfit('the parallel state has no join');
  const rejected = all.some((b) => b.outcome === 'rejected');
  return moveTo(def, state, rejected && join.onReject ? join.onReject : join.next, event, {}, step);
}

/**
 * Branches whose prerequisites have all finished start now (`since`); one whose needed result
 * was refused ends refused at once, which may in turn decide others (repeated until nothing moves).
 */
function release(parallel: StateDef, branches: Record<string, BranchState>, since: Since): Record<string, BranchState> {
  const out = { ...branches };
  for (let moved = true; moved;) {
    moved = false;
    for (const b of parallel.branches ?? []) {
      const at = out[b.code];
      if (!at?.waiting || !prerequisitesOf(b).every((p) => out[p]?.done)) continue;
      const refusedFor = (b.needsResultOf ?? []).filter((p) => out[p]?.outcome === 'rejected');
      const refusal = b.states.find((x) => x.kind === 'terminal' && x.terminalOutcome === 'rejected');
      out[b.code] =
        refusedFor.length > 0 && refusal
          ? { state: refusal.code, done: true, outcome: 'rejected', since, refusedFor }
          : { state: at.state, done: false, since };
      moved = true;
    }
  }
  return out;
}

type StepDetail = Pick<Transition, 'branch' | 'branchFrom' | 'branchTo'>;

/** Leaves the current state for `target`: a new `since`, branches if parallel, outcome if terminal. */
function moveTo(
  def: ProcessDefinition,
  state: CaseState,
  target: string,
  event: CaseEvent,
  extra: Pick<CaseState, 'correction'>,
  step: StepDetail = {},
): CaseState {
  const entered = enter(def, target, sinceOf(event));
  const next: CaseState = { ...entered, history: [...state.history, transition(event, state.state, target, step)] };
  if (extra.correction) next.correction = extra.correction;
  return next;
}

function enter(def: ProcessDefinition, code: string, since: Since): Omit<CaseState, 'history'> {
  const target = mustFindState(def, code);
  const entered: Omit<CaseState, 'history'> = { state: code, since };
  if (target.kind === 'parallel') {
    entered.branches = Object.fromEntries(
      (target.branches ?? []).map((b) => [
        b.code,
        prerequisitesOf(b).length > 0
          ? { state: b.start, done: false, since, waiting: true }
          : { state: b.start, done: false, since },
      ]),
    );
  }
  if (target.terminalOutcome) entered.outcome = target.terminalOutcome;
  return entered;
}

function transition(event: CaseEvent, from: string, to: string, step: StepDetail): Transition {
  return { seq: event.seq, at: event.at, action: event.action, actorId: event.actor.id, from, to, ...step };
}

const sinceOf = (event: CaseEvent): Since => ({ seq: event.seq, at: event.at });

function mustFindState(def: ProcessDefinition, code: string): StateDef {
  const state = findState(def, code);
  if (!state) throw new Error(`State "${code}" is not in ${def.code} v${def.version}`);
  return state;
}

// ---------------------------------------------------------------------------
// Deciding on a command
// ---------------------------------------------------------------------------

/**
 * Checks `command` against the case's history. On success: the event to append (the
 * caller adds `seq` = last + 1 and `at` = `command.at`) and the state after it.
 */
export function decide(def: ProcessDefinition, events: readonly CaseEvent[], command: Command): Decision {
  return decideOn(def, deriveState(def, events), command);
}

/** `decide` for a caller that already holds the derived state. */
export function decideOn(def: ProcessDefinition, state: CaseState, command: Command): Decision {
  const refusal = check(def, state, command);
  if (refusal) return { ok: false, reason: refusal };
  const event = eventOf(def, state, command);
  const seq = (state.history.at(-1)?.seq ?? 0) + 1;
  return { ok: true, event, next: applyEvent(def, state, { ...event, seq, at: command.at }) };
}

function check(def: ProcessDefinition, state: CaseState, command: Command): Refusal | null {
  const current = mustFindState(def, state.state);
  if (current.kind === 'terminal') return 'CASE_CLOSED';
  if (command.action === RESERVED_ACTIONS.withdraw) return checkWithdraw(def, current, command.actor);

  const found = locateAction(current, state, command);
  if (typeof found === 'string') return found;
  if (!mayTake(found.action, command.actor, found.departmentCode)) return 'ROLE_NOT_ALLOWED';
  return missingRequirement(found.action, command);
}

/** 撤回: the applicant's, before a decision (states marked `withdrawable: false` come after one). */
function checkWithdraw(def: ProcessDefinition, current: StateDef, actor: Actor): Refusal | null {
  if (!withdrawnState(def)) return 'ACTION_NOT_ALLOWED';
  if (!actor.isApplicant) return 'ROLE_NOT_ALLOWED';
  return isWithdrawable(current) ? null : 'WITHDRAW_AFTER_DECISION';
}

interface Located {
  action: ActionDef;
  /** Set when the action belongs to a department's branch. */
  departmentCode?: string;
}

function locateAction(current: StateDef, state: CaseState, command: Command): Located | Refusal {
  if (current.kind !== 'parallel') {
    if (command.branch !== undefined) return 'BRANCH_UNKNOWN';
    const action = current.actions.find((a) => a.code === command.action);
    if (!action || (action.code === RESERVED_ACTIONS.resubmit && !state.correction)) return 'ACTION_NOT_ALLOWED';
    return { action };
  }
  if (command.branch === undefined) return 'ACTION_NOT_ALLOWED';
  const branchDef = findBranch(current, command.branch);
  const branch = state.branches?.[command.branch];
  if (!branchDef || !branch) return 'BRANCH_UNKNOWN';
  if (branch.done) return 'BRANCH_DONE';
  if (branch.waiting) return 'BRANCH_WAITING';
  const action = findBranchState(branchDef, branch.state)?.actions.find((a) => a.code === command.action);
  return action ? { action, departmentCode: branchDef.departmentCode } : 'ACTION_NOT_ALLOWED';
}

/**
 * Whether `actor` may take `action`. An applicant acts only as the applicant, even when
 * they also hold staff roles (回避: nobody handles their own case); staff need one of the
 * action's roles and, inside a branch, to belong to the branch's department.
 */
export function mayTake(action: ActionDef, actor: Actor, departmentCode?: string): boolean {
  if (actor.isApplicant) return action.roles.includes(APPLICANT);
  if (departmentCode !== undefined && actor.departmentCode !== departmentCode) return false;
  return action.roles.some((r) => r !== APPLICANT && actor.roles.includes(r));
}

const filled = (s: string | undefined): boolean => typeof s === 'string' && s.trim() !== '';

const REQUIREMENT_REFUSALS: Record<Requirement, [Refusal, (c: Command) => boolean]> = {
  comment: ['MISSING_COMMENT', (c) => filled(c.comment)],
  reason_and_legal_basis: ['MISSING_REASON', (c) => filled(c.reason) && filled(c.legalBasis)],
  correction_items: ['MISSING_CORRECTION_ITEMS', (c) => (c.correctionItems ?? []).some(filled)],
  result: ['MISSING_RESULT', (c) => c.result !== undefined && c.result !== null],
};

function missingRequirement(action: ActionDef, command: Command): Refusal | null {
  for (const requirement of requirementsOf(action)) {
    const [refusal, met] = REQUIREMENT_REFUSALS[requirement];
    if (!met(command)) return refusal;
  }
  return null;
}

/** The event for an accepted command: only the details given, copied (blank items dropped). */
function eventOf(def: ProcessDefinition, state: CaseState, command: Command): NewCaseEvent {
  const { actor } = command;
  const event: NewCaseEvent = {
    actor: { id: actor.id, roles: [...actor.roles], isApplicant: actor.isApplicant },
    action: command.action,
    ...actionDetails(command),
  };
  if (actor.departmentCode !== undefined) event.actor.departmentCode = actor.departmentCode;
  const parallel = mustFindState(def, state.state).kind === 'parallel';
  if (parallel && command.action !== RESERVED_ACTIONS.withdraw) event.branch = command.branch;
  if (event.correctionItems !== undefined) event.correctionItems = event.correctionItems.filter(filled);
  return event;
}

// ---------------------------------------------------------------------------
// Inbox and time limits
// ---------------------------------------------------------------------------

export interface AvailableAction {
  action: string;
  name: LocalText;
  branch?: string;
  requires: Requirement[];
}

const WITHDRAW_NAME: LocalText = { zh: '撤回申请', en: 'Withdraw' };

/** What `actor` may do now (payload aside): the buttons to show on the case. */
export function availableActions(def: ProcessDefinition, state: CaseState, actor: Actor): AvailableAction[] {
  const current = mustFindState(def, state.state);
  if (current.kind === 'terminal') return [];
  const out: AvailableAction[] = [];
  const offer = (a: ActionDef, branch?: string) => {
    const item: AvailableAction = { action: a.code, name: a.name, requires: requirementsOf(a) };
    if (branch !== undefined) item.branch = branch;
    out.push(item);
  };
  for (const { action, branch, departmentCode } of openActions(current, state)) {
    if (mayTake(action, actor, departmentCode)) offer(action, branch);
  }
  if (checkWithdraw(def, current, actor) === null) {
    offer({ code: RESERVED_ACTIONS.withdraw, name: WITHDRAW_NAME, roles: [APPLICANT], next: '' });
  }
  return out;
}

export interface ActingRoles {
  roles: string[];
  branch?: string;
  departmentCode?: string;
}

/**
 * Who may act on the case now, for the inbox: per open branch in a parallel state.
 * `'applicant'` appears when the case waits on the applicant (补正). Withdrawal is
 * always the applicant's and is not listed.
 */
export function actingRoles(def: ProcessDefinition, state: CaseState): ActingRoles[] {
  const current = mustFindState(def, state.state);
  const groups = new Map<string, ActingRoles>();
  for (const { action, branch, departmentCode } of openActions(current, state)) {
    const key = branch ?? '';
    let group = groups.get(key);
    if (!group) {
      group = { roles: [] };
      if (branch !== undefined) group.branch = branch;
      if (departmentCode !== undefined) group.departmentCode = departmentCode;
      groups.set(key, group);
    }
    for (const r of action.roles) if (!group.roles.includes(r)) group.roles.push(r);
  }
  return [...groups.values()];
}

interface OpenAction {
  action: ActionDef;
  branch?: string;
  departmentCode?: string;
}

/** The actions defined for now: the state's own, or each unfinished branch's. */
function openActions(current: StateDef, state: CaseState): OpenAction[] {
  if (current.kind !== 'parallel') return current.actions.map((action) => ({ action }));
  return (current.branches ?? []).flatMap((b) => {
    const at = state.branches?.[b.code];
    if (!at || at.done || at.waiting) return [];
    const actions = findBranchState(b, at.state)?.actions ?? [];
    return actions.map((action) => ({ action, branch: b.code, departmentCode: b.departmentCode }));
  });
}

export interface CurrentTimeLimit {
  /** The case-level state, or with `branch` the branch state. */
  state: string;
  branch?: string;
  limit: TimeLimit;
  /** Counting from here; `null` means from submission. */
  since: Since;
}

/**
 * The time limits running now: the current state's and, in a parallel state, each
 * unfinished branch's. The caller turns them into deadlines with the working-day
 * calendar; while a correction is pending (补正) the correction state's limit is the
 * applicant's, and the handling clock is the caller's to suspend.
 */
export function currentTimeLimits(def: ProcessDefinition, state: CaseState): CurrentTimeLimit[] {
  const current = mustFindState(def, state.state);
  const out: CurrentTimeLimit[] = [];
  if (current.timeLimit) out.push({ state: current.code, limit: current.timeLimit, since: state.since });
  for (const b of current.branches ?? []) {
    const at = state.branches?.[b.code];
    const limit = at && !at.done && !at.waiting ? branchLimit(findBranchState(b, at.state)) : undefined;
    if (at && limit) out.push({ state: at.state, branch: b.code, limit, since: at.since });
  }
  return out;
}

const branchLimit = (s: BranchStateDef | undefined): TimeLimit | undefined => s?.timeLimit;
