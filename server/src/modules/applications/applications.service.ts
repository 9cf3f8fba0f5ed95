/**
 * Cases (办件): drafts, uploads, idempotent submission, the workflow engine over the
 * append-only history, claims, deadlines and the staff inbox.
 *
 * A case row holds what was filed (sealed form, materials with SHA-256) and a projection
 * of its derived state (status, state, seq, deadlines) for lists; the history in
 * `case_events` is the truth, and every state change appends one event, moves the
 * projection from `seq` to `seq + 1`, rewrites the open work items, schedules the
 * deadline jobs, and writes the audit record and the outbox event in one transaction.
 */
import type { Readable } from 'node:stream';
import type { ActorRef } from '../../platform/audit.ts';
import { requirePrincipal, type Post, type Principal } from '../../platform/auth.ts';
import type { BlobStore } from '../../platform/blobs.ts';
import { deadlineFor } from '../../platform/calendar.ts';
import { command, type Platform, type Work } from '../../platform/context.ts';
import { CASE_CHANGED, CASE_OVERDUE, type ApplicationsEvents } from './applications.events.ts';
import { sha256Hex } from '../../platform/crypto.ts';
import { scoped } from '../../platform/db.ts';
import { AppError, badRequest, conflict, notFound, type ErrorDetail } from '../../platform/errors.ts';
import { uuidv7 } from '../../platform/ids.ts';
import type { Job } from '../../platform/jobs.ts';
import { scheduleJob } from '../../platform/jobs.ts';
import { maskName } from '../../platform/masking.ts';
import { recordPersonalDataAccess } from '../../platform/pii.ts';
import type { CatalogService } from '../catalog/index.ts';
import { mergeForms, mergeMaterials } from '../catalog/index.ts';
import type { FormDefinition, Material, ServiceItemData } from '../catalog/catalog.types.ts';
import type { IdentityService } from '../identity/index.ts';
import type { OrgService } from '../org/index.ts';
import type { ActionBodyT, CaseResultT, CaseViewT, InboxQueryT } from './applications.schemas.ts';
import { caseNotFound, HANDLING_ROLES, policy, type Access } from './applications.policy.ts';
import * as repo from './applications.repository.ts';
import type { ApplicationsTables, CaseItem, EventData, StoredMaterial } from './applications.tables.ts';
import { checkForm, checkMaterials, normaliseForm, type MaterialRefIn } from './forms.ts';
import { handledBy, headline, type Status } from './plain-words.ts';
import {
  APPLICANT,
  findBranch,
  findState,
  type LocalText,
  type ProcessDefinition,
  type TimeLimit,
} from './workflow/definition.ts';
import {
  actingRoles,
  availableActions,
  currentTimeLimits,
  decideOn,
  deriveState,
  type Actor,
  type CaseEvent,
  type CaseState,
} from './workflow/engine.ts';
import { bundleProcess, EXAMPLE_PROCESSES, type BundlePart } from './workflow/processes.ts';

/** The comprehensive window (综合窗口) that accepts life-event bundles for all departments. */
export const BUNDLE_WINDOW_DEPARTMENT = 'ASB';
const FORM_CONTEXT = 'applications.case.form';
const NAME_CONTEXT = 'applications.case.applicant-name';
const DRAFT_CONTEXT = 'applications.draft.form';
/** A line of work is at risk in its last 24 hours before the deadline. */
const AT_RISK_MS = 24 * 3600_000;
const MAIN_LINE = '';
/** How long inbox counts may be served from memory. */
const COUNTS_TTL_MS = 5_000;

export const DEADLINE_JOB = 'applications.deadline';

export interface ApplicationsDeps {
  catalog: CatalogService;
  org: OrgService;
  identity: IdentityService;
  blobs: BlobStore;
  uploadLimitBytes: number;
  regionCode: string;
}

interface Meta {
  requestId: string;
  ip: string | null;
}

/** What is applied for, resolved from the catalogue: one item or a bundle of items. */
interface Target {
  kind: 'item' | 'bundle';
  itemCode: string | null;
  itemVersion: number | null;
  bundleCode: string | null;
  title: LocalText;
  items: CaseItem[];
  form: FormDefinition;
  materials: Pick<Material, 'code' | 'name' | 'required' | 'source'>[];
  process: ProcessDefinition;
  leadDepartment: string;
  promised: TimeLimit;
  targetUsers: ('person' | 'enterprise')[];
}

type CaseRow = repo.CaseRow;

/** This module's tables within a command's transaction. */
const inTx = (w: Work<ApplicationsEvents>): repo.AppDb => scoped<ApplicationsTables>(w.tx);

/** Inbox counts for one filter: the count (shared while it runs), as of which work version and time. */
interface InboxCountsEntry {
  numbers: Promise<repo.InboxCounts>;
  version: number;
  countedAt: number;
  refreshing: boolean;
}

const refused = (reason: string, message: string) =>
  new AppError(422, 'ACTION_REFUSED', message, { details: [{ path: '/action', code: reason, message }] });
const caseConflict = () => conflict('CASE_CONFLICT', 'Someone else acted on this case first; reload it and try again');

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

/** Working days of a time limit, roughly, for a bundle part (natural days count 5 in 7). */
const workingDaysOf = (l: TimeLimit): number =>
  l.unit === 'working_days' ? l.value : l.unit === 'natural_days' ? Math.max(1, Math.ceil((l.value * 5) / 7)) : 1;

/** The longer of two time limits, compared in working days. */
const longer = (a: TimeLimit, b: TimeLimit): TimeLimit => (workingDaysOf(b) > workingDaysOf(a) ? b : a);

export class ApplicationsService {
  private readonly p: Platform<ApplicationsEvents>;
  private readonly db: repo.AppDb;
  private readonly deps: ApplicationsDeps;
  private readonly definitions = new Map<string, ProcessDefinition>();
  /** Bumped whenever this node changes work items; cached inbox counts of an older version are stale. */
  private workVersion = 0;
  private readonly inboxCounts = new Map<string, InboxCountsEntry>();

  constructor(platform: Platform<ApplicationsEvents>, deps: ApplicationsDeps) {
    this.p = platform;
    this.db = scoped<ApplicationsTables>(platform.db);
    this.deps = deps;
  }

  /** A command that changes work items: cached inbox counts are stale once it ends, committed or not. */
  private async changingWork<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } finally {
      this.workVersion++;
    }
  }

  // ---------------------------------------------------------------------------------------
  // Processes and targets

  private processKey(def: ProcessDefinition): string {
    return `${def.code}@${def.version}:${sha256Hex(JSON.stringify(def)).slice(0, 16)}`;
  }

  private async definition(key: string): Promise<ProcessDefinition> {
    let def = this.definitions.get(key);
    if (!def) {
      const row = await repo.processByKey(this.db, key);
      if (!row) throw new Error(`process ${key} is missing`);
      def = row.definition;
      this.definitions.set(key, def);
    }
    return def;
  }

  private itemProcess(data: ServiceItemData): ProcessDefinition {
    const def = EXAMPLE_PROCESSES.find((d) => d.code === data.processCode);
    if (!def) throw new AppError(422, 'PROCESS_UNKNOWN', `The item's process ${data.processCode} is not defined`);
    return def;
  }

  private async target(input: { itemCode?: string | undefined; bundleCode?: string | undefined }): Promise<Target> {
    if ((input.itemCode === undefined) === (input.bundleCode === undefined)) {
      throw badRequest('TARGET_REQUIRED', 'Give exactly one of itemCode and bundleCode', [
        { path: '/itemCode', code: 'one_of', message: 'give an item or a bundle' },
      ]);
    }
    if (input.itemCode !== undefined) {
      const item = await this.deps.catalog.resolveItem(input.itemCode);
      if (!item || item.status !== 'published') throw notFound('ITEM_NOT_FOUND', 'No such service item');
      const d = item.data;
      return {
        kind: 'item',
        itemCode: item.code,
        itemVersion: item.version,
        bundleCode: null,
        title: d.name,
        items: [{ code: item.code, version: item.version, name: d.name, departmentCode: d.departmentCode }],
        form: d.form,
        materials: d.materials,
        process: this.itemProcess(d),
        leadDepartment: d.departmentCode,
        promised: d.promisedLimit,
        targetUsers: d.targetUsers,
      };
    }
    const bundle = await this.deps.catalog.resolveBundle(input.bundleCode!);
    if (!bundle || bundle.items.length === 0) throw notFound('BUNDLE_NOT_FOUND', 'No such life-event bundle');
    const byDept = new Map<string, BundlePart>();
    for (const it of bundle.items) {
      const d = it.data;
      const part = byDept.get(d.departmentCode);
      const days = workingDaysOf(d.promisedLimit);
      if (part) {
        part.name = { zh: `${part.name.zh}、${d.name.zh}`, en: `${part.name.en}; ${d.name.en}` };
        part.days = Math.max(part.days, days);
      } else byDept.set(d.departmentCode, { departmentCode: d.departmentCode, name: d.name, days });
    }
    const code = `bundle_${bundle.data.code.replace(/[^a-z0-9]+/gi, '_')}`;
    return {
      kind: 'bundle',
      itemCode: null,
      itemVersion: null,
      bundleCode: bundle.data.code,
      title: bundle.data.name,
      items: bundle.items.map((it) => ({
        code: it.code,
        version: it.version,
        name: it.data.name,
        departmentCode: it.data.departmentCode,
      })),
      form: mergeForms(bundle.items.map((it) => it.data.form)),
      materials: mergeMaterials(bundle.items),
      process: bundleProcess(code, bundle.data.name, [...byDept.values()]),
      leadDepartment: BUNDLE_WINDOW_DEPARTMENT,
      promised: bundle.items.map((it) => it.data.promisedLimit).reduce(longer),
      targetUsers: [...new Set(bundle.items.flatMap((it) => it.data.targetUsers))],
    };
  }

  /** The form and materials a case was filed under (its pinned item versions). */
  private async filedTarget(c: CaseRow): Promise<Pick<Target, 'form' | 'materials'>> {
    const items = await Promise.all(
      c.items.map(async (it) => {
        const r = await this.deps.catalog.resolveItem(it.code, it.version);
        if (!r) throw new Error(`item ${it.code} v${it.version} is missing`);
        return r.data;
      }),
    );
    if (c.kind === 'item') return { form: items[0]!.form, materials: items[0]!.materials };
    return {
      form: mergeForms(items.map((d) => d.form)),
      materials: mergeMaterials(items.map((data, i) => ({ code: c.items[i]!.code, data }))),
    };
  }

  // ---------------------------------------------------------------------------------------
  // Uploads

  async upload(p: Principal | null, fileName: string, body: Readable | Uint8Array, meta: Meta) {
    const principal = policy.own(p);
    const blob = await this.deps.blobs.put(body, {
      maxBytes: this.deps.uploadLimitBytes,
      allowed: ['pdf', 'jpeg', 'png'],
    });
    const id = uuidv7();
    const name = safeFileName(fileName);
    return command(this.p, actorRef(principal, meta), async (w) => {
      const row = {
        id,
        region_code: this.deps.regionCode,
        account_id: principal.accountId,
        blob_key: blob.key,
        sha256: blob.sha256,
        size: blob.size,
        media_type: blob.mediaType,
        file_name: name,
        created_at: w.now,
      };
      await repo.insertUpload(inTx(w), row);
      await w.audit({
        action: 'applications.upload.created',
        resourceType: 'upload',
        resourceId: id,
        regionCode: row.region_code,
        detail: { sha256: blob.sha256, size: blob.size, type: blob.type },
      });
      return {
        id,
        fileName: name,
        mediaType: blob.mediaType,
        size: blob.size,
        sha256: blob.sha256,
        createdAt: w.now.toISOString(),
      };
    });
  }

  async uploadContent(p: Principal | null, id: string) {
    const principal = policy.own(p);
    const row = await repo.uploadById(this.db, id);
    if (!row || row.account_id !== principal.accountId) throw notFound('UPLOAD_NOT_FOUND', 'No such upload');
    return {
      stream: await this.deps.blobs.get(row.blob_key),
      mediaType: row.media_type,
      fileName: row.file_name,
      size: Number(row.size),
    };
  }

  /** The applicant's uploads for these references, as stored materials; unknown ids are problems with paths. */
  private async materialsOf(
    accountId: string,
    refs: readonly MaterialRefIn[],
    defs: Target['materials'],
  ): Promise<{ materials: StoredMaterial[]; problems: ErrorDetail[] }> {
    const uploads = new Map(
      (await repo.uploadsOf(this.db, accountId, [...new Set(refs.map((r) => r.uploadId))])).map((u) => [u.id, u]),
    );
    const names = new Map(defs.map((m) => [m.code, m.name]));
    const problems: ErrorDetail[] = [];
    const materials: StoredMaterial[] = [];
    refs.forEach((r, i) => {
      const u = uploads.get(r.uploadId);
      if (!u) {
        problems.push({
          path: `/materials/${i}/uploadId`,
          code: 'upload_not_found',
          message: 'no such upload of yours',
        });
        return;
      }
      materials.push({
        code: r.code,
        name: names.get(r.code) ?? { zh: r.code, en: r.code },
        uploadId: u.id,
        fileName: u.file_name,
        mediaType: u.media_type,
        size: Number(u.size),
        sha256: u.sha256,
        blobKey: u.blob_key,
      });
    });
    return { materials, problems };
  }

  // ---------------------------------------------------------------------------------------
  // Drafts

  async drafts(p: Principal | null) {
    const principal = policy.own(p);
    return (await repo.draftsOf(this.db, principal.accountId)).map((d) => ({
      id: d.id,
      kind: d.kind,
      itemCode: d.item_code,
      bundleCode: d.bundle_code,
      title: { zh: d.title_zh, en: d.title_en },
      updatedAt: d.updated_at.toISOString(),
    }));
  }

  private async ownDraft(principal: Principal, id: string) {
    const d = await repo.draftById(this.db, id);
    if (!d || d.account_id !== principal.accountId) throw notFound('DRAFT_NOT_FOUND', 'No such draft');
    return d;
  }

  private draftView(d: NonNullable<Awaited<ReturnType<typeof repo.draftById>>>) {
    return {
      id: d.id,
      kind: d.kind,
      itemCode: d.item_code,
      bundleCode: d.bundle_code,
      title: { zh: d.title_zh, en: d.title_en },
      form: JSON.parse(this.p.protector.open(d.form_sealed, DRAFT_CONTEXT)) as Record<string, unknown>,
      materials: d.materials.map(materialView),
      createdAt: d.created_at.toISOString(),
      updatedAt: d.updated_at.toISOString(),
    };
  }

  async draft(p: Principal | null, id: string) {
    const principal = policy.own(p);
    return this.draftView(await this.ownDraft(principal, id));
  }

  async createDraft(
    p: Principal | null,
    body: {
      itemCode?: string | undefined;
      bundleCode?: string | undefined;
      form?: Record<string, unknown> | undefined;
      materials?: MaterialRefIn[] | undefined;
    },
    meta: Meta,
  ) {
    const principal = policy.own(p);
    const target = await this.target(body);
    const { materials, problems } = await this.materialsOf(principal.accountId, body.materials ?? [], target.materials);
    if (problems.length > 0) throw badRequest('MATERIALS_INVALID', 'Some materials are not valid', problems);
    const id = uuidv7();
    await command(this.p, actorRef(principal, meta), async (w) => {
      await repo.insertDraft(inTx(w), {
        id,
        region_code: this.deps.regionCode,
        account_id: principal.accountId,
        enterprise_id: principal.actingAs?.enterpriseId ?? null,
        kind: target.kind,
        item_code: target.itemCode,
        bundle_code: target.bundleCode,
        title_zh: target.title.zh,
        title_en: target.title.en,
        form_sealed: this.p.protector.seal(JSON.stringify(body.form ?? {}), DRAFT_CONTEXT),
        materials: JSON.stringify(materials),
        created_at: w.now,
        updated_at: w.now,
      });
    });
    return this.draft(p, id);
  }

  /** Saved as the applicant types: no audit record for each keystroke batch, only the latest state. */
  async saveDraft(
    p: Principal | null,
    id: string,
    body: { form: Record<string, unknown>; materials: MaterialRefIn[] },
  ) {
    const principal = policy.own(p);
    const d = await this.ownDraft(principal, id);
    const target = await this.target(d.kind === 'item' ? { itemCode: d.item_code! } : { bundleCode: d.bundle_code! });
    const { materials, problems } = await this.materialsOf(principal.accountId, body.materials, target.materials);
    if (problems.length > 0) throw badRequest('MATERIALS_INVALID', 'Some materials are not valid', problems);
    await repo.updateDraft(this.db, id, {
      form_sealed: this.p.protector.seal(JSON.stringify(body.form), DRAFT_CONTEXT),
      materials: JSON.stringify(materials),
      updated_at: this.p.clock.now(),
    });
    return this.draft(p, id);
  }

  async deleteDraft(p: Principal | null, id: string): Promise<void> {
    const principal = policy.own(p);
    await this.ownDraft(principal, id);
    await repo.deleteDraft(this.db, id, principal.accountId);
  }

  // ---------------------------------------------------------------------------------------
  // Submission

  /**
   * File a case. The same Idempotency-Key from the same applicant returns the case filed the
   * first time (a double tap files one case); the same key with a different request is refused.
   */
  async submit(
    p: Principal | null,
    body: {
      itemCode?: string | undefined;
      bundleCode?: string | undefined;
      form: Record<string, unknown>;
      materials: MaterialRefIn[];
      draftId?: string | undefined;
    },
    idempotencyKey: string,
    meta: Meta,
  ): Promise<{ view: CaseViewT; replayed: boolean }> {
    const principal = policy.apply(p);
    const requestHash = sha256Hex(
      JSON.stringify([body.itemCode ?? null, body.bundleCode ?? null, body.form, body.materials]),
    );
    const replay = async (): Promise<{ view: CaseViewT; replayed: boolean } | null> => {
      const existing = await repo.caseByIdempotencyKey(this.db, principal.accountId, idempotencyKey);
      if (!existing) return null;
      if (existing.request_hash !== requestHash) {
        throw new AppError(422, 'IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was used for a different submission');
      }
      return { view: await this.view(existing, { as: 'applicant', principal }), replayed: true };
    };
    const earlier = await replay();
    if (earlier) return earlier;

    const target = await this.target(body);
    checkApplicantKind(target, principal);
    const form = normaliseForm(body.form);
    const formProblems = checkForm(target.form, form, formKey(target.items));
    if (formProblems.length > 0)
      throw new AppError(400, 'FORM_INVALID', 'The form has problems', { details: formProblems });
    const { materials, problems } = await this.materialsOf(principal.accountId, body.materials, target.materials);
    const materialProblems = [...checkMaterials(target.materials, body.materials), ...problems];
    if (materialProblems.length > 0)
      throw new AppError(400, 'MATERIALS_INCOMPLETE', 'Some materials are missing or not valid', {
        details: materialProblems,
      });
    if (body.draftId) await this.ownDraft(principal, body.draftId);

    const facts = await this.deps.identity.identityFacts(principal.accountId);
    const enterprise = principal.actingAs;
    const applicantName = enterprise ? enterprise.name : (facts?.name ?? principal.displayName);
    const id = uuidv7();
    const processKey = this.processKey(target.process);
    const names = await this.deps.org.departmentNames();
    let filed: { row: CaseRow; work: repo.WorkItemRow[] } | null = null;
    try {
      await this.changingWork(() =>
        command(this.p, actorRef(principal, meta), async (w) => {
          // A definition this node has stored (or read) already is in the table: skip sending it again.
          if (!this.definitions.has(processKey)) await repo.insertProcess(inTx(w), processKey, target.process, w.now);
          const serial = await repo.nextCaseSerial(inTx(w));
          const caseNumber = formatCaseNumber(this.deps.regionCode, w.now, serial);
          const departments = [...new Set([target.leadDepartment, ...branchDepartments(target.process)])];
          const row: CaseRow = {
            id,
            region_code: this.deps.regionCode,
            case_number: caseNumber,
            kind: target.kind,
            item_code: target.itemCode,
            item_version: target.itemVersion,
            bundle_code: target.bundleCode,
            items: target.items,
            title_zh: target.title.zh,
            title_en: target.title.en,
            department_code: target.leadDepartment,
            departments,
            process_key: processKey,
            applicant_account_id: principal.accountId,
            enterprise_id: enterprise?.enterpriseId ?? null,
            applicant_name_sealed: this.p.protector.seal(applicantName, NAME_CONTEXT),
            applicant_name_masked: enterprise ? applicantName : maskName(applicantName),
            applicant_subject_index: facts?.idNumberIndex ?? null,
            form_sealed: this.p.protector.seal(JSON.stringify(form), FORM_CONTEXT),
            materials,
            idempotency_key: idempotencyKey,
            request_hash: requestHash,
            status: 'in_progress',
            state: target.process.start,
            seq: 0,
            submitted_at: w.now,
            last_submitted_at: w.now,
            due_at: deadlineFor(w.now, target.promised),
            deadline_at: null,
            closed_at: null,
            updated_at: w.now,
          };
          const state = deriveState(target.process, []);
          const projection = this.project(target.process, state, row, []);
          row.deadline_at = projection.deadlineAt;
          await repo.insertCase(inTx(w), {
            ...row,
            items: JSON.stringify(row.items),
            materials: JSON.stringify(row.materials),
          });
          await this.writeWork(w, row, projection.workItems, 0);
          if (body.draftId) await repo.deleteDraft(inTx(w), body.draftId, principal.accountId);
          await w.audit({
            action: 'applications.case.submitted',
            resourceType: 'case',
            resourceId: id,
            regionCode: row.region_code,
            change: {
              caseNumber,
              target: target.itemCode ?? target.bundleCode,
              materials: materials.map((m) => ({ code: m.code, sha256: m.sha256 })),
            },
          });
          await this.emitChanged(w, row, 'submit', state, target.process, names);
          filed = { row, work: projection.workItems };
        }),
      );
      this.definitions.set(processKey, target.process);
    } catch (err) {
      // The same key raced in from a second tap: the first one's case is the answer.
      if (isUniqueViolation(err)) {
        const raced = await replay();
        if (raced) return raced;
      }
      throw err;
    }
    this.deps.catalog.countUse(target.items.map((i) => i.code));
    const done = filed as { row: CaseRow; work: repo.WorkItemRow[] } | null;
    return {
      view: await this.view(done!.row, { as: 'applicant', principal }, { events: [], work: done!.work }),
      replayed: false,
    };
  }

  // ---------------------------------------------------------------------------------------
  // Reading

  private async visibleCase(p: Principal | null, id: string): Promise<{ row: CaseRow; access: Access }> {
    requirePrincipal(p); // signed in first; then a case one may not see answers like one that does not exist
    const row = await repo.caseById(this.db, id);
    if (!row) throw caseNotFound();
    return { row, access: policy.read(p, row) };
  }

  async get(p: Principal | null, id: string, meta: Meta): Promise<CaseViewT> {
    const { row, access } = await this.visibleCase(p, id);
    if (access.as === 'staff') await this.recordStaffRead(row, access, ['form', 'materials'], meta);
    return this.view(row, access);
  }

  async material(p: Principal | null, id: string, code: string, meta: Meta) {
    const { row, access } = await this.visibleCase(p, id);
    const m = row.materials.find((x) => x.code === code);
    if (!m) throw notFound('MATERIAL_NOT_FOUND', 'No such material on this case');
    if (access.as === 'staff') await this.recordStaffRead(row, access, [`material:${code}`], meta);
    return { stream: await this.deps.blobs.get(m.blobKey), mediaType: m.mediaType, fileName: m.fileName, size: m.size };
  }

  /** A staff member read the applicant's filing: the applicant sees it under "who read my data". */
  private async recordStaffRead(row: CaseRow, access: Extract<Access, { as: 'staff' }>, fields: string[], meta: Meta) {
    if (!row.applicant_subject_index) return;
    const names = await this.deps.org.departmentNames();
    await recordPersonalDataAccess(
      this.p.db,
      {
        subjectIndex: row.applicant_subject_index,
        accessorId: access.principal.accountId,
        accessorName: access.principal.displayName,
        organisation: names.get(access.posts[0]!.departmentCode!)?.zh ?? access.posts[0]!.departmentCode,
        purpose: `办理办件 ${row.case_number}`,
        fields,
        resourceType: 'case',
        resourceId: row.id,
        requestId: meta.requestId,
      },
      this.p.clock.now(),
    );
  }

  async list(
    p: Principal | null,
    q: { status?: repo.StatusFilter; q?: string | undefined; page: number; pageSize: number },
  ) {
    const { principal, posts } = policy.list(p);
    const filter =
      principal.kind === 'citizen'
        ? { applicant: { accountId: principal.accountId, enterpriseId: principal.actingAs?.enterpriseId ?? null } }
        : { departments: regionScopes(posts) };
    const { rows, total } = await repo.listCases(this.db, {
      ...filter,
      status: q.status,
      q: q.q,
      offset: (q.page - 1) * q.pageSize,
      limit: q.pageSize,
    });
    const names = await this.deps.org.departmentNames();
    const open = await repo.openLines(
      this.db,
      rows.filter((r) => r.status === 'in_progress').map((r) => r.id),
    );
    const items = await Promise.all(
      rows.map(async (r) => {
        const def = await this.definition(r.process_key);
        const current = findState(def, r.state);
        const stateName = current?.name ?? { zh: r.state, en: r.state };
        const department = names.get(r.department_code) ?? { zh: r.department_code, en: r.department_code };
        const total = current?.kind === 'parallel' ? (current.branches?.length ?? 0) : 0;
        const parts = total > 0 ? { parts: { total, done: total - (open.get(r.id) ?? 0) } } : {};
        return summaryOf(
          r,
          r.status,
          r.state,
          stateName,
          department,
          headline({ status: r.status, state: r.state, stateName, department, ...parts }),
        );
      }),
    );
    return { items, total };
  }

  // ---------------------------------------------------------------------------------------
  // Acting

  /** The engine's actor for `access` on the line owned by `departmentCode` (null: may not act there). */
  private actorFor(access: Access, row: CaseRow, departmentCode: string): Actor | null {
    if (access.as === 'applicant') return { id: access.principal.accountId, roles: [], isApplicant: true };
    const roles = new Set<string>();
    for (const post of access.posts) {
      if (post.departmentCode === departmentCode && post.regionCode === row.region_code)
        post.roles.forEach((r) => roles.add(r));
    }
    if (roles.size === 0) return null;
    return { id: access.principal.accountId, roles: [...roles], isApplicant: false, departmentCode };
  }

  async act(p: Principal | null, id: string, body: ActionBodyT, meta: Meta): Promise<CaseViewT> {
    const { row, access } = await this.visibleCase(p, id);
    if (body.expectedSeq !== row.seq) throw caseConflict();
    const def = await this.definition(row.process_key);
    const events = await repo.eventsOf(this.db, id);
    const state = deriveState(def, events.map(toCaseEvent));
    const current = findState(def, state.state);
    const branch = current?.kind === 'parallel' ? findBranch(current, body.branch ?? '') : undefined;
    if (current?.kind === 'parallel' && body.action !== 'withdraw' && !branch)
      throw refused('BRANCH_UNKNOWN', 'Say which department part (branch) this action is for');
    const lineDepartment = branch ? branch.departmentCode : row.department_code;
    const actor = this.actorFor(access, row, lineDepartment);
    if (!actor) throw refused('ROLE_NOT_ALLOWED', 'You hold no role for this step in its department');
    const now = this.p.clock.now();
    const decision = decideOn(def, state, {
      action: body.action,
      ...(branch ? { branch: branch.code } : {}),
      actor,
      at: now.toISOString(),
      ...(body.comment !== undefined ? { comment: body.comment } : {}),
      ...(body.reason !== undefined ? { reason: body.reason } : {}),
      ...(body.legalBasis !== undefined ? { legalBasis: body.legalBasis } : {}),
      ...(body.correctionItems !== undefined ? { correctionItems: body.correctionItems } : {}),
      ...(body.result !== undefined ? { result: body.result } : {}),
    });
    if (!decision.ok) throw refused(decision.reason, `The action is refused: ${decision.reason}`);

    // A line claimed by someone else is theirs to act on.
    const line = branch ? branch.code : MAIN_LINE;
    const work = await repo.workItemsOf(this.db, id);
    const held = work.find((w) => w.branch === line);
    if (access.as === 'staff' && held?.claimed_by && held.claimed_by !== access.principal.accountId) {
      throw conflict('CASE_CLAIMED', `${held.claimed_by_name ?? 'Someone'} has claimed this case`);
    }

    // A resubmission (补正) may bring a corrected form and materials.
    let resubmission: { form?: Record<string, unknown>; materials?: StoredMaterial[] } = {};
    if (body.action === 'resubmit' && (body.form !== undefined || body.materials !== undefined)) {
      resubmission = await this.checkResubmission(row, access.principal.accountId, body);
    } else if (body.form !== undefined || body.materials !== undefined) {
      throw badRequest('VALIDATION_FAILED', 'A form and materials go only with resubmit', [
        { path: '/form', code: 'not_allowed', message: 'only with resubmit' },
      ]);
    }

    // Read before the transaction (PGlite has one connection: a read outside it would wait for it).
    const names = await this.deps.org.departmentNames();
    const promised = body.action === 'resubmit' ? await this.filedPromise(row) : null;
    let written: { row: CaseRow; events: repo.EventRow[]; work: repo.WorkItemRow[] } | null = null;
    await this.changingWork(() =>
      command(this.p, actorRef(access.principal, meta), async (w) => {
        const next = decision.next;
        const status = statusOf(next);
        const resubmitted = body.action === 'resubmit';
        const updated: CaseRow = {
          ...row,
          seq: row.seq + 1,
          state: next.state,
          status,
          updated_at: w.now,
          closed_at: next.outcome ? w.now : null,
          ...(resubmitted ? { last_submitted_at: w.now } : {}),
        };
        if (promised) updated.due_at = deadlineFor(w.now, promised);
        if (resubmission.form)
          updated.form_sealed = this.p.protector.seal(JSON.stringify(resubmission.form), FORM_CONTEXT);
        if (resubmission.materials) updated.materials = resubmission.materials;
        const projection = this.project(def, next, updated, work);
        updated.deadline_at = projection.deadlineAt;
        // The row lock taken here serialises concurrent actions; the loser finds seq moved on.
        const moved = await repo.advanceCase(inTx(w), id, row.seq, {
          seq: updated.seq,
          state: updated.state,
          status: updated.status,
          updated_at: updated.updated_at,
          closed_at: updated.closed_at,
          last_submitted_at: updated.last_submitted_at,
          due_at: updated.due_at,
          deadline_at: updated.deadline_at,
          form_sealed: updated.form_sealed,
          materials: JSON.stringify(updated.materials),
        });
        if (Number(moved.numUpdatedRows) === 0) throw caseConflict();
        const last = next.history[next.history.length - 1]!;
        const data: EventData = {};
        if (actor.departmentCode) data.departmentCode = actor.departmentCode;
        const e = decision.event;
        if (e.comment !== undefined) data.comment = e.comment;
        if (e.reason !== undefined) data.reason = e.reason;
        if (e.legalBasis !== undefined) data.legalBasis = e.legalBasis;
        if (e.correctionItems !== undefined) data.correctionItems = e.correctionItems;
        if (e.result !== undefined) data.result = e.result as CaseResultT;
        if (last.branchFrom !== undefined) data.branchFrom = last.branchFrom;
        if (last.branchTo !== undefined) data.branchTo = last.branchTo;
        if (resubmission.materials)
          data.materials = resubmission.materials.map((m) => ({ code: m.code, sha256: m.sha256 }));
        const event: repo.EventRow = {
          case_id: id,
          seq: updated.seq,
          region_code: row.region_code,
          at: w.now,
          actor_id: access.principal.accountId,
          actor_name: access.as === 'applicant' ? row.applicant_name_masked : access.principal.displayName,
          actor_organisation: access.as === 'applicant' ? APPLICANT : (names.get(lineDepartment)?.zh ?? lineDepartment),
          actor_roles: actor.roles,
          is_applicant: actor.isApplicant,
          action: body.action,
          branch: e.branch ?? null,
          from_state: last.from,
          to_state: last.to,
          data,
        };
        await repo.insertEvent(inTx(w), { ...event, data: JSON.stringify(data) });
        await this.writeWork(w, updated, projection.workItems, updated.seq, true);
        written = { row: updated, events: [...events, event], work: projection.workItems };
        await w.audit({
          action: `applications.case.${body.action}`,
          resourceType: 'case',
          resourceId: id,
          regionCode: row.region_code,
          change: { seq: updated.seq, from: last.from, to: last.to, branch: e.branch ?? null, ...data },
        });
        await this.emitChanged(w, updated, body.action, next, def, names);
      }),
    );
    const after = written as { row: CaseRow; events: repo.EventRow[]; work: repo.WorkItemRow[] } | null;
    return this.view(after!.row, access, { events: after!.events, work: after!.work });
  }

  private async filedPromise(row: CaseRow): Promise<TimeLimit> {
    const limits = await Promise.all(
      row.items.map(async (it) => (await this.deps.catalog.resolveItem(it.code, it.version))?.data.promisedLimit),
    );
    return limits.filter((l): l is TimeLimit => l !== undefined).reduce(longer);
  }

  private async checkResubmission(row: CaseRow, accountId: string, body: ActionBodyT) {
    const filed = await this.filedTarget(row);
    const out: { form?: Record<string, unknown>; materials?: StoredMaterial[] } = {};
    if (body.form !== undefined) {
      const form = normaliseForm(body.form);
      const problems = checkForm(filed.form, form, formKey(row.items));
      if (problems.length > 0) throw new AppError(400, 'FORM_INVALID', 'The form has problems', { details: problems });
      out.form = form;
    }
    if (body.materials !== undefined) {
      const { materials, problems } = await this.materialsOf(accountId, body.materials, filed.materials);
      const all = [...checkMaterials(filed.materials, body.materials), ...problems];
      if (all.length > 0)
        throw new AppError(400, 'MATERIALS_INCOMPLETE', 'Some materials are missing or not valid', { details: all });
      out.materials = materials;
    }
    return out;
  }

  async claim(p: Principal | null, id: string, branch: string | undefined, meta: Meta): Promise<CaseViewT> {
    const { row, access } = await this.visibleCase(p, id);
    if (access.as !== 'staff') throw refused('ROLE_NOT_ALLOWED', 'Only staff claim cases');
    const line = branch ?? MAIN_LINE;
    const item = (await repo.workItemsOf(this.db, id)).find((w) => w.branch === line);
    if (!item) throw refused('NOTHING_TO_CLAIM', 'There is no open work on this line of the case');
    const actor = this.actorFor(access, row, item.department_code);
    if (!actor || !item.roles.some((r) => actor.roles.includes(r)))
      throw refused('ROLE_NOT_ALLOWED', 'You hold no role for this step');
    await this.changingWork(() =>
      command(this.p, actorRef(access.principal, meta), async (w) => {
        const ok = await repo.claimWorkItem(
          inTx(w),
          id,
          line,
          { id: access.principal.accountId, name: access.principal.displayName },
          w.now,
        );
        if (!ok) throw conflict('CASE_CLAIMED', `${item.claimed_by_name ?? 'Someone'} has claimed this case`);
        await w.audit({
          action: 'applications.case.claimed',
          resourceType: 'case',
          resourceId: id,
          regionCode: row.region_code,
          detail: { branch: line || null },
        });
      }),
    );
    return this.view((await repo.caseById(this.db, id))!, access);
  }

  async release(p: Principal | null, id: string, branch: string | undefined, meta: Meta): Promise<CaseViewT> {
    const { row, access } = await this.visibleCase(p, id);
    if (access.as !== 'staff') throw refused('ROLE_NOT_ALLOWED', 'Only staff release cases');
    const line = branch ?? MAIN_LINE;
    await this.changingWork(() =>
      command(this.p, actorRef(access.principal, meta), async (w) => {
        const ok = await repo.releaseWorkItem(inTx(w), id, line, access.principal.accountId);
        if (!ok) throw conflict('NOT_CLAIMED_BY_YOU', 'You have not claimed this case');
        await w.audit({
          action: 'applications.case.released',
          resourceType: 'case',
          resourceId: id,
          regionCode: row.region_code,
          detail: { branch: line || null },
        });
      }),
    );
    return this.view((await repo.caseById(this.db, id))!, access);
  }

  // ---------------------------------------------------------------------------------------
  // Inbox

  async inbox(p: Principal | null, q: InboxQueryT & { page: number; pageSize: number }) {
    const { principal, posts } = policy.inbox(p);
    const scopes = departmentScopes(posts);
    const now = this.p.clock.now();
    const filter: repo.InboxFilter = {
      scopes,
      accountId: principal.accountId,
      scope: q.scope ?? 'all',
      state: q.state,
      itemCode: q.itemCode,
      departmentCode: q.departmentCode,
      flag: q.flag,
      q: q.q,
      sort: q.sort ?? 'deadline',
      now,
      atRiskBefore: new Date(now.getTime() + AT_RISK_MS),
      offset: (q.page - 1) * q.pageSize,
      limit: q.pageSize,
    };
    // The counts (badges and the listed total) are the costly part. Per filter (scope and flag
    // included: the total depends on them) they are counted once and shared by the requests
    // arriving together; kept while this node changes no work item (other nodes' changes show
    // within COUNTS_TTL_MS); once older than that they are still answered for another
    // COUNTS_TTL_MS while a fresh count runs in the background, then counted again first.
    const countsKey = JSON.stringify([
      scopes,
      filter.accountId,
      filter.scope,
      filter.state,
      filter.itemCode,
      filter.departmentCode,
      filter.flag,
      filter.q,
    ]);
    const version = this.workVersion; // as of before counting: a change committed meanwhile makes the entry stale
    const count = (): InboxCountsEntry => {
      const numbers = repo.inboxCounts(this.db, filter);
      const fresh = { numbers, version, countedAt: now.getTime(), refreshing: false };
      numbers.catch(() => {
        if (this.inboxCounts.get(countsKey) === fresh) this.inboxCounts.delete(countsKey);
      });
      if (this.inboxCounts.size > 5_000) this.inboxCounts.clear();
      this.inboxCounts.set(countsKey, fresh);
      return fresh;
    };
    let entry = this.inboxCounts.get(countsKey);
    const age = entry ? now.getTime() - entry.countedAt : Infinity;
    if (!entry || entry.version !== version || age < 0 || age > 2 * COUNTS_TTL_MS) entry = count();
    else if (age > COUNTS_TTL_MS && !entry.refreshing) {
      entry.refreshing = true;
      const next = count();
      this.inboxCounts.set(countsKey, entry); // keep answering the old numbers until the new ones are in
      next.numbers.then(
        () => this.inboxCounts.set(countsKey, next),
        () => undefined,
      );
    }
    const [rows, { counts, total }] = await Promise.all([repo.inboxPage(this.db, filter), entry.numbers]);
    const defs = new Map<string, ProcessDefinition>();
    const items = await Promise.all(
      rows.map(async (r) => {
        const names = this.stateNames(defs, r);
        const { stateName, branchName } = await names;
        return {
          caseId: r.case_id,
          caseNumber: r.case_number,
          title: { zh: r.title_zh, en: r.title_en },
          branch: r.branch === MAIN_LINE ? null : r.branch,
          branchName,
          state: r.state,
          stateName,
          departmentCode: r.department_code,
          roles: r.roles,
          applicantName: r.applicant_name_masked,
          submittedAt: r.submitted_at.toISOString(),
          deadlineAt: iso(r.deadline_at),
          ...flags(r.deadline_at, now),
          claimedBy: r.claimed_by ? { id: r.claimed_by, name: r.claimed_by_name ?? '' } : null,
        };
      }),
    );
    return { items, total, counts };
  }

  /** The names of a work item's state, from its case's process (cached per process key). */
  private async stateNames(cache: Map<string, ProcessDefinition>, r: repo.WorkItemRow) {
    let def = cache.get(r.process_key);
    if (!def) {
      def = await this.definition(r.process_key);
      cache.set(r.process_key, def);
    }
    return lineNames(def, r.branch, r.state);
  }

  // ---------------------------------------------------------------------------------------
  // Deadlines

  /** A line's time limit passed: tell whoever holds it and the department's supervisors, once. */
  async onDeadline(job: Job<{ caseId: string; branch: string; seq: number }>): Promise<void> {
    const { caseId, branch, seq } = job.payload;
    const row = await repo.caseById(this.db, caseId);
    if (!row || row.seq !== seq) return; // the case moved on: this deadline no longer runs
    const item = (await repo.workItemsOf(this.db, caseId)).find((w) => w.branch === branch);
    if (!item?.deadline_at || item.deadline_at.getTime() > this.p.clock.now().getTime()) return;
    const supervisors = await this.deps.org.accountsWithRole(
      row.region_code,
      item.department_code,
      item.claimed_by ? ['supervisor'] : ['supervisor', ...item.roles.filter((r) => r !== APPLICANT)],
    );
    const notify = [...new Set([...(item.claimed_by ? [item.claimed_by] : []), ...supervisors])];
    await command(this.p, { accountId: null, kind: 'system', requestId: null, ip: null }, async (w) => {
      await w.audit({
        action: 'applications.case.overdue',
        resourceType: 'case',
        resourceId: caseId,
        regionCode: row.region_code,
        detail: { branch: branch || null, state: item.state, deadlineAt: item.deadline_at!.toISOString() },
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
          deadlineAt: item.deadline_at!.toISOString(),
          notifyAccountIds: notify,
        },
        row.region_code,
      );
    });
  }

  // ---------------------------------------------------------------------------------------
  // Projection, work items and views

  /** The open work for a derived state: one line per group of acting roles (the applicant's turn is not staff work). */
  private project(def: ProcessDefinition, state: CaseState, row: CaseRow, previous: repo.WorkItemRow[]) {
    const limits = currentTimeLimits(def, state);
    const workItems: ApplicationsTables['applications.work_items'][] = [];
    for (const group of actingRoles(def, state)) {
      const roles = group.roles.filter((r) => r !== APPLICANT);
      if (roles.length === 0) continue;
      const line = group.branch ?? MAIN_LINE;
      const limit = limits.find((l) => (l.branch ?? MAIN_LINE) === line);
      const lineState = group.branch ? state.branches![group.branch]!.state : state.state;
      const sinceAt = group.branch ? state.branches![group.branch]!.since : state.since;
      const since = sinceAt ? new Date(sinceAt.at) : row.last_submitted_at;
      const kept = previous.find((w) => w.branch === line && w.state === lineState);
      workItems.push({
        case_id: row.id,
        branch: line,
        region_code: row.region_code,
        department_code: group.departmentCode ?? row.department_code,
        roles,
        role_mask: repo.roleMask(roles),
        state: lineState,
        case_number: row.case_number,
        title_zh: row.title_zh,
        title_en: row.title_en,
        item_code: row.item_code,
        applicant_name_masked: row.applicant_name_masked,
        process_key: row.process_key,
        submitted_at: row.submitted_at,
        since: kept?.since ?? since,
        deadline_at: limit ? deadlineFor(since, limit.limit) : null,
        claimed_by: kept?.claimed_by ?? null,
        claimed_by_name: kept?.claimed_by_name ?? null,
        claimed_at: kept?.claimed_at ?? null,
      });
    }
    const deadlines = workItems.map((w) => w.deadline_at).filter((d): d is Date => d !== null);
    return {
      workItems,
      deadlineAt: deadlines.length ? new Date(Math.min(...deadlines.map((d) => d.getTime()))) : null,
    };
  }

  private async writeWork(
    w: Work<ApplicationsEvents>,
    row: CaseRow,
    items: ApplicationsTables['applications.work_items'][],
    seq: number,
    replace = false,
  ) {
    this.workVersion++;
    if (replace) await repo.deleteWorkItems(inTx(w), row.id);
    await repo.insertWorkItems(inTx(w), items);
    for (const item of items) {
      if (!item.deadline_at) continue;
      await scheduleJob(
        w.tx,
        {
          kind: DEADLINE_JOB,
          key: `deadline:${row.id}:${item.branch || '-'}:${seq}`,
          payload: { caseId: row.id, branch: item.branch, seq },
          runAt: item.deadline_at,
          regionCode: row.region_code,
        },
        w.now,
      );
    }
  }

  /** `names` are loaded before the transaction: on PGlite's one connection a query outside it would wait for it. */
  private async emitChanged(
    w: Work<ApplicationsEvents>,
    row: CaseRow,
    action: string,
    state: CaseState,
    def: ProcessDefinition,
    names: Map<string, LocalText>,
  ) {
    const stateName = findState(def, state.state)?.name ?? { zh: state.state, en: state.state };
    const department = names.get(row.department_code) ?? { zh: row.department_code, en: row.department_code };
    await w.emit(
      CASE_CHANGED,
      {
        caseId: row.id,
        caseNumber: row.case_number,
        regionCode: row.region_code,
        applicantAccountId: row.applicant_account_id,
        title: { zh: row.title_zh, en: row.title_en },
        action,
        status: row.status,
        headline: headline({
          status: row.status,
          state: state.state,
          stateName,
          department,
          ...partsOf(def, state),
          ...(state.correction ? { correctionItems: state.correction.items.length } : {}),
        }),
        ...(state.correction ? { correctionItems: state.correction.items } : {}),
      },
      row.region_code,
    );
  }

  /** The case for `access`; `known` history and work items (just written) save reading them back. */
  private async view(
    row: CaseRow,
    access: Access,
    known?: { events: repo.EventRow[]; work: repo.WorkItemRow[] },
  ): Promise<CaseViewT> {
    const def = await this.definition(row.process_key);
    const events = known?.events ?? (await repo.eventsOf(this.db, row.id));
    const state = deriveState(def, events.map(toCaseEvent));
    const work = known?.work ?? (await repo.workItemsOf(this.db, row.id));
    const names = await this.deps.org.departmentNames();
    const now = this.p.clock.now();
    const dept = (code: string): LocalText => names.get(code) ?? { zh: code, en: code };
    const current = findState(def, state.state);
    const stateName = current?.name ?? { zh: row.state, en: row.state };
    const status = statusOf(state);
    const rejectEvent = state.outcome === 'rejected' ? [...events].reverse().find((e) => e.data.reason) : undefined;
    const resultEvent = [...events].reverse().find((e) => e.data.result && e.branch === null);
    const mainLine = work.find((w) => w.branch === MAIN_LINE);

    // The viewer's buttons: per department they work in, the actions of the lines that department owns.
    const actions: CaseViewT['actions'] = [];
    const departments = access.as === 'applicant' ? [null] : [...new Set(access.posts.map((p) => p.departmentCode!))];
    for (const d of departments) {
      const actor = d === null ? this.actorFor(access, row, row.department_code) : this.actorFor(access, row, d);
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
        const actor = this.actorFor(access, row, w.department_code);
        if (!actor || !w.roles.some((r) => actor.roles.includes(r))) continue;
        if (w.claimed_by === null) claimable.push(w.branch || null);
        else if (w.claimed_by === access.principal.accountId) releasable.push(w.branch || null);
      }
    }
    const department = dept(row.department_code);
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
      ...summaryOf(row, status, state.state, stateName, department, words),
      itemCode: row.item_code,
      itemVersion: row.item_version,
      bundleCode: row.bundle_code,
      items: row.items,
      processCode: def.code,
      handledBy: handledBy(status, department, stateName, mainLine?.claimed_by_name ?? null),
      seq: row.seq,
      deadlineAt: iso(row.deadline_at),
      ...flags(status === 'in_progress' ? row.deadline_at : null, now),
      outcome: state.outcome ?? null,
      result: resultEvent?.data.result ?? null,
      rejection: rejectEvent
        ? { reason: rejectEvent.data.reason!, legalBasis: rejectEvent.data.legalBasis ?? '' }
        : null,
      correction: state.correction ? { items: state.correction.items } : null,
      branches: branchViews(def, state, events, work),
      form: JSON.parse(this.p.protector.open(row.form_sealed, FORM_CONTEXT)) as Record<string, unknown>,
      materials: row.materials.map(materialView),
      history: events.map((e) => historyEntry(def, e)),
      actions,
      claimable,
      releasable,
    };
  }
}

// -----------------------------------------------------------------------------------------
// Helpers

/** A file name to keep and show: path separators and control characters replaced, at most 200 characters. */
function safeFileName(name: string): string {
  return [...name]
    .map((ch) => (ch === '/' || ch === '\\' || ch.charCodeAt(0) < 0x20 ? '_' : ch))
    .join('')
    .slice(0, 200);
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

/** The fields a case list and a case view share. */
function summaryOf(
  r: SummaryRow,
  status: Status,
  state: string,
  stateName: LocalText,
  department: LocalText,
  words: LocalText,
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
    closedAt: iso(r.closed_at),
  };
}

/** 服务对象: an enterprise service is applied for acting as the enterprise, a personal one as oneself. */
function checkApplicantKind(target: Target, p: Principal): void {
  const asEnterprise = p.actingAs !== null;
  if (asEnterprise && !target.targetUsers.includes('enterprise')) {
    throw new AppError(
      403,
      'PERSON_REQUIRED',
      'This service is for individuals: stop acting as an enterprise to apply',
    );
  }
  if (!asEnterprise && !target.targetUsers.includes('person')) {
    throw new AppError(403, 'ENTERPRISE_REQUIRED', 'This service is for enterprises: act as your enterprise to apply');
  }
}

function actorRef(p: Principal, meta: Meta): ActorRef {
  return { accountId: p.accountId, kind: p.kind, requestId: meta.requestId, ip: meta.ip };
}

const isUniqueViolation = (err: unknown): boolean => {
  const e = err as { code?: string; cause?: { code?: string } };
  return e?.code === '23505' || e?.cause?.code === '23505' || (err instanceof AppError && err.code === 'CONFLICT');
};

/** 330383-20261125-00000123: region code, the date in China, a number from a sequence. */
export function formatCaseNumber(regionCode: string, at: Date, serial: number): string {
  const china = new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 10).replaceAll('-', '');
  return `${regionCode}-${china}-${String(serial).padStart(8, '0')}`;
}

/** Names the version of a case's form: its items and their versions. */
const formKey = (items: readonly CaseItem[]): string => items.map((i) => `${i.code}@${i.version}`).join('+');

function branchDepartments(def: ProcessDefinition): string[] {
  return def.states.flatMap((s) => (s.branches ?? []).map((b) => b.departmentCode));
}

function statusOf(state: CaseState): Status {
  if (state.outcome) return state.outcome;
  if (state.correction) return 'correction';
  return 'in_progress';
}

function partsOf(def: ProcessDefinition, state: CaseState): { parts?: { total: number; done: number } } {
  if (findState(def, state.state)?.kind !== 'parallel' || !state.branches) return {};
  const all = Object.values(state.branches);
  return { parts: { total: all.length, done: all.filter((b) => b.done).length } };
}

function flags(deadline: Date | null, now: Date): { overdue: boolean; atRisk: boolean } {
  if (!deadline) return { overdue: false, atRisk: false };
  const left = deadline.getTime() - now.getTime();
  return { overdue: left < 0, atRisk: left >= 0 && left < AT_RISK_MS };
}

function regionScopes(posts: readonly Post[]): { regionCode: string; codes: string[] }[] {
  const by = new Map<string, Set<string>>();
  for (const p of posts) {
    if (!by.has(p.regionCode)) by.set(p.regionCode, new Set());
    by.get(p.regionCode)!.add(p.departmentCode!);
  }
  return [...by].map(([regionCode, codes]) => ({ regionCode, codes: [...codes] }));
}

/** Per (region, department), the handling roles held there. */
function departmentScopes(posts: readonly Post[]): { regionCode: string; departmentCode: string; roles: string[] }[] {
  const by = new Map<string, { regionCode: string; departmentCode: string; roles: Set<string> }>();
  for (const p of posts) {
    const key = `${p.regionCode}/${p.departmentCode}`;
    if (!by.has(key)) by.set(key, { regionCode: p.regionCode, departmentCode: p.departmentCode!, roles: new Set() });
    p.roles.filter((r) => (HANDLING_ROLES as readonly string[]).includes(r)).forEach((r) => by.get(key)!.roles.add(r));
  }
  return [...by.values()].map((s) => ({ ...s, roles: [...s.roles] }));
}

function lineNames(
  def: ProcessDefinition,
  branch: string,
  state: string,
): { stateName: LocalText; branchName: LocalText | null } {
  if (branch === MAIN_LINE)
    return { stateName: findState(def, state)?.name ?? { zh: state, en: state }, branchName: null };
  for (const s of def.states) {
    const b = s.branches?.find((x) => x.code === branch);
    if (b)
      return {
        stateName: b.states.find((x) => x.code === state)?.name ?? { zh: state, en: state },
        branchName: b.name,
      };
  }
  return { stateName: { zh: state, en: state }, branchName: null };
}

function toCaseEvent(e: repo.EventRow): CaseEvent {
  const d = e.data;
  const event: CaseEvent = {
    seq: e.seq,
    at: e.at.toISOString(),
    actor: {
      id: e.actor_id ?? 'system',
      roles: e.actor_roles,
      isApplicant: e.is_applicant,
      ...(d.departmentCode ? { departmentCode: d.departmentCode } : {}),
    },
    action: e.action,
  };
  if (e.branch !== null) event.branch = e.branch;
  if (d.comment !== undefined) event.comment = d.comment;
  if (d.reason !== undefined) event.reason = d.reason;
  if (d.legalBasis !== undefined) event.legalBasis = d.legalBasis;
  if (d.correctionItems !== undefined) event.correctionItems = d.correctionItems;
  if (d.result !== undefined) event.result = d.result;
  return event;
}

function actionName(def: ProcessDefinition, e: repo.EventRow): LocalText {
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
    comment: e.data.comment ?? null,
    reason: e.data.reason ?? null,
    legalBasis: e.data.legalBasis ?? null,
    correctionItems: e.data.correctionItems ?? null,
    result: e.data.result ?? null,
  };
}

/**
 * Each department's part of a parallel state (joint review, a bundle): where it stands now or,
 * once the parts have joined, how each ended and with what result (one combined result).
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
  return (parallel.branches ?? []).map((b) => {
    const own = events.filter((e) => e.branch === b.code && e.from_state === parallel.code);
    const last = own[own.length - 1];
    const live = parallel === current ? state.branches?.[b.code] : undefined;
    const code = live?.state ?? last?.data.branchTo ?? b.start;
    const def = b.states.find((s) => s.code === code);
    const w = work.find((x) => x.branch === b.code);
    return {
      code: b.code,
      name: b.name,
      departmentCode: b.departmentCode,
      state: code,
      stateName: def?.name ?? { zh: code, en: code },
      done: def?.kind === 'terminal',
      outcome: def?.terminalOutcome ?? null,
      deadlineAt: iso(w?.deadline_at ?? null),
      claimedBy: w?.claimed_by ? { id: w.claimed_by, name: w.claimed_by_name ?? '' } : null,
      result: last?.data.result ?? null,
      rejection: last?.data.reason ? { reason: last.data.reason, legalBasis: last.data.legalBasis ?? '' } : null,
    };
  });
}

function materialView(m: StoredMaterial) {
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
