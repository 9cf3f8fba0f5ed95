/**
 * The transactional outbox (DESIGN.md §3.9): events are inserted in the transaction of the
 * change they describe and delivered after commit, at least once, to idempotent handlers.
 * Claims use a lease taken with FOR UPDATE SKIP LOCKED, so any number of nodes can drain
 * the same table, and a handler may open its own transactions (PGlite has one connection).
 *
 * Each module declares the events it emits as a topic → TypeBox schema map (`defineEvents`,
 * published in its `index.ts`). An event is checked against its schema when it is written:
 * one that does not match is a programming error, and the transaction rolls back. A
 * subscriber names the emitter's map, so its handler receives the payload's type; an event
 * that no longer matches (written by an older version) is logged and skipped for it.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Logger } from 'pino';
import type { Static, TSchema } from 'typebox';
import { Compile } from 'typebox/compile';
import type { Clock } from './clock.ts';
import { insertRow, scoped } from './db.ts';
import { uuidv7 } from './ids.ts';
import { Poller } from './poller.ts';
import type { PlatformTables } from './tables.ts';

/** The events a module emits: topic (`<module>.<entity>.<verb>`) → the payload's schema. */
export type EventMap = Readonly<Record<string, TSchema>>;
/** The map of a platform that emits nothing (the infrastructure's own, a test's reads). */
export type NoEvents = Readonly<Record<never, never>>;
export type Topic<E extends EventMap> = keyof E & string;
export type Payload<E extends EventMap, K extends Topic<E>> = Static<E[K]>;

/** Declare a module's events (keeps the literal topics and the schemas' types). */
export const defineEvents = <const E extends EventMap>(events: E): E => events;

export interface DomainEvent<P = unknown> {
  id: string;
  /** `<module>.<entity>.<verb>` */
  topic: string;
  payload: P;
  regionCode: string | null;
  createdAt: Date;
}

/** How long a claimed event is left to the node that claimed it (or wrote it) before others may deliver it. */
const LEASE_MS = 30_000;

const checkers = new WeakMap<TSchema, ReturnType<typeof Compile>>();

/** What is wrong with `payload` against `schema` (at most five problems); empty when it matches. */
export function payloadProblems(schema: TSchema, payload: unknown): string[] {
  let checker = checkers.get(schema);
  if (!checker) {
    checker = Compile(schema);
    checkers.set(schema, checker);
  }
  if (checker.Check(payload)) return [];
  return [...checker.Errors(payload)].slice(0, 5).map((e) => `${e.instancePath || '/'}: ${e.message}`);
}

/**
 * Write an event in the caller's transaction. It must be one of `events` (the emitting
 * module's map) and match its schema; otherwise this throws, and the transaction rolls back.
 *
 * The event is written already claimed by the writing node (its first attempt, under a lease):
 * `command()` hands it to this node's dispatcher after commit (`deliverWritten`), so delivering
 * it takes no claiming transaction of its own. Should this node stop before delivering it, the
 * lease runs out and any node's poller delivers it (at least once, as before).
 */
export async function insertEvent<E extends EventMap, K extends Topic<E>>(
  tx: Transaction<object> | Kysely<object>,
  events: E,
  event: { topic: K; payload: Payload<E, K>; regionCode?: string | null; requestId?: string | null },
  at: Date,
): Promise<DomainEvent> {
  const { row, written } = eventRow(events, event, at);
  await insertRow(scoped<PlatformTables>(tx), 'platform.outbox', row);
  return written;
}

/** The outbox row of an event (its payload checked against the declared schema), and the event as delivered. */
export function eventRow<E extends EventMap, K extends Topic<E>>(
  events: E,
  event: { topic: K; payload: Payload<E, K>; regionCode?: string | null; requestId?: string | null },
  at: Date,
) {
  const schema = events[event.topic];
  if (!schema) throw new Error(`Event ${event.topic} is not declared by the module that emits it`);
  const problems = payloadProblems(schema, event.payload);
  if (problems.length > 0)
    throw new Error(`Event ${event.topic} does not match its declared schema: ${problems.join('; ')}`);
  const id = uuidv7(at.getTime());
  const payload = JSON.stringify(event.payload ?? null);
  const row = {
    id,
    topic: event.topic as string,
    payload,
    region_code: event.regionCode ?? null,
    request_id: event.requestId ?? null,
    created_at: at,
    available_at: new Date(at.getTime() + LEASE_MS),
    attempts: 1,
    delivered_at: null,
    last_error: null,
  };
  // The payload as a handler reads it from the table (JSON), not the caller's object.
  const written: DomainEvent = {
    id,
    topic: event.topic,
    payload: JSON.parse(payload),
    regionCode: event.regionCode ?? null,
    createdAt: at,
  };
  return { row, written };
}

interface Subscriber {
  name: string;
  schema: TSchema;
  fn: (event: DomainEvent) => Promise<void>;
  /** Set by subscribeMany: the events of a delivery round given together (fn takes one). */
  many?: (events: DomainEvent[]) => Promise<void>;
}

const BATCH = 50;
/** Events of a batch delivered at the same time. */
const CONCURRENCY = 8;
const MAX_BACKOFF_MS = 10 * 60_000;
/** How long the events this node delivered of its own wait to be marked delivered together. */
const MARK_EVERY_MS = 250;

export class OutboxDispatcher {
  private readonly handlers = new Map<string, Subscriber[]>();
  private readonly poller = new Poller(
    () => this.drainAll(),
    (err) => this.log.error({ err }, 'outbox drain failed'),
  );
  /** Events this node wrote and holds the lease of, waiting to be delivered (deliverWritten). */
  private written: DomainEvent[] = [];
  /** Of those, the ones delivered and not yet marked so (markDelivered). */
  private toMark: string[] = [];
  private markTimer: NodeJS.Timeout | null = null;
  private readonly local = new Poller(
    () => this.deliverAllWritten(),
    (err) => this.log.error({ err }, 'outbox delivery failed'),
  );
  private readonly db: Kysely<PlatformTables>;
  private readonly clock: Clock;
  private readonly log: Logger;

  constructor(db: Kysely<object>, clock: Clock, log: Logger) {
    this.db = scoped<PlatformTables>(db);
    this.clock = clock;
    this.log = log;
  }

  /** Handle `topic` of the emitter's `events` map: `fn` receives the payload as its schema declares it. */
  subscribe<E extends EventMap, K extends Topic<E>>(
    events: E,
    topic: K,
    name: string,
    fn: (event: DomainEvent<Payload<E, K>>) => Promise<void>,
  ): void {
    const schema = events[topic];
    if (!schema) throw new Error(`${name} subscribes to ${topic}, which its emitter does not declare`);
    const list = this.handlers.get(topic) ?? [];
    list.push({ name, schema, fn: fn as Subscriber['fn'] });
    this.handlers.set(topic, list);
  }

  /**
   * Handle `topic` a round at a time: `fn` receives the round's events of the topic together
   * (at least one), so it can write them in one transaction rather than one each. It must be
   * idempotent per event, as every handler. Should it fail, each event is given to it alone,
   * so one event that cannot be handled does not hold back the others.
   */
  subscribeMany<E extends EventMap, K extends Topic<E>>(
    events: E,
    topic: K,
    name: string,
    fn: (events: DomainEvent<Payload<E, K>>[]) => Promise<void>,
  ): void {
    const many = fn as (events: DomainEvent[]) => Promise<void>;
    this.subscribe(events, topic, name, (e) => many([e]));
    const list = this.handlers.get(topic)!;
    list[list.length - 1]!.many = many;
  }

  /** Poll periodically in case another node wrote events or a delivery must be retried. */
  start(pollMs = 1_000): void {
    this.poller.start(pollMs);
  }

  /** Ask for a drain soon (another node's events, retries). Coalesces: at most one drain runs at a time. */
  kick(): void {
    this.poller.kick();
  }

  /**
   * Deliver events this node has just committed (written under its lease by insertEvent).
   * Coalesces like `kick`: what is written while a round runs goes in the next round, whose
   * delivered events are marked in one statement.
   */
  deliverWritten(events: readonly DomainEvent[]): void {
    for (const e of events) this.written.push(e);
    this.local.kick();
  }

  /** Wait until everything deliverable now has been delivered and marked so (tests, shutdown). */
  async flush(): Promise<void> {
    await this.local.flush();
    await this.markDelivered();
    await this.poller.flush();
  }

  /** Stop polling; what this node wrote and has not delivered yet is delivered (and marked) first. */
  async stop(): Promise<void> {
    await this.poller.stop();
    await this.local.flush();
    await this.local.stop();
    await this.markDelivered();
  }

  private async drainAll(): Promise<void> {
    for (;;) {
      const n = await this.drainBatch();
      if (n < BATCH) return;
    }
  }

  private async drainBatch(): Promise<number> {
    const now = this.clock.now();
    const claimed = await this.db.transaction().execute(async (tx) => {
      const due = await tx
        .selectFrom('platform.outbox')
        .select('id')
        .where('delivered_at', 'is', null)
        .where('available_at', '<=', now)
        .orderBy('available_at')
        .limit(BATCH)
        .forUpdate()
        .skipLocked()
        .execute();
      if (due.length === 0) return [];
      return tx
        .updateTable('platform.outbox')
        .set({ available_at: new Date(now.getTime() + LEASE_MS), attempts: sql<number>`attempts + 1` })
        .where(
          'id',
          'in',
          due.map((d) => d.id),
        )
        .returning(['id', 'topic', 'payload', 'region_code', 'created_at', 'attempts'])
        .execute();
    });
    const delivered = await this.deliverBatch(
      claimed.map((row) => ({
        event: {
          id: row.id,
          topic: row.topic,
          payload: row.payload,
          regionCode: row.region_code,
          createdAt: row.created_at,
        },
        attempts: row.attempts,
      })),
    );
    if (delivered.length > 0) {
      await this.db
        .updateTable('platform.outbox')
        .set({ delivered_at: this.clock.now(), last_error: null })
        .where('id', 'in', delivered)
        .execute();
    }
    return claimed.length;
  }

  /** Every event this node wrote and still holds, a round at a time. */
  private async deliverAllWritten(): Promise<void> {
    while (this.written.length > 0) {
      const round = this.written;
      this.written = [];
      const delivered = await this.deliverBatch(round.map((event) => ({ event, attempts: 1 })));
      if (delivered.length === 0) continue;
      for (const id of delivered) this.toMark.push(id);
      this.markTimer ??= setTimeout(() => {
        this.markDelivered().catch((err: unknown) => this.log.error({ err }, 'marking events delivered failed'));
      }, MARK_EVERY_MS);
    }
  }

  /**
   * Mark what this node delivered of its own events, in one statement for all that were
   * delivered in the last MARK_EVERY_MS (one commit for many submissions, not one each). The
   * events stay leased to this node meanwhile; should the statement fail or the node stop
   * before it, they are delivered again after the lease (handlers are idempotent).
   */
  private async markDelivered(): Promise<void> {
    if (this.markTimer) clearTimeout(this.markTimer);
    this.markTimer = null;
    const ids = this.toMark;
    this.toMark = [];
    if (ids.length === 0) return;
    await this.db
      .updateTable('platform.outbox')
      .set({ delivered_at: this.clock.now(), last_error: null })
      .where('id', 'in', ids)
      .execute();
  }

  /**
   * Deliver claimed events. Handlers are idempotent and independent, so a batch is delivered a
   * few at a time (a subscribeMany handler takes the batch's events of its topic at once), and
   * the delivered ones are marked in one statement (one commit for the batch, not one each, by
   * the caller). An event is delivered when every handler of it succeeded; a failed one waits
   * for its backoff, then any node's poller retries it (all its handlers: they are idempotent).
   * Answers the ids delivered.
   */
  private async deliverBatch(batch: readonly { event: DomainEvent; attempts: number }[]): Promise<string[]> {
    const ordered = [...batch].sort((a, b) => (a.event.id < b.event.id ? -1 : 1));
    const failed = new Map<string, unknown>();
    // Handlers that take many events: one call per topic for the round, each event alone if that fails.
    const topics = new Map<string, DomainEvent[]>();
    for (const { event } of ordered) {
      const list = topics.get(event.topic);
      if (list) list.push(event);
      else topics.set(event.topic, [event]);
    }
    for (const [topic, events] of topics) {
      for (const h of this.handlers.get(topic) ?? []) {
        if (!h.many) continue;
        const fit = events.filter((e) => !failed.has(e.id) && this.fits(h, e));
        if (fit.length === 0) continue;
        try {
          await h.many(fit);
        } catch (err) {
          if (fit.length === 1) failed.set(fit[0]!.id, err);
          else
            for (const e of fit) {
              try {
                await h.many([e]);
              } catch (alone) {
                failed.set(e.id, alone);
              }
            }
        }
      }
    }
    const delivered: string[] = [];
    let next = 0;
    const worker = async () => {
      while (next < ordered.length) {
        const { event, attempts } = ordered[next++]!;
        try {
          if (failed.has(event.id)) throw failed.get(event.id);
          for (const h of this.handlers.get(event.topic) ?? []) if (!h.many && this.fits(h, event)) await h.fn(event);
          delivered.push(event.id);
        } catch (err) {
          const backoff = Math.min(MAX_BACKOFF_MS, 1_000 * 2 ** Math.min(attempts, 12));
          this.log.warn({ err, eventId: event.id, topic: event.topic, attempts }, 'event handler failed; will retry');
          await this.db
            .updateTable('platform.outbox')
            .set({
              available_at: new Date(this.clock.now().getTime() + backoff),
              last_error: String(err).slice(0, 2000),
            })
            .where('id', '=', event.id)
            .execute();
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(CONCURRENCY, ordered.length) }, worker));
    return delivered;
  }

  /** Whether the payload still keeps the handler's schema; one that does not is skipped (a retry would not mend it). */
  private fits(h: Subscriber, event: DomainEvent): boolean {
    const problems = payloadProblems(h.schema, event.payload);
    if (problems.length === 0) return true;
    this.log.error(
      { eventId: event.id, topic: event.topic, handler: h.name, problems },
      'event payload does not match its declared schema; skipped',
    );
    return false;
  }

  async pendingCount(): Promise<number> {
    const r = await this.db
      .selectFrom('platform.outbox')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('delivered_at', 'is', null)
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }
}
