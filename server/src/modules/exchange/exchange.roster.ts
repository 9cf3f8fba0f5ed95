/**
 * The community roster (实有人口): the population registry's record of who lives in which
 * community and grid. Moved here from org, which keeps only the organisation; every personal
 * field is sealed, the name included. Grid workers see their community's (or grid's) roster
 * masked, reveal one resident for a stated purpose (audited and shown to the person), and a
 * new registration whose ID number, name and phone are on the roster is verified by ID.
 */
import type { ActorRef } from '../../platform/audit.ts';
import { requirePrincipal, type Principal } from '../../platform/auth.ts';
import { command, type Platform } from '../../platform/context.ts';
import { scoped } from '../../platform/db.ts';
import { forbidden, notFound } from '../../platform/errors.ts';
import { maskAddress, maskIdNumber, maskName, maskPhone } from '../../platform/masking.ts';
import { PII, recordPersonalDataAccess } from '../../platform/pii.ts';
import type { IdentityService } from '../identity/index.ts';
import * as repo from './exchange.roster-repository.ts';
import type { RosterTables } from './exchange.roster-tables.ts';

export interface RosterMeta {
  requestId: string;
  ip: string | null;
}

/** The roster's policy (as it was in org): grid workers of the community, or of the grid. */
export const rosterPolicy = {
  /**
   * A grid worker sees the roster of the community (or grid) of their post; returns the grid
   * the view is narrowed to (their own, when they asked for the whole community), or null for
   * the whole community. Others see nothing, as if it did not exist.
   */
  readResidents: (p: Principal | null, communityId: string, gridId: string | null): string | null => {
    const principal = requirePrincipal(p);
    const posts = principal.posts.filter(
      (post) => post.roles.includes('grid_worker') && post.communityId === communityId,
    );
    if (posts.some((post) => post.gridId === null)) return gridId;
    if (gridId !== null && posts.some((post) => post.gridId === gridId)) return gridId;
    if (gridId === null && posts.length === 1) return posts[0]!.gridId;
    throw notFound('COMMUNITY_NOT_FOUND', 'No such community roster');
  },
  /** Revealing is for staff; which residents, `mayReadResident` says. */
  revealResident: (p: Principal | null): Principal => {
    const principal = requirePrincipal(p);
    if (principal.kind !== 'staff') throw forbidden();
    return principal;
  },
  mayReadResident: (p: Principal, communityId: string, gridId: string | null): boolean =>
    p.posts.some(
      (post) =>
        post.roles.includes('grid_worker') &&
        post.communityId === communityId &&
        (post.gridId === null || post.gridId === gridId),
    ),
};

export class RosterService {
  private readonly p: Platform;
  private readonly db: repo.RosterDb;
  private readonly identity: Pick<IdentityService, 'identityFacts' | 'markIdVerified'>;

  constructor(platform: Platform, identity: Pick<IdentityService, 'identityFacts' | 'markIdVerified'>) {
    this.p = platform;
    this.db = scoped<RosterTables>(platform.db);
    this.identity = identity;
  }

  /**
   * A newly registered citizen whose ID number, name **and phone** are on a community roster
   * (实有人口) is verified by ID (实名认证) — the government already holds the record, so the
   * person brings no paper. The phone was proven with a one-time code at registration, so the
   * match is not knowledge alone: an ID number and a name are easy to learn (an enterprise's
   * legal representative is public), the person's own phone is not. Runs from the outbox
   * after the registration commits; idempotent.
   */
  async verifyRegistration(accountId: string): Promise<void> {
    const facts = await this.identity.identityFacts(accountId);
    if (!facts || facts.assuranceLevel !== 'registered') return;
    const resident = await repo.residentByIdIndex(this.db, facts.regionCode, facts.idNumberIndexes);
    if (!resident || !resident.phone_enc) return;
    const pr = this.p.protector;
    if (pr.open(resident.name_enc, PII.name) !== facts.name) return;
    const phoneIndex = pr.blindIndex(pr.open(resident.phone_enc, PII.phone), PII.phone);
    if (facts.phoneIndexes.includes(phoneIndex)) await this.identity.markIdVerified(accountId, 'org.community-roster');
  }

  /**
   * Where the person with one of these ID number indexes lives, by the roster (实有人口): their
   * community and grid, and their birth date (from the ID number's 出生日期 digits; 1 January of
   * the roster's birth year when the number has none). Null when the roster has no such resident.
   * For modules that check a resident's standing (cogov); nothing personal leaves but the date.
   */
  async residenceOf(
    regionCode: string,
    idNumberIndexes: readonly string[],
  ): Promise<{ residentId: string; communityId: string; gridId: string | null; birthDate: string } | null> {
    if (idNumberIndexes.length === 0) return null;
    const r = await repo.residenceByIdIndex(this.db, regionCode, idNumberIndexes);
    if (!r) return null;
    const idNumber = this.p.protector.open(r.id_number_enc, PII.citizenId);
    const digits = /^\d{17}[\dXx]$/u.test(idNumber) ? idNumber.slice(6, 14) : null;
    const birthDate = digits
      ? `${digits.slice(0, 4)}-${digits.slice(4, 6)}-${digits.slice(6, 8)}`
      : `${String(r.birth_year).padStart(4, '0')}-01-01`;
    return { residentId: r.id, communityId: r.community_id, gridId: r.grid_id, birthDate };
  }

  /**
   * How many residents the roster has in a city, community or grid, born in or before a year
   * (a vote's eligible electorate, for its turnout). Counts only.
   */
  async countResidents(f: {
    regionCode: string;
    communityId: string | null;
    gridId: string | null;
    bornInOrBefore: number | null;
  }): Promise<number> {
    return Number((await repo.countResidents(this.db, f)).n);
  }

  /**
   * A page of the ID number blind indexes of a city's, community's or grid's residents born in
   * or before a year, in resident order after `after`: a module that writes to a place's
   * residents (cogov's notices) finds their accounts by them (identity). Nothing personal leaves.
   */
  async residentIndexes(
    f: { regionCode: string; communityId: string | null; gridId: string | null; bornInOrBefore: number | null },
    after: string | null,
    limit: number,
  ): Promise<{ residentId: string; idNumberIndex: string }[]> {
    const rows = await repo.residentIndexesPage(this.db, f, after, limit);
    return rows.map((r) => ({ residentId: r.id, idNumberIndex: r.id_number_index }));
  }

  /**
   * A keyed hash (blind index) of the registered address of the resident with one of these ID
   * number indexes, or null when the roster has no address for them: supervision's anomaly flags
   * compare a deciding staff member's with an applicant's without either address leaving here.
   * Spaces and full-width forms are normalised (NFKC) first.
   */
  async addressIndexOf(regionCode: string, idNumberIndexes: readonly string[]): Promise<string | null> {
    if (idNumberIndexes.length === 0) return null;
    const row = await repo.residentAddressByIdIndex(this.db, regionCode, idNumberIndexes);
    if (!row?.address_enc) return null;
    const pr = this.p.protector;
    const address = pr.open(row.address_enc, PII.address).normalize('NFKC').replace(/\s+/gu, '');
    return address ? pr.blindIndex(address, PII.address) : null;
  }

  /** The roster of a community or grid, masked (脱敏). */
  async residents(
    p: Principal | null,
    f: { communityId: string; gridId?: string | undefined; page: number; pageSize: number },
  ) {
    const gridId = rosterPolicy.readResidents(p, f.communityId, f.gridId ?? null);
    const [rows, count] = await repo.residentsPage(this.db, {
      communityId: f.communityId,
      gridId: gridId ?? undefined,
      offset: (f.page - 1) * f.pageSize,
      limit: f.pageSize,
    });
    const pr = this.p.protector;
    return {
      total: Number(count.n),
      items: rows.map((r) => ({
        id: r.id,
        gridId: r.grid_id,
        nameMasked: maskName(pr.open(r.name_enc, PII.name)),
        gender: r.gender,
        birthYear: r.birth_year,
        idNumberMasked: maskIdNumber(pr.open(r.id_number_enc, PII.citizenId)),
        phoneMasked: r.phone_enc ? maskPhone(pr.open(r.phone_enc, PII.phone)) : null,
        addressMasked: r.address_enc ? maskAddress(pr.open(r.address_enc, PII.address)) : null,
      })),
    };
  }

  /** Show one resident in full, for a stated purpose. The read is audited and shown to the person. */
  async revealResident(p: Principal | null, residentId: string, purpose: string, meta: RosterMeta) {
    const principal = rosterPolicy.revealResident(p);
    const r = await repo.residentById(this.db, residentId);
    // One who may not see this resident is told the same as if there were none.
    if (!r || !rosterPolicy.mayReadResident(principal, r.community_id, r.grid_id))
      throw notFound('RESIDENT_NOT_FOUND', 'No such resident');
    const pr = this.p.protector;
    const view = {
      id: r.id,
      name: pr.open(r.name_enc, PII.name),
      gender: r.gender,
      birthYear: r.birth_year,
      idNumber: pr.open(r.id_number_enc, PII.citizenId),
      phone: r.phone_enc ? pr.open(r.phone_enc, PII.phone) : null,
      address: r.address_enc ? pr.open(r.address_enc, PII.address) : null,
    };
    const communityPost = principal.posts.find((x) => x.communityId === r.community_id);
    const organisation = communityPost?.communityName ?? null;
    // A city operator reads for their department (a grid worker for their community).
    const departmentCode = communityPost
      ? null
      : (principal.posts.find((x) => x.departmentCode)?.departmentCode ?? null);
    const actor: ActorRef = {
      accountId: principal.accountId,
      kind: principal.kind,
      requestId: meta.requestId,
      ip: meta.ip,
    };
    await command(this.p, actor, async (w) => {
      await recordPersonalDataAccess(
        w.tx,
        {
          subjectIndex: r.id_number_index,
          accessorId: principal.accountId,
          accessorName: principal.displayName,
          organisation,
          purpose,
          fields: ['name', 'idNumber', 'phone', 'address'],
          resourceType: 'resident',
          resourceId: r.id,
          requestId: meta.requestId,
          departmentCode,
        },
        w.now,
      );
      await w.audit({
        action: 'org.resident.revealed',
        resourceType: 'resident',
        resourceId: r.id,
        regionCode: r.region_code,
        detail: { purpose },
      });
    });
    return view;
  }

  /**
   * Seal the names of roster rows moved from org.residents by the migration (it is SQL and
   * cannot seal) into exchange.residents, batch by batch; a no-op once done. Runs at start.
   */
  async sealImported(batchSize = 1000): Promise<number> {
    if (!(await repo.hasImport(this.db))) return 0;
    const pr = this.p.protector;
    let moved = 0;
    for (;;) {
      const done = await this.p.db.transaction().execute(async (tx) => {
        const db = scoped<RosterTables>(tx);
        const rows = await repo.importBatch(db, batchSize);
        if (rows.length === 0) return true;
        await repo.insertResidents(
          db,
          rows.map(({ name, ...r }) => ({ ...r, name_enc: pr.seal(name, PII.name) })),
        );
        await repo.deleteImported(db, rows);
        moved += rows.length;
        return false;
      });
      if (done) return moved;
    }
  }
}
