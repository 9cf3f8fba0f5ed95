/**
 * The data tracker (谁查了我的数据, after Estonia's Andmejälgija): every read of a person's or
 * an enterprise's data by someone other than themselves, from the access log, with the
 * department, the staff member or system, the fields, the purpose, the legal basis and the
 * case; filtered and keyset-paginated (the newest first).
 *
 * - A citizen sees the reads of their own data (by their ID number's blind index) and never
 *   another's. An enterprise's legal representative and its authorised agents see the
 *   enterprise's (by its USCC's blind index).
 * - Law enforcement may hide a read of theirs until a date (an audited staff action of a
 *   post in a law-enforcement department): the person sees it once the date has passed.
 */
import type { Kysely } from 'kysely';
import { principalActor, requirePrincipal, type Principal, type RequestOrigin } from '../../platform/auth.ts';
import type { Platform } from '../../platform/context.ts';
import type { EventMap } from '../../platform/outbox.ts';
import { command } from '../../platform/context.ts';
import { scoped } from '../../platform/db.ts';
import { AppError, forbidden, notFound } from '../../platform/errors.ts';
import { uuidv7 } from '../../platform/ids.ts';
import type { IdentityService } from '../identity/index.ts';
import type { OrgService } from '../org/index.ts';
import * as repo from './exchange.tracker.repository.ts';
import type { TrackerEntryT, TrackerQueryT } from './exchange.tracker.schemas.ts';

/** Departments whose reads may be hidden from the person for a time (public security, law enforcement). */
export const LAW_ENFORCEMENT_DEPARTMENTS: ReadonlySet<string> = new Set(['PSB', 'CLE']);
/** The posts of such a department that decide to hide a read. */
const HIDING_ROLES = new Set(['approver', 'department_admin']);
/** The longest a read may stay hidden. */
const MAX_HIDING_DAYS = 366 * 2;
const DAY = 86_400_000;
/** Resource types whose entries link to the resource's page: a mini-app (superapp) that received claims. */
const LINKED_RESOURCES: ReadonlySet<string> = new Set(['superapp.app']);

export interface TrackerDeps {
  identity: Pick<IdentityService, 'identityFacts' | 'enterprisesOfAccount'>;
  org: Pick<OrgService, 'departmentNames'>;
  /** The blind indexes of an enterprise's USCC (the subject index of its registry records and reads). */
  enterpriseIndexes(uscc: string): string[];
}

const invalidCursor = () => new AppError(400, 'VALIDATION_FAILED', 'The cursor is not one this list gave');

export function encodeCursor(k: repo.Keyset): string {
  return Buffer.from(`${k.at.toISOString()}|${k.id}`).toString('base64url');
}

export function decodeCursor(cursor: string): repo.Keyset {
  const [at, id, ...rest] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const when = new Date(at ?? '');
  if (rest.length > 0 || !id || !/^[0-9a-f-]{36}$/.test(id) || Number.isNaN(when.getTime())) throw invalidCursor();
  return { at: when, id };
}

export class Tracker {
  private readonly db: Kysely<repo.TrackerTables>;
  private readonly p: Platform<EventMap>;
  private readonly deps: TrackerDeps;

  constructor(p: Platform<EventMap>, deps: TrackerDeps) {
    this.p = p;
    this.deps = deps;
    this.db = scoped<repo.TrackerTables>(p.db);
  }

  /** Reads of the signed-in citizen's own data. */
  async mine(p: Principal | null, q: TrackerQueryT) {
    const principal = requirePrincipal(p);
    if (principal.kind !== 'citizen') throw forbidden('The data tracker shows a citizen the reads of their own data');
    const facts = await this.deps.identity.identityFacts(principal.accountId);
    // Without a verified ID number nothing can be about them yet.
    if (!facts) return { items: [], nextCursor: null };
    return this.page(facts.idNumberIndexes, q);
  }

  /** Reads of an enterprise's data, for its legal representative and authorised agents. */
  async ofEnterprise(p: Principal | null, enterpriseId: string, q: TrackerQueryT) {
    const principal = requirePrincipal(p);
    if (principal.kind !== 'citizen') throw forbidden('The data tracker shows a citizen the reads of their own data');
    const mine = await this.deps.identity.enterprisesOfAccount(principal.accountId);
    const e = mine.find((x) => x.id === enterpriseId);
    // An enterprise the account does not act for answers like one that does not exist.
    if (!e) throw notFound('ENTERPRISE_NOT_FOUND', 'No such enterprise among yours');
    return this.page(this.deps.enterpriseIndexes(e.uscc), q);
  }

  private async page(indexes: string[], q: TrackerQueryT) {
    const limit = q.limit ?? 20;
    const after = q.cursor ? decodeCursor(q.cursor) : null;
    const rows = await repo.entriesOf(
      this.db,
      indexes,
      {
        departmentCode: q.department,
        purpose: q.purpose,
        from: q.from ? new Date(q.from) : undefined,
        to: q.to ? new Date(q.to) : undefined,
        field: q.field,
        outcome: q.outcome,
        caseNumber: q.caseNumber,
      },
      after,
      limit + 1,
      this.p.clock.now(),
    );
    const more = rows.length > limit;
    const shown = more ? rows.slice(0, limit) : rows;
    const names = await this.deps.org.departmentNames();
    // Entries that link to a page of their own (a mini-app's, superapp) carry their resource's id.
    const linked = await repo.resourceIdsOf(
      this.db,
      shown.filter((r) => LINKED_RESOURCES.has(r.resource_type)).map((r) => r.id),
    );
    const items: TrackerEntryT[] = shown.map((r) => {
      const dept = r.department_code ? names.get(r.department_code) : undefined;
      return {
        id: r.id,
        at: r.at.toISOString(),
        subjectKind: r.subject_kind === 'enterprise' ? 'enterprise' : 'person',
        department: r.department_code
          ? { code: r.department_code, name: dept?.zh ?? r.department_code, nameEn: dept?.en ?? r.department_code }
          : null,
        accessor: { kind: r.system_id ? 'system' : 'staff', name: r.accessor_name },
        organisation: r.organisation,
        fields: r.fields,
        purpose: r.purpose,
        legalBasis: r.legal_basis,
        caseNumber: r.case_number,
        outcome: r.outcome === 'refused' ? 'refused' : 'read',
        refusal: r.refusal,
        resourceType: r.resource_type,
        resourceId: linked.get(r.id) ?? null,
      };
    });
    const last = shown[shown.length - 1];
    return { items, nextCursor: more && last ? encodeCursor({ at: last.at, id: last.id }) : null };
  }

  /**
   * Hide a read by one's law-enforcement department from the person until a date (telling them
   * now would harm an investigation). Audited; the entry shows again once the date has passed.
   */
  async hide(p: Principal | null, entryId: string, body: { until: string; reason: string }, origin: RequestOrigin) {
    const principal = requirePrincipal(p);
    const posts = principal.posts.filter(
      (post) =>
        post.departmentCode &&
        LAW_ENFORCEMENT_DEPARTMENTS.has(post.departmentCode) &&
        post.roles.some((r) => HIDING_ROLES.has(r)),
    );
    if (principal.kind !== 'staff' || posts.length === 0)
      throw forbidden('Only a law-enforcement department’s approver hides a read from the person');
    const entry = await repo.entryById(this.db, entryId);
    // A read by another department answers as if there were none.
    if (!entry || !posts.some((post) => post.departmentCode === entry.department_code))
      throw notFound('NOT_FOUND', 'No such read by your department');
    const until = new Date(body.until);
    const now = this.p.clock.now();
    if (Number.isNaN(until.getTime()) || until <= now || until.getTime() - now.getTime() > MAX_HIDING_DAYS * DAY)
      throw new AppError(
        400,
        'VALUE_OUT_OF_RANGE',
        `A read is hidden for a future date within ${MAX_HIDING_DAYS} days`,
      );
    await command(this.p, principalActor(principal, origin), async (w) => {
      const tx = scoped<repo.TrackerTables>(w.tx);
      await repo.insertHiding(tx, {
        id: uuidv7(w.now.getTime()),
        entry_id: entry.id,
        hidden_until: until,
        reason: body.reason,
        department_code: entry.department_code!,
        hidden_by: principal.accountId,
        created_at: w.now,
      });
      await w.audit({
        action: 'exchange.access.hidden',
        resourceType: 'personal_data_access',
        resourceId: entry.id,
        change: { until: until.toISOString(), reason: body.reason },
        detail: { until: until.toISOString(), department: entry.department_code },
      });
    });
    return { entryId: entry.id, hiddenUntil: until.toISOString() };
  }
}
