/** Organisation: regions, departments, communities and grids, staff posts (the roster is the exchange's). */
import type { Insertable } from 'kysely';
import type { ActorRef } from '../../platform/audit.ts';
import type { Post, PostRole, Principal } from '../../platform/auth.ts';
import { command, type Platform } from '../../platform/context.ts';
import type { OrgEvents } from './org.events.ts';
import { scoped } from '../../platform/db.ts';
import { badRequest, notFound } from '../../platform/errors.ts';
import { uuidv7 } from '../../platform/ids.ts';
import type { IdentityService } from '../identity/index.ts';
import * as repo from './org.repository.ts';
import { policy } from './org.policy.ts';
import type { OrgTables } from './org.tables.ts';

export interface Meta {
  requestId: string;
  ip: string | null;
}

const actor = (p: Principal, m: Meta): ActorRef => ({
  accountId: p.accountId,
  kind: p.kind,
  requestId: m.requestId,
  ip: m.ip,
});

type PostRow = Awaited<ReturnType<typeof repo.postsOf>>[number];
const toPost = (r: PostRow): Post => ({
  id: r.id,
  departmentId: r.department_id,
  departmentCode: r.department_code,
  departmentName: r.department_name,
  regionCode: r.region_code,
  communityId: r.community_id,
  communityName: r.community_name,
  gridId: r.grid_id,
  title: r.title,
  roles: r.roles as PostRole[],
});

const toCommunity = (c: {
  id: string;
  code: string;
  name: string;
  name_en: string;
  region_code: string;
  lat: number | null;
  lng: number | null;
  resident_count: number;
}) => ({
  id: c.id,
  code: c.code,
  name: c.name,
  nameEn: c.name_en,
  regionCode: c.region_code,
  lat: c.lat,
  lng: c.lng,
  residentCount: c.resident_count,
});

export class OrgService {
  private readonly p: Platform<OrgEvents>;
  private readonly db: repo.OrgDb;
  private readonly identity: IdentityService;
  private names: { at: number; map: Map<string, { zh: string; en: string }> } | null = null;

  constructor(platform: Platform<OrgEvents>, identity: IdentityService) {
    this.p = platform;
    this.db = scoped<OrgTables>(platform.db);
    this.identity = identity;
  }

  /** Posts of one account, for the principal (registered with identity as its post source). */
  async postsOf(accountId: string): Promise<Post[]> {
    return (await repo.postsOf(this.db, [accountId])).map(toPost);
  }

  async regions(p: Principal | null) {
    policy.readStructure(p);
    return (await repo.regions(this.db)).map((r) => ({
      code: r.code,
      name: r.name,
      nameEn: r.name_en,
      level: r.level,
      parentCode: r.parent_code,
    }));
  }

  /** Department names by code, for other modules' views (public facts; cached for a minute). */
  async departmentNames(): Promise<Map<string, { zh: string; en: string }>> {
    const now = Date.now();
    if (!this.names || now - this.names.at > 60_000) {
      const rows = await repo.departments(this.db);
      this.names = { at: now, map: new Map(rows.map((d) => [d.code, { zh: d.name, en: d.name_en }])) };
    }
    return this.names.map;
  }

  /** A department's public facts by code (its USCC issues certificates), or null; for other modules. */
  async departmentFacts(code: string): Promise<{ zh: string; en: string; uscc: string | null } | null> {
    const now = Date.now();
    if (!this.facts || now - this.facts.at > 60_000) {
      const rows = await repo.departments(this.db);
      this.facts = { at: now, map: new Map(rows.map((d) => [d.code, { zh: d.name, en: d.name_en, uscc: d.uscc }])) };
    }
    return this.facts.map.get(code) ?? null;
  }
  private facts: { at: number; map: Map<string, { zh: string; en: string; uscc: string | null }> } | null = null;

  /** Every department's id, code and names (public facts; cityops routes events to departments by code). */
  async departmentDirectory(): Promise<{ id: string; code: string; name: string; nameEn: string }[]> {
    return (await repo.departments(this.db)).map((d) => ({ id: d.id, code: d.code, name: d.name, nameEn: d.name_en }));
  }

  /** Staff accounts with any of `roles` in a department and region (for escalation). */
  async accountsWithRole(regionCode: string, departmentCode: string, roles: string[]): Promise<string[]> {
    return (await repo.accountsWithRole(this.db, regionCode, departmentCode, roles)).map((r) => r.account_id);
  }

  async departments(p: Principal | null) {
    policy.readStructure(p);
    return (await repo.departments(this.db)).map((d) => ({
      id: d.id,
      code: d.code,
      name: d.name,
      nameEn: d.name_en,
      shortName: d.short_name,
      regionCode: d.region_code,
      uscc: d.uscc,
      staffCount: Number(d.staff_count),
    }));
  }

  async communities(
    p: Principal | null,
    f: { q?: string | undefined; regionCode?: string | undefined; page: number; pageSize: number },
  ) {
    policy.readStructure(p);
    const [rows, count] = await repo.communities(this.db, {
      q: f.q?.trim() || undefined,
      regionCode: f.regionCode,
      offset: (f.page - 1) * f.pageSize,
      limit: f.pageSize,
    });
    return {
      total: Number(count.n),
      items: rows.map((c) => ({ ...toCommunity(c), gridCount: Number(c.grid_count ?? 0) })),
    };
  }

  async community(p: Principal | null, id: string) {
    policy.readStructure(p);
    const c = await repo.communityById(this.db, id);
    if (!c) throw notFound('COMMUNITY_NOT_FOUND', 'No such community');
    const grids = await repo.gridsOf(this.db, id);
    return {
      ...toCommunity(c),
      grids: grids.map((g) => ({
        id: g.id,
        code: g.code,
        name: g.name,
        nameEn: g.name_en,
        residentCount: g.resident_count,
      })),
    };
  }

  async staff(
    p: Principal | null,
    f: { departmentId?: string | undefined; q?: string | undefined; page: number; pageSize: number },
  ) {
    policy.readStaff(p);
    const q = f.q?.trim();
    const matching = q ? await this.identity.staffMatching(q) : undefined;
    const [ids, count] = await repo.staffPage(this.db, {
      departmentId: f.departmentId,
      accountIds: matching,
      offset: (f.page - 1) * f.pageSize,
      limit: f.pageSize,
    });
    const accountIds = ids.map((r) => r.account_id);
    const [accounts, posts] = await Promise.all([
      this.identity.accountSummaries(accountIds),
      repo.postsOf(this.db, accountIds),
    ]);
    return {
      total: Number(count.n),
      items: accountIds.map((id) => {
        const a = accounts.get(id);
        return {
          accountId: id,
          displayName: a?.displayName ?? '',
          username: a?.username ?? null,
          phoneMasked: a?.phoneMasked ?? null,
          status: a?.status ?? 'disabled',
          posts: posts.filter((x) => x.account_id === id).map(toPost),
        };
      }),
    };
  }

  async createPost(
    p: Principal | null,
    input: {
      accountId: string;
      departmentId: string | null;
      communityId: string | null;
      gridId: string | null;
      title: string;
      roles: PostRole[];
    },
    meta: Meta,
  ): Promise<Post> {
    const principal = policy.managePost(p, input.departmentId, input.roles);
    if (!(await this.identity.accountExists(input.accountId, 'staff')))
      throw notFound('ACCOUNT_NOT_FOUND', 'No such staff account');
    let regionCode = '';
    if (input.departmentId) {
      const d = await repo.departmentById(this.db, input.departmentId);
      if (!d) throw notFound('DEPARTMENT_NOT_FOUND', 'No such department');
      regionCode = d.region_code;
    }
    if (input.communityId) {
      const c = await repo.communityById(this.db, input.communityId);
      if (!c) throw notFound('COMMUNITY_NOT_FOUND', 'No such community');
      regionCode ||= c.region_code;
      if (input.gridId) {
        const g = await repo.gridById(this.db, input.gridId);
        if (!g || g.community_id !== c.id)
          throw badRequest('GRID_NOT_IN_COMMUNITY', 'The grid is not in that community');
      }
    } else if (input.gridId) {
      throw badRequest('GRID_NEEDS_COMMUNITY', 'Give the community of the grid');
    }
    if (!regionCode) throw badRequest('POST_NEEDS_PLACE', 'A post belongs to a department or a community');
    const id = uuidv7();
    await command(this.p, actor(principal, meta), async (w) => {
      await repo.insertPost(scoped<OrgTables>(w.tx), {
        id,
        account_id: input.accountId,
        department_id: input.departmentId,
        region_code: regionCode,
        community_id: input.communityId,
        grid_id: input.gridId,
        title: input.title,
        roles: [...new Set(input.roles)],
        created_at: w.now,
        ended_at: null,
      });
      await w.audit({
        action: 'org.post.created',
        resourceType: 'staff_post',
        resourceId: id,
        regionCode,
        change: input,
        detail: { accountId: input.accountId, roles: input.roles },
      });
      await w.emit('org.post.created', { postId: id, accountId: input.accountId, roles: input.roles }, regionCode);
    });
    this.identity.invalidate(input.accountId);
    const [row] = await repo.postsOf(this.db, [input.accountId]).then((rows) => rows.filter((r) => r.id === id));
    return toPost(row!);
  }

  async endPost(p: Principal | null, postId: string, meta: Meta): Promise<void> {
    const post = await repo.postById(this.db, postId);
    if (!post || post.ended_at) {
      policy.readStaff(p);
      throw notFound('POST_NOT_FOUND', 'No such post');
    }
    const principal = policy.managePost(p, post.department_id, post.roles as PostRole[]);
    await command(this.p, actor(principal, meta), async (w) => {
      await repo.endPost(scoped<OrgTables>(w.tx), postId, w.now);
      await w.audit({
        action: 'org.post.ended',
        resourceType: 'staff_post',
        resourceId: postId,
        regionCode: post.region_code,
      });
      await w.emit('org.post.ended', { postId, accountId: post.account_id }, post.region_code);
    });
    this.identity.invalidate(post.account_id);
  }

  /** A community's (and grid's) names and region, for modules that show a resident's place (no principal: directory facts). */
  async placeNames(communityId: string, gridId: string | null) {
    const c = await repo.communityById(this.db, communityId);
    if (!c) return null;
    const g = gridId ? await repo.gridById(this.db, gridId) : undefined;
    return {
      communityId: c.id,
      communityName: c.name,
      communityNameEn: c.name_en,
      regionCode: c.region_code,
      gridId: g?.id ?? null,
      gridName: g?.name ?? null,
      gridNameEn: g?.name_en ?? null,
    };
  }

  /** Community and grid ids by code (for the exchange's roster, which keeps org's ids). */
  async placeIds(): Promise<{ communities: Map<string, string>; grids: Map<string, string> }> {
    const [communities, grids] = await Promise.all([repo.communityIds(this.db), repo.gridIds(this.db)]);
    return {
      communities: new Map(communities.map((c) => [c.code, c.id])),
      grids: new Map(grids.map((g) => [g.code, g.id])),
    };
  }

  /**
   * Set the resident counts of communities and grids from the roster (the exchange owns it),
   * e.g. after a bulk load: counts of places not listed become 0.
   */
  async setResidentCounts(counts: { communityId: string; gridId: string | null; n: number }[]): Promise<void> {
    await this.p.db.transaction().execute(async (tx) => {
      await repo.setResidentCounts(scoped<OrgTables>(tx), counts);
    });
  }
}

// ---------------------------------------------------------------- seeding (the demo city, benchmarks)

export interface SeedPost {
  accountId: string;
  regionCode: string;
  departmentCode: string | null;
  communityCode: string | null;
  gridCode: string | null;
  title: string;
  roles: PostRole[];
}

export interface SeedStructure {
  regions: { code: string; name: string; nameEn: string; level: string; parentCode: string | null }[];
  departments: { code: string; name: string; nameEn: string; shortName: string; uscc: string }[];
  communities: {
    code: string;
    name: string;
    nameEn: string;
    lat: number;
    lng: number;
    grids: { code: string; name: string; nameEn: string }[];
  }[];
  cityCode: string;
}

export class OrgSeeder {
  private readonly p: Platform;
  private readonly db: repo.OrgDb;
  private communityIds = new Map<string, string>();
  private gridIds = new Map<string, string>();
  private departmentIds = new Map<string, string>();

  constructor(platform: Platform) {
    this.p = platform;
    this.db = scoped<OrgTables>(platform.db);
  }

  isSeeded(): Promise<boolean> {
    return repo.isSeeded(this.db);
  }

  async structure(s: SeedStructure): Promise<void> {
    await command(this.p, { accountId: null, kind: 'system', requestId: null, ip: null }, async (w) => {
      const tx = scoped<OrgTables>(w.tx);
      await repo.insertRegions(
        tx,
        s.regions.map((r) => ({
          code: r.code,
          name: r.name,
          name_en: r.nameEn,
          level: r.level,
          parent_code: r.parentCode,
        })),
      );
      const deps = s.departments.map((d) => ({
        id: uuidv7(),
        code: d.code,
        name: d.name,
        name_en: d.nameEn,
        short_name: d.shortName,
        region_code: s.cityCode,
        uscc: d.uscc,
        created_at: w.now,
      }));
      await repo.insertDepartments(tx, deps);
      for (const d of deps) this.departmentIds.set(d.code, d.id);
      const comms = s.communities.map((c) => ({
        id: uuidv7(),
        code: c.code,
        name: c.name,
        name_en: c.nameEn,
        region_code: s.cityCode,
        lat: c.lat,
        lng: c.lng,
        created_at: w.now,
      }));
      await repo.insertCommunities(tx, comms);
      const grids: Insertable<OrgTables['org.grids']>[] = [];
      s.communities.forEach((c, i) => {
        this.communityIds.set(c.code, comms[i]!.id);
        for (const g of c.grids) {
          const id = uuidv7();
          this.gridIds.set(g.code, id);
          grids.push({ id, code: g.code, community_id: comms[i]!.id, name: g.name, name_en: g.nameEn });
        }
      });
      await repo.insertGrids(tx, grids);
      await w.audit({
        action: 'org.seed.structure',
        resourceType: 'seed',
        detail: { departments: deps.length, communities: comms.length, grids: grids.length },
      });
    });
  }

  async posts(posts: SeedPost[]): Promise<void> {
    await command(this.p, { accountId: null, kind: 'system', requestId: null, ip: null }, async (w) => {
      const tx = scoped<OrgTables>(w.tx);
      for (const post of posts) {
        const departmentId = post.departmentCode ? this.departmentIds.get(post.departmentCode) : undefined;
        const communityId = post.communityCode ? this.communityIds.get(post.communityCode) : undefined;
        await repo.insertPost(tx, {
          id: uuidv7(),
          account_id: post.accountId,
          department_id: departmentId ?? null,
          region_code: post.regionCode,
          community_id: communityId ?? null,
          grid_id: post.gridCode ? (this.gridIds.get(post.gridCode) ?? null) : null,
          title: post.title,
          roles: post.roles,
          created_at: w.now,
          ended_at: null,
        });
      }
      await w.audit({ action: 'org.seed.posts', resourceType: 'seed', detail: { posts: posts.length } });
    });
  }
}
