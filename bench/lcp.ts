/**
 * The citizen home page's first load on a slow phone: headless Chromium (/usr/bin/chromium)
 * on simulated 4G (Lighthouse's "Slow 4G": 150 ms round trip, 1.6 Mbps down, 750 kbps up, via
 * CDP Network.emulateNetworkConditions) with the CPU slowed 4× (Emulation.setCPUThrottlingRate).
 * Each run is a fresh browser context (empty cache, no service worker yet), signed out.
 * Measured: Largest Contentful Paint (PerformanceObserver 'largest-contentful-paint'), and the
 * JavaScript bytes transferred (compressed, as sent: CDP encodedDataLength of every Script
 * response), and First Contentful Paint (when the page first shows anything: index.html's static
 * home shell, before the scripts run). Median of 5 runs. Targets: LCP < 2 s, JavaScript < 200 KB.
 *
 * The baseline, in the same run under the same throttling: a static page holding one line of
 * text and no script (the floor any page pays for its round trips), so the figure reads as a
 * ratio too.
 *
 * Run: npm run bench:lcp   (builds the web apps, starts the server on a fresh demo city)
 *      npm run bench:lcp -- --url http://127.0.0.1:8080   (a server already running, as built)
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { machine, root, SERVER_NODE_FLAGS, startServer, writeSection } from './lib.ts';

const RUNS = 5;
const SLOW_4G = {
  offline: false,
  latency: 150,
  downloadThroughput: (1.6 * 1024 * 1024) / 8,
  uploadThroughput: (750 * 1024) / 8,
};
const CPU_SLOWDOWN = 4;

interface Run {
  lcpMs: number;
  jsBytes: number;
  /** Requests for scripts, and every request. */
  scripts: number;
  requests: number;
  lcpElement: string;
  /** First Contentful Paint: when the page first showed text or an image. */
  fcpMs: number;
}

const OBSERVE_LCP = `
  window.__lcp = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      const el = e.element;
      const cls = el && typeof el.className === 'string' && el.className ? '.' + el.className.split(' ')[0] : '';
      window.__lcp.push({ t: e.startTime, el: el ? el.tagName.toLowerCase() + cls : '?' });
    }
  }).observe({ type: 'largest-contentful-paint', buffered: true });
  window.__fcp = 0;
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) if (e.name === 'first-contentful-paint') window.__fcp = e.startTime;
  }).observe({ type: 'paint', buffered: true });
`;

async function firstLoad(browser: Browser, url: string): Promise<Run> {
  // A phone in the city: its clock in the city's zone (a phone elsewhere renders once more when the zone arrives).
  const context = await browser.newContext({
    viewport: { width: 390, height: 844 },
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  });
  const page = await context.newPage();
  // A string (the page's code, not this process's): every LCP candidate, with its element.
  await page.addInitScript({ content: OBSERVE_LCP });
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await cdp.send('Network.emulateNetworkConditions', SLOW_4G);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
  const types = new Map<string, string>();
  let jsBytes = 0;
  let scripts = 0;
  let requests = 0;
  cdp.on('Network.responseReceived', (e) => types.set(e.requestId, e.type));
  cdp.on('Network.loadingFinished', (e) => {
    requests++;
    if (types.get(e.requestId) === 'Script') {
      scripts++;
      jsBytes += e.encodedDataLength;
    }
  });
  await page.goto(url, { waitUntil: 'networkidle', timeout: 120_000 });
  // LCP entries are reported after the paint; give the slowed main thread a moment.
  await page.waitForTimeout(1000);
  const entries = (await page.evaluate('window.__lcp')) as { t: number; el: string }[];
  const fcpMs = (await page.evaluate('window.__fcp')) as number;
  await context.close();
  const last = entries.at(-1);
  if (!last) throw new Error(`no largest-contentful-paint entry for ${url}: ${JSON.stringify(entries)}`);
  return { lcpMs: last.t, jsBytes, scripts, requests, lcpElement: last.el, fcpMs };
}

const median = <T>(runs: T[], key: (r: T) => number): T =>
  [...runs].sort((a, b) => key(a) - key(b))[Math.floor(runs.length / 2)]!;

if (!process.argv.includes('--url')) {
  console.log('building the web apps ...');
  execFileSync('npm', ['run', 'build:web', '--silent'], { cwd: root, stdio: 'inherit' });
}

// The floor: one line of text, no script, from a plain Node server.
const floor = http.createServer((_req, res) => {
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
  res.end(
    '<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>一网</title><body><h1>一网通办</h1></body></html>',
  );
});
await new Promise<void>((resolve) => floor.listen(18_620, '127.0.0.1', resolve));

// --url <running server>: measure a server already running (its web build as it is).
const given = process.argv.includes('--url') ? process.argv[process.argv.indexOf('--url') + 1] : undefined;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'yiwang-bench-lcp-'));
const server = given
  ? { url: given, stop: async () => undefined }
  : await startServer(
      process.execPath,
      [...SERVER_NODE_FLAGS, 'server/src/cli.ts', 'start'],
      { YIWANG_DATA_DIR: dataDir, LOG_LEVEL: 'warn', DATABASE_URL: '' },
      18_610,
      '/readyz',
      300_000,
    );
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
});
const home: Run[] = [];
const base: Run[] = [];
try {
  // Warm the server (its caches), not the browser: each run is a new context.
  await firstLoad(browser, `${server.url}/`).catch((err: unknown) => console.warn('warm-up:', err));
  for (let i = 0; i < RUNS; i++) {
    base.push(await firstLoad(browser, 'http://127.0.0.1:18620/'));
    home.push(await firstLoad(browser, `${server.url}/`));
    console.log(
      `run ${i + 1}: home LCP ${home[i]!.lcpMs.toFixed(0)} ms, FCP ${home[i]!.fcpMs.toFixed(0)} ms, JS ${(home[i]!.jsBytes / 1024).toFixed(1)} KB`,
    );
  }
} finally {
  await browser.close();
  await server.stop();
  floor.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
}

const lcp = median(home, (r) => r.lcpMs);
const js = median(home, (r) => r.jsBytes);
const floorLcp = median(base, (r) => r.lcpMs);
const fcp = median(home, (r) => r.fcpMs);
const label = process.argv.includes('--label') ? process.argv[process.argv.indexOf('--label') + 1] : undefined;
const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
const dirty = execFileSync('git', ['status', '--porcelain', 'web'], { cwd: root, encoding: 'utf8' }).trim() !== '';
const markdown = `
## Web: the citizen home page's first load on slow 4G (LCP)

Command: \`npm run bench:lcp\` (${new Date().toISOString().slice(0, 10)}, ${machine()}, tree ${commit}${dirty ? '+changes' : ''}${label ? `, ${label}` : ''}):
Debian's headless Chromium, a fresh context per run (empty cache, no service worker), signed out, 390 × 844, zh-CN, Asia/Shanghai,
Lighthouse's Slow 4G (150 ms round trip, 1.6 Mbps down, 750 kbps up) and a 4× slower CPU; median of ${RUNS} runs.
JavaScript is what went over the wire (compressed, headers included). The floor is a static page with one
line of text and no script, loaded under the same throttling in the same run.

| first load of \`/\` | median | runs | target |
| --- | ---: | --- | ---: |
| Largest Contentful Paint | ${(lcp.lcpMs / 1000).toFixed(2)} s | ${home.map((r) => (r.lcpMs / 1000).toFixed(2)).join(', ')} | < 2 s |
| First Contentful Paint | ${(fcp.fcpMs / 1000).toFixed(2)} s | ${home.map((r) => (r.fcpMs / 1000).toFixed(2)).join(', ')} | |
| JavaScript transferred | ${(js.jsBytes / 1024).toFixed(1)} KB in ${js.scripts} files | ${home.map((r) => (r.jsBytes / 1024).toFixed(1)).join(', ')} | < 200 KB |
| requests | ${median(home, (r) => r.requests).requests} | ${home.map((r) => r.requests).join(', ')} | |
| the floor's LCP (static text, no script) | ${(floorLcp.lcpMs / 1000).toFixed(2)} s | ${base.map((r) => (r.lcpMs / 1000).toFixed(2)).join(', ')} | |
| home LCP ÷ floor LCP | ${(lcp.lcpMs / floorLcp.lcpMs).toFixed(2)} | | |

The largest contentful element: \`${lcp.lcpElement}\`.
`;
writeSection('lcp', markdown);
console.log(markdown);
