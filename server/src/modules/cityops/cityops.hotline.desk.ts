/**
 * The 12345 desk (接诉即办): an operator records a call; an enquiry answered from the knowledge
 * base closes on the spot, the rest open an event through the events service (source
 * 'hotline'); a repeated caller is recognised by the blind index of their number; the figures
 * for the city screen. Operators only, of their own region; every call and caller look-up audited.
 */
import { principalActor, type Principal, type RequestOrigin } from '../../platform/auth.ts';
import { command, type Platform } from '../../platform/context.ts';
import { scoped } from '../../platform/db.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { uuidv7 } from '../../platform/ids.ts';
import { maskName, maskPhone } from '../../platform/masking.ts';
import { PII } from '../../platform/pii.ts';
import { localDate } from '../../platform/time-zone.ts';
import type { Events } from './cityops.events-service.ts';
import { CALL_RECORDED, type HotlineEvents as HotlineTopics } from './cityops.hotline.events.ts';
import type { Knowledge } from './cityops.hotline.knowledge.ts';
import { hotlinePolicy } from './cityops.hotline.policy.ts';
import * as repo from './cityops.hotline.repository.ts';
import { CALL_TYPES, type CallType, type HotlineTables } from './cityops.hotline.tables.ts';

/** A number that called within this many days before is a repeated caller (重复来电). */
export const REPEAT_WINDOW_DAYS = 30;
const CALLER_HISTORY = 20;
const CALLER_EVENTS = 10;

/** What the desk needs of the events service. */
export type HotlineEvents = Pick<Events, 'open' | 'get'>;

export interface NewCallInput {
  type: CallType;
  callerPhone: string;
  callerName?: string | undefined;
  summary: string;
  answer?: { itemCode: string; faqIndex: number | null } | undefined;
  categoryCode?: string | undefined;
  address?: string | undefined;
  lat?: number | undefined;
  lng?: number | undefined;
}

export interface HotlineDeps {
  knowledge: Knowledge;
  events: HotlineEvents;
  timeZone: string;
}

/** A number as its digits (and a leading +): the same caller however the number was typed. */
export const normalPhone = (phone: string): string => phone.replace(/[^0-9+]/g, '');

const callNotFound = () => notFound('CITYOPS_CALL_NOT_FOUND', 'No such call');

export class Desk {
  private readonly p: Platform<HotlineTopics>;
  private readonly db: repo.HotlineDb;
  private readonly deps: HotlineDeps;
  constructor(p: Platform<HotlineTopics>, deps: HotlineDeps) {
    this.p = p;
    this.db = scoped<HotlineTables>(p.db);
    this.deps = deps;
  }

  /** Knowledge-base entries for the caller's question (the catalogue's guides and FAQ). */
  async knowledge(p: Principal | null, q: string) {
    hotlinePolicy.desk(p);
    return { items: await this.deps.knowledge.search(q) };
  }

  /** Record a call. The same Idempotency-Key answers the call recorded the first time. */
  async record(p: Principal | null, input: NewCallInput, idempotencyKey: string, origin: RequestOrigin) {
    const seat = hotlinePolicy.desk(p);
    const operator = seat.principal;
    const earlier = await repo.callByKey(this.db, operator.accountId, idempotencyKey);
    if (earlier) return this.view(earlier);

    const answered = input.type === 'enquiry' && input.answer !== undefined;
    let kb: { itemCode: string; faqIndex: number | null; answer: string } | null = null;
    if (answered) {
      const cited = await this.deps.knowledge.entry(input.answer!.itemCode, input.answer!.faqIndex);
      if (!cited)
        throw new AppError(
          422,
          'CITYOPS_KNOWLEDGE_ENTRY_NOT_FOUND',
          'The cited guide or FAQ is not in the knowledge base',
        );
      kb = { itemCode: cited.itemCode, faqIndex: cited.faqIndex, answer: cited.answer.zh };
    } else if (!input.categoryCode) {
      throw new AppError(422, 'CITYOPS_CALL_CATEGORY_REQUIRED', 'A call that becomes an event needs an event category');
    }

    const phone = normalPhone(input.callerPhone);
    const indexes = this.p.protector.blindIndexes(phone, PII.phone);
    const now = this.p.clock.now();
    const repeat = await repo.calledSince(
      this.db,
      seat.regionCode,
      indexes,
      new Date(now.getTime() - REPEAT_WINDOW_DAYS * 86_400_000),
    );
    const id = uuidv7(now.getTime());

    // The event first (its own transaction in the events service); a retry with the same key
    // reaches the same event through its idempotency key.
    const event = kb
      ? null
      : await this.deps.events.open(
          null,
          {
            source: 'hotline',
            categoryCode: input.categoryCode!,
            description: input.summary,
            ...(input.lat !== undefined && input.lng !== undefined ? { lat: input.lat, lng: input.lng } : {}),
            ...(input.address ? { address: input.address } : {}),
            contact: { phone, ...(input.callerName ? { name: input.callerName } : {}) },
            externalRef: id,
            idempotencyKey: `hotline:${operator.accountId}:${idempotencyKey}`,
          },
          { system: 'hotline', origin },
        );

    try {
      return await command(this.p, principalActor(operator, origin), async (w) => {
        const db = scoped<HotlineTables>(w.tx);
        const serial = await repo.nextCallSerial(db);
        const row: repo.CallRow = {
          id,
          number: `RX${localDate(w.now, this.deps.timeZone).replaceAll('-', '')}${String(serial).padStart(6, '0')}`,
          region_code: seat.regionCode,
          type: input.type,
          caller_phone_enc: this.p.protector.seal(phone, PII.phone),
          caller_phone_bidx: indexes[0]!,
          caller_name_enc: input.callerName ? this.p.protector.seal(input.callerName, PII.name) : null,
          summary: input.summary,
          category_code: kb ? (input.categoryCode ?? null) : input.categoryCode!,
          address: input.address ?? null,
          lat: input.lat ?? null,
          lng: input.lng ?? null,
          outcome: kb ? 'answered' : 'event',
          kb_item_code: kb?.itemCode ?? null,
          kb_faq_index: kb?.faqIndex ?? null,
          answer: kb?.answer ?? null,
          event_id: event?.id ?? null,
          event_number: event?.number ?? null,
          repeat_caller: repeat,
          operator_account_id: operator.accountId,
          idempotency_key: idempotencyKey,
          received_at: w.now,
          closed_at: kb ? w.now : null,
        };
        await repo.insertCall(db, row);
        await w.emit(
          CALL_RECORDED,
          {
            callId: id,
            regionCode: seat.regionCode,
            type: row.type,
            outcome: row.outcome,
            repeatCaller: repeat,
            eventId: row.event_id,
            at: w.now.toISOString(),
          },
          seat.regionCode,
        );
        await w.audit({
          action: kb ? 'cityops.call.answered' : 'cityops.call.recorded',
          resourceType: 'hotline_call',
          resourceId: id,
          regionCode: seat.regionCode,
          change: { type: row.type, summary: row.summary, answer: row.answer, event: row.event_id },
          detail: {
            number: row.number,
            type: row.type,
            outcome: row.outcome,
            eventNumber: row.event_number,
            knowledge: kb ? `${kb.itemCode}#${kb.faqIndex ?? 'guide'}` : null,
            repeatCaller: repeat,
          },
        });
        return this.view(row);
      });
    } catch (err) {
      // Two submissions with one key at once: the other one recorded it.
      const recorded = await repo.callByKey(this.db, operator.accountId, idempotencyKey);
      if (recorded) return this.view(recorded);
      throw err;
    }
  }

  async get(p: Principal | null, id: string) {
    const seat = hotlinePolicy.desk(p);
    const row = await repo.callById(this.db, id);
    if (!row || !seat.regions.includes(row.region_code)) throw callNotFound();
    return this.view(row);
  }

  async list(
    p: Principal | null,
    q: {
      page: number;
      pageSize: number;
      type?: CallType | undefined;
      outcome?: 'answered' | 'event' | undefined;
      repeatOnly?: boolean | undefined;
    },
  ) {
    const seat = hotlinePolicy.desk(p);
    const { rows, total } = await repo.callPage(
      this.db,
      { regions: seat.regions, type: q.type, outcome: q.outcome, repeatOnly: q.repeatOnly },
      (q.page - 1) * q.pageSize,
      q.pageSize,
    );
    return { items: rows.map((r) => this.summary(r)), total };
  }

  /** A caller's earlier calls and the events they opened (with their status now): audited. */
  async caller(p: Principal | null, phoneInput: string, origin: RequestOrigin) {
    const seat = hotlinePolicy.desk(p);
    const phone = normalPhone(phoneInput);
    const indexes = this.p.protector.blindIndexes(phone, PII.phone);
    const { rows, total } = await repo.callsOfCaller(this.db, seat.regions, indexes, CALLER_HISTORY);
    const since = this.p.clock.now().getTime() - REPEAT_WINDOW_DAYS * 86_400_000;
    const eventIds = [...new Set(rows.flatMap((r) => (r.event_id ? [r.event_id] : [])))].slice(0, CALLER_EVENTS);
    const events = await Promise.all(
      eventIds.map(async (id) => {
        const call = rows.find((r) => r.event_id === id)!;
        try {
          const e = await this.deps.events.get(seat.principal, id);
          return { id, number: e.number, status: e.status, categoryCode: e.category.code, openedAt: e.openedAt };
        } catch (err) {
          if (!(err instanceof AppError) || err.status !== 404) throw err;
          return {
            id,
            number: call.event_number ?? '',
            status: 'unknown',
            categoryCode: call.category_code ?? '',
            openedAt: null,
          };
        }
      }),
    );
    await command(this.p, principalActor(seat.principal, origin), async (w) => {
      await w.audit({
        action: 'cityops.caller.looked_up',
        resourceType: 'hotline_caller',
        resourceId: null,
        regionCode: seat.regionCode,
        change: { caller: indexes[0] },
        detail: { calls: total },
      });
    });
    return {
      callerPhoneMasked: maskPhone(phone),
      repeatCaller: rows.some((r) => r.received_at.getTime() >= since),
      totalCalls: total,
      calls: rows.map((r) => this.summary(r)),
      events,
    };
  }

  /** The 12345 figures of the principal's region(s) over the last `days` days, today included. */
  async figures(p: Principal | null, days: number) {
    const { regions } = hotlinePolicy.figures(p);
    return this.figuresOf(regions, days);
  }

  /** The figures without a principal: for the city screen's own aggregates (its policy checked there). */
  async figuresOf(regions: string[], days: number) {
    const tz = this.deps.timeZone;
    const now = this.p.clock.now();
    const to = localDate(now, tz);
    const dates: string[] = [];
    for (let i = days - 1; i >= 0; i--) dates.push(localDate(new Date(now.getTime() - i * 86_400_000), tz));
    const from = dates[0]!;
    // A day's bounds in the city's zone: a margin either side, then the local dates decide.
    const fromInstant = new Date(Date.parse(`${from}T00:00:00Z`) - 14 * 3600_000);
    const toInstant = new Date(Date.parse(`${to}T00:00:00Z`) + 38 * 3600_000);
    const rows = regions.length === 0 ? [] : await repo.callsByDay(this.db, regions, fromInstant, toInstant, tz);
    const inRange = rows.filter((r) => r.day >= from && r.day <= to);
    const byDay = new Map(
      dates.map((date) => [
        date,
        { date, total: 0, answered: 0, enquiry: 0, help: 0, complaint: 0, report: 0, suggestion: 0 },
      ]),
    );
    const byType = new Map<CallType, number>(CALL_TYPES.map((t) => [t, 0]));
    let total = 0;
    let answered = 0;
    let repeatCalls = 0;
    for (const r of inRange) {
      const n = Number(r.total);
      const d = byDay.get(r.day);
      if (d) {
        d.total += n;
        d.answered += Number(r.answered);
        d[r.type] += n;
      }
      byType.set(r.type, (byType.get(r.type) ?? 0) + n);
      total += n;
      answered += Number(r.answered);
      repeatCalls += Number(r.repeats);
    }
    const repeatCallers = regions.length === 0 ? 0 : await repo.repeatCallers(this.db, regions, fromInstant, toInstant);
    return {
      from,
      to,
      total,
      answeredOnSpot: answered,
      answeredOnSpotRate: total === 0 ? 0 : Math.round((answered / total) * 1000) / 1000,
      eventsOpened: total - answered,
      repeatCallers,
      repeatCalls,
      byType: CALL_TYPES.map((type) => ({ type, count: byType.get(type) ?? 0 })),
      byDay: [...byDay.values()],
    };
  }

  /** The city screen's 12345 panel (its policy checked there): today, the window, on the spot, repeated callers, by kind. */
  async screenFigures(regionCode: string, days: number) {
    const f = await this.figuresOf([regionCode], days);
    return {
      today: f.byDay.at(-1)?.total ?? 0,
      window: f.total,
      answeredOnSpot: f.answeredOnSpot,
      repeatCallers: f.repeatCallers,
      byType: f.byType,
    };
  }

  private phoneOf(r: repo.CallRow): string {
    return maskPhone(this.p.protector.open(r.caller_phone_enc, PII.phone));
  }

  private summary(r: repo.CallRow) {
    return {
      id: r.id,
      number: r.number,
      type: r.type,
      callerPhoneMasked: this.phoneOf(r),
      summary: r.summary,
      outcome: r.outcome,
      categoryCode: r.category_code,
      eventId: r.event_id,
      eventNumber: r.event_number,
      repeatCaller: r.repeat_caller,
      receivedAt: r.received_at.toISOString(),
      closedAt: r.closed_at?.toISOString() ?? null,
    };
  }

  private view(r: repo.CallRow) {
    return {
      id: r.id,
      number: r.number,
      regionCode: r.region_code,
      type: r.type,
      callerPhoneMasked: this.phoneOf(r),
      callerNameMasked: r.caller_name_enc ? maskName(this.p.protector.open(r.caller_name_enc, PII.name)) : null,
      summary: r.summary,
      outcome: r.outcome,
      categoryCode: r.category_code,
      address: r.address,
      lat: r.lat,
      lng: r.lng,
      knowledge:
        r.kb_item_code && r.answer ? { itemCode: r.kb_item_code, faqIndex: r.kb_faq_index, answer: r.answer } : null,
      eventId: r.event_id,
      eventNumber: r.event_number,
      repeatCaller: r.repeat_caller,
      operatorAccountId: r.operator_account_id,
      receivedAt: r.received_at.toISOString(),
      closedAt: r.closed_at?.toISOString() ?? null,
    };
  }
}
