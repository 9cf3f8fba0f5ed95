/**
 * Community notices (通知公告): community staff publish to their community's residents, who read
 * them in the app (elder mode too); a resident's reading is recorded so the app shows what is new
 * and staff see how many have read it. Residents of other communities see nothing of them.
 */
import type { Principal, RequestOrigin } from '../../platform/auth.ts';
import { command } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { uuidv7 } from '../../platform/ids.ts';
import { actorFor, civicTx, type CivicContext } from './cogov.civic.context.ts';
import * as repo from './cogov.notices.repository.ts';
import { civicPolicy } from './cogov.civic.policy.ts';
import type { CivicTables } from './cogov.civic.tables.ts';

type NoticeRow = CivicTables['cogov.notices'];

export interface NewNotice {
  communityId: string;
  title: string;
  body: string;
  important?: boolean | undefined;
}

const notFound = () => new AppError(404, 'COGOV_NOTICE_NOT_FOUND', 'No such notice');

const viewOf = (r: NoticeRow, read: boolean | null, readers: number | null) => ({
  id: r.id,
  communityId: r.community_id,
  title: r.title,
  body: r.body,
  important: r.important,
  publisher: r.publisher_name,
  publishedAt: r.published_at.toISOString(),
  withdrawn: r.withdrawn_at !== null,
  read,
  readers,
});
export type NoticeView = ReturnType<typeof viewOf>;

export class Notices {
  private readonly c: CivicContext;
  constructor(c: CivicContext) {
    this.c = c;
  }

  /** Community staff publish a notice to their community. */
  async publish(p: Principal | null, input: NewNotice, origin: RequestOrigin): Promise<NoticeView> {
    const principal = civicPolicy.communityStaff(p, input.communityId);
    return command(this.c.p, actorFor(principal, origin), async (w) => {
      const row: NoticeRow = {
        id: uuidv7(w.now.getTime()),
        region_code: this.c.deps.regionCode,
        community_id: input.communityId,
        title: input.title.trim(),
        body: input.body.trim(),
        important: input.important === true,
        published_by: principal.accountId,
        publisher_name: principal.displayName,
        published_at: w.now,
        withdrawn_at: null,
      };
      await repo.insert(civicTx(w.tx), row);
      // Its community's residents are told in the app (and on the channels they chose).
      this.c.deps.broadcast(w, { source: 'notice', id: row.id, regionCode: row.region_code }, w.now, w.now);
      await w.audit({
        action: 'cogov.notice.published',
        resourceType: 'cogov.notice',
        resourceId: row.id,
        regionCode: row.region_code,
        change: { title: row.title, body: row.body },
        detail: { communityId: row.community_id, important: row.important },
      });
      return viewOf(row, null, 0);
    });
  }

  /** A notice still to be told to its residents (not withdrawn), for the broadcast. */
  async toSend(id: string): Promise<NoticeRow | null> {
    const row = await repo.byId(this.c.db, id);
    return row && !row.withdrawn_at ? row : null;
  }

  /** Staff of the notice's community withdraw it (residents no longer see it). */
  async withdraw(p: Principal | null, id: string, origin: RequestOrigin): Promise<void> {
    const { principal, communities } = civicPolicy.anyCommunityStaff(p);
    const row = await repo.byId(this.c.db, id);
    if (!row || !communities.includes(row.community_id)) throw notFound();
    await command(this.c.p, actorFor(principal, origin), async (w) => {
      await repo.withdraw(civicTx(w.tx), id, w.now);
      await w.audit({
        action: 'cogov.notice.withdrawn',
        resourceType: 'cogov.notice',
        resourceId: id,
        regionCode: row.region_code,
        detail: { communityId: row.community_id },
      });
    });
  }

  /** A resident's notices: their community's, important first, with what they have read. */
  async mine(p: Principal | null) {
    const principal = civicPolicy.citizen(p);
    const home = await this.c.deps.residence(principal);
    if (!home) return { communityId: null, unread: 0, items: [] as NoticeView[] };
    const rows = await repo.ofCommunityFor(this.c.db, home.communityId, principal.accountId, 50);
    const items = rows.map((r) => viewOf(r, r.read, null));
    return { communityId: home.communityId, unread: items.filter((n) => !n.read).length, items };
  }

  /** One notice, for a resident of its community (marked read) or its community's staff. */
  async get(p: Principal | null, id: string): Promise<NoticeView> {
    const principal = civicPolicy.signedIn(p);
    const row = await repo.byId(this.c.db, id);
    if (!row) throw notFound();
    if (principal.kind === 'staff') {
      civicPolicy.communityStaff(principal, row.community_id);
      return viewOf(row, null, null);
    }
    const home = await this.c.deps.residence(principal);
    if (!home || home.communityId !== row.community_id || row.withdrawn_at) throw notFound();
    await repo.markRead(this.c.db, id, principal.accountId, this.c.p.clock.now());
    return viewOf(row, true, null);
  }

  /** Staff: the notices of their communities, with how many residents have read each. */
  async ofStaff(p: Principal | null) {
    const { communities } = civicPolicy.anyCommunityStaff(p);
    const rows = await repo.ofCommunities(this.c.db, communities, 100);
    return { items: rows.map((r) => viewOf(r, null, Number(r.readers ?? 0))) };
  }
}
