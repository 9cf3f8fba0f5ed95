/**
 * `yiwang verify-log` against an owner who rewrites history with the triggers off: editing,
 * deleting or reordering a record, truncating the log, restoring an older backup. Each is
 * detected, with the first bad record named. Every tampering runs in a transaction that is
 * rolled back, so each starts from the same honest log.
 */
import { sql, type Kysely } from 'kysely';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../src/platform/audit.ts';
import { command } from '../../src/platform/context.ts';
import { scoped } from '../../src/platform/db.ts';
import { recordPersonalDataAccess } from '../../src/platform/pii.ts';
import { verifyLogCommand } from '../../src/modules/transparency/transparency.cli.ts';
import type { TransparencyTables } from '../../src/modules/transparency/transparency.tables.ts';
import { verifyLog, type VerifyReport } from '../../src/modules/transparency/transparency.verify.ts';
import { createTestApp, query, type TestContext } from '../helpers.ts';

let ctx: TestContext;
let dir: string;
/** Audit record id of each entry, by index. */
let recordOf: string[] = [];
/** The checkpoint at size 12 (a witness kept it). */
let witnessNote = '';

class Rollback extends Error {}

/** The append-only tables the tests rewrite. */
const TAMPERABLE = [
  'platform.audit_log',
  'platform.personal_data_access',
  'transparency.entries',
  'transparency.nodes',
  'transparency.checkpoints',
];

/** Tamper as the owner with the triggers off, verify inside the same transaction, then roll it all back. */
async function tampered(
  tamper: (db: Kysely<object>) => Promise<void>,
  witnesses: string[] = [],
): Promise<VerifyReport> {
  let report: VerifyReport | null = null;
  await ctx.owner.db
    .transaction()
    .execute(async (tx) => {
      // The owner owns the tables, so it may switch their triggers off (no superuser needed).
      for (const table of TAMPERABLE) await sql`alter table ${sql.raw(table)} disable trigger user`.execute(tx);
      await tamper(tx);
      report = await verifyLog(scoped<TransparencyTables>(tx), { witnesses });
      throw new Rollback();
    })
    .catch((err: unknown) => {
      if (!(err instanceof Rollback)) throw err;
    });
  return report!;
}

beforeAll(async () => {
  ctx = await createTestApp({ seed: false });
  dir = mkdtempSync(join(tmpdir(), 'yiwang-verify-log-'));
  const seq = ctx.modules.transparency.sequencer;
  const batch = async (n: number) => {
    for (let i = 0; i < n; i += 1) {
      await command(ctx.platform, systemActor(), (w) =>
        w.audit({ action: 'exchange.grant.created', resourceType: 'grant', resourceId: randomUUID(), detail: { i } }),
      );
      if (i === 2) {
        await recordPersonalDataAccess(
          ctx.database.db,
          {
            subjectIndex: `ix-${i}`,
            accessorId: null,
            accessorName: 'system',
            organisation: null,
            purpose: 'check',
            fields: ['name'],
            resourceType: 'exchange_record',
            resourceId: null,
            requestId: null,
          },
          ctx.clock.now(),
        );
      }
      ctx.clock.advance(1_000);
    }
    await seq.drain();
    await seq.checkpoint(true);
    await seq.drain(); // the key's creation, the first time
    ctx.clock.advance(60_000);
  };
  await batch(5);
  await batch(5);
  witnessNote = (
    await query<{ note: string }>(ctx, sql`select note from transparency.checkpoints order by tree_size desc limit 1`)
  )[0]!.note;
  await batch(6);
  await seq.checkpoint(true);
  recordOf = (
    await query<{ record_id: string }>(ctx, sql`select record_id from transparency.entries order by idx`)
  ).map((r) => r.record_id);
});
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await ctx.teardown();
});

describe('verify-log', () => {
  it('passes an honest log, its checkpoints and a witness that agrees', async () => {
    const r = await verifyLog(scoped<TransparencyTables>(ctx.database.db), { witnesses: [witnessNote] });
    expect(r.problems.map((p) => p.message)).toEqual([]);
    expect(r.ok).toBe(true);
    expect(r.treeSize).toBe(recordOf.length);
    expect(r.checkpointsChecked).toBe(3);
  });

  it('names an audit record edited in SQL', async () => {
    const r = await tampered(async (db) => {
      await sql`update platform.audit_log set detail = '{"i": 99}' where id = ${recordOf[4]!}`.execute(db);
    });
    expect(r.ok).toBe(false);
    expect(r.first).toMatchObject({ kind: 'record-edited', index: 4, recordId: recordOf[4] });
  });

  it('names a personal-data read edited in SQL, but not one re-keyed by key rotation', async () => {
    const [read] = await query<{ idx: string; record_id: string }>(
      ctx,
      sql`select idx, record_id from transparency.entries where source = 'access' order by idx limit 1`,
    );
    const edited = await tampered(async (db) => {
      await sql`update platform.personal_data_access set purpose = 'other' where id = ${read!.record_id}`.execute(db);
    });
    expect(edited.first).toMatchObject({ kind: 'record-edited', index: Number(read!.idx) });
    const rekeyed = await tampered(async (db) => {
      await sql`update platform.personal_data_access set subject_index = 'new-index'`.execute(db);
    });
    expect(rekeyed.ok).toBe(true);
  });

  it('names an audit record deleted in SQL', async () => {
    const r = await tampered(async (db) => {
      await sql`delete from platform.audit_log where id = ${recordOf[7]!}`.execute(db);
    });
    expect(r.first).toMatchObject({ kind: 'record-deleted', index: 7, recordId: recordOf[7] });
  });

  it('names the first of two entries reordered in SQL', async () => {
    const r = await tampered(async (db) => {
      // Entries 3 and 5 change places (through a free index).
      await sql`update transparency.entries set idx = 1000003 where idx = 3`.execute(db);
      await sql`update transparency.entries set idx = 3 where idx = 5`.execute(db);
      await sql`update transparency.entries set idx = 5 where idx = 1000003`.execute(db);
    });
    expect(r.first).toMatchObject({ kind: 'leaf-mismatch', index: 3 });
    expect(r.problems.some((p) => p.kind === 'checkpoint-mismatch')).toBe(true);
  });

  it('names where the log was truncated: checkpoints cover entries it no longer has', async () => {
    const r = await tampered(async (db) => {
      await sql`delete from transparency.entries where idx >= 9`.execute(db);
      await sql`delete from transparency.nodes where idx >= 9 and level = 0`.execute(db);
      await sql`update transparency.state set tree_size = 9`.execute(db);
    });
    expect(r.first).toMatchObject({ kind: 'checkpoint-beyond-log', index: 9 });
  });

  it('names a gap where one entry was deleted', async () => {
    const r = await tampered(async (db) => {
      await sql`delete from transparency.entries where idx = 6`.execute(db);
    });
    expect(r.first).toMatchObject({ kind: 'entry-missing', index: 6 });
  });

  it('catches a restored older backup with a witness: the witness has seen more of the log', async () => {
    // The backup is of a time the log had 8 entries: its checkpoints are its own, but a witness kept a later one.
    const restore = async (db: Kysely<object>) => {
      await sql`delete from transparency.entries where idx >= 8`.execute(db);
      await sql`delete from transparency.nodes where idx >= 8 and level = 0`.execute(db);
      await sql`delete from transparency.checkpoints where tree_size > 8`.execute(db);
      await sql`update transparency.state set tree_size = 8`.execute(db);
    };
    const alone = await tampered(restore);
    expect(alone.ok).toBe(false); // its last checkpoint (8 is not one) and the state still differ
    const witnessed = await tampered(restore, [witnessNote]);
    expect(witnessed.problems).toContainEqual(expect.objectContaining({ kind: 'witness-ahead', index: 8 }));
  });

  it('runs as a command, reading the witness from a file, with exit status 0 or 1', async () => {
    const file = join(dir, 'witness.txt');
    writeFileSync(file, witnessNote);
    const out: string[] = [];
    expect(await verifyLogCommand(ctx.database.db, { witnesses: [file], json: false, out: (l) => out.push(l) })).toBe(
      0,
    );
    expect(out.join('\n')).toMatch(/^tree size \d+, root .*\nOK/);
    const forged = join(dir, 'forged.txt');
    writeFileSync(forged, witnessNote.replace(/\n\d+\n/, '\n999\n'));
    const bad: string[] = [];
    expect(await verifyLogCommand(ctx.database.db, { witnesses: [forged], json: true, out: (l) => bad.push(l) })).toBe(
      1,
    );
    expect(JSON.parse(bad.join('\n'))).toMatchObject({ ok: false, problems: [{ kind: 'checkpoint-signature' }] });
  });
});
