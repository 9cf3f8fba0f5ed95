/** Shared helpers for benchmarks: child servers, readiness polling, memory, report writing. */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import autocannon from 'autocannon';

export const root = path.resolve(import.meta.dirname, '..');

export interface Server {
  proc: ChildProcess;
  url: string;
  /** ms from spawn until /readyz (or the given path) answered 200 */
  readyMs: number;
  stop(): Promise<void>;
}

export async function waitFor(url: string, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      const r = await fetch(url);
      if (r.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > until) throw new Error(`${url} did not answer within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export async function startServer(
  cmd: string,
  args: string[],
  env: Record<string, string>,
  port: number,
  readyPath: string,
  timeoutMs = 120_000,
): Promise<Server> {
  const t0 = performance.now();
  const proc = spawn(cmd, args, {
    cwd: root,
    env: { ...process.env, ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  proc.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  proc.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitFor(url + readyPath, timeoutMs);
  } catch (err) {
    try {
      process.kill(-proc.pid!, 'SIGKILL');
    } catch {
      // it already exited: its output says why
    }
    throw new Error(`${String(err)}\n${output.slice(-3000)}`, { cause: err });
  }
  const readyMs = performance.now() - t0;
  return {
    proc,
    url,
    readyMs,
    stop: () =>
      new Promise<void>((resolve) => {
        proc.once('exit', () => resolve());
        try {
          process.kill(-proc.pid!, 'SIGTERM');
        } catch {
          resolve();
        }
      }),
  };
}

/** Peak resident memory (VmHWM) of a process and its children, in MB. */
export function peakMemoryMb(pid: number): number {
  const pids = [pid, ...descendants(pid)];
  let max = 0;
  for (const p of pids) {
    try {
      const status = fs.readFileSync(`/proc/${p}/status`, 'utf8');
      const m = /VmHWM:\s+(\d+) kB/.exec(status);
      if (m) max = Math.max(max, Number(m[1]) / 1024);
    } catch {
      // gone
    }
  }
  return max;
}

function descendants(pid: number): number[] {
  try {
    const kids = fs
      .readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
      .trim()
      .split(/\s+/)
      .filter(Boolean)
      .map(Number);
    return kids.flatMap((k) => [k, ...descendants(k)]);
  } catch {
    return [];
  }
}

export interface LoadResult {
  name: string;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
}

export async function load(
  name: string,
  url: string,
  opts: { headers?: Record<string, string>; connections?: number; duration?: number } = {},
): Promise<LoadResult> {
  const run = (duration: number) =>
    autocannon({ url, connections: opts.connections ?? 32, duration, headers: opts.headers ?? {}, pipelining: 1 });
  await run(2); // warm-up: JIT, caches
  const r = await run(opts.duration ?? 10);
  return { name, rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, errors: r.errors, non2xx: r.non2xx };
}

/** Replace the section between `<!-- bench:NAME -->` markers in docs/benchmarks.md (appending it if new). */
export function writeSection(name: string, markdown: string): void {
  const file = path.join(root, 'docs', 'benchmarks.md');
  const begin = `<!-- bench:${name} -->`;
  const end = `<!-- /bench:${name} -->`;
  let doc = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '# Benchmarks\n';
  const block = `${begin}\n${markdown.trim()}\n${end}`;
  const i = doc.indexOf(begin);
  const j = doc.indexOf(end);
  doc = i >= 0 && j > i ? doc.slice(0, i) + block + doc.slice(j + end.length) : `${doc.trimEnd()}\n\n${block}\n`;
  fs.writeFileSync(file, doc);
}

export const machine = (): string => {
  const cpus = fs.readFileSync('/proc/cpuinfo', 'utf8').match(/model name\s*:\s*(.*)/)?.[1] ?? 'unknown CPU';
  const n = fs.readFileSync('/proc/cpuinfo', 'utf8').match(/^processor/gm)?.length ?? 0;
  return `${n} × ${cpus}, Node ${process.version}`;
};

/** Cores, memory and Node of this machine, plus the PostgreSQL version when given. */
export const hostFacts = (pgVersion?: string): string => {
  const mem = /MemTotal:\s+(\d+) kB/.exec(fs.readFileSync('/proc/meminfo', 'utf8'))?.[1];
  return `${machine()}, ${mem ? Math.round(Number(mem) / 1024 / 1024) : '?'} GB memory${pgVersion ? `, ${pgVersion}` : ''}`;
};

/** The PostgreSQL the PostgreSQL benchmarks use (BENCH_DATABASE_URL; trust authentication on 127.0.0.1 by default). */
export const benchDatabaseUrl = (): string =>
  process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** A browser-like HTTP session against a running server: keeps cookies, sends the CSRF token on writes. */
export class HttpSession {
  readonly cookies = new Map<string, string>();
  readonly url: string;
  constructor(url: string) {
    this.url = url;
  }

  get cookie(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  /** The headers a browser would send on a write from this session. */
  writeHeaders(): Record<string, string> {
    return { cookie: this.cookie, 'x-csrf-token': this.cookies.get('yw_csrf') ?? '' };
  }

  async request(
    method: string,
    route: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Response> {
    if (method !== 'GET' && !this.cookies.has('yw_csrf')) await this.request('GET', '/api/auth/csrf');
    const raw = body instanceof Uint8Array;
    const res = await fetch(this.url + route, {
      method,
      headers: {
        ...(method === 'GET' ? { cookie: this.cookie } : this.writeHeaders()),
        ...(body !== undefined && !raw ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      ...(body !== undefined ? { body: raw ? body : JSON.stringify(body) } : {}),
    });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const i = pair!.indexOf('=');
      const name = pair!.slice(0, i);
      const value = pair!.slice(i + 1);
      if (value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return res;
  }

  /** The JSON answer of a request that must succeed. */
  async json<T = Record<string, unknown>>(
    method: string,
    route: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<T> {
    const res = await this.request(method, route, body, headers);
    if (!res.ok) throw new Error(`${method} ${route}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  }
}

/** Percentile (0-100) of a list of numbers, nearest rank. */
export const percentile = (values: number[], p: number): number => {
  if (values.length === 0) return NaN;
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
};

/** CPU time a process has used so far (user and system), in ms (from /proc; clock ticks of 10 ms). */
export function cpuMs(pid: number): { user: number; system: number } {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { user: Number(fields[11]) * 10, system: Number(fields[12]) * 10 };
}

/** The load average over the last minute (other work on the machine skews every figure). */
export const loadAverage = (): number => Number(fs.readFileSync('/proc/loadavg', 'utf8').split(' ')[0]);

/**
 * Requests at a steady rate: one every 1000/rate ms (not autocannon's burst at the start of
 * each second), over up to `connections` kept-alive sockets, for `seconds`. Latency is from
 * when a request was due to its answer, so queueing behind a slow answer counts.
 */
export async function steadyLoad(
  url: string,
  paths: string[],
  opts: { rate: number; seconds: number; headers?: Record<string, string>; connections?: number },
): Promise<{ rps: number; p50: number; p99: number; errors: number; non2xx: number; total: number }> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: opts.connections ?? 10 });
  const latencies: number[] = [];
  let errors = 0;
  let non2xx = 0;
  const interval = 1000 / opts.rate;
  const count = Math.round(opts.rate * opts.seconds);
  const start = performance.now();
  const inFlight: Promise<void>[] = [];
  for (let i = 0; i < count; i++) {
    const due = start + i * interval;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const target = new URL(paths[i % paths.length]!, url);
    inFlight.push(
      new Promise<void>((resolve) => {
        const req = http.request(target, { agent, headers: opts.headers ?? {} }, (res) => {
          res.resume();
          res.on('end', () => {
            latencies.push(performance.now() - due);
            if ((res.statusCode ?? 0) < 200 || (res.statusCode ?? 0) >= 300) non2xx++;
            resolve();
          });
        });
        req.on('error', () => {
          errors++;
          resolve();
        });
        req.end();
      }),
    );
  }
  await Promise.all(inFlight);
  const seconds = (performance.now() - start) / 1000;
  agent.destroy();
  return {
    rps: latencies.length / seconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    errors,
    non2xx,
    total: latencies.length,
  };
}

/**
 * Node's flags as `npm start` runs the server (package.json): Liftoff-only WebAssembly keeps
 * PGlite's start-up peak low, and 8 MB semi-spaces keep the young generation from growing
 * under load (docs/benchmarks.md, the notes on the foundation figures).
 */
export const SERVER_NODE_FLAGS = ['--liftoff-only', '--max-semi-space-size=8'];
