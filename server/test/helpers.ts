/**
 * Test harness: a real database (in-memory PGlite, or a fresh PostgreSQL database per test
 * file when DATABASE_URL is set), the real app, a movable clock, and HTTP clients that keep
 * cookies and send the CSRF header the way the web apps do.
 */
import type { LightMyRequestResponse } from 'fastify';
import { sql, type RawBuilder } from 'kysely';
import createClient, { type Client as ApiClient } from 'openapi-fetch';
import type { paths } from '../../contract/openapi.ts';
import { PII } from '../src/platform/pii.ts';
import { buildApp, migrationSources, type App } from '../src/app.ts';
import { applyDatabaseRoles, userOf } from '../src/platform/db-roles.ts';
import { migrate } from '../src/platform/migrations.ts';
import { loadConfig, type Config } from '../src/config.ts';
import { DEMO_PASSWORD, DEMO_TOTP_SECRET } from '../src/demo/accounts.ts';
import { totpCode } from '../src/modules/identity/totp.ts';
import { makeCitizenId } from '../src/platform/id-numbers.ts';
import { ManualClock } from '../src/platform/clock.ts';
import { openDatabase, type Database } from '../src/platform/db.ts';
import { seedDemoCity } from '../src/demo/seed.ts';
import { minimalPdf } from './fixtures.ts';
import { createScratchDatabase } from './scratch-database.ts';
import { markTemplate, restoreDataDir, seededCopy, type SeededKind } from './seeded-fixtures.ts';
import pino from 'pino';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { inject } from 'vitest';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const TEST_PAYMENT_SECRET = 'yiwang-test-payment-secret';
export const TEST_DATA_KEY = Buffer.alloc(32, 7).toString('base64');

export interface TestContext extends App {
  clock: ManualClock;
  config: Config;
  /** The database as its owner (migrations, grants); the app's own connection when there are no roles. */
  owner: Database;
  /** The owner's URL of this test's PostgreSQL database (undefined on PGlite). */
  ownerUrl: string | undefined;
  /** Drop everything: close the app, drop the PostgreSQL test database. */
  teardown(): Promise<void>;
}

interface Fresh {
  database: Database;
  url: string | undefined;
  /** A connection as the database's owner (the same as `database` unless DATABASE_OWNER_URL is set). */
  owner: Database;
  ownerUrl: string | undefined;
  drop: () => Promise<void>;
}

/** What the run's global set-up provides; nothing outside Vitest (a benchmark script using these helpers). */
const provided = <K extends 'seedCacheDir' | 'migratedDump' | 'migratedTemplate'>(key: K) =>
  process.env.VITEST ? inject(key) : undefined;

/**
 * A fresh database: in-memory PGlite; or, with DATABASE_URL, a scratch PostgreSQL database.
 * With DATABASE_OWNER_URL too (CI), the scratch database is made and migrated by the owner,
 * `yiwang db roles` is applied, and the app connects as DATABASE_URL's user: the application
 * role, which cannot change the schema nor the append-only tables.
 */
async function freshDatabase(from: { dump?: string | undefined; template?: string | undefined } = {}): Promise<Fresh> {
  const base = process.env.DATABASE_URL;
  if (!base) {
    const dump = from.dump ?? provided('migratedDump');
    const database = await openDatabase(dump ? { loadDataDir: new Blob([readFileSync(dump)]) } : {});
    return { database, url: undefined, owner: database, ownerUrl: undefined, drop: async () => {} };
  }
  const template = from.template ?? (provided('migratedTemplate') || undefined);
  const ownerBase = process.env.DATABASE_OWNER_URL;
  if (!ownerBase) {
    const scratch = await createScratchDatabase(base, 'yw_test', template);
    const database = await openDatabase({ databaseUrl: scratch.url, poolSize: 5, onIdleError: () => {} });
    return { database, url: scratch.url, owner: database, ownerUrl: scratch.url, drop: scratch.drop };
  }
  const scratch = await createScratchDatabase(ownerBase, 'yw_test', template);
  const owner = await openDatabase({ databaseUrl: scratch.url, poolSize: 2, onIdleError: () => {} });
  await migrate(owner.db, migrationSources);
  await applyDatabaseRoles(owner.db, { app: userOf(base), reader: TEST_READER_ROLE });
  const appUrl = new URL(base);
  appUrl.pathname = new URL(scratch.url).pathname;
  const database = await openDatabase({ databaseUrl: appUrl.toString(), poolSize: 5, onIdleError: () => {} });
  return {
    database,
    url: appUrl.toString(),
    owner,
    ownerUrl: scratch.url,
    drop: async () => {
      await owner.close();
      await scratch.drop();
    },
  };
}

export const TEST_READER_ROLE = 'yiwang_reader';

/** Settings a test overrides: any top-level setting, and any part of a module's slice. */
export type TestConfig = Omit<
  Partial<Config>,
  'identity' | 'notify' | 'applications' | 'payments' | 'credentials' | 'sensors' | 'opendata'
> & {
  opendata?: Partial<Config['opendata']>;
  credentials?: Partial<Config['credentials']>;
  sensors?: Partial<Config['sensors']>;
  identity?: Partial<Config['identity']>;
  payments?: Partial<Config['payments']>;
  notify?: Partial<Config['notify']>;
  applications?: Partial<Config['applications']>;
};

/**
 * Record every answer a route gives with a status its schema does not declare (5xx excepted:
 * `default` covers them). The routes' declarations are the OpenAPI document's: this keeps them true.
 */
function watchAnswers(app: App): Set<string> {
  const undeclared = new Set<string>();
  app.app.addHook('onResponse', (request, reply, done) => {
    const schema = request.routeOptions.schema as { hide?: boolean; response?: Record<string, unknown> } | undefined;
    const url = request.routeOptions.url;
    if (url && !schema?.hide && reply.statusCode < 500 && !Object.hasOwn(schema?.response ?? {}, reply.statusCode))
      undeclared.add(`${request.method} ${url} answered ${reply.statusCode}`);
    done();
  });
  return undeclared;
}

interface TestAppOptions {
  seed?: boolean;
  residents?: number;
  config?: TestConfig;
  clockStart?: string;
  fullStaff?: boolean;
  cases?: number;
}

const DEFAULT_CLOCK_START = '2026-11-25T08:00:00Z';

/**
 * The real app on a fresh database, with the demo city seeded unless `seed: false`. A city seeded
 * without configuration overrides is shared by the run's files that ask for the same kind
 * (server/test/seeded-fixtures.ts): seeded once, copied for each.
 */
export async function createTestApp(opts: TestAppOptions = {}): Promise<TestContext> {
  const cacheDir = provided('seedCacheDir');
  if (opts.seed === false || opts.config !== undefined || !cacheDir) {
    const fresh = await freshDatabase();
    return startTestApp(opts, fresh, { clockAt: opts.clockStart ?? DEFAULT_CLOCK_START, seed: opts.seed !== false });
  }
  const kind: SeededKind = {
    residents: opts.residents ?? 60,
    fullStaff: opts.fullStaff ?? false,
    cases: opts.cases ?? 0,
    clockStart: opts.clockStart ?? DEFAULT_CLOCK_START,
  };
  const copy = await seededCopy(cacheDir, kind, async (entryDir) => {
    const fresh = await freshDatabase();
    const dataDir = join(entryDir, 'data');
    const seeded = await startTestApp(opts, fresh, { clockAt: kind.clockStart, seed: true, dataDir });
    const clockAt = seeded.clock.now().toISOString();
    await seeded.close();
    if (!fresh.url) {
      const dump = join(entryDir, 'seeded.tar.gz');
      writeFileSync(dump, Buffer.from(await (await fresh.database.dumpDataDir!()).arrayBuffer()));
      await fresh.database.close();
      return { dump, dataDir, clockAt };
    }
    await fresh.database.close();
    if (fresh.owner !== fresh.database) await fresh.owner.close();
    const template = new URL(fresh.url).pathname.slice(1);
    await markTemplate(process.env.DATABASE_OWNER_URL ?? process.env.DATABASE_URL!, template);
    return { template, dataDir, clockAt };
  });
  const fresh = await freshDatabase(copy);
  return startTestApp(opts, fresh, { clockAt: copy.clockAt, seed: false, dataDirFrom: copy.dataDir });
}

async function startTestApp(
  opts: TestAppOptions,
  { database, url, drop, owner, ownerUrl }: Fresh,
  how: { clockAt: string; seed: boolean; dataDir?: string; dataDirFrom?: string },
): Promise<TestContext> {
  const clock = new ManualClock(how.clockAt);
  const dataDir = how.dataDir ?? mkdtempSync(join(tmpdir(), 'yiwang-test-'));
  if (how.dataDirFrom) restoreDataDir(how.dataDirFrom, dataDir);
  const config = loadConfig({
    dataDir,
    dataKey: TEST_DATA_KEY,
    logLevel: 'silent',
    seed: 'none',
    // The transparency log's sequencer runs when a test asks (modules.transparency.sequencer).
    transparencyIntervalMs: 0,
    ...(url ? { databaseUrl: url } : {}),
    ...(opts.config as Partial<Config>),
    identity: { ...(opts.config?.identity ?? {}) } as Config['identity'],
    notify: { ...(opts.config?.notify ?? {}) } as Config['notify'],
    applications: { ...(opts.config?.applications ?? {}) } as Config['applications'],
    credentials: { ...(opts.config?.credentials ?? {}) } as Config['credentials'],
    opendata: { ...(opts.config?.opendata ?? {}) } as Config['opendata'],
    // A secret of the tests' own, as a deployment sets YIWANG_PAYMENT_SECRET (some tests use an https public URL).
    payments: { providerSecret: TEST_PAYMENT_SECRET, ...(opts.config?.payments ?? {}) } as Config['payments'],
    // No MQTT ingestion unless a test asks (then on any free port: test files run side by side).
    sensors: { ingest: false, embeddedPort: 0, ...(opts.config?.sensors ?? {}) } as Config['sensors'],
  });
  const app = await buildApp(config, {
    clock,
    database,
    logger: pino({ level: process.env.YIWANG_TEST_LOG ?? 'silent' }),
  });
  const undeclared = watchAnswers(app);
  if (how.seed) {
    await seedDemoCity(app.platform, app.modules, {
      residents: opts.residents ?? 60,
      enterprises: 5,
      fullStaff: opts.fullStaff ?? false,
      cases: opts.cases ?? 0,
      log: () => {},
    });
  }
  return {
    ...app,
    clock,
    config,
    owner,
    ownerUrl,
    async teardown() {
      await app.close();
      // Every route declares every answer it gives (platform/openapi.ts): an answer it did not is a failure of the file.
      if (undeclared.size > 0) throw new Error(`undeclared answers:\n${[...undeclared].join('\n')}`);
      await database.close();
      await drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The API as the web calls it: typed by the contract (contract/openapi.ts), through openapi-fetch. */
export type Api = ApiClient<paths>;

export interface Client extends Api {
  cookies: Map<string, string>;
  /**
   * An untyped request, for what the contract does not let a caller say: malformed or
   * oversized bodies, unknown fields, wrong content types, raw bytes, missing headers.
   */
  raw(method: string, url: string, body?: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
}

/**
 * A browser-like client: keeps cookies and sends x-csrf-token from the yw_csrf cookie on writes,
 * as the web apps do. Typed calls (`c.GET('/api/me')`) go through openapi-fetch, whose fetch is
 * `app.inject`: nothing listens.
 */
export function client(ctx: TestContext, ip = '10.0.0.1'): Client {
  const cookies = new Map<string, string>();
  const raw = async (method: string, url: string, body?: unknown, headers: Record<string, string> = {}) => {
    if (method !== 'GET' && method !== 'HEAD' && !cookies.has('yw_csrf')) await raw('GET', '/api/auth/csrf');
    const h: Record<string, string> = { ...headers };
    if (cookies.size) h.cookie = [...cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    if (method !== 'GET' && method !== 'HEAD' && cookies.has('yw_csrf') && !('x-csrf-token' in h))
      h['x-csrf-token'] = cookies.get('yw_csrf')!;
    const res = await ctx.app.inject({
      method: method as 'GET',
      url,
      headers: h,
      remoteAddress: ip,
      ...(body !== undefined ? { payload: body as object } : {}),
    });
    for (const c of res.cookies as { name: string; value: string }[]) {
      if (c.value === '') cookies.delete(c.name);
      else cookies.set(c.name, c.value);
    }
    return res;
  };
  const api = createClient<paths>({
    baseUrl: 'http://localhost',
    fetch: async (req: Request) => {
      const url = new URL(req.url);
      const headers = Object.fromEntries(req.headers);
      const bytes = req.body ? Buffer.from(await req.arrayBuffer()) : undefined;
      const res = await raw(req.method, url.pathname + url.search, bytes, headers);
      const out = new Headers();
      for (const [k, v] of Object.entries(res.headers)) for (const one of [v ?? []].flat()) out.append(k, String(one));
      const empty = res.statusCode === 204 || res.statusCode === 304 || req.method === 'HEAD';
      return new Response(empty ? null : res.rawPayload, { status: res.statusCode, headers: out });
    },
  });
  return Object.assign(api, { cookies, raw });
}

/** Upload a material: the body is the file's bytes (its media type as the browser declares it), not JSON. */
export const upload = (c: Client, bytes: Buffer, fileName = 'doc.pdf', type = 'application/pdf') =>
  c.PUT('/api/applications/uploads', {
    params: { query: { fileName } },
    body: new Blob([new Uint8Array(bytes)]),
    bodySerializer: (b: Blob) => b,
    headers: { 'content-type': type },
  });

/**
 * Upload a file for each required material the applicant brings (`source: 'applicant'`) and
 * answer the references a filing names. The bytes are a minimal PDF unless `bytesOf` says.
 */
export async function uploadMaterials(
  c: Client,
  defs: readonly { code: string; required: boolean; source: string }[],
  bytesOf: (code: string) => Buffer = () => minimalPdf(),
): Promise<{ code: string; uploadId: string }[]> {
  const out: { code: string; uploadId: string }[] = [];
  for (const m of defs.filter((x) => x.source === 'applicant' && x.required)) {
    const res = await upload(c, bytesOf(m.code), `${m.code}.pdf`);
    if (res.response.status !== 201) throw new Error(`uploading ${m.code} answered ${res.response.status}`);
    out.push({ code: m.code, uploadId: ok(res).id });
  }
  return out;
}

/** What a typed call answers (openapi-fetch). */
export interface Answer<D = unknown, E = unknown> {
  data?: D;
  error?: E;
  response: Response;
}

/** The data of a successful answer; anything else fails the test with the status and the error body. */
export function ok<D, E>(answer: Answer<D, E>): D {
  if (!answer.response.ok)
    throw new Error(`expected success, got ${answer.response.status}: ${JSON.stringify(answer.error)}`);
  return answer.data as D;
}

export const DEMO_CITIZEN_LOGIN = '13800138000';

export async function signInCitizen(
  ctx: TestContext,
  login = DEMO_CITIZEN_LOGIN,
  password = DEMO_PASSWORD,
  ip?: string,
): Promise<Client> {
  const c = client(ctx, ip);
  const res = await c.POST('/api/auth/login', { body: { login, password } });
  if (res.response.status !== 200)
    throw new Error(`citizen sign-in failed: ${res.response.status} ${JSON.stringify(res.error)}`);
  return c;
}

/** Sign a demo staff member in with password and TOTP. Moves the clock one TOTP step so a code is never reused. */
export async function signInStaff(ctx: TestContext, username: string, ip?: string): Promise<Client> {
  return signInWithTotp(ctx, username, DEMO_PASSWORD, DEMO_TOTP_SECRET, ip);
}

/** The error code of an answer, typed or raw. */
export function errorCode(res: Answer | LightMyRequestResponse): string | undefined {
  if ('response' in res && res.response instanceof Response)
    return (res.error as { error?: { code?: string } } | undefined)?.error?.code;
  return ((res as LightMyRequestResponse).json() as { error?: { code?: string } }).error?.code;
}

// ---------------------------------------------------------------- more helpers for the integration suite

/** The Cookie header a client would send (for hand-made requests that must omit or alter a header). */
export const cookieHeader = (c: Client): string => [...c.cookies].map(([k, v]) => `${k}=${v}`).join('; ');

let personSeq = 0;
/** A valid citizen ID number (Longgang, 1991) and mobile number not used before in this process. */
export function newPerson(): { idNumber: string; phone: string; name: string } {
  personSeq++;
  const day = String(1 + (personSeq % 28)).padStart(2, '0');
  const month = String(1 + (Math.floor(personSeq / 28) % 12)).padStart(2, '0');
  return {
    idNumber: makeCitizenId('330383', `1991-${month}-${day}`, 500 + (personSeq % 400)),
    phone: `139${String(10_000_000 + personSeq * 7919).slice(-8)}`,
    name: '测试居民',
  };
}

export const TEST_PASSWORD = 'Secret#2026x';

/**
 * The latest text the development SMS sink "sent" to a phone (after running the code jobs),
 * as the browser tests read it through GET /api/dev/messages.
 */
export async function lastText(ctx: TestContext, phone: string): Promise<string | null> {
  await ctx.platform.jobs.flush();
  const indexes = ctx.platform.protector.blindIndexes(phone, PII.phone);
  const rows = await query<{ body: string }>(
    ctx,
    sql`select body from notify.dev_outbox where recipient_index in (${sql.join(indexes)}) order by created_at desc, id desc limit 1`,
  );
  return rows[0]?.body ?? null;
}

/** Ask for a one-time code for a phone and read it from the development sink. */
export async function phoneCode(ctx: TestContext, c: Client, phone: string, purpose: 'register' | 'recover') {
  const res = await c.POST('/api/auth/phone-codes', { body: { phone, purpose } });
  if (res.response.status !== 202)
    throw new Error(`code request failed: ${res.response.status} ${JSON.stringify(res.error)}`);
  const text = await lastText(ctx, phone);
  const code = text && /\b(\d{6})\b/.exec(text)?.[1];
  if (!code) throw new Error(`no code was sent to ${phone}`);
  return code;
}

/** Register a given person through the API, as the citizen app does (code to the phone first). Answers the registration's response. */
export async function register(
  ctx: TestContext,
  person: { name: string; idNumber: string; phone: string },
  opts: { ip?: string; password?: string } = {},
) {
  const c = client(ctx, opts.ip);
  const phoneCodeSent = await phoneCode(ctx, c, person.phone, 'register');
  const res = await c.POST('/api/auth/register', {
    body: { ...person, phoneCode: phoneCodeSent, password: opts.password ?? TEST_PASSWORD },
  });
  return { client: c, res };
}

/** Register a new citizen through the API; the returned client is signed in. */
export async function registerCitizen(
  ctx: TestContext,
  opts: { ip?: string; password?: string } = {},
): Promise<{
  client: Client;
  id: string;
  idNumber: string;
  phone: string;
  name: string;
  password: string;
  requestId: string;
}> {
  const person = newPerson();
  const password = opts.password ?? TEST_PASSWORD;
  const { client: c, res } = await register(ctx, person, { ...opts, password });
  if (res.response.status !== 201)
    throw new Error(`registration failed: ${res.response.status} ${JSON.stringify(res.error)}`);
  return {
    client: c,
    id: ok(res).me.id,
    ...person,
    password,
    requestId: String(res.response.headers.get('x-request-id')),
  };
}

/** Sign in with password and TOTP for any staff secret. Moves the clock one TOTP step first. */
export async function signInWithTotp(
  ctx: TestContext,
  login: string,
  password: string,
  secret: string,
  ip?: string,
): Promise<Client> {
  const c = client(ctx, ip);
  const first = ok(await c.POST('/api/auth/login', { body: { login, password } }));
  if (first.status !== 'totp_required') throw new Error(`staff sign-in did not ask for the second factor`);
  ctx.clock.advance(30_000);
  ok(await c.POST('/api/auth/totp', { body: { challenge: first.challenge, code: totpCode(secret, ctx.clock.now()) } }));
  return c;
}

/**
 * Create a staff account as `sysadmin`, sign it in for the first time and enrol its second
 * factor. Returns the signed-in client and what is needed to sign in again.
 */
export async function createStaff(
  ctx: TestContext,
  sysadmin: Client,
  username: string,
  extra: { phone?: string; regionCode?: string } = {},
): Promise<{ client: Client; accountId: string; password: string; secret: string }> {
  const { accountId, initialPassword } = ok(
    await sysadmin.POST('/api/admin/staff', {
      body: {
        username,
        displayName: `测试${username}`,
        regionCode: extra.regionCode ?? '330383',
        ...(extra.phone ? { phone: extra.phone } : {}),
      },
    }),
  );
  const c = client(ctx);
  const first = ok(await c.POST('/api/auth/login', { body: { login: username, password: initialPassword } }));
  if (first.status !== 'totp_required' || !first.enrol)
    throw new Error('the first staff sign-in did not enrol a second factor');
  const secret = first.enrol.secret;
  ctx.clock.advance(30_000);
  ok(await c.POST('/api/auth/totp', { body: { challenge: first.challenge, code: totpCode(secret, ctx.clock.now()) } }));
  return { client: c, accountId, password: initialPassword, secret };
}

/** Query the database directly (assertions on audit, outbox and other rows). */
export async function query<R = Record<string, unknown>>(ctx: TestContext, q: RawBuilder<R>): Promise<R[]> {
  return (await q.execute(ctx.database.db)).rows;
}
