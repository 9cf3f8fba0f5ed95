/**
 * Data-key rotation under load: a city sealed under one key is re-sealed and re-indexed under a
 * new one while citizens sign in by ID number, read their data and save drafts, and staff read
 * sealed data. Interrupted half-way (as a kill would) it resumes; at the end the old key is
 * retired and everything reads back with the new key alone.
 */
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { sql } from 'kysely';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, sealedFields, type App } from '../../src/app.ts';
import { DataProtector, dataKeyId, parseDataKeys } from '../../src/platform/crypto.ts';
import { remainingWork, rotateKeys } from '../../src/platform/key-rotation.ts';
import type { SealedField } from '../../src/platform/module.ts';
import {
  client,
  createTestApp,
  ok,
  registerCitizen,
  signInCitizen,
  signInStaff,
  TEST_DATA_KEY,
  TEST_PASSWORD,
  type Client,
  type TestContext,
} from '../helpers.ts';

const NEW_KEY = Buffer.alloc(32, 9).toString('base64');
const OLD_ID = dataKeyId(TEST_DATA_KEY);
const NEW_ID = dataKeyId(NEW_KEY);

let ctx: TestContext;
const opened: App[] = [];
/** The app on the same database, restarted with another key configuration. */
async function restartWith(dataKey: string): Promise<App & TestContext> {
  const built = await buildApp(
    { ...ctx.config, dataKey },
    { database: ctx.database, clock: ctx.clock, logger: pino({ level: 'silent' }) },
  );
  opened.push(built);
  return { ...ctx, ...built };
}

type Citizen = Awaited<ReturnType<typeof registerCitizen>> & { draftId: string; draftText: string };
const citizens: Citizen[] = [];
let itemCode: string;
let demoCitizenAccessCount: number;

/** Every sealed value, opened: `<table>.<column> <key>` → plain text. */
async function plainSnapshot(p: DataProtector): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const f of sealedFields.filter((x): x is Extract<SealedField, { column: string }> => 'column' in x)) {
    const [schema, name] = f.table.split('.');
    const rows = (
      await sql<Record<string, unknown>>`select ${sql.join([...f.key, f.column].map((c) => sql.id(c)))}
        from ${sql.id(schema!, name!)} where ${sql.id(f.column)} is not null`.execute(ctx.owner.db)
    ).rows;
    for (const r of rows)
      out.set(
        `${f.table}.${f.column} ${f.key.map((k) => String(r[k])).join('/')}`,
        p.open(String(r[f.column]), f.context),
      );
  }
  return out;
}

async function keyIdsInUse(): Promise<Set<string>> {
  const ids = new Set<string>();
  for (const f of sealedFields.filter((x): x is Extract<SealedField, { column: string }> => 'column' in x)) {
    const [schema, name] = f.table.split('.');
    const rows = (
      await sql<{
        k: string;
      }>`select distinct split_part(${sql.id(f.column)}, '.', 2) as k from ${sql.id(schema!, name!)}
        where ${sql.id(f.column)} is not null`.execute(ctx.owner.db)
    ).rows;
    for (const r of rows) ids.add(r.k);
  }
  return ids;
}

let before: Map<string, string>;

beforeAll(async () => {
  ctx = await createTestApp({ residents: 120, cases: 12 });
  const { items } = ok(await client(ctx).GET('/api/catalog/items', { params: { query: { pageSize: 50 } } }));
  for (let i = 0; i < 6; i++) {
    const c = await registerCitizen(ctx, { ip: `10.9.0.${i + 1}` });
    let draftId = '';
    for (const it of items) {
      const res = await c.client.POST('/api/applications/drafts', {
        body: { itemCode: it.code, form: { note: `before ${i}` } },
      });
      if (res.response.status === 201) {
        draftId = ok(res).id;
        itemCode = it.code;
        break;
      }
    }
    expect(draftId).not.toBe('');
    const settings = await c.client.PUT('/api/me/notification-settings', {
      body: { email: `person${i}@example.cn`, emailEnabled: true },
    });
    expect(settings.response.status).toBe(200);
    citizens.push({ ...c, draftId, draftText: `before ${i}` });
  }
  // A grid worker reveals the demo citizen on the roster: an access-log row under the roster's index.
  const demo = await signInCitizen(ctx, undefined, undefined, '10.9.1.1');
  const me = ok(await demo.GET('/api/me'));
  const grid = await signInStaff(ctx, 'grid01', '10.9.1.2');
  const gridMe = ok(await grid.GET('/api/me'));
  const roster = ok(
    await grid.GET('/api/org/communities/{id}/residents', {
      params: { path: { id: gridMe.posts[0]!.communityId! }, query: { page: 1, pageSize: 200 } },
    }),
  );
  const row = roster.items.find((r) => r.idNumberMasked === me.idNumberMasked);
  expect(row, 'the demo citizen is on grid01 roster').toBeDefined();
  expect(
    (
      await grid.POST('/api/org/residents/{id}/reveal', {
        params: { path: { id: row!.id } },
        body: { purpose: '核实独居老人关爱名单' },
      })
    ).response.status,
  ).toBe(200);
  demoCitizenAccessCount = ok(await demo.GET('/api/me/data-access')).items.length;
  expect(demoCitizenAccessCount).toBeGreaterThan(0);
  before = await plainSnapshot(new DataProtector(TEST_DATA_KEY));
  expect(await keyIdsInUse()).toEqual(new Set([OLD_ID]));
}, 120_000);

afterAll(async () => {
  for (const a of opened) await a.close();
  await ctx.teardown();
});

/** What citizens and staff do while the rotation runs; every answer must be right. */
async function traffic(app: App & TestContext, staff: Client, round: number): Promise<void> {
  for (const [i, c] of citizens.entries()) {
    const byId = client(app, `10.9.2.${i + 1}`);
    const login = await byId.POST('/api/auth/login', { body: { login: c.idNumber, password: TEST_PASSWORD } });
    expect(login.response.status, `sign-in by ID number, round ${round}`).toBe(200);
    const me = await byId.GET('/api/me');
    expect(me.response.status).toBe(200);
    expect(ok(me).idNumberMasked!.slice(-4)).toBe(c.idNumber.slice(-4));
    expect(ok(me).phoneMasked!.slice(-4)).toBe(c.phone.slice(-4));
    const draft = await byId.GET('/api/applications/drafts/{id}', { params: { path: { id: c.draftId } } });
    expect(draft.response.status).toBe(200);
    expect(ok(draft).form.note).toBe(c.draftText);
    // a write during the rotation: it must never be overwritten by the rotation
    const text = `round ${round} citizen ${i}`;
    const saved = await byId.PUT('/api/applications/drafts/{id}', {
      params: { path: { id: c.draftId } },
      body: { form: { note: text }, materials: [] },
    });
    expect(saved.response.status).toBe(200);
    c.draftText = text;
    const settings = await byId.GET('/api/me/notification-settings');
    expect(ok(settings).email).toMatch(/^p.*@example\.cn$/);
  }
  const inbox = await staff.GET('/api/applications/inbox', { params: { query: { page: 1, pageSize: 5 } } });
  expect(inbox.response.status).toBe(200);
}

describe('key rotation', () => {
  it('refuses to start without the old key while data still uses it', async () => {
    await expect(restartWith(NEW_KEY)).rejects.toThrow(/not configured/);
  });

  it('rotates under load, survives an interruption, retires the old key, and everything reads back', async () => {
    await ctx.close(); // the first node stops; the next runs with the new key first and the old one loaded
    const app = await restartWith(`${NEW_ID}:${NEW_KEY},${TEST_DATA_KEY}`);
    const protector = app.platform.protector;
    expect(protector.keyIds).toEqual([NEW_ID, OLD_ID]);
    const staff = await signInStaff(app, 'clerk01', '10.9.3.1');

    // 1. a rotation killed half-way: stop after a few batches
    const stop = new AbortController();
    let batches = 0;
    const first = await rotateKeys(ctx.owner.db, protector, sealedFields, ctx.clock, {
      batchSize: 7,
      signal: stop.signal,
      onBatch: () => {
        if (++batches === 6) stop.abort();
      },
    });
    expect(first.done).toBe(false);
    expect(await keyIdsInUse()).toEqual(new Set([OLD_ID, NEW_ID])); // mixed: some rows moved, some not
    await traffic(app, staff, 0);

    // 2. resume, with traffic running alongside until it finishes
    let finished = false;
    const rotation = rotateKeys(ctx.owner.db, protector, sealedFields, ctx.clock, { batchSize: 7 }).finally(() => {
      finished = true;
    });
    let rounds = 0;
    while (!finished) await traffic(app, staff, ++rounds);
    const report = await rotation;
    expect(report.done).toBe(true);
    expect(report.retired).toEqual([OLD_ID]);
    expect(rounds).toBeGreaterThan(0); // the traffic really ran alongside
    await traffic(app, staff, rounds + 1);

    // 3. nothing under the old key, no old index left, the old key retired and the retirement audited
    expect(await keyIdsInUse()).toEqual(new Set([NEW_ID]));
    expect([...(await remainingWork(ctx.owner.db, protector, sealedFields)).values()].every((n) => n === 0)).toBe(true);
    const keys = await sql<{
      key_id: string;
      state: string;
    }>`select key_id, state from platform.data_keys order by key_id`.execute(ctx.owner.db);
    expect(Object.fromEntries(keys.rows.map((r) => [r.key_id, r.state]))).toEqual({
      [OLD_ID]: 'retired',
      [NEW_ID]: 'active',
    });
    const map = await sql<{ n: number }>`select count(*)::int as n from platform.blind_index_map`.execute(ctx.owner.db);
    expect(map.rows[0]!.n).toBe(0);
    const audit = await sql<{
      detail: { retired: string[] };
    }>`select detail from platform.audit_log where action = 'platform.keys.rotated'`.execute(ctx.owner.db);
    expect(audit.rows.map((r) => r.detail.retired)).toEqual([[OLD_ID]]);
    await app.close();

    // 4. the new key alone reads everything; the retired key is refused as the current one
    await expect(restartWith(TEST_DATA_KEY)).rejects.toThrow(/retired/);
    const only = await restartWith(NEW_KEY);
    const after = await plainSnapshot(new DataProtector(NEW_KEY));
    for (const c of citizens) {
      const key = [...before.keys()].find(
        (k) => k.startsWith('applications.drafts.form_sealed ') && k.endsWith(c.draftId),
      )!;
      before.set(key, after.get(key)!); // drafts changed on purpose; checked by content below
      expect(JSON.parse(after.get(key)!).note).toBe(c.draftText);
    }
    expect(after).toEqual(before);
    for (const [i, c] of citizens.entries()) {
      const byId = client(only, `10.9.4.${i + 1}`);
      const login = await byId.POST('/api/auth/login', { body: { login: c.idNumber, password: TEST_PASSWORD } });
      expect(login.response.status).toBe(200);
      const byPhone = client(only, `10.9.5.${i + 1}`);
      const byPhoneLogin = await byPhone.POST('/api/auth/login', { body: { login: c.phone, password: TEST_PASSWORD } });
      expect(byPhoneLogin.response.status).toBe(200);
    }
    // the access log's subject index was re-keyed: the demo citizen still sees who read their data
    const demo = await signInCitizen(only, undefined, undefined, '10.9.6.1');
    expect(ok(await demo.GET('/api/me/data-access')).items.length).toBe(demoCitizenAccessCount);
    // the enterprise the demo citizen represents is still linked through the re-keyed legal-representative index
    const linked = await sql<{ n: number }>`select count(*)::int as n from identity.enterprises e
      join identity.accounts a on a.id_number_index = e.legal_rep_id_index`.execute(ctx.owner.db);
    expect(linked.rows[0]!.n).toBeGreaterThan(0);
    expect(parseDataKeys(`${NEW_ID}:${NEW_KEY}`)).toEqual([NEW_KEY]);
    expect(itemCode).toBeTruthy();
  }, 180_000);
});

describe.runIf(Boolean(process.env.DATABASE_URL))('yiwang keys rotate, killed (PostgreSQL)', () => {
  it('loses nothing when the process is killed mid-rotation, and resumes when run again', async () => {
    const city = await createTestApp({ residents: 300 });
    try {
      const seeded = await (async () => {
        const saved = ctx;
        ctx = city;
        try {
          return await plainSnapshot(new DataProtector(TEST_DATA_KEY));
        } finally {
          ctx = saved;
        }
      })();
      await city.close();
      const env = {
        ...process.env,
        DATABASE_URL: city.ownerUrl!,
        DATABASE_OWNER_URL: city.ownerUrl!,
        YIWANG_DATA_KEY: `${NEW_KEY},${TEST_DATA_KEY}`,
        YIWANG_DATA_DIR: city.config.dataDir,
        LOG_LEVEL: 'silent',
      };
      const cli = join(import.meta.dirname, '../../src/cli.ts');
      // First run: killed (SIGKILL, no clean-up) as soon as it has finished its first column.
      const first = spawn(process.execPath, [cli, 'keys', 'rotate', '--batch', '5'], {
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const killedAt = await new Promise<string>((resolve, reject) => {
        let out = '';
        first.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          const done = /^(.*): done$/m.exec(out);
          if (done) {
            first.kill('SIGKILL');
            resolve(done[1]!);
          }
        });
        first.on('exit', (code, signal) => {
          if (signal !== 'SIGKILL')
            reject(new Error(`keys rotate exited (${code}) before it could be killed:\n${out}`));
        });
      });
      expect(killedAt).toBeTruthy();
      await new Promise((resolve) => first.once('close', resolve));
      const progress = await sql<{ n: number }>`select count(*)::int as n from platform.key_rotation_progress`.execute(
        city.owner.db,
      );
      expect(progress.rows[0]!.n).toBeGreaterThan(0); // it stopped half-way, with its progress saved
      // Second run: resumes and finishes.
      const second = spawnSync(process.execPath, [cli, 'keys', 'rotate', '--batch', '50'], { env, encoding: 'utf8' });
      expect(second.status, second.stderr).toBe(0);
      expect(second.stdout).toContain(`retired ${OLD_ID}`);
      const saved = ctx;
      ctx = city;
      try {
        expect(await keyIdsInUse()).toEqual(new Set([NEW_ID]));
        expect(await plainSnapshot(new DataProtector(NEW_KEY))).toEqual(seeded);
      } finally {
        ctx = saved;
      }
    } finally {
      await city.teardown();
    }
  }, 120_000);
});
