import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planCityopsActivity } from '../../src/demo/cityops-activity.ts';
import { CITY_EVENTS, DEMO_PIPELINES, RATINGS, seedDemoPipelines } from '../../src/demo/opendata-pipelines.ts';
import { identifiersIn } from '../../src/modules/opendata/opendata.deid.ts';
import { withReadOnlySnapshot } from '../../src/modules/opendata/opendata.pipelines.source.ts';
import { schemaHash, type PipelineDefinition } from '../../src/modules/opendata/opendata.pipelines.ts';
import {
  createTestApp,
  errorCode,
  ok,
  signInStaff,
  TEST_READER_ROLE,
  type Client,
  type TestContext,
} from '../helpers.ts';

let ctx: TestContext;
let officer: Client;
let admin: Client;

async function text(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(Buffer.from(c as Uint8Array));
  return Buffer.concat(chunks).toString('utf8');
}

const pipelines = () => ctx.modules.opendata.pipelines;

beforeAll(async () => {
  ctx = await createTestApp({ cases: 0 });
  // 30 days of city events (about a thousand) in every state, as the demo's history plans them.
  await ctx.modules.cityops.screen.seed.seedActivity(
    planCityopsActivity({ now: ctx.clock.now(), days: 30, perDay: 36 }),
    () => {},
  );
  const identity = ctx.modules.identity.service;
  const p = (await identity.principalOf({ username: 'dataofficer01' }))!;
  await seedDemoPipelines(pipelines(), { accountId: p.accountId, name: p.displayName }, () => {});
  officer = await signInStaff(ctx, 'dataofficer01');
  admin = await signInStaff(ctx, 'deptadmin01');
});

afterAll(async () => {
  await ctx?.teardown();
});

const release = async (dataset: string) => {
  const releases = await ctx.modules.opendata.catalogue.releases(null, dataset);
  return releases[0]!;
};

describe('publishing pipelines (opendata)', () => {
  it('the seed publishes the demo pipelines; consultation results wait for cogov', async () => {
    const list = ok(await officer.GET('/api/opendata/pipelines')).items;
    expect(list.map((x) => x.key).sort()).toEqual(DEMO_PIPELINES.map((d) => d.key).sort());
    const byKey = new Map(list.map((x) => [x.key, x]));
    const events = byKey.get('city-events')!;
    expect(events.approved).toBe(true);
    expect(events.lastRun?.outcome).toBe('published');
    expect(events.lastRun?.report?.kReached).toBeGreaterThanOrEqual(5);
    expect(events.lastRun?.report?.noise).toEqual({ mechanism: 'geometric', epsilon: 1, columns: ['events'] });
    expect(byKey.get('inspection-results')!.lastRun?.outcome).toBe('published');
    const cogov = (
      await sql<{ ok: boolean }>`select to_regclass('cogov.ballots') is not null as ok`.execute(ctx.platform.db)
    ).rows[0]!.ok;
    const consultations = byKey.get('consultation-results')!.lastRun!;
    if (cogov) expect(consultations.outcome).toBe('published');
    else expect([consultations.outcome, consultations.errorCode]).toEqual(['failed', 'PIPELINE_SOURCE_MISSING']);
  });

  it('a published release carries its report, holds no cell under k and no direct identifier', async () => {
    const r = await release('city-events-weekly');
    expect(r.report.kRequired).toBe(5);
    expect(r.report.kReached).toBeGreaterThanOrEqual(5);
    expect(r.report.steps).toEqual(['remove-identifiers', 'aggregate', 'k-anonymity', 'noise']);
    expect(r.report.epsilon).toBe(1);
    const csv = r.resources.find((x) => x.format === 'CSV')!;
    const file = await ctx.modules.opendata.catalogue.openFile(null, csv.id);
    const body = await text(file.stream);
    const lines = body
      .replace(/^\ufeff/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe('category,community,week,events,lat,lng');
    expect(lines.length - 1).toBe(csv.rowCount);
    expect(csv.rowCount).toBeGreaterThan(0);
    for (const line of lines) expect(identifiersIn(line)).toEqual([]);
    // Locations coarsened to two decimals.
    for (const line of lines.slice(1)) {
      const [lat, lng] = line.split(',').slice(-2);
      if (lat) expect(lat).toMatch(/^\d+(\.\d{1,2})?$/);
      if (lng) expect(lng).toMatch(/^\d+(\.\d{1,2})?$/);
    }
    const geo = r.resources.find((x) => x.format === 'GeoJSON')!;
    const fc = JSON.parse(await text((await ctx.modules.opendata.catalogue.openFile(null, geo.id)).stream)) as {
      features: { geometry: { coordinates: number[] } }[];
    };
    expect(fc.features.length).toBeGreaterThan(0);
  });

  it('exact addresses and contact details in the source never reach a release', async () => {
    // Give 60 events exact addresses with a phone number and an ID number in them, then release again.
    const ids = await sql<{ id: string }>`select id from cityops.events order by id limit 60`.execute(ctx.platform.db);
    for (const [i, { id }] of ids.rows.entries())
      await sql`update cityops.events set address = ${`龙港市人民路${i + 1}号${i + 2}栋${101 + i}室 13912345${String(600 + i)} 330383199001011234`}
        where id = ${id}`.execute(ctx.platform.db);
    const run = ok(
      await officer.POST('/api/opendata/pipelines/{key}/runs', { params: { path: { key: 'city-events' } } }),
    );
    expect(run.outcome).toBe('published');
    const r = await release('city-events-weekly');
    expect(r.version).toBe(run.releaseVersion);
    for (const res of r.resources.filter((x) => x.format !== 'API')) {
      const body = await text((await ctx.modules.opendata.catalogue.openFile(null, res.id)).stream);
      expect(identifiersIn(body)).toEqual([]);
      expect(body).not.toContain('人民路');
    }
  });

  it('runs the query read-only, as the read-only role when database roles are set up', async () => {
    const read = (q: string) =>
      withReadOnlySnapshot(ctx.platform.db, async ({ source, role }) => {
        let n = 0;
        for await (const b of source(q)()) n += b.length;
        return { n, role };
      });
    const ok1 = await read(`select key from opendata.pipelines`);
    expect(ok1.n).toBeGreaterThanOrEqual(DEMO_PIPELINES.length);
    const mode = await withReadOnlySnapshot(ctx.platform.db, async ({ source }) => {
      for await (const b of source(`select current_setting('transaction_read_only') as ro`)()) return b[0]!.ro;
      return null;
    });
    expect(mode).toBe('on');
    // Nothing the query does can write: a sequence's next value is a write (refused as read-only, or
    // before that, as the reader has no rights on the sequence).
    await expect(read(`select nextval('cityops.event_number_seq') as n`)).rejects.toMatchObject({
      code: process.env.DATABASE_OWNER_URL ? '42501' : '25006',
    });
    if (process.env.DATABASE_OWNER_URL) {
      expect(ok1.role).toBe(TEST_READER_ROLE);
      // The reader may not read sessions (nor credentials): refused by the database itself.
      await expect(read(`select id from identity.sessions`)).rejects.toMatchObject({ code: '42501' });
    }
  });

  it('a release that cannot reach k is refused with a stable code and nothing is published', async () => {
    const strict: PipelineDefinition = {
      ...CITY_EVENTS,
      key: 'city-events-strict',
      dataset: { ...CITY_EVENTS.dataset, name: 'city-events-strict' },
      deid: { ...CITY_EVENTS.deid, k: 1_000_000 },
    };
    await pipelines().install([strict]);
    const before = ok(await officer.GET('/api/opendata/pipelines/{key}', { params: { path: { key: strict.key } } }));
    expect(before.pipeline.reviewNeeded).toBe('first');
    const held = ok(
      await officer.POST('/api/opendata/pipelines/{key}/runs', { params: { path: { key: strict.key } } }),
    );
    expect([held.outcome, held.errorCode]).toEqual(['awaiting_review', 'PIPELINE_NOT_APPROVED']);
    ok(
      await officer.POST('/api/opendata/pipelines/{key}/reviews', {
        params: { path: { key: strict.key } },
        body: { decision: 'approved', note: '试验', schemaHash: before.pipeline.schemaHash },
      }),
    );
    const run = ok(
      await officer.POST('/api/opendata/pipelines/{key}/runs', {
        params: { path: { key: strict.key }, header: { 'idempotency-key': 'strict-run-1' } },
      }),
    );
    expect([run.outcome, run.errorCode]).toEqual(['refused', 'OPENDATA_K_NOT_REACHED']);
    expect(run.report?.recordsIn).toBeGreaterThan(0);
    expect(run.releaseId).toBeNull();
    // The same key answers the same run.
    const again = ok(
      await officer.POST('/api/opendata/pipelines/{key}/runs', {
        params: { path: { key: strict.key }, header: { 'idempotency-key': 'strict-run-1' } },
      }),
    );
    expect(again.id).toBe(run.id);
    await expect(ctx.modules.opendata.catalogue.releases(null, strict.dataset.name)).rejects.toThrow();
    const preview = ok(
      await officer.POST('/api/opendata/pipelines/{key}/preview', { params: { path: { key: strict.key } } }),
    );
    expect(preview.refusal?.code).toBe('OPENDATA_K_NOT_REACHED');
    expect(preview.rows).toEqual([]);
  });

  it('the data officer reviews each output schema; a changed schema holds the releases until reviewed again', async () => {
    const changed: PipelineDefinition = {
      ...RATINGS,
      deid: {
        ...RATINGS.deid,
        measures: [...RATINGS.deid.measures!, { name: 'score_total', op: 'sum', column: 'score' }],
      },
      columns: { ...RATINGS.columns, score_total: { title: '总分', titleEn: 'Total score' } },
    };
    expect(schemaHash(changed)).not.toBe(schemaHash(RATINGS));
    await pipelines().install([changed]);
    const detail = ok(await officer.GET('/api/opendata/pipelines/{key}', { params: { path: { key: RATINGS.key } } }));
    expect(detail.pipeline.reviewNeeded).toBe('schema-changed');
    expect(detail.columns.map((c) => c.name)).toContain('score_total');
    const held = ok(
      await officer.POST('/api/opendata/pipelines/{key}/runs', { params: { path: { key: RATINGS.key } } }),
    );
    expect(held.outcome).toBe('awaiting_review');

    // The department's admin sees the pipeline but may not review it; another department's admin does not see CLE's.
    const byAdmin = await admin.POST('/api/opendata/pipelines/{key}/reviews', {
      params: { path: { key: RATINGS.key } },
      body: { decision: 'approved', note: '部门管理员', schemaHash: detail.pipeline.schemaHash },
    });
    expect(byAdmin.response.status).toBe(403);
    const hidden = await admin.GET('/api/opendata/pipelines/{key}', { params: { path: { key: 'city-events' } } });
    expect(errorCode(hidden)).toBe('PIPELINE_NOT_FOUND');
    const adminList = ok(await admin.GET('/api/opendata/pipelines')).items;
    expect(adminList.every((x) => x.department === 'ASB')).toBe(true);

    // An approval of a schema other than the current one is refused.
    const stale = await officer.POST('/api/opendata/pipelines/{key}/reviews', {
      params: { path: { key: RATINGS.key } },
      body: { decision: 'approved', note: '旧结构', schemaHash: schemaHash(RATINGS) },
    });
    expect(errorCode(stale)).toBe('PIPELINE_SCHEMA_CHANGED');
    const approved = ok(
      await officer.POST('/api/opendata/pipelines/{key}/reviews', {
        params: { path: { key: RATINGS.key } },
        body: { decision: 'approved', note: '新增总分列，已核对', schemaHash: detail.pipeline.schemaHash },
      }),
    );
    expect(approved.pipeline.approved).toBe(true);
    expect(approved.reviews[0]!.note).toBe('新增总分列，已核对');
    expect(approved.pipeline.nextRunAt).not.toBeNull();

    // The schedule: at the next slot the job runs the release once, and schedules the one after.
    ctx.clock.set(new Date(new Date(approved.pipeline.nextRunAt!).getTime() + 60_000));
    await ctx.platform.jobs.runDue();
    officer = await signInStaff(ctx, 'dataofficer01'); // a month on: a new session
    const after = ok(await officer.GET('/api/opendata/pipelines/{key}', { params: { path: { key: RATINGS.key } } }));
    const scheduled = after.runs.filter((r) => r.trigger === 'schedule');
    expect(scheduled.length).toBe(1);
    expect(['published', 'refused']).toContain(scheduled[0]!.outcome);
    expect(new Date(after.pipeline.nextRunAt!).getTime()).toBeGreaterThan(
      new Date(approved.pipeline.nextRunAt!).getTime(),
    );
    await ctx.platform.jobs.runDue();
    const still = ok(await officer.GET('/api/opendata/pipelines/{key}', { params: { path: { key: RATINGS.key } } }));
    expect(still.runs.filter((r) => r.trigger === 'schedule').length).toBe(1);
  });

  it('a citizen sees no pipelines', async () => {
    const anonymous = await ctx.app.inject({ method: 'GET', url: '/api/opendata/pipelines' });
    expect(anonymous.statusCode).toBe(401);
  });
});
