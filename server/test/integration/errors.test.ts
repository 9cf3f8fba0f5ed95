/**
 * The one error format `{ error: { code, message, details?, requestId } }`, the request id,
 * the mapping of Fastify's own failures to stable codes, and a sweep over every API
 * operation with bad inputs that must never produce a 5xx.
 */
import type { LightMyRequestResponse } from 'fastify';
import net, { type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  client,
  createTestApp,
  errorCode,
  ok,
  signInStaff,
  type Answer,
  type Client,
  type TestContext,
} from '../helpers.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestApp({ residents: 20 });
});
afterAll(async () => {
  await ctx.teardown();
});

interface ErrorJson {
  error: {
    code: string;
    message: string;
    details?: { path: string; code: string; message: string }[];
    requestId: string;
  };
}

/** Assert the one error shape and return it: of a raw answer, or of a typed call's (openapi-fetch). */
function expectError(res: LightMyRequestResponse | Answer, status: number, code: string): ErrorJson['error'] {
  const typed = 'response' in res && res.response instanceof Response;
  const statusCode = typed ? (res as Answer).response.status : (res as LightMyRequestResponse).statusCode;
  const header = (name: string) =>
    typed ? (res as Answer).response.headers.get(name) : (res as LightMyRequestResponse).headers[name];
  const body = (typed ? (res as Answer).error : (res as LightMyRequestResponse).json()) as ErrorJson;
  expect(statusCode, JSON.stringify(body)).toBe(status);
  expect(header('content-type')).toMatch(/^application\/json/);
  expect(Object.keys(body)).toEqual(['error']);
  expect(body.error.code).toBe(code);
  expect(typeof body.error.message).toBe('string');
  expect(body.error.message.length).toBeGreaterThan(0);
  expect(body.error.requestId).toBe(header('x-request-id'));
  for (const k of Object.keys(body.error)) expect(['code', 'message', 'details', 'requestId']).toContain(k);
  return body.error;
}

describe('error format and request id', () => {
  it('answers an unauthenticated call with the error shape and the x-request-id header', async () => {
    const res = await ctx.app.inject('/api/me');
    const err = expectError(res, 401, 'UNAUTHENTICATED');
    expect(err.requestId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(err.details).toBeUndefined();
  });

  it('gives every response, success included, a fresh request id', async () => {
    const a = await ctx.app.inject('/healthz');
    const b = await ctx.app.inject('/healthz');
    expect(a.statusCode).toBe(200);
    expect(a.headers['x-request-id']).toBeTruthy();
    expect(a.headers['x-request-id']).not.toBe(b.headers['x-request-id']);
  });

  it('keeps a well-formed x-request-id from the caller and replaces a malformed one', async () => {
    const kept = await ctx.app.inject({ url: '/api/me', headers: { 'x-request-id': 'trace-abc.123_XYZ' } });
    expect(kept.headers['x-request-id']).toBe('trace-abc.123_XYZ');
    expect(kept.json().error.requestId).toBe('trace-abc.123_XYZ');
    const replaced = await ctx.app.inject({ url: '/api/me', headers: { 'x-request-id': 'bad id<script>' } });
    expect(replaced.headers['x-request-id']).not.toBe('bad id<script>');
    expect(replaced.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers an unknown route with 404 ROUTE_NOT_FOUND, for any method', async () => {
    const err = expectError(await ctx.app.inject('/api/no-such-thing?x=1'), 404, 'ROUTE_NOT_FOUND');
    expect(err.message).toContain('/api/no-such-thing');
    expect(err.message).not.toContain('x=1');
    // Writes are checked for CSRF first (onRequest), then routed: a method nobody serves is 404.
    // raw: a method the contract does not declare for the path.
    expectError(await client(ctx, '10.1.0.9').raw('PATCH', '/api/me', {}), 404, 'ROUTE_NOT_FOUND');
    expectError(await ctx.app.inject({ method: 'PATCH', url: '/api/me' }), 403, 'CSRF_REJECTED');
  });
});

describe('validation failures: 400 VALIDATION_FAILED with field paths', () => {
  let anon: Client;
  beforeAll(() => {
    anon = client(ctx, '10.1.0.1');
  });

  it('names a missing field REQUIRED at its path', async () => {
    // raw (in this block): bodies the contract's types refuse: missing, unknown and mistyped fields.
    const err = expectError(await anon.raw('POST', '/api/auth/login', { password: 'x' }), 400, 'VALIDATION_FAILED');
    expect(err.details).toContainEqual(expect.objectContaining({ path: '/login', code: 'REQUIRED' }));
  });

  it('names an unknown field UNKNOWN_FIELD at its path', async () => {
    const err = expectError(
      await anon.raw('POST', '/api/auth/login', { login: 'a', password: 'b', admin: true }),
      400,
      'VALIDATION_FAILED',
    );
    expect(err.details).toContainEqual(expect.objectContaining({ path: '/admin', code: 'UNKNOWN_FIELD' }));
  });

  it('reports an unknown field once, without a confusing second detail', async () => {
    // TypeBox reports `additionalProperties: false` twice: once as the keyword, once as
    // "schema is false" (keyword `boolean`), which the error mapper turns into INVALID_BOOLEAN.
    const err = expectError(
      await anon.raw('POST', '/api/auth/login', { login: 'a', password: 'b', admin: true }),
      400,
      'VALIDATION_FAILED',
    );
    expect(err.details!.map((d) => d.code)).toEqual(['UNKNOWN_FIELD']);
  });

  it('names wrong types INVALID_TYPE at each field', async () => {
    const err = expectError(
      await anon.raw('POST', '/api/auth/login', { login: 5, password: true }),
      400,
      'VALIDATION_FAILED',
    );
    expect(err.details).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: '/login', code: 'INVALID_TYPE' }),
        expect.objectContaining({ path: '/password', code: 'INVALID_TYPE' }),
      ]),
    );
  });

  it('checks string lengths and path parameters', async () => {
    const long = expectError(
      await anon.POST('/api/auth/login', { body: { login: 'x'.repeat(65), password: 'b' } }),
      400,
      'VALIDATION_FAILED',
    );
    expect(long.details).toContainEqual(expect.objectContaining({ path: '/login', code: 'INVALID_MAX_LENGTH' }));
    const param = expectError(await ctx.app.inject('/api/org/communities/not-a-uuid'), 400, 'VALIDATION_FAILED');
    expect(param.details).toContainEqual(expect.objectContaining({ path: 'params:/id', code: 'INVALID_PATTERN' }));
  });

  it('refuses a NUL character in a search string or a login as bad input, not with a 500', async () => {
    // PostgreSQL cannot store or compare text containing U+0000 (error 22021).
    const res = await ctx.app.inject('/api/org/communities?q=%00&page=1&pageSize=5');
    expect(res.statusCode, res.body).toBe(400);
    const login = await client(ctx, '10.1.0.8').POST('/api/auth/login', {
      body: { login: 'ab\u0000cd', password: 'x' },
    });
    expect(login.response.status, JSON.stringify(login.error)).toBeLessThan(500);
    expect([400, 401]).toContain(login.response.status);
  });

  it('checks query strings', async () => {
    const err = expectError(
      await ctx.app.inject('/api/org/communities?page=-1&pageSize=abc'),
      400,
      'VALIDATION_FAILED',
    );
    expect(err.details).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: 'querystring:/page', code: 'INVALID_MINIMUM' }),
        expect.objectContaining({ path: 'querystring:/pageSize', code: 'INVALID_TYPE' }),
      ]),
    );
    const unknown = expectError(
      await ctx.app.inject('/api/org/communities?page=1&pageSize=5&sort=name'),
      400,
      'VALIDATION_FAILED',
    );
    expect(unknown.details).toContainEqual(
      expect.objectContaining({ path: 'querystring:/sort', code: 'UNKNOWN_FIELD' }),
    );
  });

  it('applies the documented defaults of page and pageSize when they are left out', async () => {
    // The OpenAPI document says page defaults to 1 and pageSize to 20; a client may omit them.
    const res = ok(await client(ctx).GET('/api/org/communities'));
    expect(res.items).toHaveLength(20);
    expect(res.total).toBe(92);
  });
});

describe('bodies: size, syntax and content type', () => {
  it('refuses a body over the limit with 413 BODY_TOO_LARGE', async () => {
    const c = client(ctx, '10.1.0.2');
    const res = await c.POST('/api/auth/login', { body: { login: 'someone', password: 'x'.repeat(1_100_000) } });
    expectError(res, 413, 'BODY_TOO_LARGE');
  });

  it('honours a configured small body limit', async () => {
    const small = await createTestApp({ seed: false, config: { bodyLimitBytes: 2048 } });
    try {
      const c = client(small, '10.1.0.3');
      expectError(
        await c.POST('/api/auth/login', { body: { login: 'someone', password: 'y'.repeat(3000) } }),
        413,
        'BODY_TOO_LARGE',
      );
      // just under the limit passes parsing and reaches validation (password too long for the schema)
      expectError(
        await c.POST('/api/auth/login', { body: { login: 'someone', password: 'y'.repeat(1500) } }),
        400,
        'VALIDATION_FAILED',
      );
    } finally {
      await small.teardown();
    }
  });

  it('refuses invalid JSON with 400 BODY_INVALID', async () => {
    const c = client(ctx, '10.1.0.4');
    // raw: bytes that are not JSON, which the typed client cannot send.
    expectError(
      await c.raw('POST', '/api/auth/login', '{"login": "a", ', { 'content-type': 'application/json' }),
      400,
      'BODY_INVALID',
    );
    expectError(
      await c.raw('POST', '/api/auth/login', '', { 'content-type': 'application/json' }),
      400,
      'BODY_INVALID',
    );
  });

  it('refuses an unsupported content type with 415 UNSUPPORTED_MEDIA_TYPE', async () => {
    const c = client(ctx, '10.1.0.5');
    // raw: content types the contract does not declare.
    expectError(
      await c.raw('POST', '/api/auth/login', '<login>a</login>', { 'content-type': 'application/xml' }),
      415,
      'UNSUPPORTED_MEDIA_TYPE',
    );
    expectError(
      await c.raw('POST', '/api/auth/login', 'login=a&password=b', {
        'content-type': 'application/x-www-form-urlencoded',
      }),
      415,
      'UNSUPPORTED_MEDIA_TYPE',
    );
  });
});

// ------------------------------------------------------------------------------------------
// The sweep: every /api operation, bad inputs, as sysadmin and anonymously: never a 5xx.

interface Operation {
  method: string;
  path: string;
  params: string[];
  /** Query parameters that take free text. */
  textQuery: string[];
  bodyProps: Record<string, { type?: string }> | null;
}

const CKAN_ACTIONS = '/api/3/action/';
const CKAN_ERROR_TYPES = [
  'Bad Request',
  'Not Found Error',
  'Validation Error',
  'Authorization Error',
  'Search Query Error',
];

interface Doc {
  components?: { schemas?: Record<string, unknown> };
  paths: Record<
    string,
    Record<
      string,
      {
        requestBody?: { content?: Record<string, { schema?: { properties?: Record<string, { type?: string }> } }> };
        parameters?: {
          in: string;
          name: string;
          schema?: { type?: string; pattern?: string; format?: string; enum?: unknown };
        }[];
      }
    >
  >;
}

function operations(doc: Doc): Operation[] {
  /** A named schema is a reference to `components.schemas`: follow it. */
  const deref = <T>(schema: T | { $ref: string } | undefined): T | undefined => {
    const ref = (schema as { $ref?: unknown } | undefined)?.$ref;
    if (typeof ref !== 'string') return schema as T | undefined;
    return deref(doc.components?.schemas?.[ref.replace('#/components/schemas/', '')] as T);
  };
  const ops: Operation[] = [];
  for (const [path, byMethod] of Object.entries(doc.paths)) {
    if (!path.startsWith('/api/')) continue;
    for (const [method, op] of Object.entries(byMethod)) {
      if (!['get', 'post', 'put', 'delete', 'patch'].includes(method)) continue;
      const params = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
      const schema = deref(op.requestBody?.content?.['application/json']?.schema);
      const textQuery = (op.parameters ?? [])
        .map((q) => ({ ...q, schema: deref(q.schema) }))
        .filter(
          (q) =>
            q.in === 'query' && q.schema?.type === 'string' && !q.schema.pattern && !q.schema.format && !q.schema.enum,
        )
        .map((q) => q.name);
      ops.push({
        method: method.toUpperCase(),
        path,
        params,
        textQuery,
        bodyProps: schema
          ? Object.fromEntries(Object.entries(schema.properties ?? {}).map(([k, v]) => [k, deref(v) ?? {}]))
          : null,
      });
    }
  }
  return ops;
}

const wrongValue = (t: string | undefined): unknown =>
  t === 'string'
    ? 12345
    : t === 'array'
      ? 'not-an-array'
      : t === 'integer' || t === 'number'
        ? 'NaN'
        : t === 'boolean'
          ? 'yes'
          : { nested: [1, 2] };

describe('no 5xx anywhere', () => {
  it('answers every operation with bad input below 500 with a stable error code', async () => {
    await ctx.app.ready();
    const doc = ctx.app.swagger() as unknown as Doc;
    const ops = operations(doc);
    expect(ops.length).toBeGreaterThanOrEqual(28);

    let sysadmin = await signInStaff(ctx, 'sysadmin', '10.9.0.1');
    const anon = client(ctx, '10.9.0.2');
    const bareAnon = client(ctx, '10.9.0.3'); // never fetches the CSRF cookie for GETs; for writes it does
    const randomUuid = '0192f5a0-0000-7000-8000-000000000000';
    const pathVariants = (op: Operation): string[] => {
      if (op.params.length === 0) return [op.path];
      const fill = (v: (name: string) => string) =>
        op.path.replace(/\{(\w+)\}/g, (_m, name: string) => encodeURIComponent(v(name)));
      return [
        fill(() => 'not-a-uuid'),
        fill((n) => (n === 'role' ? 'emperor' : '12345')),
        fill((n) => (n === 'role' ? 'auditor' : randomUuid)),
        fill(() => "' or 1=1 --"),
        fill((n) => (n === 'role' ? 'system_admin' : `${randomUuid}x`)),
      ];
    };
    const queries = [
      '',
      '?page=-1&pageSize=abc',
      '?page=0&pageSize=100000',
      '?q=%00%27%22&page=1&pageSize=1',
      '?page=1&pageSize=1&junk[]=1&junk[]=2',
      '?from=yesterday&to=1&page=1&pageSize=2&actorId=nope&kind=robot',
    ];
    /** Bad bodies; `invalid` ones must never be accepted by an operation that reads a body. */
    const bodies = (op: Operation): { payload?: string; type?: string; invalid: boolean }[] => {
      const list: { payload?: string; type?: string; invalid: boolean }[] = [
        { payload: '[]', type: 'application/json', invalid: true },
        { payload: '"just a string"', type: 'application/json', invalid: true },
        { payload: '42', type: 'application/json', invalid: true },
        { payload: 'null', type: 'application/json', invalid: true },
        {
          payload: JSON.stringify({ unexpected: 1, nested: { admin: true } }),
          type: 'application/json',
          invalid: true,
        },
        { payload: '', type: 'application/json', invalid: true },
        { payload: '{"a":', type: 'application/json', invalid: true },
        { payload: 'a=1', type: 'text/plain', invalid: true },
        { payload: '{}', type: 'application/json', invalid: false },
        { invalid: false },
      ];
      if (op.bodyProps && Object.keys(op.bodyProps).length > 0) {
        const wrong: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(op.bodyProps)) wrong[k] = wrongValue(v.type);
        list.push({ payload: JSON.stringify(wrong), type: 'application/json', invalid: true });
        const empties: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(op.bodyProps))
          empties[k] = v.type === 'string' ? '' : v.type === 'array' ? [] : null;
        list.push({ payload: JSON.stringify(empties), type: 'application/json', invalid: false });
        // text that PostgreSQL cannot hold (U+0000) in every string field
        const nul: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(op.bodyProps))
          nul[k] = v.type === 'string' ? 'ab\u0000cd' : v.type === 'array' ? ['ab\u0000cd'] : 'ab\u0000cd';
        list.push({ payload: JSON.stringify(nul), type: 'application/json', invalid: false });
      }
      return list;
    };

    const problems: string[] = [];
    let checked = 0;
    const check = (
      who: string,
      method: string,
      url: string,
      body: { payload?: string; invalid: boolean } | undefined,
      readsBody: boolean,
      res: LightMyRequestResponse,
    ) => {
      checked++;
      const label = `${who} ${method} ${url} ${body?.payload ?? '(no body)'} → ${res.statusCode}`;
      if (res.statusCode >= 500) {
        problems.push(`${label} ${res.body.slice(0, 200)}`);
        return;
      }
      if (res.statusCode >= 400) {
        let code: unknown;
        try {
          // The one error format, or OAuth 2.0's (RFC 6749 §5.2) at the token endpoint, with the stable code beside it.
          const body = res.json() as { error?: ErrorJson['error'] | string; code?: string };
          code = typeof body.error === 'string' ? body.code : body.error?.code;
          // CKAN's Action API keeps CKAN's envelope, so CKAN tools work unchanged: its stable code is `__type`.
          if (url.startsWith(CKAN_ACTIONS)) {
            const ckan = res.json() as { success?: boolean; error?: { __type?: string } };
            if (ckan.success === false && CKAN_ERROR_TYPES.includes(ckan.error?.__type ?? '')) return;
          }
        } catch {
          code = undefined;
        }
        if (typeof code !== 'string' || !/^[A-Z][A-Z0-9_]+$/.test(code))
          problems.push(`${label}: no stable error code: ${res.body.slice(0, 200)}`);
        else if (
          typeof (res.json() as { error?: unknown }).error !== 'string' &&
          (res.json() as ErrorJson).error.requestId !== res.headers['x-request-id']
        )
          problems.push(`${label}: requestId does not match the header`);
      } else if (method !== 'GET' && readsBody && body?.invalid) {
        problems.push(`${label}: a write accepted an invalid body`);
      }
    };

    for (const op of ops) {
      // Signing out would end the sweep's own session; it is covered on its own elsewhere.
      const signedInClients: [string, Client][] =
        op.path === '/api/auth/logout'
          ? [['anon', anon]]
          : [
              ['sysadmin', sysadmin],
              ['anon', anon],
            ];
      for (const url of pathVariants(op)) {
        const nulQuery = op.textQuery.length
          ? [`?page=1&pageSize=1&${op.textQuery.map((q) => `${q}=a%00b`).join('&')}`]
          : [];
        for (const qs of op.method === 'GET' ? [...queries, ...nulQuery] : ['', '?page=-1&pageSize=abc']) {
          if (op.method === 'GET') {
            for (const [who, c] of [...signedInClients, ['bare', bareAnon] as [string, Client]]) {
              // raw: the sweep sends every route hostile queries and bodies, by path strings from the document.
              check(who, op.method, url + qs, undefined, false, await c.raw('GET', url + qs));
            }
            continue;
          }
          for (const b of bodies(op)) {
            for (const [who, c] of signedInClients) {
              const headers: Record<string, string> = b.type ? { 'content-type': b.type } : {};
              // raw: malformed bodies and content types, by path strings from the document.
              const res = await c.raw(op.method, url + qs, b.payload, headers);
              check(who, op.method, url + qs, b, op.bodyProps !== null, res);
            }
          }
        }
      }
      // The sweep must not have lost the sysadmin's session (it would hide answers behind 401).
      if ((await sysadmin.GET('/api/me')).response.status !== 200)
        sysadmin = await signInStaff(ctx, 'sysadmin', '10.9.0.1');
    }
    expect(problems).toEqual([]);
    expect(checked).toBeGreaterThan(1000);
  }, 120_000);

  it('still serves the sysadmin normally after the sweep', async () => {
    const s = await signInStaff(ctx, 'sysadmin', '10.9.0.4');
    const query = { page: 1, pageSize: 5 };
    const res = await s.GET('/api/admin/accounts', { params: { query } });
    expect(res.response.status).toBe(200);
    expect(errorCode(await client(ctx).GET('/api/admin/accounts', { params: { query } }))).toBe('UNAUTHENTICATED');
  });
});

describe('answers refused before routing, on a listening server', () => {
  /** Send raw bytes, read until the server closes the connection. */
  const raw = (port: number, bytes: string) =>
    new Promise<string>((resolve, reject) => {
      const socket = net.connect(port, '127.0.0.1', () => socket.end(bytes));
      let got = '';
      socket.setEncoding('utf8');
      socket.on('data', (d: string) => (got += d));
      socket.on('close', () => resolve(got));
      socket.on('error', (err: NodeJS.ErrnoException) => (err.code === 'ECONNRESET' ? resolve(got) : reject(err)));
    });
  const parse = (answer: string) => {
    const [head = '', body = ''] = answer.split('\r\n\r\n');
    const [statusLine = '', ...lines] = head.split('\r\n');
    const headers = Object.fromEntries(
      lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]),
    );
    return { status: Number(statusLine.split(' ')[1]), headers, body: JSON.parse(body) as ErrorJson };
  };
  let port: number;
  beforeAll(async () => {
    await ctx.app.listen({ port: 0, host: '127.0.0.1' });
    port = (ctx.app.server.address() as AddressInfo).port;
  });

  it('answers request headers too large with 431 HEADERS_TOO_LARGE in the one error format', async () => {
    const answer = parse(
      await raw(port, `GET /api/me HTTP/1.1\r\nHost: localhost\r\nX-Big: ${'a'.repeat(64 * 1024)}\r\n\r\n`),
    );
    expect(answer.status).toBe(431);
    expect(answer.headers['content-type']).toMatch(/^application\/json/);
    expect(answer.body.error.code).toBe('HEADERS_TOO_LARGE');
    expect(answer.body.error.message).toBeTruthy();
    expect(answer.body.error.requestId).toBe(answer.headers['x-request-id']);
  });

  it('answers bytes that are not HTTP with 400 BAD_REQUEST in the one error format', async () => {
    const answer = parse(await raw(port, 'NOT HTTP AT ALL\r\n\r\n'));
    expect(answer.status).toBe(400);
    expect(answer.body.error.code).toBe('BAD_REQUEST');
  });

  it('still serves a normal request on the same server', async () => {
    const answer = await raw(port, 'GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n');
    expect(answer).toMatch(/^HTTP\/1\.1 200 /);
  });
});
