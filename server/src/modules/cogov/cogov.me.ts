/**
 * The resident's own page of co-governance (我的社区): their standing (verified, which community
 * and grid by the roster) and their community pseudonym (社区昵称), which they may choose to be
 * shown by instead of their name.
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { requirePrincipal, type Principal } from '../../platform/auth.ts';
import { command } from '../../platform/context.ts';
import { scoped } from '../../platform/db.ts';
import { AppError } from '../../platform/errors.ts';
import { errorAnswers } from '../../platform/http.ts';
import type { CogovContext, CogovPart } from './cogov.context.ts';
import { cogovPolicy } from './cogov.policy.ts';
import * as S from './cogov.schemas.ts';
import { ageOn } from './cogov.standing.ts';
import type { CogovTables } from './cogov.tables.ts';

export class Me {
  private readonly c: CogovContext;
  constructor(c: CogovContext) {
    this.c = c;
  }

  async view(p: Principal | null): Promise<S.MyStandingT> {
    const principal = requirePrincipal(p);
    const s = await this.c.standing.of(principal.accountId);
    const db = scoped<CogovTables>(this.c.platform.db);
    const pseudo = await db
      .selectFrom('cogov.pseudonyms')
      .select('pseudonym')
      .where('account_id', '=', principal.accountId)
      .executeTakeFirst();
    const r = s.residence;
    const place = r ? await this.c.deps.placeNames(r.communityId, r.gridId) : null;
    return {
      verified: s.verified,
      resident:
        r && place
          ? {
              regionCode: r.regionCode,
              communityId: r.communityId,
              communityName: place.communityName,
              communityNameEn: place.communityNameEn,
              gridId: r.gridId,
              gridName: place.gridName,
              gridNameEn: place.gridNameEn,
              age: ageOn(r.birthDate, this.c.standing.today(this.c.platform.clock.now())),
            }
          : null,
      pseudonym: pseudo?.pseudonym ?? null,
    };
  }

  /** Choose (or change) one's community pseudonym: unique in the community. */
  async setPseudonym(p: Principal | null, pseudonym: string, meta: S.Meta): Promise<S.MyStandingT> {
    const principal = cogovPolicy.resident(p);
    const now = this.c.platform.clock.now();
    const s = await this.c.standing.requireResident(principal, now);
    const name = pseudonym.normalize('NFKC').trim();
    await command(this.c.platform, S.actorOf(principal, meta), async (w) => {
      const db = scoped<CogovTables>(w.tx);
      const taken = await db
        .selectFrom('cogov.pseudonyms')
        .select('account_id')
        .where('community_id', '=', s.residence.communityId)
        .where(sql<boolean>`lower(pseudonym) = lower(${name})`)
        .where('account_id', '<>', principal.accountId)
        .executeTakeFirst();
      if (taken) throw new AppError(409, 'COGOV_PSEUDONYM_TAKEN', 'This pseudonym is taken in your community');
      await db
        .insertInto('cogov.pseudonyms')
        .values({
          account_id: principal.accountId,
          community_id: s.residence.communityId,
          pseudonym: name,
          created_at: w.now,
        })
        .onConflict((oc) =>
          oc.column('account_id').doUpdateSet({ pseudonym: name, community_id: s.residence.communityId }),
        )
        .execute();
    });
    return this.view(principal);
  }
}

export function createMe(c: CogovContext): CogovPart<Me> {
  const me = new Me(c);
  return {
    api: me,
    async plugin(fastify: FastifyInstance) {
      const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
      const tags = ['cogov'];
      app.get(
        '/cogov/me',
        {
          schema: {
            tags,
            summary:
              'My standing in co-governance (我的社区): verified, my community and grid by the roster, my pseudonym',
            response: { 200: S.MyStanding },
          },
        },
        async (request) => me.view(request.principal),
      );
      app.put(
        '/cogov/me/pseudonym',
        {
          schema: {
            tags,
            summary: 'Choose my community pseudonym (社区昵称), unique in my community',
            body: S.PseudonymBody,
            response: { 200: S.MyStanding, ...errorAnswers(409) },
          },
        },
        async (request) => me.setPseudonym(request.principal, request.body.pseudonym, S.metaOf(request)),
      );
    },
  };
}
