/**
 * The demo city for the benchmarks that run the server against PostgreSQL: seeded into a
 * scratch database by an in-process app, then served by `yiwang start` as a child process.
 */
import pino from 'pino';
import { buildApp, type App } from '../server/src/app.ts';
import { loadConfig } from '../server/src/config.ts';
import { seedDemoCity } from '../server/src/demo/seed.ts';
import { SERVER_NODE_FLAGS, startServer, type Server } from './lib.ts';

export interface CityStore {
  /** The scratch database's URL. */
  url: string;
  dataKey: string;
  dataDir: string;
}

/** Seed the demo city (without its full staff) into `city`; `use` sees the app before it closes. */
export async function seedCity<T = void>(
  city: CityStore,
  size: { residents: number; enterprises: number },
  use?: (app: App) => T | Promise<T>,
): Promise<T | undefined> {
  console.log(`seeding the demo city into ${new URL(city.url).pathname.slice(1)} ...`);
  const config = loadConfig({
    databaseUrl: city.url,
    dataKey: city.dataKey,
    dataDir: city.dataDir,
    logLevel: 'warn',
    seed: 'none',
  });
  const built = await buildApp(config, { logger: pino({ level: 'warn' }) });
  try {
    await built.app.ready(); // the registry catalogue is synced when the app is ready
    await seedDemoCity(built.platform, built.modules, { ...size, fullStaff: false, log: () => {} });
    return use ? await use(built) : undefined;
  } finally {
    await built.close();
  }
}

/** `yiwang start` on `city`, on `port`, ready when /readyz answers (`entry`: another copy's cli.ts). */
export const startCity = (city: CityStore, port: number, entry = 'server/src/cli.ts'): Promise<Server> =>
  startServer(
    process.execPath,
    [...SERVER_NODE_FLAGS, entry, 'start'],
    {
      DATABASE_URL: city.url,
      YIWANG_DATA_KEY: city.dataKey,
      YIWANG_DATA_DIR: city.dataDir,
      YIWANG_SEED: 'none',
      LOG_LEVEL: 'warn',
    },
    port,
    '/readyz',
  );
