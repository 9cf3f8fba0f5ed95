/**
 * opendata — public data opening (公共数据开放): a CKAN-compatible catalogue of de-identified
 * public data (datasets, releases with a changelog and de-identification report, files and live
 * endpoints; the CKAN Action API at /api/3/action; DCAT-AP 3), published by pipelines from the
 * platform's own data. Two parts build it (OPENDATA.md): each adds ONE line below for its routes
 * plugin, api, errors, permissions, migrations or dependencies.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { BlobStore } from '../../platform/blobs.ts';
import { defineErrors } from '../../platform/errors.ts';
import { defineModule } from '../../platform/module.ts';
import { Catalogue } from './opendata.catalogue.ts';
import { OpendataContext } from './opendata.context.ts';
import { opendataErrors } from './opendata.errors.ts';
import { opendataEvents } from './opendata.events.ts';
import { opendataPermissions } from './opendata.policy.ts';
import { opendataRoutes } from './opendata.routes.ts';
import { ckanPlugin } from './opendata.ckan.ts';
import { opendataMigrations } from './migrations/index.ts';
import { createPipelines, pipelinesErrors, pipelinesPermissions, type Pipelines } from './opendata.pipelines.part.ts';
import { createPortal, portalErrors, type Portal } from './opendata.portal.part.ts';
import type { OpendataSettings } from '../../config.ts';
import type { NotifyApi } from '../notify/index.ts';

export type { Publisher } from './opendata.policy.ts';
export type { PipelineDefinition } from './opendata.pipelines.ts';
export type * from './opendata.types.ts';
export { Catalogue } from './opendata.catalogue.ts';
export { opendataEvents, type OpendataEvents } from './opendata.events.ts';
export { THEMES, LICENCES, FREQUENCY_URI } from './opendata.vocabulary.ts';

/** The module's error catalogue: the catalogue's codes and each part's (one line each). */
const errors = defineErrors('opendata', {
  ...opendataErrors.codes,
  ...pipelinesErrors.codes,
  ...portalErrors.codes,
});

export interface OpendataApi {
  /** Datasets, releases (`publishRelease`), files: what the pipelines publish through. */
  catalogue: Catalogue;
  /** Publishing pipelines: definitions, reviews, runs (opendata.pipelines*.ts). */
  pipelines: Pipelines;
  /** API keys, live endpoints, data requests (opendata.portal*.ts, opendata.keys/live/requests.ts). */
  portal: Portal;
}

export const opendataModule = defineModule<
  OpendataApi,
  {
    org: { departmentDirectory(): Promise<{ code: string; name: string; nameEn: string }[]> };
    blobs: BlobStore;
    config: { regionCode: string; publicUrl?: string | undefined; opendata: OpendataSettings };
    notify: { api: Pick<NotifyApi, 'notifyAccount'> };
  },
  typeof opendataEvents
>({
  name: 'opendata',
  migrations: opendataMigrations,
  permissions: [...opendataPermissions, ...pipelinesPermissions],
  events: opendataEvents,
  errors,
  create(platform, deps) {
    const context = new OpendataContext(platform, {
      departments: () => deps.org.departmentDirectory(),
      blobs: deps.blobs,
      regionCode: deps.config.regionCode,
      publicUrl: deps.config.publicUrl ?? null,
      maxFileBytes: 4 * 1024 ** 3,
      settings: deps.config.opendata,
      notifyAccount: (tx, input, at) => deps.notify.api.notifyAccount(tx, input, at),
    });
    const catalogue = new Catalogue(context);
    const baseOf = (r: FastifyRequest) => context.deps.publicUrl?.replace(/\/$/, '') ?? `${r.protocol}://${r.host}`;
    const pipelines = createPipelines(platform, { catalogue, regionCode: deps.config.regionCode });
    const portal = createPortal(context, catalogue);
    const api: OpendataApi = {
      catalogue,
      pipelines: pipelines.service,
      portal: portal.api,
    };
    return {
      plugin: async (fastify: FastifyInstance) => {
        await opendataRoutes({ catalogue, baseOf, regionCode: deps.config.regionCode })(fastify);
        await fastify.register(ckanPlugin(context, catalogue)); // CKAN Action API at /api/3/action
        await pipelines.routes(fastify);
        await portal.routes(fastify);
      },
      api,
    };
  },
});
