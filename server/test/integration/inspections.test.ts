/**
 * Random inspections (双随机一公开): items, the two pools, a committed draw made with a later
 * transparency checkpoint as beacon, reproduced by docs/verify-draw.ts (which imports nothing
 * from the server) and by `yiwang verify-draw`; a different seed after the commitment fails;
 * results entered by the drawn inspectors only, answered by the enterprise only, published on
 * its credit record and weighting the next draw; a joint draw across departments.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NewDraw, PublishedDraw as PublishedDrawT } from '../../../contract/openapi.ts';
import { runDraw, seedOf, verifyDraw, type PublishedDraw, type Sha256 } from '../../../docs/verify-draw.ts';
import { verifyDrawCommand } from '../../src/modules/inspections/inspections.cli.ts';
import { generateEnterprises, generateResidents } from '../../src/demo/population.ts';
import { DEMO_SEED } from '../../src/demo/seed.ts';
import { minimalPng } from '../fixtures.ts';
import {
  client,
  createTestApp,
  errorCode,
  ok,
  query,
  register,
  signInCitizen,
  signInStaff,
  type Client,
  type TestContext,
} from '../helpers.ts';

const nodeSha256: Sha256 = (b) => createHash('sha256').update(b).digest();

let ctx: TestContext;
let supervisor: Client;
let items: { id: string; code: string; department: string }[];
let draw: PublishedDrawT;
let dir: string;

const itemOf = (code: string) => items.find((i) => i.code === code)!;
const publicDraw = async (id: string) =>
  ok(await client(ctx).GET('/api/inspections/draws/{id}', { params: { path: { id } } }));
/** Commit a draw, move the clock, sign a checkpoint, make the draw. */
async function drawn(body: NewDraw): Promise<PublishedDrawT> {
  const committed = ok(await supervisor.POST('/api/inspections/draws', { body }));
  ctx.clock.advance(1_000);
  await ctx.modules.transparency.sequencer.run();
  return ok(await supervisor.POST('/api/inspections/draws/{id}/draw', { params: { path: { id: committed.id } } }));
}
const asPublished = (d: PublishedDrawT): PublishedDraw => JSON.parse(JSON.stringify(d)) as PublishedDraw;

beforeAll(async () => {
  ctx = await createTestApp({ residents: 60 });
  supervisor = await signInStaff(ctx, 'supervisor01');
  items = ok(await client(ctx).GET('/api/inspections/items')).items;
  dir = mkdtempSync(join(tmpdir(), 'yiwang-draw-'));
});
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await ctx?.teardown();
});

describe('items and pools', () => {
  it('lists the departments’ inspection items with their legal basis, publicly', () => {
    expect(items.length).toBeGreaterThanOrEqual(7);
    expect(new Set(items.map((i) => i.department))).toEqual(new Set(['AMR', 'EEB', 'EMB']));
    expect(itemOf('EMB-SJ-002')).toMatchObject({ legalBasis: expect.stringContaining('消防法') });
  });

  it('the target directory is the enterprise registry’s, with risk levels by industry', async () => {
    const rows = await query<{ n: number }>(ctx, sql`select count(*)::int as n from inspections.entities`);
    expect(rows[0]!.n).toBe(5);
  });
});

describe('who may draw', () => {
  it('only a supervisor or the item’s department admin commits a draw', async () => {
    const body = { itemId: itemOf('AMR-SJ-001').id, ratioBasisPoints: 10_000 };
    expect((await client(ctx).POST('/api/inspections/draws', { body })).response.status).toBe(401);
    const clerk = await signInStaff(ctx, 'clerk01');
    expect(errorCode(await clerk.POST('/api/inspections/draws', { body }))).toBe('FORBIDDEN');
    // deptadmin01 administers ASB, not AMR.
    const admin = await signInStaff(ctx, 'deptadmin01');
    expect(errorCode(await admin.POST('/api/inspections/draws', { body }))).toBe('FORBIDDEN');
  });
});

describe('a verifiable draw', () => {
  it('publishes the pools and the commitment first; the draw waits for a later checkpoint', async () => {
    const committed = ok(
      await supervisor.POST('/api/inspections/draws', {
        body: { itemId: itemOf('AMR-SJ-001').id, ratioBasisPoints: 10_000 },
      }),
    );
    expect(committed).toMatchObject({ status: 'committed', secret: null, seed: null, result: null, beacon: null });
    expect(committed.pools.targets).toHaveLength(5);
    expect(committed.pools.inspectors.map((i) => i.id)).toEqual(['AMR-ZF-0001', 'AMR-ZF-0002', 'AMR-ZF-0003']);
    expect(committed.pools.teams).toEqual([{ department: 'AMR', count: 2, maxLoad: 5 }]);
    const early = await supervisor.POST('/api/inspections/draws/{id}/draw', { params: { path: { id: committed.id } } });
    expect(errorCode(early)).toBe('DRAW_AWAITING_CHECKPOINT');
    // The commitment is in the log: the checkpoint signed after it is the beacon.
    ctx.clock.advance(1_000);
    await ctx.modules.transparency.sequencer.run();
    draw = ok(await supervisor.POST('/api/inspections/draws/{id}/draw', { params: { path: { id: committed.id } } }));
    expect(draw.status).toBe('drawn');
    expect(draw.poolsHash).toBe(committed.poolsHash);
    expect(draw.result!.targets).toHaveLength(5);
    for (const t of draw.result!.targets) {
      expect(t.inspectors).toHaveLength(2);
      expect(new Set(t.inspectors).size).toBe(2);
    }
    // The beacon checkpoint covers the commitment's own entry in the log.
    const [entry] = await query<{ idx: string }>(
      ctx,
      sql`select idx from transparency.entries where resource_id = ${draw.id} and action = 'inspections.draw.committed'`,
    );
    expect(Number(entry!.idx)).toBeLessThan(draw.beacon!.treeSize);
    const again = await supervisor.POST('/api/inspections/draws/{id}/draw', { params: { path: { id: draw.id } } });
    expect(errorCode(again)).toBe('DRAW_ALREADY_MADE');
    const audit = await query<{ action: string }>(
      ctx,
      sql`select action from platform.audit_log where resource_id = ${draw.id} order by at, id`,
    );
    expect(audit.map((a) => a.action).sort()).toEqual(['inspections.draw.committed', 'inspections.draw.made']);
  });

  it('anyone reproduces it from the published data alone (docs/verify-draw.ts, WebCrypto and node SHA-256)', async () => {
    const published = asPublished(await publicDraw(draw.id));
    const web = await verifyDraw(published);
    expect(web.problems).toEqual([]);
    expect(web.ok).toBe(true);
    expect(web.result).toEqual(published.result);
    expect((await verifyDraw(published, nodeSha256)).ok).toBe(true);
  });

  it('a different seed chosen after the commitment fails verification', async () => {
    const published = asPublished(await publicDraw(draw.id));
    // Another secret: its own seed and result are consistent, but the commitment says otherwise.
    const secret = randomBytes(32).toString('hex');
    const seed = await seedOf(secret, published.poolsHash, published.beacon!.rootHash);
    const forged = { ...published, secret, seed, result: await runDraw(published.pools, seed) };
    const v = await verifyDraw(forged);
    expect(v.ok).toBe(false);
    expect(v.problems.join(' ')).toMatch(/commitment/);
    // The right secret with another beacon (a seed not from the checkpoint after the commitment).
    const otherBeacon = { ...published.beacon!, rootHash: Buffer.alloc(32, 1).toString('base64') };
    expect((await verifyDraw({ ...published, beacon: otherBeacon })).ok).toBe(false);
    // A result edited after the fact.
    const edited = structuredClone(published);
    edited.result!.targets[0]!.inspectors.reverse();
    expect((await verifyDraw(edited)).problems.join(' ')).toMatch(/result differs/);
    // Pools changed after they were published.
    const pools = structuredClone(published);
    pools.pools.targets.pop();
    expect((await verifyDraw(pools)).problems.join(' ')).toMatch(/pools hash/);

    const file = join(dir, 'forged.json');
    writeFileSync(file, JSON.stringify(forged));
    const out: string[] = [];
    const db = async () => ctx.database.db;
    expect(await verifyDrawCommand(file, { db, json: false, out: (l) => out.push(l) })).toBe(1);
    expect(out.join('\n')).toMatch(/FAILED: the secret does not match the commitment/);
  });

  it('`yiwang verify-draw <id>` reruns it from the database', async () => {
    const out: string[] = [];
    expect(
      await verifyDrawCommand(draw.id, { db: async () => ctx.database.db, json: false, out: (l) => out.push(l) }),
    ).toBe(0);
    expect(out[0]).toMatch(/^OK: draw .*: 5 targets reproduced/);
  });
});

describe('results, answers and the credit record', () => {
  let inspector: Client;
  let taskId: string;
  let uscc: string;
  let enterpriseAgent: Client;

  beforeAll(async () => {
    // The demo citizen acts for enterprise 0 (their own business).
    enterpriseAgent = await signInCitizen(ctx);
    const mine = ok(await enterpriseAgent.GET('/api/me/enterprises')).items[0]!;
    ok(await enterpriseAgent.POST('/api/me/acting-as', { body: { enterpriseId: mine.enterpriseId } }));
    uscc = mine.uscc;
    const target = draw.result!.targets.find((t) => t.id === uscc)!;
    const code = target.inspectors[0]!;
    inspector = await signInStaff(ctx, `amr-inspector${code.slice(-1)}`);
    const tasks = ok(await inspector.GET('/api/inspections/tasks'));
    expect(tasks.inspector.id).toBe(code);
    taskId = tasks.items.find((t) => t.uscc === uscc)!.id;
  });

  it('only a drawn inspector of the task enters its result; staff without the qualification cannot', async () => {
    const body = { outcome: 'issues' as const, findings: '登记住所与实际经营场所不一致', photoIds: [] };
    const clerk = await signInStaff(ctx, 'clerk01');
    expect(errorCode(await clerk.GET('/api/inspections/tasks'))).toBe('INSPECTOR_NOT_QUALIFIED');
    const res = await clerk.POST('/api/inspections/tasks/{id}/result', { params: { path: { id: taskId } }, body });
    expect(errorCode(res)).toBe('INSPECTOR_NOT_QUALIFIED');
    const onTask = draw.result!.targets.find((t) => t.id === uscc)!.inspectors;
    const other = ['AMR-ZF-0001', 'AMR-ZF-0002', 'AMR-ZF-0003'].find((i) => !onTask.includes(i))!;
    const notOnTask = await signInStaff(ctx, `amr-inspector${other.slice(-1)}`);
    const theirs = await notOnTask.POST('/api/inspections/tasks/{id}/result', {
      params: { path: { id: taskId } },
      body,
    });
    expect(errorCode(theirs)).toBe('INSPECTION_TASK_NOT_FOUND');
    const eeb = await signInStaff(ctx, 'eeb-inspector1');
    const res2 = await eeb.POST('/api/inspections/tasks/{id}/result', { params: { path: { id: taskId } }, body });
    expect(errorCode(res2)).toBe('INSPECTION_TASK_NOT_FOUND');
  });

  it('the inspector enters findings, photos (their own uploads only) and a rectification order', async () => {
    const put = (c: Client) =>
      c.PUT('/api/applications/uploads', {
        params: { query: { fileName: 'site.png' } },
        body: new Blob([new Uint8Array(minimalPng())]),
        bodySerializer: (b: Blob) => b,
        headers: { 'content-type': 'image/png' },
      });
    const photo = ok(await put(inspector)).id;
    const someoneElses = ok(await put(await signInStaff(ctx, 'reviewer01'))).id;
    const body = {
      outcome: 'issues' as const,
      findings: '登记住所与实际经营场所不一致',
      rectification: '责令于15个工作日内办理住所变更登记',
      rectifyBy: '2026-12-20',
      photoIds: [photo],
    };
    const bad = await inspector.POST('/api/inspections/tasks/{id}/result', {
      params: { path: { id: taskId } },
      body: { ...body, photoIds: [someoneElses] },
    });
    expect(errorCode(bad)).toBe('INSPECTION_PHOTO_INVALID');
    const task = ok(
      await inspector.POST('/api/inspections/tasks/{id}/result', { params: { path: { id: taskId } }, body }),
    );
    expect(task).toMatchObject({ outcome: 'issues', photos: 1, rectification: body.rectification });
    // Published at once, within 20 working days of the result.
    expect(Date.parse(task.publishedAt!)).toBeLessThanOrEqual(Date.parse(task.publishBy!));
    const twice = await inspector.POST('/api/inspections/tasks/{id}/result', {
      params: { path: { id: taskId } },
      body,
    });
    expect(errorCode(twice)).toBe('INSPECTION_RESULT_EXISTS');
  });

  it('a draw’s teams by name for those who may manage it; a clerk or another department’s admin cannot', async () => {
    const tasks = ok(
      await supervisor.GET('/api/inspections/draws/{id}/tasks', { params: { path: { id: draw.id } } }),
    ).items;
    expect(tasks.map((t) => t.uscc).sort()).toEqual(draw.result!.targets.map((t) => t.id).sort());
    const mine = tasks.find((t) => t.uscc === uscc)!;
    expect(mine.enterpriseName).toBeTruthy();
    expect(mine.team.map((m) => m.id)).toEqual(draw.result!.targets.find((t) => t.id === uscc)!.inspectors);
    expect(mine.team.every((m) => m.department === 'AMR' && m.name.length > 0 && m.name !== m.id)).toBe(true);
    const byId = { params: { path: { id: draw.id } } };
    const clerk = await signInStaff(ctx, 'clerk01');
    expect(errorCode(await clerk.GET('/api/inspections/draws/{id}/tasks', byId))).toBe('FORBIDDEN');
    expect(errorCode(await clerk.POST('/api/inspections/draws/{id}/draw', byId))).toBe('FORBIDDEN');
    const admin = await signInStaff(ctx, 'deptadmin01');
    expect(errorCode(await admin.GET('/api/inspections/draws/{id}/tasks', byId))).toBe('FORBIDDEN');
    expect(errorCode(await enterpriseAgent.GET('/api/inspections/draws/{id}/tasks', byId))).toBe('FORBIDDEN');
    expect((await client(ctx).GET('/api/inspections/draws/{id}/tasks', byId)).response.status).toBe(401);
  });

  it('another enterprise’s agent neither sees nor answers the result', async () => {
    // The legal representative of another enterprise of the directory registers with the roster's
    // name and phone, is verified and linked, and acts for it.
    const residents = [...generateResidents(DEMO_SEED, 60)];
    const rep = [...generateEnterprises(DEMO_SEED, 5, 60)]
      .slice(1)
      .map((e) => ({ uscc: e.uscc, person: residents[e.legalRepResidentIndex]! }))
      .find((e) => e.uscc !== uscc)!;
    const { name, idNumber, phone } = rep.person;
    const { client: other, res } = await register(ctx, { name, idNumber, phone }, { ip: '10.61.0.9' });
    expect(res.response.status, JSON.stringify(res.error)).toBe(201);
    for (let i = 0; i < 3; i++) await ctx.platform.outbox.flush();
    ctx.clock.advance(5_000);
    const theirs = ok(await other.GET('/api/me/enterprises')).items.find((e) => e.uscc === rep.uscc)!;
    ok(await other.POST('/api/me/acting-as', { body: { enterpriseId: theirs.enterpriseId } }));
    const seen = ok(await other.GET('/api/inspections/enterprise/tasks')).items;
    expect(seen.some((t) => t.id === taskId)).toBe(false);
    const answered = await other.POST('/api/inspections/tasks/{id}/answer', {
      params: { path: { id: taskId } },
      body: { answer: '不是我们的检查' },
    });
    expect(errorCode(answered)).toBe('INSPECTION_TASK_NOT_FOUND');
  });

  it('the enterprise sees and answers it; nobody else can', async () => {
    const mine = ok(await enterpriseAgent.GET('/api/inspections/enterprise/tasks')).items;
    expect(mine.map((t) => t.id)).toEqual([taskId]);
    const citizen = await signInCitizen(ctx);
    expect(errorCode(await citizen.GET('/api/inspections/enterprise/tasks'))).toBe('FORBIDDEN');
    const answer = { answer: '已于12月5日提交住所变更申请' };
    const notActing = await citizen.POST('/api/inspections/tasks/{id}/answer', {
      params: { path: { id: taskId } },
      body: answer,
    });
    expect(errorCode(notActing)).toBe('FORBIDDEN');
    const other = await inspector.POST('/api/inspections/tasks/{id}/answer', {
      params: { path: { id: taskId } },
      body: answer,
    });
    expect(other.response.status).toBe(403);
    const done = ok(
      await enterpriseAgent.POST('/api/inspections/tasks/{id}/answer', {
        params: { path: { id: taskId } },
        body: answer,
      }),
    );
    expect(done.answer).toBe(answer.answer);
  });

  it('the public credit record shows the result, the answer and the lowered grade', async () => {
    const record = ok(await client(ctx).GET('/api/inspections/credit/{uscc}', { params: { path: { uscc } } }));
    expect(record.creditGrade).toBe('C');
    expect(record.inspections).toHaveLength(1);
    expect(record.inspections[0]).toMatchObject({ outcome: 'issues', answer: expect.stringContaining('住所变更') });
    const audit = await query<{ action: string }>(
      ctx,
      sql`select action from platform.audit_log where resource_id = ${taskId} order by at, id`,
    );
    expect(audit.map((a) => a.action).sort()).toEqual(['inspections.result.answered', 'inspections.result.submitted']);
  });

  it('the grade weights the next draw; a joint draw gives one team across departments; relations are excluded', async () => {
    const eeb = await signInStaff(ctx, 'eeb-inspector2');
    ok(await eeb.POST('/api/inspections/relations', { body: { uscc, reason: '配偶在该企业任职' } }));
    expect(ok(await eeb.GET('/api/inspections/relations')).items).toEqual([
      expect.objectContaining({ inspector: 'EEB-ZF-0002', uscc, reason: '配偶在该企业任职' }),
    ]);
    expect(ok(await (await signInStaff(ctx, 'eeb-inspector1')).GET('/api/inspections/relations')).items).toEqual([]);
    const clerk = await signInStaff(ctx, 'clerk01');
    expect(errorCode(await clerk.GET('/api/inspections/relations'))).toBe('INSPECTOR_NOT_QUALIFIED');
    const joint = await drawn({
      itemId: itemOf('EEB-SJ-002').id,
      ratioBasisPoints: 10_000,
      jointDepartments: ['AMR', 'EMB'],
    });
    expect(joint.pools.teams.map((t) => t.department)).toEqual(['EEB', 'AMR', 'EMB']);
    const before = draw.pools.targets.find((t) => t.id === uscc)!.weight;
    expect(joint.pools.targets.find((t) => t.id === uscc)!.weight).toBe(before + 1);
    expect(joint.pools.conflicts).toContainEqual({ inspector: 'EEB-ZF-0002', target: uscc });
    for (const t of joint.result!.targets) {
      expect(t.inspectors.map((i) => i.slice(0, 3))).toEqual(['EEB', 'AMR', 'EMB']);
      if (t.id === uscc) expect(t.inspectors).not.toContain('EEB-ZF-0002');
    }
    expect((await verifyDraw(asPublished(await publicDraw(joint.id)))).ok).toBe(true);
    const list = ok(await client(ctx).GET('/api/inspections/draws')).items;
    expect(list.map((d) => d.id)).toEqual([joint.id, draw.id]);
  });
});
