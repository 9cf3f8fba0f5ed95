/**
 * One schema for every setting, validated once at start (DESIGN.md §3.11).
 * Modules receive the slice they need; nothing else reads process.env.
 */
import { Type, type Static } from 'typebox';
import { Value } from 'typebox/value';
import path from 'node:path';
import { isTimeZone } from './platform/time-zone.ts';

const Int = (def: number, min: number, max: number) => Type.Integer({ default: def, minimum: min, maximum: max });

/** The sandbox payment provider's public development secret: refused with a public https URL. */
const SANDBOX_SECRET = 'yiwang-sandbox-callback-secret';

export const ConfigSchema = Type.Object(
  {
    port: Int(8080, 0, 65535),
    host: Type.String({ default: '127.0.0.1' }),
    /** postgres://… — when absent the embedded PGlite database under dataDir is used. */
    databaseUrl: Type.Optional(Type.String({ pattern: '^postgres(ql)?://' })),
    /** postgres://… of the owner role: migrations run as it when set (DATABASE_URL is then the application role). */
    databaseOwnerUrl: Type.Optional(Type.String({ pattern: '^postgres(ql)?://' })),
    dataDir: Type.String({ default: './data' }),
    /**
     * Data keys, comma-separated, the first current: each base64 of 32 random bytes, optionally
     * prefixed by its key id (`<id>:<base64>`, checked). Generated into dataDir for the embedded demo when absent.
     */
    dataKey: Type.Optional(Type.String({ minLength: 44 })),
    publicUrl: Type.Optional(Type.String({ pattern: '^https?://' })),
    /** The Chromium the super app's automated pre-review of mini-apps drives (default /usr/bin/chromium when present). */
    chromiumPath: Type.Optional(Type.String({ minLength: 1 })),
    trustProxy: Type.Boolean({ default: false }),
    logLevel: Type.Enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], { default: 'info' }),
    seed: Type.Enum(['demo', 'none'], { default: 'demo' }),
    /** The administrative division this deployment serves (GB/T 2260); the demo city is Longgang. */
    regionCode: Type.String({ pattern: '^\\d{6}$', default: '330383' }),
    /** The city's time zone (IANA): dates and times are shown and counted in it, whatever the device's. */
    timeZone: Type.String({ minLength: 1, maxLength: 64, default: 'Asia/Shanghai' }),
    /**
     * Map tiles under the city's own polygons (optional: maps draw the shipped GeoJSON without
     * any tile server). A Leaflet URL template, e.g. 天地图's
     * `https://t{s}.tianditu.gov.cn/vec_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=vec&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk=<key>`
     * with subdomains `01234567`; the tile host must answer CORS (the console is cross-origin isolated).
     */
    mapTiles: Type.Optional(
      Type.Object({
        url: Type.String({ pattern: '^https?://[^/]+/' }),
        subdomains: Type.Optional(Type.String({ maxLength: 32 })),
        attribution: Type.Optional(Type.String({ maxLength: 200 })),
      }),
    ),
    bodyLimitBytes: Int(1_048_576, 1024, 100 * 1_048_576),
    webDist: Type.Optional(Type.String()),
    shutdownGraceMs: Int(10_000, 0, 120_000),
    /** How often the transparency log's sequencer runs (appends, and signs a checkpoint when due); 0: never on this node. */
    transparencyIntervalMs: Int(2_000, 0, 3_600_000),
    /** How often, at most, the sequencer signs a checkpoint (a random-inspection draw waits for the next one). */
    transparencyCheckpointMs: Int(10_000, 1_000, 86_400_000),
    identity: Type.Object({
      sessionIdleMinutes: Int(30, 1, 24 * 60),
      sessionAbsoluteHours: Int(12, 1, 24 * 30),
      sessionCacheMs: Int(2_000, 0, 60_000),
      loginMaxFailuresPerAccount: Int(5, 1, 100),
      loginMaxFailuresPerAddress: Int(30, 1, 10_000),
      loginWindowMinutes: Int(15, 1, 24 * 60),
      loginLockMinutes: Int(15, 1, 24 * 60),
      /** Registrations an address may attempt in an hour (then 429 RATE_LIMITED until the hour is over). */
      registrationsPerAddressPerHour: Int(20, 1, 100_000),
      /** One-time codes a phone may be sent in an hour (and never more than one a minute). */
      codesPerPhonePerHour: Int(5, 1, 1_000),
      /** One-time codes an address may ask for in an hour, whatever the phones. */
      codesPerAddressPerHour: Int(20, 1, 100_000),
    }),
    notify: Type.Object({
      /** smtp://user:pass@host:port or smtps://…; without it notifications are in-app only. */
      smtpUrl: Type.Optional(Type.String({ pattern: '^smtps?://' })),
      mailFrom: Type.String({ default: 'Yiwang 一网 <noreply@yiwang.local>' }),
      /**
       * How text messages (one-time codes) reach phones: `dev`, the development sink (the log and
       * the notify.dev_outbox table, nothing leaves the machine); `http`, a provider's HTTP API.
       */
      smsGateway: Type.Enum(['dev', 'http'], { default: 'dev' }),
      /** `http`: the provider's endpoint, which receives `POST {"phone", "text"}` as JSON. */
      smsHttpUrl: Type.Optional(Type.String({ pattern: '^https?://' })),
      /** `http`: sent as `Authorization: Bearer <token>`. */
      smsHttpToken: Type.Optional(Type.String({ minLength: 1 })),
      /** The sender's signature that starts every text (短信签名). */
      smsSignature: Type.String({ default: '【一网】', minLength: 1, maxLength: 20 }),
      /** Development and browser tests only: GET /api/dev/messages reads the development sink. */
      devMessagesApi: Type.Boolean({ default: false }),
    }),
    /** Largest material upload, in bytes. */
    uploadLimitBytes: Int(10 * 1_048_576, 1024, 100 * 1_048_576),
    applications: Type.Object({
      /** Drafts one account may keep, and their total size (the form and material list as JSON, in bytes). */
      draftMaxCount: Int(20, 1, 10_000),
      draftMaxTotalBytes: Int(2 * 1_048_576, 1024, 1024 * 1_048_576),
    }),
    credentials: Type.Object({
      /**
       * The algorithm of new issuer keys (电子证照签发密钥), made on a department's first issuance
       * and on each rotation: `Ed25519` (JWS `EdDSA`) or `P-256` (JWS `ES256`). Existing keys keep
       * theirs, so changing it takes effect department by department at the next rotation.
       */
      issuerKeyAlgorithm: Type.Enum(['Ed25519', 'P-256'], { default: 'Ed25519' }),
    }),
    payments: Type.Object({
      /**
       * The payment provider's callback secret (HMAC-SHA256). The built-in `sandbox` provider
       * has a public development default; set your own anywhere real.
       */
      providerSecret: Type.String({ minLength: 16, default: SANDBOX_SECRET }),
      /** Seconds after a payment is opened before the platform asks the provider about a trade that never called back. */
      queryAfterSeconds: Int(600, 5, 24 * 3600),
    }),
    sensors: Type.Object({
      /**
       * The MQTT broker the sensors publish to (mqtt://user:pass@host:1883, mqtts://…). Without
       * it, the platform starts an embedded broker (Aedes) on 127.0.0.1:embeddedPort.
       */
      mqttUrl: Type.Optional(Type.String({ pattern: '^mqtts?://' })),
      /** The embedded broker's port on the loopback interface (0: any free port). */
      embeddedPort: Int(1884, 0, 65535),
      /** This node's MQTT client id: its persistent session (QoS 1 readings queued while it is away). */
      clientId: Type.String({ default: 'yiwang-platform', pattern: '^[A-Za-z0-9_.-]{1,64}$' }),
      /** Topics are `<prefix>/<deviceId>/readings`. */
      topicPrefix: Type.String({ default: 'yiwang/sensors', pattern: '^[A-Za-z0-9_-]+(/[A-Za-z0-9_-]+)*$' }),
      /** Ingest readings on this node (one node per client id). */
      ingest: Type.Boolean({ default: true }),
      /** Milliseconds between reconnection attempts when the broker is away. */
      reconnectMs: Int(1_000, 10, 60_000),
      /** How often live values and hourly aggregates are written (milliseconds). */
      flushMs: Int(1_000, 50, 60_000),
      /** How often silence rules are checked and rules reloaded (milliseconds). */
      tickMs: Int(30_000, 100, 3_600_000),
    }),
    opendata: Type.Object({
      /** Requests an open-data API key may make to the live endpoints in a minute (then 429 RATE_LIMITED with Retry-After). */
      liveRequestsPerMinute: Int(60, 1, 100_000),
      /** API keys in use a citizen (or an enterprise) may hold at once. */
      keysPerOwner: Int(5, 1, 100),
    }),
    superapp: Type.Object({
      /** Upheld complaints about a mini-app (not yet counted by a suspension) that suspend it automatically. */
      suspendAfterUpheld: Int(3, 1, 1000),
      /** Usage-event batches an account (or an anonymous address) may send a minute (then 429 RATE_LIMITED). */
      usageBatchesPerMinute: Int(120, 1, 100_000),
      /**
       * The demo mini-apps (miniapps/): `npm start` serves them on this port and the next two
       * (water and power bills, hospital appointments, bus card); 0: not served.
       */
      miniappsPort: Int(8091, 0, 65533),
      /** The host name in the demo mini-apps' entry URLs (their origins). */
      miniappsHost: Type.String({ default: 'localhost', pattern: '^[A-Za-z0-9.-]{1,253}$' }),
    }),
    supervision: Type.Object({
      /** Working days a unit has to rectify a bad rating (差评整改时限; commonly 5-15). */
      rectificationWorkingDays: Int(10, 1, 60),
      /** 时限监督: a case is at risk in the last this-percent of its time limit (预警)... */
      deadlineAtRiskPercent: Int(20, 1, 90),
      /** ...or when it is due within this many working days (0: only by the percentage). */
      deadlineAtRiskWorkingDays: Int(1, 0, 10),
      /** 红牌: working days after the deadline (黄牌) before a case still late gets a red card. */
      redCardWorkingDays: Int(3, 1, 30),
    }),
  },
  { additionalProperties: false },
);

export type Config = Static<typeof ConfigSchema>;
export type IdentitySettings = Config['identity'];
export type NotifySettings = Config['notify'];
export type ApplicationsSettings = Config['applications'];
export type PaymentsSettings = Config['payments'];
export type CredentialsSettings = Config['credentials'];
export type SensorsSettings = Config['sensors'];
export type OpendataSettings = Config['opendata'];

/** The JWS `alg` of an issuer key algorithm setting (what the signature suites are keyed by). */
export const jwsAlgOf = (a: CredentialsSettings['issuerKeyAlgorithm']): 'EdDSA' | 'ES256' =>
  a === 'P-256' ? 'ES256' : 'EdDSA';

export class ConfigError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`Invalid configuration:\n  ${problems.join('\n  ')}`);
    this.problems = problems;
  }
}

type Env = Record<string, string | undefined>;

const num = (v: string | undefined) => (v === undefined || v === '' ? undefined : Number(v));
const bool = (v: string | undefined) =>
  v === undefined || v === '' ? undefined : ['1', 'true', 'yes', 'on'].includes(v.toLowerCase());

/** Environment variable → setting. The README's configuration table lists these. */
export function configFromEnv(env: Env = process.env): Partial<Config> {
  const raw = {
    port: num(env.PORT),
    host: env.HOST,
    databaseUrl: env.DATABASE_URL || undefined,
    databaseOwnerUrl: env.DATABASE_OWNER_URL || undefined,
    dataDir: env.YIWANG_DATA_DIR,
    dataKey: env.YIWANG_DATA_KEY,
    publicUrl: env.YIWANG_PUBLIC_URL,
    chromiumPath: env.CHROMIUM_PATH || undefined,
    trustProxy: bool(env.YIWANG_TRUST_PROXY),
    logLevel: env.LOG_LEVEL,
    seed: env.YIWANG_SEED,
    regionCode: env.YIWANG_REGION_CODE,
    timeZone: env.YIWANG_TIME_ZONE,
    mapTiles: env.YIWANG_MAP_TILE_URL
      ? {
          url: env.YIWANG_MAP_TILE_URL,
          subdomains: env.YIWANG_MAP_TILE_SUBDOMAINS || undefined,
          attribution: env.YIWANG_MAP_TILE_ATTRIBUTION || undefined,
        }
      : undefined,
    bodyLimitBytes: num(env.YIWANG_BODY_LIMIT_BYTES),
    webDist: env.YIWANG_WEB_DIST,
    shutdownGraceMs: num(env.YIWANG_SHUTDOWN_GRACE_MS),
    transparencyIntervalMs: num(env.YIWANG_TRANSPARENCY_INTERVAL_MS),
    transparencyCheckpointMs: num(env.YIWANG_TRANSPARENCY_CHECKPOINT_MS),
    identity: {
      sessionIdleMinutes: num(env.YIWANG_SESSION_IDLE_MINUTES),
      sessionAbsoluteHours: num(env.YIWANG_SESSION_ABSOLUTE_HOURS),
      sessionCacheMs: num(env.YIWANG_SESSION_CACHE_MS),
      loginMaxFailuresPerAccount: num(env.YIWANG_LOGIN_MAX_FAILURES),
      loginMaxFailuresPerAddress: num(env.YIWANG_LOGIN_MAX_FAILURES_PER_ADDRESS),
      loginWindowMinutes: num(env.YIWANG_LOGIN_WINDOW_MINUTES),
      loginLockMinutes: num(env.YIWANG_LOGIN_LOCK_MINUTES),
      registrationsPerAddressPerHour: num(env.YIWANG_REGISTRATIONS_PER_ADDRESS),
      codesPerPhonePerHour: num(env.YIWANG_CODES_PER_PHONE),
      codesPerAddressPerHour: num(env.YIWANG_CODES_PER_ADDRESS),
    },
    notify: {
      smtpUrl: env.YIWANG_SMTP_URL || undefined,
      mailFrom: env.YIWANG_MAIL_FROM || undefined,
      smsGateway: env.YIWANG_SMS_GATEWAY || undefined,
      smsHttpUrl: env.YIWANG_SMS_HTTP_URL || undefined,
      smsHttpToken: env.YIWANG_SMS_HTTP_TOKEN || undefined,
      smsSignature: env.YIWANG_SMS_SIGNATURE || undefined,
      devMessagesApi: bool(env.YIWANG_DEV_MESSAGES_API),
    },
    uploadLimitBytes: num(env.YIWANG_UPLOAD_LIMIT_BYTES),
    applications: {
      draftMaxCount: num(env.YIWANG_DRAFT_MAX_COUNT),
      draftMaxTotalBytes: num(env.YIWANG_DRAFT_MAX_TOTAL_BYTES),
    },
    credentials: {
      issuerKeyAlgorithm: env.YIWANG_ISSUER_KEY_ALGORITHM || undefined,
    },
    payments: {
      providerSecret: env.YIWANG_PAYMENT_SECRET || undefined,
      queryAfterSeconds: num(env.YIWANG_PAYMENT_QUERY_AFTER_SECONDS),
    },
    sensors: {
      mqttUrl: env.YIWANG_MQTT_URL || undefined,
      embeddedPort: num(env.YIWANG_MQTT_EMBEDDED_PORT),
      clientId: env.YIWANG_MQTT_CLIENT_ID || undefined,
      topicPrefix: env.YIWANG_MQTT_TOPIC_PREFIX || undefined,
      ingest: bool(env.YIWANG_SENSORS_INGEST),
    },
    opendata: {
      liveRequestsPerMinute: num(env.YIWANG_OPENDATA_LIVE_PER_MINUTE),
      keysPerOwner: num(env.YIWANG_OPENDATA_KEYS_PER_OWNER),
    },
    superapp: {
      suspendAfterUpheld: num(env.YIWANG_SUPERAPP_SUSPEND_AFTER_UPHELD),
      usageBatchesPerMinute: num(env.YIWANG_SUPERAPP_USAGE_PER_MINUTE),
      miniappsPort: num(env.YIWANG_MINIAPPS_PORT),
      miniappsHost: env.YIWANG_MINIAPPS_HOST || undefined,
    },
    supervision: {
      rectificationWorkingDays: num(env.YIWANG_RECTIFICATION_WORKING_DAYS),
      deadlineAtRiskPercent: num(env.YIWANG_DEADLINE_AT_RISK_PERCENT),
      deadlineAtRiskWorkingDays: num(env.YIWANG_DEADLINE_AT_RISK_WORKING_DAYS),
      redCardWorkingDays: num(env.YIWANG_RED_CARD_WORKING_DAYS),
    },
  };
  return JSON.parse(JSON.stringify(raw)) as Partial<Config>; // drop undefined
}

/** Rules that join two settings. */
function crossChecks(c: Config): string[] {
  const problems: string[] = [];
  if (c.notify.smsGateway === 'http' && !c.notify.smsHttpUrl)
    problems.push('/notify/smsHttpUrl: YIWANG_SMS_HTTP_URL is required with YIWANG_SMS_GATEWAY=http');
  if (c.notify.devMessagesApi && c.notify.smsGateway !== 'dev')
    problems.push(
      '/notify/devMessagesApi: the development messages API reads the development sink only (YIWANG_SMS_GATEWAY=dev)',
    );
  if (c.notify.devMessagesApi && c.publicUrl?.startsWith('https://'))
    problems.push('/notify/devMessagesApi: never with a public https URL: it would show one-time codes to anyone');
  if (c.payments.providerSecret === SANDBOX_SECRET && c.publicUrl?.startsWith('https://'))
    problems.push(
      '/payments/providerSecret: set YIWANG_PAYMENT_SECRET with a public https URL: the development default would let anyone sign a payment callback',
    );
  return problems;
}

/** Validate and complete a configuration; throws ConfigError listing every problem. */
export function loadConfig(input: Partial<Config> = configFromEnv()): Config {
  const withDefaults = Value.Default(
    ConfigSchema,
    structuredClone({
      identity: {},
      notify: {},
      applications: {},
      payments: {},
      credentials: {},
      sensors: {},
      opendata: {},
      superapp: {},
      supervision: {},
      ...input,
    }),
  );
  const errors = [...Value.Errors(ConfigSchema, withDefaults)];
  if (errors.length > 0) {
    throw new ConfigError(errors.map((e) => `${e.instancePath || '/'}: ${e.message}`));
  }
  const config = withDefaults as Config;
  const problems = crossChecks(config);
  if (!isTimeZone(config.timeZone)) problems.push(`/timeZone: ${config.timeZone} is not an IANA time zone`);
  if (problems.length > 0) throw new ConfigError(problems);
  config.dataDir = path.resolve(config.dataDir);
  return config;
}
