/**
 * The OpenAPI document (DESIGN.md §3.5): @fastify/swagger's options. The document carries the
 * error catalogue (`x-error-catalogue`: code → status, zh-CN and English message, module) and
 * `ErrorCode`, the named enum of every code, so generated types know them.
 */
import type { SwaggerOptions } from '@fastify/swagger';
import type { ErrorSpec } from './errors.ts';

export type PublishedCatalogue = Record<string, ErrorSpec & { module: string }>;

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
      'openapiObject' in doc ? { ...doc.openapiObject, 'x-error-catalogue': published } : doc.swaggerObject,
  };
}
