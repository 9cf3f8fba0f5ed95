import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  assertValidDefinition,
  findState,
  validateDefinition,
  type ProcessDefinition,
  type ProblemCode,
  type StateDef,
} from '../../src/modules/applications/workflow/definition.ts';
import {
  actingRoles,
  availableActions,
  currentTimeLimits,
  decide,
  deriveState,
  initialState,
  type Actor,
  type CaseEvent,
  type CaseState,
  type Command,
  type Decision,
} from '../../src/modules/applications/workflow/engine.ts';
import { wordedFor } from '../../src/modules/applications/workflow/words.ts';
import {
  EXAMPLE_PROCESSES,
  birthBundle,
  criticalPath,
  jointReview,
  simpleLicence,
} from '../../src/modules/applications/workflow/processes.ts';
import { ITEM_PROCESS_CODES } from '../../src/modules/catalog/catalog.schemas.ts';

// ---------------------------------------------------------------------------
// Cast and a tiny case runner
// ---------------------------------------------------------------------------

const applicant: Actor = { id: 'citizen-1', roles: ['citizen'], isApplicant: true };
const clerk: Actor = { id: 'clerk-1', roles: ['clerk'], isApplicant: false };
const reviewer: Actor = { id: 'reviewer-1', roles: ['reviewer'], isApplicant: false };
const approver: Actor = { id: 'approver-1', roles: ['approver'], isApplicant: false };
const staffOf = (departmentCode: string, roles = ['clerk', 'reviewer', 'approver']): Actor => ({
  id: `${departmentCode}-staff`,
  roles,
  isApplicant: false,
  departmentCode,
});

const REASON = { reason: '申请材料不符合法定形式', legalBasis: '《中华人民共和国行政许可法》第三十八条' };
const RESULT = { result: { note: '准予许可', documentNumber: '4403070001' } };

type Step = Omit<Command, 'at'>;

/** A case in memory: `try` decides and appends accepted events, as the service will. */
function newCase(def: ProcessDefinition) {
  const events: CaseEvent[] = [];
  let hour = 0;
  const attempt = (step: Step): Decision => {
    const at = new Date(Date.UTC(2025, 2, 3, 1 + hour++)).toISOString();
    const decision = decide(def, events, { ...step, at });
    if (decision.ok) events.push({ ...decision.event, seq: events.length + 1, at });
    return decision;
  };
  return {
    events,
    state: (): CaseState => deriveState(def, events),
    try: attempt,
    do(step: Step): CaseState {
      const decision = attempt(step);
      if (!decision.ok) throw new Error(`"${step.action}" refused: ${decision.reason}`);
      return decision.next;
    },
  };
}

const refusal = (d: Decision) => (d.ok ? 'OK' : d.reason);

// ---------------------------------------------------------------------------
// Definitions
// ---------------------------------------------------------------------------

const clone = (def: ProcessDefinition): ProcessDefinition => structuredClone(def);
const stateOf = (def: ProcessDefinition, code: string): StateDef => {
  const s = findState(def, code);
  if (!s) throw new Error(`no state ${code}`);
  return s;
};
const codes = (def: ProcessDefinition): ProblemCode[] => validateDefinition(def).map((p) => p.code);

describe('validateDefinition', () => {
  it('defines every process the catalogue lets an item name (ItemProcessCode)', () => {
    const defined = EXAMPLE_PROCESSES.map((p) => p.code);
    for (const code of ITEM_PROCESS_CODES) expect(defined, code).toContain(code);
  });

  it.each(EXAMPLE_PROCESSES.map((p) => [p.code, p] as const))('passes the example %s', (_code, def) => {
    expect(validateDefinition(def)).toEqual([]);
    expect(() => assertValidDefinition(def)).not.toThrow();
  });

  it('examples are plain JSON data', () => {
    for (const def of EXAMPLE_PROCESSES) expect(JSON.parse(JSON.stringify(def))).toEqual(def);
  });

  it('finds unknown next states, with the path to them', () => {
    const def = clone(simpleLicence);
    stateOf(def, 'review').actions[0]!.next = 'nowhere';
    const problems = validateDefinition(def);
    expect(problems).toContainEqual(
      expect.objectContaining({ path: 'states[1].actions[0].next', code: 'UNKNOWN_NEXT' }),
    );
    expect(() => assertValidDefinition(def)).toThrow(/UNKNOWN_NEXT/);
  });

  it('finds unreachable states', () => {
    const def = clone(simpleLicence);
    const go = { code: 'go', name: { zh: '去', en: 'Go' }, roles: ['clerk'], next: 'completed' };
    def.states.push({ code: 'orphan', name: { zh: '孤儿', en: 'Orphan' }, kind: 'normal', actions: [go] });
    expect(validateDefinition(def)).toContainEqual(
      expect.objectContaining({ path: `states[${def.states.length - 1}]`, code: 'UNREACHABLE_STATE' }),
    );
  });

  it('finds terminal states with actions, and terminals without an outcome', () => {
    const def = clone(simpleLicence);
    stateOf(def, 'completed').actions.push({
      code: 'reopen',
      name: { zh: '重开', en: 'Reopen' },
      roles: ['clerk'],
      next: 'review',
    });
    delete stateOf(def, 'rejected').terminalOutcome;
    expect(codes(def)).toEqual(expect.arrayContaining(['TERMINAL_WITH_ACTIONS', 'TERMINAL_WITHOUT_OUTCOME']));
  });

  it('finds parallel states without branches or without a join, or with actions of their own', () => {
    const noBranches = clone(jointReview);
    stateOf(noBranches, 'joint_review').branches = [];
    expect(codes(noBranches)).toContain('PARALLEL_WITHOUT_BRANCHES');

    const noJoin = clone(jointReview);
    delete stateOf(noJoin, 'joint_review').join;
    expect(codes(noJoin)).toContain('PARALLEL_WITHOUT_JOIN');

    const withActions = clone(jointReview);
    stateOf(withActions, 'joint_review').actions.push({
      code: 'skip',
      name: { zh: '跳过', en: 'Skip' },
      roles: ['approver'],
      next: 'decide',
    });
    expect(codes(withActions)).toContain('PARALLEL_WITH_ACTIONS');
  });

  it('finds duplicate state, action and branch codes', () => {
    const def = clone(jointReview);
    def.states.push(structuredClone(stateOf(def, 'decide')));
    const accept = stateOf(def, 'accept');
    accept.actions.push(structuredClone(accept.actions[0]!));
    const parallel = stateOf(def, 'joint_review');
    parallel.branches!.push(structuredClone(parallel.branches![0]!));
    const problems = validateDefinition(def)
      .filter((p) => p.code === 'DUPLICATE_CODE')
      .map((p) => p.path);
    expect(problems).toEqual(
      expect.arrayContaining([
        `states[${def.states.length - 1}].code`,
        'states[0].actions[3].code',
        'states[1].branches[2].code',
      ]),
    );
  });

  it('finds a start that is terminal or unknown', () => {
    expect(codes({ ...clone(simpleLicence), start: 'completed' })).toContain('START_TERMINAL');
    expect(codes({ ...clone(simpleLicence), start: 'nowhere' })).toContain('UNKNOWN_START');
  });

  it('finds states with no path to a terminal (withdrawal does not count)', () => {
    const def = clone(simpleLicence);
    const decideState = stateOf(def, 'decide');
    decideState.actions = decideState.actions.filter((a) => a.code !== 'reject');
    stateOf(def, 'issue').actions[0] = {
      code: 'loop',
      name: { zh: '循环', en: 'Loop' },
      roles: ['clerk'],
      next: 'decide',
    };
    const stuck = validateDefinition(def)
      .filter((p) => p.code === 'NO_PATH_TO_TERMINAL')
      .map((p) => p.message);
    expect(stuck.join()).toMatch(/"decide"/);
    expect(stuck.join()).toMatch(/"issue"/);
    expect(codes(def)).toContain('UNREACHABLE_STATE'); // 'completed' is no longer reachable
  });

  it('checks branches one level down', () => {
    const def = clone(jointReview);
    const hud = stateOf(def, 'joint_review').branches![0]!;
    hud.states[0]!.actions[0]!.next = 'nowhere';
    hud.departmentCode = '';
    hud.start = 'approved';
    expect(codes(def)).toEqual(expect.arrayContaining(['UNKNOWN_NEXT', 'BRANCH_WITHOUT_DEPARTMENT', 'START_TERMINAL']));
  });

  it('enforces the reserved actions’ rules', () => {
    const rejectToCompleted = clone(simpleLicence);
    stateOf(rejectToCompleted, 'decide').actions.find((a) => a.code === 'reject')!.next = 'completed';
    expect(codes(rejectToCompleted)).toContain('RESERVED_ACTION_MISUSE');

    const resubmitFixed = clone(simpleLicence);
    stateOf(resubmitFixed, 'correction').actions[0]!.next = 'accept';
    expect(codes(resubmitFixed)).toContain('RESERVED_ACTION_MISUSE');

    const explicitWithdraw = clone(simpleLicence);
    stateOf(explicitWithdraw, 'review').actions.push({
      code: 'withdraw',
      name: { zh: '撤回', en: 'Withdraw' },
      roles: ['applicant'],
      next: 'withdrawn',
    });
    expect(codes(explicitWithdraw)).toContain('RESERVED_ACTION_MISUSE');

    const correctionWithoutResubmit = clone(simpleLicence);
    stateOf(correctionWithoutResubmit, 'accept').actions.find((a) => a.code === 'request_correction')!.next = 'review';
    expect(codes(correctionWithoutResubmit)).toContain('RESERVED_ACTION_MISUSE');
  });

  it('needs a withdrawn terminal when states are withdrawable; checks roles and time limits', () => {
    const def = clone(simpleLicence);
    def.states = def.states.filter((s) => s.code !== 'withdrawn');
    stateOf(def, 'review').actions[0]!.roles = ['mayor'];
    stateOf(def, 'decide').actions[0]!.roles = [];
    stateOf(def, 'accept').timeLimit = { value: 0, unit: 'working_days' };
    expect(codes(def)).toEqual(
      expect.arrayContaining(['MISSING_WITHDRAWN_STATE', 'UNKNOWN_ROLE', 'ACTION_WITHOUT_ROLES', 'INVALID_TIME_LIMIT']),
    );
  });

  it('checks the header', () => {
    expect(codes({ ...clone(simpleLicence), version: 0 })).toContain('INVALID_HEADER');
  });
});

// ---------------------------------------------------------------------------
// Happy paths
// ---------------------------------------------------------------------------

describe('simple licence', () => {
  it('accept → review → decide → issue → completed', () => {
    const c = newCase(simpleLicence);
    expect(c.state()).toEqual(initialState(simpleLicence));
    expect(c.do({ action: 'accept', actor: clerk }).state).toBe('review');
    expect(c.do({ action: 'pass', actor: reviewer, comment: '材料齐全' }).state).toBe('decide');
    expect(c.do({ action: 'approve', actor: approver, comment: '准予' }).state).toBe('issue');
    const done = c.do({ action: 'complete', actor: clerk, ...RESULT });
    expect(done).toMatchObject({ state: 'completed', outcome: 'completed' });
    expect(c.state()).toEqual(done);
    expect(done.history.map((h) => `${h.from}>${h.to}`)).toEqual([
      'accept>review',
      'review>decide',
      'decide>issue',
      'issue>completed',
    ]);
    expect(c.events.at(-1)).toMatchObject({ seq: 4, action: 'complete', ...RESULT, actor: { id: 'clerk-1' } });
  });

  it('a comment is required where the definition says so', () => {
    const c = newCase(simpleLicence);
    c.do({ action: 'accept', actor: clerk });
    expect(refusal(c.try({ action: 'pass', actor: reviewer }))).toBe('MISSING_COMMENT');
    expect(refusal(c.try({ action: 'pass', actor: reviewer, comment: '  ' }))).toBe('MISSING_COMMENT');
  });

  it('complete needs the result', () => {
    const c = newCase(simpleLicence);
    c.do({ action: 'accept', actor: clerk });
    c.do({ action: 'pass', actor: reviewer, comment: 'ok' });
    c.do({ action: 'approve', actor: approver, comment: 'ok' });
    expect(refusal(c.try({ action: 'complete', actor: clerk }))).toBe('MISSING_RESULT');
  });

  it('rejection needs a reason and its legal basis, and closes the case', () => {
    const c = newCase(simpleLicence);
    expect(refusal(c.try({ action: 'reject', actor: clerk }))).toBe('MISSING_REASON');
    expect(refusal(c.try({ action: 'reject', actor: clerk, reason: REASON.reason }))).toBe('MISSING_REASON');
    expect(refusal(c.try({ action: 'reject', actor: clerk, legalBasis: REASON.legalBasis }))).toBe('MISSING_REASON');
    expect(refusal(c.try({ action: 'reject', actor: clerk, reason: ' ', legalBasis: REASON.legalBasis }))).toBe(
      'MISSING_REASON',
    );
    expect(c.do({ action: 'reject', actor: clerk, ...REASON })).toMatchObject({
      state: 'rejected',
      outcome: 'rejected',
    });
    expect(c.events.at(-1)).toMatchObject(REASON);
    expect(refusal(c.try({ action: 'accept', actor: clerk }))).toBe('CASE_CLOSED');
    expect(refusal(c.try({ action: 'withdraw', actor: applicant }))).toBe('CASE_CLOSED');
  });
});

describe('correction (补正)', () => {
  it.each([
    ['accept', [] as Step[], clerk],
    ['review', [{ action: 'accept', actor: clerk }], reviewer],
  ])('round trip from %s returns there with the items listed', (from, before, staff) => {
    const c = newCase(simpleLicence);
    before.forEach((s) => c.do(s));
    expect(refusal(c.try({ action: 'request_correction', actor: staff }))).toBe('MISSING_CORRECTION_ITEMS');
    expect(refusal(c.try({ action: 'request_correction', actor: staff, correctionItems: [' '] }))).toBe(
      'MISSING_CORRECTION_ITEMS',
    );

    const waiting = c.do({
      action: 'request_correction',
      actor: staff,
      correctionItems: ['身份证复印件', '', '房屋平面图'],
    });
    expect(waiting).toMatchObject({
      state: 'correction',
      correction: { items: ['身份证复印件', '房屋平面图'], returnTo: from },
    });
    expect(actingRoles(simpleLicence, waiting)).toEqual([{ roles: ['applicant'] }]);
    expect(refusal(c.try({ action: 'resubmit', actor: staff }))).toBe('ROLE_NOT_ALLOWED');

    const back = c.do({ action: 'resubmit', actor: applicant, comment: '已补齐' });
    expect(back.state).toBe(from);
    expect(back.correction).toBeUndefined();
    expect(c.state()).toEqual(back);
  });

  it('resubmit is not an action outside a correction', () => {
    expect(refusal(newCase(simpleLicence).try({ action: 'resubmit', actor: applicant }))).toBe('ACTION_NOT_ALLOWED');
  });
});

describe('withdrawal (撤回)', () => {
  it('works before a decision, also while waiting on a correction', () => {
    const c = newCase(simpleLicence);
    c.do({ action: 'accept', actor: clerk });
    expect(c.do({ action: 'withdraw', actor: applicant, comment: '不再需要' })).toMatchObject({
      state: 'withdrawn',
      outcome: 'withdrawn',
    });

    const d = newCase(simpleLicence);
    d.do({ action: 'request_correction', actor: clerk, correctionItems: ['照片'] });
    const gone = d.do({ action: 'withdraw', actor: applicant });
    expect(gone.state).toBe('withdrawn');
    expect(gone.correction).toBeUndefined();
  });

  it('is refused after a decision, and to anyone but the applicant', () => {
    const c = newCase(simpleLicence);
    expect(refusal(c.try({ action: 'withdraw', actor: clerk }))).toBe('ROLE_NOT_ALLOWED');
    c.do({ action: 'accept', actor: clerk });
    c.do({ action: 'pass', actor: reviewer, comment: 'ok' });
    c.do({ action: 'approve', actor: approver, comment: 'ok' });
    expect(refusal(c.try({ action: 'withdraw', actor: applicant }))).toBe('WITHDRAW_AFTER_DECISION');
    expect(availableActions(simpleLicence, c.state(), applicant)).toEqual([]);
  });

  it('works during a joint review and drops the branches', () => {
    const c = newCase(jointReview);
    c.do({ action: 'accept', actor: clerk });
    c.do({ action: 'approve', branch: 'HUD', actor: staffOf('HUD'), comment: 'ok' });
    const gone = c.do({ action: 'withdraw', actor: applicant });
    expect(gone.state).toBe('withdrawn');
    expect(gone.branches).toBeUndefined();
    expect(c.events.at(-1)!.branch).toBeUndefined();
  });
});

describe('roles', () => {
  it('a clerk cannot decide; an approver can', () => {
    const c = newCase(simpleLicence);
    c.do({ action: 'accept', actor: clerk });
    c.do({ action: 'pass', actor: reviewer, comment: 'ok' });
    expect(refusal(c.try({ action: 'approve', actor: clerk, comment: 'ok' }))).toBe('ROLE_NOT_ALLOWED');
    expect(refusal(c.try({ action: 'reject', actor: clerk, ...REASON }))).toBe('ROLE_NOT_ALLOWED');
    expect(availableActions(simpleLicence, c.state(), clerk)).toEqual([]);
    expect(availableActions(simpleLicence, c.state(), approver).map((a) => a.action)).toEqual(['approve', 'reject']);
    expect(actingRoles(simpleLicence, c.state())).toEqual([{ roles: ['approver'] }]);
  });

  it('an applicant can only resubmit or withdraw, even one who holds staff roles (回避)', () => {
    const selfServing: Actor = { id: 'clerk-9', roles: ['clerk', 'reviewer', 'approver'], isApplicant: true };
    for (const def of EXAMPLE_PROCESSES) {
      for (const s of def.states) {
        const state: CaseState = {
          ...initialState(def),
          state: s.code,
          correction: { items: ['x'], returnTo: def.start },
        };
        for (const a of [...availableActions(def, state, applicant), ...availableActions(def, state, selfServing)]) {
          expect(['resubmit', 'withdraw']).toContain(a.action);
        }
      }
    }
    expect(refusal(newCase(simpleLicence).try({ action: 'accept', actor: selfServing }))).toBe('ROLE_NOT_ALLOWED');
  });

  it('an unknown action is not allowed', () => {
    expect(refusal(newCase(simpleLicence).try({ action: 'approve', actor: approver, comment: 'x' }))).toBe(
      'ACTION_NOT_ALLOWED',
    );
    expect(refusal(newCase(simpleLicence).try({ action: 'accept', branch: 'HUD', actor: clerk }))).toBe(
      'BRANCH_UNKNOWN',
    );
  });
});

// ---------------------------------------------------------------------------
// Parallel branches
// ---------------------------------------------------------------------------

describe('joint review (parallel)', () => {
  const toJointReview = () => {
    const c = newCase(jointReview);
    c.do({ action: 'accept', actor: clerk });
    return c;
  };

  it('opens one branch per department and waits for all of them', () => {
    const c = toJointReview();
    expect(c.state().branches).toEqual({
      HUD: { state: 'review', done: false, since: { seq: 1, at: c.events[0]!.at } },
      NRP: { state: 'review', done: false, since: { seq: 1, at: c.events[0]!.at } },
    });
    expect(actingRoles(jointReview, c.state())).toEqual([
      { branch: 'HUD', departmentCode: 'HUD', roles: ['reviewer', 'approver'] },
      { branch: 'NRP', departmentCode: 'NRP', roles: ['reviewer', 'approver'] },
    ]);
    const half = c.do({ action: 'approve', branch: 'HUD', actor: staffOf('HUD', ['reviewer']), comment: '符合规划' });
    expect(half.state).toBe('joint_review');
    expect(half.branches?.HUD).toEqual({
      state: 'approved',
      done: true,
      outcome: 'approved',
      since: { seq: 2, at: c.events[1]!.at },
    });
    expect(half.history.at(-1)).toMatchObject({
      from: 'joint_review',
      to: 'joint_review',
      branch: 'HUD',
      branchFrom: 'review',
      branchTo: 'approved',
    });
    const joined = c.do({ action: 'approve', branch: 'NRP', actor: staffOf('NRP'), comment: '同意' });
    expect(joined).toMatchObject({ state: 'decide' });
    expect(joined.branches).toBeUndefined();
    expect(c.do({ action: 'complete', actor: approver, ...RESULT })).toMatchObject({
      state: 'completed',
      outcome: 'completed',
    });
  });

  it('routes to onReject when any branch objects', () => {
    const c = toJointReview();
    expect(refusal(c.try({ action: 'reject', branch: 'NRP', actor: staffOf('NRP') }))).toBe('MISSING_REASON');
    c.do({ action: 'reject', branch: 'NRP', actor: staffOf('NRP'), ...REASON });
    expect(c.state().state).toBe('joint_review');
    expect(c.do({ action: 'approve', branch: 'HUD', actor: staffOf('HUD'), comment: 'ok' }).state).toBe('objection');
    expect(refusal(c.try({ action: 'withdraw', actor: applicant }))).toBe('WITHDRAW_AFTER_DECISION');
    expect(c.do({ action: 'reject', actor: approver, ...REASON }).outcome).toBe('rejected');
  });

  it('refuses actions on a finished branch, an unknown branch, without a branch, or by another department', () => {
    const c = toJointReview();
    c.do({ action: 'approve', branch: 'HUD', actor: staffOf('HUD'), comment: 'ok' });
    expect(refusal(c.try({ action: 'reject', branch: 'HUD', actor: staffOf('HUD'), ...REASON }))).toBe('BRANCH_DONE');
    expect(refusal(c.try({ action: 'approve', branch: 'TAX', actor: staffOf('TAX'), comment: 'ok' }))).toBe(
      'BRANCH_UNKNOWN',
    );
    expect(refusal(c.try({ action: 'approve', actor: staffOf('NRP'), comment: 'ok' }))).toBe('ACTION_NOT_ALLOWED');
    expect(refusal(c.try({ action: 'approve', branch: 'NRP', actor: staffOf('HUD'), comment: 'ok' }))).toBe(
      'ROLE_NOT_ALLOWED',
    );
    expect(refusal(c.try({ action: 'approve', branch: 'NRP', actor: reviewer, comment: 'ok' }))).toBe(
      'ROLE_NOT_ALLOWED',
    );
    expect(availableActions(jointReview, c.state(), staffOf('HUD'))).toEqual([]);
    expect(availableActions(jointReview, c.state(), staffOf('NRP')).map((a) => `${a.branch}:${a.action}`)).toEqual([
      'NRP:approve',
      'NRP:reject',
    ]);
  });

  it('reports the time limits of the state and of each open branch', () => {
    const c = toJointReview();
    expect(currentTimeLimits(simpleLicence, initialState(simpleLicence))).toEqual([
      { state: 'accept', limit: { value: 2, unit: 'working_days' }, since: null },
    ]);
    c.do({ action: 'approve', branch: 'HUD', actor: staffOf('HUD'), comment: 'ok' });
    const entered = { seq: 1, at: c.events[0]!.at };
    expect(currentTimeLimits(jointReview, c.state())).toEqual([
      { state: 'joint_review', limit: { value: 10, unit: 'working_days' }, since: entered },
      { state: 'review', branch: 'NRP', limit: { value: 7, unit: 'working_days' }, since: entered },
    ]);
  });
});

describe('birth bundle (出生一件事)', () => {
  it('four departments in parallel, 出生登记 after 出生医学证明, then one combined result', () => {
    const c = newCase(birthBundle);
    c.do({ action: 'accept', actor: clerk });
    expect(Object.keys(c.state().branches ?? {})).toEqual(['HCB', 'PSB', 'HSA', 'HRSS']);
    for (const dept of ['HCB', 'PSB', 'HSA'])
      c.do({ action: 'complete', branch: dept, actor: staffOf(dept, ['clerk']), ...RESULT });
    expect(c.state().state).toBe('departments');
    c.do({ action: 'reject', branch: 'HRSS', actor: staffOf('HRSS'), ...REASON });
    expect(c.state().state).toBe('deliver'); // no onReject: a bundle delivers partial results
    expect(c.do({ action: 'complete', actor: clerk, ...RESULT }).outcome).toBe('completed');
  });

  it('出生登记 waits for 出生医学证明: no actions, no work and no time running until it is issued', () => {
    const c = newCase(birthBundle);
    c.do({ action: 'accept', actor: clerk });
    const accepted = { seq: 1, at: c.events[0]!.at };
    expect(c.state().branches!.PSB).toMatchObject({ waiting: true, done: false });
    expect(availableActions(birthBundle, c.state(), staffOf('PSB'))).toEqual([]);
    expect(actingRoles(birthBundle, c.state()).map((g) => g.branch)).toEqual(['HCB', 'HSA', 'HRSS']);
    expect(currentTimeLimits(birthBundle, c.state()).map((l) => l.branch ?? 'case')).toEqual([
      'case',
      'HCB',
      'HSA',
      'HRSS',
    ]);
    expect(refusal(c.try({ action: 'complete', branch: 'PSB', actor: staffOf('PSB'), ...RESULT }))).toBe(
      'BRANCH_WAITING',
    );
    // The certificate is issued: registration starts now, its time counted from here.
    c.do({ action: 'complete', branch: 'HCB', actor: staffOf('HCB', ['clerk']), ...RESULT });
    const issued = { seq: 2, at: c.events[1]!.at };
    expect(c.state().branches!.PSB).toEqual({ state: 'handle', done: false, since: issued });
    expect(c.state().branches!.HSA!.since).toEqual(accepted);
    expect(availableActions(birthBundle, c.state(), staffOf('PSB')).map((a) => a.action)).toEqual([
      'complete',
      'reject',
    ]);
    expect(currentTimeLimits(birthBundle, c.state()).find((l) => l.branch === 'PSB')?.since).toEqual(issued);
    c.do({ action: 'complete', branch: 'PSB', actor: staffOf('PSB'), ...RESULT });
    expect(c.state().branches!.PSB!.done).toBe(true);
  });

  it('when the certificate is refused, the registration that needs it ends refused with it', () => {
    const c = newCase(birthBundle);
    c.do({ action: 'accept', actor: clerk });
    c.do({ action: 'reject', branch: 'HCB', actor: staffOf('HCB'), ...REASON });
    expect(c.state().branches!.PSB).toMatchObject({ done: true, outcome: 'rejected', refusedFor: ['HCB'] });
    for (const dept of ['HSA', 'HRSS'])
      c.do({ action: 'complete', branch: dept, actor: staffOf(dept, ['clerk']), ...RESULT });
    expect(c.state().state).toBe('deliver');
    // The history replays to the same state.
    expect(deriveState(birthBundle, c.events)).toEqual(c.state());
  });

  it('the bundle limit is its longest chain of parts', () => {
    expect(stateOf(birthBundle, 'departments').timeLimit).toEqual({ value: 5, unit: 'working_days' });
    expect(
      criticalPath([
        { departmentCode: 'A', name: { zh: 'A', en: 'A' }, days: 2 },
        { departmentCode: 'B', name: { zh: 'B', en: 'B' }, days: 3, needsResultOf: ['A'] },
        { departmentCode: 'C', name: { zh: 'C', en: 'C' }, days: 1, after: ['B'] },
        { departmentCode: 'D', name: { zh: 'D', en: 'D' }, days: 5 },
      ]),
    ).toBe(6);
  });

  it('validation: a part waits only for another part of the same state, in no circle, and can end refused', () => {
    const def = clone(birthBundle);
    const branches = stateOf(def, 'departments').branches!;
    branches[0]!.after = ['PSB']; // HCB after PSB, PSB needs HCB: a circle
    branches[2]!.after = ['XYZ'];
    expect(codes(def)).toEqual(expect.arrayContaining(['BRANCH_ORDER_CYCLE', 'UNKNOWN_BRANCH']));
    const noRefusal = clone(birthBundle);
    const psb = stateOf(noRefusal, 'departments').branches![1]!;
    psb.states = psb.states.filter((x) => x.terminalOutcome !== 'rejected');
    psb.states[0]!.actions = psb.states[0]!.actions.filter((a) => a.code !== 'reject');
    expect(codes(noRefusal)).toContain('BRANCH_WITHOUT_REFUSAL');
  });
});

describe('decision words follow the item type (wordedFor)', () => {
  const names = (def: ProcessDefinition, state: string) =>
    Object.fromEntries(stateOf(def, state).actions.map((a) => [a.code, a.name.zh]));

  it('keeps a licence as it is, and words the others in their own terms', () => {
    expect(wordedFor(simpleLicence, 'licensing')).toBe(simpleLicence);
    const confirmation = wordedFor(simpleLicence, 'confirmation');
    expect(names(confirmation, 'decide')).toEqual({ approve: '予以确认', reject: '不予确认' });
    expect(stateOf(confirmation, 'rejected').name).toEqual({ zh: '不予确认', en: 'Not confirmed' });
    // Refusing at acceptance is not a decision on the matter.
    expect(names(confirmation, 'accept').reject).toBe('不予受理');
    expect(names(wordedFor(simpleLicence, 'benefit'), 'decide')).toEqual({ approve: '准予给付', reject: '不予给付' });
    expect(names(wordedFor(simpleLicence, 'public_service'), 'decide')).toEqual({
      approve: '准予办理',
      reject: '不予办理',
    });
    const joint = wordedFor(jointReview, 'confirmation');
    expect(names(joint, 'decide')).toEqual({ complete: '予以确认并办结', reject: '不予确认' });
    expect(stateOf(joint, 'objection').name.zh).toBe('部门不同意，出具不予确认决定');
    expect(stateOf(joint, 'decide').actions[0]!.name.en).toBe('Confirm and complete');
    for (const type of ['confirmation', 'benefit', 'adjudication', 'reward', 'levy', 'other_power', 'public_service'])
      expect(validateDefinition(wordedFor(simpleLicence, type))).toEqual([]);
  });
});

describe('deriveState', () => {
  it('replays in seq order and throws on a history that does not fit', () => {
    const c = newCase(simpleLicence);
    c.do({ action: 'accept', actor: clerk });
    c.do({ action: 'pass', actor: reviewer, comment: 'ok' });
    expect(deriveState(simpleLicence, [...c.events].reverse())).toEqual(c.state());
    expect(() => deriveState(simpleLicence, [{ ...c.events[1]!, seq: 1 }])).toThrow(/does not fit/);
  });
});

// ---------------------------------------------------------------------------
// Properties: random commands by random actors
// ---------------------------------------------------------------------------

const DEPARTMENTS = ['HUD', 'NRP', 'HCB', 'PSB', 'HSA', 'HRSS'];
const CAST: Actor[] = [applicant, clerk, reviewer, approver, ...DEPARTMENTS.map((d) => staffOf(d))];

const actionCodes = (def: ProcessDefinition): string[] => [
  ...new Set(
    def.states
      .flatMap((s) => [...s.actions, ...(s.branches ?? []).flatMap((b) => b.states.flatMap((bs) => bs.actions))])
      .map((a) => a.code),
  ),
];
const branchCodes = (def: ProcessDefinition): string[] =>
  def.states.flatMap((s) => (s.branches ?? []).map((b) => b.code));
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });

const actorArb: fc.Arbitrary<Actor> = fc.record(
  {
    id: fc.constantFrom('u1', 'u2', 'u3'),
    roles: fc.subarray(['citizen', 'clerk', 'reviewer', 'approver']),
    isApplicant: fc.boolean(),
    departmentCode: maybe(fc.constantFrom(...DEPARTMENTS)),
  },
  { requiredKeys: ['id', 'roles', 'isApplicant'] },
);

type RandomStep = { kind: 'random'; step: Step };
type GuidedStep = { kind: 'guided'; pick: number; onward: boolean };

/** Any command at all: mostly refused, which is the point. */
const randomStepArb = (def: ProcessDefinition): fc.Arbitrary<RandomStep> =>
  fc
    .record({
      action: fc.constantFrom(...actionCodes(def), 'withdraw', 'no_such_action'),
      branch: maybe(fc.constantFrom(...branchCodes(def), 'XYZ')),
      actor: actorArb,
      comment: maybe(fc.constantFrom('同意', ' ')),
      reason: maybe(fc.constantFrom(REASON.reason, '')),
      legalBasis: maybe(fc.constant(REASON.legalBasis)),
      correctionItems: maybe(fc.array(fc.constantFrom('身份证复印件', '', '房屋平面图'), { maxLength: 3 })),
      result: maybe(fc.constant(RESULT.result)),
    })
    .map((step) => ({ kind: 'random', step }));

/**
 * One of the actions someone in the cast may take now, fully filled in. Mostly
 * `onward` (no withdrawal, rejection or correction) so that runs reach the joins and
 * the far end of each process, not just its first exits.
 */
const guidedStepArb: fc.Arbitrary<GuidedStep> = fc
  .record({ pick: fc.nat(), onward: fc.nat(9).map((n) => n < 8) })
  .map(({ pick, onward }) => ({ kind: 'guided', pick, onward }));
const SIDE_EXITS = ['withdraw', 'reject', 'request_correction'];

function materialise(def: ProcessDefinition, state: CaseState, s: RandomStep | GuidedStep): Step {
  if (s.kind === 'random') return s.step;
  const all = CAST.flatMap((actor) => availableActions(def, state, actor).map((a) => ({ actor, a })));
  const onward = all.filter((o) => !SIDE_EXITS.includes(o.a.action));
  const options = s.onward && onward.length > 0 ? onward : all;
  if (options.length === 0) return { action: 'withdraw', actor: applicant };
  const { actor, a } = options[s.pick % options.length]!;
  const step: Step = {
    action: a.action,
    actor,
    comment: '同意',
    ...REASON,
    correctionItems: ['身份证复印件'],
    ...RESULT,
  };
  if (a.branch !== undefined) step.branch = a.branch;
  return step;
}

/** The case-level edges, read straight from the definition (independently of the engine). */
function caseEdges(def: ProcessDefinition): Set<string> {
  const edges = new Set<string>();
  const withdrawn = def.states.find((s) => s.terminalOutcome === 'withdrawn')?.code;
  for (const s of def.states) {
    for (const a of s.actions) if (a.next !== '@return') edges.add(`${s.code}>${a.next}`);
    if (s.join) [s.join.next, s.join.onReject].forEach((n) => n && edges.add(`${s.code}>${n}`));
    if (s.kind !== 'terminal' && s.withdrawable !== false && withdrawn) edges.add(`${s.code}>${withdrawn}`);
  }
  return edges;
}

/** (a) and (b): the new state exists, and the step is one the definition allows. */
function expectAllowedStep(def: ProcessDefinition, prev: CaseState, next: CaseState, event: CaseEvent): void {
  const to = stateOf(def, next.state);
  expect(next.outcome).toBe(to.kind === 'terminal' ? to.terminalOutcome : undefined);
  const from = stateOf(def, prev.state);
  expect(from.kind).not.toBe('terminal');

  if (from.kind === 'parallel' && event.action !== 'withdraw') {
    expectBranchStep(from, prev, next, event);
  } else if (event.action === 'resubmit') {
    expect(next.state).toBe(prev.correction?.returnTo);
  } else {
    expect(caseEdges(def).has(`${prev.state}>${next.state}`)).toBe(true);
  }
  if (event.action === 'request_correction')
    expect(next.correction).toEqual({ items: event.correctionItems, returnTo: prev.state });
  else expect(next.correction).toBeUndefined();

  for (const [code, b] of Object.entries(next.branches ?? {})) {
    const branchDef = to.branches?.find((bd) => bd.code === code);
    expect(branchDef?.states.some((bs) => bs.code === b.state)).toBe(true);
  }
}

/**
 * One branch moves along one of its edges; a branch waiting for others starts once they are
 * all done (or ends refused when one whose result it needs was refused); the join fires
 * exactly when all are done.
 */
function expectBranchStep(from: StateDef, prev: CaseState, next: CaseState, event: CaseEvent): void {
  const branchDef = from.branches!.find((b) => b.code === event.branch)!;
  const before = prev.branches![branchDef.code]!;
  expect(before.done).toBe(false);
  expect(before.waiting).toBeUndefined();
  const action = branchDef.states.find((s) => s.code === before.state)!.actions.find((a) => a.code === event.action)!;
  const target = branchDef.states.find((s) => s.code === action.next)!;
  const expected: Record<string, { done: boolean; outcome?: string; waiting?: boolean }> = Object.fromEntries(
    Object.entries(prev.branches!).map(([code, b]) => [
      code,
      code === branchDef.code ? { done: target.kind === 'terminal', outcome: target.terminalOutcome } : b,
    ]),
  );
  for (let moved = true; moved;) {
    moved = false;
    for (const b of from.branches!) {
      const prereqs = [...(b.after ?? []), ...(b.needsResultOf ?? [])];
      if (!expected[b.code]!.waiting || !prereqs.every((p) => expected[p]!.done)) continue;
      const refused = (b.needsResultOf ?? []).some((p) => expected[p]!.outcome === 'rejected');
      expected[b.code] = refused ? { done: true, outcome: 'rejected' } : { done: false };
      moved = true;
    }
  }
  const all = Object.values(expected);
  if (!all.every((b) => b.done)) {
    expect(next.state).toBe(prev.state);
    for (const [code, b] of Object.entries(expected)) {
      const got = next.branches![code]!;
      expect(got.done, code).toBe(b.done);
      expect(got.waiting, code).toBe(b.waiting);
      if (code === branchDef.code) expect(got.state).toBe(target.code);
      if (b.outcome) expect(got.outcome, code).toBe(b.outcome);
    }
    return;
  }
  const rejected = all.some((b) => b.outcome === 'rejected');
  expect(next.state).toBe(rejected && from.join!.onReject ? from.join!.onReject : from.join!.next);
}

describe('properties', () => {
  for (const def of EXAMPLE_PROCESSES) {
    it(`${def.code}: random commands keep the case inside its definition, and replay is deterministic`, () => {
      const stepArb = fc.oneof({ arbitrary: guidedStepArb, weight: 3 }, { arbitrary: randomStepArb(def), weight: 2 });
      fc.assert(
        fc.property(fc.array(stepArb, { maxLength: 40 }), (steps) => {
          const events: CaseEvent[] = [];
          let state = initialState(def);
          steps.forEach((s, i) => {
            const step = materialise(def, state, s);
            const at = new Date(Date.UTC(2025, 0, 1, 0, i)).toISOString();
            const decision = decide(def, events, { ...step, at });
            const closed = stateOf(def, state.state).kind === 'terminal';
            // (c) a terminal state is never left.
            if (closed) expect(decision).toEqual({ ok: false, reason: 'CASE_CLOSED' });
            expectConsistentWithOffer(def, state, step, decision);
            if (!decision.ok) return;
            const event: CaseEvent = { ...decision.event, seq: events.length + 1, at };
            expectAllowedStep(def, state, decision.next, event);
            events.push(event);
            state = decision.next;
          });
          // (d) replay determinism: the history alone gives the same state, in any storage order.
          expect(deriveState(def, events)).toEqual(state);
          expect(deriveState(def, [...events].reverse())).toEqual(state);
          expect(state.history.map((h) => h.seq)).toEqual(events.map((e) => e.seq));
        }),
        { numRuns: 300 },
      );
    });
  }
});

/** `availableActions` and `decide` agree: offered ⇒ accepted unless payload is missing; accepted ⇒ offered. */
function expectConsistentWithOffer(def: ProcessDefinition, state: CaseState, step: Step, decision: Decision): void {
  const parallel = stateOf(def, state.state).kind === 'parallel';
  const matches = (a: { action: string; branch?: string }) =>
    step.action === 'withdraw'
      ? a.action === 'withdraw'
      : a.action === step.action &&
        (parallel ? a.branch === step.branch : a.branch === undefined && step.branch === undefined);
  const offered = availableActions(def, state, step.actor).some(matches);
  if (decision.ok) expect(offered).toBe(true);
  if (offered && !decision.ok) expect(decision.reason).toMatch(/^MISSING_/);
}
