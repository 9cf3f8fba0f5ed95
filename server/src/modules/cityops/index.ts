/** cityops — city operations (一网统管). */
import { defineModule } from '../../platform/module.ts';
import type { CatalogService } from '../catalog/index.ts';
import type { HotlineEvents } from './cityops.hotline.desk.ts';
import { createHotline, hotlineErrors, hotlinePermissions, hotlineSealed } from './cityops.hotline.ts';
import { cityopsMigrations } from './migrations/index.ts';

export const cityopsModule = defineModule<
  { hotline: ReturnType<typeof createHotline>['desk'] },
  { catalog: { api: { service: CatalogService } }; events: () => HotlineEvents; config: { timeZone: string } }
>({
  name: 'cityops',
  migrations: cityopsMigrations,
  permissions: [...hotlinePermissions],
  events: {},
  errors: hotlineErrors,
  sealed: [...hotlineSealed],
  create(platform, deps) {
    const hotline = createHotline(platform, {
      catalog: deps.catalog.api.service,
      events: deps.events,
      timeZone: deps.config.timeZone,
    });
    return {
      plugin: async (fastify) => {
        await fastify.register(hotline.plugin);
      },
      api: { hotline: hotline.desk },
    };
  },
});
