/**
 * The in-memory search index against a brute-force reference (every dataset filtered, sorted and
 * counted by plain array code): after any sequence of saves, changes, withdrawals and removals,
 * every query (words as substrings, field terms, each sort, pages, facets) answers the same; and
 * after enough changes to re-index itself (dead slots outnumbering the living), still the same.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DatasetRow, OrganisationRow } from '../../src/modules/opendata/opendata.repository.ts';
import {
  FACET_FIELDS,
  SearchIndex,
  SORTS,
  type FilterField,
  type IndexAnswer,
  type IndexQuery,
  type LoadedDataset,
} from '../../src/modules/opendata/opendata.search-index.ts';

const ORGS: OrganisationRow[] = ['CLE', 'ASB', 'EEB'].map((code) => ({
  code,
  name: code.toLowerCase(),
  title: code,
  title_en: code,
  description: '',
  created_at: new Date(0),
}));
const SYLLABLES = ['公交', '站点', '水', 'bus', 'Stop', 'ab', 'a', 'data'];
const TAGS = ['t1', 't2', 'open data', '公交'];
const THEMES = ['tran', 'envi', 'regi'];

const dataset = fc.record({
  n: fc.integer({ min: 0, max: 11 }),
  org: fc.constantFrom('CLE', 'ASB', 'EEB'),
  title: fc.array(fc.constantFrom(...SYLLABLES), { minLength: 1, maxLength: 3 }),
  notes: fc.array(fc.constantFrom(...SYLLABLES), { maxLength: 4 }),
  tags: fc.uniqueArray(fc.constantFrom(...TAGS), { maxLength: 3 }),
  themes: fc.uniqueArray(fc.constantFrom(...THEMES), { maxLength: 2 }),
  formats: fc.uniqueArray(fc.constantFrom('CSV', 'API', 'JSON'), { minLength: 1, maxLength: 2 }),
  licence: fc.constantFrom('cc-by-4.0', 'cc0-1.0'),
  state: fc.constantFrom('active', 'active', 'draft', 'withdrawn'),
  modified: fc.integer({ min: 0, max: 5 }),
});
type Spec = typeof dataset extends fc.Arbitrary<infer T> ? T : never;

const idOf = (n: number) => `0190000${n.toString(16)}-0000-7000-8000-000000000000`.slice(0, 36);
function loaded(s: Spec): LoadedDataset {
  const title = s.title.join('');
  const row = {
    id: idOf(s.n),
    name: `ds-${String(s.n).padStart(2, '0')}`,
    organisation_code: s.org,
    title,
    title_en: s.title.join(' '),
    notes: s.notes.join(' '),
    licence_id: s.licence,
    themes: s.themes,
    tags: s.tags,
    formats: s.formats,
    state: s.state,
    search_text: [title, s.notes.join(' '), s.tags.join(' ')].join(' \n').toLowerCase(),
  } as unknown as DatasetRow;
  // Whole seconds (ties broken by id) and a created time of its own.
  return { row, modifiedUs: s.modified * 1e6, createdUs: (11 - s.n) * 1e6, resources: [] };
}

const query = fc.record({
  words: fc.array(fc.constantFrom('公交', '站', 'bus', 'stop', 'a', 'da', 'x', '水 '.trim()), { maxLength: 2 }),
  filters: fc.array(
    fc.oneof(
      fc.tuple(fc.constant('organization' as const), fc.constantFrom('cle', 'asb', 'nobody')),
      fc.tuple(fc.constant('tags' as const), fc.constantFrom(...TAGS)),
      fc.tuple(fc.constant('groups' as const), fc.constantFrom(...THEMES)),
      fc.tuple(fc.constant('res_format' as const), fc.constantFrom('CSV', 'API')),
      fc.tuple(fc.constant('license_id' as const), fc.constantFrom('cc0-1.0')),
      fc.tuple(fc.constant('name' as const), fc.constantFrom('ds-01', 'ds-07')),
      fc.tuple(fc.constant('id' as const), fc.constantFrom(idOf(3), 'not-an-id')),
    ),
    { maxLength: 2 },
  ),
  sort: fc.constantFrom(...SORTS),
  start: fc.integer({ min: 0, max: 6 }),
  rows: fc.integer({ min: 0, max: 5 }),
  facetLimit: fc.integer({ min: 1, max: 4 }),
});

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
/** The answer by brute force over the public datasets. */
function reference(all: LoadedDataset[], q: IndexQuery): IndexAnswer {
  const has = (d: LoadedDataset, [field, v]: [FilterField, string]) => {
    const r = d.row;
    const values: Record<FilterField, string[]> = {
      organization: [ORGS.find((o) => o.code === r.organisation_code)!.name],
      tags: r.tags,
      groups: r.themes,
      res_format: r.formats,
      license_id: [r.licence_id],
      name: [r.name],
      id: [r.id],
    };
    return values[field].includes(v);
  };
  const matched = all.filter(
    (d) =>
      d.row.state === 'active' &&
      q.words.every((w) => d.row.search_text.includes(w)) &&
      q.filters.every((f) => has(d, f)),
  );
  const inTitle = (d: LoadedDataset) =>
    q.words.every((w) => `${d.row.title} ${d.row.title_en}`.toLowerCase().includes(w));
  const byId = (a: LoadedDataset, b: LoadedDataset) => cmp(a.row.id, b.row.id);
  const orders: Record<string, (a: LoadedDataset, b: LoadedDataset) => number> = {
    'score desc, metadata_modified desc': (a, b) =>
      Number(inTitle(b)) - Number(inTitle(a)) || b.modifiedUs - a.modifiedUs || byId(a, b),
    'metadata_modified desc': (a, b) => b.modifiedUs - a.modifiedUs || byId(a, b),
    'metadata_modified asc': (a, b) => a.modifiedUs - b.modifiedUs || byId(a, b),
    'metadata_created desc': (a, b) => b.createdUs - a.createdUs || byId(a, b),
    'metadata_created asc': (a, b) => a.createdUs - b.createdUs || byId(a, b),
    'name asc': (a, b) => cmp(a.row.name, b.row.name),
    'name desc': (a, b) => cmp(b.row.name, a.row.name),
    'title_string asc': (a, b) => cmp(a.row.title, b.row.title) || cmp(a.row.name, b.row.name),
    'title_string desc': (a, b) => cmp(b.row.title, a.row.title) || cmp(a.row.name, b.row.name),
  };
  const sorted = [...matched].sort(orders[q.sort]);
  const facets: IndexAnswer['facets'] = {};
  for (const field of q.facetFields) {
    const counts = new Map<string, number>();
    for (const d of matched) for (const v of valuesOf(d, field)) counts.set(v, (counts.get(v) ?? 0) + 1);
    facets[field] = [...counts]
      .map(([name, count]) => ({ name, count }))
      .sort((a, b) => b.count - a.count || cmp(a.name, b.name))
      .slice(0, q.facetLimit);
  }
  return { count: matched.length, page: sorted.slice(q.start, q.start + q.rows), facets };
}
const valuesOf = (d: LoadedDataset, field: (typeof FACET_FIELDS)[number]): string[] =>
  ({
    organization: [ORGS.find((o) => o.code === d.row.organisation_code)!.name],
    tags: d.row.tags,
    groups: d.row.themes,
    res_format: d.row.formats,
    license_id: [d.row.licence_id],
  })[field];

const shown = (a: IndexAnswer) => ({ ...a, page: a.page.map((d) => d.row.name) });

describe('the search index', () => {
  it('answers as brute force does after any sequence of changes', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(dataset, fc.integer({ min: 0, max: 11 })), { minLength: 1, maxLength: 40 }),
        fc.array(query, { minLength: 1, maxLength: 10 }),
        (ops, queries) => {
          const index = new SearchIndex();
          index.setVocabulary(ORGS, []);
          const current = new Map<string, LoadedDataset>();
          for (const op of ops) {
            if (typeof op === 'number') {
              index.remove(idOf(op));
              current.delete(idOf(op));
            } else {
              const d = loaded(op);
              index.put(d);
              current.set(d.row.id, d);
            }
            // Searches between changes keep sort orders cached, which the changes then maintain.
            index.search({
              words: [],
              filters: [],
              sort: 'name asc',
              start: 0,
              rows: 1,
              facetFields: [],
              facetLimit: 1,
            });
          }
          for (const q of queries) {
            const full: IndexQuery = { ...q, facetFields: [...FACET_FIELDS] };
            expect(shown(index.search(full))).toEqual(shown(reference([...current.values()], full)));
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('re-indexes itself when changed slots outnumber the living, and answers the same', () => {
    const index = new SearchIndex();
    index.setVocabulary(ORGS, []);
    const current = new Map<string, LoadedDataset>();
    const spec = (n: number, round: number): Spec => ({
      n,
      org: (['CLE', 'ASB', 'EEB'] as const)[(n + round) % 3]!,
      title: [SYLLABLES[(n * 3 + round) % SYLLABLES.length]!],
      notes: [SYLLABLES[round % SYLLABLES.length]!],
      tags: [TAGS[(n + round) % TAGS.length]!],
      themes: [THEMES[round % THEMES.length]!],
      formats: ['CSV'],
      licence: 'cc-by-4.0',
      state: round % 7 === 6 && n % 2 === 0 ? 'withdrawn' : 'active',
      modified: round,
    });
    const q: IndexQuery = {
      words: ['bus'],
      filters: [],
      sort: 'metadata_modified desc',
      start: 0,
      rows: 5,
      facetFields: [...FACET_FIELDS],
      facetLimit: 10,
    };
    for (let round = 0; round < 300; round++) {
      for (let n = 0; n < 12; n++) {
        const d = loaded(spec(n, round));
        index.put(d);
        current.set(d.row.id, d);
      }
      expect(shown(index.search(q))).toEqual(shown(reference([...current.values()], q)));
    }
    expect(index.size).toBe([...current.values()].filter((d) => d.row.state === 'active').length);
  });
});
