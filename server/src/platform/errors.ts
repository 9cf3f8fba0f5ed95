/**
 * Errors with stable codes (DESIGN.md §3.6). Throw an AppError anywhere; the one
 * root error handler turns it into `{ error: { code, message, details?, requestId } }`.
 */
import type { FastifyError, FastifyInstance } from 'fastify';
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { uuidv7 } from './ids.ts';
import { Type, type TSchema } from 'typebox';
import type { platformErrors } from './platform.errors.ts';

export interface ErrorDetail {
  path: string;
  code: string;
  message: string;
}

/** One catalogued error code: the HTTP status it answers with and its message in zh-CN and English. */
export interface ErrorSpec {
  readonly status: number;
  readonly zh: string;
  readonly en: string;
}

/** A module's error codes (`<module>.errors.ts`), published in the OpenAPI document as `x-error-catalogue`. */
export interface ErrorCatalogue<C extends Record<string, ErrorSpec> = Record<string, ErrorSpec>> {
  readonly module: string;
  readonly codes: C;
}

/**
 * Declare a module's error codes. The module then adds its catalogue to `ErrorCatalogues`
 * (declaration merging), so that the throwing helpers accept its codes:
 *
 *   export const catalogErrors = defineErrors('catalog', { ITEM_NOT_FOUND: { status: 404, zh: '…', en: '…' } });
 *   declare module '../../platform/errors.ts' { interface ErrorCatalogues { catalog: typeof catalogErrors } }
 */
export const defineErrors = <const C extends Record<string, ErrorSpec>>(
  module: string,
  codes: C,
): ErrorCatalogue<C> => ({
  module,
  codes,
});

/** Every module's catalogue by module name: each `<module>.errors.ts` adds its own member. */
export interface ErrorCatalogues {
  platform: typeof platformErrors;
}

type Codes<M extends keyof ErrorCatalogues> = ErrorCatalogues[M]['codes'];
/** Every error code the server answers with. */
export type ErrorCode = { [M in keyof ErrorCatalogues]: keyof Codes<M> & string }[keyof ErrorCatalogues];
/** The HTTP status a code answers with. */
export type StatusOf<C extends ErrorCode> = {
  [M in keyof ErrorCatalogues]: C extends keyof Codes<M>
    ? Codes<M>[C] extends { status: infer S }
      ? S
      : never
    : never;
}[keyof ErrorCatalogues];
/** The codes that answer with status `S`. */
export type CodeWithStatus<S extends number> = {
  [M in keyof ErrorCatalogues]: {
    [K in keyof Codes<M>]: Codes<M>[K] extends { status: S } ? K & string : never;
  }[keyof Codes<M>];
}[keyof ErrorCatalogues];

/** The whole catalogue, code → status, messages and owning module; a code listed twice is a mistake. */
export function mergeErrorCatalogues(
  catalogues: readonly ErrorCatalogue[],
): Record<string, ErrorSpec & { module: string }> {
  const all: Record<string, ErrorSpec & { module: string }> = {};
  for (const c of catalogues) {
    for (const [code, spec] of Object.entries(c.codes)) {
      const seen = all[code];
      if (seen) throw new Error(`error code ${code} is catalogued by both ${seen.module} and ${c.module}`);
      all[code] = { status: spec.status, zh: spec.zh, en: spec.en, module: c.module };
    }
  }
  return all;
}

/** An error with a catalogued code; the status must be the one its catalogue gives. */
export class AppError<C extends ErrorCode = ErrorCode> extends Error {
  readonly status: number;
  readonly code: C;
  readonly details: ErrorDetail[] | undefined;
  readonly headers: Record<string, string> | undefined;
  constructor(
    status: StatusOf<C>,
    code: C,
    message: string,
    opts: { details?: ErrorDetail[]; headers?: Record<string, string>; cause?: unknown } = {},
  ) {
    super(message, { cause: opts.cause });
    this.status = status;
    this.code = code;
    this.details = opts.details;
    this.headers = opts.headers;
  }
}

export const badRequest = (code: CodeWithStatus<400>, message: string, details?: ErrorDetail[]) =>
  new AppError<ErrorCode>(400, code, message, details ? { details } : {});
export const validationFailed = (details: ErrorDetail[]) =>
  new AppError(400, 'VALIDATION_FAILED', 'The request is not valid', { details });
export const unauthenticated = () => new AppError(401, 'UNAUTHENTICATED', 'Sign in first');
export const forbidden = (message = 'You may not do this') => new AppError(403, 'FORBIDDEN', message);
/** Also used for what the caller may not see: it answers the same as what does not exist. */
export const notFound = (code: CodeWithStatus<404> = 'NOT_FOUND', message = 'Not found') =>
  new AppError<ErrorCode>(404, code, message);
export const conflict = (code: CodeWithStatus<409>, message: string) => new AppError<ErrorCode>(409, code, message);

/** The one error body. The app publishes it with `code` as the enum of every catalogued code (platform/openapi.ts). */
export const errorBody = (code: TSchema = Type.String()) =>
  Type.Object(
    {
      error: Type.Object(
        {
          code,
          message: Type.String(),
          details: Type.Optional(
            Type.Array(
              Type.Object(
                { path: Type.String(), code: Type.String(), message: Type.String() },
                {
                  title: 'ErrorDetail',
                  description: 'What is wrong where: a JSON pointer (or `querystring:/page`), a code and a message',
                },
              ),
            ),
          ),
          requestId: Type.String(),
        },
        { title: 'ErrorInfo' },
      ),
    },
    { title: 'ErrorBody', description: 'Every error answer has this shape' },
  );
export const ErrorBody = errorBody();

/** Fastify's own error codes mapped to ours. Anything unmapped with a 4xx status keeps its status. */
const FASTIFY_CODES: Record<string, [number, ErrorCode, string]> = {
  FST_ERR_CTP_BODY_TOO_LARGE: [413, 'BODY_TOO_LARGE', 'The request body is too large'],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: [415, 'UNSUPPORTED_MEDIA_TYPE', 'Unsupported content type'],
  FST_ERR_CTP_EMPTY_JSON_BODY: [400, 'BODY_INVALID', 'The JSON body is empty'],
  FST_ERR_CTP_INVALID_JSON_BODY: [400, 'BODY_INVALID', 'The body is not valid JSON'],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: [400, 'BODY_INVALID', 'Content-Length does not match the body'],
  FST_ERR_BAD_URL: [400, 'BAD_URL', 'The URL is not valid'],
};

/** PostgreSQL SQLSTATEs that mean bad input or a conflict, not a server fault. */
const PG_CODES: Record<string, [number, ErrorCode, string]> = {
  '22001': [400, 'VALUE_TOO_LONG', 'A value is too long'],
  '22021': [400, 'INVALID_CHARACTERS', 'A value contains characters that cannot be stored'],
  '22P02': [400, 'INVALID_VALUE', 'A value has the wrong form'],
  '22003': [400, 'VALUE_OUT_OF_RANGE', 'A number is out of range'],
  '22007': [400, 'INVALID_DATE', 'A date or time is not valid'],
  '22008': [400, 'INVALID_DATE', 'A date or time is out of range'],
  '23505': [409, 'CONFLICT', 'This conflicts with something that exists'],
  '23503': [409, 'CONFLICT', 'This refers to something that does not exist'],
  '40001': [409, 'CONCURRENT_CHANGE', 'Someone else changed this at the same time; try again'],
  '40P01': [409, 'CONCURRENT_CHANGE', 'Someone else changed this at the same time; try again'],
};

interface ValidationIssue {
  instancePath?: string;
  keyword?: string;
  message?: string;
  params?: Record<string, unknown>;
}

function detailsFromValidation(context: string | undefined, all: ValidationIssue[]): ErrorDetail[] {
  // TypeBox reports an unknown field twice: as `additionalProperties` and as the `false` schema it met.
  const issues = all.filter((v) => !(v.keyword === 'boolean' && /schema is false/.test(v.message ?? '')));
  return issues.slice(0, 20).map((v) => {
    let p = v.instancePath ?? '';
    const params = v.params ?? {};
    if (v.keyword === 'required' && Array.isArray(params.requiredProperties)) {
      p += `/${String(params.requiredProperties[0])}`;
    } else if (v.keyword === 'required' && typeof params.missingProperty === 'string') {
      p += `/${params.missingProperty}`;
    } else if (v.keyword === 'additionalProperties') {
      const extra = params.additionalProperties ?? params.additionalProperty;
      if (Array.isArray(extra) && extra.length > 0) p += `/${String(extra[0])}`;
      else if (typeof extra === 'string') p += `/${extra}`;
    }
    const code =
      v.keyword === 'required'
        ? 'REQUIRED'
        : v.keyword === 'additionalProperties'
          ? 'UNKNOWN_FIELD'
          : `INVALID_${(v.keyword ?? 'value').replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}`;
    // Body fields are plain JSON pointers (`/login`), like the services' own checks; other parts are prefixed (`querystring:/page`).
    const prefix = context && context !== 'body' ? `${context}:` : '';
    return { path: `${prefix}${p || '/'}`, code, message: v.message ?? 'invalid' };
  });
}

export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError | AppError, request, reply) => {
    const requestId = String(request.id);
    let status: number;
    let body: { code: ErrorCode; message: string; details?: ErrorDetail[] };
    if (err instanceof AppError) {
      status = err.status;
      body = { code: err.code, message: err.message, ...(err.details ? { details: err.details } : {}) };
      if (err.headers) void reply.headers(err.headers);
    } else if ((err as FastifyError).validation) {
      status = 400;
      const fe = err as FastifyError;
      body = {
        code: 'VALIDATION_FAILED',
        message: 'The request is not valid',
        details: detailsFromValidation(fe.validationContext, fe.validation as ValidationIssue[]),
      };
    } else if (typeof (err as { code?: unknown }).code === 'string' && PG_CODES[(err as { code: string }).code]) {
      // A database refusal the schemas did not foresee is still the caller's input, not our failure.
      const [s, code, message] = PG_CODES[(err as { code: string }).code]!;
      status = s;
      body = { code, message };
      request.log.warn({ err }, 'database refused the input');
    } else if ((err as FastifyError).code && FASTIFY_CODES[(err as FastifyError).code]) {
      const [s, code, message] = FASTIFY_CODES[(err as FastifyError).code]!;
      status = s;
      body = { code, message };
    } else if (typeof (err as FastifyError).statusCode === 'number' && (err as FastifyError).statusCode! < 500) {
      status = (err as FastifyError).statusCode!;
      body = { code: 'BAD_REQUEST', message: err.message };
    } else {
      status = 500;
      body = { code: 'INTERNAL', message: 'Something went wrong on our side; it has been logged' };
    }
    if (status >= 500) request.log.error({ err }, 'request failed');
    else request.log.info({ code: body.code, status }, 'request refused');
    void reply.status(status).send({ error: { ...body, requestId } });
  });

  app.setNotFoundHandler((request, reply) => {
    const code: ErrorCode = 'ROUTE_NOT_FOUND';
    void reply.status(404).send({
      error: {
        code,
        message: `No route ${request.method} ${request.url.split('?')[0]}`,
        requestId: String(request.id),
      },
    });
  });
}

/**
 * What Node's HTTP parser refuses before any route or hook runs (Fastify's `clientErrorHandler`):
 * headers too large (431), a request that took too long to arrive (408), or bytes that are not
 * HTTP (400). Answered in the one error format, then the connection is closed.
 */
export function clientErrorHandler(err: Error & { code?: string }, socket: Duplex): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, code, message]: [number, ErrorCode, string] =
    err.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'HEADERS_TOO_LARGE', 'The request headers are too large']
      : err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'REQUEST_TIMEOUT', 'The request took too long to arrive']
        : [400, 'BAD_REQUEST', 'The request is not valid HTTP'];
  const requestId = uuidv7();
  const body = JSON.stringify({ error: { code, message, requestId } });
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n` +
        `content-type: application/json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(body)}\r\n` +
        `x-request-id: ${requestId}\r\ncache-control: no-store\r\nx-content-type-options: nosniff\r\n` +
        `connection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(err);
}
