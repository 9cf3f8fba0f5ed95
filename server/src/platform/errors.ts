/**
 * Errors with stable codes (DESIGN.md §3.6). Throw an AppError anywhere; the one
 * root error handler turns it into `{ error: { code, message, details?, requestId } }`.
 */
import type { FastifyError, FastifyInstance } from 'fastify';
import { Type } from 'typebox';

export interface ErrorDetail {
  path: string;
  code: string;
  message: string;
}

export class AppError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: ErrorDetail[] | undefined;
  readonly headers: Record<string, string> | undefined;
  constructor(
    status: number,
    code: string,
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

export const badRequest = (code: string, message: string, details?: ErrorDetail[]) =>
  new AppError(400, code, message, details ? { details } : {});
export const validationFailed = (details: ErrorDetail[]) =>
  new AppError(400, 'VALIDATION_FAILED', 'The request is not valid', { details });
export const unauthenticated = () => new AppError(401, 'UNAUTHENTICATED', 'Sign in first');
export const forbidden = (message = 'You may not do this') => new AppError(403, 'FORBIDDEN', message);
/** Also used for what the caller may not see: it answers the same as what does not exist. */
export const notFound = (code = 'NOT_FOUND', message = 'Not found') => new AppError(404, code, message);
export const conflict = (code: string, message: string) => new AppError(409, code, message);

export const ErrorBody = Type.Object(
  {
    error: Type.Object({
      code: Type.String(),
      message: Type.String(),
      details: Type.Optional(
        Type.Array(Type.Object({ path: Type.String(), code: Type.String(), message: Type.String() })),
      ),
      requestId: Type.String(),
    }),
  },
  { $id: 'ErrorBody', description: 'Every error answer has this shape' },
);

/** Fastify's own error codes mapped to ours. Anything unmapped with a 4xx status keeps its status. */
const FASTIFY_CODES: Record<string, [number, string, string]> = {
  FST_ERR_CTP_BODY_TOO_LARGE: [413, 'BODY_TOO_LARGE', 'The request body is too large'],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: [415, 'UNSUPPORTED_MEDIA_TYPE', 'Unsupported content type'],
  FST_ERR_CTP_EMPTY_JSON_BODY: [400, 'BODY_INVALID', 'The JSON body is empty'],
  FST_ERR_CTP_INVALID_JSON_BODY: [400, 'BODY_INVALID', 'The body is not valid JSON'],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: [400, 'BODY_INVALID', 'Content-Length does not match the body'],
  FST_ERR_BAD_URL: [400, 'BAD_URL', 'The URL is not valid'],
};

/** PostgreSQL SQLSTATEs that mean bad input or a conflict, not a server fault. */
const PG_CODES: Record<string, [number, string, string]> = {
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
    let body: { code: string; message: string; details?: ErrorDetail[] };
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
    void reply.status(404).send({
      error: {
        code: 'ROUTE_NOT_FOUND',
        message: `No route ${request.method} ${request.url.split('?')[0]}`,
        requestId: String(request.id),
      },
    });
  });
}
