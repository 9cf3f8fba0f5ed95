/**
 * Filing a case (办件). The form is checked against the item's JSON Schemas and the materials
 * against the applicant's uploads; then one transaction writes the case (its form and the
 * applicant's name sealed, pinned to its item versions and process), its open work with the
 * deadline jobs, the audit record and the event. An Idempotency-Key makes retries and double
 * taps harmless: the same key from the same applicant answers the case filed the first time,
 * and the same key with a different request is refused.
 */
import { principalActor, type Principal, type RequestOrigin } from '../../platform/auth.ts';
import { deadlineFor } from '../../platform/calendar.ts';
import { command, type Work } from '../../platform/context.ts';
import { idempotencyKeyOf, idempotent, type IdempotencyKey } from '../../platform/idempotency.ts';
import { uuidv7 } from '../../platform/ids.ts';
import { maskName } from '../../platform/masking.ts';
import type { CaseViews } from './applications.case-view.ts';
import { FORM_CONTEXT, inTx, NAME_CONTEXT, type Context } from './applications.context.ts';
import type { Drafts } from './applications.drafts.ts';
import type { Evidence, PlannedRead } from './applications.evidence.ts';
import type { ApplicationsEvents } from './applications.events.ts';
import { sealLookupFacts } from './applications.lookup.ts';
import { policy, type Access } from './applications.policy.ts';
import type { Progress, Written } from './applications.progress.ts';
import * as repo from './applications.repository.ts';
import type { CaseViewT } from './applications.schemas.ts';
import type { TargetRef, Targets } from './applications.targets.ts';
import type { MaterialRefIn } from './forms.ts';
import type { ProcessDefinition } from './workflow/definition.ts';
import { initialState } from './workflow/engine.ts';

export interface SubmitBody extends TargetRef {
  form: Record<string, unknown>;
  materials: MaterialRefIn[];
  /** The draft this submission came from; it is deleted in the same transaction. */
  draftId?: string | undefined;
}

export interface Submitted {
  view: CaseViewT;
  /** True when the Idempotency-Key had filed this case already. */
  replayed: boolean;
}

/** A checked filing and what it needs from other modules, ready to be written. */
interface Filing {
  target: Awaited<ReturnType<Targets['checkedTarget']>>['target'];
  form: Record<string, unknown>;
  materials: Awaited<ReturnType<Targets['checkedMaterials']>>;
  key: IdempotencyKey;
  facts: Awaited<ReturnType<Context['deps']['identity']['identityFacts']>>;
  names: Awaited<ReturnType<Context['deps']['org']['departmentNames']>>;
  processKey: string;
  channel?: 'online' | 'window';
  /** The clerk who filed at a window. */
  filer?: Principal;
  /** The materials the government holds, read from their registries once the case is numbered. */
  evidence: PlannedRead[];
}

/** 330383-20261125-00000123: region code, the date in China, a number from a sequence. */
export function formatCaseNumber(regionCode: string, at: Date, serial: number): string {
  return `${caseNumberPrefix(regionCode, at)}${String(serial).padStart(8, '0')}`;
}

/** A case number up to its serial: 330383-20261125- (the insert adds the serial: insertNumberedCase). */
export function caseNumberPrefix(regionCode: string, at: Date): string {
  const china = new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 10).replaceAll('-', '');
  return `${regionCode}-${china}-`;
}

export class Submission {
  private readonly c: Context;
  private readonly targets: Targets;
  private readonly drafts: Drafts;
  private readonly progress: Progress;
  private readonly views: CaseViews;
  private readonly evidence: Evidence;

  constructor(
    context: Context,
    targets: Targets,
    drafts: Drafts,
    progress: Progress,
    views: CaseViews,
    evidence: Evidence,
  ) {
    this.c = context;
    this.targets = targets;
    this.drafts = drafts;
    this.progress = progress;
    this.views = views;
    this.evidence = evidence;
  }

  /**
   * File a case. The same Idempotency-Key from the same applicant returns the case filed the
   * first time (a double tap files one case); the same key with a different request is refused.
   */
  async submit(
    p: Principal | null,
    body: SubmitBody,
    idempotencyKey: string,
    origin: RequestOrigin,
  ): Promise<Submitted> {
    const principal = policy.apply(p);
    const access: Access = { as: 'applicant', principal };
    const key = idempotencyKeyOf(idempotencyKey, [
      body.itemCode ?? null,
      body.bundleCode ?? null,
      body.form,
      body.materials,
    ]);
    // What needs the other modules is made ready first, from their caches (PGlite has one
    // connection: a read outside the transaction would wait for it). A problem found here is
    // answered after the key is found to have filed nothing yet: a replay's earlier case comes first.
    let ready: Awaited<ReturnType<Submission['prepare']>> | null = null;
    let refused: unknown = null;
    try {
      ready = await this.prepare(principal, body);
    } catch (err) {
      refused = err;
    }
    // The idempotency check is the case's insert (on conflict do nothing: Progress.file answers
    // CONFLICT); the key's earlier case is looked for only then (platform/idempotency.ts).
    const { value, replayed } = await idempotent(key, {
      checkFirst: false,
      earlier: () => repo.caseByIdempotencyKey(this.c.db, principal.accountId, key.idempotencyKey),
      replay: async (existing) => this.views.view(existing, access),
      file: async () => {
        const filed = await this.progress.changingWork(() =>
          command(this.c.p, principalActor(principal, origin), async (w) => {
            // The draft and the uploads are this module's: read in the transaction.
            if (!ready) throw refused;
            const { target, form, facts, names, processKey, evidence } = ready;
            const materials = await this.targets.checkedMaterials(principal.accountId, target, body.materials, inTx(w));
            if (body.draftId) {
              await this.drafts.own(principal, body.draftId, inTx(w));
              await repo.deleteDraft(inTx(w), body.draftId, principal.accountId);
            }
            return this.fileIn(w, principal, { target, form, materials, key, facts, names, processKey, evidence });
          }),
        );
        this.progress.remember(ready!.processKey, ready!.target.process);
        this.c.deps.catalog.countUse(ready!.target.items.map((i) => i.code));
        const known = { events: [], work: filed.work, evidence: filed.evidence ?? [] };
        return this.views.view(filed.row, access, known);
      },
    });
    return { view: value, replayed };
  }

  /**
   * Write a checked filing for `principal` as the applicant at a window (一窗受理): `filer`, a
   * clerk, files it for the person in front of them (applications.counter-filing.ts).
   */
  async write(
    principal: Principal,
    filer: Principal,
    origin: RequestOrigin,
    f: Pick<Filing, 'target' | 'form' | 'materials' | 'key'> & {
      channel: 'window';
      /** Materials the clerk received on paper: a shared one among them is not read from its registry. */
      paper: readonly string[];
    },
  ): Promise<Written> {
    const facts = await this.c.deps.identity.identityFacts(principal.accountId);
    const evidence = await this.evidence.plan(principal, f.target, f.form, [
      ...f.materials.map((m) => m.code),
      ...f.paper,
    ]);
    const names = await this.c.deps.org.departmentNames();
    const processKey = this.progress.keyOf(f.target.process);
    const filed = await this.progress.changingWork(() =>
      command(this.c.p, principalActor(filer, origin), (w) =>
        this.fileIn(w, principal, { ...f, facts, names, processKey, filer, evidence }),
      ),
    );
    this.progress.remember(processKey, f.target.process);
    this.c.deps.catalog.countUse(f.target.items.map((i) => i.code));
    return filed;
  }

  /**
   * The case row, its open work, audit record and event, in the filing's transaction
   * (Progress.file); then the evidence read from the registries under the case's number.
   */
  private async fileIn(w: Work<ApplicationsEvents>, principal: Principal, f: Filing): Promise<Written> {
    const written = await this.fileCase(w, principal, f);
    const evidence = await this.evidence.fetch(
      w,
      principal,
      { caseId: written.row.id, caseNumber: written.row.case_number },
      f.evidence,
      f.materials,
    );
    return { ...written, evidence };
  }

  private async fileCase(w: Work<ApplicationsEvents>, principal: Principal, f: Filing): Promise<Written> {
    const { target, form, materials, key, facts, names, processKey } = f;
    await this.progress.pin(w, processKey, target.process);
    const enterprise = principal.actingAs;
    const applicantName = enterprise ? enterprise.name : (facts?.name ?? principal.displayName);
    const id = uuidv7();
    const channel = f.channel ?? 'online';
    return this.progress.file(
      w,
      {
        row: {
          id,
          region_code: this.c.deps.regionCode,
          case_number: '', // made by the insert (Progress.file)
          kind: target.kind,
          item_code: target.itemCode,
          item_version: target.itemVersion,
          bundle_code: target.bundleCode,
          items: target.items,
          title_zh: target.title.zh,
          title_en: target.title.en,
          department_code: target.leadDepartment,
          departments: [...new Set([target.leadDepartment, ...branchDepartments(target.process)])],
          process_key: processKey,
          applicant_account_id: principal.accountId,
          enterprise_id: enterprise?.enterpriseId ?? null,
          applicant_name_sealed: this.c.p.protector.seal(applicantName, NAME_CONTEXT),
          applicant_name_masked: enterprise ? applicantName : maskName(applicantName),
          applicant_subject_index: facts?.idNumberIndex ?? null,
          lookup_sealed: sealLookupFacts(
            this.c.p.protector,
            applicantName,
            enterprise ? enterprise.uscc.slice(-4) : (facts?.idNumberTail ?? null),
          ),
          channel,
          filed_by: channel === 'window' && f.filer ? f.filer.accountId : null,
          form_sealed: this.c.p.protector.seal(JSON.stringify(form), FORM_CONTEXT),
          materials,
          idempotency_key: key.idempotencyKey,
          request_hash: key.requestHash,
          status: 'in_progress',
          state: target.process.start,
          seq: 0,
          submitted_at: w.now,
          last_submitted_at: w.now,
          due_at: deadlineFor(w.now, target.promised),
          deadline_at: null,
          closed_at: null,
          updated_at: w.now,
        },
        def: target.process,
        state: initialState(target.process),
        previous: [],
        action: 'submit',
        names,
        audit: {
          action: 'applications.case.submitted',
          resourceType: 'case',
          resourceId: id,
          regionCode: this.c.deps.regionCode,
          // Progress.file adds the case number the insert made.
          change: {
            target: target.itemCode ?? target.bundleCode,
            channel,
            materials: materials.map((m) => ({ code: m.code, sha256: m.sha256 })),
          },
        },
      },
      caseNumberPrefix(this.c.deps.regionCode, w.now),
    );
  }

  /** The target, the form checked, and what the other modules say about the applicant (cached there). */
  private async prepare(principal: Principal, body: SubmitBody) {
    const { target, form } = await this.targets.checkedTarget(principal, body);
    const facts = await this.c.deps.identity.identityFacts(principal.accountId);
    const names = await this.c.deps.org.departmentNames();
    const uploading = body.materials.map((m) => m.code);
    const evidence = await this.evidence.plan(principal, target, form, uploading);
    return { target, form, facts, names, processKey: this.progress.keyOf(target.process), evidence };
  }
}

function branchDepartments(def: ProcessDefinition): string[] {
  return def.states.flatMap((s) => (s.branches ?? []).map((b) => b.departmentCode));
}
