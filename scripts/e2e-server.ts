/**
 * The server for browser tests: on PGlite as configured, or with DATABASE_URL on a fresh
 * PostgreSQL database made for this run (and dropped after), so runs never share state.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import pg from 'pg';

const root = path.resolve(import.meta.dirname, '..');
const env = { ...process.env };
let drop: (() => Promise<void>) | null = null;

if (env.DATABASE_URL) {
  const base = env.DATABASE_URL;
  const name = `yw_e2e_${process.pid}_${randomBytes(3).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const u = new URL(base);
  u.pathname = `/${name}`;
  env.DATABASE_URL = u.toString();
  env.YIWANG_DATA_KEY ??= randomBytes(32).toString('base64');
  drop = async () => {
    const c = new pg.Client({ connectionString: base });
    await c.connect();
    await c.query(`drop database if exists ${name} with (force)`);
    await c.end();
  };
}

const child = spawn(process.execPath, ['--liftoff-only', path.join(root, 'server/src/cli.ts'), 'start'], { cwd: root, env, stdio: 'inherit' });
const stop = (signal: NodeJS.Signals) => child.kill(signal);
process.on('SIGTERM', () => stop('SIGTERM'));
process.on('SIGINT', () => stop('SIGINT'));
child.on('exit', (code) => {
  void (drop ? drop() : Promise.resolve()).finally(() => process.exit(code ?? 0));
});
