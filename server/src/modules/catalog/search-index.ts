/**
 * The service catalogue's search index: in memory, fed from the catalogue (and rebuilt from
 * it at start), so a search costs no database round trip (DESIGN.md §3.16: secondary
 * indexes are fed after commit and can be rebuilt).
 *
 * Chinese has no spaces, so text is indexed twice: as words from `Intl.Segmenter` (ICU's
 * dictionary segmentation) and as overlapping character bigrams (the CJK analyser of
 * Lucene), which catches words the dictionary splits differently (住房公积金 → 公积, 积金).
 * Latin text is lower-cased words with a light plural stemming. Synonym groups
 * (身份证 / 居民身份证, 社保 / 社会保险) are folded to one canonical token at index and
 * query time. The last query token also matches as a prefix, so results come as one types.
 * Ranking: field-weighted, IDF-scaled matches, boosted by how much an item is used.
 */

export interface SearchDoc {
  id: string;
  code: string;
  name: { zh: string; en: string };
  /** Other words people use for it (aliases, common names). */
  keywords: readonly string[];
  department: string;
  departmentName?: { zh: string; en: string };
  targetUsers: readonly ('person' | 'enterprise')[];
  themes: readonly string[];
  lifeEvents: readonly string[];
  /** Uses in the recent past (applications filed); ranks popular items first. */
  popularity: number;
}

export interface SearchFilters {
  targetUser?: 'person' | 'enterprise' | undefined;
  department?: string | undefined;
  theme?: string | undefined;
  lifeEvent?: string | undefined;
}

export interface SearchHit {
  id: string;
  score: number;
}

const FIELD_WEIGHT = { name: 4, keywords: 2.5, department: 1, code: 3 } as const;
const CJK = /[\u3400-\u9fff\uf900-\ufaff]/;
const segmenter = new Intl.Segmenter('zh', { granularity: 'word' });

function stem(word: string): string {
  if (word.length > 4 && word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (word.length > 3 && word.endsWith('s') && !word.endsWith('ss')) return word.slice(0, -1);
  return word;
}

/** Tokens of a text: segmenter words, CJK bigrams (and single CJK characters for one-character queries). */
export function tokenize(text: string): string[] {
  const out: string[] = [];
  for (const seg of segmenter.segment(text.normalize('NFKC').toLowerCase())) {
    if (!seg.isWordLike) continue;
    const w = seg.segment;
    if (CJK.test(w)) {
      out.push(w);
    } else {
      out.push(stem(w));
    }
  }
  // Bigrams over every run of CJK characters, across the segmenter's word boundaries.
  for (const run of text.normalize('NFKC').match(/[\u3400-\u9fff\uf900-\ufaff]+/g) ?? []) {
    if (run.length === 1) out.push(run);
    for (let i = 0; i + 1 < run.length; i++) out.push(run.slice(i, i + 2));
  }
  return out;
}

export class CatalogSearchIndex {
  private readonly docs = new Map<string, SearchDoc>();
  /** token → (doc id → weight) */
  private readonly postings = new Map<string, Map<string, number>>();
  private readonly docTokens = new Map<string, string[]>();
  /** Sorted token list for prefix matching of the last query token. */
  private sortedTokens: string[] | null = null;
  private readonly canonical = new Map<string, string>();

  constructor(opts: { synonyms?: readonly (readonly string[])[] } = {}) {
    for (const group of opts.synonyms ?? []) {
      const head = group[0]!.toLowerCase();
      for (const term of group) this.canonical.set(term.toLowerCase(), head);
    }
  }

  get size(): number {
    return this.docs.size;
  }

  /** Fold synonyms: a text containing any term of a group also carries the group's head term. */
  private expand(text: string): string {
    const lower = text.toLowerCase();
    const extra: string[] = [];
    for (const [term, head] of this.canonical) if (term !== head && lower.includes(term)) extra.push(head);
    return extra.length ? `${text} ${extra.join(' ')}` : text;
  }

  upsert(doc: SearchDoc): void {
    this.remove(doc.id);
    this.docs.set(doc.id, doc);
    const weights = new Map<string, number>();
    const add = (text: string, w: number) => {
      for (const t of tokenize(this.expand(text))) weights.set(t, Math.max(weights.get(t) ?? 0, w));
    };
    add(`${doc.name.zh} ${doc.name.en}`, FIELD_WEIGHT.name);
    add(doc.keywords.join(' '), FIELD_WEIGHT.keywords);
    if (doc.departmentName) add(`${doc.departmentName.zh} ${doc.departmentName.en}`, FIELD_WEIGHT.department);
    weights.set(doc.code.toLowerCase(), FIELD_WEIGHT.code);
    for (const [t, w] of weights) {
      let p = this.postings.get(t);
      if (!p) {
        p = new Map();
        this.postings.set(t, p);
        this.sortedTokens = null;
      }
      p.set(doc.id, w);
    }
    this.docTokens.set(doc.id, [...weights.keys()]);
  }

  remove(id: string): void {
    for (const t of this.docTokens.get(id) ?? []) {
      const p = this.postings.get(t);
      p?.delete(id);
      if (p && p.size === 0) {
        this.postings.delete(t);
        this.sortedTokens = null;
      }
    }
    this.docTokens.delete(id);
    this.docs.delete(id);
  }

  /** Record uses (e.g. from `applications.case.submitted` events) so popular items rank first. */
  addPopularity(id: string, uses: number): void {
    const d = this.docs.get(id);
    if (d) this.docs.set(id, { ...d, popularity: d.popularity + uses });
  }

  private prefixTokens(prefix: string, limit = 50): string[] {
    this.sortedTokens ??= [...this.postings.keys()].sort();
    const s = this.sortedTokens;
    let lo = 0;
    let hi = s.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (s[mid]! < prefix) lo = mid + 1;
      else hi = mid;
    }
    const out: string[] = [];
    for (let i = lo; i < s.length && out.length < limit && s[i]!.startsWith(prefix); i++) out.push(s[i]!);
    return out;
  }

  private matches(doc: SearchDoc, f: SearchFilters): boolean {
    return (
      (!f.targetUser || doc.targetUsers.includes(f.targetUser)) &&
      (!f.department || doc.department === f.department) &&
      (!f.theme || doc.themes.includes(f.theme)) &&
      (!f.lifeEvent || doc.lifeEvents.includes(f.lifeEvent))
    );
  }

  search(
    query: string,
    filters: SearchFilters = {},
    page = { offset: 0, limit: 20 },
  ): { total: number; items: SearchHit[] } {
    const q = query.trim();
    const scores = new Map<string, number>();
    if (q) {
      const tokens = [...new Set(tokenize(this.expand(q)))];
      const n = this.docs.size || 1;
      const last = tokens.at(-1);
      for (const t of tokens) {
        const exact = this.postings.get(t);
        const lists: [Map<string, number>, number][] = exact ? [[exact, 1]] : [];
        // As-you-type: the last Latin token may be unfinished.
        if (t === last && !CJK.test(t))
          for (const pt of this.prefixTokens(t)) if (pt !== t) lists.push([this.postings.get(pt)!, 0.6]);
        for (const [list, factor] of lists) {
          const idf = Math.log(1 + n / list.size);
          for (const [id, w] of list) scores.set(id, (scores.get(id) ?? 0) + w * idf * factor);
        }
      }
      // Require most of the query to match: drop documents that matched only a sliver.
      const best = Math.max(0, ...scores.values());
      for (const [id, s] of scores) if (s < best * 0.25) scores.delete(id);
    } else {
      for (const id of this.docs.keys()) scores.set(id, 0);
    }
    const hits: SearchHit[] = [];
    for (const [id, s] of scores) {
      const doc = this.docs.get(id)!;
      if (!this.matches(doc, filters)) continue;
      hits.push({ id, score: s * (1 + Math.log1p(doc.popularity) / 4) + Math.log1p(doc.popularity) / 100 });
    }
    hits.sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1));
    return { total: hits.length, items: hits.slice(page.offset, page.offset + page.limit) };
  }
}
