/**
 * The OpenAPI document (DESIGN.md §3.5): @fastify/swagger's options, and the pass that names
 * its schemas.
 *
 * Named schemas: a schema with a `title` (platform/http.ts: `Obj(…, { title })`, `Enum(name, …)`)
 * is published once, as `components.schemas.<title>`, and every place that uses it refers to
 * it. The server runs with whole schemas (fast-json-stringify refuses one `$id` twice in a
 * response, and references would cost TypeBox's static types); only the document is made of
 * references, by `nameSchemas` below. Two different schemas with one title are a mistake it
 * reports.
 *
 * Answers: every route declares every answer it can give (`declareAnswers`).
 *
 * The document also carries the error catalogue (`x-error-catalogue`: code → status, zh-CN and
 * English message, module) and `ErrorCode`, the named enum of every code.
 */
import type { SwaggerOptions } from '@fastify/swagger';
import type { RouteOptions } from 'fastify';
import { isDeepStrictEqual } from 'node:util';
import { Type, type TSchema } from 'typebox';
import { ErrorBody, errorBody, type ErrorSpec } from './errors.ts';
import { CitizenIdNumber, MobileNumber, Uscc } from './http.ts';

export type PublishedCatalogue = Record<string, ErrorSpec & { module: string }>;

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Keywords whose value is a map of name → schema, a schema, or a list of schemas (JSON Schema 2020-12). */
const SCHEMA_MAPS = ['properties', 'patternProperties', '$defs', 'dependentSchemas'];
const SCHEMA_ONE = [
  'items',
  'additionalProperties',
  'unevaluatedProperties',
  'unevaluatedItems',
  'contains',
  'propertyNames',
  'not',
  'if',
  'then',
  'else',
];
const SCHEMA_LISTS = ['anyOf', 'oneOf', 'allOf', 'prefixItems'];

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

/**
 * Replace every titled schema in the document by a reference to `components.schemas.<title>`.
 * A titled schema made nullable (`Nullable`: `type: [T, 'null']`) becomes `anyOf: [ref, null]`.
 */
export function nameSchemas(doc: Json): Json {
  const components = (isObject(doc.components) ? doc.components : {}) as Json;
  const schemas: Json = isObject(components.schemas) ? { ...components.schemas } : {};
  const named = (schema: unknown): unknown => {
    if (!isObject(schema)) return schema;
    const out: Json = { ...schema };
    for (const k of SCHEMA_MAPS)
      if (isObject(out[k])) out[k] = Object.fromEntries(Object.entries(out[k]).map(([n, s]) => [n, named(s)]));
    for (const k of SCHEMA_ONE) if (isObject(out[k])) out[k] = named(out[k]);
    for (const k of SCHEMA_LISTS) if (Array.isArray(out[k])) out[k] = (out[k] as unknown[]).map(named);
    // A value with a default is the server's to fill in: optional to the caller.
    if (Array.isArray(out.required) && isObject(schema.properties)) {
      const props = schema.properties;
      out.required = (out.required as string[]).filter((k) => !(isObject(props[k]) && props[k].default !== undefined));
    }
    const name = out.title;
    if (typeof name !== 'string') return out;
    delete out.title;
    const type = out.type;
    const nullable = Array.isArray(type) && type.length === 2 && type.includes('null');
    if (nullable) out.type = type.find((t) => t !== 'null');
    const seen = schemas[name];
    if (seen === undefined) schemas[name] = out;
    else if (!isDeepStrictEqual(seen, out))
      throw new Error(
        `two different schemas are named ${name} in the OpenAPI document:\n${JSON.stringify(seen)}\n${JSON.stringify(out)}`,
      );
    return nullable ? { anyOf: [ref(name), { type: 'null' }] } : ref(name);
  };
  const paths: Json = {};
  for (const [url, item] of Object.entries(isObject(doc.paths) ? doc.paths : {})) {
    const operations: Json = {};
    for (const [method, op] of Object.entries(item as Json)) {
      if (!isObject(op)) {
        operations[method] = op;
        continue;
      }
      const o: Json = { ...op };
      if (Array.isArray(o.parameters))
        o.parameters = (o.parameters as Json[]).map((p) => ({
          ...p,
          ...(isObject(p.schema) && p.schema.default !== undefined ? { required: false } : {}),
          schema: named(p.schema),
        }));
      const content = (c: unknown) =>
        isObject(c)
          ? Object.fromEntries(
              Object.entries(c).map(([t, m]) => [t, { ...(m as Json), schema: named((m as Json).schema) }]),
            )
          : c;
      if (isObject(o.requestBody)) o.requestBody = { ...o.requestBody, content: content(o.requestBody.content) };
      if (isObject(o.responses))
        o.responses = Object.fromEntries(
          Object.entries(o.responses).map(([status, r]) => [
            status,
            isObject(r) && r.content ? { ...r, content: content(r.content) } : r,
          ]),
        );
      operations[method] = o;
    }
    paths[url] = operations;
  }
  // The components given whole (e.g. the error body) may hold named schemas too.
  for (const [name, schema] of Object.entries({ ...schemas })) {
    const { title: _title, ...rest } = schema as Json;
    const inner = named(rest);
    if (schemas[name] === schema) schemas[name] = inner;
  }
  const sorted = Object.fromEntries(
    Object.keys(schemas)
      .sort()
      .map((n) => [n, schemas[n]]),
  );
  return { ...doc, paths, components: { ...components, schemas: sorted } };
}

/** What each error status means, as the document describes it, and the name of its shared answer. */
const ANSWER_NAMES: Record<string, string> = {
  400: 'BadRequest',
  401: 'Unauthenticated',
  403: 'Forbidden',
  404: 'NotFound',
  409: 'Conflict',
  413: 'TooLarge',
  415: 'UnsupportedMediaType',
  422: 'Refused',
  429: 'TooManyRequests',
  default: 'Failure',
};
const ANSWERS: Record<string, string> = {
  400: 'The request is not valid: VALIDATION_FAILED with the field paths in `details`, or the code of what is wrong',
  401: 'Not signed in (UNAUTHENTICATED), or the credentials are wrong',
  403: 'Not allowed: a missing permission (FORBIDDEN, or a code of its own such as ASSURANCE_TOO_LOW), or a write without the CSRF token (CSRF_REJECTED)',
  404: 'Not found, or not yours to see (the same answer)',
  409: 'Conflicts with the current state (the code says which), or with a change made at the same moment (CONCURRENT_CHANGE): reload and try again',
  413: 'The body is too large (BODY_TOO_LARGE, FILE_TOO_LARGE)',
  415: 'The content type is not accepted (UNSUPPORTED_MEDIA_TYPE, FILE_TYPE_NOT_ALLOWED)',
  422: 'Understood but refused (the code says why)',
  429: 'Too many attempts: wait for Retry-After',
  default: 'A failure on the server (INTERNAL) or a restart (SHUTTING_DOWN, 503)',
};

const READS = new Set(['GET', 'HEAD']);

/**
 * An onRoute hook: every route declares every answer it can give, each error answer with the
 * one error body (its `code` the enum of every catalogued code). Added by rule, not by hand:
 * - `/api` routes: 400 when they take input (body, query, path, headers) or are writes (a body
 *   that is not JSON); 401 and 403 unless public (`PUBLIC`: `security: []`); 403 on writes
 *   (CSRF); 404 with path parameters; 409, 413 and 415 on writes (state and concurrent-change
 *   conflicts; the body's size and type);
 * - every route: `default` (5xx);
 * - and whatever the route lists itself (`errorAnswers(404, 422)`).
 */
export function declareAnswers(codes: readonly string[]): {
  onRoute: (route: RouteOptions) => void;
  /** The error body as published, for a route that answers one status in two shapes. */
  errorBody: TSchema;
} {
  const code = Type.Unsafe<string>({
    type: 'string',
    enum: [...codes].sort(),
    title: 'ErrorCode',
    description: 'Every error code the API answers with; their statuses and messages are in x-error-catalogue',
  });
  const body = errorBody(code);
  const answer = (status: string) => ({ ...body, 'x-response-description': ANSWERS[status] });
  const onRoute = (route: RouteOptions) => {
    const schema = (route.schema ??= {}) as {
      hide?: boolean;
      security?: unknown[];
      response?: Record<string, unknown>;
    } & Record<string, unknown>;
    if (schema.hide) return;
    const response = (schema.response ??= {});
    for (const [status, s] of Object.entries(response)) if (s === ErrorBody) response[status] = answer(status);
    const add = (status: number | string) => (response[status] ??= answer(String(status)));
    if (route.url.startsWith('/api/')) {
      const write = [route.method].flat().some((m) => !READS.has(m));
      const isPublic = Array.isArray(schema.security) && schema.security.length === 0;
      if (write || schema.body || schema.querystring || schema.params || schema.headers) add(400);
      if (!isPublic) add(401);
      if (!isPublic || write) add(403);
      if (schema.params) add(404);
      if (write) for (const status of [409, 413, 415]) add(status);
    }
    add('default');
  };
  return { onRoute, errorBody: body };
}

/**
 * The error answers are the same everywhere: publish each once under `components.responses`
 * (`BadRequest`, `NotFound`, ...) and refer to it from every operation.
 */
export function shareErrorAnswers(doc: Json): Json {
  const shared: Json = {};
  const errorBody = JSON.stringify(ref('ErrorBody'));
  const paths = Object.fromEntries(
    Object.entries((doc.paths ?? {}) as Record<string, Record<string, Json>>).map(([url, item]) => [
      url,
      Object.fromEntries(
        Object.entries(item).map(([method, op]) => {
          if (!isObject(op) || !isObject(op.responses)) return [method, op];
          const responses = Object.fromEntries(
            Object.entries(op.responses).map(([status, answer]) => {
              const name = ANSWER_NAMES[status];
              const a = answer as { description?: string; content?: Record<string, { schema?: unknown }> };
              const schema = a.content?.['application/json']?.schema;
              if (!name || a.description !== ANSWERS[status] || JSON.stringify(schema) !== errorBody)
                return [status, answer];
              shared[name] = {
                description: a.description,
                content: { 'application/json': { schema: ref('ErrorBody') } },
              };
              return [status, { $ref: `#/components/responses/${name}` }];
            }),
          );
          return [method, { ...op, responses }];
        }),
      ),
    ]),
  );
  const components = (doc.components ?? {}) as Json;
  const responses = Object.fromEntries(
    Object.keys(shared)
      .sort()
      .map((n) => [n, shared[n]]),
  );
  return { ...doc, paths, components: { ...components, responses } };
}

export function openapiOptions(catalogue: PublishedCatalogue): SwaggerOptions {
  const codes = Object.keys(catalogue).sort();
  const published = Object.fromEntries(codes.map((code) => [code, catalogue[code]]));
  return {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Yiwang 一网 API',
        version: '0.1.0',
        description:
          'One network to serve, run the city and govern together. Errors are `{ error: { code, message, details?, requestId } }`; ' +
          'every code, its status and its zh-CN and English message are listed in `x-error-catalogue`. ' +
          'Writes with a session cookie must send `x-csrf-token` (from GET /api/auth/csrf or the `yw_csrf` cookie).',
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'yw_session' },
          // External systems of the exchange: a bearer token from POST /api/exchange/external/token (RFC 7523 client assertion).
          exchangeToken: {
            type: 'http',
            scheme: 'bearer',
            description:
              'An access token from POST /api/exchange/external/token (client credentials with a JWT client assertion, RFC 7523; docs/exchange-api.md)',
          },
          // Open data's live endpoints: an API key a citizen asks for on the portal (POST /api/opendata/keys).
          opendataKey: {
            type: 'apiKey',
            in: 'header',
            name: 'X-API-Key',
            description: 'An open-data API key from the portal (POST /api/opendata/keys); rate-limited per key',
          },
          opendataKeyQuery: {
            type: 'apiKey',
            in: 'query',
            name: 'api_key',
            description: 'The same key as a query parameter, for clients that cannot set headers',
          },
        },
        schemas: {
          // The domain's constants, published whether or not an answer carries them yet (the web checks input with them).
          ...Object.fromEntries(
            [CitizenIdNumber, MobileNumber, Uscc].map((s) => {
              const { title, ...schema } = s as unknown as Json;
              return [title as string, schema];
            }),
          ),
        },
      },
      servers: [{ url: '/', description: 'The server that serves this document' }],
      security: [{ session: [] }],
    },
    transformObject: (doc) =>
      'openapiObject' in doc
        ? ({
            ...shareErrorAnswers(nameSchemas(doc.openapiObject as Json)),
            'x-error-catalogue': published,
          } as typeof doc.openapiObject)
        : doc.swaggerObject,
  };
}
