/** The portal's own routes (/api/opendata/...): dataset pages, releases with their reports, downloads. */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Readable } from 'node:stream';
import { Type } from 'typebox';
import { IdParams, Items, PUBLIC } from '../../platform/http.ts';
import type { Catalogue } from './opendata.catalogue.ts';
import * as S from './opendata.schemas.ts';

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

export function opendataRoutes(s: { catalogue: Catalogue }) {
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
  };
}
