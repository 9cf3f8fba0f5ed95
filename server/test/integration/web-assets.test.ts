/**
 * The web apps' files as the server sends them: the precompressed brotli or gzip copy the
 * browser accepts (never a compressed body it did not ask for), hashed build files cached for a
 * year as immutable, pages and the service worker revalidated every time.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cacheControlOf } from '../../src/app.ts';
import { createTestApp, type TestContext } from '../helpers.ts';

let ctx: TestContext;
let webDist: string;
const script = `console.log(${JSON.stringify('一网'.repeat(800))});\n`;
const page = `<!doctype html><html><head><script type="module" src="/assets/citizen-AbC123.js"></script></head><body>${'<p>一网</p>'.repeat(200)}</body></html>`;

function put(file: string, text: string, compressed = true) {
  const p = join(webDist, file);
  mkdirSync(join(p, '..'), { recursive: true });
  writeFileSync(p, text);
  if (compressed) {
    writeFileSync(`${p}.br`, brotliCompressSync(Buffer.from(text)));
    writeFileSync(`${p}.gz`, gzipSync(Buffer.from(text)));
  }
}

beforeAll(async () => {
  webDist = mkdtempSync(join(tmpdir(), 'yiwang-web-'));
  put('index.html', page);
  put('console/index.html', page.replace('citizen', 'console'));
  put('assets/citizen-AbC123.js', script);
  put('sw.js', script);
  put('icons/icon.svg', '<svg xmlns="http://www.w3.org/2000/svg"/>', false);
  ctx = await createTestApp({ seed: false, config: { webDist } });
}, 60_000);
afterAll(async () => {
  await ctx.teardown();
  rmSync(webDist, { recursive: true, force: true });
});

const get = (url: string, encoding?: string) =>
  ctx.app.inject({ method: 'GET', url, headers: encoding ? { 'accept-encoding': encoding } : {} });

describe('web files', () => {
  it('sends the brotli copy to a browser that takes it, gzip to one that takes only gzip, and the file to others', async () => {
    const br = await get('/assets/citizen-AbC123.js', 'gzip, deflate, br, zstd');
    expect(br.statusCode).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['content-type']).toMatch(/javascript/);
    expect(br.headers.vary).toMatch(/accept-encoding/i);
    expect(brotliDecompressSync(br.rawPayload).toString()).toBe(script);
    expect(br.rawPayload.length).toBeLessThan(Buffer.byteLength(script) / 4);

    const gz = await get('/assets/citizen-AbC123.js', 'gzip');
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.rawPayload).toString()).toBe(script);

    const plain = await get('/assets/citizen-AbC123.js');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toBe(script);
  });

  it('marks hashed build files immutable for a year, and has pages and the service worker revalidated', async () => {
    expect((await get('/assets/citizen-AbC123.js', 'br')).headers['cache-control']).toBe(
      'public, max-age=31536000, immutable',
    );
    for (const url of ['/', '/index.html', '/sw.js', '/console/', '/icons/icon.svg'])
      expect((await get(url, 'br')).headers['cache-control'], url).toBe('no-cache');
    const home = await get('/', 'br');
    expect(home.headers['content-encoding']).toBe('br');
    expect(brotliDecompressSync(home.rawPayload).toString()).toBe(page);
  });

  it("serves an app route (the client's own routing) as its app's page, compressed and revalidated", async () => {
    const caseRoute = await get('/cases/0190a6b0-0000-7000-8000-000000000000', 'gzip, br');
    expect(caseRoute.statusCode).toBe(200);
    expect(caseRoute.headers['content-encoding']).toBe('br');
    expect(caseRoute.headers['cache-control']).toBe('no-cache');
    expect(brotliDecompressSync(caseRoute.rawPayload).toString()).toBe(page);
    const consoleRoute = await get('/console/inbox', 'gzip');
    expect(gunzipSync(consoleRoute.rawPayload).toString()).toContain('console-AbC123');
  });

  it('knows what is hashed build output', () => {
    expect(cacheControlOf('assets/react-6JWB4F_f.js')).toMatch(/immutable/);
    expect(cacheControlOf('index.html')).toBe('no-cache');
    expect(cacheControlOf('sw.js')).toBe('no-cache');
  });
});
