/**
 * buildApp(config): infrastructure first, then each module's manifest, explicitly and in
 * order (DESIGN.md §2). Everything a test needs to drive the platform in-process.
 */
import fastifyCookie from '@fastify/cookie';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, {
  LogController,
  type FastifyBaseLogger,
  type FastifyInstance,
  type onResponseHookHandler,
} from 'fastify';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pino, { type Logger } from 'pino';
import { Type } from 'typebox';
import client from 'prom-client';
import { jwsAlgOf, type Config } from './config.ts';
import { applicationsModule } from './modules/applications/index.ts';
import { auditModule } from './modules/audit/index.ts';
import { catalogModule } from './modules/catalog/index.ts';
import { hallsModule } from './modules/halls/index.ts';
import { inspectionsModule } from './modules/inspections/index.ts';
import { cityopsModule } from './modules/cityops/index.ts';
import { opendataModule } from './modules/opendata/index.ts';
import { cogovModule } from './modules/cogov/index.ts';
import { superappModule } from './modules/superapp/index.ts';
import { publicConfigRoute } from './platform/public-config.ts';
import { OPEN311_PREFIX } from './modules/cityops/cityops.open311.ts';
import { exchangeModule, REGISTRY_PREFILL_SOURCES } from './modules/exchange/index.ts';
import { rightsModule } from './modules/rights/index.ts';
import { identityModule, PREFILL_SOURCES } from './modules/identity/index.ts';
import { registerDocument, setDocumentStatus } from './modules/exchange/exchange.documents.ts';
import { credentialsModule } from './modules/credentials/index.ts';
import { notifyModule } from './modules/notify/index.ts';
import { orgModule } from './modules/org/index.ts';
import { paymentsModule } from './modules/payments/index.ts';
import { anomalySources, supervisionDeps, supervisionModule } from './modules/supervision/index.ts';
import { defaultSequencerSettings, transparencyModule } from './modules/transparency/index.ts';
import { systemClock, type Clock } from './platform/clock.ts';
import type { Platform } from './platform/context.ts';
import { DataProtector, newDataKey } from './platform/crypto.ts';
import { openDatabase, ping, type Database } from './platform/db.ts';
import { serveWebApps } from './platform/web-apps.ts';
import { AppError, clientErrorHandler, registerErrorHandling } from './platform/errors.ts';
import { declareAnswers, openapiOptions } from './platform/openapi.ts';
import { uuidv7 } from './platform/ids.ts';
import { migrate, migrationStatus } from './platform/migrations.ts';
import { JobRunner } from './platform/jobs.ts';
import { FileBlobStore } from './platform/blobs.ts';
import { OutboxDispatcher } from './platform/outbox.ts';
import { securityHeaders } from './platform/security-headers.ts';
import { registerDataKeys, rotateKeys } from './platform/key-rotation.ts';
import { keyFile, readKeyFile, writeKeyFile } from './platform/key-store.ts';
import { regrantAfterMigrations } from './platform/db-roles.ts';
import { validatorCompiler } from './platform/validation.ts';
import { errorCatalogue, manifests, migrationSources, sealedFields } from './modules.ts';

export { errorCatalogue, manifests, migrationSources, sealedFields };
import { Obj } from './platform/http.ts';

const here = path.dirname(fileURLToPath(import.meta.url));

/**
 * Run pending migrations: as the owner when DATABASE_OWNER_URL is set (then re-grant the
 * application and read-only roles, when `yiwang db roles` set them up), else on `database`.
 */
export async function migrateAsOwner(config: Config, database: Database, log: (m: string) => void): Promise<string[]> {
  if (!config.databaseOwnerUrl || database.kind !== 'postgres') return migrate(database.db, migrationSources, log);
  const owner = await openDatabase({ databaseUrl: config.databaseOwnerUrl, poolSize: 1 });
  try {
    const ran = await migrate(owner.db, migrationSources, log);
    if (ran.length > 0 && (await regrantAfterMigrations(owner.db))) log('re-granted the database roles');
    return ran;
  } finally {
    await owner.close();
  }
}

export { cacheControlOf } from './platform/web-apps.ts';

export interface BuildOptions {
  clock?: Clock;
  /** Use this database instead of opening one from the config (tests share one per file). */
  database?: Database;
  logger?: Logger;
  /** Run pending migrations while building (default true). */
  migrate?: boolean;
}

export interface App {
  app: FastifyInstance;
  platform: Platform;
  database: Database;
  modules: {
    identity: ReturnType<typeof identityModule.create>['api'];
    org: ReturnType<typeof orgModule.create>['api'];
    catalog: ReturnType<typeof catalogModule.create>['api'];
    applications: ReturnType<typeof applicationsModule.create>['api'];
    notify: ReturnType<typeof notifyModule.create>['api'];
    payments: ReturnType<typeof paymentsModule.create>['api'];
    halls: ReturnType<typeof hallsModule.create>['api'];
    exchange: ReturnType<typeof exchangeModule.create>['api'];
    rights: ReturnType<typeof rightsModule.create>['api'];
    transparency: ReturnType<typeof transparencyModule.create>['api'];
    credentials: ReturnType<typeof credentialsModule.create>['api'];
    supervision: ReturnType<typeof supervisionModule.create>['api'];
    inspections: ReturnType<typeof inspectionsModule.create>['api'];
    cityops: ReturnType<typeof cityopsModule.create>['api'];
    opendata: ReturnType<typeof opendataModule.create>['api'];
    cogov: ReturnType<typeof cogovModule.create>['api'];
    superapp: ReturnType<typeof superappModule.create>['api'];
  };
  /** Stop taking requests (503), let in-flight ones finish, stop background work, close the database. */
  close(): Promise<void>;
}

/** The data key: from configuration, or for the embedded demo generated once into the data directory. */
export function resolveDataKey(config: Config, log: Logger): string {
  if (config.dataKey) return config.dataKey;
  if (config.databaseUrl) {
    throw new Error(
      'YIWANG_DATA_KEY is required with DATABASE_URL (base64 of 32 random bytes: `openssl rand -base64 32`)',
    );
  }
  const keys = readKeyFile(config.dataDir);
  if (keys) return keys.join(',');
  const key = newDataKey();
  writeKeyFile(config.dataDir, [key]);
  log.warn(
    { file: keyFile(config.dataDir) },
    'generated a data key for the embedded database; set YIWANG_DATA_KEY in production',
  );
  return key;
}

export async function buildApp(config: Config, opts: BuildOptions = {}): Promise<App> {
  const log = opts.logger ?? pino({ level: config.logLevel });
  const clock = opts.clock ?? systemClock;
  const database =
    opts.database ??
    (await openDatabase({
      databaseUrl: config.databaseUrl,
      pgliteDir: config.databaseUrl ? undefined : path.join(config.dataDir, 'pglite'),
      onIdleError: (err) => log.warn({ err }, 'idle database connection lost; the pool will reconnect'),
    }));
  if (opts.migrate !== false) await migrateAsOwner(config, database, (m) => log.info(m));
  database.prepareStatements?.();
  const outbox = new OutboxDispatcher(database.db, clock, log.child({ component: 'outbox' }));
  const jobs = new JobRunner(database.db, clock, log.child({ component: 'jobs' }));
  const protector = new DataProtector(resolveDataKey(config, log));
  const retiredKeys = await registerDataKeys(database.db, protector, clock);
  if (retiredKeys.length > 0)
    log.warn({ retiredKeys }, 'retired data keys are still configured: remove them from YIWANG_DATA_KEY');
  const platform: Platform = {
    db: database.db,
    dbKind: database.kind,
    clock,
    protector,
    outbox,
    jobs,
    log,
    events: {},
  };

  const app = Fastify({
    loggerInstance: log as FastifyBaseLogger,
    bodyLimit: config.bodyLimitBytes,
    trustProxy: config.trustProxy,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w.-]{8,64}$/.test(given) ? given : uuidv7();
    },
    logController: new LogController({
      requestIdLogLabel: 'requestId',
      disableRequestLogging: config.logLevel !== 'debug' && config.logLevel !== 'trace',
    }),
    routerOptions: { maxParamLength: 200 },
    // Our onRequest hook answers 503 SHUTTING_DOWN in the one error format; Fastify's own 503 has no error code.
    return503OnClosing: false,
    // Node refuses oversized headers (431) and garbled requests before any hook: answer them in the one error format.
    clientErrorHandler,
  });
  app.setValidatorCompiler(validatorCompiler);
  registerErrorHandling(app);
  const webDist = config.webDist ?? path.resolve(here, '../../web/dist');
  // Security headers on every answer, errors and 503s included (made once at start; a synchronous hook).
  app.addHook(
    'onRequest',
    securityHeaders({
      publicUrl: config.publicUrl,
      webDist,
      mapTileUrl: config.mapTiles?.url,
      miniappsHost: config.superapp.miniappsHost,
    }).hook,
  );
  app.decorateRequest('principal', null);
  // Every answer carries its request id. Graceful shutdown: once closing, new requests get
  // 503 while in-flight ones finish. (Hooks on the hot path are synchronous: no promise per request.)
  let closing = false;
  app.addHook('onRequest', (request, reply, done) => {
    void reply.header('x-request-id', String(request.id));
    if (closing) {
      void reply.header('connection', 'close');
      done(new AppError(503, 'SHUTTING_DOWN', 'The server is restarting; try again in a moment'));
      return;
    }
    done();
  });

  // Metrics
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry });
  const httpDuration = new client.Histogram({
    name: 'yiwang_http_request_duration_seconds',
    help: 'HTTP request duration by route and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  new client.Gauge({
    name: 'yiwang_outbox_pending',
    help: 'Domain events not yet delivered',
    registers: [registry],
    async collect() {
      this.set(await outbox.pendingCount());
    },
  });
  // Timed per route by a hook each route gets at start (onRoute), which knows its route and keeps
  // the histogram's labelled series per method and status: no per-request look-up of the route
  // (request.routeOptions builds an object) nor hashing of the labels. Unmatched requests are
  // timed by the global hook, which does nothing for the others (is404 is a plain comparison).
  const timer = (route: string): onResponseHookHandler => {
    const series = new Map<string, Map<number, { observe(seconds: number): void }>>();
    return (request, reply, done) => {
      let byStatus = series.get(request.method);
      if (!byStatus) series.set(request.method, (byStatus = new Map()));
      let s = byStatus.get(reply.statusCode);
      if (!s) {
        s = httpDuration.labels({ method: request.method, route, status: String(reply.statusCode) });
        byStatus.set(reply.statusCode, s);
      }
      s.observe(reply.elapsedTime / 1000);
      done();
    };
  };
  const unmatched = timer('unmatched');
  app.addHook('onResponse', function (request, reply, done) {
    if (request.is404) unmatched.call(this, request, reply, done);
    else done();
  });
  app.addHook('onRoute', (route) => {
    const timed = timer(route.url);
    route.onResponse = [...[route.onResponse ?? []].flat(), timed];
  });

  // Every route declares every answer it can give, by rule (platform/openapi.ts): registered before any route.
  const answers = declareAnswers(Object.keys(errorCatalogue));
  app.addHook('onRoute', answers.onRoute);
  await app.register(fastifyCookie);
  await app.register(fastifySwagger, openapiOptions(errorCatalogue));
  await app.register(fastifySwaggerUi, {
    routePrefix: '/api/docs',
    uiConfig: { docExpansion: 'list', deepLinking: true },
  });

  // Modules, explicitly and in order. Each is a plugin without fastify-plugin: its routes stay its own.
  const cookies = {
    secure: (request: { protocol: string }) =>
      config.publicUrl ? config.publicUrl.startsWith('https://') : request.protocol === 'https',
  };
  const identity = identityModule.create(platform, { settings: config.identity, cookies });
  const org = orgModule.create(platform, { identity: identity.api.service });
  const catalog = catalogModule.create(platform, {
    regionCode: config.regionCode,
    // What a form field may be prefilled from: the account's own data, and the registries' fields.
    prefillSources: [...PREFILL_SOURCES, ...REGISTRY_PREFILL_SOURCES],
  });
  const exchange = exchangeModule.create(platform, {
    org: org.api.service,
    catalog: catalog.api.service,
    identity: identity.api.service,
    publicUrl: config.publicUrl ?? null,
  });
  // External systems authenticate by client assertion and bearer token, never by a session cookie.
  identity.api.exemptFromCsrf('/api/exchange/external/');
  // Uploaded case materials and open-data files: one content-addressed store.
  const blobs = new FileBlobStore(path.join(config.dataDir, 'blobs'));
  const applications = applicationsModule.create(platform, {
    catalog: catalog.api.service,
    org: org.api.service,
    identity: identity.api.service,
    blobs,
    uploadLimitBytes: config.uploadLimitBytes,
    settings: config.applications,
    regionCode: config.regionCode,
    timeZone: config.timeZone,
    exchange: exchange.api.evidence,
  });
  const notify = notifyModule.create(platform, { settings: config.notify, publicUrl: config.publicUrl });
  // One-time codes (identity) go out through notify's message gateway: SMS, and e-mail when the person gave an address.
  identity.api.service.setMessenger({ send: (to, message) => notify.api.sendToPerson(to, message) });
  const audit = auditModule.create(platform, {});
  // Fees (统一公共支付): orders from applications' events; the engine asks payments before accepting or completing.
  const payments = paymentsModule.create(platform, {
    catalog: catalog.api.service,
    notifyAccount: (tx, input, at) => notify.api.notifyAccount(tx, input, at),
    settings: config.payments,
    regionCode: config.regionCode,
    timeZone: config.timeZone,
    publicUrl: config.publicUrl ?? null,
  });
  applications.api.service.setFeeGate({ outstanding: (ref, action) => payments.api.service.outstanding(ref, action) });
  identity.api.exemptFromCsrf('/api/payments/callbacks/');
  identity.api.exemptFromCsrf('/api/payments/sandbox/pay/');
  const halls = hallsModule.create(platform, {
    catalog: catalog.api.service,
    applications: applications.api.service,
    identity: identity.api.service,
    timeZone: config.timeZone,
    publicUrl: config.publicUrl ?? null,
  });
  const supervision = supervisionModule.create(
    platform,
    supervisionDeps({ catalog, org, applications, notify, config }),
  );
  // Data-subject rights (下载我的数据, 申请更正): what every module holds about the person.
  const rights = rightsModule.create(platform, {
    supervision: supervision.api.service,
    identity: identity.api.service,
    applications: applications.api.service,
    notify: notify.api.service,
    catalog: catalog.api.service,
    org: org.api.service,
    exchange: exchange.api,
  });
  // The transparency log's origin (and its key's name): the public host, else the region.
  const logOrigin = `${config.publicUrl ? new URL(config.publicUrl).host : `yiwang.local/${config.regionCode}`}/transparency`;
  const transparency = transparencyModule.create(platform, {
    caseIdOf: (n) => applications.api.service.caseIdOf(n),
    // credentials is made below; the look-up runs only once requests arrive.
    certificateIdOf: (c) => credentials.api.service.certificateIdOf(c),
    identity: identity.api.service,
    settings: { ...defaultSequencerSettings(logOrigin), checkpointEveryMs: config.transparencyCheckpointMs },
  });
  // Electronic certificates (电子证照): issued from applications' events, registered as shared evidence in the exchange.
  const credentials = credentialsModule.create(platform, {
    catalog: catalog.api.service,
    org: org.api.service,
    identity: identity.api.service,
    registerDocument: (tx, record, now) => registerDocument(tx, platform.protector, record, now),
    setDocumentStatus: (tx, ref, status, now) => setDocumentStatus(tx, platform.protector, ref, status, now),
    caseForm: (caseId) => applications.api.service.formOf(caseId),
    publicUrl: config.publicUrl ?? null,
    keyAlg: jwsAlgOf(config.credentials.issuerKeyAlgorithm),
  });
  const inspections = inspectionsModule.create(platform, { exchange, transparency, applications, config });
  // City operations (一网统管): events routed by the community polygons to org's grids and departments.
  const cityops = cityopsModule.create(platform, { org: org.api.service, applications, notify, config, catalog });
  // Open data (公共数据开放): the CKAN-compatible catalogue, published by de-identifying pipelines.
  const opendata = opendataModule.create(platform, { org: org.api.service, blobs, config, notify });
  identity.api.exemptFromCsrf('/api/3/action/'); // CKAN clients POST JSON without a session
  // Co-governance (一网共治): standing from identity's real-name level and the exchange's roster.
  const cogov = cogovModule.create(platform, {
    identity: identity.api.service,
    roster: exchange.api.roster,
    org: org.api.service,
    map: cityops.api.map,
    notify,
    applications,
    config,
  });
  // Co-governance's civic parts: patrol findings become city events (巡查上报); names, departments, communities.
  cogov.api.parts.civic.api.connect({
    patrolReport: (p, input, origin) => cityops.api.events.patrol(p, input, origin),
    inCity: (lat, lng) => cityops.api.map.inCity(lat, lng),
    names: async (ids) =>
      new Map([...(await identity.api.service.accountSummaries(ids))].map(([id, a]) => [id, a.displayName])),
    departmentName: async (code) => (await org.api.service.departmentFacts(code))?.zh ?? null,
    communityIds: async () => (await org.api.service.placeIds()).communities,
  });
  // The super app (超级App): one login for every mini-app (OIDC), their registry, bridge and supervision.
  const superapp = superappModule.create(platform, {
    identity: identity.api.service,
    exchange: exchange.api,
    org: org.api.service,
    notify,
    config: {
      regionCode: config.regionCode,
      timeZone: config.timeZone,
      publicUrl: config.publicUrl ?? null,
      ...config.superapp,
      trustProxy: config.trustProxy,
    },
    supervision: config.superapp,
    registry: { chromiumPath: config.chromiumPath ?? null },
    payments: { provider: payments.api.sandbox },
  });
  identity.api.exemptFromCsrf('/api/superapp/payments/callbacks/'); // the payment provider's signed callbacks
  supervision.api.service.anomalies.connect(
    anomalySources({
      protector: platform.protector,
      applications: applications.api.service,
      identity: identity.api.service,
      roster: exchange.api.roster,
      inspections: inspections.api.directory,
    }),
  );
  app.addHook('onRequest', identity.api.authenticateRequest);
  // Every module's routes under /api: the one-stop services, then supervision, city operations and the rest.
  const serving = [identity, org, catalog, exchange, applications, notify, audit, payments, halls, rights];
  const governing = [transparency, credentials, supervision, inspections, cityops, opendata, cogov, superapp];
  for (const m of [...serving, ...governing]) await app.register(m.plugin, { prefix: '/api' });
  await app.register(credentials.api.rootPlugin);
  await app.register(superapp.api.rootPlugin); // the OIDC provider (/oidc) and the bridge's SDK (/sdk)
  // Open311 GeoReport v2 (docs/open311.md): the spec's paths, formats and errors, outside /api.
  await app.register(cityops.api.open311.rootPlugin, { prefix: OPEN311_PREFIX });

  // What the web apps need to know before anyone signs in: the city's region and time zone, and map tiles if any.
  publicConfigRoute(app, config);

  // Operations
  const ops = { tags: ['operations'], security: [] };
  app.get(
    '/healthz',
    { schema: { ...ops, summary: 'Liveness', response: { 200: Obj({ status: Type.Literal('ok') }) } } },
    async () => ({ status: 'ok' as const }),
  );
  const notReady = Obj(
    {
      status: Type.Enum(['migrations-pending', 'database-unreachable']),
      pending: Type.Optional(Type.Array(Type.String())),
    },
    { title: 'NotReady' },
  );
  app.get(
    '/readyz',
    {
      schema: {
        ...ops,
        summary: 'Readiness: database reachable and migrations current',
        response: {
          200: Obj(
            {
              status: Type.Enum(['ready', 'closing']),
              database: Type.Enum(['pglite', 'postgres']),
              migrations: Type.Integer(),
            },
            { title: 'Ready' },
          ),
          // Not ready; or, once closing, SHUTTING_DOWN in the error body like every other route.
          503: Type.Union([notReady, answers.errorBody]),
        },
      },
    },
    async (_request, reply) => {
      try {
        await ping(database.db);
        const status = await migrationStatus(database.db, migrationSources);
        if (status.pending.length > 0)
          return reply.status(503).send({ status: 'migrations-pending' as const, pending: status.pending });
        return {
          status: closing ? ('closing' as const) : ('ready' as const),
          database: database.kind,
          migrations: status.applied.length,
        };
      } catch (err) {
        log.warn({ err }, 'readiness check failed');
        return reply.status(503).send({ status: 'database-unreachable' as const });
      }
    },
  );
  app.get(
    '/metrics',
    {
      schema: {
        ...ops,
        summary: 'Prometheus metrics',
        response: {
          200: {
            description: 'The Prometheus text format',
            content: { 'text/plain': { schema: Type.String() } },
          },
        },
      },
    },
    async (_request, reply) => {
      void reply.header('content-type', registry.contentType);
      return registry.metrics();
    },
  );
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  await serveWebApps(app, webDist);

  outbox.start();
  jobs.start(1_000);
  await cityops.api.sensors.start();
  if (config.transparencyIntervalMs > 0) transparency.api.start(config.transparencyIntervalMs);
  // The embedded demo keeps its keys in the data directory, and no other process may open its
  // database: a rotation begun by `yiwang keys rotate` (a new key put first) runs here, in the
  // background, while the server serves. With PostgreSQL, `yiwang keys rotate` runs it.
  const stopRotation = new AbortController();
  let rotation: Promise<void> | null = null;
  // Once listening, so that the server answers from the first moment (it never fires under inject()).
  if (database.kind === 'pglite' && !config.dataKey && protector.keyIds.length > 1)
    app.addHook('onListen', (done) => {
      log.info({ keys: protector.keyIds }, 'data key rotation: re-sealing under the current key in the background');
      rotation = rotateKeys(database.db, protector, sealedFields, clock, {
        signal: stopRotation.signal,
        log: (m) => log.info(m),
      }).then(
        (r) => {
          if (!r.done) return;
          const keys = readKeyFile(config.dataDir) ?? [];
          writeKeyFile(config.dataDir, keys.slice(0, 1));
          log.info(
            { retired: r.retired, changed: r.changed },
            'data key rotation finished; older keys removed from the data directory',
          );
        },
        (err: unknown) => log.error({ err }, 'data key rotation failed; it resumes at the next start'),
      );
      done();
    });
  const housekeeping = setInterval(() => {
    identity.api.service.housekeeping().catch((err: unknown) => log.warn({ err }, 'housekeeping failed'));
  }, 10 * 60_000);
  housekeeping.unref();

  let closed: Promise<void> | null = null;
  const close = () => {
    closed ??= (async () => {
      closing = true;
      clearInterval(housekeeping);
      stopRotation.abort();
      await rotation;
      await app.close(); // waits for in-flight requests
      await cityops.api.sensors.stop(); // the MQTT client and the embedded broker; live values written
      await catalog.api.service
        .flushUses()
        .catch((err: unknown) => log.warn({ err }, 'writing item use counts failed'));
      await outbox.stop();
      await jobs.stop();
      await transparency.api.stop();
      if (!opts.database) await database.close();
    })();
    return closed;
  };

  return {
    app,
    platform,
    database,
    modules: {
      identity: identity.api,
      org: org.api,
      catalog: catalog.api,
      applications: applications.api,
      notify: notify.api,
      payments: payments.api,
      halls: halls.api,
      exchange: exchange.api,
      rights: rights.api,
      transparency: transparency.api,
      credentials: credentials.api,
      supervision: supervision.api,
      inspections: inspections.api,
      cityops: cityops.api,
      opendata: opendata.api,
      cogov: cogov.api,
      superapp: superapp.api,
    },
    close,
  };
}
