/** Routes of the community roster: the URLs and answers it had in org, now served by the exchange. */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { CitizenIdNumber, Enum, IdParams, Nullable, Obj, Paged, Uuid } from '../../platform/http.ts';
import type { RosterService } from './exchange.roster.ts';

const Page = {
  page: Type.Integer({ minimum: 1, maximum: 100_000, default: 1 }),
  pageSize: Type.Integer({ minimum: 1, maximum: 200, default: 20 }),
};

const Gender = Enum('Gender', ['M', 'F']);

const Resident = Obj(
  {
    id: Uuid(),
    gridId: Nullable(Uuid()),
    nameMasked: Type.String(),
    gender: Gender,
    birthYear: Type.Integer(),
    idNumberMasked: Type.String(),
    phoneMasked: Nullable(Type.String()),
    addressMasked: Nullable(Type.String()),
  },
  { title: 'Resident' },
);
const ResidentFull = Obj(
  {
    id: Uuid(),
    name: Type.String(),
    gender: Gender,
    birthYear: Type.Integer(),
    idNumber: CitizenIdNumber,
    phone: Nullable(Type.String()),
    address: Nullable(Type.String()),
  },
  { title: 'ResidentRevealed' },
);

export function rosterRoutes(roster: RosterService) {
  const tags = ['org'];
  return async function plugin(fastify: FastifyInstance): Promise<void> {
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

    app.get(
      '/org/communities/:id/residents',
      {
        schema: {
          tags,
          summary: 'Community roster (实有人口), masked; grid workers of the community only',
          params: IdParams,
          querystring: Obj({ gridId: Type.Optional(Uuid()), ...Page }),
          response: { 200: Paged(Resident) },
        },
      },
      async (request) => roster.residents(request.principal, { communityId: request.params.id, ...request.query }),
    );

    app.post(
      '/org/residents/:id/reveal',
      {
        schema: {
          tags,
          summary: 'Show a resident unmasked for a stated purpose (logged; the person sees it)',
          params: IdParams,
          body: Obj({ purpose: Type.String({ minLength: 4, maxLength: 200 }) }, { title: 'RevealBody' }),
          response: { 200: ResidentFull },
        },
      },
      async (request) =>
        roster.revealResident(request.principal, request.params.id, request.body.purpose, {
          requestId: String(request.id),
          ip: request.ip,
        }),
    );
  };
}
