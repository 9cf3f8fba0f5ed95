/**
 * Results: the inspectors of a task enter them (findings, photos uploaded through the
 * platform's upload facility, a rectification order); they are published on the enterprise's
 * public credit record (信用记录) at once, well within the 20 working days the rules allow,
 * and move its credit grade, which weights its next draw. The enterprise sees and answers them.
 */
import type { Principal, RequestOrigin } from '../../platform/auth.ts';
import { principalActor } from '../../platform/auth.ts';
import { deadlineFor } from '../../platform/calendar.ts';
import { command } from '../../platform/context.ts';
import { scoped } from '../../platform/db.ts';
import { AppError, conflict, notFound } from '../../platform/errors.ts';
import type { InspectionsContext } from './inspections.context.ts';
import { policy } from './inspections.policy.ts';
import * as repo from './inspections.repository.ts';
import type { CreditGrade, InspectionsTables, Outcome } from './inspections.tables.ts';
import { taskView } from './inspections.views.ts';

export interface ResultInput {
  outcome: Outcome;
  findings: string;
  rectification?: string | undefined;
  rectifyBy?: string | undefined;
  photoIds: string[];
}

const taskNotFound = () => notFound('INSPECTION_TASK_NOT_FOUND', 'No such inspection task');
const notQualified = () => new AppError(403, 'INSPECTOR_NOT_QUALIFIED', 'No inspector qualification');

/** The grade after a result: a pass moves one step up, issues down to C at best, a serious finding to D. */
export function nextGrade(current: CreditGrade, outcome: Outcome): CreditGrade {
  if (outcome === 'serious') return 'D';
  if (outcome === 'issues') return current === 'D' ? 'D' : 'C';
  return ({ A: 'A', B: 'A', C: 'B', D: 'C' } as const)[current];
}

export class Results {
  private readonly c: InspectionsContext;
  constructor(c: InspectionsContext) {
    this.c = c;
  }

  private async names(usccs: string[]): Promise<Map<string, string>> {
    if (usccs.length === 0) return new Map();
    const rows = await this.c.db
      .selectFrom('inspections.entities')
      .select(['uscc', 'name'])
      .where('uscc', 'in', [...new Set(usccs)])
      .execute();
    return new Map(rows.map((r) => [r.uscc, r.name]));
  }

  private async inspector(p: Principal | null) {
    const principal = policy.staff(p);
    const inspector = await repo.inspectorOfAccount(this.c.db, principal.accountId);
    if (!inspector) throw notQualified();
    return { principal, inspector };
  }

  /** The inspector's own tasks. */
  async myTasks(p: Principal | null) {
    const { inspector } = await this.inspector(p);
    const rows = await repo.tasksOfInspector(this.c.db, inspector.id);
    const names = await this.names(rows.map((r) => r.uscc));
    return {
      inspector: { id: inspector.id, department: inspector.department_code },
      items: rows.map((r) => taskView(r, names)),
    };
  }

  async submit(p: Principal | null, taskId: string, input: ResultInput, origin: RequestOrigin) {
    const { principal, inspector } = await this.inspector(p);
    const task = await repo.taskById(this.c.db, taskId);
    if (!task || !task.inspector_ids.includes(inspector.id)) throw taskNotFound();
    if (task.submitted_at) throw conflict('INSPECTION_RESULT_EXISTS', 'The result has already been entered');
    const photos = [...new Set(input.photoIds)];
    for (const id of photos) {
      const upload = await this.c.deps.uploadOf(principal, id);
      if (!upload || !upload.mediaType.startsWith('image/'))
        throw new AppError(422, 'INSPECTION_PHOTO_INVALID', 'A photo is not an image you uploaded');
    }
    // Read before the transaction: on PGlite's one connection a read outside it would wait for it.
    const names = await this.names([task.uscc]);
    return command(this.c.p, principalActor(principal, origin), async (w) => {
      const db = scoped<InspectionsTables>(w.tx);
      const updated = await db
        .updateTable('inspections.tasks')
        .set({
          outcome: input.outcome,
          findings: input.findings,
          rectification: input.rectification ?? null,
          rectify_by: input.rectifyBy ?? null,
          photo_ids: photos,
          submitted_by: principal.accountId,
          submitted_at: w.now,
          publish_by: deadlineFor(w.now, { value: 20, unit: 'working_days' }),
          published_at: w.now,
        })
        .where('id', '=', task.id)
        .where('submitted_at', 'is', null)
        .executeTakeFirst();
      if (Number(updated.numUpdatedRows) !== 1)
        throw conflict('INSPECTION_RESULT_EXISTS', 'The result has already been entered');
      const entity = await repo.entity(db, task.uscc);
      const grade = entity ? nextGrade(entity.credit_grade, input.outcome) : null;
      if (entity && grade)
        await db
          .updateTable('inspections.entities')
          .set({ credit_grade: grade })
          .where('uscc', '=', task.uscc)
          .execute();
      await w.audit({
        action: 'inspections.result.submitted',
        resourceType: 'inspection_task',
        resourceId: task.id,
        regionCode: this.c.deps.regionCode,
        change: { ...input, photoIds: photos },
        detail: { outcome: input.outcome, photos: photos.length, creditGrade: grade },
      });
      const row = await repo.taskById(db, task.id);
      return taskView(row!, names);
    });
  }

  /** Inspections of the enterprise the principal acts for, with their results. */
  async ofEnterprise(p: Principal | null) {
    const { uscc } = policy.enterprise(p);
    const rows = await repo.tasksOfEnterprise(this.c.db, uscc, true);
    return { items: rows.map((r) => taskView(r, new Map())) };
  }

  async answer(p: Principal | null, taskId: string, answer: string, origin: RequestOrigin) {
    const { principal, uscc } = policy.enterprise(p);
    const task = await repo.taskById(this.c.db, taskId);
    if (!task || task.uscc !== uscc) throw taskNotFound();
    if (!task.published_at) throw conflict('INSPECTION_NO_RESULT', 'There is no result to answer yet');
    return command(this.c.p, principalActor(principal, origin), async (w) => {
      const db = scoped<InspectionsTables>(w.tx);
      await db.updateTable('inspections.tasks').set({ answer, answered_at: w.now }).where('id', '=', task.id).execute();
      await w.audit({
        action: 'inspections.result.answered',
        resourceType: 'inspection_task',
        resourceId: task.id,
        regionCode: this.c.deps.regionCode,
        change: { answer },
        detail: { uscc },
      });
      return taskView((await repo.taskById(db, task.id))!, new Map());
    });
  }

  /** The enterprise's public credit record: its grade and every published inspection result. */
  async creditRecord(uscc: string) {
    const entity = await repo.entity(this.c.db, uscc);
    if (!entity) throw notFound('INSPECTION_TARGET_NOT_FOUND', 'No such enterprise in the directory');
    const rows = await repo.tasksOfEnterprise(this.c.db, uscc, true);
    const names = new Map([[uscc, entity.name]]);
    return {
      uscc,
      name: entity.name,
      industry: entity.industry,
      riskLevel: entity.risk_level,
      creditGrade: entity.credit_grade,
      inspections: rows.map((r) => taskView(r, names)),
    };
  }
}
