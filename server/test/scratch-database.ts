/** A PostgreSQL database made for one test file or browser-test run, and dropped after. */
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export async function createScratchDatabase(
  baseUrl: string,
  prefix: string,
  /** A database to copy (no one may be connected to it), e.g. the test run's migrated template. */
  template?: string,
): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `${prefix}_${process.pid}_${randomBytes(3).toString('hex')}`;
  const run = async (statement: string) => {
    const c = new pg.Client({ connectionString: baseUrl });
    await c.connect();
    try {
      await c.query(statement);
    } finally {
      await c.end();
    }
  };
  await run(template ? `create database ${name} template ${template}` : `create database ${name}`);
  const u = new URL(baseUrl);
  u.pathname = `/${name}`;
  return { url: u.toString(), drop: () => run(`drop database if exists ${name} with (force)`) };
}
