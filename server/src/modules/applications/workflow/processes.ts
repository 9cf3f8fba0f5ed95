/**
 * Example process definitions, used by the tests and the seed:
 * - `simpleLicence`: one department's licence (许可): accept → review → decide → issue
 *   → completed, with 补正 from accept and review, and rejection at accept or decide.
 * - `jointReview`: 联合审查 by two departments (住建 HUD, 自然资源 NRP) in parallel,
 *   joined before the lead department decides; any objection routes to a rejection.
 * - `birthBundle`: the skeleton of the 出生一件事 life-event bundle: one window accepts,
 *   four departments handle their part in parallel (出生医学证明 HCB, 户口登记 PSB,
 *   医保参保 HSA, 社保卡 HRSS), 户口登记 once the birth certificate is issued (it needs
 *   it), and one combined result is delivered.
 */
import { RETURN_TO_ORIGIN } from './definition.ts';
import type { ActionDef, BranchDef, LocalText, ProcessDefinition, StateDef, TimeLimit } from './definition.ts';

const t = (zh: string, en: string): LocalText => ({ zh, en });
const workingDays = (value: number): TimeLimit => ({ value, unit: 'working_days' });

function action(
  code: string,
  name: LocalText,
  roles: string[],
  next: string,
  requires?: ActionDef['requires'],
): ActionDef {
  return requires ? { code, name, roles, next, requires } : { code, name, roles, next };
}

const requestCorrection = (roles: string[]): ActionDef =>
  action('request_correction', t('一次性告知补正', 'Request correction'), roles, 'correction');

/** 补正中: the case waits for the applicant; `resubmit` returns it where it came from. */
const correctionState: StateDef = {
  code: 'correction',
  name: t('待补正', 'Awaiting correction'),
  kind: 'normal',
  timeLimit: { value: 30, unit: 'natural_days' },
  documentsRequired: true,
  actions: [action('resubmit', t('补正后重新提交', 'Resubmit'), ['applicant'], RETURN_TO_ORIGIN)],
};

const terminals: StateDef[] = [
  { code: 'completed', name: t('已办结', 'Completed'), kind: 'terminal', actions: [], terminalOutcome: 'completed' },
  { code: 'rejected', name: t('不予许可', 'Rejected'), kind: 'terminal', actions: [], terminalOutcome: 'rejected' },
  { code: 'withdrawn', name: t('已撤回', 'Withdrawn'), kind: 'terminal', actions: [], terminalOutcome: 'withdrawn' },
];

const acceptState = (next: string): StateDef => ({
  code: 'accept',
  name: t('待受理', 'Awaiting acceptance'),
  kind: 'normal',
  timeLimit: workingDays(2),
  documentsRequired: true,
  actions: [
    action('accept', t('受理', 'Accept'), ['clerk'], next),
    requestCorrection(['clerk']),
    action('reject', t('不予受理', 'Refuse to accept'), ['clerk'], 'rejected'),
  ],
});

export const simpleLicence: ProcessDefinition = {
  code: 'simple_licence',
  version: 1,
  name: t('一般许可（受理—审核—审批—办结）', 'Simple licence (accept, review, decide, complete)'),
  start: 'accept',
  states: [
    acceptState('review'),
    {
      code: 'review',
      name: t('审核', 'Review'),
      kind: 'normal',
      timeLimit: workingDays(5),
      actions: [
        action('pass', t('审核通过', 'Pass review'), ['reviewer'], 'decide', ['comment']),
        requestCorrection(['reviewer']),
      ],
    },
    {
      code: 'decide',
      name: t('审批', 'Decide'),
      kind: 'normal',
      timeLimit: workingDays(3),
      actions: [
        action('approve', t('准予许可', 'Approve'), ['approver'], 'issue', ['comment']),
        action('reject', t('不予许可', 'Reject'), ['approver'], 'rejected'),
      ],
    },
    {
      code: 'issue',
      name: t('制证送达', 'Issue and deliver'),
      kind: 'normal',
      timeLimit: workingDays(2),
      withdrawable: false,
      actions: [action('complete', t('办结', 'Complete'), ['clerk'], 'completed')],
    },
    correctionState,
    ...terminals,
  ],
};

/** A department's review inside a joint review: approve or object (with the legal basis). */
function reviewBranch(code: string, name: LocalText, days: number): BranchDef {
  return {
    code,
    name,
    departmentCode: code,
    start: 'review',
    states: [
      {
        code: 'review',
        name: t('部门审查', 'Department review'),
        kind: 'normal',
        timeLimit: workingDays(days),
        actions: [
          action('approve', t('同意', 'Approve'), ['reviewer', 'approver'], 'approved', ['comment']),
          action('reject', t('不同意', 'Object'), ['reviewer', 'approver'], 'rejected'),
        ],
      },
      { code: 'approved', name: t('已同意', 'Approved'), kind: 'terminal', actions: [], terminalOutcome: 'approved' },
      { code: 'rejected', name: t('不同意', 'Objected'), kind: 'terminal', actions: [], terminalOutcome: 'rejected' },
    ],
  };
}

export const jointReview: ProcessDefinition = {
  code: 'joint_review',
  version: 1,
  name: t('多部门联合审查', 'Joint review by several departments'),
  start: 'accept',
  states: [
    acceptState('joint_review'),
    {
      code: 'joint_review',
      name: t('联合审查', 'Joint review'),
      kind: 'parallel',
      timeLimit: workingDays(10),
      actions: [],
      branches: [
        reviewBranch('HUD', t('住房和城乡建设局', 'Housing and Urban-Rural Development'), 7),
        reviewBranch('NRP', t('自然资源和规划局', 'Natural Resources and Planning'), 7),
      ],
      join: { next: 'decide', onReject: 'objection' },
    },
    {
      code: 'decide',
      name: t('审批', 'Decide'),
      kind: 'normal',
      timeLimit: workingDays(3),
      actions: [
        action('complete', t('准予许可并办结', 'Approve and complete'), ['approver'], 'completed'),
        action('reject', t('不予许可', 'Reject'), ['approver'], 'rejected'),
      ],
    },
    {
      code: 'objection',
      name: t('部门不同意，出具不予许可决定', 'A department objected: issue the refusal'),
      kind: 'normal',
      timeLimit: workingDays(3),
      withdrawable: false,
      actions: [action('reject', t('不予许可', 'Reject'), ['approver'], 'rejected')],
    },
    correctionState,
    ...terminals,
  ],
};

/** One department's part of a bundle: handle it (办结) or refuse it (with the legal basis); after others, if it must wait. */
function bundleBranch(part: BundlePart): BranchDef {
  const { departmentCode: code, name, days } = part;
  return {
    code,
    name,
    departmentCode: code,
    ...(part.after?.length ? { after: part.after } : {}),
    ...(part.needsResultOf?.length ? { needsResultOf: part.needsResultOf } : {}),
    start: 'handle',
    states: [
      {
        code: 'handle',
        name: t('部门办理', 'Department handling'),
        kind: 'normal',
        timeLimit: workingDays(days),
        actions: [
          action('complete', t('办结', 'Complete'), ['clerk', 'reviewer', 'approver'], 'done'),
          action('reject', t('不予办理', 'Refuse'), ['reviewer', 'approver'], 'refused'),
        ],
      },
      { code: 'done', name: t('已办结', 'Done'), kind: 'terminal', actions: [], terminalOutcome: 'approved' },
      { code: 'refused', name: t('不予办理', 'Refused'), kind: 'terminal', actions: [], terminalOutcome: 'rejected' },
    ],
  };
}

/** One department's part of a life-event bundle (一件事). */
export interface BundlePart {
  departmentCode: string;
  name: LocalText;
  /** The part's time limit in working days. */
  days: number;
  /** Parts (department codes) that must finish before this one starts. */
  after?: string[];
  /** Parts whose result this one needs: it starts after them, and cannot be done when one is refused. */
  needsResultOf?: string[];
}

/** The working days of the longest chain of parts, each waiting for those before it (all of them in parallel: the longest part). */
export function criticalPath(parts: readonly BundlePart[]): number {
  const byCode = new Map(parts.map((p) => [p.departmentCode, p]));
  const memo = new Map<string, number>();
  const finish = (p: BundlePart, seen: ReadonlySet<string>): number => {
    const known = memo.get(p.departmentCode);
    if (known !== undefined) return known;
    const before = [...new Set([...(p.after ?? []), ...(p.needsResultOf ?? [])])]
      .map((c) => byCode.get(c))
      .filter((q): q is BundlePart => q !== undefined && !seen.has(q.departmentCode));
    const days = p.days + Math.max(0, ...before.map((q) => finish(q, new Set([...seen, p.departmentCode]))));
    memo.set(p.departmentCode, days);
    return days;
  };
  return Math.max(1, ...parts.map((p) => finish(p, new Set())));
}

/**
 * A life-event bundle's process: the comprehensive window (综合窗口) accepts once, each
 * department handles its part in parallel, and one combined result is delivered, even
 * when a part was refused (the refusal and its legal basis are part of the result).
 */
export function bundleProcess(code: string, name: LocalText, parts: BundlePart[], version = 1): ProcessDefinition {
  const longest = criticalPath(parts);
  return {
    code,
    version,
    name,
    start: 'accept',
    states: [
      acceptState('departments'),
      {
        code: 'departments',
        name: t('并联办理', 'Handled by each department in parallel'),
        kind: 'parallel',
        timeLimit: workingDays(longest),
        actions: [],
        branches: parts.map(bundleBranch),
        join: { next: 'deliver' },
      },
      {
        code: 'deliver',
        name: t('统一出件', 'Deliver the combined result'),
        kind: 'normal',
        timeLimit: workingDays(1),
        withdrawable: false,
        actions: [action('complete', t('办结', 'Complete'), ['clerk'], 'completed')],
      },
      correctionState,
      ...terminals,
    ],
  };
}

export const birthBundle: ProcessDefinition = bundleProcess(
  'birth_bundle',
  t('出生一件事', 'Birth of a child (life-event bundle)'),
  [
    { departmentCode: 'HCB', name: t('出生医学证明（卫生健康委）', 'Birth certificate (Health Commission)'), days: 2 },
    {
      departmentCode: 'PSB',
      name: t('户口登记（公安局）', 'Household registration (Public Security)'),
      days: 3,
      needsResultOf: ['HCB'],
    },
    {
      departmentCode: 'HSA',
      name: t('医保参保登记（医疗保障局）', 'Medical insurance (Healthcare Security)'),
      days: 3,
    },
    {
      departmentCode: 'HRSS',
      name: t('社会保障卡（人力资源和社会保障局）', 'Social security card (Human Resources and Social Security)'),
      days: 5,
    },
  ],
);

export const EXAMPLE_PROCESSES: readonly ProcessDefinition[] = [simpleLicence, jointReview, birthBundle];
