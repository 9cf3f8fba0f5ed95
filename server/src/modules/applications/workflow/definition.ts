/**
 * Process definitions as data (after DIGIT's workflow service; REFERENCE.md "Workflow
 * as data"). A definition is plain JSON, versioned, and stored with the service item;
 * a case pins the `code` + `version` it was submitted under, so editing a process
 * never changes the meaning of a running case's history.
 *
 * A definition is a small state machine: states (受理 accept, 审核 review, 审批 decide,
 * 办结 complete, ...) with time limits (时限) and actions; an action names the roles
 * that may take it and the state it leads to. A `parallel` state holds one branch per
 * department (joint review 联合审查, a life-event bundle's 一件事 departments); every
 * branch must finish before the `join` leads on.
 *
 * Reserved actions carry fixed semantics, whatever the definition says:
 * - `request_correction` (补正): sends the case to a waiting state whose `resubmit`
 *   (by the applicant) returns it to the state it came from (`next: '@return'`);
 *   needs the list of items to fix.
 * - `withdraw` (撤回): implicit, by the applicant, from any non-terminal state whose
 *   `withdrawable !== false`, to the terminal with `terminalOutcome: 'withdrawn'`.
 * - `reject` (不予受理 / 不予许可): needs a reason and its legal basis; leads to a
 *   terminal whose outcome is `rejected`.
 * - `complete` (办结): needs the result; leads to a terminal whose outcome is
 *   `completed` (in a branch: `approved`).
 *
 * This file is pure: no database, no I/O.
 */
import { ROLES } from '../../../platform/auth.ts';

export interface LocalText {
  zh: string;
  en: string;
}

export type TimeLimitUnit = 'working_days' | 'natural_days' | 'hours';

/** 时限: the caller turns it into a deadline with the working-day calendar. */
export interface TimeLimit {
  value: number;
  unit: TimeLimitUnit;
}

export type Requirement = 'comment' | 'reason_and_legal_basis' | 'correction_items' | 'result';

export interface ActionDef {
  code: string;
  name: LocalText;
  /** Who may take it: role names from platform/auth.ts, plus `'applicant'`. */
  roles: string[];
  /** The state it leads to; `'@return'` only for `resubmit`. */
  next: string;
  requires?: Requirement[];
}

export type CaseOutcome = 'completed' | 'rejected' | 'withdrawn';
export type BranchOutcome = 'approved' | 'rejected';

/** A state inside a branch: a branch is a small sub-process owned by one department. */
export interface BranchStateDef {
  code: string;
  name: LocalText;
  kind: 'normal' | 'terminal';
  timeLimit?: TimeLimit;
  documentsRequired?: boolean;
  actions: ActionDef[];
  terminalOutcome?: BranchOutcome;
}

export interface BranchDef {
  code: string;
  name: LocalText;
  /** The department that owns the branch; only its staff may act in it. */
  departmentCode: string;
  start: string;
  states: BranchStateDef[];
  /**
   * Branches of the same parallel state that must finish before this one starts (前置): it
   * waits, with no work and no time running, until they are done.
   */
  after?: string[];
  /**
   * Branches whose result this one needs (e.g. 出生登记 needs 出生医学证明): it starts after
   * them, and when one of them is refused it ends refused too (it cannot be done without it).
   */
  needsResultOf?: string[];
}

/** The branches `b` waits for: those it comes after and those whose result it needs. */
export const prerequisitesOf = (b: BranchDef): string[] => [
  ...new Set([...(b.after ?? []), ...(b.needsResultOf ?? [])]),
];

export interface JoinDef {
  next: string;
  /** Where to go when any branch ended `rejected`; without it, `next` regardless. */
  onReject?: string;
}

export interface StateDef {
  code: string;
  name: LocalText;
  kind: 'normal' | 'parallel' | 'terminal';
  timeLimit?: TimeLimit;
  documentsRequired?: boolean;
  /** `false` once a decision has been taken: the applicant may no longer withdraw. */
  withdrawable?: boolean;
  actions: ActionDef[];
  /** For kind `parallel`: one branch per department; all must finish before `join`. */
  branches?: BranchDef[];
  join?: JoinDef;
  terminalOutcome?: CaseOutcome;
}

export interface ProcessDefinition {
  code: string;
  version: number;
  name: LocalText;
  states: StateDef[];
  start: string;
}

export const APPLICANT = 'applicant';
export const RETURN_TO_ORIGIN = '@return';
export const RESERVED_ACTIONS = {
  requestCorrection: 'request_correction',
  resubmit: 'resubmit',
  withdraw: 'withdraw',
  reject: 'reject',
  complete: 'complete',
} as const;

const RESERVED_REQUIREMENTS: Readonly<Record<string, Requirement>> = {
  [RESERVED_ACTIONS.requestCorrection]: 'correction_items',
  [RESERVED_ACTIONS.reject]: 'reason_and_legal_basis',
  [RESERVED_ACTIONS.complete]: 'result',
};

/** What an action needs: what the definition declares plus what its reserved meaning implies. */
export function requirementsOf(action: ActionDef): Requirement[] {
  const declared = action.requires ?? [];
  const reserved = RESERVED_REQUIREMENTS[action.code];
  return reserved && !declared.includes(reserved) ? [...declared, reserved] : [...declared];
}

// ---------------------------------------------------------------------------
// Look-ups
// ---------------------------------------------------------------------------

export function findState(def: ProcessDefinition, code: string): StateDef | undefined {
  return def.states.find((s) => s.code === code);
}

export function findBranch(state: StateDef, code: string): BranchDef | undefined {
  return state.branches?.find((b) => b.code === code);
}

export function findBranchState(branch: BranchDef, code: string): BranchStateDef | undefined {
  return branch.states.find((s) => s.code === code);
}

/** The terminal a withdrawal leads to (撤回), if the process has one. */
export function withdrawnState(def: ProcessDefinition): StateDef | undefined {
  return def.states.find((s) => s.kind === 'terminal' && s.terminalOutcome === 'withdrawn');
}

export const isWithdrawable = (s: StateDef): boolean => s.kind !== 'terminal' && s.withdrawable !== false;

/** States whose `request_correction` leads to `waitingState`: where a `resubmit` may return to. */
export function correctionOrigins(def: ProcessDefinition, waitingState: string): string[] {
  return def.states
    .filter((s) => s.actions.some((a) => a.code === RESERVED_ACTIONS.requestCorrection && a.next === waitingState))
    .map((s) => s.code);
}

/**
 * The case-level states one step away from `code`: action targets (a `resubmit`
 * returns to any correction origin), the join targets of a parallel state and, with
 * `withWithdraw`, the withdrawn terminal. Used for validation and for drawing the process.
 */
export function successors(def: ProcessDefinition, code: string, withWithdraw = true): string[] {
  const state = findState(def, code);
  if (!state) return [];
  const out = new Set<string>();
  for (const a of state.actions) {
    if (a.next === RETURN_TO_ORIGIN) correctionOrigins(def, code).forEach((o) => out.add(o));
    else out.add(a.next);
  }
  if (state.kind === 'parallel' && state.join) {
    out.add(state.join.next);
    if (state.join.onReject) out.add(state.join.onReject);
  }
  const withdrawn = withdrawnState(def);
  if (withWithdraw && withdrawn && isWithdrawable(state)) out.add(withdrawn.code);
  return [...out];
}

// ---------------------------------------------------------------------------
// Validation
// ---------------------------------------------------------------------------

export type ProblemCode =
  | 'INVALID_HEADER'
  | 'DUPLICATE_CODE'
  | 'UNKNOWN_START'
  | 'START_TERMINAL'
  | 'UNKNOWN_NEXT'
  | 'UNREACHABLE_STATE'
  | 'NO_PATH_TO_TERMINAL'
  | 'TERMINAL_WITH_ACTIONS'
  | 'TERMINAL_WITHOUT_OUTCOME'
  | 'OUTCOME_ON_NON_TERMINAL'
  | 'PARALLEL_WITHOUT_BRANCHES'
  | 'PARALLEL_WITHOUT_JOIN'
  | 'PARALLEL_WITH_ACTIONS'
  | 'BRANCHES_ON_NON_PARALLEL'
  | 'BRANCH_WITHOUT_DEPARTMENT'
  | 'UNKNOWN_BRANCH'
  | 'BRANCH_ORDER_CYCLE'
  | 'BRANCH_WITHOUT_REFUSAL'
  | 'ACTION_WITHOUT_ROLES'
  | 'UNKNOWN_ROLE'
  | 'INVALID_TIME_LIMIT'
  | 'RESERVED_ACTION_MISUSE'
  | 'MISSING_WITHDRAWN_STATE'
  | 'AMBIGUOUS_WITHDRAWN_STATE';

export interface Problem {
  /** Where, e.g. `states[2].actions[0].next`. */
  path: string;
  code: ProblemCode;
  message: string;
}

/** States of one level: the case itself, or one branch. */
interface Level {
  path: string;
  states: readonly (StateDef | BranchStateDef)[];
  start: string;
  branch: boolean;
}

/**
 * Every problem with a definition, empty when it is sound. Checks: header, duplicate
 * codes, unknown next states, unreachable states, terminals with actions, parallel
 * states without branches/join, a start that is unknown or terminal, states with no
 * path to a terminal (withdrawal does not count), roles, time limits and the
 * reserved actions' rules. Branches are checked the same way, one level down.
 */
export function validateDefinition(def: ProcessDefinition, knownRoles: readonly string[] = ROLES): Problem[] {
  const problems: Problem[] = [];
  const report = (path: string, code: ProblemCode, message: string) => problems.push({ path, code, message });
  const roles = new Set([...knownRoles, APPLICANT]);

  if (!def.code) report('code', 'INVALID_HEADER', 'The process needs a code');
  if (!Number.isInteger(def.version) || def.version < 1)
    report('version', 'INVALID_HEADER', 'The version must be a positive integer');

  const top: Level = { path: 'states', states: def.states, start: def.start, branch: false };
  checkLevel(top, roles, report, def.start, 'start');
  def.states.forEach((s, i) => checkCaseState(def, s, `states[${i}]`, roles, report));
  checkCorrection(def, report);
  checkWithdrawal(def, report);
  checkGraph(def, report);
  return problems;
}

/** Throws when the definition has problems: for loading definitions at start or in the seed. */
export function assertValidDefinition(def: ProcessDefinition, knownRoles?: readonly string[]): void {
  const problems = validateDefinition(def, knownRoles);
  if (problems.length > 0) {
    const lines = problems.map((p) => `  ${p.path}: ${p.code} ${p.message}`).join('\n');
    throw new Error(`Process ${def.code} v${def.version} is not valid:\n${lines}`);
  }
}

type Report = (path: string, code: ProblemCode, message: string) => void;

/** Checks shared by the case level and each branch: codes, start, kinds, actions. */
function checkLevel(level: Level, roles: ReadonlySet<string>, report: Report, start: string, startPath: string): void {
  const codes = level.states.map((s) => s.code);
  codes.forEach((c, i) => {
    if (codes.indexOf(c) !== i) report(`${level.path}[${i}].code`, 'DUPLICATE_CODE', `State "${c}" is defined twice`);
  });
  const startState = level.states.find((s) => s.code === start);
  if (!startState) report(startPath, 'UNKNOWN_START', `Start state "${start}" is not defined`);
  else if (startState.kind === 'terminal') report(startPath, 'START_TERMINAL', `Start state "${start}" is terminal`);

  level.states.forEach((s, i) => {
    const path = `${level.path}[${i}]`;
    if (s.kind === 'terminal') {
      if (s.actions.length > 0)
        report(`${path}.actions`, 'TERMINAL_WITH_ACTIONS', `Terminal state "${s.code}" has actions`);
      if (!s.terminalOutcome)
        report(path, 'TERMINAL_WITHOUT_OUTCOME', `Terminal state "${s.code}" needs a terminalOutcome`);
    } else if (s.terminalOutcome) {
      report(
        `${path}.terminalOutcome`,
        'OUTCOME_ON_NON_TERMINAL',
        `Only terminal states have an outcome ("${s.code}")`,
      );
    }
    if (s.kind === 'parallel' && level.branch) {
      report(`${path}.kind`, 'BRANCHES_ON_NON_PARALLEL', 'A branch cannot hold parallel states');
    }
    if (s.timeLimit && !(Number.isFinite(s.timeLimit.value) && s.timeLimit.value > 0)) {
      report(`${path}.timeLimit`, 'INVALID_TIME_LIMIT', `Time limit of "${s.code}" must be a positive number`);
    }
    s.actions.forEach((a, j) => checkAction(level, s, a, `${path}.actions[${j}]`, roles, report));
    const actionCodes = s.actions.map((a) => a.code);
    actionCodes.forEach((c, j) => {
      if (actionCodes.indexOf(c) !== j)
        report(`${path}.actions[${j}].code`, 'DUPLICATE_CODE', `Action "${c}" is defined twice in "${s.code}"`);
    });
  });
}

function checkAction(
  level: Level,
  state: StateDef | BranchStateDef,
  action: ActionDef,
  path: string,
  roles: ReadonlySet<string>,
  report: Report,
): void {
  if (action.roles.length === 0) report(`${path}.roles`, 'ACTION_WITHOUT_ROLES', `Nobody may take "${action.code}"`);
  action.roles.forEach((r, k) => {
    if (!roles.has(r)) report(`${path}.roles[${k}]`, 'UNKNOWN_ROLE', `Unknown role "${r}"`);
  });
  const target = level.states.find((s) => s.code === action.next);
  if (action.next !== RETURN_TO_ORIGIN && !target) {
    report(
      `${path}.next`,
      'UNKNOWN_NEXT',
      `Action "${action.code}" of "${state.code}" leads to unknown state "${action.next}"`,
    );
  }
  const misuse = (message: string) => report(path, 'RESERVED_ACTION_MISUSE', message);
  switch (action.code) {
    case RESERVED_ACTIONS.withdraw:
      misuse('"withdraw" is implicit: mark states with withdrawable: false instead of listing it');
      break;
    case RESERVED_ACTIONS.reject:
      if (target && target.terminalOutcome !== 'rejected')
        misuse('"reject" must lead to a terminal whose outcome is rejected');
      break;
    case RESERVED_ACTIONS.complete: {
      const outcome = level.branch ? 'approved' : 'completed';
      if (target && target.terminalOutcome !== outcome)
        misuse(`"complete" must lead to a terminal whose outcome is ${outcome}`);
      break;
    }
    case RESERVED_ACTIONS.requestCorrection:
    case RESERVED_ACTIONS.resubmit:
      if (level.branch) misuse(`"${action.code}" is a case-level action and cannot be used inside a branch`);
      break;
  }
  if (action.next === RETURN_TO_ORIGIN && action.code !== RESERVED_ACTIONS.resubmit) {
    misuse(`Only "resubmit" may lead to "${RETURN_TO_ORIGIN}"`);
  }
}

/** Case-level state checks: the parallel shape, and each branch as a level of its own. */
function checkCaseState(
  def: ProcessDefinition,
  s: StateDef,
  path: string,
  roles: ReadonlySet<string>,
  report: Report,
): void {
  if (s.kind !== 'parallel') {
    if (s.branches || s.join)
      report(path, 'BRANCHES_ON_NON_PARALLEL', `Only parallel states have branches and a join ("${s.code}")`);
    return;
  }
  if (!s.branches || s.branches.length === 0)
    report(`${path}.branches`, 'PARALLEL_WITHOUT_BRANCHES', `Parallel state "${s.code}" has no branches`);
  if (!s.join) report(`${path}.join`, 'PARALLEL_WITHOUT_JOIN', `Parallel state "${s.code}" has no join`);
  if (s.actions.length > 0)
    report(`${path}.actions`, 'PARALLEL_WITH_ACTIONS', `Parallel state "${s.code}" acts through its branches only`);
  for (const [key, target] of Object.entries(s.join ?? {})) {
    if (!findState(def, target))
      report(`${path}.join.${key}`, 'UNKNOWN_NEXT', `Join of "${s.code}" leads to unknown state "${target}"`);
  }
  const codes = (s.branches ?? []).map((b) => b.code);
  (s.branches ?? []).forEach((b, i) => {
    const bPath = `${path}.branches[${i}]`;
    if (codes.indexOf(b.code) !== i) report(`${bPath}.code`, 'DUPLICATE_CODE', `Branch "${b.code}" is defined twice`);
    if (!b.departmentCode)
      report(`${bPath}.departmentCode`, 'BRANCH_WITHOUT_DEPARTMENT', `Branch "${b.code}" needs an owning department`);
    const level: Level = { path: `${bPath}.states`, states: b.states, start: b.start, branch: true };
    checkLevel(level, roles, report, b.start, `${bPath}.start`);
    checkBranchGraph(b, bPath, report);
    for (const [key, list] of [
      ['after', b.after],
      ['needsResultOf', b.needsResultOf],
    ] as const)
      (list ?? []).forEach((other, j) => {
        if (other === b.code || !codes.includes(other))
          report(
            `${bPath}.${key}[${j}]`,
            'UNKNOWN_BRANCH',
            `Branch "${b.code}" waits for "${other}", not another branch of "${s.code}"`,
          );
      });
    if (
      (b.needsResultOf ?? []).length > 0 &&
      !b.states.some((x) => x.kind === 'terminal' && x.terminalOutcome === 'rejected')
    )
      report(
        bPath,
        'BRANCH_WITHOUT_REFUSAL',
        `Branch "${b.code}" needs another's result but has no refused terminal to end in`,
      );
  });
  checkBranchOrder(s, path, report);
}

/** Branches waiting for each other in a circle would never start. */
function checkBranchOrder(s: StateDef, path: string, report: Report): void {
  const branches = s.branches ?? [];
  const byCode = new Map(branches.map((b) => [b.code, b]));
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (code: string): boolean => {
    if (state.get(code) === 'done') return false;
    if (state.get(code) === 'visiting') return true;
    state.set(code, 'visiting');
    const b = byCode.get(code);
    const cyclic = b ? prerequisitesOf(b).some((p) => byCode.has(p) && visit(p)) : false;
    state.set(code, 'done');
    return cyclic;
  };
  branches.forEach((b, i) => {
    if (visit(b.code) && prerequisitesOf(b).length > 0)
      report(`${path}.branches[${i}]`, 'BRANCH_ORDER_CYCLE', `Branch "${b.code}" waits for itself through others`);
  });
}

/** 补正: a correction request leads to a waiting state whose only way on is `resubmit`. */
function checkCorrection(def: ProcessDefinition, report: Report): void {
  def.states.forEach((s, i) => {
    s.actions.forEach((a, j) => {
      if (a.code === RESERVED_ACTIONS.requestCorrection) {
        const waiting = findState(def, a.next);
        if (waiting && !waiting.actions.some((w) => w.code === RESERVED_ACTIONS.resubmit)) {
          report(
            `states[${i}].actions[${j}]`,
            'RESERVED_ACTION_MISUSE',
            `"request_correction" must lead to a state with a "resubmit" action`,
          );
        }
      }
      if (a.code === RESERVED_ACTIONS.resubmit) {
        if (a.next !== RETURN_TO_ORIGIN) {
          report(
            `states[${i}].actions[${j}].next`,
            'RESERVED_ACTION_MISUSE',
            `"resubmit" must lead to "${RETURN_TO_ORIGIN}"`,
          );
        }
        const feeders = def.states.filter((f) => f.actions.some((fa) => fa.next === s.code));
        if (
          feeders.some((f) =>
            f.actions.some((fa) => fa.next === s.code && fa.code !== RESERVED_ACTIONS.requestCorrection),
          )
        ) {
          report(
            `states[${i}]`,
            'RESERVED_ACTION_MISUSE',
            `Correction state "${s.code}" may only be entered through "request_correction"`,
          );
        }
        if (def.start === s.code)
          report(`states[${i}]`, 'RESERVED_ACTION_MISUSE', `Correction state "${s.code}" cannot be the start`);
      }
    });
  });
}

function checkWithdrawal(def: ProcessDefinition, report: Report): void {
  const withdrawn = def.states.filter((s) => s.kind === 'terminal' && s.terminalOutcome === 'withdrawn');
  if (withdrawn.length > 1)
    report('states', 'AMBIGUOUS_WITHDRAWN_STATE', 'More than one terminal has outcome withdrawn');
  if (withdrawn.length === 0 && def.states.some(isWithdrawable)) {
    report('states', 'MISSING_WITHDRAWN_STATE', 'Some states are withdrawable but no terminal has outcome withdrawn');
  }
}

/** Reachability from the start, and a way to a terminal from every state. */
function checkGraph(def: ProcessDefinition, report: Report): void {
  const codes = def.states.map((s) => s.code);
  const reachable = reach([def.start], (c) => successors(def, c, true));
  const finishing = coReach(
    codes,
    (c) => findState(def, c)?.kind === 'terminal',
    (c) => successors(def, c, false),
  );
  def.states.forEach((s, i) => {
    if (!reachable.has(s.code))
      report(`states[${i}]`, 'UNREACHABLE_STATE', `State "${s.code}" cannot be reached from the start`);
    else if (!finishing.has(s.code))
      report(`states[${i}]`, 'NO_PATH_TO_TERMINAL', `No way from "${s.code}" to a terminal state`);
  });
}

function checkBranchGraph(b: BranchDef, path: string, report: Report): void {
  const next = (c: string) => findBranchState(b, c)?.actions.map((a) => a.next) ?? [];
  const reachable = reach([b.start], next);
  const finishing = coReach(
    b.states.map((s) => s.code),
    (c) => findBranchState(b, c)?.kind === 'terminal',
    next,
  );
  b.states.forEach((s, i) => {
    const sPath = `${path}.states[${i}]`;
    if (!reachable.has(s.code))
      report(sPath, 'UNREACHABLE_STATE', `Branch state "${b.code}.${s.code}" cannot be reached`);
    else if (!finishing.has(s.code))
      report(sPath, 'NO_PATH_TO_TERMINAL', `No way from "${b.code}.${s.code}" to a terminal state`);
  });
}

function reach(from: readonly string[], next: (code: string) => readonly string[]): Set<string> {
  const seen = new Set<string>(from);
  const queue = [...from];
  for (let code = queue.shift(); code !== undefined; code = queue.shift()) {
    for (const n of next(code)) {
      if (!seen.has(n)) {
        seen.add(n);
        queue.push(n);
      }
    }
  }
  return seen;
}

/** The states from which some terminal can be reached (a fixpoint over the edges). */
function coReach(
  codes: readonly string[],
  isTerminal: (c: string) => boolean,
  next: (c: string) => readonly string[],
): Set<string> {
  const done = new Set(codes.filter(isTerminal));
  let grew = true;
  while (grew) {
    grew = false;
    for (const c of codes) {
      if (!done.has(c) && next(c).some((n) => done.has(n))) {
        done.add(c);
        grew = true;
      }
    }
  }
  return done;
}
