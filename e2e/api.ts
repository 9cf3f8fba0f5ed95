/**
 * The browser tests' typed caller of the API: openapi-fetch over the generated contract
 * (contract/openapi.ts), sent through a Playwright request context, so a call made with
 * `page.request` carries the page's session cookies. Writes carry the session's CSRF token.
 *
 *   const r = await api(page.request).GET('/api/applications/cases/{id}', { params: { path: { id } } });
 *   const c = await ok(api(page.request).GET(...));   // the data, after checking the answer was 2xx
 */
import createClient, { type Client } from 'openapi-fetch';
import { expect, type APIRequestContext } from '@playwright/test';
import { errorCatalogue, isErrorCode } from '../contract/errors.ts';
import type { paths } from '../contract/openapi.ts';
import type { Answer } from '../web/src/shared/contract.ts';

export type Api = Client<paths>;

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
// openapi-fetch builds absolute URLs; the request context resolves the path against its baseURL.
const ORIGIN = 'http://api.test';

/** The session's CSRF token (double submit): its cookie, fetched first when there is none yet. */
async function csrfToken(request: APIRequestContext): Promise<string> {
  const cookie = (await request.storageState()).cookies.find((c) => c.name === 'yw_csrf')?.value;
  if (cookie) return cookie;
  const res = await request.get('/api/auth/csrf');
  return ((await res.json()) as Answer<'/api/auth/csrf', 'get'>).csrfToken;
}

/** Query parameters as the web app sends them: empty ones left out. */
function serializeQuery(query: Record<string, unknown>): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query))
    if (v !== undefined && v !== null && v !== '') params.append(k, String(v));
  return params.toString();
}

export function api(request: APIRequestContext): Api {
  const client = createClient<paths>({
    baseUrl: ORIGIN,
    querySerializer: serializeQuery,
    fetch: async (req: Request) => {
      const url = new URL(req.url);
      const body = req.body ? Buffer.from(await req.arrayBuffer()) : undefined;
      const res = await request.fetch(url.pathname + url.search, {
        method: req.method,
        headers: Object.fromEntries(req.headers),
        ...(body ? { data: body } : {}),
      });
      // The context keeps the cookies itself: the answer's Set-Cookie lines are not the caller's.
      const headers = new Headers();
      for (const { name, value } of res.headersArray())
        if (name.toLowerCase() !== 'set-cookie') headers.append(name, value);
      const empty = [204, 205, 304].includes(res.status());
      return new Response(empty ? null : new Uint8Array(await res.body()), { status: res.status(), headers });
    },
  });
  client.use({
    async onRequest({ request: req }) {
      if (!WRITES.has(req.method)) return undefined;
      req.headers.set('x-csrf-token', await csrfToken(request));
      return req;
    },
  });
  return client;
}

/** The data of a call that must succeed (the test fails with the answer's status and error otherwise). */
export async function ok<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await call;
  expect(response.ok, `${response.status} ${response.url}: ${JSON.stringify(error)}`).toBe(true);
  return data as T;
}

/**
 * What the web shows for an error code in Chinese: the error catalogue's message when the
 * catalogue lists the code, else what it shows without one (the server's message, or the
 * app's own words where it has them).
 */
export function errorText(code: string, otherwise: string): string {
  if (!isErrorCode(code)) return otherwise;
  const entry: { zh: string } = errorCatalogue[code];
  return entry.zh;
}

/** Uploads a file as a material: the file's bytes are the request body (the server reads their type). */
export function upload(client: Api, fileName: string, bytes: Uint8Array, type = 'application/pdf') {
  return client.PUT('/api/applications/uploads', {
    params: { query: { fileName } },
    headers: { 'content-type': type },
    middleware: [{ onRequest: ({ request }) => new Request(request, { body: new Uint8Array(bytes) }) }],
  });
}
