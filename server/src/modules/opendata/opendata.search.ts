/**
 * Catalogue search (package_search): free text over names, titles, descriptions, tags and the
 * publisher; filters in CKAN's Solr syntax (`organization:x tags:"y" groups:z res_format:CSV
 * license_id:cc-by-4.0`); sort; paging; facet counts. Answered from the process's in-memory index
 * (opendata.search-index.ts), brought up to date with the database first (opendata.search-live.ts:
 * one look-up of the catalogue's generation per search). Only active datasets are in the index.
 */
import { AppError } from '../../platform/errors.ts';
import type { Principal } from '../../platform/auth.ts';
import type { OpendataContext } from './opendata.context.ts';
import { policy } from './opendata.policy.ts';
import type * as repo from './opendata.repository.ts';
import { FILTER_FIELDS, SORTS, type FacetField, type FilterField, type Sort } from './opendata.search-index.ts';
import { LiveIndex } from './opendata.search-live.ts';
import type { DatasetView } from './opendata.types.ts';
import { datasetView } from './opendata.views.ts';

export { FACET_FIELDS, SORTS, type FacetField } from './opendata.search-index.ts';

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
  groups: repo.GroupRow[];
}

const invalid = (message: string) => new AppError(400, 'OPENDATA_QUERY_INVALID', message);

/** `field:value` and `field:"a value"` terms (a leading + is allowed); the rest is free text. */
export function parseTerms(text: string): { filters: [FilterField, string][]; words: string[] } {
  const filters: [FilterField, string][] = [];
  const words: string[] = [];
  const re = /\+?([a-z_]+):(?:"((?:[^"\\]|\\.)*)"|(\S+))|(\S+)/g;
  for (const m of text.matchAll(re)) {
    if (m[1] !== undefined) {
      if (!(FILTER_FIELDS as readonly string[]).includes(m[1])) throw invalid(`Cannot filter on ${m[1]}`);
      const value = m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : m[3]!;
      if (value !== '*') filters.push([m[1] as FilterField, value]);
    } else if (m[4] !== undefined && m[4] !== '*:*' && m[4] !== '*' && m[4] !== 'AND') {
      words.push(m[4].toLowerCase());
    }
  }
  return { filters, words };
}

/** One index per process and app instance (tests run several instances on one database). */
const indexes = new WeakMap<OpendataContext, LiveIndex>();

export async function search(c: OpendataContext, p: Principal | null, params: SearchParams): Promise<SearchResult> {
  policy.read(p);
  if (!(SORTS as readonly string[]).includes(params.sort))
    throw invalid(`Cannot sort by ${params.sort}; one of: ${SORTS.join('; ')}`);
  const q = parseTerms(params.q);
  const fq = parseTerms(params.fq);
  if (fq.words.length > 0) throw invalid(`fq takes field:value terms only, not ${fq.words[0]}`);
  let live = indexes.get(c);
  if (!live) indexes.set(c, (live = new LiveIndex(c.db)));
  const index = await live.current();
  const found = index.search({
    words: q.words,
    filters: [...q.filters, ...fq.filters],
    sort: params.sort as Sort,
    start: params.start,
    rows: params.rows,
    facetFields: params.facetFields,
    facetLimit: params.facetLimit,
  });
  return {
    count: found.count,
    datasets: found.page.map((d) => datasetView(d.row, index.organisation(d.row.organisation_code)!, d.resources)),
    facets: found.facets,
    organisations: index.organisations,
    groups: index.groups,
  };
}
