/**
 * Reading a registry (the exchange's one read path, X-Road style): every read names its
 * client (the department, or the system), its user (the staff member, or the system), the
 * case and the purpose. It is allowed by a grant of the owning department that covers every
 * field asked for, to the reading department, the service item of the case, or the system;
 * a grant without a statutory duty also needs the person's (or enterprise's) consent for
 * that item. Every read and every refusal is a row of the access log, which the person sees
 * (谁查了我的数据). A refusal is logged outside the caller's transaction, so it stays logged.
 */
import { sql, type Transaction } from 'kysely';
import { AppError } from '../../platform/errors.ts';
import type { Principal } from '../../platform/auth.ts';
import { accessRow, type PersonalDataAccess } from '../../platform/pii.ts';
import {
  RECORD_CONTEXT,
  subjectKindOf,
  type ExchangeContext,
  type GrantRow,
  type Subject,
} from './exchange.context.ts';
import { policy } from './exchange.policy.ts';
import { qualifiedField, registryOf, type RegistryCode } from './exchange.registries.ts';
import type { ExchangeTables, RecordStatus } from './exchange.tables.ts';

/** Who reads: a staff member for a department, or a system (a filing, an external system). */
export type Requester =
  | { kind: 'staff'; principal: Principal; departmentCode: string }
  | { kind: 'system'; system: string; name: string; departmentCode: string | null };

export interface ReadRequest {
  registry: string;
  subject: Subject;
  fields: readonly string[];
  purpose: string;
  /** Only records of this type (a registry of documents holds many). */
  recordType?: string | undefined;
  caseNumber?: string | null | undefined;
  /** The service item the read is for (a grant to an item; the consent is per item). */
  itemCode?: string | null | undefined;
  requestId?: string | null | undefined;
  /** A law-enforcement read: the person sees it only from this time on. */
  hiddenUntil?: Date | null | undefined;
}

export type RecordValue = string | number | boolean | null;

export interface RecordView {
  registry: RegistryCode;
  recordId: string;
  recordType: string;
  version: number;
  values: Record<string, RecordValue>;
  digest: string;
  issuedAt: string;
  /** The record's standing: an issued certificate may have been revoked or suspended by its issuer. */
  status: RecordStatus;
  readAt: string;
  grantId: string;
}

export type RefusalCode =
  'EXCHANGE_NO_GRANT' | 'EXCHANGE_GRANT_ENDED' | 'EXCHANGE_FIELD_NOT_GRANTED' | 'EXCHANGE_CONSENT_REQUIRED';

export const REFUSALS: Record<RefusalCode, string> = {
  EXCHANGE_NO_GRANT: 'No sharing grant lets you read this registry',
  EXCHANGE_GRANT_ENDED: 'The sharing grant has ended or was revoked',
  EXCHANGE_FIELD_NOT_GRANTED: 'A field asked for is outside the sharing grant',
  EXCHANGE_CONSENT_REQUIRED: "The person's consent is needed (none was given, or it was withdrawn)",
};

const isActive = (g: GrantRow, now: Date) =>
  g.starts_at.getTime() <= now.getTime() && (g.ends_at === null || g.ends_at.getTime() > now.getTime());

type RecordRow = Pick<
  ExchangeTables['exchange.records'],
  'id' | 'record_type' | 'version' | 'data_enc' | 'digest' | 'issued_at' | 'status'
>;

type AccessRow = ReturnType<typeof accessRow>;

/** One read in the reads' statement: whose records, and the access-log row to write. */
interface LoggedPart {
  req: ReadRequest;
  registry: string;
  indexes: string[];
  consent: boolean;
  row: AccessRow;
}

/** A row of the read's statement: the consent's verdict, and a record's columns (null when none). */
interface ReadLoggedRow {
  ok: boolean;
  id: string | null;
  record_type: string | null;
  version: number | null;
  data_enc: string | null;
  digest: string | null;
  issued_at: Date | null;
  status: RecordStatus | null;
}

export class RegistryReads {
  private readonly c: ExchangeContext;

  constructor(context: ExchangeContext) {
    this.c = context;
  }

  /** Read a subject's records of a registry under a grant (and consent); logged, refusals too. */
  async read(requester: Requester, req: ReadRequest, tx?: Transaction<object>): Promise<{ records: RecordView[] }> {
    const [got] = await this.readAll([{ requester, req }], tx);
    if ('refused' in got!) throw new AppError(403, got.refused, REFUSALS[got.refused]);
    return got!;
  }

  /**
   * Several reads (a filing's), each allowed by its grant and consent and logged, refusals too;
   * what the grants allow is read in one statement. Each read answers its records, or why it was
   * refused.
   */
  async readAll(
    reads: readonly { requester: Requester; req: ReadRequest }[],
    tx?: Transaction<object>,
  ): Promise<({ records: RecordView[] } | { refused: RefusalCode })[]> {
    for (const { requester } of reads)
      if (requester.kind === 'staff') policy.staffRead(requester.principal, requester.departmentCode);
    const now = this.c.p.clock.now();
    const out: ({ records: RecordView[] } | { refused: RefusalCode })[] = [];
    const parts: (LoggedPart & { at: number; entry: PersonalDataAccess; grant: GrantRow })[] = [];
    for (const { requester, req } of reads) {
      const registry = registryOf(req.registry);
      if (!registry) throw new AppError(404, 'REGISTRY_NOT_FOUND', 'No such registry');
      const indexes = this.c.subjectIndexes(req.subject);
      const entry = this.entryOf(requester, req, indexes[0]!);
      const allowed = await this.allowingGrant(requester, req, now, tx);
      if (typeof allowed === 'string') {
        await this.logRefusal({ ...entry, refusal: allowed }, now, tx);
        out.push({ refused: allowed });
        continue;
      }
      const { grant, consent } = allowed;
      parts.push({
        at: out.length,
        entry,
        grant,
        req,
        registry: registry.code,
        indexes,
        consent,
        row: accessRow({ ...entry, legalBasis: grant.legal_basis }, now),
      });
      out.push({ records: [] });
    }
    // One statement, one commit: the consent checks, the records, and the access-log rows of
    // these reads (or of their refusals for want of consent). Nothing is read that is not logged,
    // and a read is answered only once its log row is committed (or with the caller's transaction).
    const found = await this.readLogged(parts, tx);
    const pr = this.c.p.protector;
    const readAt = now.toISOString();
    for (const [i, part] of parts.entries()) {
      const { consented, rows } = found[i]!;
      if (!consented) {
        // In the caller's transaction the statement logs reads only: the refusal is logged
        // outside it, so it stays logged when the caller rolls back.
        if (tx) await this.logRefusal({ ...part.entry, refusal: 'EXCHANGE_CONSENT_REQUIRED' }, now, tx);
        out[part.at] = { refused: 'EXCHANGE_CONSENT_REQUIRED' };
        continue;
      }
      const records = rows.map((r): RecordView => {
        const all = JSON.parse(pr.open(r.data_enc, RECORD_CONTEXT)) as Record<string, RecordValue>;
        const values: Record<string, RecordValue> = {};
        for (const f of part.req.fields) values[f] = all[f] ?? null;
        return {
          registry: part.registry as RegistryCode,
          recordId: r.id,
          recordType: r.record_type,
          version: r.version,
          values,
          digest: r.digest,
          issuedAt: r.issued_at.toISOString(),
          status: r.status,
          readAt,
          grantId: part.grant.id,
        };
      });
      out[part.at] = { records };
    }
    return out;
  }

  /**
   * Log a refusal outside the caller's transaction, so it stays logged when the caller rolls
   * back. Inside one it is not awaited: on the embedded database the caller's transaction
   * holds the one connection, and the row is written once it ends.
   */
  private async logRefusal(entry: PersonalDataAccess, now: Date, tx: Transaction<object> | undefined): Promise<void> {
    const written = this.c.log.write([entry], now);
    if (!tx) return written;
    written.catch((err: unknown) => this.c.p.log.error({ err }, 'a refused registry read was not logged'));
  }

  private entryOf(requester: Requester, req: ReadRequest, subjectIndex: string): PersonalDataAccess {
    const staff = requester.kind === 'staff' ? requester.principal : null;
    return {
      subjectIndex,
      subjectKind: subjectKindOf(req.subject),
      accessorId: staff?.accountId ?? null,
      accessorName: staff ? staff.displayName : requester.kind === 'system' ? requester.name : '',
      organisation: staff
        ? (staff.posts.find((x) => x.departmentCode === requester.departmentCode)?.departmentName ?? null)
        : null,
      purpose: req.purpose,
      fields: req.fields.map((f) => qualifiedField(req.registry, f)),
      resourceType: 'registry',
      resourceId: null,
      requestId: req.requestId ?? null,
      departmentCode: requester.departmentCode,
      systemId: requester.kind === 'system' ? requester.system : null,
      caseNumber: req.caseNumber ?? null,
      hiddenUntil: req.hiddenUntil ?? null,
    };
  }

  /**
   * The grant that allows this read (and whether the person's consent must be checked too:
   * no statutory duty covers the fields), or why none does.
   */
  private async allowingGrant(
    requester: Requester,
    req: ReadRequest,
    now: Date,
    tx: Transaction<object> | undefined,
  ): Promise<{ grant: GrantRow; consent: boolean } | RefusalCode> {
    const mine = (await this.c.grantsOf(req.registry, tx)).filter(
      (g) =>
        (g.grantee_department_code !== null && g.grantee_department_code === requester.departmentCode) ||
        (g.grantee_item_code !== null && g.grantee_item_code === req.itemCode) ||
        (g.grantee_system_id !== null && requester.kind === 'system' && g.grantee_system_id === requester.system),
    );
    const active = mine.filter((g) => isActive(g, now));
    if (active.length === 0) {
      if (mine.length > 0) return 'EXCHANGE_GRANT_ENDED';
      return (await this.hadRevokedGrant(requester, req, tx)) ? 'EXCHANGE_GRANT_ENDED' : 'EXCHANGE_NO_GRANT';
    }
    const covering = active.filter((g) => req.fields.every((f) => g.fields.includes(f)));
    if (covering.length === 0) return 'EXCHANGE_FIELD_NOT_GRANTED';
    const statutory = covering.find((g) => g.statutory);
    if (statutory) return { grant: statutory, consent: false };
    if (!req.itemCode) return 'EXCHANGE_CONSENT_REQUIRED';
    return { grant: covering[0]!, consent: true };
  }

  /**
   * Each part's records of its registry, and its access-log row, in one statement for all parts.
   * With `consent`, the statement also decides whether the person's latest consent for the item
   * (not withdrawn) covers every field asked for: the records come back only when it does, and
   * the row logged is then a refusal (EXCHANGE_CONSENT_REQUIRED) without them.
   */
  private async readLogged(
    parts: readonly LoggedPart[],
    tx: Transaction<object> | undefined,
  ): Promise<{ consented: boolean; rows: RecordRow[] }[]> {
    if (parts.length === 0) return [];
    const db = this.c.dbOf(tx);
    const ctes = parts.map(({ req, registry, indexes, consent, row }, i) => {
      const [c, r] = [sql.raw(`c${i}`), sql.raw(`r${i}`)];
      const kind = subjectKindOf(req.subject);
      let records = db
        .selectFrom('exchange.records')
        .select(['id', 'record_type', 'version', 'data_enc', 'digest', 'issued_at', 'status'])
        .where('subject_index', 'in', indexes)
        .where('registry_code', '=', registry)
        .where('subject_kind', '=', kind);
      if (req.recordType) records = records.where('record_type', '=', req.recordType);
      const latest = db
        .selectFrom('exchange.consents')
        .select('fields')
        .where('subject_index', 'in', indexes)
        .where('subject_kind', '=', kind)
        .where('item_code', '=', req.itemCode ?? '')
        .where('withdrawn_at', 'is', null)
        .orderBy('version', 'desc')
        .limit(1);
      const wanted = req.fields.map((f) => qualifiedField(req.registry, f));
      const verdict = consent ? sql<boolean>`coalesce((${latest}) @> ${sql.val(wanted)}::text[], false)` : sql`true`;
      // c: the consent's verdict; r: the records, only when c allows; l: the log row (a
      // data-modifying CTE always runs): of the read, or of its refusal when not in a caller's
      // transaction (there the caller logs a refusal outside it).
      return sql`${c} as (select ${verdict} as ok),
      ${r} as (${records.where(sql<boolean>`(select ok from ${c})`)}),
      ${sql.raw(`l${i}`)} as (
        insert into platform.personal_data_access (id, at, subject_index, subject_kind, accessor_id, accessor_name,
          organisation, purpose, fields, resource_type, resource_id, request_id, department_code, system_id,
          case_number, legal_basis, outcome, refusal, hidden_until)
        select ${row.id}::uuid, ${row.at}, ${row.subject_index}, ${row.subject_kind}, ${row.accessor_id}::uuid,
          ${row.accessor_name}, ${row.organisation}, ${row.purpose}, ${sql.val(row.fields)}::text[], ${row.resource_type},
          (select id::text from ${r} order by issued_at desc limit 1), ${row.request_id}, ${row.department_code},
          ${row.system_id}, ${row.case_number},
          case when ${c}.ok then ${row.legal_basis} end,
          case when ${c}.ok then 'read' else 'refused' end,
          case when ${c}.ok then null else 'EXCHANGE_CONSENT_REQUIRED' end,
          ${row.hidden_until}::timestamptz
        from ${c} where ${c}.ok or ${tx === undefined}
      )`;
    });
    // One row per record of each part, or one with r's columns null when it has none.
    const answers = parts.map(
      (_, i) =>
        sql`select ${sql.lit(i)}::int as part, c.ok, r.* from ${sql.raw(`c${i}`)} c left join ${sql.raw(`r${i}`)} r on true`,
    );
    const found = await sql<ReadLoggedRow & { part: number }>`
      with ${sql.join(ctes, sql`, `)}
      select * from (${sql.join(answers, sql` union all `)}) a order by part, issued_at desc`.execute(db);
    const out = parts.map(() => ({ consented: false, rows: [] as RecordRow[] }));
    for (const r of found.rows) {
      const o = out[r.part]!;
      o.consented = r.ok === true;
      if (r.id !== null)
        o.rows.push({
          id: r.id,
          record_type: r.record_type!,
          version: r.version!,
          data_enc: r.data_enc!,
          digest: r.digest!,
          issued_at: r.issued_at!,
          status: r.status!,
        });
    }
    return out;
  }

  /** Whether the requester once had a grant of this registry that was revoked (to say "ended", not "none"). */
  private async hadRevokedGrant(
    requester: Requester,
    req: ReadRequest,
    tx: Transaction<object> | undefined,
  ): Promise<boolean> {
    let q = this.c
      .dbOf(tx)
      .selectFrom('exchange.grants')
      .select('id')
      .where('registry_code', '=', req.registry)
      .where('revoked_at', 'is not', null);
    q = q.where((eb) =>
      eb.or([
        eb('grantee_department_code', '=', requester.departmentCode ?? ''),
        eb('grantee_item_code', '=', req.itemCode ?? ''),
        eb('grantee_system_id', '=', requester.kind === 'system' ? requester.system : ''),
      ]),
    );
    return (await q.limit(1).executeTakeFirst()) !== undefined;
  }
}
