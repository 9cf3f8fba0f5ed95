/**
 * Handling a case: workflow actions (accept, request a correction 补正, resubmit, review,
 * decide, complete, reject, withdraw, a department's step in a parallel state), claims on
 * its lines of work, and the deadline that passes when a line is not done in time.
 *
 * An action sends the `seq` its actor saw: a different one is CASE_CONFLICT at once, and two
 * racing actions serialise on the case row's lock, so exactly one wins. The engine decides
 * on the derived state; the history row stores the action's details as the engine's event
 * holds them.
 */
import { systemActor } from '../../platform/audit.ts';
import { principalActor, type Principal, type RequestOrigin } from '../../platform/auth.ts';
import { deadlineFor } from '../../platform/calendar.ts';
import { command } from '../../platform/context.ts';
import { AppError, badRequest, conflict } from '../../platform/errors.ts';
import type { Job } from '../../platform/jobs.ts';
import type { CaseViews } from './applications.case-view.ts';
import { FORM_CONTEXT, inTx, type Context } from './applications.context.ts';
import { CASE_OVERDUE } from './applications.events.ts';
import { actorOn } from './applications.policy.ts';
import type { DeadlineJob, Progress } from './applications.progress.ts';
import * as repo from './applications.repository.ts';
import type { ActionBodyT, CaseViewT } from './applications.schemas.ts';
import type { EventData, StoredMaterial } from './applications.tables.ts';
import type { Results } from './applications.results.ts';
import type { Targets } from './applications.targets.ts';
import { MAIN_LINE, statusOf, toCaseEvent } from './applications.views.ts';
import { APPLICANT, findBranch, findState } from './workflow/definition.ts';
import { actionDetails, availableActions, decideOn, deriveState } from './workflow/engine.ts';

const refused = (reason: string, message: string) =>
  new AppError(422, 'ACTION_REFUSED', message, { details: [{ path: '/action', code: reason, message }] });
/** A missing permission is not a refused input: 403 with a code of its own (the engine's reason in the details). */
const roleRequired = (message: string) =>
  new AppError(403, 'ROLE_REQUIRED', message, { details: [{ path: '/action', code: 'ROLE_NOT_ALLOWED', message }] });
const caseConflict = () => conflict('CASE_CONFLICT', 'Someone else acted on this case first; reload it and try again');

/** What a resubmission (补正) brings: a corrected form, corrected materials, or both. */
interface Resubmission {
  form?: Record<string, unknown>;
  materials?: StoredMaterial[];
}

export class Handling {
  private readonly c: Context;
  private readonly targets: Targets;
  private readonly progress: Progress;
  private readonly views: CaseViews;
  private readonly results: Results;

  constructor(context: Context, targets: Targets, progress: Progress, views: CaseViews, results: Results) {
    this.c = context;
    this.targets = targets;
    this.progress = progress;
    this.views = views;
    this.results = results;
  }

  async act(p: Principal | null, id: string, body: ActionBodyT, origin: RequestOrigin): Promise<CaseViewT> {
    const { row, access } = await this.views.visible(p, id);
    if (body.expectedSeq !== row.seq) throw caseConflict();
    const def = await this.progress.definition(row.process_key);
    const events = await repo.eventsOf(this.c.db, id);
    const state = deriveState(def, events.map(toCaseEvent));
    const current = findState(def, state.state);
    const branch = current?.kind === 'parallel' ? findBranch(current, body.branch ?? '') : undefined;
    if (current?.kind === 'parallel' && body.action !== 'withdraw' && !branch)
      throw refused('BRANCH_UNKNOWN', 'Say which department part (branch) this action is for');
    const lineDepartment = branch ? branch.departmentCode : row.department_code;
    const actor = actorOn(access, row.region_code, lineDepartment);
    if (!actor) throw roleRequired('You hold no role for this step in its department');
    const decision = decideOn(def, state, {
      ...actionDetails(body),
      action: body.action,
      ...(branch ? { branch: branch.code } : {}),
      actor,
      at: this.c.p.clock.now().toISOString(),
    });
    if (!decision.ok) {
      if (decision.reason === 'ROLE_NOT_ALLOWED') throw roleRequired('Your role may not take this action at this step');
      throw refused(decision.reason, `The action is refused: ${decision.reason}`);
    }
    // The payment gate (payments module): no acceptance, and no result released, while a fee is unpaid.
    const due = await this.c.hooks.feeGate?.outstanding({ caseId: id, items: row.items }, body.action);
    if (due)
      throw refused(
        'FEE_UNPAID',
        `The fee of ¥${(due.amountFen / 100).toFixed(2)} is not paid yet: the case cannot be ${body.action === 'accept' ? 'accepted' : 'completed'} until it is`,
      );

    // A line claimed by someone else is theirs to act on.
    const work = await repo.workItemsOf(this.c.db, id);
    const held = work.find((w) => w.branch === (branch ? branch.code : MAIN_LINE));
    if (access.as === 'staff' && held?.claimed_by && held.claimed_by !== access.principal.accountId) {
      throw conflict('CASE_CLAIMED', `${held.claimed_by_name ?? 'Someone'} has claimed this case`);
    }
    const resubmission = await this.resubmission(row, access.principal, body);
    const givesResult = availableActions(def, state, actor).some(
      (a) => a.action === body.action && (a.branch ?? null) === (branch?.code ?? null) && a.requires.includes('result'),
    );
    const resultFiles = await this.results.attached(access.principal, body, givesResult);

    // Read before the transaction (PGlite has one connection: a read outside it would wait for it).
    const names = await this.c.deps.org.departmentNames();
    const promised = body.action === 'resubmit' ? await this.targets.promised(row.items, row.bundle_code) : null;
    const written = await this.progress.changingWork(() =>
      command(this.c.p, principalActor(access.principal, origin), async (w) => {
        const next = decision.next;
        const updated: repo.CaseRow = {
          ...row,
          seq: row.seq + 1,
          state: next.state,
          status: statusOf(next),
          updated_at: w.now,
          closed_at: next.outcome ? w.now : null,
          ...(body.action === 'resubmit' ? { last_submitted_at: w.now } : {}),
        };
        if (promised) updated.due_at = deadlineFor(w.now, promised);
        if (resubmission.form)
          updated.form_sealed = this.c.p.protector.seal(JSON.stringify(resubmission.form), FORM_CONTEXT);
        if (resubmission.materials) updated.materials = resubmission.materials;
        const { actor: who, branch: eventBranch = null } = decision.event;
        const step = next.history[next.history.length - 1]!;
        const data: EventData = {
          ...(who.departmentCode ? { departmentCode: who.departmentCode } : {}),
          ...actionDetails(decision.event),
          ...(step.branchFrom !== undefined ? { branchFrom: step.branchFrom } : {}),
          ...(step.branchTo !== undefined ? { branchTo: step.branchTo } : {}),
          ...(resubmission.materials
            ? { materials: resubmission.materials.map((m) => ({ code: m.code, sha256: m.sha256 })) }
            : {}),
          ...(resultFiles ? { resultFiles } : {}),
        };
        const event: repo.EventRow = {
          case_id: id,
          seq: updated.seq,
          region_code: row.region_code,
          at: w.now,
          actor_id: access.principal.accountId,
          actor_name: access.as === 'applicant' ? row.applicant_name_masked : access.principal.displayName,
          actor_organisation: access.as === 'applicant' ? APPLICANT : (names.get(lineDepartment)?.zh ?? lineDepartment),
          actor_roles: who.roles,
          is_applicant: who.isApplicant,
          action: body.action,
          branch: eventBranch,
          from_state: step.from,
          to_state: step.to,
          data,
        };
        const moved = await this.progress.advance(
          w,
          row.seq,
          {
            row: updated,
            def,
            state: next,
            previous: work,
            action: body.action,
            branch: eventBranch,
            names,
            audit: {
              action: `applications.case.${body.action}`,
              resourceType: 'case',
              resourceId: id,
              regionCode: row.region_code,
              change: { seq: updated.seq, from: step.from, to: step.to, branch: eventBranch, ...data },
            },
          },
          event,
        );
        if (!moved) throw caseConflict();
        // What the case was before the resubmission: staff see exactly what the applicant changed.
        if (body.action === 'resubmit')
          await repo.insertVersion(inTx(w), {
            case_id: id,
            seq: updated.seq,
            region_code: row.region_code,
            form_sealed: row.form_sealed,
            materials: JSON.stringify(row.materials),
            created_at: w.now,
          });
        return { ...moved, events: [...events, event] };
      }),
    );
    return this.views.view(written.row, access, written);
  }

  /** A resubmission (补正) may bring a corrected form and materials, checked as at filing; nothing else may. */
  private async resubmission(row: repo.CaseRow, applicant: Principal, body: ActionBodyT): Promise<Resubmission> {
    if (body.form === undefined && body.materials === undefined) return {};
    if (body.action !== 'resubmit') {
      throw badRequest('VALIDATION_FAILED', 'A form and materials go only with resubmit', [
        { path: '/form', code: 'not_allowed', message: 'only with resubmit' },
      ]);
    }
    const filed = await this.targets.filed(row.items, row.kind, row.bundle_code);
    const out: Resubmission = {};
    if (body.form !== undefined) out.form = await this.targets.checkedForm(filed, body.form, applicant);
    if (body.materials !== undefined)
      out.materials = await this.targets.checkedMaterials(applicant.accountId, filed, body.materials);
    return out;
  }

  async claim(p: Principal | null, id: string, branch: string | undefined, origin: RequestOrigin): Promise<CaseViewT> {
    const { row, access } = await this.views.visible(p, id);
    if (access.as !== 'staff') throw roleRequired('Only staff claim cases');
    const line = branch ?? MAIN_LINE;
    const item = (await repo.workItemsOf(this.c.db, id)).find((w) => w.branch === line);
    if (!item) throw refused('NOTHING_TO_CLAIM', 'There is no open work on this line of the case');
    const actor = actorOn(access, row.region_code, item.department_code);
    if (!actor || !item.roles.some((r) => actor.roles.includes(r)))
      throw roleRequired('You hold no role for this step');
    const by = { id: access.principal.accountId, name: access.principal.displayName };
    await this.progress.changingWork(() =>
      command(this.c.p, principalActor(access.principal, origin), async (w) => {
        if (!(await repo.claimWorkItem(inTx(w), id, line, by, w.now)))
          throw conflict('CASE_CLAIMED', `${item.claimed_by_name ?? 'Someone'} has claimed this case`);
        await w.audit(claimAudit('applications.case.claimed', row, line));
      }),
    );
    return this.views.view(await this.views.row(id), access);
  }

  async release(
    p: Principal | null,
    id: string,
    branch: string | undefined,
    origin: RequestOrigin,
  ): Promise<CaseViewT> {
    const { row, access } = await this.views.visible(p, id);
    if (access.as !== 'staff') throw roleRequired('Only staff release cases');
    const line = branch ?? MAIN_LINE;
    await this.progress.changingWork(() =>
      command(this.c.p, principalActor(access.principal, origin), async (w) => {
        if (!(await repo.releaseWorkItem(inTx(w), id, line, access.principal.accountId)))
          throw conflict('NOT_CLAIMED_BY_YOU', 'You have not claimed this case');
        await w.audit(claimAudit('applications.case.released', row, line));
      }),
    );
    return this.views.view(await this.views.row(id), access);
  }

  /** A line's time limit passed: tell whoever holds it and the department's supervisors, once. */
  async onDeadline(job: Job<DeadlineJob>): Promise<void> {
    const { caseId, branch, seq } = job.payload;
    const row = await repo.caseById(this.c.db, caseId);
    if (!row || row.seq !== seq) return; // the case moved on: this deadline no longer runs
    const item = (await repo.workItemsOf(this.c.db, caseId)).find((w) => w.branch === branch);
    const deadlineAt = item?.deadline_at;
    if (!item || !deadlineAt || deadlineAt.getTime() > this.c.p.clock.now().getTime()) return;
    const supervisors = await this.c.deps.org.accountsWithRole(
      row.region_code,
      item.department_code,
      item.claimed_by ? ['supervisor'] : ['supervisor', ...item.roles.filter((r) => r !== APPLICANT)],
    );
    const notify = [...new Set([...(item.claimed_by ? [item.claimed_by] : []), ...supervisors])];
    await command(this.c.p, systemActor(), async (w) => {
      await w.audit({
        action: 'applications.case.overdue',
        resourceType: 'case',
        resourceId: caseId,
        regionCode: row.region_code,
        detail: { branch: branch || null, state: item.state, deadlineAt: deadlineAt.toISOString() },
      });
      await w.emit(
        CASE_OVERDUE,
        {
          caseId,
          caseNumber: row.case_number,
          regionCode: row.region_code,
          title: { zh: row.title_zh, en: row.title_en },
          departmentCode: item.department_code,
          branch: branch || null,
          state: item.state,
          deadlineAt: deadlineAt.toISOString(),
          notifyAccountIds: notify,
        },
        row.region_code,
      );
    });
  }
}

const claimAudit = (action: string, row: repo.CaseRow, line: string) => ({
  action,
  resourceType: 'case',
  resourceId: row.id,
  regionCode: row.region_code,
  detail: { branch: line || null },
});
