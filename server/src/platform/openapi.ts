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
 * The document also carries the error catalogue (`x-error-catalogue`: code → status, zh-CN and
 * English message, module) and `ErrorCode`, the named enum of every code.
 */
import type { SwaggerOptions } from '@fastify/swagger';
import { isDeepStrictEqual } from 'node:util';
import type { ErrorSpec } from './errors.ts';
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
        o.parameters = (o.parameters as Json[]).map((p) => ({ ...p, schema: named(p.schema) }));
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
        securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'yw_session' } },
        schemas: {
          // The domain's constants, published whether or not an answer carries them yet (the web checks input with them).
          ...Object.fromEntries(
            [CitizenIdNumber, MobileNumber, Uscc].map((s) => {
              const { title, ...schema } = s as unknown as Json;
              return [title as string, schema];
            }),
          ),
          ErrorCode: {
            type: 'string',
            enum: codes,
            description: 'Every error code the API answers with; statuses and messages are in x-error-catalogue',
          },
        },
      },
      security: [{ session: [] }],
    },
    transformObject: (doc) =>
      'openapiObject' in doc
        ? ({ ...nameSchemas(doc.openapiObject as Json), 'x-error-catalogue': published } as typeof doc.openapiObject)
        : doc.swaggerObject,
  };
}
