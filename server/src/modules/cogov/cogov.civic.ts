/**
 * The civic parts of cogov: public comment on draft policies (政策意见征集), volunteers and
 * participation points (志愿服务, 积分), patrols (网格巡查) and community notices (通知公告).
 * Made from the module's context like every part; what they need of other modules (cityops'
 * patrol report and map, identity's names, org's departments) is connected by app.ts once those
 * modules exist (`connect`), as supervision's anomaly sources are.
 */
import type { FastifyInstance } from 'fastify';
import type { Principal, RequestOrigin } from '../../platform/auth.ts';
import { scoped } from '../../platform/db.ts';
import { CivicContext, type CivicDeps, type PatrolFindingInput } from './cogov.civic.context.ts';
import type { CivicTables } from './cogov.civic.tables.ts';
import { Comments } from './cogov.comments.ts';
import { commentsRoutes } from './cogov.comments.routes.ts';
import type { CogovContext, CogovPart } from './cogov.context.ts';
import { cogovEvents } from './cogov.events.ts';
import { Notices } from './cogov.notices.ts';
import { Patrols } from './cogov.patrols.ts';
import { Points } from './cogov.points.ts';
import { seedCivicContent } from './cogov.civic.seed.ts';
import { Volunteers } from './cogov.volunteers.ts';
import { volunteersRoutes } from './cogov.volunteers.routes.ts';

/** What the civic parts need of other modules, connected by app.ts. */
export interface CivicSources {
  patrolReport(p: Principal, input: PatrolFindingInput, origin: RequestOrigin): Promise<{ id: string; number: string }>;
  inCity(lat: number, lng: number): boolean;
  names(accountIds: string[]): Promise<Map<string, string>>;
  departmentName(code: string): Promise<string | null>;
  /** Community ids by their 12-digit codes (org), for the demo seed. */
  communityIds(): Promise<Map<string, string>>;
}

export interface CivicApi {
  comments: Comments;
  volunteers: Volunteers;
  points: Points;
  patrols: Patrols;
  notices: Notices;
  connect(sources: CivicSources): void;
  /** Community ids by their 12-digit codes (org), for the demo seed. */
  communityIds(): Promise<Map<string, string>>;
}

export function createCivic(c: CogovContext): CogovPart<CivicApi> & { api: CivicApi } {
  let sources: CivicSources | null = null;
  const connected = (): CivicSources => {
    if (!sources) throw new Error('cogov civic parts used before app.ts connected their sources');
    return sources;
  };
  const deps: CivicDeps = {
    regionCode: c.deps.regionCode,
    residence: async (p) => {
      const s = await c.standing.of(p.accountId);
      return s.residence ? { communityId: s.residence.communityId, gridId: s.residence.gridId } : null;
    },
    patrolReport: (p, input, origin) => connected().patrolReport(p, input, origin),
    inCity: (lat, lng) => connected().inCity(lat, lng),
    names: (ids) => (ids.length ? connected().names(ids) : Promise.resolve(new Map())),
    departmentName: (code) => connected().departmentName(code),
    notifyAccount: (tx, input, at) => c.deps.notifyAccount(tx, input, at),
    broadcast: (w, item, runAt, now) => c.broadcasts.schedule(w, item, runAt, now),
  };
  const ctx = new CivicContext(c.platform, deps);
  const points = new Points(ctx);
  const api: CivicApi = {
    comments: new Comments(ctx, points),
    volunteers: new Volunteers(ctx, points),
    points,
    patrols: new Patrols(ctx),
    notices: new Notices(ctx),
    communityIds: () => connected().communityIds(),
    connect: (s) => {
      sources = s;
    },
  };

  // A notice reaches its community's residents in the app (unless withdrawn before it is sent).
  c.broadcasts.register('notice', async (id) => {
    const n = await api.notices.toSend(id);
    return n
      ? {
          audience: { regionCode: n.region_code, communityId: n.community_id, gridId: null, bornInOrBefore: null },
          topic: 'cogov.notice.published',
          title: { zh: `社区通知：${n.title}`, en: `Community notice: ${n.title}` },
          body: { zh: n.body.slice(0, 120), en: n.body.slice(0, 120) },
          link: `/cogov/notices/${n.id}`,
        }
      : null;
  });

  // Policy comments are moderated like every resident's text (city-wide: the city's moderators).
  c.contentTypes.register({
    kind: 'policy_comment',
    async describe(tx, id) {
      const db = scoped<CivicTables>(tx);
      const row = await db
        .selectFrom('cogov.policy_comments as m')
        .innerJoin('cogov.policy_drafts as d', 'd.id', 'm.draft_id')
        .select(['d.region_code', 'm.author_account_id', 'm.body', 'm.hidden'])
        .where('m.id', '=', id)
        .executeTakeFirst();
      return row
        ? {
            regionCode: row.region_code,
            communityId: null,
            authorAccountId: row.author_account_id,
            excerpt: row.body.slice(0, 200),
            hidden: row.hidden,
          }
        : null;
    },
    async setHidden(tx, id, hidden) {
      await scoped<CivicTables>(tx).updateTable('cogov.policy_comments').set({ hidden }).where('id', '=', id).execute();
    },
  });

  // Points for what the other parts record (idempotent: the ledger is keyed by what earned them).
  c.platform.outbox.subscribe(cogovEvents, 'cogov.proposal.answered', 'cogov.points.proposal-adopted', async (e) => {
    if (e.payload.outcome !== 'accepted') return;
    const at = c.platform.clock.now();
    await points.award(
      scoped<CivicTables>(c.platform.db),
      {
        accountId: e.payload.authorAccountId,
        communityId: e.payload.communityId,
        kind: 'proposal_adopted',
        sourceRef: e.payload.proposalId,
      },
      at,
    );
  });
  c.platform.outbox.subscribe(cogovEvents, 'cogov.vote.recorded', 'cogov.points.vote-cast', async (e) => {
    const s = await c.standing.of(e.payload.accountId);
    await points.award(
      scoped<CivicTables>(c.platform.db),
      {
        accountId: e.payload.accountId,
        communityId: s.residence?.communityId ?? null,
        kind: 'vote_cast',
        sourceRef: e.payload.consultationId,
      },
      c.platform.clock.now(),
    );
  });

  return {
    api,
    async plugin(fastify: FastifyInstance) {
      await volunteersRoutes(api)(fastify);
      await commentsRoutes(api)(fastify);
    },
    // The demo city's content, in the demo citizen's community and its neighbour.
    seed: async () => {
      const ids = await connected().communityIds();
      const communityIds = ['330383000001', '330383000002'].flatMap((code) => (ids.has(code) ? [ids.get(code)!] : []));
      const departmentCode = 'ASB';
      const departmentName = (await connected().departmentName(departmentCode)) ?? departmentCode;
      await seedCivicContent(ctx, { communityIds, departmentCode, departmentName });
    },
  };
}
