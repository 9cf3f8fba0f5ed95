/**
 * halls — service halls (政务服务中心), appointments (预约), queue numbers (取号), the window
 * (窗口) and the calling screen (叫号屏), waiting-time figures.
 */
import type { FastifyInstance } from 'fastify';
import { defineModule } from '../../platform/module.ts';
import type { HallsDeps } from './halls.context.ts';
import { hallsErrors } from './halls.errors.ts';
import { hallsEvents, type HallsEvents } from './halls.events.ts';
import { hallsPermissions } from './halls.policy.ts';
import { REMINDER_JOB, type ReminderJob } from './halls.booking.ts';
import { hallsRoutes } from './halls.routes.ts';
import { hallsService, type HallsService } from './halls.service.ts';
import { windowRoutes } from './halls.window.routes.ts';
import { hallsMigrations } from './migrations/index.ts';

export { hallsEvents, APPOINTMENT_REMINDER, AppointmentReminderPayload, type HallsEvents } from './halls.events.ts';
export type { HallSeed } from './halls.directory.ts';
export type { HallsService } from './halls.service.ts';

export interface HallsApi {
  service: HallsService;
}

export const hallsModule = defineModule<HallsApi, HallsDeps, HallsEvents>({
  name: 'halls',
  migrations: hallsMigrations,
  permissions: hallsPermissions,
  events: hallsEvents,
  errors: hallsErrors,
  create(platform, deps) {
    const service = hallsService(platform, deps);
    platform.jobs.register<ReminderJob>(REMINDER_JOB, (job) => service.remind(job));
    return {
      plugin: async (fastify: FastifyInstance) => {
        await hallsRoutes(service)(fastify);
        await windowRoutes(service)(fastify);
      },
      api: { service },
    };
  },
});
