import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { Items, NoContent, Obj, PUBLIC } from '../../platform/http.ts';
import * as S from './catalog.schemas.ts';
import type { CatalogService } from './catalog.service.ts';

const CodeParams = Obj({ code: Type.String({ pattern: '^[0-9A-Za-z_-]{1,64}$' }) });
const meta = (r: FastifyRequest) => ({ requestId: String(r.id), ip: r.ip });

export function catalogRoutes(service: CatalogService) {
  const tags = ['catalog'];
  return async function plugin(fastify: FastifyInstance): Promise<void> {
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

    app.get(
      '/catalog/items',
      {
        schema: {
          ...PUBLIC,
          tags,
          summary:
            'Search service items (Chinese, English or pinyin; filters; most used first), with the life-event bundles the query is about',
          querystring: S.SearchQuery,
          response: { 200: S.SearchResult },
        },
      },
      async (request) => service.search(request.principal, request.query),
    );

    app.get(
      '/catalog/items/:code',
      {
        schema: {
          ...PUBLIC,
          tags,
          summary: 'A service guide (办事指南): the current version, or ?version=N',
          params: CodeParams,
          querystring: Obj({ version: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000 })) }),
          response: { 200: S.ItemDetail },
        },
      },
      async (request) => service.get(request.principal, request.params.code, request.query.version ?? null),
    );

    app.get(
      '/catalog/items/:code/versions',
      {
        schema: {
          ...PUBLIC,
          tags,
          summary: 'Versions of a service item',
          params: CodeParams,
          response: { 200: Items(S.VersionItem) },
        },
      },
      async (request) => ({ items: await service.versions(request.principal, request.params.code) }),
    );

    app.put(
      '/catalog/items/:code',
      {
        schema: {
          tags,
          summary: 'Publish a new version of a service item (department admin)',
          params: CodeParams,
          body: S.ServiceItemSchema,
          response: { 200: S.ItemDetail },
        },
      },
      async (request) => service.publish(request.principal, request.params.code, request.body, meta(request)),
    );

    app.delete(
      '/catalog/items/:code',
      {
        schema: {
          tags,
          summary: 'Retire a service item (department admin)',
          params: CodeParams,
          response: { 204: NoContent },
        },
      },
      async (request, reply) => {
        await service.retire(request.principal, request.params.code, meta(request));
        return reply.status(204).send(null);
      },
    );

    app.get(
      '/catalog/bundles',
      {
        schema: {
          ...PUBLIC,
          tags,
          summary: 'Life-event bundles (一件事一次办)',
          response: { 200: Items(S.BundleSummary) },
        },
      },
      async (request) => ({ items: await service.bundles(request.principal) }),
    );

    app.get(
      '/catalog/bundles/:code',
      {
        schema: {
          ...PUBLIC,
          tags,
          summary: 'A bundle with one merged form and one set of materials',
          params: CodeParams,
          response: { 200: S.BundleDetail },
        },
      },
      async (request) => service.bundle(request.principal, request.params.code),
    );
  };
}
