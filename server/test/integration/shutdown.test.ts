/**
 * Operations: metrics, the OpenAPI document and its UI, and graceful shutdown on a real
 * listening server (in-flight requests finish; new ones are refused).
 */
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signInCitizen, type TestContext } from '../helpers.ts';

let ctx: TestContext;
let entered!: () => void;
const inHandler = new Promise<void>((resolve) => {
  entered = resolve;
});
let release!: () => void;
const gate = new Promise<void>((resolve) => {
  release = resolve;
});

beforeAll(async () => {
  ctx = await createTestApp({ residents: 10 });
  // A test-only slow route, added before the app is ready: it waits until the test releases it.
  ctx.app.get('/test/slow', { schema: { hide: true } }, async () => {
    entered();
    await gate;
    return { finished: true };
  });
});
afterAll(async () => {
  release();
  await ctx.teardown();
});

interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Parse HTTP/1.1 responses (with content-length or chunked bodies) read from one socket. */
function parseResponses(raw: string): RawResponse[] {
  const out: RawResponse[] = [];
  let rest = raw;
  while (rest.startsWith('HTTP/1.1')) {
    const headEnd = rest.indexOf('\r\n\r\n');
    const [statusLine, ...lines] = rest.slice(0, headEnd).split('\r\n');
    const headers: Record<string, string> = {};
    for (const l of lines) headers[l.slice(0, l.indexOf(':')).toLowerCase()] = l.slice(l.indexOf(':') + 1).trim();
    rest = rest.slice(headEnd + 4);
    let body = '';
    if (headers['content-length'] !== undefined) {
      const n = Number(headers['content-length']);
      body = rest.slice(0, n);
      rest = rest.slice(n);
    } else if (headers['transfer-encoding'] === 'chunked') {
      for (;;) {
        const lineEnd = rest.indexOf('\r\n');
        const size = parseInt(rest.slice(0, lineEnd), 16);
        rest = rest.slice(lineEnd + 2);
        if (size === 0) {
          rest = rest.slice(2);
          break;
        }
        body += rest.slice(0, size);
        rest = rest.slice(size + 2);
      }
    }
    out.push({ status: Number(statusLine!.split(' ')[1]), headers, body });
  }
  return out;
}

describe('metrics', () => {
  it('exposes request durations and the outbox backlog in Prometheus format', async () => {
    await ctx.app.inject('/api/org/departments');
    await ctx.app.inject('/api/no-such-route');
    const res = await ctx.app.inject('/metrics');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(res.body).toContain('# TYPE yiwang_http_request_duration_seconds histogram');
    expect(res.body).toMatch(
      /yiwang_http_request_duration_seconds_count\{method="GET",route="\/api\/org\/departments",status="200"\} [1-9]/,
    );
    expect(res.body).toMatch(
      /yiwang_http_request_duration_seconds_count\{method="GET",route="(?:unmatched|\/\*)",status="404"\} [1-9]/,
    );
    expect(res.body).toContain('# TYPE yiwang_outbox_pending gauge');
    expect(res.body).toMatch(/^yiwang_outbox_pending \d+$/m);
    expect(res.body).toContain('process_cpu_user_seconds_total');
  });

  it('the outbox gauge follows pending events', async () => {
    const pending = await ctx.platform.outbox.pendingCount();
    const res = await ctx.app.inject('/metrics');
    expect(res.body).toMatch(new RegExp(`^yiwang_outbox_pending ${pending}$`, 'm'));
  });
});

describe('API documentation', () => {
  it('/api/openapi.json is OpenAPI 3.1 with a response schema on every /api operation', async () => {
    const res = await ctx.app.inject('/api/openapi.json');
    expect(res.statusCode).toBe(200);
    const doc = res.json() as {
      openapi: string;
      info: { title: string };
      paths: Record<
        string,
        Record<
          string,
          { responses?: Record<string, { content?: Record<string, { schema?: unknown }> }>; tags?: string[] }
        >
      >;
    };
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info.title).toContain('Yiwang');
    const apiPaths = Object.keys(doc.paths).filter((p) => p.startsWith('/api/'));
    expect(apiPaths.length).toBeGreaterThanOrEqual(25);
    expect(Object.keys(doc.paths)).not.toContain('/api/openapi.json');
    expect(Object.keys(doc.paths)).not.toContain('/test/slow');
    const missing: string[] = [];
    let operations = 0;
    for (const p of apiPaths) {
      for (const [method, op] of Object.entries(doc.paths[p]!)) {
        operations++;
        const responses = op.responses ?? {};
        const success = Object.entries(responses).filter(([code]) => /^2/.test(code));
        if (success.length === 0) missing.push(`${method.toUpperCase()} ${p}: no 2xx response`);
        for (const [code, r] of success) {
          // JSON, or a file's bytes under its own media types (a material, an upload)
          if (code !== '204' && !Object.values(r.content ?? {}).some((m) => m.schema))
            missing.push(`${method.toUpperCase()} ${p}: ${code} has no schema`);
        }
        const errors = Object.keys(responses).filter((c) => /^([45]\d\d|default)$/.test(c));
        if (errors.length === 0) missing.push(`${method.toUpperCase()} ${p}: no error response`);
        if (!op.tags?.length) missing.push(`${method.toUpperCase()} ${p}: no tag`);
      }
    }
    expect(missing).toEqual([]);
    expect(operations).toBeGreaterThanOrEqual(30);
  });

  it('/api/docs serves the HTML documentation UI', async () => {
    let res = await ctx.app.inject('/api/docs');
    if (res.statusCode === 302) res = await ctx.app.inject(String(res.headers.location));
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.body).toMatch(/<html/i);
    expect(res.body.toLowerCase()).toContain('swagger');
  });
});

describe('graceful shutdown', () => {
  it('lets an in-flight request finish and refuses new ones while closing', async () => {
    // Some real work before closing, so there is something to finish cleanly.
    const citizen = await signInCitizen(ctx, undefined, undefined, '10.8.0.1');
    expect((await citizen.GET('/api/me')).response.status).toBe(200);

    await ctx.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = ctx.app.server.address() as AddressInfo;
    const base = `http://127.0.0.1:${port}`;
    expect((await fetch(`${base}/healthz`)).status).toBe(200);

    // One keep-alive connection: the slow request first, later a second request on the same socket.
    const socket = net.connect(port, '127.0.0.1');
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    let raw = '';
    socket.setEncoding('utf8');
    socket.on('data', (d: string) => {
      raw += d;
    });
    const ended = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    socket.write('GET /test/slow HTTP/1.1\r\nHost: localhost\r\nConnection: keep-alive\r\n\r\n');
    await inHandler;

    const closing = ctx.close();
    // A request arriving on the busy connection while closing is refused in our error format.
    socket.write('GET /api/me HTTP/1.1\r\nHost: localhost\r\nx-request-id: during-shutdown-1\r\n\r\n');
    // A new connection is refused outright (or, if it slips in, answered 503).
    const fresh = await fetch(`${base}/healthz`).then(
      (r) => r.status,
      (err: unknown) => `refused: ${String((err as { cause?: { code?: string } }).cause?.code ?? err)}`,
    );
    expect(String(fresh)).toMatch(/^(refused: .*|503)$/);

    release();
    await closing;
    await ended;
    const [first, second] = parseResponses(raw);
    expect(first?.status).toBe(200);
    expect(JSON.parse(first!.body)).toEqual({ finished: true });
    expect(second?.status).toBe(503);
    expect(second!.headers.connection).toBe('close');
    const body = JSON.parse(second!.body) as { error?: { code?: string; requestId?: string } };
    expect(body.error?.code).toBe('SHUTTING_DOWN');
    expect(body.error?.requestId).toBe('during-shutdown-1');
  });

  it('after close, the server listens no more', async () => {
    expect(ctx.app.server.listening).toBe(false);
  });
});
