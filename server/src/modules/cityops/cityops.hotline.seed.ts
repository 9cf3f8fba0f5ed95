/**
 * The demo's 12345 history: a few weeks of calls at the desk, made in one pass and written in
 * a few statements (fast). Enquiries cite real knowledge-base entries and close on the spot;
 * the rest open events through the events service. Callers come from a pool with a few
 * frequent ones, so repeated callers appear; every number sealed with its blind index.
 */
import { sql, type Kysely } from 'kysely';
import { systemActor } from '../../platform/audit.ts';
import { command, type Platform } from '../../platform/context.ts';
import { scoped } from '../../platform/db.ts';
import { uuidv7 } from '../../platform/ids.ts';
import type { EventMap } from '../../platform/outbox.ts';
import { PII } from '../../platform/pii.ts';
import { createRng } from '../../platform/prng.ts';
import { localDate } from '../../platform/time-zone.ts';
import { REPEAT_WINDOW_DAYS } from './cityops.hotline.desk.ts';
import type { Knowledge, KnowledgeEntry } from './cityops.hotline.knowledge.ts';
import type { CallRow } from './cityops.hotline.repository.ts';
import type { CallType, HotlineTables } from './cityops.hotline.tables.ts';

/** What callers ask about: the knowledge base is searched with these for the demo's answers. */
const QUESTIONS = ['户口', '公积金', '社保', '居住证', '营业执照', '医保', '身份证', '养老金', '失业', '开办企业'];

/** Calls that become events: type, category, what was said. */
const EVENT_CALLS: readonly (readonly [CallType, string, string])[] = [
  ['complaint', 'noise-nuisance', '夜间施工噪音扰民，影响休息'],
  ['complaint', 'illegal-parking', '小区门口车辆乱停放，堵塞消防通道'],
  ['help', 'drainage', '路面积水严重，行人无法通行'],
  ['report', 'road-damage', '道路出现坑洼，存在安全隐患'],
  ['report', 'manhole-cover', '井盖缺失，请尽快处理'],
  ['help', 'street-lighting', '路灯不亮已有多日'],
  ['complaint', 'garbage', '垃圾桶满溢无人清运'],
  ['suggestion', 'greenery', '建议在公园增设绿化和座椅'],
  ['help', 'water-supply', '小区停水一天了，无人通知'],
  ['report', 'safety-hazard', '广告牌松动，随时可能掉落'],
  ['report', 'street-vendors', '沿街商户占道经营'],
];

const STREETS = ['龙跃路', '世纪大道', '人民路', '建设路', '朝阳路', '站前路', '兴港路'];

export interface HotlineSeedOptions {
  operatorAccountId: string;
  regionCode: string;
  days: number;
  callsPerDay: number;
  timeZone: string;
  /** The category codes the events service knows: event calls of other categories take the first. */
  categories: readonly string[];
  /** The city's community names: an address naming one is routed to its grid. */
  communities: readonly string[];
  /** Open the event of a call (the events service; the call's id is its external reference). */
  openEvent: (call: { id: string; categoryCode: string; summary: string; phone: string; address: string }) => Promise<{
    id: string;
    number: string;
  }>;
  log: (m: string) => void;
}

export async function seedHotline(
  platform: Platform<EventMap>,
  knowledge: Knowledge,
  o: HotlineSeedOptions,
): Promise<number> {
  const db = scoped<HotlineTables>(platform.db);
  const seeded = await db
    .selectFrom('cityops.calls')
    .select('id')
    .where('region_code', '=', o.regionCode)
    .limit(1)
    .execute();
  if (seeded.length > 0) return 0;
  const rng = createRng('longgang-demo/hotline');
  const entries: KnowledgeEntry[] = [];
  for (const q of QUESTIONS) entries.push(...(await knowledge.search(q)).slice(0, 3));
  if (entries.length === 0 || o.categories.length === 0) return 0;
  const known = new Set(o.categories);
  // 300 callers; the first 15 call often.
  const phones = Array.from(
    { length: 300 },
    (_, i) => `13${String(5 + (i % 5))}${String(57_700_000 + i * 7_919).slice(-8)}`,
  );
  const caller = () => (rng.chance(0.25) ? phones[rng.int(0, 14)]! : phones[rng.int(15, phones.length - 1)]!);
  const now = platform.clock.now().getTime();
  const planned: { at: Date; phone: string; kind: 'answer' | 'event' }[] = [];
  for (let d = o.days - 1; d >= 0; d--) {
    const n = Math.max(1, o.callsPerDay + rng.int(-5, 5));
    for (let i = 0; i < n; i++) {
      // Between 08:00 and 20:00 in China on the day.
      const at = now - d * 86_400_000 - rng.int(0, 12 * 3600) * 1000;
      if (at > now) continue;
      planned.push({ at: new Date(at), phone: caller(), kind: rng.chance(0.45) ? 'answer' : 'event' });
    }
  }
  planned.sort((a, b) => a.at.getTime() - b.at.getTime());
  const lastCall = new Map<string, number>();
  const rows: CallRow[] = [];
  const pr = platform.protector;
  const day = (at: Date) => localDate(at, o.timeZone).replaceAll('-', '');
  for (const c of planned) {
    const id = uuidv7(c.at.getTime());
    const previous = lastCall.get(c.phone);
    lastCall.set(c.phone, c.at.getTime());
    const base = {
      id,
      number: `RX${day(c.at)}`,
      region_code: o.regionCode,
      caller_phone_enc: pr.seal(c.phone, PII.phone),
      caller_phone_bidx: pr.blindIndex(c.phone, PII.phone),
      caller_name_enc: null,
      address: null,
      lat: null,
      lng: null,
      repeat_caller: previous !== undefined && c.at.getTime() - previous <= REPEAT_WINDOW_DAYS * 86_400_000,
      operator_account_id: o.operatorAccountId,
      idempotency_key: null,
      received_at: c.at,
    };
    if (c.kind === 'answer') {
      const e = rng.pick(entries);
      rows.push({
        ...base,
        type: 'enquiry',
        summary: `来电咨询：${e.question.zh}`,
        category_code: null,
        outcome: 'answered',
        kb_item_code: e.itemCode,
        kb_faq_index: e.faqIndex,
        answer: e.answer.zh,
        event_id: null,
        event_number: null,
        closed_at: new Date(c.at.getTime() + rng.int(60, 400) * 1000),
      });
    } else {
      const [type, wanted, summary] = rng.pick(EVENT_CALLS);
      const categoryCode = known.has(wanted) ? wanted : o.categories[0]!;
      const place = o.communities.length > 0 ? rng.pick(o.communities) : '龙港市';
      const address = `${place}${rng.pick(STREETS)}${rng.int(1, 200)}号附近`;
      const event = await o.openEvent({ id, categoryCode, summary, phone: c.phone, address });
      rows.push({
        ...base,
        type,
        summary,
        category_code: categoryCode,
        address,
        outcome: 'event',
        kb_item_code: null,
        kb_faq_index: null,
        answer: null,
        event_id: event.id,
        event_number: event.number,
        closed_at: null,
      });
    }
  }
  await command(platform, systemActor(), async (w) => {
    const tx = scoped<HotlineTables>(w.tx);
    // Numbers from the sequence's range, so calls taken later continue after these.
    const serials = await takeSerials(tx, rows.length);
    rows.forEach((r, i) => (r.number = `${r.number.slice(0, 10)}${String(serials[i]).padStart(6, '0')}`));
    for (let i = 0; i < rows.length; i += 500)
      await tx
        .insertInto('cityops.calls')
        .values(rows.slice(i, i + 500))
        .execute();
    await w.audit({
      action: 'cityops.calls.seeded',
      resourceType: 'hotline_call',
      regionCode: o.regionCode,
      detail: { calls: rows.length, days: o.days },
    });
  });
  o.log(`cityops: ${rows.length} demo 12345 calls over ${o.days} days`);
  return rows.length;
}

/** Take `n` serials from the call-number sequence, in order. */
async function takeSerials(db: Kysely<HotlineTables>, n: number): Promise<number[]> {
  const r = await sql<{ v: string }>`select nextval('cityops.call_number_seq')::text as v
    from generate_series(1, ${n}) g order by g`.execute(db);
  return r.rows.map((x) => Number(x.v)).sort((a, b) => a - b);
}
