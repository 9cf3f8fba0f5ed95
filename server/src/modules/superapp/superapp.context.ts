/**
 * What every part of superapp shares: the platform, the app directory, and the other modules'
 * services it uses (identity for who a person is, the exchange for consent records and the data
 * tracker). A part is made from this (`create<Part>(context)`) and answers a `SuperappPart`.
 */
import type { FastifyInstance } from 'fastify';
import type { Platform } from '../../platform/context.ts';
import type { EventMap } from '../../platform/outbox.ts';
import type { ExchangeApi } from '../exchange/index.ts';
import type { IdentityService } from '../identity/index.ts';
import type { NotifyApi } from '../notify/index.ts';
import type { OrgService } from '../org/org.service.ts';
import type { PaymentProvider } from '../payments/index.ts';
import { AppDirectory } from './superapp.directory.ts';

/** Supervision's settings (the configuration's `superapp` block). */
export interface SupervisionSettings {
  /** Upheld complaints (not yet counted by a suspension) that suspend an app. */
  suspendAfterUpheld: number;
  /** Usage batches an account (or an anonymous address) may send in a minute. */
  usageBatchesPerMinute: number;
}

/** What app.ts hands the module: the other modules' services and the settings. */
export interface SuperappDependencies {
  identity: IdentityService;
  exchange: ExchangeApi;
  org: OrgService;
  notify: { api: Pick<NotifyApi, 'notifyAccount'> };
  config: {
    regionCode: string;
    timeZone: string;
    publicUrl: string | null;
    miniappsHost: string;
    miniappsPort: number;
    trustProxy?: boolean;
  };
  /** The payment provider behind the bridge's payment sheet (null: none configured, payments refused). */
  payments: { provider: PaymentProvider } | null;
  /** Supervision's settings (the configuration's `superapp` block). */
  supervision?: Partial<SupervisionSettings>;
  /** The registry's automated pre-review: the Chromium it drives (null: /usr/bin/chromium when present). */
  registry: { chromiumPath: string | null };
}

export class SuperappContext {
  readonly platform: Platform<EventMap>;
  readonly deps: SuperappDependencies;
  readonly directory: AppDirectory;

  constructor(platform: Platform<EventMap>, deps: SuperappDependencies) {
    this.platform = platform;
    this.deps = deps;
    this.directory = new AppDirectory(platform.db);
  }
}

/** One part of superapp: its routes (mounted under /api), optionally routes outside /api, what others may call, and a demo seed. */
export interface SuperappPart<Api = unknown> {
  plugin(fastify: FastifyInstance): Promise<void>;
  /** Routes outside /api (the OIDC provider's /oidc, the SDK's script). */
  rootPlugin?(fastify: FastifyInstance): Promise<void>;
  api?: Api;
  /** The demo city's content of this part (server/src/demo calls every part's seed). */
  seed?: () => Promise<void>;
}
