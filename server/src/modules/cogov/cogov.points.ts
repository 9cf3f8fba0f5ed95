/**
 * Participation points (积分制): the rules are data (cogov.point_rules: the city's defaults, a
 * community's own where it set one); the ledger is append-only and keyed by what earned the
 * points, so an event delivered twice counts once. The community ranking leaves out everyone
 * who opted out: not their name, not their place.
 */
import type { Kysely } from 'kysely';
import type { Principal, RequestOrigin } from '../../platform/auth.ts';
import { command } from '../../platform/context.ts';
import { uuidv7 } from '../../platform/ids.ts';
import { maskName } from '../../platform/masking.ts';
import { actorFor, civicTx, type CivicContext } from './cogov.civic.context.ts';
import { pointsFor, ranking, ruleFor, type PointRule } from './cogov.civic.logic.ts';
import { civicPolicy } from './cogov.civic.policy.ts';
import type { CivicTables, PointKind } from './cogov.civic.tables.ts';
import * as repo from './cogov.volunteers.repository.ts';

export interface Award {
  accountId: string;
  communityId: string | null;
  kind: PointKind;
  /** What earned it (a proposal, a consultation, a sign-up): with the kind and account, counted once. */
  sourceRef: string;
  /** Minutes served, for volunteer hours. */
  minutes?: number;
}

const ruleOf = (r: CivicTables['cogov.point_rules']): PointRule => ({
  communityId: r.community_id,
  kind: r.kind,
  points: r.points,
});

export class Points {
  private readonly c: CivicContext;
  constructor(c: CivicContext) {
    this.c = c;
  }

  /**
   * Record points inside the caller's transaction (the caller authorised the act that earns
   * them, or is an event handler of the module). Answers the points recorded (0: no rule, or
   * nothing earned).
   */
  async award(db: Kysely<CivicTables>, a: Award, at: Date): Promise<number> {
    const rule = ruleFor((await repo.rules(db)).map(ruleOf), a.kind, a.communityId);
    const points = pointsFor(rule, a.minutes ?? 0);
    if (points <= 0) return 0;
    await repo.insertEntry(db, {
      id: uuidv7(at.getTime()),
      region_code: this.c.deps.regionCode,
      community_id: a.communityId,
      account_id: a.accountId,
      kind: a.kind,
      source_ref: a.sourceRef,
      points,
      at,
    });
    return points;
  }

  /** The caller's points, what earned them, and whether they show in the ranking. */
  async mine(p: Principal | null) {
    const principal = civicPolicy.citizen(p);
    const [total, entries, out] = await Promise.all([
      repo.totalOf(this.c.db, principal.accountId),
      repo.entriesOf(this.c.db, principal.accountId),
      repo.optedOut(this.c.db, principal.accountId),
    ]);
    return {
      total: total.total,
      inRanking: !out,
      entries: entries.map((e) => ({ kind: e.kind, points: e.points, at: e.at.toISOString() })),
    };
  }

  /** Show or hide oneself in the community ranking. */
  async setInRanking(p: Principal | null, inRanking: boolean, origin: RequestOrigin) {
    const principal = civicPolicy.citizen(p);
    await command(this.c.p, actorFor(principal, origin), async (w) => {
      if (inRanking) await repo.optIn(civicTx(w.tx), principal.accountId);
      else await repo.optOut(civicTx(w.tx), principal.accountId, w.now);
    });
    return this.mine(principal);
  }

  /**
   * The ranking of the caller's community (a resident's own; staff name one of theirs): the top
   * 20 with masked names, and the caller's own line when they are in it.
   */
  async ranking(p: Principal | null, communityId?: string) {
    const principal = civicPolicy.signedIn(p);
    let community: string | null;
    if (principal.kind === 'staff') {
      community = communityId ?? civicPolicy.anyCommunityStaff(principal).communities[0]!;
      civicPolicy.communityStaff(principal, community);
    } else community = (await this.c.deps.residence(principal))?.communityId ?? null;
    if (!community) return { communityId: null, items: [] };
    const rows = await repo.standings(this.c.db, community);
    const names = await this.c.deps.names(rows.map((r) => r.account_id));
    const standings = rows.map((r) => ({
      accountId: r.account_id,
      name: maskName(names.get(r.account_id) ?? '居民'),
      points: r.points,
    }));
    // Opted-out residents are already absent from `rows`; `ranking` is told so again.
    return { communityId: community, items: ranking(standings, new Set(), principal.accountId, 20) };
  }

  /** The rules in force for a community (its own over the city's defaults). */
  async rules(p: Principal | null, communityId?: string) {
    civicPolicy.signedIn(p);
    const all = (await repo.rules(this.c.db)).map(ruleOf);
    const kinds: PointKind[] = ['proposal_adopted', 'vote_cast', 'volunteer_hour', 'comment_adopted'];
    return {
      items: kinds.map((kind) => {
        const r = ruleFor(all, kind, communityId ?? null);
        return { kind, points: r?.points ?? 0, communityOwn: r?.communityId != null };
      }),
    };
  }

  /** Community staff set their community's own rule for one kind. */
  async setRule(
    p: Principal | null,
    input: { communityId: string; kind: PointKind; points: number },
    origin: RequestOrigin,
  ) {
    const principal = civicPolicy.communityStaff(p, input.communityId);
    await command(this.c.p, actorFor(principal, origin), async (w) => {
      await repo.upsertRule(civicTx(w.tx), {
        id: uuidv7(w.now.getTime()),
        community_id: input.communityId,
        kind: input.kind,
        points: input.points,
        updated_at: w.now,
        updated_by: principal.accountId,
      });
      await w.audit({
        action: 'cogov.point-rule.set',
        resourceType: 'cogov.point-rule',
        resourceId: `${input.communityId}:${input.kind}`,
        regionCode: this.c.deps.regionCode,
        detail: { communityId: input.communityId, kind: input.kind, points: input.points },
      });
    });
    return this.rules(principal, input.communityId);
  }
}
