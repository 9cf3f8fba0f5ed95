/**
 * The service catalogue's search index: in memory, fed from the catalogue (and rebuilt from
 * it at start), so a search costs no database round trip (DESIGN.md §3.16: secondary
 * indexes are fed after commit and can be rebuilt).
 *
 * Chinese has no spaces, so text is indexed twice: as words from `Intl.Segmenter` (ICU's
 * dictionary segmentation) and as overlapping character bigrams (the CJK analyser of
 * Lucene), which catches words the dictionary splits differently (住房公积金 → 公积, 积金).
 * Latin text is lower-cased words with a light plural stemming. Chinese words are also
 * indexed by their pinyin, run together and as initials (社保 → shebao, sb; 公积金 →
 * gongjijin, gjj), so people who type pinyin find them. Synonym groups (身份证 / 居民身份证,
 * 社保 / 社会保险, and everyday words: 生孩子 → 出生, 结婚 → 婚姻登记) are folded to one
 * canonical token at index and query time. The last query token also matches as a prefix, so
 * results come as one types. An English query must match each of its words (a synonym phrase
 * counts as matched): "residence permit" is not any permit.
 * Ranking: field-weighted, IDF-scaled matches, boosted by how much an item is used.
 *
 * Documents are service items or life-event bundles (`kind`); a search asks for one kind.
 */
import { pinyin } from 'pinyin-pro';

export interface SearchDoc {
  id: string;
  /** A service item (the default) or a life-event bundle. */
  kind?: 'item' | 'bundle';
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
  /** How well the text matched, before popularity: comparable between items and bundles. */
  match: number;
}

const FIELD_WEIGHT = { name: 4, keywords: 2.5, department: 1, code: 3 } as const;
/** Pinyin is a way in, not the text itself: it weighs less, initials least. */
const PINYIN_WEIGHT = 0.8;
const INITIALS_WEIGHT = 0.5;
const CJK = /[\u3400-\u9fff\uf900-\ufaff]/;
const CJK_RUNS = /[\u3400-\u9fff\uf900-\ufaff]+/g;
const segmenter = new Intl.Segmenter('zh', { granularity: 'word' });
/** English words that do not have to match. */
const STOP_WORDS = new Set(['a', 'an', 'and', 'the', 'of', 'for', 'to', 'in', 'on', 'my', 'with', 'by', 'at', 'or']);

/**
 * Pinyin of the Chinese in a text, as its syllables run together (社保 → shebao) and as their
 * initials (sb), without tones: of every run of two to four characters (the dictionary splits
 * 公积金 as 公积 + 金, people type gongjijin) and of each whole run.
 */
export function pinyinTokens(text: string): { full: string[]; initials: string[] } {
  const full = new Set<string>();
  const initials = new Set<string>();
  for (const run of text.normalize('NFKC').match(CJK_RUNS) ?? []) {
    const tokens = runTokens(run);
    for (const t of tokens.full) full.add(t);
    for (const t of tokens.initials) initials.add(t);
  }
  return { full: [...full], initials: [...initials] };
}

/** The pinyin tokens of one run of Chinese, remembered: the index is rebuilt from the same names every half minute. */
const runCache = new Map<string, { full: string[]; initials: string[] }>();
const RUN_CACHE_SIZE = 20_000;
function runTokens(run: string): { full: string[]; initials: string[] } {
  const cached = runCache.get(run);
  if (cached) return cached;
  const full = new Set<string>();
  const initials = new Set<string>();
  const syllables = run.length >= 2 ? pinyin(run, { toneType: 'none', type: 'array', v: true }) : [];
  if (syllables.length === run.length && syllables.every((x) => /^[a-z]+$/.test(x))) {
    const take = (from: number, to: number) => {
      const part = syllables.slice(from, to);
      full.add(part.join(''));
      initials.add(part.map((x) => x[0]).join(''));
    };
    for (let n = 2; n <= 4; n++) for (let i = 0; i + n <= run.length; i++) take(i, i + n);
    take(0, run.length);
  }
  const tokens = { full: [...full], initials: [...initials] };
  if (runCache.size >= RUN_CACHE_SIZE) runCache.clear();
  runCache.set(run, tokens);
  return tokens;
}

const isLatin = (token: string) => /^[a-z0-9][a-z0-9'-]*$/.test(token);

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
    return this.expanded(text).text;
  }

  /** The text with its synonyms' head terms, and the English words that a synonym phrase accounted for. */
  private expanded(text: string): { text: string; phraseWords: Set<string> } {
    const lower = text.toLowerCase();
    const extra: string[] = [];
    const phraseWords = new Set<string>();
    for (const [term, head] of this.canonical) {
      if (!lower.includes(term)) continue;
      if (/[a-z]/.test(term)) for (const w of term.split(/\s+/)) phraseWords.add(stem(w));
      if (term !== head) extra.push(head);
    }
    return { text: extra.length ? `${text} ${extra.join(' ')}` : text, phraseWords };
  }

  upsert(doc: SearchDoc): void {
    this.remove(doc.id);
    this.docs.set(doc.id, doc);
    const weights = new Map<string, number>();
    const put = (t: string, w: number) => weights.set(t, Math.max(weights.get(t) ?? 0, w));
    const add = (text: string, w: number) => {
      const expanded = this.expand(text);
      for (const t of tokenize(expanded)) put(t, w);
      const py = pinyinTokens(expanded);
      for (const t of py.full) put(t, w * PINYIN_WEIGHT);
      for (const t of py.initials) put(t, w * INITIALS_WEIGHT);
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

  /**
   * Items matching `query` (filtered, ranked, paged) and, with `bundleLimit`, the best bundles
   * too, scored in the same pass. `best` is the best item's match before popularity.
   */
  search(
    query: string,
    filters: SearchFilters = {},
    page = { offset: 0, limit: 20 },
    bundleLimit = 0,
  ): { total: number; items: SearchHit[]; best: number; bundles: SearchHit[] } {
    const q = query.trim();
    const scores = new Map<string, number>();
    if (q) {
      const { text, phraseWords } = this.expanded(q);
      const tokens = [...new Set(tokenize(text))];
      const n = this.docs.size || 1;
      const last = tokens.at(-1);
      // Each English word of the query must match (a synonym phrase or a stop word need not).
      const required = new Set(
        [...new Set(tokenize(q))].filter((t) => isLatin(t) && !STOP_WORDS.has(t) && !phraseWords.has(t)),
      );
      const matched = required.size > 0 ? new Map<string, number>() : null;
      for (const t of tokens) {
        const exact = this.postings.get(t);
        const lists: [Map<string, number>, number][] = exact ? [[exact, 1]] : [];
        // As-you-type: the last Latin token may be unfinished.
        if (t === last && !CJK.test(t))
          for (const pt of this.prefixTokens(t)) if (pt !== t) lists.push([this.postings.get(pt)!, 0.6]);
        const counted = matched && required.has(t) ? new Set<string>() : null;
        for (const [list, factor] of lists) {
          const idf = Math.log(1 + n / list.size);
          for (const [id, w] of list) {
            scores.set(id, (scores.get(id) ?? 0) + w * idf * factor);
            if (counted && !counted.has(id)) {
              counted.add(id);
              matched!.set(id, (matched!.get(id) ?? 0) + 1);
            }
          }
        }
      }
      if (matched) for (const id of scores.keys()) if ((matched.get(id) ?? 0) < required.size) scores.delete(id);
    } else {
      for (const [id, doc] of this.docs) if (doc.kind !== 'bundle') scores.set(id, 0);
    }
    // Require most of the query to match: drop documents that matched only a sliver (of their kind's best).
    let bestItem = 0;
    let bestBundle = 0;
    for (const [id, s] of scores)
      if (this.docs.get(id)!.kind === 'bundle') bestBundle = Math.max(bestBundle, s);
      else bestItem = Math.max(bestItem, s);
    const items: SearchHit[] = [];
    const bundles: SearchHit[] = [];
    let best = 0;
    for (const [id, s] of scores) {
      const doc = this.docs.get(id)!;
      const bundle = doc.kind === 'bundle';
      if (s < (bundle ? bestBundle : bestItem) * 0.25 || (bundle && bundleLimit === 0)) continue;
      if (!this.matches(doc, bundle ? { targetUser: filters.targetUser } : filters)) continue;
      if (!bundle) best = Math.max(best, s);
      (bundle ? bundles : items).push({
        id,
        score: s * (1 + Math.log1p(doc.popularity) / 4) + Math.log1p(doc.popularity) / 100,
        match: s,
      });
    }
    const order = (a: SearchHit, b: SearchHit) => b.score - a.score || (a.id < b.id ? -1 : 1);
    items.sort(order);
    bundles.sort(order);
    return {
      total: items.length,
      items: items.slice(page.offset, page.offset + page.limit),
      best,
      bundles: bundles.slice(0, bundleLimit),
    };
  }
}
