/**
 * The bridge SDK's files (sdk/, built to sdk/dist by `node sdk/build.ts`; `npm start` builds it
 * with the web apps), served at stable URLs outside /api for mini-apps on other origins:
 *   /sdk/yiwang-bridge.js   the IIFE (a global `Yiwang`), for a plain <script src>;
 *   /sdk/yiwang-bridge.mjs  the ES module, for `import Yiwang from '…'`.
 * Cached for ten minutes (and revalidated by ETag), fetchable from any origin (CORS and CORP
 * cross-origin: a module script is fetched with CORS). The platform's origin is where the SDK
 * comes from: the SDK reads its own URL to know which origin its host must have.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { errorAnswers } from '../../platform/http.ts';

const SDK_DIR = path.resolve(import.meta.dirname, '../../../../sdk');
export const SDK_FILES = { 'yiwang-bridge.js': 'IIFE', 'yiwang-bridge.mjs': 'ES module' } as const;

interface Served {
  body: string;
  etag: string;
}

/** The built files, building them first when missing (a checkout that never ran `npm start`). */
async function load(): Promise<Map<string, Served>> {
  const dist = path.join(SDK_DIR, 'dist');
  if (!Object.keys(SDK_FILES).every((f) => fs.existsSync(path.join(dist, f)))) {
    const { buildSdk } = (await import(path.join(SDK_DIR, 'build.ts'))) as { buildSdk: () => Promise<void> };
    await buildSdk();
  }
  const out = new Map<string, Served>();
  for (const file of Object.keys(SDK_FILES)) {
    const body = fs.readFileSync(path.join(dist, file), 'utf8');
    out.set(file, { body, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"` });
  }
  return out;
}

export async function sdkRoutes(fastify: FastifyInstance): Promise<void> {
  const files = await load();
  fastify.get(
    '/sdk/:file',
    {
      schema: {
        tags: ['superapp-bridge'],
        security: [],
        summary: 'The mini-app bridge SDK: yiwang-bridge.js (IIFE, global Yiwang) or yiwang-bridge.mjs (ES module)',
        params: Type.Object({ file: Type.Enum(Object.keys(SDK_FILES)) }),
        response: {
          200: { description: 'The script', content: { 'text/javascript': { schema: Type.String() } } },
          304: { description: 'Not modified', type: 'null' },
          ...errorAnswers(400),
        },
      },
    },
    async (request, reply) => {
      const served = files.get((request.params as { file: string }).file)!;
      void reply
        .header('content-type', 'text/javascript; charset=utf-8')
        .header('cache-control', 'public, max-age=600, stale-while-revalidate=86400')
        .header('etag', served.etag)
        .header('access-control-allow-origin', '*')
        .header('cross-origin-resource-policy', 'cross-origin')
        .removeHeader('x-frame-options');
      if (request.headers['if-none-match'] === served.etag) return reply.status(304).send();
      return reply.send(served.body);
    },
  );
}
