/**
 * The CKAN Action API, driven by an independent CKAN client from npm (`ckanapi`, which POSTs JSON
 * to /api/3/action/{name} over real HTTP): it lists, searches (q, fq, rows, start, sort) and facets
 * the demo city's datasets, shows a package, an organization, a resource, and lists groups and
 * tags; errors come back in CKAN's envelope with CKAN's status codes.
 */
import { Portal } from 'ckanapi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestContext } from '../helpers.ts';

let ctx: TestContext;
let base: string;
let portal: InstanceType<typeof Portal>;

interface Pkg {
  id: string;
  name: string;
  title: string;
  organization: { name: string };
  groups: { name: string }[];
  tags: { name: string }[];
  resources: { id: string; format: string; url: string }[];
}
interface SearchResult {
  count: number;
  results: Pkg[];
  facets: Record<string, Record<string, number>>;
  search_facets: Record<string, { items: { name: string; display_name: string; count: number }[] }>;
}

beforeAll(async () => {
  ctx = await createTestApp({ residents: 20 });
  base = await ctx.app.listen({ port: 0, host: '127.0.0.1' });
  portal = new Portal(base);
});
afterAll(async () => ctx.teardown());

const act = <T>(name: string, payload?: Record<string, unknown>) =>
  (portal.action as unknown as Record<string, (p?: Record<string, unknown>) => Promise<T>>)[name]!(payload);

describe('CKAN Action API through ckanapi', () => {
  it('status_show and package_list', async () => {
    const status = await act<{ ckan_version: string; site_url: string }>('status_show');
    expect(status.ckan_version).toMatch(/^2\.\d+/);
    const names = await act<string[]>('package_list');
    expect(names).toEqual(['air-quality-hourly', 'city-events-weekly', 'service-volumes-monthly']);
    expect(await act<string[]>('package_list', { limit: 1, offset: 1 })).toEqual(['city-events-weekly']);
  });

  it('package_search with q, fq, rows, start, sort and facet.field', async () => {
    const all = await act<SearchResult>('package_search', {
      q: '*:*',
      'facet.field': JSON.stringify(['organization', 'groups', 'tags', 'res_format']),
      sort: 'name asc',
      rows: 2,
      start: 1,
    });
    expect(all.count).toBe(3);
    expect(all.results.map((r) => r.name)).toEqual(['city-events-weekly', 'service-volumes-monthly']);
    expect(all.facets['res_format']).toEqual({ CSV: 3, API: 2 });
    expect(all.facets['groups']).toMatchObject({ regi: 1, soci: 1, gove: 1, envi: 1 });
    expect(all.facets['organization']).toEqual({ cle: 1, asb: 1, eeb: 1 });
    expect(all.search_facets['groups']!.items.find((i) => i.name === 'envi')!.display_name).toBe('环境');

    // Free text (Chinese and English), and a facet as a filter.
    const events = await act<SearchResult>('package_search', { q: '城市事件' });
    expect(events.results.map((r) => r.name)).toEqual(['city-events-weekly']);
    expect((await act<SearchResult>('package_search', { q: 'air quality' })).results[0]!.name).toBe(
      'air-quality-hourly',
    );
    const bySoci = await act<SearchResult>('package_search', { fq: 'groups:soci', 'facet.field': '["tags"]' });
    expect(bySoci.count).toBe(1);
    expect(bySoci.facets['tags']).toEqual({ 城市事件: 1, 一网统管: 1, 'city-events': 1 });
    expect((await act<SearchResult>('package_search', { fq: 'organization:asb res_format:API' })).count).toBe(0);
    expect((await act<SearchResult>('package_search', { fq: 'tags:"air-quality"' })).results[0]!.name).toBe(
      'air-quality-hourly',
    );
    const newest = await act<SearchResult>('package_search', { sort: 'metadata_modified desc', rows: 1 });
    expect(newest.results).toHaveLength(1);
  });

  it('package_show, resource_show, organization_show, organization_list, group_list, tag_list', async () => {
    const pkg = await act<Pkg & { license_id: string; extras: { key: string; value: string }[] }>('package_show', {
      id: 'city-events-weekly',
    });
    expect(pkg.organization.name).toBe('cle');
    expect(pkg.license_id).toBe('cc-by-4.0');
    expect(pkg.groups.map((g) => g.name)).toEqual(['regi', 'soci']);
    expect(pkg.extras.find((e) => e.key === 'frequency')!.value).toMatch(/frequency\/WEEKLY$/);
    const csv = pkg.resources.find((r) => r.format === 'CSV')!;
    expect(csv.url.startsWith(base)).toBe(true);
    const file = await fetch(csv.url);
    expect(file.status).toBe(200);
    expect((await file.text()).split('\n')[0]).toBe('week,community,category,count');
    expect((await act<{ id: string }>('package_show', { id: pkg.id })).id).toBe(pkg.id);

    const res = await act<{ id: string; package_id: string; format: string }>('resource_show', { id: csv.id });
    expect(res).toMatchObject({ id: csv.id, package_id: pkg.id, format: 'CSV' });

    const org = await act<{ name: string; package_count: number; packages: Pkg[] }>('organization_show', {
      id: 'cle',
      include_datasets: true,
    });
    expect(org.package_count).toBe(1);
    expect(org.packages.map((p) => p.name)).toEqual(['city-events-weekly']);
    expect(await act<string[]>('organization_list')).toEqual(['asb', 'cle', 'eeb']);
    const orgs = await act<{ name: string; package_count: number }[]>('organization_list', { all_fields: true });
    expect(orgs.every((o) => o.package_count === 1)).toBe(true);
    const groups = await act<string[]>('group_list');
    expect(groups).toHaveLength(13);
    expect(groups).toContain('envi');
    const tags = await act<string[]>('tag_list');
    expect(tags).toContain('city-events');
    expect(await act<string[]>('tag_list', { query: 'air' })).toEqual(['air-quality']);
  });

  it("answers errors in CKAN's envelope and status codes", async () => {
    await expect(act('package_show', { id: 'no-such-dataset' })).rejects.toMatchObject({ __type: 'Not Found Error' });
    const missing = await fetch(`${base}/api/3/action/package_show?id=no-such-dataset`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ success: false, error: { __type: 'Not Found Error' } });
    const noId = await fetch(`${base}/api/3/action/package_show`);
    expect(noId.status).toBe(409);
    expect(await noId.json()).toMatchObject({
      success: false,
      error: { __type: 'Validation Error', id: ['Missing value'] },
    });
    const unknown = await fetch(`${base}/api/3/action/package_create`, {
      method: 'POST',
      body: '{}',
      headers: { 'content-type': 'application/json' },
    });
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as { success: boolean }).success).toBe(false);
    const badSort = await fetch(`${base}/api/3/action/package_search?sort=popularity`);
    expect(badSort.status).toBe(409);
    const badJson = await fetch(`${base}/api/3/action/package_search`, {
      method: 'POST',
      body: '{',
      headers: { 'content-type': 'application/json' },
    });
    expect(badJson.status).toBe(400);
    expect(await badJson.json()).toMatchObject({ success: false, error: { __type: 'Bad Request' } });
  });
});
