/**
 * The server for browser tests: on PGlite as configured, or with DATABASE_URL on a fresh
 * PostgreSQL database made for this run (and dropped after), so runs never share state.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { createScratchDatabase } from '../server/test/scratch-database.ts';

const root = path.resolve(import.meta.dirname, '..');
const env = { ...process.env };
let drop: (() => Promise<void>) | null = null;

if (env.DATABASE_URL) {
  const scratch = await createScratchDatabase(env.DATABASE_URL, 'yw_e2e');
  env.DATABASE_URL = scratch.url;
  env.YIWANG_DATA_KEY ??= randomBytes(32).toString('base64');
  drop = scratch.drop;
}

const child = spawn(
  process.execPath,
  ['--liftoff-only', '--max-semi-space-size=8', path.join(root, 'server/src/cli.ts'), 'start'],
  {
    cwd: root,
    env,
    stdio: 'inherit',
  },
);
const stop = (signal: NodeJS.Signals) => child.kill(signal);
process.on('SIGTERM', () => stop('SIGTERM'));
process.on('SIGINT', () => stop('SIGINT'));
child.on('exit', (code) => {
  void (drop ? drop() : Promise.resolve()).finally(() => process.exit(code ?? 0));
});
