/**
 * Open311 GeoReport v2 at /open311/v2/ (outside /api: the spec's paths, formats and error
 * list, not the platform's), and the console's API-key routes under /api/cityops/open311/keys.
 *
 * The format is the resource's extension (`services.xml`, `requests/SJ….json`); every answer,
 * errors included, comes in it (XML when the extension is missing or unknown). The Open311
 * routes are left out of the OpenAPI document (`hide`): the GeoReport v2 specification and
 * docs/open311.md describe them.
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../platform/errors.ts';
import { IdParams, Items, errorAnswers } from '../../platform/http.ts';
import type { Open311Keys } from './cityops.open311.keys.ts';
import { render, renderErrors, splitFormat, type Format, type Value } from './cityops.open311.format.ts';
import { parseForm, queryFields } from './cityops.open311.parse.ts';
import { Open311Error, type Open311 } from './cityops.open311.service.ts';
import type { Open311Updates } from './cityops.open311.updates.ts';
import { langOf } from './cityops.open311.views.ts';
import * as S from './cityops.open311.schemas.ts';

export const OPEN311_PREFIX = '/open311/v2';
const HIDDEN = { schema: { hide: true } };

/** The format a request asked for, from its last path segment's extension; XML (the required format) otherwise. */
function formatOf(url: string): Format {
  const path = url.split('?')[0]!;
  return splitFormat(path.slice(path.lastIndexOf('/') + 1))?.format ?? 'xml';
}

function send(reply: FastifyReply, format: Format, root: string, value: Value, status = 200) {
  const { body, type } = render(format, root, value);
  return reply.status(status).type(type).send(body);
}

function sendErrors(
  reply: FastifyReply,
  format: Format,
  status: number,
  errors: { code: number; description: string }[],
) {
  const { body, type } = renderErrors(format, errors);
  return reply.status(status).type(type).send(body);
}

/** The public base URL of this server: the configured one, else as the request reached it. */
const baseOf = (request: FastifyRequest, publicUrl: string | null) =>
  publicUrl ? publicUrl.replace(/\/+$/, '') : `${request.protocol}://${request.host}`;

export function open311Plugin(open311: Open311, updates: Open311Updates, publicUrl: string | null, bodyLimit: number) {
  return async function plugin(app: FastifyInstance): Promise<void> {
    // POST requests are form-encoded (the spec); the body is parsed by the route (attribute[code][]).
    app.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string', bodyLimit },
      (_request, body, done) => done(null, body),
    );
    app.setErrorHandler((err: FastifyError | Open311Error | AppError, request, reply) => {
      const format = formatOf(request.url);
      if (err instanceof Open311Error) return sendErrors(reply, format, err.status, err.errors);
      const status = 'statusCode' in err && typeof err.statusCode === 'number' ? err.statusCode : 500;
      if (status < 500 || err instanceof AppError) {
        const s = err instanceof AppError ? err.status : status;
        if (s === 503) return sendErrors(reply, format, 503, [{ code: 503, description: err.message }]);
        return sendErrors(reply, format, s === 404 ? 404 : s === 403 ? 403 : 400, [
          { code: s === 404 ? 404 : s === 403 ? 403 : 400, description: err.message },
        ]);
      }
      request.log.error({ err }, 'Open311 request failed');
      // The spec's "general service error": a 400 the client should report (the details are in our log).
      return sendErrors(reply, format, 400, [
        { code: 400, description: `General service error; quote request id ${String(request.id)}` },
      ]);
    });
    app.setNotFoundHandler((request, reply) =>
      sendErrors(reply, formatOf(request.url), 404, [
        { code: 404, description: `No Open311 resource ${request.method} ${request.url.split('?')[0]}` },
      ]),
    );

    const fileOf = (file: string, names: readonly string[]) => {
      const f = splitFormat(file);
      if (!f || !names.includes(f.name))
        throw new Open311Error(404, [{ code: 404, description: `No Open311 resource ${file}` }]);
      return f;
    };

    app.get<{ Params: { file: string } }>('/:file', HIDDEN, async (request, reply) => {
      const f = fileOf(request.params.file, ['discovery', 'services', 'requests', 'servicerequestupdates']);
      const q = queryFields(request.query);
      const lang = langOf(request.headers['accept-language']);
      switch (f.name) {
        case 'discovery':
          return send(reply, f.format, 'discovery', open311.discovery(baseOf(request, publicUrl)));
        case 'services':
          return send(reply, f.format, 'services', await open311.services(q, lang));
        case 'requests':
          return send(reply, f.format, 'service_requests', await open311.list(q, lang));
        default:
          return send(reply, f.format, 'service_request_updates', await updates.list(q));
      }
    });
    // Any other GET under the prefix is Open311's 404 in the spec's format (here, not the web shell's fallback at /*).
    app.get('/*', HIDDEN, async (request) => {
      throw new Open311Error(404, [{ code: 404, description: `No Open311 resource GET ${request.url.split('?')[0]}` }]);
    });
    app.post<{ Params: { file: string }; Body: unknown }>('/:file', HIDDEN, async (request, reply) => {
      const f = fileOf(request.params.file, ['requests', 'servicerequestupdates']);
      const ct = request.headers['content-type'] ?? '';
      if (typeof request.body !== 'string' || !ct.startsWith('application/x-www-form-urlencoded'))
        throw new Open311Error(400, [
          { code: 400, description: 'Send the request as application/x-www-form-urlencoded; charset=utf-8' },
        ]);
      const form = parseForm(request.body);
      if (f.name === 'servicerequestupdates') {
        const made = await updates.post(form, { requestId: String(request.id), ip: request.ip });
        return send(reply, f.format, 'service_request_updates', made);
      }
      const idem = request.headers['idempotency-key'];
      const value = await open311.create(
        form,
        typeof idem === 'string' ? idem : undefined,
        langOf(request.headers['accept-language']),
      );
      return send(reply, f.format, 'service_requests', value);
    });
    app.get<{ Params: { file: string } }>('/services/:file', HIDDEN, async (request, reply) => {
      const f = splitFormat(request.params.file);
      if (!f) throw new Open311Error(404, [{ code: 404, description: `No Open311 resource ${request.params.file}` }]);
      const value = await open311.definition(
        f.name,
        queryFields(request.query),
        langOf(request.headers['accept-language']),
      );
      return send(reply, f.format, 'service_definition', value);
    });
    app.get<{ Params: { file: string } }>('/requests/:file', HIDDEN, async (request, reply) => {
      const f = splitFormat(request.params.file);
      if (!f) throw new Open311Error(404, [{ code: 404, description: `No Open311 resource ${request.params.file}` }]);
      const value = await open311.one(f.name, queryFields(request.query), langOf(request.headers['accept-language']));
      return send(reply, f.format, 'service_requests', value);
    });
    app.get<{ Params: { file: string } }>('/tokens/:file', HIDDEN, async (request, reply) => {
      const f = splitFormat(request.params.file);
      if (!f) throw new Open311Error(404, [{ code: 404, description: `No Open311 resource ${request.params.file}` }]);
      return send(reply, f.format, 'service_requests', await open311.token(f.name, queryFields(request.query)));
    });
  };
}

/** The console's routes: a city operator lists, issues and revokes the city's Open311 API keys. */
export function open311KeyRoutes(keys: Open311Keys) {
  const tags = ['cityops'];
  return async function plugin(fastify: FastifyInstance): Promise<void> {
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
    const origin = (r: FastifyRequest) => ({ requestId: String(r.id), ip: r.ip });
    app.get(
      '/cityops/open311/keys',
      {
        schema: {
          tags,
          summary: "The city's Open311 API keys (a city operator): who they are for, when last used, revoked or not",
          response: { 200: Items(S.Open311Key) },
        },
      },
      async (request) => keys.list(request.principal),
    );
    app.post(
      '/cityops/open311/keys',
      {
        schema: {
          tags,
          summary: 'Issue an Open311 API key (a city operator): the key is in this answer only',
          body: S.NewOpen311Key,
          response: { 201: S.IssuedOpen311Key },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await keys.issue(request.principal, request.body, origin(request))),
    );
    app.post(
      '/cityops/open311/keys/:id/revoke',
      {
        schema: {
          tags,
          summary: 'Revoke an Open311 API key (a city operator): requests with it are refused from then on',
          params: IdParams,
          response: { 200: S.Open311Key, ...errorAnswers(404) },
        },
      },
      async (request) => keys.revoke(request.principal, request.params.id, origin(request)),
    );
  };
}
