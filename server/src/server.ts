/** Listen, handle signals, shut down gracefully. */
import type { App } from './app.ts';
import type { Config } from './config.ts';

export async function serve(built: App, config: Config): Promise<string> {
  const { app } = built;
  const address = await app.listen({ port: config.port, host: config.host });
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, 'shutting down: finishing in-flight requests');
    const force = setTimeout(() => {
      app.log.error('shutdown grace period passed; exiting');
      process.exit(1);
    }, config.shutdownGraceMs);
    force.unref();
    built.close().then(
      () => process.exit(0),
      (err: unknown) => {
        app.log.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
  return address;
}
