/**
 * The city screen's routes: the first load (figures, the map's events and heat) and the live
 * stream (Server-Sent Events). A stream ends after STREAM_MAX_MS and the browser's EventSource
 * reconnects at once, so a session that expired or lost its role stops hearing within minutes
 * (each reconnect passes the session and policy checks again) and a node being drained sheds
 * its screens to the others.
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import * as S from './cityops.screen.schemas.ts';
import type { Screen } from './cityops.screen.ts';
import type { LiveMessage } from './cityops.screen.live.ts';

const STREAM_MAX_MS = 10 * 60_000;
const KEEPALIVE_MS = 20_000;

export function screenRoutes(screen: Screen) {
  const tags = ['cityops'];
  return async function plugin(fastify: FastifyInstance): Promise<void> {
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
    const streams = new Set<() => void>();
    fastify.addHook('preClose', async () => {
      for (const end of streams) end();
      streams.clear();
    });

    app.get(
      '/cityops/screen',
      {
        schema: {
          tags,
          summary:
            'The city screen (城市运行大屏): counts, time-limit compliance, categories, trend, heat, live events, 12345',
          querystring: S.ScreenQuery,
          response: { 200: S.ScreenSummary },
        },
      },
      async (request) => screen.summary(request.principal, request.query.days),
    );

    app.get(
      '/cityops/screen/stream',
      {
        schema: {
          tags,
          summary:
            'The city screen, live: Server-Sent Events named `event`, `sensor` and `call`, each carrying the ScreenStreamMessages field of its name',
          response: {
            200: {
              description: 'An event stream',
              // Each SSE event's data is the JSON of the ScreenStreamMessages field named by the event.
              content: { 'text/event-stream': { schema: S.ScreenStreamMessages } },
            },
          },
        },
      },
      async (request, reply) => {
        const watcher = screen.watcher(request.principal);
        reply.hijack();
        const res = reply.raw;
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(reply.getHeaders())) if (v !== undefined) headers[k] = String(v);
        res.writeHead(200, {
          ...headers,
          'content-type': 'text/event-stream; charset=utf-8',
          'cache-control': 'no-store',
          connection: 'keep-alive',
          'x-accel-buffering': 'no',
        });
        res.write(`retry: 2000\n: ${new Date().toISOString()}\n\n`);
        const unlisten = screen.listen(watcher, (m: LiveMessage) =>
          res.write(`event: ${m.kind}\ndata: ${JSON.stringify(m.data)}\n\n`),
        );
        const keepalive = setInterval(() => res.write(': keepalive\n\n'), KEEPALIVE_MS);
        const stop = () => {
          clearInterval(keepalive);
          clearTimeout(expiry);
          unlisten();
        };
        const end = () => {
          stop();
          streams.delete(end);
          res.end();
        };
        const expiry = setTimeout(end, STREAM_MAX_MS);
        streams.add(end);
        request.raw.on('close', () => {
          stop();
          streams.delete(end);
        });
      },
    );
  };
}
