/** The portal's own routes (/api/opendata/...): dataset pages, releases with their reports, downloads. */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Readable } from 'node:stream';
import { Type } from 'typebox';
import { IdParams, Items, PUBLIC } from '../../platform/http.ts';
import type { Catalogue } from './opendata.catalogue.ts';
import * as S from './opendata.schemas.ts';
import { DcatGraph } from './opendata.dcat.ts';

const bytes = Type.String({ format: 'binary' });
const FileBytes = {
  description: 'The file, with its own Content-Type',
  content: {
    'text/csv': { schema: bytes },
    'application/json': { schema: bytes },
    'application/geo+json': { schema: bytes },
  },
};

function sendFile(reply: FastifyReply, f: { stream: Readable; mediaType: string; fileName: string; size: number }) {
  return reply
    .header('content-type', f.mediaType)
    .header('content-length', String(f.size))
    .header('content-disposition', `attachment; filename="${f.fileName}"`)
    .header('x-content-type-options', 'nosniff')
    .header('access-control-allow-origin', '*')
    .send(f.stream);
}

const TURTLE = 'text/turtle; charset=utf-8';
const JSONLD = 'application/ld+json';
const Rdf = {
  description: 'DCAT-AP 3 (Turtle or JSON-LD, by the extension)',
  content: { 'text/turtle': { schema: Type.String() }, 'application/ld+json': { schema: Type.Object({}) } },
};

async function sendRdf(reply: FastifyReply, graph: DcatGraph, ext: string) {
  reply.header('access-control-allow-origin', '*');
  if (ext === 'ttl') return reply.header('content-type', TURTLE).send(await graph.turtle());
  return reply.header('content-type', JSONLD).send(JSON.stringify(graph.jsonld()));
}

export function opendataRoutes(s: { catalogue: Catalogue; baseOf: (r: FastifyRequest) => string; regionCode: string }) {
  const tags = ['opendata'];
  return async function plugin(fastify: FastifyInstance): Promise<void> {
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
    app.get(
      '/opendata/datasets/:name',
      {
        schema: {
          tags,
          ...PUBLIC,
          summary: 'A dataset (by name or id) with its metadata and the latest release’s files',
          params: S.NameParams,
          response: { 200: S.Dataset },
        },
      },
      async (request) => s.catalogue.dataset(request.principal, request.params.name),
    );
    app.get(
      '/opendata/datasets/:name/releases',
      {
        schema: {
          tags,
          ...PUBLIC,
          summary: 'The releases of a dataset, newest first: changelog, de-identification report and files',
          params: S.NameParams,
          response: { 200: Items(S.Release) },
        },
      },
      async (request) => ({ items: await s.catalogue.releases(request.principal, request.params.name) }),
    );
    app.get(
      '/opendata/resources/:id/download',
      {
        schema: {
          tags,
          ...PUBLIC,
          summary: 'Download a file of a release (CSV, JSON or GeoJSON)',
          params: IdParams,
          response: { 200: FileBytes },
        },
      },
      async (request, reply) => sendFile(reply, await s.catalogue.openFile(request.principal, request.params.id)),
    );
    app.get(
      '/opendata/dcat/catalog.:ext',
      {
        schema: {
          tags,
          ...PUBLIC,
          summary: 'The whole catalogue as DCAT-AP 3: catalog.ttl (Turtle) or catalog.jsonld (JSON-LD)',
          params: Type.Object({ ext: Type.Union([Type.Literal('ttl'), Type.Literal('jsonld')]) }),
          response: { 200: Rdf },
        },
      },
      async (request, reply) => {
        const graph = new DcatGraph(s.baseOf(request));
        graph.catalogue(
          {
            base: graph.base,
            title: '一网公共数据开放目录',
            titleEn: 'Yiwang open data catalogue',
            description: '本市各部门开放的去标识化公共数据。',
            descriptionEn: "De-identified public data opened by the city's departments.",
            publisherName: `Yiwang ${s.regionCode}`,
            regionCode: s.regionCode,
          },
          await s.catalogue.allActive(),
        );
        return sendRdf(reply, graph, request.params.ext);
      },
    );
    app.get(
      '/opendata/dcat/datasets/:file',
      {
        schema: {
          tags,
          ...PUBLIC,
          summary: 'A dataset as DCAT-AP 3: {name}.ttl (Turtle) or {name}.jsonld (JSON-LD)',
          params: Type.Object({ file: Type.String({ pattern: '^[a-z0-9_-]{2,100}\\.(ttl|jsonld)$' }) }),
          response: { 200: Rdf },
        },
      },
      async (request, reply) => {
        const [, name, ext] = /^(.+)\.(ttl|jsonld)$/.exec(request.params.file)!;
        const dataset = await s.catalogue.dataset(request.principal, name!);
        const graph = new DcatGraph(s.baseOf(request));
        graph.dataset(dataset);
        return sendRdf(reply, graph, ext!);
      },
    );
  };
}
