/** HTTP routes of the cityops core: the map, categories, reports (随手拍), event lists and views, patrol. */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { RequestOrigin } from '../../platform/auth.ts';
import { IdParams, Items, Obj, PUBLIC, Paged, errorAnswers } from '../../platform/http.ts';
import type { Categories } from './cityops.categories.ts';
import type { Events } from './cityops.events-service.ts';
import type { CommunityMap } from './cityops.routing.ts';
import * as S from './cityops.schemas.ts';

export const origin = (r: FastifyRequest): RequestOrigin => ({ requestId: String(r.id), ip: r.ip });

const Ring = Type.Array(Type.Array(Type.Number(), { minItems: 2, maxItems: 2 }));
const MapFeature = Obj(
  {
    type: Type.Literal('Feature'),
    properties: Obj({
      kind: Type.Union([Type.Literal('city'), Type.Literal('community'), Type.Literal('grid')]),
      code: Type.String(),
      name: Type.String(),
      nameEn: Type.String(),
      communityCode: Type.Optional(Type.String()),
      centre: Type.Optional(Type.Array(Type.Number(), { minItems: 2, maxItems: 2 })),
    }),
    geometry: Obj({ type: Type.Literal('Polygon'), coordinates: Type.Array(Ring) }),
  },
  { title: 'CityMapFeature' },
);
const CommunityMapSchema = Obj(
  { type: Type.Literal('FeatureCollection'), features: Type.Array(MapFeature) },
  {
    title: 'CityCommunityMap',
    description:
      'GeoJSON (RFC 7946, lng/lat): the city outline, its communities (社区) and their grids (网格); synthetic but tiling the city',
  },
);

export function cityopsRoutes(s: { events: Events; categories: Categories; map: CommunityMap }) {
  const tags = ['cityops'];
  const categoryView = (c: Awaited<ReturnType<Categories['list']>>[number]) => ({
    code: c.code,
    name: c.name,
    group: c.group,
    description: c.description,
    departmentCode: c.departmentCode,
    urgent: c.urgent,
    timeLimit: c.timeLimit,
    anonymousAllowed: c.anonymousAllowed,
    keywords: c.keywords,
    sensorType: c.sensorType,
  });
  return async function plugin(fastify: FastifyInstance): Promise<void> {
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
    app.get(
      '/cityops/map/communities',
      {
        schema: {
          tags,
          ...PUBLIC,
          summary: "The city's community and grid polygons as GeoJSON (the map pages draw them without a tile server)",
          response: { 200: CommunityMapSchema },
        },
      },
      async (_request, reply) =>
        reply
          .header('cache-control', 'public, max-age=3600')
          .header('etag', s.map.etag)
          .serializer(() => s.map.text)
          .send(s.map.geojson),
    );
    app.get(
      '/cityops/categories',
      {
        schema: {
          tags,
          ...PUBLIC,
          summary: 'Event categories (事件分类): what can be reported, who handles it, in what time',
          response: { 200: Items(S.Category) },
        },
      },
      async () => ({ items: (await s.categories.list()).map(categoryView) }),
    );
    app.post(
      '/cityops/reports',
      {
        schema: {
          tags,
          summary:
            'Report a city problem (随手拍): category, description, up to 6 photos, a point on the map or an address; anonymous when the category allows it',
          body: S.ReportInput,
          response: { 201: S.OpenedEvent, ...errorAnswers(422) },
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(
            await s.events.open(request.principal, { ...request.body, source: 'citizen' }, { origin: origin(request) }),
          ),
    );
    app.get(
      '/cityops/reports',
      {
        schema: {
          tags,
          summary: "The signed-in person's reports and the events they follow (我的上报), newest first",
          querystring: S.MyListQuery,
          response: { 200: Paged(S.EventSummary) },
        },
      },
      async (request) => s.events.mine(request.principal, request.query),
    );
    app.post(
      '/cityops/patrol',
      {
        schema: {
          tags,
          summary: "A grid worker's patrol report (巡查上报): an event in their grid, or where they put it",
          body: S.PatrolInput,
          response: { 201: S.OpenedEvent, ...errorAnswers(422) },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await s.events.patrol(request.principal, request.body, origin(request))),
    );
    app.get(
      '/cityops/grid/events',
      {
        schema: {
          tags,
          summary: "A grid worker's events still to handle in their grid, the nearest deadline first",
          querystring: S.MyListQuery,
          response: { 200: Paged(S.EventSummary) },
        },
      },
      async (request) => s.events.gridEvents(request.principal, request.query),
    );
    app.get(
      '/cityops/events',
      {
        schema: {
          tags,
          summary:
            "Events within the caller's reach (operators and supervisors: their region; grid workers: their grid; departments: assigned or co-assigned), newest first",
          querystring: S.ListQuery,
          response: { 200: Paged(S.EventSummary) },
        },
      },
      async (request) => s.events.list(request.principal, request.query),
    );
    app.get(
      '/cityops/events/:id',
      {
        schema: {
          tags,
          summary: 'An event as the caller may see it (handlers never see an anonymous reporter)',
          params: IdParams,
          response: { 200: S.EventDetail },
        },
      },
      async (request) => s.events.get(request.principal, request.params.id),
    );
    app.get(
      '/cityops/events/:id/history',
      {
        schema: {
          tags,
          summary: "An event's history: every entry for staff, the public ones for the reporter",
          params: IdParams,
          response: { 200: Items(S.EventUpdate) },
        },
      },
      async (request) => s.events.history(request.principal, request.params.id),
    );
  };
}
