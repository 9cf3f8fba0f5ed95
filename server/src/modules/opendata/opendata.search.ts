/**
 * Catalogue search (package_search): free text over names, titles, descriptions, tags and the
 * publisher; filters in CKAN's Solr syntax (`organization:x tags:"y" groups:z res_format:CSV
 * license_id:cc-by-4.0`); sort; facet counts. Two queries a search on the denormalised datasets
 * table (the page; the count with every facet in one statement), then the page's resources.
 */
import { sql, type RawBuilder } from 'kysely';
import { AppError } from '../../platform/errors.ts';
import type { Principal } from '../../platform/auth.ts';
import type { OpendataContext } from './opendata.context.ts';
import { policy } from './opendata.policy.ts';
import * as repo from './opendata.repository.ts';
import type { DatasetView } from './opendata.types.ts';
import { datasetView } from './opendata.views.ts';

export const FACET_FIELDS = ['organization', 'tags', 'groups', 'res_format', 'license_id'] as const;
export type FacetField = (typeof FACET_FIELDS)[number];
const FILTER_FIELDS = [...FACET_FIELDS, 'name', 'id'] as const;
type FilterField = (typeof FILTER_FIELDS)[number];

export const SORTS = {
  'score desc, metadata_modified desc': sql`score, d.modified_at desc, d.id`,
  'metadata_modified desc': sql`d.modified_at desc, d.id`,
  'metadata_modified asc': sql`d.modified_at asc, d.id`,
  'metadata_created desc': sql`d.created_at desc, d.id`,
  'metadata_created asc': sql`d.created_at asc, d.id`,
  'name asc': sql`d.name asc`,
  'name desc': sql`d.name desc`,
  'title_string asc': sql`d.title asc, d.name`,
  'title_string desc': sql`d.title desc, d.name`,
} as const;

export interface SearchParams {
  q: string;
  fq: string;
  rows: number;
  start: number;
  sort: string;
  facetFields: FacetField[];
  facetLimit: number;
}

export interface SearchResult {
  count: number;
  datasets: DatasetView[];
  /** Per facet field: value → count, most frequent first (at most facetLimit). */
  facets: Partial<Record<FacetField, { name: string; count: number }[]>>;
  organisations: repo.OrganisationRow[];
}

const invalid = (message: string) => new AppError(400, 'OPENDATA_QUERY_INVALID', message);

/** `field:value` and `field:"a value"` terms (a leading + is allowed); the rest is free text. */
export function parseTerms(text: string): { filters: [FilterField, string][]; words: string[] } {
  const filters: [FilterField, string][] = [];
  const words: string[] = [];
  const re = /\+?([a-z_]+):(?:"((?:[^"\\]|\\.)*)"|(\S+))|(\S+)/g;
  for (const m of text.matchAll(re)) {
    if (m[1] !== undefined) {
      if (m[1] === '*' || (m[1] === '' && m[3] === '*')) continue;
      if (!(FILTER_FIELDS as readonly string[]).includes(m[1])) throw invalid(`Cannot filter on ${m[1]}`);
      const value = m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : m[3]!;
      if (value !== '*') filters.push([m[1] as FilterField, value]);
    } else if (m[4] !== undefined && m[4] !== '*:*' && m[4] !== '*' && m[4] !== 'AND') {
      words.push(m[4].toLowerCase());
    }
  }
  return { filters, words };
}

const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

function condition(field: FilterField, value: string): RawBuilder<unknown> {
  switch (field) {
    case 'organization':
      return sql`d.organisation_code = (select code from opendata.organisations where name = ${value})`;
    case 'tags':
      return sql`d.tags @> array[${value}]::text[]`;
    case 'groups':
      return sql`d.themes @> array[${value}]::text[]`;
    case 'res_format':
      return sql`d.formats @> array[${value}]::text[]`;
    case 'license_id':
      return sql`d.licence_id = ${value}`;
    case 'name':
      return sql`d.name = ${value}`;
    case 'id':
      return /^[0-9a-f-]{36}$/.test(value) ? sql`d.id = ${value}::uuid` : sql`false`;
  }
}

export async function search(c: OpendataContext, p: Principal | null, params: SearchParams): Promise<SearchResult> {
  policy.read(p);
  const orderBy = (SORTS as Record<string, RawBuilder<unknown>>)[params.sort];
  if (!orderBy) throw invalid(`Cannot sort by ${params.sort}; one of: ${Object.keys(SORTS).join('; ')}`);
  const q = parseTerms(params.q);
  const fq = parseTerms(params.fq);
  if (fq.words.length > 0) throw invalid(`fq takes field:value terms only, not ${fq.words[0]}`);
  const conditions = [
    sql`d.state = 'active'`,
    ...[...q.filters, ...fq.filters].map(([f, v]) => condition(f, v)),
    ...q.words.map((w) => sql`d.search_text like ${`%${likeEscape(w)}%`}`),
  ];
  const where = sql.join(conditions, sql` and `);
  // Relevance: a word in the title first.
  const score =
    q.words.length === 0
      ? sql`0`
      : sql`(case when ${sql.join(
          q.words.map((w) => sql`lower(d.title || ' ' || d.title_en) like ${`%${likeEscape(w)}%`}`),
          sql` and `,
        )} then 0 else 1 end)`;

  const page = await sql<repo.DatasetRow & { score: number }>`
    select d.*, ${score} as score from opendata.datasets d where ${where}
    order by ${orderBy} limit ${params.rows} offset ${params.start}`.execute(c.db);

  // The count and every facet asked for, in one statement over the matching rows.
  const parts: RawBuilder<unknown>[] = [sql`select '' as f, '' as v, count(*)::int as n from m`];
  const facetSql: Record<FacetField, RawBuilder<unknown>> = {
    organization: sql`select 'organization', organisation_code, count(*)::int from m group by organisation_code`,
    tags: sql`select 'tags', t, count(*)::int from m cross join unnest(m.tags) as t group by t`,
    groups: sql`select 'groups', t, count(*)::int from m cross join unnest(m.themes) as t group by t`,
    res_format: sql`select 'res_format', t, count(*)::int from m cross join unnest(m.formats) as t group by t`,
    license_id: sql`select 'license_id', licence_id, count(*)::int from m group by licence_id`,
  };
  for (const f of params.facetFields) parts.push(facetSql[f]);
  const counted = await sql<{ f: string; v: string; n: number }>`
    with m as (select d.organisation_code, d.tags, d.themes, d.formats, d.licence_id from opendata.datasets d where ${where})
    ${sql.join(parts, sql` union all `)}`.execute(c.db);

  const organisations = await repo.organisations(c.db);
  const orgName = new Map(organisations.map((o) => [o.code, o]));
  const facets: SearchResult['facets'] = {};
  let count = 0;
  for (const row of counted.rows) {
    if (row.f === '') {
      count = row.n;
      continue;
    }
    const f = row.f as FacetField;
    const name = f === 'organization' ? (orgName.get(row.v)?.name ?? row.v) : row.v;
    (facets[f] ??= []).push({ name, count: row.n });
  }
  for (const f of params.facetFields) {
    facets[f] = (facets[f] ?? [])
      .sort((a, b) => b.count - a.count || (a.name < b.name ? -1 : 1))
      .slice(0, params.facetLimit);
  }
  const rows = page.rows;
  const resources = await repo.currentResources(
    c.db,
    rows.map((r) => r.id),
  );
  return {
    count,
    datasets: rows.map((r) => datasetView(r, orgName.get(r.organisation_code)!, resources)),
    facets,
    organisations,
  };
}
