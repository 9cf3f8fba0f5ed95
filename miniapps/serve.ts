/**
 * Start the three demo mini-apps, each its own site on its own port (basePort, +1, +2; 0: each on
 * a free port): water and power bills, hospital appointments, bus card. `npm start` runs this
 * beside the platform (config superapp.miniappsPort); so can anyone: `node miniapps/serve.ts`
 * (PLATFORM_URL, MINIAPPS_PORT, MINIAPPS_HOST). Answers each app's origin by slug.
 */
import { pathToFileURL } from 'node:url';
import { busCard } from './bus-card/server.ts';
import { hospitalBooking } from './hospital-booking/server.ts';
import { waterBills } from './water-bills/server.ts';

export const MINIAPPS = [
  ['water-bills', waterBills],
  ['hospital-booking', hospitalBooking],
  ['bus-card', busCard],
] as const;

export interface StartedMiniapps {
  origins: Map<string, string>;
  close(): Promise<void>;
}

export async function startMiniapps(o: {
  platformUrl: string;
  basePort: number;
  /** The host name in their origins (the browser's address of this machine). */
  host: string;
  /** The address they listen on. */
  bind?: string;
}): Promise<StartedMiniapps> {
  const origins = new Map<string, string>();
  const sites: { close(): Promise<void> }[] = [];
  try {
    for (const [i, [slug, make]] of MINIAPPS.entries()) {
      const site = make(o.platformUrl);
      const port = await site.listen(o.basePort === 0 ? 0 : o.basePort + i, o.bind ?? '127.0.0.1');
      sites.push(site);
      origins.set(slug, `http://${o.host}:${port}`);
    }
  } catch (err) {
    await Promise.all(sites.map((s) => s.close()));
    throw err;
  }
  return { origins, close: async () => void (await Promise.all(sites.map((s) => s.close()))) };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const started = await startMiniapps({
    platformUrl: process.env.PLATFORM_URL ?? 'http://localhost:8080',
    basePort: Number(process.env.MINIAPPS_PORT ?? 8091),
    host: process.env.MINIAPPS_HOST ?? 'localhost',
  });
  for (const [slug, origin] of started.origins) console.log(`${slug.padEnd(18)} ${origin}/`);
}
