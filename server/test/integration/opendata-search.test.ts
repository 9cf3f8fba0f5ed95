/**
 * package_search from the in-memory index (opendata.search-index.ts, kept in step by
 * opendata.search-live.ts): for many queries (words, field terms, every sort, pages, facets) the
 * CKAN API answers exactly what SQL over opendata.datasets answers (the reference below, the
 * search's former statements), before and after datasets change; words are ANDed substrings in
 * Chinese and English; drafts and withdrawn datasets never show; a dataset saved and released on
 * another app instance on the same database shows at once, as does a change made in SQL.
 */
import { Readable } from 'node:stream';
import { sql, type RawBuilder } from 'kysely';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type App } from '../../src/app.ts';
import { openDatabase, type Database } from '../../src/platform/db.ts';
import type { DatasetInput, Publisher } from '../../src/modules/opendata/index.ts';
import { parseTerms } from '../../src/modules/opendata/opendata.search.ts';
import { createTestApp, query, type TestContext } from '../helpers.ts';

let ctx: TestContext;

interface Fixture {
  name: string;
  dept: 'CLE' | 'ASB' | 'EEB';
  title: string;
  titleEn: string;
  notes: string;
  tags: string[];
  themes: string[];
  licenceId?: string;
  liveApi?: boolean;
}
const FIXTURES: Fixture[] = [
  {
    name: 'bus-stops',
    dept: 'CLE',
    title: '公交站点',
    titleEn: 'Bus stops',
    notes: '全市公交站点的位置。',
    tags: ['公交', 'transport', 'open data'],
    themes: ['tran'],
  },
  {
    name: 'bus-lines',
    dept: 'CLE',
    title: '公交线路',
    titleEn: 'Bus lines',
    notes: '公交线路和沿线站点。',
    tags: ['公交', 'transport'],
    themes: ['tran', 'regi'],
    liveApi: true,
  },
  {
    name: 'school-places',
    dept: 'ASB',
    title: '学校学位',
    titleEn: 'School places',
    notes: '各学校的学位数。',
    tags: ['教育', 'schools'],
    themes: ['educ'],
    licenceId: 'cc0-1.0',
  },
  {
    name: 'river-levels',
    dept: 'EEB',
    title: '河道水位',
    titleEn: 'River levels',
    notes: '河道水位监测（每小时）。',
    tags: ['水位', 'water', 'open data'],
    themes: ['envi'],
    licenceId: 'cc0-1.0',
    liveApi: true,
  },
  {
    name: 'air-stations',
    dept: 'EEB',
    title: '空气监测站点',
    titleEn: 'Air monitoring stations',
    notes: '监测站点的位置，与公交接驳。',
    tags: ['air'],
    themes: ['envi', 'heal'],
  },
  {
    name: 'permits-2026',
    dept: 'ASB',
    title: '许可办件',
    titleEn: 'Permits issued',
    notes: 'Permits by month; no bus data.',
    tags: ['permits'],
    themes: ['gove'],
  },
];

const input = (f: Fixture): DatasetInput => ({
  name: f.name,
  departmentCode: f.dept,
  title: f.title,
  titleEn: f.titleEn,
  notes: f.notes,
  notesEn: f.titleEn,
  licenceId: f.licenceId ?? 'cc-by-4.0',
  themes: f.themes,
  tags: f.tags,
  updateFrequency: 'monthly',
  spatial: { regionCode: '330383', bbox: null },
  temporal: { start: null, end: null },
  contactEmail: null,
  liveApi: f.liveApi ?? false,
});
const pipelineOf = (dept: string): Publisher => ({
  kind: 'pipeline',
  pipelineId: '01900000-0000-7000-8000-0000000000aa',
  departmentCode: dept,
});

/** Save and release a dataset through an app's catalogue, a minute after the last. */
async function publish(app: App, f: Fixture): Promise<string> {
  ctx.clock.advance(60_000);
  const catalogue = app.modules.opendata.catalogue;
  const ds = await catalogue.saveDataset(pipelineOf(f.dept), input(f));
  await catalogue.publishRelease(pipelineOf(f.dept), ds.id, {
    version: null,
    notes: '',
    notesEn: '',
    files: [
      {
        name: f.title,
        nameEn: f.titleEn,
        description: '',
        format: 'CSV',
        content: Readable.from([Buffer.from(`k,v\n${f.name},1\n`)]),
        columns: [],
        rowCount: 1,
      },
    ],
    report: {
      steps: ['aggregate'],
      removedIdentifiers: [],
      quasiIdentifiers: [],
      kRequired: null,
      kReached: null,
      minCellSize: null,
      cellsSuppressed: 0,
      rowsSuppressed: 0,
      generalisations: [],
      lDiversity: [],
      epsilon: null,
      passed: true,
    },
    pipelineId: null,
    releaseKey: null,
    temporal: null,
  });
  return ds.id;
}

interface Found {
  count: number;
  results: { id: string; name: string; resources: { format: string }[] }[];
  facets: Record<string, Record<string, number>>;
  search_facets: Record<string, { items: { name: string; count: number }[] }>;
}
async function ckan(app: App, params: Record<string, string | number>): Promise<Found> {
  const qs = new URLSearchParams(Object.entries(params).map(([k, v]): [string, string] => [k, String(v)]));
  const res = await app.app.inject({ method: 'GET', url: `/api/3/action/package_search?${qs}` });
  expect(res.statusCode, res.body).toBe(200);
  return (res.json() as { result: Found }).result;
}
const names = (f: Found) => f.results.map((r) => r.name);

const FACETS = ['organization', 'tags', 'groups', 'res_format', 'license_id'];
const ORDER_BY: Record<string, string> = {
  'metadata_modified desc': 'd.modified_at desc, d.id',
  'metadata_modified asc': 'd.modified_at asc, d.id',
  'metadata_created desc': 'd.created_at desc, d.id',
  'metadata_created asc': 'd.created_at asc, d.id',
  'name asc': 'd.name collate "C" asc',
  'name desc': 'd.name collate "C" desc',
  'title_string asc': 'd.title collate "C" asc, d.name collate "C"',
  'title_string desc': 'd.title collate "C" desc, d.name collate "C"',
};

/** The reference: the same search as SQL over opendata.datasets (what package_search ran before the index). */
async function reference(q: string, fq: string, sort: string, start: number, rows: number, facetLimit: number) {
  const terms = [parseTerms(q), parseTerms(fq)];
  const like = (w: string) => `%${w.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const conditions: RawBuilder<unknown>[] = [sql`d.state = 'active'`];
  for (const [field, v] of terms.flatMap((t) => t.filters)) {
    const column = { tags: 'tags', groups: 'themes', res_format: 'formats' }[field as string];
    if (column) conditions.push(sql`${sql.ref(`d.${column}`)} @> array[${v}]::text[]`);
    else if (field === 'organization')
      conditions.push(sql`d.organisation_code = (select code from opendata.organisations where name = ${v})`);
    else if (field === 'license_id') conditions.push(sql`d.licence_id = ${v}`);
    else if (field === 'name') conditions.push(sql`d.name = ${v}`);
    else conditions.push(sql`d.id::text = ${v}`);
  }
  const words = terms[0]!.words;
  for (const w of words) conditions.push(sql`d.search_text like ${like(w)}`);
  const where = sql.join(conditions, sql` and `);
  const order =
    sort === 'score desc, metadata_modified desc'
      ? sql`(case when ${sql.join(
          [sql`true`, ...words.map((w) => sql`lower(d.title || ' ' || d.title_en) like ${like(w)}`)],
          sql` and `,
        )} then 0 else 1 end), d.modified_at desc, d.id`
      : sql.raw(ORDER_BY[sort]!);
  const page = await query<{ name: string }>(
    ctx,
    sql`select d.name from opendata.datasets d where ${where} order by ${order} limit ${rows} offset ${start}`,
  );
  const count = await query<{ n: number }>(ctx, sql`select count(*)::int as n from opendata.datasets d where ${where}`);
  const facets: Record<string, Record<string, number>> = {};
  for (const f of FACETS) {
    const value = {
      organization: sql`o.name`,
      tags: sql`unnest(d.tags)`,
      groups: sql`unnest(d.themes)`,
      res_format: sql`unnest(d.formats)`,
      license_id: sql`d.licence_id`,
    }[f]!;
    const counted = await query<{ v: string; n: number }>(
      ctx,
      sql`select v, count(*)::int as n from (select ${value} as v from opendata.datasets d
        join opendata.organisations o on o.code = d.organisation_code where ${where}) x group by v`,
    );
    counted.sort((a, b) => b.n - a.n || (a.v < b.v ? -1 : 1));
    facets[f] = Object.fromEntries(counted.slice(0, facetLimit).map((r) => [r.v, r.n]));
  }
  return { count: count[0]!.n, names: page.map((r) => r.name), facets };
}

const QUERIES: [string, string][] = [
  ['', ''],
  ['公交', ''],
  ['公交 站点', ''],
  ['站', ''],
  ['bus', ''],
  ['BUS Stops', ''],
  ['s', ''],
  ['data', 'tags:"open data"'],
  ['nothing-like-this', ''],
  ['', 'organization:cle res_format:API'],
  ['transport groups:regi', ''],
  ['', 'groups:envi license_id:cc0-1.0'],
  ['', 'name:bus-stops'],
  ['', 'organization:nobody'],
  ['监测', 'tags:water'],
];

async function compareAll(app: App, sorts: readonly string[]): Promise<void> {
  for (const [q, fq] of QUERIES)
    for (const sort of sorts)
      for (const [start, rows] of [
        [0, 4],
        [2, 3],
      ] as const) {
        const found = await ckan(app, {
          q,
          fq,
          sort,
          start,
          rows,
          'facet.field': JSON.stringify(FACETS),
          'facet.limit': 3,
        });
        const want = await reference(q, fq, sort, start, rows, 3);
        const label = `q=${q} fq=${fq} sort=${sort} start=${start}`;
        expect({ count: found.count, names: names(found), facets: found.facets }, label).toEqual(want);
      }
}

beforeAll(async () => {
  ctx = await createTestApp({ residents: 20 });
  for (const f of FIXTURES) await publish(ctx, f);
  // A draft: saved, never released.
  await ctx.modules.opendata.catalogue.saveDataset(pipelineOf('CLE'), {
    ...input(FIXTURES[0]!),
    name: 'bus-draft-secret',
    title: '公交站点草稿',
  });
}, 60_000);
afterAll(async () => ctx.teardown());

describe('package_search from the in-memory index', () => {
  it('answers what SQL over the table answers: words, field terms, every sort, pages, facets', async () => {
    const sorts = [
      'score desc, metadata_modified desc',
      'metadata_modified desc',
      'metadata_modified asc',
      'metadata_created desc',
      'metadata_created asc',
      'name asc',
      'name desc',
      'title_string asc',
      'title_string desc',
    ];
    await compareAll(ctx, sorts);
  }, 120_000);

  it('ANDs words as substrings in Chinese and English, ranks title matches first, pages and facets', async () => {
    expect(names(await ckan(ctx, { q: '公交 站点', sort: 'name asc' }))).toEqual([
      'air-stations',
      'bus-lines',
      'bus-stops',
    ]);
    expect(names(await ckan(ctx, { q: 'bus STOPS' }))).toEqual(['bus-stops']);
    // 站点 is in the titles of air-stations and bus-stops, only in the notes of bus-lines: it comes last.
    const ranked = names(await ckan(ctx, { q: '站点' }));
    expect(ranked).toEqual(['air-stations', 'bus-stops', 'bus-lines']);
    // The same query in pages of one.
    const paged = [];
    for (let start = 0; start < 4; start++) paged.push(...names(await ckan(ctx, { q: '站点', rows: 1, start })));
    expect(paged).toEqual(ranked);
    const beyond = await ckan(ctx, { q: '站点', start: 10 });
    expect(beyond).toMatchObject({ count: 3, results: [] });
    // Filters in q and fq together, quoted values, and counts over the matching datasets only.
    const both = await ckan(ctx, {
      q: 'transport',
      fq: 'tags:"open data" organization:cle',
      'facet.field': '["tags","res_format"]',
    });
    expect(names(both)).toEqual(['bus-stops']);
    expect(both.facets).toEqual({ tags: { 公交: 1, transport: 1, 'open data': 1 }, res_format: { CSV: 1 } });
    const limited = await ckan(ctx, { fq: 'organization:cle', 'facet.field': '["tags"]', 'facet.limit': 1 });
    expect(limited.search_facets['tags']!.items).toEqual([{ name: 'transport', count: 2, display_name: 'transport' }]);
  });

  it('never shows drafts or withdrawn datasets, and follows changes made in SQL', async () => {
    const draft = { q: '草稿' };
    expect((await ckan(ctx, draft)).count).toBe(0);
    expect((await ckan(ctx, { fq: 'name:bus-draft-secret' })).count).toBe(0);
    await query(ctx, sql`update opendata.datasets set state = 'withdrawn' where name = 'permits-2026'`);
    expect((await ckan(ctx, { q: 'permits' })).count).toBe(0);
    expect((await ckan(ctx, { fq: 'tags:permits', 'facet.field': '["tags"]' })).facets).toEqual({ tags: {} });
    // A deletion (the index loads everything again).
    await query(ctx, sql`delete from opendata.datasets where name = 'bus-draft-secret'`);
    expect((await ckan(ctx, { q: '公交' })).count).toBe(3);
  });

  it('sees at once what another app instance on the same database saves and releases', async () => {
    const database: Database = ctx.config.databaseUrl
      ? await openDatabase({ databaseUrl: ctx.config.databaseUrl, poolSize: 2 })
      : ctx.database;
    const other = await buildApp(ctx.config, {
      clock: ctx.clock,
      database,
      logger: pino({ level: 'silent' }),
      migrate: false,
    });
    try {
      // Both instances have built their index.
      expect((await ckan(other, { q: 'ferry' })).count).toBe(0);
      expect((await ckan(ctx, { q: 'ferry' })).count).toBe(0);
      const ferry: Fixture = {
        name: 'ferry-piers',
        dept: 'CLE',
        title: '轮渡码头',
        titleEn: 'Ferry piers',
        notes: '码头位置。',
        tags: ['transport', '轮渡'],
        themes: ['tran'],
      };
      const id = await publish(other, ferry);
      const seen = await ckan(ctx, { q: 'ferry', 'facet.field': '["tags"]' });
      expect(names(seen)).toEqual(['ferry-piers']);
      expect(seen.results[0]!.resources.map((r) => r.format)).toEqual(['CSV']);
      expect((await ckan(ctx, { fq: `id:${id}` })).count).toBe(1);
      // A change of metadata on this instance: the old tag no longer finds it on the other.
      ctx.clock.advance(60_000);
      await ctx.modules.opendata.catalogue.saveDataset(pipelineOf('CLE'), { ...input(ferry), tags: ['渡口'] });
      expect((await ckan(other, { fq: 'tags:轮渡' })).count).toBe(0);
      expect(names(await ckan(other, { fq: 'tags:渡口' }))).toEqual(['ferry-piers']);
      expect(names(await ckan(other, { sort: 'metadata_modified desc', rows: 1 }))).toEqual(['ferry-piers']);
      // And both still answer what SQL answers, after all these changes.
      await compareAll(ctx, ['score desc, metadata_modified desc', 'name asc']);
      await compareAll(other, ['metadata_modified desc']);
    } finally {
      await other.close();
      if (database !== ctx.database) await database.close();
    }
  }, 120_000);
});
