/**
 * The catalogue's search index, in memory: every active dataset (its row and current resources),
 * postings from each character and each pair of adjacent characters of its lower-cased
 * `search_text` to the datasets holding them (a word is looked up by its rarest pair, then checked
 * as a substring: the same matches as SQL's `search_text like '%word%'`, for Chinese and Latin
 * alike), postings from each facet value to its datasets, the value ids of each dataset per facet
 * (counted into arrays over the matching datasets), and the datasets in each sort order (kept
 * sorted as datasets come and go). Pure and synchronous; opendata.search-live.ts keeps one per
 * process in step with the database. A changed dataset takes a new slot and its old slot is left
 * dead in the postings (skipped); when dead slots outnumber the living the index re-indexes itself.
 */
import type { DatasetRow, GroupRow, OrganisationRow, ResourceRow } from './opendata.repository.ts';

export const FACET_FIELDS = ['organization', 'tags', 'groups', 'res_format', 'license_id'] as const;
export type FacetField = (typeof FACET_FIELDS)[number];
export const FILTER_FIELDS = [...FACET_FIELDS, 'name', 'id'] as const;
export type FilterField = (typeof FILTER_FIELDS)[number];
export const SORTS = [
  'score desc, metadata_modified desc',
  'metadata_modified desc',
  'metadata_modified asc',
  'metadata_created desc',
  'metadata_created asc',
  'name asc',
  'name desc',
  'title_string asc',
  'title_string desc',
] as const;
export type Sort = (typeof SORTS)[number];

/** A dataset as loaded from the database: its timestamps in microseconds (PostgreSQL's precision). */
export interface LoadedDataset {
  row: DatasetRow;
  modifiedUs: number;
  createdUs: number;
  /** The latest release's files and the live endpoint, in currentResources' order. */
  resources: ResourceRow[];
}

interface Doc extends LoadedDataset {
  /** search_text, lower-cased: what words match (as substrings). */
  text: string;
  /** The titles (zh and en), lower-cased: a word here ranks first. */
  title: string;
  /** Per facet field (FACET_FIELDS' order), the ids of the dataset's values. */
  values: number[][];
}

export interface IndexQuery {
  /** Lower-cased words, each a substring of the dataset's search text. */
  words: string[];
  /** All must hold; organization by the organisation's name, as CKAN names it. */
  filters: [FilterField, string][];
  sort: Sort;
  start: number;
  rows: number;
  facetFields: FacetField[];
  facetLimit: number;
}

export interface IndexAnswer {
  count: number;
  page: LoadedDataset[];
  /** Per facet field asked for: value (organisations by name) and count, most frequent first. */
  facets: Partial<Record<FacetField, { name: string; count: number }[]>>;
}

const ID_RE = /^[0-9a-f-]{36}$/;
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const ORDERS: Record<Exclude<Sort, 'score desc, metadata_modified desc'>, (a: Doc, b: Doc) => number> = {
  'metadata_modified desc': (a, b) => b.modifiedUs - a.modifiedUs || cmp(a.row.id, b.row.id),
  'metadata_modified asc': (a, b) => a.modifiedUs - b.modifiedUs || cmp(a.row.id, b.row.id),
  'metadata_created desc': (a, b) => b.createdUs - a.createdUs || cmp(a.row.id, b.row.id),
  'metadata_created asc': (a, b) => a.createdUs - b.createdUs || cmp(a.row.id, b.row.id),
  'name asc': (a, b) => cmp(a.row.name, b.row.name),
  'name desc': (a, b) => cmp(b.row.name, a.row.name),
  'title_string asc': (a, b) => cmp(a.row.title, b.row.title) || cmp(a.row.name, b.row.name),
  'title_string desc': (a, b) => cmp(b.row.title, a.row.title) || cmp(a.row.name, b.row.name),
};
type OrderName = keyof typeof ORDERS;

/** Each character and each pair of adjacent characters (UTF-16 units) of a text, spaces aside. */
function grams(text: string): Set<string> {
  const out = new Set<string>();
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) <= 32) continue;
    out.add(text[i]!);
    if (i + 1 < text.length && text.charCodeAt(i + 1) > 32) out.add(text.slice(i, i + 2));
  }
  return out;
}

export class SearchIndex {
  /** slot → dataset; null once it changed or left the public catalogue. */
  #docs: (Doc | null)[] = [];
  #dead = 0;
  #bySlotId = new Map<string, number>();
  #bySlotName = new Map<string, number>();
  #grams = new Map<string, number[]>();
  /** Per facet field: value → id, id → value, id → slots. */
  #dict: Map<string, number>[] = FACET_FIELDS.map(() => new Map());
  #names: string[][] = FACET_FIELDS.map(() => []);
  #postings: number[][][] = FACET_FIELDS.map(() => []);
  /** The living slots in each sort order asked for so far. */
  #orders = new Map<OrderName, number[]>();
  /** Per slot, the query that last matched it (no clearing between queries). */
  #mark = new Uint32Array(1024);
  #stamp = 0;
  #orgs = new Map<string, OrganisationRow>();
  #orgCodeByName = new Map<string, string>();
  organisations: OrganisationRow[] = [];
  groups: GroupRow[] = [];

  /** The publishers and themes (reloaded with every change: a handful of rows). */
  setVocabulary(organisations: OrganisationRow[], groups: GroupRow[]): void {
    this.organisations = organisations;
    this.groups = groups;
    this.#orgs = new Map(organisations.map((o) => [o.code, o]));
    this.#orgCodeByName = new Map(organisations.map((o) => [o.name, o.code]));
  }

  organisation(code: string): OrganisationRow | undefined {
    return this.#orgs.get(code);
  }

  get size(): number {
    return this.#bySlotId.size;
  }

  /** A dataset as it is now: indexed when active, dropped otherwise (draft, withdrawn). */
  put(d: LoadedDataset): void {
    this.remove(d.row.id);
    if (d.row.state === 'active') this.#add(d);
    if (this.#dead > 1024 && this.#dead > this.#bySlotId.size) this.#compact();
  }

  remove(id: string): void {
    const slot = this.#bySlotId.get(id);
    if (slot === undefined) return;
    const doc = this.#docs[slot]!;
    for (const [name, order] of this.#orders) {
      const at = this.#position(order, doc, ORDERS[name]);
      order.splice(order[at] === slot ? at : order.indexOf(slot), 1);
    }
    this.#docs[slot] = null;
    this.#dead++;
    this.#bySlotId.delete(id);
    this.#bySlotName.delete(doc.row.name);
  }

  #add(d: LoadedDataset): void {
    const slot = this.#docs.length;
    const r = d.row;
    const values: number[][] = [[r.organisation_code], r.tags, r.themes, r.formats, [r.licence_id]].map((list, f) => [
      ...new Set(list.map((v) => this.#intern(f, v))),
    ]);
    const doc: Doc = {
      ...d,
      text: r.search_text.toLowerCase(),
      title: `${r.title} ${r.title_en}`.toLowerCase(),
      values,
    };
    this.#docs.push(doc);
    this.#bySlotId.set(r.id, slot);
    this.#bySlotName.set(r.name, slot);
    for (const g of grams(doc.text)) {
      const list = this.#grams.get(g);
      if (list) list.push(slot);
      else this.#grams.set(g, [slot]);
    }
    values.forEach((ids, f) => ids.forEach((id) => this.#postings[f]![id]!.push(slot)));
    for (const [name, order] of this.#orders) order.splice(this.#position(order, doc, ORDERS[name]), 0, slot);
    if (this.#mark.length <= slot) {
      const grown = new Uint32Array(this.#mark.length * 2);
      grown.set(this.#mark);
      this.#mark = grown;
    }
  }

  #intern(field: number, value: string): number {
    const dict = this.#dict[field]!;
    let id = dict.get(value);
    if (id === undefined) {
      id = this.#names[field]!.length;
      dict.set(value, id);
      this.#names[field]!.push(value);
      this.#postings[field]!.push([]);
    }
    return id;
  }

  /** Where a dataset goes in a sort order (binary search). */
  #position(order: number[], doc: Doc, compare: (a: Doc, b: Doc) => number): number {
    let lo = 0;
    let hi = order.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compare(this.#docs[order[mid]!]!, doc) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Start again from the living datasets: the dead slots' postings go. */
  #compact(): void {
    const living = this.#docs.filter((d): d is Doc => d !== null);
    this.#docs = [];
    this.#dead = 0;
    this.#bySlotId.clear();
    this.#bySlotName.clear();
    this.#grams.clear();
    this.#dict = FACET_FIELDS.map(() => new Map());
    this.#names = FACET_FIELDS.map(() => []);
    this.#postings = FACET_FIELDS.map(() => []);
    this.#orders.clear();
    this.#mark = new Uint32Array(Math.max(1024, living.length * 2));
    for (const d of living)
      this.#add({ row: d.row, modifiedUs: d.modifiedUs, createdUs: d.createdUs, resources: d.resources });
  }

  #order(name: OrderName): number[] {
    let order = this.#orders.get(name);
    if (!order) {
      const compare = ORDERS[name];
      order = [...this.#bySlotId.values()].sort((a, b) => compare(this.#docs[a]!, this.#docs[b]!));
      this.#orders.set(name, order);
    }
    return order;
  }

  /** The slots holding a word as a substring (candidates: checked against the text afterwards). */
  #candidates(word: string): number[] {
    if (word.length === 1) return this.#grams.get(word) ?? [];
    let best: number[] | undefined;
    for (let i = 0; i + 1 < word.length; i++) {
      const list = this.#grams.get(word.slice(i, i + 2));
      if (!list) return [];
      if (!best || list.length < best.length) best = list;
    }
    return best!;
  }

  /** The matching slots (in no particular order: the page walks a sort order, facets count). */
  #match(words: readonly string[], filters: readonly [FilterField, string][]): number[] {
    const lists: number[][] = [];
    const checks: ((d: Doc) => boolean)[] = [];
    for (const [field, value] of filters) {
      if (field === 'name' || field === 'id') {
        const slot =
          field === 'name' ? this.#bySlotName.get(value) : ID_RE.test(value) ? this.#bySlotId.get(value) : undefined;
        if (slot === undefined) return [];
        const only = this.#docs[slot];
        lists.push([slot]);
        checks.push((d) => d === only);
        continue;
      }
      const f = FACET_FIELDS.indexOf(field);
      const key = field === 'organization' ? this.#orgCodeByName.get(value) : value;
      const id = key === undefined ? undefined : this.#dict[f]!.get(key);
      if (id === undefined) return [];
      lists.push(this.#postings[f]![id]!);
      checks.push((d) => d.values[f]!.includes(id));
    }
    for (const w of words) {
      const list = this.#candidates(w);
      if (list.length === 0) return [];
      lists.push(list);
      checks.push((d) => d.text.includes(w));
    }
    const slots: Iterable<number> =
      lists.length === 0 ? this.#bySlotId.values() : lists.reduce((a, b) => (b.length < a.length ? b : a));
    const matched: number[] = [];
    for (const slot of slots) {
      const doc = this.#docs[slot];
      if (doc && checks.every((check) => check(doc))) matched.push(slot);
    }
    return matched;
  }

  search(q: IndexQuery): IndexAnswer {
    const matched = this.#match(q.words, q.filters);
    if (this.#stamp === 0xffffffff) {
      this.#mark.fill(0);
      this.#stamp = 0;
    }
    const stamp = ++this.#stamp;
    for (const slot of matched) this.#mark[slot] = stamp;
    const page: LoadedDataset[] = [];
    let skip = q.start;
    const take = (slot: number) => {
      if (skip > 0) skip--;
      else page.push(this.#docs[slot]!);
      return page.length >= q.rows;
    };
    if (q.rows > 0 && q.start < matched.length) {
      if (q.sort === 'score desc, metadata_modified desc') {
        // Relevance: datasets with every word in a title first, then the rest, newest first in each.
        const order = this.#order('metadata_modified desc');
        const inTitle = (slot: number) => q.words.every((w) => this.#docs[slot]!.title.includes(w));
        const rest: number[] = [];
        let full = false;
        for (const slot of order) {
          if (this.#mark[slot] !== stamp) continue;
          if (q.words.length > 0 && !inTitle(slot)) rest.push(slot);
          else if ((full = take(slot))) break;
        }
        if (!full) for (const slot of rest) if (take(slot)) break;
      } else {
        for (const slot of this.#order(q.sort)) if (this.#mark[slot] === stamp && take(slot)) break;
      }
    }
    const facets: IndexAnswer['facets'] = {};
    for (const field of q.facetFields) {
      const f = FACET_FIELDS.indexOf(field);
      const counts = new Int32Array(this.#names[f]!.length);
      for (const slot of matched) for (const id of this.#docs[slot]!.values[f]!) counts[id]!++;
      const items: { name: string; count: number }[] = [];
      counts.forEach((count, id) => {
        if (count === 0) return;
        const value = this.#names[f]![id]!;
        items.push({ name: field === 'organization' ? (this.#orgs.get(value)?.name ?? value) : value, count });
      });
      items.sort((a, b) => b.count - a.count || (a.name < b.name ? -1 : 1));
      facets[field] = items.slice(0, q.facetLimit);
    }
    return { count: matched.length, page, facets };
  }
}
