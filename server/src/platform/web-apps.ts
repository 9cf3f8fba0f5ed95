/** The web apps (built by `npm run build:web`): the citizen app at /, the staff console at /console/. */
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from './errors.ts';

/** Hashed build output (`assets/…-<hash>.js`) is immutable; pages, the service worker and the rest are revalidated. */
export function cacheControlOf(relativePath: string): string {
  return /^(console[\\/])?assets[\\/]/.test(relativePath) ? 'public, max-age=31536000, immutable' : 'no-cache';
}

/** Serve the built apps (precompressed, cache headers by file), client-side routes falling back to their shell; or a pointer when not built. */
export async function serveWebApps(app: FastifyInstance, webDist: string): Promise<void> {
  // The web apps (built by `npm run build:web`): citizen app at /, staff console at /console/.
  if (fs.existsSync(path.join(webDist, 'index.html'))) {
    // Precompressed brotli and gzip copies (written by the build) are sent to browsers that take them.
    // Hashed build files never change: cached for a year; anything else is checked each time.
    await app.register(fastifyStatic, {
      root: webDist,
      prefix: '/',
      wildcard: false,
      index: ['index.html'],
      preCompressed: true,
      cacheControl: false,
      setHeaders: (reply, file) => {
        void reply.header('cache-control', cacheControlOf(path.relative(webDist, file)));
      },
    });
    app.get('/*', { schema: { hide: true } }, async (request, reply) => {
      const url = request.url.split('?')[0]!;
      if (url.startsWith('/api/')) throw new AppError(404, 'ROUTE_NOT_FOUND', `No route GET ${url}`);
      const file = path.join(webDist, path.normalize(url).replace(/^([/\\])+/, ''));
      if (file.startsWith(webDist) && fs.existsSync(file) && fs.statSync(file).isFile())
        return reply.sendFile(path.relative(webDist, file));
      // Client-side routes fall back to their app's shell.
      return reply.sendFile(url.startsWith('/console') ? 'console/index.html' : 'index.html');
    });
  } else {
    app.get('/', { schema: { hide: true } }, async () => ({
      name: 'Yiwang 一网',
      web: 'not built: run npm run build:web',
      api: '/api/docs',
    }));
  }
}
