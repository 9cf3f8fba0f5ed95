/**
 * What the security headers cost per request, on the hot path: the platform's onRequest hook
 * (headers made once by helmet at start, set by one synchronous hook) against what
 * @fastify/helmet does on each request (build helmet's middleware from the options and run it,
 * inside an async hook), both called directly on a real Fastify request and reply, in
 * alternating rounds (a busy machine slows both alike); the median of the rounds.
 *
 * Run: npm run bench:headers
 */
import Fastify, { type FastifyReply, type FastifyRequest } from 'fastify';
import helmet from 'helmet';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { securityHeaders } from '../server/src/platform/security-headers.ts';
import { machine, writeSection } from './lib.ts';

const N = 50_000;
const ROUNDS = 7;
const headers = securityHeaders({});
const helmetOptions = { contentSecurityPolicy: { directives: { 'default-src': ["'none'"] } } };

const perRequestHelmet = async (request: FastifyRequest, reply: FastifyReply) => {
  helmet(helmetOptions)(request.raw as IncomingMessage, reply.raw as ServerResponse, () => {});
};
const syncPlatform = (request: FastifyRequest, reply: FastifyReply) =>
  headers.hook.call(request.server, request, reply, () => {});

const app = Fastify({ logger: false });
app.get('/api/me', async (request, reply) => {
  const time = async (fn: (rq: FastifyRequest, rp: FastifyReply) => unknown, awaited: boolean) => {
    const t0 = performance.now();
    for (let i = 0; i < N; i++) {
      const r = fn(request, reply);
      if (awaited) await r;
    }
    return ((performance.now() - t0) * 1000) / N;
  };
  const samples = { sync: [] as number[], helmet: [] as number[] };
  for (let r = 0; r < ROUNDS + 1; r++) {
    const a = await time(syncPlatform, false);
    const b = await time(perRequestHelmet, true);
    if (r === 0) continue; // warm-up
    samples.sync.push(a);
    samples.helmet.push(b);
  }
  const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
  return { sync: median(samples.sync), helmet: median(samples.helmet) };
});
const res = (await app.inject('/api/me')).json() as { sync: number; helmet: number };
const md = `
## Hardening: what the security headers cost per request

Command: \`npm run bench:headers\` (${new Date().toISOString().slice(0, 10)}, ${machine()}): each way called ${N.toLocaleString('en')} times on one real Fastify request and reply per round, ${ROUNDS} alternating rounds, the median.

| setting the headers | µs per request |
| --- | ---: |
| the platform's synchronous hook (headers made once at start) | ${res.sync.toFixed(2)} |
| @fastify/helmet's way (helmet's middleware built from the options on every request, in an async hook) | ${res.helmet.toFixed(2)} |
`;
console.log(md);
writeSection('security-headers', md);
await app.close();
