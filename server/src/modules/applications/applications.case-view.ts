/**
 * Reading one case: who may see it (the applicant, or staff of its departments in its region;
 * anyone else is answered as for a case that does not exist), the case as that viewer sees it
 * (progress in plain words, history, department parts, the buttons they may press), and its
 * materials. A staff member opening the filing is recorded in the applicant's "who read my data".
 */
import { requirePrincipal, type Principal, type RequestOrigin } from '../../platform/auth.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { recordPersonalDataAccess } from '../../platform/pii.ts';
import { FORM_CONTEXT, type Context } from './applications.context.ts';
import type { Evidence } from './applications.evidence.ts';
import { actorOn, caseNotFound, policy, type Access } from './applications.policy.ts';
import type { Progress } from './applications.progress.ts';
import { resultFileViews } from './applications.views.ts';
import { resubmissionsOf } from './applications.changes.ts';
import * as repo from './applications.repository.ts';
import type { CaseViewT } from './applications.schemas.ts';
import {
  flags,
  iso,
  MAIN_LINE,
  materialView,
  partsOf,
  statusOf,
  summaryOf,
  toCaseEvent,
} from './applications.views.ts';
import { handledBy, headline } from './plain-words.ts';
import {
  findBranch,
  findState,
  prerequisitesOf,
  type BranchDef,
  type LocalText,
  type ProcessDefinition,
} from './workflow/definition.ts';
import { availableActions, deriveState, type CaseState } from './workflow/engine.ts';

/** History and open work just written: the view need not read them back. */
export interface Known {
  events: repo.EventRow[];
  work: repo.WorkItemRow[];
  /** The evidence, when just written (a filing's). */
  evidence?: readonly repo.EvidenceRow[];
}

export class CaseViews {
  private readonly c: Context;
  private readonly progress: Progress;
  private readonly evidence: Evidence;

  constructor(context: Context, progress: Progress, evidence: Evidence) {
    this.c = context;
    this.progress = progress;
    this.evidence = evidence;
  }

  /** The case and how `p` may see it. Signed in first; then a case one may not see answers like one that does not exist. */
  async visible(p: Principal | null, id: string): Promise<{ row: repo.CaseRow; access: Access }> {
    requirePrincipal(p);
    const row = await this.row(id);
    return { row, access: policy.read(p, row) };
  }

  /**
   * Whether `p` may see the case (its applicant, whoever acts for its enterprise, or staff of
   * its departments): another module's document about a case (the window's receipt) follows it.
   */
  async mayRead(p: Principal | null, id: string): Promise<boolean> {
    const row = p ? await repo.caseById(this.c.db, id) : undefined;
    if (!row) return false;
    try {
      policy.read(p, row);
      return true;
    } catch (err) {
      if (err instanceof AppError && err.status === 404) return false;
      throw err;
    }
  }

  /** The case row as it is now. */
  async row(id: string): Promise<repo.CaseRow> {
    const row = await repo.caseById(this.c.db, id);
    if (!row) throw caseNotFound();
    return row;
  }

  async get(p: Principal | null, id: string, origin: RequestOrigin): Promise<CaseViewT> {
    const { row, access } = await this.visible(p, id);
    if (access.as === 'staff') await this.recordStaffRead(row, access, ['form', 'materials', 'evidence'], origin);
    return this.view(row, access);
  }

  async material(p: Principal | null, id: string, code: string, origin: RequestOrigin) {
    const { row, access } = await this.visible(p, id);
    const m = row.materials.find((x) => x.code === code);
    if (!m) throw notFound('MATERIAL_NOT_FOUND', 'No such material on this case');
    if (access.as === 'staff') await this.recordStaffRead(row, access, [`material:${code}`], origin);
    return {
      stream: await this.c.deps.blobs.get(m.blobKey),
      mediaType: m.mediaType,
      fileName: m.fileName,
      size: m.size,
    };
  }

  /** A staff member read the applicant's filing: the applicant sees it under "who read my data". */
  private async recordStaffRead(
    row: repo.CaseRow,
    access: Extract<Access, { as: 'staff' }>,
    fields: string[],
    origin: RequestOrigin,
  ) {
    if (!row.applicant_subject_index) return;
    const names = await this.c.deps.org.departmentNames();
    const department = access.posts[0]!.departmentCode!;
    // The read carries what X-Road's headers carry: the department, the case, and the item's legal basis.
    const item = row.item_code ? await this.c.deps.catalog.resolveItem(row.item_code, row.item_version) : null;
    await recordPersonalDataAccess(
      this.c.p.db,
      {
        subjectIndex: row.applicant_subject_index,
        accessorId: access.principal.accountId,
        accessorName: access.principal.displayName,
        organisation: names.get(department)?.zh ?? department,
        purpose: `办理“${row.title_zh}”`,
        fields,
        resourceType: 'case',
        resourceId: row.id,
        requestId: origin.requestId,
        departmentCode: department,
        caseNumber: row.case_number,
        legalBasis: item?.data.legalBasis.join('；') || null,
      },
      this.c.p.clock.now(),
    );
  }

  /**
   * Where a case stands, in plain words (the parts a case view and a look-up without signing
   * in share): status, stage, the headline, who has it, the case's summary fields.
   */
  async progressOf(
    row: repo.CaseRow,
    reader: 'applicant' | 'staff',
    known?: Known,
  ): Promise<{
    def: ProcessDefinition;
    events: repo.EventRow[];
    work: repo.WorkItemRow[];
    state: CaseState;
    summary: ReturnType<typeof summaryOf>;
    handledBy: LocalText | null;
    now: Date;
  }> {
    const def = await this.progress.definition(row.process_key);
    const events = known?.events ?? (await repo.eventsOf(this.c.db, row.id));
    const state = deriveState(def, events.map(toCaseEvent));
    const work = known?.work ?? (await repo.workItemsOf(this.c.db, row.id));
    const names = await this.c.deps.org.departmentNames();
    const now = this.c.p.clock.now();
    const current = findState(def, state.state);
    const stateName = current?.name ?? { zh: row.state, en: row.state };
    const status = statusOf(state);
    const rejectEvent = rejectionOf(state, events);
    const mainLine = work.find((w) => w.branch === MAIN_LINE);
    const department = names.get(row.department_code) ?? { zh: row.department_code, en: row.department_code };
    const words = headline({
      status,
      state: state.state,
      stateName,
      department,
      ...partsOf(def, state),
      ...(state.correction ? { correctionItems: state.correction.items.length } : {}),
      ...(rejectEvent?.data.reason ? { rejectionReason: rejectEvent.data.reason } : {}),
    });
    return {
      def,
      events,
      work,
      state,
      summary: summaryOf(row, status, state.state, stateName, department, words, {
        now,
        timeZone: this.c.deps.timeZone,
      }),
      handledBy: handledBy(status, department, stateName, mainLine?.claimed_by_name ?? null, reader),
      now,
    };
  }

  /** The case for `access`; `known` history and work items (just written) save reading them back. */
  async view(row: repo.CaseRow, access: Access, known?: Known): Promise<CaseViewT> {
    const { def, events, work, state, summary, handledBy, now } = await this.progressOf(
      row,
      access.as === 'staff' ? 'staff' : 'applicant',
      known,
    );
    const status = summary.status;
    const rejectEvent = rejectionOf(state, events);
    const resultEvent = [...events].reverse().find((e) => e.data.result && e.branch === null);
    const form = JSON.parse(this.c.p.protector.open(row.form_sealed, FORM_CONTEXT)) as Record<string, unknown>;
    return {
      ...summary,
      itemCode: row.item_code,
      itemVersion: row.item_version,
      bundleCode: row.bundle_code,
      channel: row.channel,
      items: row.items,
      processCode: def.code,
      handledBy,
      seq: row.seq,
      deadlineAt: iso(row.deadline_at),
      ...flags(status === 'in_progress' ? row.deadline_at : null, now),
      outcome: state.outcome ?? null,
      result: resultEvent?.data.result ?? null,
      resultFiles: resultFileViews(events),
      rejection: rejectEvent
        ? { reason: rejectEvent.data.reason!, legalBasis: rejectEvent.data.legalBasis ?? '' }
        : null,
      correction: state.correction ? { items: state.correction.items } : null,
      branches: branchViews(def, state, events, work),
      form,
      materials: row.materials.map(materialView),
      evidence: await this.evidence.viewsOf(row.id, access.as === 'staff', known?.evidence),
      history: events.map((e) => historyEntry(def, e)),
      resubmissions:
        access.as === 'staff' && events.some((e) => e.action === 'resubmit')
          ? resubmissionsOf(this.c.p.protector, await repo.versionsOf(this.c.db, row.id), events, {
              form,
              materials: row.materials,
            })
          : [],
      ...buttons(def, state, row, access, work),
    };
  }
}

/** The history row that refused the case, when it was refused. */
const rejectionOf = (state: CaseState, events: repo.EventRow[]) =>
  state.outcome === 'rejected' ? [...events].reverse().find((e) => e.data.reason) : undefined;

/** What the viewer may do: per department they work in, the actions of the lines it owns; the lines to claim or release. */
function buttons(
  def: ProcessDefinition,
  state: CaseState,
  row: repo.CaseRow,
  access: Access,
  work: repo.WorkItemRow[],
): Pick<CaseViewT, 'actions' | 'claimable' | 'releasable'> {
  const current = findState(def, state.state);
  const actions: CaseViewT['actions'] = [];
  const departments = access.as === 'applicant' ? [null] : [...new Set(access.posts.map((p) => p.departmentCode!))];
  for (const d of departments) {
    const actor = actorOn(access, row.region_code, d ?? row.department_code);
    if (!actor) continue;
    for (const a of availableActions(def, state, actor)) {
      const owner = a.branch ? findBranch(current!, a.branch)?.departmentCode : row.department_code;
      if (access.as === 'staff' && owner !== d) continue;
      actions.push({ action: a.action, name: a.name, branch: a.branch ?? null, requires: a.requires });
    }
  }
  const claimable: (string | null)[] = [];
  const releasable: (string | null)[] = [];
  if (access.as === 'staff') {
    for (const w of work) {
      const actor = actorOn(access, row.region_code, w.department_code);
      if (!actor || !w.roles.some((r) => actor.roles.includes(r))) continue;
      if (w.claimed_by === null) claimable.push(w.branch || null);
      else if (w.claimed_by === access.principal.accountId) releasable.push(w.branch || null);
    }
  }
  return { actions, claimable, releasable };
}

export function actionName(def: ProcessDefinition, e: repo.EventRow): LocalText {
  if (e.action === 'withdraw') return { zh: '撤回申请', en: 'Withdraw' };
  const from = findState(def, e.from_state);
  const branch = e.branch ? from?.branches?.find((b) => b.code === e.branch) : undefined;
  const actions = branch
    ? (branch.states.find((s) => s.code === e.data.branchFrom)?.actions ?? [])
    : (from?.actions ?? []);
  return actions.find((a) => a.code === e.action)?.name ?? { zh: e.action, en: e.action };
}

function historyEntry(def: ProcessDefinition, e: repo.EventRow): CaseViewT['history'][number] {
  const name = (code: string): LocalText => findState(def, code)?.name ?? { zh: code, en: code };
  // A department's step inside a parallel state moves its branch: name the branch's states.
  const branch = e.branch ? findState(def, e.from_state)?.branches?.find((b) => b.code === e.branch) : undefined;
  if (branch && e.data.branchFrom && e.data.branchTo) {
    const inBranch = (code: string): LocalText => {
      const s = branch.states.find((x) => x.code === code)?.name ?? { zh: code, en: code };
      return { zh: `${branch.name.zh}：${s.zh}`, en: `${branch.name.en}: ${s.en}` };
    };
    return {
      ...historyEntry(def, { ...e, branch: null }),
      actionName: actionName(def, e),
      branch: e.branch,
      from: e.data.branchFrom,
      fromName: inBranch(e.data.branchFrom),
      to: e.data.branchTo,
      toName: inBranch(e.data.branchTo),
    };
  }
  const { comment = null, reason = null, legalBasis = null, correctionItems = null, result = null } = e.data;
  return {
    seq: e.seq,
    at: e.at.toISOString(),
    action: e.action,
    actionName: actionName(def, e),
    actorName: e.actor_name,
    actorOrganisation: e.actor_organisation,
    branch: e.branch,
    from: e.from_state,
    fromName: name(e.from_state),
    to: e.to_state,
    toName: name(e.to_state),
    comment,
    reason,
    legalBasis,
    correctionItems,
    result,
  };
}

/**
 * Each department's part of a parallel state (joint review, a bundle): where it stands now or,
 * once the parts have joined, how each ended and with what result (one combined result). A
 * part may wait for others (出生登记 for 出生医学证明), or have ended refused without acting
 * because a part whose result it needs was refused.
 */
function branchViews(
  def: ProcessDefinition,
  state: CaseState,
  events: repo.EventRow[],
  work: repo.WorkItemRow[],
): CaseViewT['branches'] {
  const current = findState(def, state.state);
  const parallel =
    current?.kind === 'parallel'
      ? current
      : def.states.find((s) => s.kind === 'parallel' && events.some((e) => e.from_state === s.code));
  if (!parallel) return [];
  const branches = parallel.branches ?? [];
  const joined = parallel !== current;
  const nameOf = (code: string) => branches.find((x) => x.code === code)?.name ?? { zh: code, en: code };
  const names = (codes: string[]): LocalText => ({
    zh: codes.map((c) => `“${nameOf(c).zh}”`).join('、'),
    en: codes.map((c) => nameOf(c).en).join('; '),
  });
  const lastOf = (code: string) => events.filter((e) => e.branch === code && e.from_state === parallel.code).at(-1);
  const endedRefused = (b: BranchDef): boolean => {
    const to = lastOf(b.code)?.data.branchTo;
    return to ? b.states.find((x) => x.code === to)?.terminalOutcome === 'rejected' : refusedFor(b).length > 0;
  };
  /** The parts whose refusal ended `b` without it acting (read from the history once the parts have joined). */
  const refusedFor = (b: BranchDef): string[] => {
    if (!joined) return state.branches?.[b.code]?.refusedFor ?? [];
    if (lastOf(b.code)) return [];
    return (b.needsResultOf ?? []).filter((p) => {
      const other = branches.find((x) => x.code === p);
      return other !== undefined && endedRefused(other);
    });
  };
  return branches.map((b) => {
    const last = lastOf(b.code);
    const live = joined ? undefined : state.branches?.[b.code];
    const refusedBy = refusedFor(b);
    const refusal = b.states.find((x) => x.kind === 'terminal' && x.terminalOutcome === 'rejected');
    const code = refusedBy.length > 0 && refusal ? refusal.code : (live?.state ?? last?.data.branchTo ?? b.start);
    const stateDef = b.states.find((s) => s.code === code);
    const w = work.find((x) => x.branch === b.code);
    const waitingFor = live?.waiting ? prerequisitesOf(b).filter((p) => !state.branches?.[p]?.done) : [];
    const stateName: LocalText =
      waitingFor.length > 0
        ? { zh: `等待${names(waitingFor).zh}办结后办理`, en: `Waits for ${names(waitingFor).en}` }
        : refusedBy.length > 0
          ? { zh: `无法办理：${names(refusedBy).zh}未予办理`, en: `Not possible: ${names(refusedBy).en} was refused` }
          : (stateDef?.name ?? { zh: code, en: code });
    return {
      code: b.code,
      name: b.name,
      departmentCode: b.departmentCode,
      state: code,
      stateName,
      done: stateDef?.kind === 'terminal',
      outcome: stateDef?.terminalOutcome ?? null,
      waitingFor,
      deadlineAt: iso(w?.deadline_at ?? null),
      claimedBy: w?.claimed_by ? { id: w.claimed_by, name: w.claimed_by_name ?? '' } : null,
      result: last?.data.result ?? null,
      rejection: last?.data.reason ? { reason: last.data.reason, legalBasis: last.data.legalBasis ?? '' } : null,
    };
  });
}
