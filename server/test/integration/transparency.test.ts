/**
 * The transparency log: the sequencer appends the audit records of public power and every
 * personal-data read, in order; checkpoints are signed notes; every inclusion and consistency
 * proof the API serves verifies against them; the log is append-only; one sequencer at a time.
 */
import { sql } from 'kysely';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../src/platform/audit.ts';
import { command } from '../../src/platform/context.ts';
import { leafHash, verifyConsistency, verifyInclusion } from '../../src/platform/merkle.ts';
import { recordPersonalDataAccess } from '../../src/platform/pii.ts';
import { Sequencer, defaultSequencerSettings } from '../../src/modules/transparency/index.ts';
import { openNote } from '../../src/modules/transparency/transparency.notes.ts';
import { leafInput } from '../../src/modules/transparency/transparency.records.ts';
import { verifyLog } from '../../src/modules/transparency/transparency.verify.ts';
import { scoped } from '../../src/platform/db.ts';
import type { TransparencyTables } from '../../src/modules/transparency/transparency.tables.ts';
import { client, createTestApp, errorCode, ok, query, type Client, type TestContext } from '../helpers.ts';

let ctx: TestContext;
let anon: Client;
const caseId = randomUUID();

/** `n` audit records of case decisions, and one action the log leaves out. */
async function decide(n: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i += 1) {
    await command(ctx.platform, systemActor(), async (w) => {
      await w.audit({
        action: 'applications.case.approve',
        resourceType: 'case',
        resourceId: caseId,
        detail: { step: i },
      });
      await w.audit({ action: 'identity.session.created', resourceType: 'session', resourceId: randomUUID() });
    });
    const r = await query<{ id: string }>(
      ctx,
      sql`select id from platform.audit_log where action = 'applications.case.approve' order by at desc, id desc limit 1`,
    );
    ids.push(r[0]!.id);
    ctx.clock.advance(1_000);
  }
  return ids;
}

beforeAll(async () => {
  ctx = await createTestApp({ seed: false });
  anon = client(ctx);
});
afterAll(async () => ctx.teardown());

const seq = () => ctx.modules.transparency.sequencer;
const fromB64 = (s: string) => Buffer.from(s, 'base64');

describe('the sequencer', () => {
  it('appends the records of public power and every personal-data read, in order, and nothing else', async () => {
    await decide(5);
    await recordPersonalDataAccess(
      ctx.database.db,
      {
        subjectIndex: 'ix-1',
        accessorId: null,
        accessorName: 'test system',
        organisation: null,
        purpose: 'test',
        fields: ['name'],
        resourceType: 'exchange_record',
        resourceId: randomUUID(),
        requestId: null,
        systemId: 'sys-1',
      },
      ctx.clock.now(),
    );
    expect(await seq().drain()).toBe(6);
    expect(await seq().drain()).toBe(0);
    const rows = await query<{ idx: string; source: string; action: string }>(
      ctx,
      sql`select idx, source, action from transparency.entries order by idx`,
    );
    expect(rows.map((r) => [Number(r.idx), r.source, r.action])).toEqual([
      [0, 'audit', 'applications.case.approve'],
      [1, 'audit', 'applications.case.approve'],
      [2, 'audit', 'applications.case.approve'],
      [3, 'audit', 'applications.case.approve'],
      [4, 'audit', 'applications.case.approve'],
      [5, 'access', 'data.read'],
    ]);
  });

  it('signs checkpoints as C2SP signed notes, served as text with caching headers', async () => {
    expect(errorCode(await anon.raw('GET', '/api/transparency/checkpoint'))).toBe('CHECKPOINT_NOT_FOUND');
    expect(await seq().checkpoint(true)).toBe(6);
    // Making the key was a key change: audited, and logged in turn.
    expect(await seq().drain()).toBe(1);
    expect(await seq().checkpoint()).toBeNull(); // not due yet
    ctx.clock.advance(60_000);
    expect(await seq().checkpoint()).toBe(7);
    const res = await anon.raw('GET', '/api/transparency/checkpoint');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(res.headers['cache-control']).toMatch(/max-age/);
    const lines = res.body.split('\n');
    expect(lines[0]).toBe('yiwang.local/330383/transparency');
    expect(lines[1]).toBe('7');
    expect(lines[4]).toBe('');
    expect(lines[5]).toMatch(/^\u2014 yiwang\.local\/330383\/transparency [A-Za-z0-9+/]+=*$/u);
    const keys = ok(await anon.GET('/api/transparency/keys')).items;
    expect(keys).toHaveLength(1);
    const opened = openNote(res.body, keys[0]!.verifierKey);
    expect(opened).toMatchObject({ ok: true });
    expect(opened.ok && opened.checkpoint.size).toBe(7);
    expect(openNote(res.body.replace('\n7\n', '\n8\n'), keys[0]!.verifierKey)).toMatchObject({ ok: false });
    const history = ok(await anon.GET('/api/transparency/checkpoints'));
    expect(history.items.map((c) => c.treeSize)).toEqual([7, 6]);
  });

  it('serves an inclusion proof for every entry, by index or audit id, that verifies against the signed root', async () => {
    const cps = ok(await anon.GET('/api/transparency/checkpoints')).items;
    for (const cp of cps) {
      for (let index = 0; index < cp.treeSize; index += 1) {
        const p = ok(
          await anon.GET('/api/transparency/proof/inclusion', { params: { query: { index, treeSize: cp.treeSize } } }),
        );
        const leaf = leafHash(leafInput(p.entry.source, p.entry.recordId, p.entry.recordHash));
        expect(Buffer.from(leaf).toString('base64')).toBe(p.entry.leafHash);
        expect(verifyInclusion(leaf, index, cp.treeSize, p.proof.map(fromB64), fromB64(cp.rootHash))).toBe(true);
        expect(p.checkpoint?.note).toBe(cp.note);
      }
    }
    const [first] = await query<{ record_id: string }>(
      ctx,
      sql`select record_id from transparency.entries where idx = 2`,
    );
    const byId = ok(
      await anon.GET('/api/transparency/proof/inclusion', { params: { query: { auditId: first!.record_id } } }),
    );
    expect(byId.entry.index).toBe(2);
    expect(byId.treeSize).toBe(7); // the latest checkpoint
    expect(
      errorCode(await anon.GET('/api/transparency/proof/inclusion', { params: { query: { index: 6, treeSize: 6 } } })),
    ).toBe('TREE_SIZE_INVALID');
    expect(errorCode(await anon.GET('/api/transparency/proof/inclusion', { params: { query: { index: 99 } } }))).toBe(
      'LOG_ENTRY_NOT_FOUND',
    );
  });

  it('serves consistency proofs between checkpoints, and entries, a read showing no subject', async () => {
    const [newer, older] = ok(await anon.GET('/api/transparency/checkpoints')).items;
    const p = ok(await anon.GET('/api/transparency/proof/consistency', { params: { query: { from: 6, to: 7 } } }));
    expect(verifyConsistency(6, 7, p.proof.map(fromB64), fromB64(older!.rootHash), fromB64(newer!.rootHash))).toBe(
      true,
    );
    expect(
      errorCode(await anon.GET('/api/transparency/proof/consistency', { params: { query: { from: 7, to: 99 } } })),
    ).toBe('TREE_SIZE_INVALID');
    const read = ok(await anon.GET('/api/transparency/entries/{index}', { params: { path: { index: 5 } } }));
    expect(read).toMatchObject({ source: 'access', resourceType: null, resourceId: null, recordAt: null });
    const decision = ok(await anon.GET('/api/transparency/entries/{index}', { params: { path: { index: 0 } } }));
    expect(decision).toMatchObject({ source: 'audit', resourceType: 'case', resourceId: caseId });
  });

  it('keeps its entries, nodes and checkpoints append-only', async () => {
    for (const t of ['entries', 'nodes', 'checkpoints']) {
      await expect(sql`delete from ${sql.id('transparency', t)}`.execute(ctx.database.db)).rejects.toThrow(
        /append-only|permission denied/,
      );
      await expect(sql`truncate ${sql.id('transparency', t)}`.execute(ctx.database.db)).rejects.toThrow(
        /append-only|permission denied/,
      );
    }
    await expect(sql`update transparency.entries set action = 'x'`.execute(ctx.database.db)).rejects.toThrow(
      /append-only|permission denied/,
    );
  });

  it('lets one sequencer append at a time (a lease), another taking over when it runs out', async () => {
    expect(await seq().drain()).toBe(0); // renews its lease
    await decide(2);
    const other = new Sequencer(ctx.platform, defaultSequencerSettings('yiwang.local/330383/transparency'));
    expect(await other.drain()).toBe(0); // the first holds the lease
    ctx.clock.advance(31_000);
    expect(await other.drain()).toBe(2);
    await decide(1);
    // Both race: one appends, in order, nothing twice.
    const [a, b] = await Promise.all([seq().drain(), other.drain()]);
    expect(a + b).toBe(1);
    const n = await query<{ n: number; distinct: number }>(
      ctx,
      sql`select count(*)::int as n, count(distinct record_id)::int as distinct from transparency.entries`,
    );
    expect(n[0]).toEqual({ n: 10, distinct: 10 });
    expect((await verifyLog(scoped<TransparencyTables>(ctx.database.db))).ok).toBe(true);
  });

  it('finds a case\u2019s entries by its number (unknown: 404)', async () => {
    expect(
      errorCode(await anon.GET('/api/transparency/cases', { params: { query: { caseNumber: 'NOPE1234' } } })),
    ).toBe('LOG_ENTRY_NOT_FOUND');
  });
});
