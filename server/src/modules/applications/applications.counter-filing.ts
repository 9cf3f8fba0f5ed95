/**
 * Filing at the window (一窗受理): a clerk files a case for the applicant in front of them,
 * with the item's same form. The applicant's ID card is checked in person: the clerk records
 * the number and the name, identity verifies the number's check character and finds the
 * person's account or makes one (checked in person), and the case is the applicant's, filed
 * through the window (`channel = window`, `filed_by` the clerk). The materials are taken on
 * paper: every required one must be among those the clerk ticks as received.
 *
 * Who: a clerk of the department that handles the item, in the city; or the clerk of a
 * comprehensive window (综合窗口), which accepts every item (the halls module says so only
 * after checking that the clerk has that window open).
 */
import { requirePrincipal, type Principal, type RequestOrigin } from '../../platform/auth.ts';
import { AppError, forbidden, notFound } from '../../platform/errors.ts';
import { idempotencyKeyOf, idempotent } from '../../platform/idempotency.ts';
import type { Context } from './applications.context.ts';
import * as repo from './applications.repository.ts';
import { handlingPosts } from './applications.policy.ts';
import type { Submission } from './applications.submission.ts';
import type { Targets } from './applications.targets.ts';
import { checkMaterials } from './forms.ts';

export interface CounterFilingInput {
  itemCode: string;
  form: Record<string, unknown>;
  applicant: { idNumber: string; name: string };
  /** Codes of the materials received on paper at the window. */
  paperMaterials: string[];
}

export interface FiledAtCounter {
  caseId: string;
  caseNumber: string;
  title: { zh: string; en: string };
  applicantName: string;
  submittedAt: Date;
  dueAt: Date | null;
  created: boolean;
}

export class CounterFiling {
  private readonly c: Context;
  private readonly targets: Targets;
  private readonly submission: Submission;

  constructor(context: Context, targets: Targets, submission: Submission) {
    this.c = context;
    this.targets = targets;
    this.submission = submission;
  }

  async fileAtCounter(
    p: Principal | null,
    input: CounterFilingInput,
    via: { comprehensiveWindow: boolean },
    idempotencyKey: string,
    origin: RequestOrigin,
  ): Promise<FiledAtCounter> {
    const principal = requirePrincipal(p);
    const clerkPosts = principal.kind === 'staff' ? handlingPosts(principal, this.c.deps.regionCode, ['clerk']) : [];
    if (clerkPosts.length === 0) throw forbidden('Only window clerks file cases for applicants');
    const item = await this.c.deps.catalog.resolveItem(input.itemCode);
    if (!item || item.status !== 'published') throw notFound('ITEM_NOT_FOUND', 'No such service item');
    const ofDepartment = clerkPosts.some((post) => post.departmentCode === item.data.departmentCode);
    if (!ofDepartment && !via.comprehensiveWindow)
      throw forbidden('Only a clerk of the item’s department or of a comprehensive window files this item');

    const target = await this.targets.resolve({ itemCode: input.itemCode });
    const missing = checkMaterials(
      target.materials,
      input.paperMaterials.map((code) => ({ code, uploadId: '' })),
    );
    if (missing.length > 0)
      throw new AppError(400, 'MATERIALS_INCOMPLETE', 'Some materials were not received', { details: missing });

    const person = await this.c.deps.identity.personAtCounter(
      p,
      { ...input.applicant, regionCode: this.c.deps.regionCode },
      { ...origin, userAgent: null },
    );
    const applicant = await this.c.deps.identity.principalOf({ accountId: person.accountId });
    if (!applicant) throw new AppError(422, 'IDENTITY_MISMATCH', 'The applicant’s account cannot file cases');
    const form = await this.targets.checkedForm(target, input.form, applicant);
    // A retry of the same filing (the same Idempotency-Key) answers the case filed the first time.
    const key = idempotencyKeyOf(`window:${principal.accountId}:${idempotencyKey}`, [
      input.itemCode,
      form,
      input.paperMaterials.toSorted(),
    ]);
    const { value: row } = await idempotent(key, {
      earlier: () => repo.caseByIdempotencyKey(this.c.db, applicant.accountId, key.idempotencyKey),
      replay: async (earlier) => earlier,
      file: async () =>
        (
          await this.submission.write(applicant, principal, origin, {
            target,
            form,
            materials: [],
            paper: input.paperMaterials,
            key,
            channel: 'window',
          })
        ).row,
    });
    return {
      caseId: row.id,
      caseNumber: row.case_number,
      title: { zh: row.title_zh, en: row.title_en },
      applicantName: applicant.displayName,
      submittedAt: row.submitted_at,
      dueAt: row.due_at,
      created: person.created,
    };
  }
}
