/**
 * rights — data-subject rights (个人信息权益): download everything the platform holds about
 * oneself (下载我的数据), and ask the department keeping a registry record to correct it
 * (申请更正, an ordinary case of that department's correction item). Seeing and withdrawing
 * consents, and who read one's data, are the exchange module's.
 */
import { defineModule } from '../../platform/module.ts';
import type { RightsDeps } from './rights.context.ts';
import { rightsErrors } from './rights.errors.ts';
import { rightsPermissions } from './rights.policy.ts';
import { rightsRoutes } from './rights.routes.ts';
import { rightsService, type RightsService } from './rights.service.ts';

export type { RightsDeps } from './rights.context.ts';
export type { OwnConsentT, OwnRecordT } from './rights.schemas.ts';
export { REGISTRY_FIELD } from './rights.corrections.ts';

export interface RightsApi {
  service: RightsService;
}

export const rightsModule = defineModule<RightsApi, RightsDeps>({
  name: 'rights',
  migrations: [],
  permissions: rightsPermissions,
  events: {},
  errors: rightsErrors,
  create(platform, deps) {
    const service = rightsService(platform, deps);
    return { plugin: rightsRoutes(service), api: { service } };
  },
});
