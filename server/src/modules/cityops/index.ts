/**
 * cityops — city operations (一网统管): events from citizens (随手拍), the 12345 hotline, Open311
 * and sensors; routing by category and place down to the grid; dispatch, handling, closing,
 * rating and reopening; the community map. Six parts build it (CITYOPS.md): each adds ONE line
 * below for its routes plugin, api or dependencies.
 */
import type { FastifyInstance } from 'fastify';
import { photoContentOfFacility, uploadOfFacility } from '../../platform/photos.ts';
import { defineErrors } from '../../platform/errors.ts';
import { defineModule } from '../../platform/module.ts';
import type { ApplicationsService } from '../applications/index.ts';
import type { NotifyApi } from '../notify/index.ts';
import { Categories } from './cityops.categories.ts';
import { CityopsContext, type CityopsDeps } from './cityops.context.ts';
import { cityopsErrors } from './cityops.errors.ts';
import { cityopsEvents } from './cityops.events.ts';
import { Events } from './cityops.events-service.ts';
import { Handling } from './cityops.handling.ts';
import { cityopsHandlingRoutes } from './cityops.handling.routes.ts';
import { cityopsPermissions } from './cityops.policy.ts';
import { cityopsRoutes } from './cityops.routes.ts';
import { CommunityMap, type PlaceDirectory } from './cityops.routing.ts';
import { CONTACT } from './cityops.views.ts';
import { cityopsMigrations } from './migrations/index.ts';
import { createHotline, hotlineErrors, hotlinePermissions, hotlineSealed, type Hotline } from './cityops.hotline.ts';
import type { CatalogService } from '../catalog/index.ts';
import { createScreen, type ScreenApi } from './cityops.screen.module.ts';
import { cityopsOpen311Errors } from './cityops.open311.errors.ts';
import { open311Part, type Open311Part } from './cityops.open311.ts';
import { createSensorsPart, type SensorsPart } from './cityops.sensors.ts';
import type { SensorsSettings } from '../../config.ts';

export type { SeedCategory, CategoryFacts } from './cityops.categories.ts';
export type { OpenEventInput, OpenedEvent, ListFilters } from './cityops.events-service.ts';
export { Events } from './cityops.events-service.ts';
export { Handling } from './cityops.handling.ts';
export { Categories } from './cityops.categories.ts';
export { CommunityMap, Routing } from './cityops.routing.ts';
export { cityopsEvents, EVENT_CHANGED, type CityopsEvents, type EventChangedPayload } from './cityops.events.ts';
export { ScreenLive, type LiveMessage, type PlannedEvent, type ScreenApi } from './cityops.screen.module.ts';

/**
 * The module's error catalogue: the core's codes and each part's. A part defines
 * `defineErrors('cityops', {...})` in `cityops.<part>.errors.ts`, declares it in `ErrorCatalogues`
 * under its own key (e.g. `cityopsOpen311`), and adds one line here.
 */
const errors = defineErrors('cityops', {
  ...cityopsErrors.codes,
  ...cityopsOpen311Errors.codes,
});

export interface CityopsApi {
  /** Open311 GeoReport v2 (cityops.open311.ts): app.ts mounts its root plugin at /open311/v2. */
  open311: Open311Part;
  events: Events;
  handling: Handling;
  categories: Categories;
  map: CommunityMap;
  context: CityopsContext;
  /** Sensors over MQTT (物联感知): app.ts starts and stops its ingestion. */
  sensors: SensorsPart;
  /** The 12345 desk (热线受理台). */
  hotline: Hotline;
  screen: ScreenApi;
}

export const cityopsModule = defineModule<
  CityopsApi,
  {
    org: PlaceDirectory;
    applications: { api: { service: Pick<ApplicationsService, 'uploadContent' | 'attachedUpload'> } };
    notify: { api: Pick<NotifyApi, 'notifyAccount'> };
    config: {
      regionCode: string;
      timeZone: string;
      publicUrl?: string | undefined;
      bodyLimitBytes: number;
      sensors: SensorsSettings;
    };
    catalog: { api: { service: Pick<CatalogService, 'search' | 'get'> } };
  },
  typeof cityopsEvents
>({
  name: 'cityops',
  migrations: cityopsMigrations,
  permissions: [...cityopsPermissions, ...hotlinePermissions],
  events: cityopsEvents,
  errors: { module: 'cityops', codes: { ...errors.codes, ...hotlineErrors.codes } },
  sealed: [
    { table: 'cityops.events', key: ['id'], column: 'contact_name_enc', context: CONTACT.name },
    {
      table: 'cityops.events',
      key: ['id'],
      column: 'contact_phone_enc',
      context: CONTACT.phone,
      blindIndex: 'contact_phone_bidx',
    },
    { table: 'cityops.events', key: ['id'], column: 'contact_email_enc', context: CONTACT.email },
    ...hotlineSealed,
  ],
  create(platform, deps) {
    const cityopsDeps: CityopsDeps = {
      regionCode: deps.config.regionCode,
      timeZone: deps.config.timeZone,
      org: deps.org,
      uploadOf: uploadOfFacility(deps.applications.api.service),
      photoContent: photoContentOfFacility(deps.applications.api.service),
      notifyAccount: (tx, input, at) => deps.notify.api.notifyAccount(tx, input, at),
    };
    const map = CommunityMap.load();
    const context = new CityopsContext(platform, cityopsDeps, map);
    const categories = new Categories(context);
    const events = new Events(context, categories);
    const handling = new Handling(context, events, categories);
    const open311 = open311Part(platform, {
      regionCode: deps.config.regionCode,
      publicUrl: deps.config.publicUrl ?? null,
      bodyLimitBytes: deps.config.bodyLimitBytes,
      open: (input, system) => events.open(null, input, { system }),
      departments: () => deps.org.departmentDirectory(),
      act: (system, id, action, origin, after) => handling.bySystem(system, id, action, origin, after),
    });
    const sensors = createSensorsPart(platform, {
      settings: deps.config.sensors,
      openEvent: (input) => events.open(null, input, { system: 'sensor' }),
    });
    const hotline = createHotline(platform, {
      catalog: deps.catalog.api.service,
      events,
      categories,
      map,
      timeZone: deps.config.timeZone,
    });
    const screen = createScreen(platform, context, categories, {
      hotline: (regionCode, days) => hotline.api.desk.screenFigures(regionCode, days),
    });
    const api: CityopsApi = {
      open311,
      events,
      handling,
      categories,
      map,
      context,
      sensors,
      hotline: hotline.api,
      screen: screen.api,
    };
    return {
      plugin: async (fastify: FastifyInstance) => {
        await cityopsRoutes({ events, categories, map })(fastify);
        await cityopsHandlingRoutes({ events, handling })(fastify);
        await open311.keyRoutes(fastify);
        await sensors.plugin(fastify);
        await hotline.plugin(fastify);
        await screen.routes(fastify);
      },
      api,
    };
  },
});
