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

/** ASCII white space: a query's words never hold it (they are split on it), so no posting needs it. */
const space = (c: number) => c === 32 || (c >= 9 && c <= 13);

/** Each character and each pair of adjacent characters (UTF-16 units) of a text, white space aside. */
function grams(text: string): Set<string> {
  const out = new Set<string>();
  for (let i = 0; i < text.length; i++) {
    if (space(text.charCodeAt(i))) continue;
    out.add(text[i]!);
    if (i + 1 < text.length && !space(text.charCodeAt(i + 1))) out.add(text.slice(i, i + 2));
  }
  return out;
}

const grown = (a: Int32Array<ArrayBuffer>, need: number): Int32Array<ArrayBuffer> => {
  if (need <= a.length) return a;
  const b = new Int32Array(Math.max(need, a.length * 2));
  b.set(a);
  return b;
};

/**
 * One facet field: its values interned as ids, each value's slots (postings), each slot's value
 * ids in one flat array (what counting walks), and the counts over all living datasets.
 */
class FacetColumn {
  readonly dict = new Map<string, number>();
  readonly names: string[] = [];
  readonly postings: number[][] = [];
  totals = new Int32Array(64);
  #start = new Int32Array(1025);
  #flat = new Int32Array(4096);
  #length = 0;

  intern(value: string): number {
    let id = this.dict.get(value);
    if (id === undefined) {
      id = this.names.length;
      this.dict.set(value, id);
      this.names.push(value);
      this.postings.push([]);
      this.totals = grown(this.totals, id + 1);
    }
    return id;
  }

  /** A new slot's values (slots come in ascending order). */
  append(slot: number, ids: readonly number[]): void {
    this.#start = grown(this.#start, slot + 2);
    this.#flat = grown(this.#flat, this.#length + ids.length);
    this.#start[slot] = this.#length;
    for (const id of ids) {
      this.#flat[this.#length++] = id;
      this.postings[id]!.push(slot);
      this.totals[id]!++;
    }
    this.#start[slot + 1] = this.#length;
  }

  /** A slot left the living: its values no longer count in the totals. */
  drop(ids: readonly number[]): void {
    for (const id of ids) this.totals[id]!--;
  }

  count(slots: readonly number[]): Int32Array {
    const counts = new Int32Array(this.names.length);
    const start = this.#start;
    const flat = this.#flat;
    for (const slot of slots) for (let k = start[slot]!, end = start[slot + 1]!; k < end; k++) counts[flat[k]!]!++;
    return counts;
  }
}

export class SearchIndex {
  /** slot → dataset; null once it changed or left the public catalogue. */
  #docs: (Doc | null)[] = [];
  #dead = 0;
  #bySlotId = new Map<string, number>();
  #bySlotName = new Map<string, number>();
  #grams = new Map<string, number[]>();
  /** Per facet field (FACET_FIELDS' order). */
  #columns = FACET_FIELDS.map(() => new FacetColumn());
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
    doc.values.forEach((ids, f) => this.#columns[f]!.drop(ids));
    this.#docs[slot] = null;
    this.#dead++;
    this.#bySlotId.delete(id);
    this.#bySlotName.delete(doc.row.name);
  }

  #add(d: LoadedDataset): void {
    const slot = this.#docs.length;
    const r = d.row;
    const values: number[][] = [[r.organisation_code], r.tags, r.themes, r.formats, [r.licence_id]].map((list, f) => [
      ...new Set(list.map((v) => this.#columns[f]!.intern(v))),
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
    values.forEach((ids, f) => this.#columns[f]!.append(slot, ids));
    for (const [name, order] of this.#orders) order.splice(this.#position(order, doc, ORDERS[name]), 0, slot);
    if (this.#mark.length <= slot) {
      const grown = new Uint32Array(this.#mark.length * 2);
      grown.set(this.#mark);
      this.#mark = grown;
    }
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
    this.#columns = FACET_FIELDS.map(() => new FacetColumn());
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
    // Each term: the slots that may match it, and the check of a dataset (none when the list is exact).
    const terms: { slots: number[]; check: ((d: Doc) => boolean) | null }[] = [];
    for (const [field, value] of filters) {
      if (field === 'name' || field === 'id') {
        const slot =
          field === 'name' ? this.#bySlotName.get(value) : ID_RE.test(value) ? this.#bySlotId.get(value) : undefined;
        if (slot === undefined) return [];
        const only = this.#docs[slot];
        terms.push({ slots: [slot], check: (d) => d === only });
        continue;
      }
      const f = FACET_FIELDS.indexOf(field);
      const key = field === 'organization' ? this.#orgCodeByName.get(value) : value;
      const id = key === undefined ? undefined : this.#columns[f]!.dict.get(key);
      if (id === undefined) return [];
      terms.push({ slots: this.#columns[f]!.postings[id]!, check: (d) => d.values[f]!.includes(id) });
    }
    for (const w of words) {
      const slots = this.#candidates(w);
      if (slots.length === 0) return [];
      terms.push({ slots, check: (d) => d.text.includes(w) });
    }
    if (terms.length === 0) return [...this.#bySlotId.values()];
    // Walk the shortest list; its own check is needed only for a word longer than its pair.
    const driver = terms.reduce((a, b) => (b.slots.length < a.slots.length ? b : a));
    const wordAt = terms.indexOf(driver) - filters.length;
    const checks = terms.filter((t) => t !== driver || (wordAt >= 0 && words[wordAt]!.length > 2)).map((t) => t.check!);
    const matched: number[] = [];
    for (const slot of driver.slots) {
      const doc = this.#docs[slot];
      if (doc && checks.every((check) => check(doc))) matched.push(slot);
    }
    return matched;
  }

  search(q: IndexQuery): IndexAnswer {
    // Without words or filters every living dataset matches: no marks, and the totals are the facets.
    const all = q.words.length === 0 && q.filters.length === 0;
    const matched = all ? [] : this.#match(q.words, q.filters);
    const count = all ? this.size : matched.length;
    if (this.#stamp === 0xffffffff) {
      this.#mark.fill(0);
      this.#stamp = 0;
    }
    const stamp = ++this.#stamp;
    for (const slot of matched) this.#mark[slot] = stamp;
    const page: LoadedDataset[] = [];
    let skip = q.start;
    const take = (slot: number) => {
      if (!all && this.#mark[slot] !== stamp) return false;
      if (skip > 0) skip--;
      else page.push(this.#docs[slot]!);
      return page.length >= q.rows;
    };
    if (q.rows > 0 && q.start < count) {
      if (q.sort === 'score desc, metadata_modified desc' && q.words.length > 0) {
        // Relevance: datasets with every word in a title first, then the rest, newest first in each.
        const rest: number[] = [];
        let full = false;
        for (const slot of this.#order('metadata_modified desc')) {
          if (this.#mark[slot] !== stamp) continue;
          if (!q.words.every((w) => this.#docs[slot]!.title.includes(w))) rest.push(slot);
          else if ((full = take(slot))) break;
        }
        if (!full) for (const slot of rest) if (take(slot)) break;
      } else {
        const order = this.#order(q.sort === 'score desc, metadata_modified desc' ? 'metadata_modified desc' : q.sort);
        for (const slot of order) if (take(slot)) break;
      }
    }
    const facets: IndexAnswer['facets'] = {};
    for (const field of q.facetFields) {
      const column = this.#columns[FACET_FIELDS.indexOf(field)]!;
      const counts = all ? column.totals : column.count(matched);
      const items: { name: string; count: number }[] = [];
      for (let id = 0; id < column.names.length; id++) {
        if (counts[id]! <= 0) continue;
        const value = column.names[id]!;
        items.push({
          name: field === 'organization' ? (this.#orgs.get(value)?.name ?? value) : value,
          count: counts[id]!,
        });
      }
      items.sort((a, b) => b.count - a.count || (a.name < b.name ? -1 : 1));
      facets[field] = items.slice(0, q.facetLimit);
    }
    return { count, page, facets };
  }
}
