/**
 * inspections — random inspections (双随机一公开) and credit records: inspection items per
 * department; the two pools (enterprises from the exchange's enterprise registry, qualified
 * inspectors); a verifiable draw (pools and a seed commitment published first, the seed mixed
 * with a later transparency-log checkpoint, `yiwang verify-draw` and docs/verify-draw.ts to
 * rerun it); results entered on the phone, answered by the enterprise and published on its
 * credit record, whose grade weights the next draw.
 */
import type { FastifyInstance } from 'fastify';
import { uploadOfFacility } from '../../platform/photos.ts';
import { AppError } from '../../platform/errors.ts';
import { defineModule } from '../../platform/module.ts';
import type { ApplicationsService } from '../applications/index.ts';
import type { ExchangeApi } from '../exchange/index.ts';
import type { TransparencyService } from '../transparency/index.ts';
import { InspectionsContext } from './inspections.context.ts';
import { Directory } from './inspections.directory.ts';
import { Draws } from './inspections.draws.ts';
import { inspectionsErrors } from './inspections.errors.ts';
import { inspectionsPermissions } from './inspections.policy.ts';
import { Results } from './inspections.results.ts';
import { inspectionsRoutes } from './inspections.routes.ts';
import { inspectionsMigrations } from './migrations/index.ts';

export type { InspectionsSeed } from './inspections.directory.ts';

export interface InspectionsApi {
  draws: Draws;
  results: Results;
  directory: Directory;
}

export const inspectionsModule = defineModule<
  InspectionsApi,
  {
    exchange: { api: Pick<ExchangeApi, 'directory'> };
    transparency: { api: { service: Pick<TransparencyService, 'latestCheckpoint'> } };
    applications: { api: { service: Pick<ApplicationsService, 'uploadContent'> } };
    config: { regionCode: string };
  }
>({
  name: 'inspections',
  migrations: inspectionsMigrations,
  permissions: inspectionsPermissions,
  events: {},
  errors: inspectionsErrors,
  sealed: [{ table: 'inspections.draws', key: ['id'], column: 'secret_enc', context: 'inspections.draw-secret' }],
  create(platform, deps) {
    const context = new InspectionsContext(platform, {
      regionCode: deps.config.regionCode,
      directory: () => deps.exchange.api.directory.enterprises(),
      latestCheckpoint: () =>
        deps.transparency.api.service.latestCheckpoint().catch((err: unknown) => {
          if (err instanceof AppError && err.code === 'CHECKPOINT_NOT_FOUND') return null;
          throw err;
        }),
      uploadOf: uploadOfFacility(deps.applications.api.service),
    });
    const api = { draws: new Draws(context), results: new Results(context), directory: new Directory(context) };
    return {
      plugin: async (fastify: FastifyInstance) => inspectionsRoutes(api)(fastify),
      api,
    };
  },
});
