/**
 * The open-data catalogue's publishing interface (OPENDATA.md): a pipeline of the department saves
 * a dataset and publishes releases through `publishRelease` (files streamed into the blob store,
 * the version with its changelog and de-identification report); the download answers the bytes;
 * a release whose report does not reach its k is refused and stores nothing; a retry with the same
 * release key answers the first release; another department cannot publish; drafts stay hidden.
 */
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatasetInput, DeidentificationReport, Publisher } from '../../src/modules/opendata/index.ts';
import { client, createTestApp, errorCode, ok, signInStaff, type Client, type TestContext } from '../helpers.ts';

let ctx: TestContext;
let officer: Client;

const pipeline: Publisher = {
  kind: 'pipeline',
  pipelineId: '01900000-0000-7000-8000-000000000001',
  departmentCode: 'CLE',
};
const input = (name: string): DatasetInput => ({
  name,
  departmentCode: 'CLE',
  title: '城市事件（按类别、社区和周）',
  titleEn: 'City events by category, community and week',
  notes: '市民上报和热线受理的城市事件，按类别、社区和周汇总。',
  notesEn: 'City events reported by citizens and the hotline, by category, community and week.',
  licenceId: 'cc-by-4.0',
  themes: ['regi', 'soci'],
  tags: ['城市事件', 'city-events'],
  updateFrequency: 'weekly',
  spatial: { regionCode: '330383', bbox: [120.45, 27.5, 120.65, 27.65] },
  temporal: { start: null, end: null },
  contactEmail: 'data@cle.example.gov.cn',
  liveApi: true,
});
const report = (over: Partial<DeidentificationReport> = {}): DeidentificationReport => ({
  steps: ['remove-identifiers', 'aggregate', 'k-anonymity'],
  removedIdentifiers: ['contact_name', 'contact_phone'],
  quasiIdentifiers: ['community', 'week'],
  kRequired: 5,
  kReached: 7,
  minCellSize: 5,
  cellsSuppressed: 3,
  rowsSuppressed: 0,
  generalisations: [{ attribute: 'location', rule: 'community' }],
  lDiversity: [],
  epsilon: null,
  passed: true,
  ...over,
});
const csv = 'week,community,category,count\n2026-W45,龙江社区,道路破损,12\n2026-W45,海城社区,占道经营,8\n';

beforeAll(async () => {
  ctx = await createTestApp({ residents: 20 });
  officer = await signInStaff(ctx, 'dataofficer01');
});
afterAll(async () => ctx.teardown());

describe('publishing through the catalogue', () => {
  it('publishes a release streamed in, and serves it', async () => {
    const catalogue = ctx.modules.opendata.catalogue;
    const ds = await catalogue.saveDataset(pipeline, input('city-events-test'));
    expect(ds.state).toBe('draft');
    // A draft is not public, but its department's data officer sees it.
    expect(
      errorCode(await client(ctx).GET('/api/opendata/datasets/{name}', { params: { path: { name: ds.name } } })),
    ).toBe('DATASET_NOT_FOUND');
    ok(await officer.GET('/api/opendata/datasets/{name}', { params: { path: { name: ds.name } } }));

    const release = await catalogue.publishRelease(pipeline, ds.id, {
      version: null,
      notes: '首次发布',
      notesEn: 'First release',
      files: [
        {
          name: '城市事件周报',
          nameEn: 'Weekly city events',
          description: '',
          format: 'CSV',
          content: Readable.from([Buffer.from(csv.slice(0, 20)), Buffer.from(csv.slice(20))]),
          columns: [
            { name: 'week', type: 'string', title: '周', titleEn: 'Week' },
            { name: 'community', type: 'string', title: '社区', titleEn: 'Community' },
            { name: 'category', type: 'string', title: '类别', titleEn: 'Category' },
            { name: 'count', type: 'integer', title: '件数', titleEn: 'Count' },
          ],
          rowCount: 2,
        },
      ],
      report: report(),
      pipelineId: pipeline.kind === 'pipeline' ? pipeline.pipelineId : null,
      releaseKey: 'run-1',
      temporal: { start: '2026-11-02', end: '2026-11-08' },
    });
    expect(release.version).toBe('1.0');
    expect(release.report.kReached).toBe(7);

    const shown = ok(await client(ctx).GET('/api/opendata/datasets/{name}', { params: { path: { name: ds.name } } }));
    expect(shown.state).toBe('active');
    expect(shown.temporal).toEqual({ start: '2026-11-02', end: '2026-11-08' });
    expect(shown.resources.map((r) => r.format)).toEqual(['CSV', 'API']);
    const file = shown.resources[0]!;
    const res = await ctx.app.inject({ method: 'GET', url: file.path });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    expect(res.body).toBe(csv);

    // A retry of the same run answers the same release and stores nothing new.
    const again = await catalogue.publishRelease(pipeline, ds.id, {
      version: null,
      notes: 'retry',
      notesEn: 'retry',
      files: [],
      report: report(),
      pipelineId: null,
      releaseKey: 'run-1',
      temporal: null,
    });
    expect(again.id).toBe(release.id);
    const releases = ok(
      await client(ctx).GET('/api/opendata/datasets/{name}/releases', { params: { path: { name: ds.name } } }),
    );
    expect(releases.items.map((r) => r.version)).toEqual(['1.0']);
  });

  it('refuses a release that does not reach its k, and stores no version', async () => {
    const catalogue = ctx.modules.opendata.catalogue;
    const ds = await catalogue.saveDataset(pipeline, input('k-refused'));
    await expect(
      catalogue.publishRelease(pipeline, ds.id, {
        version: null,
        notes: '',
        notesEn: '',
        files: [
          {
            name: 'x',
            nameEn: 'x',
            description: '',
            format: 'CSV',
            content: Buffer.from('a\n1\n'),
            columns: [],
            rowCount: 1,
          },
        ],
        report: report({ kReached: 3 }),
        pipelineId: null,
        releaseKey: null,
        temporal: null,
      }),
    ).rejects.toMatchObject({ code: 'RELEASE_DEIDENTIFICATION_FAILED' });
    expect(await catalogue.latestRelease(pipeline, ds.id)).toBeNull();
  });

  it('refuses a file whose content is not its format', async () => {
    const catalogue = ctx.modules.opendata.catalogue;
    const ds = await catalogue.saveDataset(pipeline, input('bad-json'));
    await expect(
      catalogue.publishRelease(pipeline, ds.id, {
        version: null,
        notes: '',
        notesEn: '',
        files: [
          {
            name: 'x',
            nameEn: 'x',
            description: '',
            format: 'JSON',
            content: Buffer.from('a,b\n1,2\n'),
            columns: [],
            rowCount: 1,
          },
        ],
        report: report(),
        pipelineId: null,
        releaseKey: null,
        temporal: null,
      }),
    ).rejects.toMatchObject({ code: 'RELEASE_RESOURCE_INVALID' });
  });

  it("another department's admin or pipeline cannot publish", async () => {
    const catalogue = ctx.modules.opendata.catalogue;
    const ds = await catalogue.saveDataset(pipeline, input('other-dept'));
    const other: Publisher = {
      kind: 'pipeline',
      pipelineId: pipeline.kind === 'pipeline' ? pipeline.pipelineId : '',
      departmentCode: 'ASB',
    };
    await expect(catalogue.saveDataset(other, input('other-dept'))).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const deptAdmin = await ctx.modules.identity.service.principalOf({ username: 'deptadmin01' });
    const release = (principal: typeof deptAdmin) =>
      catalogue.publishRelease({ kind: 'officer', principal }, ds.id, {
        version: null,
        notes: '',
        notesEn: '',
        files: [
          {
            name: 'x',
            nameEn: 'x',
            description: '',
            format: 'CSV',
            content: Buffer.from('a\n1\n'),
            columns: [],
            rowCount: 1,
          },
        ],
        report: report(),
        pipelineId: null,
        releaseKey: null,
        temporal: null,
      });
    await expect(release(deptAdmin)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(release(null)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    // The department's own data officer may.
    const own = await ctx.modules.identity.service.principalOf({ username: 'dataofficer01' });
    expect((await release(own)).version).toBe('1.0');
  });
});
