/**
 * Requests for data not yet published (公共数据开放申请). A signed-in citizen (or an enterprise's
 * agent, for the enterprise) asks a department for data on the portal: a title, what data, what
 * for. The request lands in that department's queue in the console, where its data officer (or
 * admin) answers it (saying where or when the data is, optionally naming the dataset) or declines
 * it with the reason; the person sees the answer under "my requests" and gets an inbox message.
 * Submitting and answering are audited; a retry with the same Idempotency-Key files nothing twice.
 */
import { principalActor, type Principal, type RequestOrigin } from '../../platform/auth.ts';
import { command } from '../../platform/context.ts';
import { scoped } from '../../platform/db.ts';
import { AppError, conflict, notFound } from '../../platform/errors.ts';
import { uuidv7 } from '../../platform/ids.ts';
import type { OpendataContext } from './opendata.context.ts';
import { policy, type Owner } from './opendata.policy.ts';
import * as repo from './opendata.repository.ts';
import type { RequestStatus } from './opendata.portal.tables.ts';
import type { OpendataTables } from './opendata.tables.ts';

type Row = OpendataTables['opendata.requests'];

export interface DataRequestView {
  id: string;
  title: string;
  description: string;
  purpose: string;
  department: { code: string; name: string; nameEn: string };
  /** The enterprise it was asked for (null: a person's own). */
  enterpriseName: string | null;
  status: RequestStatus;
  answer: string | null;
  /** The dataset the answer points to, if any. */
  datasetName: string | null;
  createdAt: string;
  answeredAt: string | null;
}

export interface NewDataRequest {
  title: string;
  description: string;
  purpose: string;
  departmentCode: string;
}

export interface RequestAnswer {
  decision: 'answered' | 'declined';
  answer: string;
  datasetName?: string | null;
}

const iso = (d: Date | string) => new Date(d).toISOString();

export class DataRequests {
  readonly c: OpendataContext;
  constructor(c: OpendataContext) {
    this.c = c;
  }

  async #views(rows: Row[]): Promise<DataRequestView[]> {
    const departments = new Map((await this.c.deps.departments()).map((d) => [d.code, d]));
    return rows.map((r) => {
      const d = departments.get(r.department_code);
      return {
        id: r.id,
        title: r.title,
        description: r.description,
        purpose: r.purpose,
        department: {
          code: r.department_code,
          name: d?.name ?? r.department_code,
          nameEn: d?.nameEn ?? r.department_code,
        },
        enterpriseName: r.enterprise_name,
        status: r.status,
        answer: r.answer,
        datasetName: r.dataset_name,
        createdAt: iso(r.created_at),
        answeredAt: r.answered_at ? iso(r.answered_at) : null,
      };
    });
  }

  #ownedBy(owner: Owner) {
    const q = this.c.db.selectFrom('opendata.requests').selectAll();
    return owner.enterpriseId
      ? q.where('enterprise_id', '=', owner.enterpriseId)
      : q.where('account_id', '=', owner.accountId).where('enterprise_id', 'is', null);
  }

  /** File a request (the same Idempotency-Key from the same person answers the first). */
  async submit(
    p: Principal | null,
    input: NewDataRequest,
    clientKey: string | null,
    origin: RequestOrigin,
  ): Promise<DataRequestView> {
    const { principal, owner } = policy.requestData(p);
    if (clientKey) {
      const done = await this.c.db
        .selectFrom('opendata.requests')
        .selectAll()
        .where('account_id', '=', owner.accountId)
        .where('client_key', '=', clientKey)
        .executeTakeFirst();
      if (done) return (await this.#views([done]))[0]!;
    }
    if (!(await this.c.deps.departments()).some((d) => d.code === input.departmentCode))
      throw new AppError(422, 'DATASET_DEPARTMENT_UNKNOWN', `No department ${input.departmentCode}`);
    const row = await command(this.c.p, principalActor(principal, origin), async (w) => {
      const r: Row = {
        id: uuidv7(w.now.getTime()),
        account_id: owner.accountId,
        enterprise_id: owner.enterpriseId,
        enterprise_name: owner.enterpriseName,
        client_key: clientKey,
        department_code: input.departmentCode,
        title: input.title.trim(),
        description: input.description.trim(),
        purpose: input.purpose.trim(),
        status: 'submitted',
        answer: null,
        dataset_name: null,
        answered_by: null,
        answered_at: null,
        created_at: w.now,
      };
      const tx = scoped<OpendataTables>(w.tx);
      const inserted = await tx
        .insertInto('opendata.requests')
        .values(r)
        .onConflict((oc) => oc.columns(['account_id', 'client_key']).doNothing())
        .returningAll()
        .executeTakeFirst();
      // The same key at the same moment: the other attempt filed it.
      if (!inserted)
        return (await tx
          .selectFrom('opendata.requests')
          .selectAll()
          .where('account_id', '=', owner.accountId)
          .where('client_key', '=', clientKey)
          .executeTakeFirstOrThrow()) as Row;
      await w.audit({
        action: 'opendata.request.submitted',
        resourceType: 'opendata.request',
        resourceId: r.id,
        regionCode: this.c.deps.regionCode,
        detail: { department: r.department_code, forEnterprise: owner.enterpriseId !== null },
      });
      return r;
    });
    return (await this.#views([row]))[0]!;
  }

  /** The person's own requests (or their enterprise's), newest first. */
  async mine(p: Principal | null): Promise<DataRequestView[]> {
    const { owner } = policy.requestData(p);
    return this.#views(await this.#ownedBy(owner).orderBy('created_at', 'desc').orderBy('id', 'desc').execute());
  }

  /** The requests to the departments the principal looks after, the open ones first, then the newest. */
  async queue(p: Principal | null, status?: RequestStatus): Promise<DataRequestView[]> {
    const { departments } = policy.officer(p);
    const rows = await this.c.db
      .selectFrom('opendata.requests')
      .selectAll()
      .where('department_code', 'in', departments)
      .$if(status !== undefined, (q) => q.where('status', '=', status!))
      .orderBy((eb) => eb.case().when('status', '=', 'submitted').then(0).else(1).end())
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(500)
      .execute();
    return this.#views(rows);
  }

  /** Answer or decline a request to one's department (another department's answers as not found). */
  async answer(p: Principal | null, id: string, input: RequestAnswer, origin: RequestOrigin): Promise<DataRequestView> {
    const { principal, departments } = policy.officer(p);
    const datasetName = input.datasetName?.trim() || null;
    if (datasetName) {
      const d = await repo.datasetByName(this.c.db, datasetName);
      if (!d || d.state !== 'active')
        throw new AppError(422, 'OPENDATA_ANSWER_DATASET_UNKNOWN', `${datasetName} is not a public dataset`);
    }
    const row = await command(this.c.p, principalActor(principal, origin), async (w) => {
      const tx = scoped<OpendataTables>(w.tx);
      const found = await tx
        .selectFrom('opendata.requests')
        .selectAll()
        .where('id', '=', id)
        .forUpdate()
        .executeTakeFirst();
      if (!found || !departments.includes(found.department_code))
        throw notFound('OPENDATA_REQUEST_NOT_FOUND', 'No such data request');
      if (found.status !== 'submitted')
        throw conflict('OPENDATA_REQUEST_CLOSED', 'The request has already been answered');
      const set = {
        status: input.decision,
        answer: input.answer.trim(),
        dataset_name: datasetName,
        answered_by: principal.accountId,
        answered_at: w.now,
      };
      await tx.updateTable('opendata.requests').set(set).where('id', '=', id).execute();
      await w.audit({
        action: `opendata.request.${input.decision}`,
        resourceType: 'opendata.request',
        resourceId: id,
        regionCode: this.c.deps.regionCode,
        detail: { department: found.department_code, datasetName },
      });
      const declined = input.decision === 'declined';
      await this.c.deps.notifyAccount(
        w.tx,
        {
          accountId: found.account_id,
          enterpriseId: found.enterprise_id,
          regionCode: this.c.deps.regionCode,
          topic: 'opendata.request.answered',
          title: declined
            ? { zh: '您的数据开放申请未获同意', en: 'Your data request was declined' }
            : { zh: '您的数据开放申请已答复', en: 'Your data request has been answered' },
          body: { zh: `「${found.title}」：${set.answer}`, en: `“${found.title}”: ${set.answer}` },
          link: '/opendata/requests',
          sourceEventId: `opendata.request:${id}`,
        },
        w.now,
      );
      return { ...found, ...set };
    });
    return (await this.#views([row]))[0]!;
  }
}
