import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { POST_ROLES } from '../../platform/auth.ts';
import {
  IdParams,
  Items,
  NoContent,
  Nullable,
  Obj,
  Paged,
  Uuid,
  Uscc,
  PUBLIC,
  errorAnswers,
} from '../../platform/http.ts';
import { AccountStatus, PostRoleSchema, PostSchema } from '../identity/identity.schemas.ts';
import type { Meta, OrgService } from './org.service.ts';

const Page = {
  page: Type.Integer({ minimum: 1, maximum: 100_000, default: 1 }),
  pageSize: Type.Integer({ minimum: 1, maximum: 200, default: 20 }),
};

const Region = Obj(
  {
    code: Type.String(),
    name: Type.String(),
    nameEn: Type.String(),
    level: Type.String(),
    parentCode: Nullable(Type.String()),
  },
  { title: 'Region' },
);
const Department = Obj(
  {
    id: Uuid(),
    code: Type.String(),
    name: Type.String(),
    nameEn: Type.String(),
    shortName: Type.String(),
    regionCode: Type.String(),
    uscc: Nullable(Uscc),
    staffCount: Type.Integer(),
  },
  { title: 'Department' },
);
const communityProps = {
  id: Uuid(),
  code: Type.String(),
  name: Type.String(),
  nameEn: Type.String(),
  regionCode: Type.String(),
  lat: Nullable(Type.Number()),
  lng: Nullable(Type.Number()),
  residentCount: Type.Integer(),
};
const Community = Obj({ ...communityProps, gridCount: Type.Integer() }, { title: 'CommunitySummary' });
const Grid = Obj(
  {
    id: Uuid(),
    code: Type.String(),
    name: Type.String(),
    nameEn: Type.String(),
    residentCount: Type.Integer(),
  },
  { title: 'Grid' },
);
const CommunityDetail = Obj({ ...communityProps, grids: Type.Array(Grid) }, { title: 'CommunityDetail' });
const Staff = Obj(
  {
    accountId: Uuid(),
    displayName: Type.String(),
    username: Nullable(Type.String()),
    phoneMasked: Nullable(Type.String()),
    status: AccountStatus,
    posts: Type.Array(PostSchema),
  },
  { title: 'StaffMember' },
);
const PostBody = Obj(
  {
    accountId: Uuid(),
    departmentId: Nullable(Uuid()),
    communityId: Type.Optional(Nullable(Uuid())),
    gridId: Type.Optional(Nullable(Uuid())),
    title: Type.String({ minLength: 1, maxLength: 60 }),
    roles: Type.Array(PostRoleSchema, { minItems: 1, maxItems: POST_ROLES.length, uniqueItems: true }),
  },
  { title: 'PostBody' },
);
const meta = (r: FastifyRequest): Meta => ({ requestId: String(r.id), ip: r.ip });

export function orgRoutes(service: OrgService) {
  const tags = ['org'];
  return async function plugin(fastify: FastifyInstance): Promise<void> {
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

    app.get(
      '/org/regions',
      {
        schema: { ...PUBLIC, tags, summary: 'Administrative regions (行政区划)', response: { 200: Items(Region) } },
      },
      async (request) => ({ items: await service.regions(request.principal) }),
    );

    app.get(
      '/org/departments',
      { schema: { ...PUBLIC, tags, summary: 'Departments of the city', response: { 200: Items(Department) } } },
      async (request) => ({ items: await service.departments(request.principal) }),
    );

    app.get(
      '/org/communities',
      {
        schema: {
          ...PUBLIC,
          tags,
          summary: 'Communities (社区), searchable by name or code',
          querystring: Obj({
            q: Type.Optional(Type.String({ maxLength: 40 })),
            regionCode: Type.Optional(Type.String({ pattern: '^\\d{6}$' })),
            ...Page,
          }),
          response: { 200: Paged(Community) },
        },
      },
      async (request) => service.communities(request.principal, request.query),
    );

    app.get(
      '/org/communities/:id',
      {
        schema: {
          ...PUBLIC,
          tags,
          summary: 'A community with its grids (网格)',
          params: IdParams,
          response: { 200: CommunityDetail },
        },
      },
      async (request) => service.community(request.principal, request.params.id),
    );

    app.get(
      '/org/staff',
      {
        schema: {
          tags,
          summary: 'Staff directory (staff only; phone numbers masked)',
          querystring: Obj({
            departmentId: Type.Optional(Uuid()),
            q: Type.Optional(Type.String({ maxLength: 40 })),
            ...Page,
          }),
          response: { 200: Paged(Staff) },
        },
      },
      async (request) => service.staff(request.principal, request.query),
    );

    app.post(
      '/org/posts',
      {
        schema: {
          tags,
          summary: 'Give a staff member a post (department / community, roles)',
          body: PostBody,
          response: { 201: PostSchema, ...errorAnswers(404) },
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(
            await service.createPost(
              request.principal,
              { ...request.body, communityId: request.body.communityId ?? null, gridId: request.body.gridId ?? null },
              meta(request),
            ),
          ),
    );

    app.delete(
      '/org/posts/:id',
      { schema: { tags, summary: 'End a post', params: IdParams, response: { 204: NoContent } } },
      async (request, reply) => {
        await service.endPost(request.principal, request.params.id, meta(request));
        return reply.status(204).send(null);
      },
    );
  };
}
