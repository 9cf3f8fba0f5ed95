/**
 * Build the SDK: src/esm.ts → dist/yiwang-bridge.mjs (ES module), src/iife.ts →
 * dist/yiwang-bridge.js (a classic script defining the global `Yiwang`), minified, with
 * rolldown (the bundler the web apps' Vite uses). `node sdk/build.ts`; `npm start` runs it
 * when the sources are newer (scripts/ensure-web.ts), and the server when dist is missing.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const here = import.meta.dirname;

export async function buildSdk(): Promise<void> {
  const { build } = await import('rolldown');
  const out = path.join(here, 'dist');
  fs.mkdirSync(out, { recursive: true });
  await build({
    input: path.join(here, 'src/esm.ts'),
    output: { file: path.join(out, 'yiwang-bridge.mjs'), format: 'esm', minify: true },
    logLevel: 'warn',
  });
  await build({
    input: path.join(here, 'src/iife.ts'),
    output: { file: path.join(out, 'yiwang-bridge.js'), format: 'iife', minify: true },
    logLevel: 'warn',
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await buildSdk();
  for (const f of ['yiwang-bridge.mjs', 'yiwang-bridge.js'])
    console.log(`sdk/dist/${f}: ${fs.statSync(path.join(here, 'dist', f)).size} bytes`);
}
