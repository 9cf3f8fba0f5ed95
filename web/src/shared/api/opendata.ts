/** Open data (server module opendata): the portal's search, dataset pages, releases and downloads. */
import { queryOptions } from '@tanstack/react-query';
import { call, client } from '../client';
import type { Answer, Query } from '../contract';

export type OpenSearch = Answer<'/api/opendata/datasets', 'get'>;
export type OpenSearchQuery = NonNullable<Query<'/api/opendata/datasets', 'get'>>;
export type OpenDataset = Answer<'/api/opendata/datasets/{name}', 'get'>;
export type OpenResource = OpenDataset['resources'][number];
export type OpenRelease = Answer<'/api/opendata/datasets/{name}/releases', 'get'>['items'][number];
export type FacetField = keyof OpenSearch['facets'];

export const opendataSearchQuery = (query: OpenSearchQuery) =>
  queryOptions({
    queryKey: ['opendata', 'search', query],
    queryFn: ({ signal }) => call(() => client.GET('/api/opendata/datasets', { params: { query }, signal })),
  });

export const opendataDatasetQuery = (name: string) =>
  queryOptions({
    queryKey: ['opendata', 'dataset', name],
    queryFn: ({ signal }) =>
      call(() => client.GET('/api/opendata/datasets/{name}', { params: { path: { name } }, signal })),
  });

export const opendataReleasesQuery = (name: string) =>
  queryOptions({
    queryKey: ['opendata', 'releases', name],
    queryFn: ({ signal }) =>
      call(() => client.GET('/api/opendata/datasets/{name}/releases', { params: { path: { name } }, signal })).then(
        (r) => r.items,
      ),
  });

/** A CSV file's first rows (the preview), parsed in the browser: RFC 4180 quoting. */
export async function csvPreview(path: string, maxRows = 200): Promise<{ header: string[]; rows: string[][] }> {
  const res = await fetch(path);
  if (!res.ok) throw new Error(`${res.status}`);
  const text = await res.text();
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length && rows.length <= maxRows; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\n') {
      row.push(cell.replace(/\r$/, ''));
      rows.push(row);
      row = [];
      cell = '';
    } else cell += ch;
  }
  if (cell || row.length) rows.push([...row, cell]);
  const [header = [], ...body] = rows;
  return { header, rows: body.slice(0, maxRows) };
}
