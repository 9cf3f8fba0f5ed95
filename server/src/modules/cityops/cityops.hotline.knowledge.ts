/**
 * The desk's knowledge base (知识库): the catalogue's service guides (办事指南) and their FAQ,
 * read through the catalog module's search and item reads (never its tables). An entry is an
 * item's guide, told as one answer (conditions, materials, time limit, visits, where to go), or
 * one of its FAQ; an enquiry answered from an entry cites it and closes on the spot.
 */
import { AppError } from '../../platform/errors.ts';
import type { CatalogService, LocalText, ServiceItemData } from '../catalog/index.ts';

export type CatalogReads = Pick<CatalogService, 'search' | 'get'>;

export interface KnowledgeEntry {
  itemCode: string;
  itemName: LocalText;
  departmentCode: string;
  kind: 'guide' | 'faq';
  /** The FAQ's position in the item's list; null for the guide. */
  faqIndex: number | null;
  question: LocalText;
  answer: LocalText;
}

const ITEMS_SEARCHED = 6;
const MAX_ENTRIES = 12;

const UNITS = {
  working_days: { zh: '个工作日', en: 'working days' },
  natural_days: { zh: '个自然日', en: 'calendar days' },
  hours: { zh: '小时', en: 'hours' },
} as const;

/** An item's guide as one spoken answer, in both languages. */
export function guideAnswer(d: ServiceItemData): LocalText {
  const required = d.materials.filter((m) => m.required);
  const unit = UNITS[d.promisedLimit.unit];
  const zh = [
    d.conditions.length > 0 ? `办理条件：${d.conditions.map((c) => c.zh).join('；')}。` : '',
    required.length > 0 ? `所需材料：${required.map((m) => m.name.zh).join('、')}。` : '无需提交材料。',
    `承诺时限：${d.promisedLimit.value}${unit.zh}；跑动次数：${d.visits}次。`,
    `咨询电话：${d.contacts.phone}${d.contacts.address ? `；办理地点：${d.contacts.address.zh}` : ''}。`,
  ].join('');
  const en = [
    d.conditions.length > 0 ? `Conditions: ${d.conditions.map((c) => c.en || c.zh).join('; ')}. ` : '',
    required.length > 0
      ? `Materials: ${required.map((m) => m.name.en || m.name.zh).join(', ')}. `
      : 'No materials needed. ',
    `Promised time: ${d.promisedLimit.value} ${unit.en}; visits: ${d.visits}. `,
    `Phone: ${d.contacts.phone}${d.contacts.address ? `; where: ${d.contacts.address.en || d.contacts.address.zh}` : ''}.`,
  ].join('');
  return { zh, en };
}

/** The characters and Latin words of a text, lower-cased: what a question is matched on. */
function terms(text: string): Set<string> {
  const out = new Set<string>();
  const lower = text.toLowerCase();
  for (const w of lower.match(/[a-z0-9]{2,}/g) ?? []) out.add(w);
  const han = lower.match(/[\u4e00-\u9fff]+/g) ?? [];
  for (const run of han) {
    for (let i = 0; i + 1 < run.length; i++) out.add(run.slice(i, i + 2));
    if (run.length === 1) out.add(run);
  }
  return out;
}

/** How many of the query's terms a FAQ's question and answer share. */
function overlap(query: Set<string>, text: string): number {
  const t = terms(text);
  let n = 0;
  for (const q of query) if (t.has(q)) n++;
  return n;
}

const entryOf = (code: string, d: ServiceItemData, faqIndex: number | null): KnowledgeEntry | null => {
  const base = { itemCode: code, itemName: d.name, departmentCode: d.departmentCode };
  if (faqIndex === null)
    return {
      ...base,
      kind: 'guide',
      faqIndex: null,
      question: { zh: `${d.name.zh}办事指南`, en: `Guide: ${d.name.en || d.name.zh}` },
      answer: guideAnswer(d),
    };
  const f = d.faq[faqIndex];
  return f ? { ...base, kind: 'faq', faqIndex, question: f.q, answer: f.a } : null;
};

export class Knowledge {
  private readonly catalog: CatalogReads;
  constructor(catalog: CatalogReads) {
    this.catalog = catalog;
  }

  /** Entries for a caller's question: the matching items' FAQ (best first) and their guides. */
  async search(q: string): Promise<KnowledgeEntry[]> {
    const found = await this.catalog.search(null, { q, page: 1, pageSize: ITEMS_SEARCHED });
    const query = terms(q);
    const items = await Promise.all(found.items.map((s) => this.item(s.code)));
    const faqs: { entry: KnowledgeEntry; score: number; rank: number }[] = [];
    const guides: KnowledgeEntry[] = [];
    items.forEach((d, rank) => {
      if (!d) return;
      const code = found.items[rank]!.code;
      d.faq.forEach((f, i) => {
        const score = overlap(query, `${f.q.zh} ${f.q.en} ${f.a.zh} ${f.a.en}`);
        if (score > 0) faqs.push({ entry: entryOf(code, d, i)!, score, rank });
      });
      guides.push(entryOf(code, d, null)!);
    });
    faqs.sort((a, b) => b.score - a.score || a.rank - b.rank);
    return [...faqs.map((f) => f.entry), ...guides].slice(0, MAX_ENTRIES);
  }

  /** The entry an answer cites, as the catalogue holds it now; null when there is none. */
  async entry(itemCode: string, faqIndex: number | null): Promise<KnowledgeEntry | null> {
    const d = await this.item(itemCode);
    return d ? entryOf(itemCode, d, faqIndex) : null;
  }

  private async item(code: string): Promise<ServiceItemData | null> {
    try {
      return (await this.catalog.get(null, code, null)).item;
    } catch (err) {
      if (err instanceof AppError && err.code === 'ITEM_NOT_FOUND') return null;
      throw err;
    }
  }
}
