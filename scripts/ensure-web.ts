/**
 * Build the web apps when web/dist is missing or older than their sources, so `npm start`
 * builds on the first run and starts at once afterwards.
 */
import { execSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const web = path.join(root, 'web');
const stamp = path.join(web, 'dist', '.build-stamp');

function newest(p: string): number {
  if (!fs.existsSync(p)) return 0;
  const st = fs.statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let m = st.mtimeMs;
  for (const e of fs.readdirSync(p)) if (e !== 'node_modules' && e !== 'dist') m = Math.max(m, newest(path.join(p, e)));
  return m;
}

const built = fs.existsSync(stamp) ? fs.statSync(stamp).mtimeMs : 0;
const sources = Math.max(
  newest(path.join(web, 'src')),
  newest(path.join(web, 'public')),
  newest(path.join(web, 'index.html')),
  newest(path.join(web, 'console')),
  newest(path.join(web, 'vite.config.ts')),
  newest(path.join(web, 'package.json')),
);
if (built < sources || process.argv.includes('--force')) {
  console.log('building the web apps (citizen app and staff console)...');
  execSync('npm run build -w web', { cwd: root, stdio: 'inherit' });
  fs.writeFileSync(stamp, new Date().toISOString());
}

// The mini-app bridge SDK (sdk/ → sdk/dist, served at /sdk/yiwang-bridge.js and .mjs).
const sdk = path.join(root, 'sdk');
const sdkBuilt = fs.existsSync(path.join(sdk, 'dist', 'yiwang-bridge.js'))
  ? fs.statSync(path.join(sdk, 'dist', 'yiwang-bridge.js')).mtimeMs
  : 0;
if (sdkBuilt < newest(path.join(sdk, 'src')) || process.argv.includes('--force')) {
  const { buildSdk } = (await import('../sdk/build.ts')) as { buildSdk: () => Promise<void> };
  await buildSdk();
}
