/**
 * Before filing: the applicant's uploads (streamed into the content-addressed blob store,
 * typed by their bytes) and drafts (the form sealed, saved as the applicant types). Both
 * are the signed-in citizen's own; anyone else's answer as not found.
 */
import type { Readable } from 'node:stream';
import { principalActor, type Principal, type RequestOrigin } from '../../platform/auth.ts';
import { command } from '../../platform/context.ts';
import { AppError, badRequest, notFound } from '../../platform/errors.ts';
import { uuidv7 } from '../../platform/ids.ts';
import { DRAFT_CONTEXT, inTx, type Context } from './applications.context.ts';
import { policy } from './applications.policy.ts';
import * as repo from './applications.repository.ts';
import type { AppDb } from './applications.repository.ts';
import type { Filing, TargetRef, Targets } from './applications.targets.ts';
import { materialView } from './applications.views.ts';
import type { MaterialRefIn } from './forms.ts';

type DraftRow = NonNullable<Awaited<ReturnType<typeof repo.draftById>>>;

/** 422: the account keeps too many drafts, or too much in them. */
const draftLimit = (code: 'DRAFT_COUNT' | 'DRAFT_SIZE', message: string) =>
  new AppError(422, 'DRAFT_LIMIT_REACHED', message, { details: [{ path: '/', code, message }] });

/** A file name to keep and show: path separators and control characters replaced, at most 200 characters. */
function safeFileName(name: string): string {
  return [...name]
    .map((ch) => (ch === '/' || ch === '\\' || ch.charCodeAt(0) < 0x20 ? '_' : ch))
    .join('')
    .slice(0, 200);
}

export class Drafts {
  private readonly c: Context;
  private readonly targets: Targets;

  constructor(context: Context, targets: Targets) {
    this.c = context;
    this.targets = targets;
  }

  async upload(p: Principal | null, fileName: string, body: Readable | Uint8Array, origin: RequestOrigin) {
    const principal = policy.upload(p);
    const blob = await this.c.deps.blobs.put(body, {
      maxBytes: this.c.deps.uploadLimitBytes,
      allowed: ['pdf', 'jpeg', 'png'],
    });
    const id = uuidv7();
    const name = safeFileName(fileName);
    return command(this.c.p, principalActor(principal, origin), async (w) => {
      const row = {
        id,
        region_code: this.c.deps.regionCode,
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
    const principal = policy.upload(p);
    const row = await repo.uploadById(this.c.db, id);
    if (!row || row.account_id !== principal.accountId) throw notFound('UPLOAD_NOT_FOUND', 'No such upload');
    return {
      stream: await this.c.deps.blobs.get(row.blob_key),
      mediaType: row.media_type,
      fileName: row.file_name,
      size: Number(row.size),
    };
  }

  /**
   * The content of an upload attached to another module's record (a city event's photo), for that
   * module, which has authorised the reader itself (who may see the record); not a route.
   */
  async attachedUpload(id: string) {
    const row = await repo.uploadById(this.c.db, id);
    if (!row) throw notFound('UPLOAD_NOT_FOUND', 'No such upload');
    return { stream: await this.c.deps.blobs.get(row.blob_key), mediaType: row.media_type, size: Number(row.size) };
  }

  async drafts(p: Principal | null) {
    const principal = policy.own(p);
    return (await repo.draftsOf(this.c.db, principal.accountId)).map((d) => ({
      id: d.id,
      kind: d.kind,
      itemCode: d.item_code,
      bundleCode: d.bundle_code,
      title: { zh: d.title_zh, en: d.title_en },
      updatedAt: d.updated_at.toISOString(),
    }));
  }

  async draft(p: Principal | null, id: string) {
    const principal = policy.own(p);
    return this.draftView(await this.own(principal, id));
  }

  async createDraft(
    p: Principal | null,
    body: TargetRef & { form?: Record<string, unknown> | undefined; materials?: MaterialRefIn[] | undefined },
    origin: RequestOrigin,
  ) {
    const principal = policy.own(p);
    const target = await this.targets.resolve(body);
    const materials = await this.materials(principal.accountId, body.materials ?? [], target);
    const id = uuidv7();
    const sealed = this.sealed(body.form ?? {}, materials);
    await command(this.c.p, principalActor(principal, origin), async (w) => {
      await this.withinCap(inTx(w), principal.accountId, null, sealed.size);
      await repo.insertDraft(inTx(w), {
        id,
        region_code: this.c.deps.regionCode,
        account_id: principal.accountId,
        enterprise_id: principal.actingAs?.enterpriseId ?? null,
        kind: target.kind,
        item_code: target.itemCode,
        bundle_code: target.bundleCode,
        title_zh: target.title.zh,
        title_en: target.title.en,
        form_sealed: sealed.form,
        materials: sealed.materials,
        size_bytes: sealed.size,
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
    origin: RequestOrigin,
  ) {
    const principal = policy.own(p);
    const d = await this.own(principal, id);
    const target = await this.targets.resolve({
      itemCode: d.item_code ?? undefined,
      bundleCode: d.bundle_code ?? undefined,
    });
    const materials = await this.materials(principal.accountId, body.materials, target);
    const sealed = this.sealed(body.form, materials);
    await command(this.c.p, principalActor(principal, origin), async (w) => {
      await this.withinCap(inTx(w), principal.accountId, id, sealed.size);
      await repo.updateDraft(inTx(w), id, {
        form_sealed: sealed.form,
        materials: sealed.materials,
        size_bytes: sealed.size,
        updated_at: w.now,
      });
    });
    return this.draft(p, id);
  }

  /** A draft's form sealed and its materials as stored, with their size as JSON (what the cap counts). */
  private sealed(form: Record<string, unknown>, materials: unknown[]) {
    const formJson = JSON.stringify(form);
    const materialsJson = JSON.stringify(materials);
    return {
      form: this.c.p.protector.seal(formJson, DRAFT_CONTEXT),
      materials: materialsJson,
      size: Buffer.byteLength(formJson) + Buffer.byteLength(materialsJson),
    };
  }

  /**
   * The per-account cap: at most `draftMaxCount` drafts of at most `draftMaxTotalBytes` together.
   * Holds the account's drafts for the transaction, so racing saves are counted one after the other.
   */
  private async withinCap(tx: repo.AppDb, accountId: string, draftId: string | null, size: number): Promise<void> {
    const { draftMaxCount, draftMaxTotalBytes } = this.c.deps.settings;
    await repo.lockDraftsOf(tx, accountId);
    const usage = await repo.draftUsage(tx, accountId, draftId);
    if (draftId === null && usage.count >= draftMaxCount) {
      throw draftLimit('DRAFT_COUNT', `You keep ${usage.count} drafts, the most allowed; submit or delete one first`);
    }
    if (usage.bytes + size > draftMaxTotalBytes) {
      throw draftLimit(
        'DRAFT_SIZE',
        `Your drafts would take ${usage.bytes + size} bytes, more than the ${draftMaxTotalBytes} allowed; shorten this one or delete another`,
      );
    }
  }

  async deleteDraft(p: Principal | null, id: string): Promise<void> {
    const principal = policy.own(p);
    await this.own(principal, id);
    await repo.deleteDraft(this.c.db, id, principal.accountId);
  }

  /** The principal's draft, or DRAFT_NOT_FOUND (also for anyone else's). */
  async own(principal: Principal, id: string, db: AppDb = this.c.db): Promise<DraftRow> {
    const d = await repo.draftById(db, id);
    if (!d || d.account_id !== principal.accountId) throw notFound('DRAFT_NOT_FOUND', 'No such draft');
    return d;
  }

  /** A draft keeps what the applicant has so far (nothing is required yet), but only their own uploads. */
  private async materials(accountId: string, refs: MaterialRefIn[], target: Pick<Filing, 'materials'>) {
    const { materials, problems } = await this.targets.uploaded(accountId, refs, target.materials);
    if (problems.length > 0) throw badRequest('MATERIALS_INVALID', 'Some materials are not valid', problems);
    return materials;
  }

  private draftView(d: DraftRow) {
    return {
      id: d.id,
      kind: d.kind,
      itemCode: d.item_code,
      bundleCode: d.bundle_code,
      title: { zh: d.title_zh, en: d.title_en },
      form: JSON.parse(this.c.p.protector.open(d.form_sealed, DRAFT_CONTEXT)) as Record<string, unknown>,
      materials: d.materials.map(materialView),
      createdAt: d.created_at.toISOString(),
      updatedAt: d.updated_at.toISOString(),
    };
  }
}
