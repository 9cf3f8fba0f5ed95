/**
 * Result files (办结文书): staff attach their uploads (PDF or image, through the same upload
 * and blob store as the applicant's materials) to the action that gives a case its result
 * (办结). The history row keeps them; the applicant (or whoever acts for the applicant
 * enterprise) and staff of the case's departments download them; anyone else is answered as
 * for a case that does not exist. A certificate (电子证照) is attached the same way, with kind
 * 'certificate'.
 */
import type { Principal } from '../../platform/auth.ts';
import { badRequest, notFound } from '../../platform/errors.ts';
import type { CaseViews } from './applications.case-view.ts';
import type { Context } from './applications.context.ts';
import * as repo from './applications.repository.ts';
import type { ActionBodyT } from './applications.schemas.ts';
import type { StoredResultFile } from './applications.tables.ts';
import { resultFilesOf } from './applications.views.ts';

const notAllowed = (message: string) =>
  badRequest('VALIDATION_FAILED', message, [{ path: '/resultFiles', code: 'not_allowed', message }]);

export class Results {
  private readonly c: Context;
  private readonly views: CaseViews;

  constructor(context: Context, views: CaseViews) {
    this.c = context;
    this.views = views;
  }

  /**
   * The files a staff member attaches to an action (checked after the action's policy): only
   * with an action that gives the result, and only their own uploads.
   */
  async attached(staff: Principal, body: ActionBodyT, givesResult: boolean): Promise<StoredResultFile[] | null> {
    if (!body.resultFiles) return null;
    if (!givesResult || staff.kind !== 'staff')
      throw notAllowed('Result files go only with the action that gives the result');
    const ids = body.resultFiles.map((f) => f.uploadId);
    if (new Set(ids).size !== ids.length) throw notAllowed('The same file is attached twice');
    const uploads = new Map((await repo.uploadsOf(this.c.db, staff.accountId, ids)).map((u) => [u.id, u]));
    return body.resultFiles.map((f, i) => {
      const u = uploads.get(f.uploadId);
      if (!u)
        throw badRequest('VALIDATION_FAILED', 'No such upload of yours', [
          { path: `/resultFiles/${i}/uploadId`, code: 'UPLOAD_NOT_FOUND', message: 'No such upload of yours' },
        ]);
      return {
        kind: f.kind,
        uploadId: u.id,
        fileName: u.file_name,
        mediaType: u.media_type,
        size: Number(u.size),
        sha256: u.sha256,
        blobKey: u.blob_key,
      };
    });
  }

  /** A result file's bytes, for whoever may see the case. */
  async resultFile(p: Principal | null, id: string, fileId: string) {
    await this.views.visible(p, id);
    const file = resultFilesOf(await repo.eventsOf(this.c.db, id)).find((f) => f.file.uploadId === fileId)?.file;
    if (!file) throw notFound('RESULT_FILE_NOT_FOUND', 'No such result file on this case');
    return {
      stream: await this.c.deps.blobs.get(file.blobKey),
      mediaType: file.mediaType,
      fileName: file.fileName,
      size: file.size,
    };
  }
}

/** Every result file in a case's history, with the step that attached it. */
