/** The cogov core's schemas at the edge (TypeBox): standing. Proposals, consultations and moderation have their own files. */
import type { FastifyRequest } from 'fastify';
import { Type, type Static } from 'typebox';
import type { ActorRef } from '../../platform/audit.ts';
import { principalActor, type Principal } from '../../platform/auth.ts';
import { Nullable, Obj, Uuid } from '../../platform/http.ts';

export interface Meta {
  requestId: string;
  ip: string | null;
}
export const metaOf = (r: FastifyRequest): Meta => ({ requestId: String(r.id), ip: r.ip });
export const actorOf = (p: Principal, meta: Meta): ActorRef => principalActor(p, meta);

export const MyStanding = Obj(
  {
    verified: Type.Boolean({ description: 'Real-name verified (实名认证)' }),
    resident: Nullable(
      Obj(
        {
          regionCode: Type.String(),
          communityId: Uuid(),
          communityName: Type.String(),
          communityNameEn: Type.String(),
          gridId: Nullable(Uuid()),
          gridName: Nullable(Type.String()),
          gridNameEn: Nullable(Type.String()),
          age: Type.Integer(),
        },
        { title: 'CogovResidence', description: 'Where the roster (实有人口) says the person lives' },
      ),
    ),
    pseudonym: Nullable(Type.String()),
  },
  { title: 'CogovStanding' },
);
export type MyStandingT = Static<typeof MyStanding>;

export const PseudonymBody = Obj({ pseudonym: Type.String({ minLength: 2, maxLength: 20, pattern: '\\S' }) });
