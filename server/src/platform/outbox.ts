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
import { scoped } from './db.ts';
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
 */
export async function insertEvent<E extends EventMap, K extends Topic<E>>(
  tx: Transaction<object> | Kysely<object>,
  events: E,
  event: { topic: K; payload: Payload<E, K>; regionCode?: string | null; requestId?: string | null },
  at: Date,
): Promise<string> {
  const schema = events[event.topic];
  if (!schema) throw new Error(`Event ${event.topic} is not declared by the module that emits it`);
  const problems = payloadProblems(schema, event.payload);
  if (problems.length > 0)
    throw new Error(`Event ${event.topic} does not match its declared schema: ${problems.join('; ')}`);
  const id = uuidv7(at.getTime());
  await scoped<PlatformTables>(tx)
    .insertInto('platform.outbox')
    .values({
      id,
      topic: event.topic,
      payload: JSON.stringify(event.payload ?? null),
      region_code: event.regionCode ?? null,
      request_id: event.requestId ?? null,
      created_at: at,
      available_at: at,
      delivered_at: null,
      last_error: null,
    })
    .execute();
  return id;
}

interface Subscriber {
  name: string;
  schema: TSchema;
  fn: (event: DomainEvent) => Promise<void>;
}

const LEASE_MS = 30_000;
const BATCH = 50;
/** Events of a batch delivered at the same time. */
const CONCURRENCY = 8;
const MAX_BACKOFF_MS = 10 * 60_000;

export class OutboxDispatcher {
  private readonly handlers = new Map<string, Subscriber[]>();
  private readonly poller = new Poller(
    () => this.drainAll(),
    (err) => this.log.error({ err }, 'outbox drain failed'),
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

  /** Poll periodically in case another node wrote events or a delivery must be retried. */
  start(pollMs = 1_000): void {
    this.poller.start(pollMs);
  }

  /** Ask for a drain soon (after a commit). Coalesces: at most one drain runs at a time. */
  kick(): void {
    this.poller.kick();
  }

  /** Wait until everything deliverable now has been delivered (tests, shutdown). */
  flush(): Promise<void> {
    return this.poller.flush();
  }

  stop(): Promise<void> {
    return this.poller.stop();
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
    claimed.sort((a, b) => (a.id < b.id ? -1 : 1));
    // Handlers are idempotent and independent, so a batch is delivered a few at a time, and
    // the delivered ones are marked in one statement (one commit for the batch, not one each).
    const delivered: string[] = [];
    let next = 0;
    const worker = async () => {
      while (next < claimed.length) {
        const row = claimed[next++]!;
        const event: DomainEvent = {
          id: row.id,
          topic: row.topic,
          payload: row.payload,
          regionCode: row.region_code,
          createdAt: row.created_at,
        };
        try {
          for (const h of this.handlers.get(row.topic) ?? []) await this.deliver(h, event);
          delivered.push(row.id);
        } catch (err) {
          const backoff = Math.min(MAX_BACKOFF_MS, 1_000 * 2 ** Math.min(row.attempts, 12));
          this.log.warn(
            { err, eventId: row.id, topic: row.topic, attempts: row.attempts },
            'event handler failed; will retry',
          );
          await this.db
            .updateTable('platform.outbox')
            .set({
              available_at: new Date(this.clock.now().getTime() + backoff),
              last_error: String(err).slice(0, 2000),
            })
            .where('id', '=', row.id)
            .execute();
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(CONCURRENCY, claimed.length) }, worker));
    if (delivered.length > 0) {
      await this.db
        .updateTable('platform.outbox')
        .set({ delivered_at: this.clock.now(), last_error: null })
        .where('id', 'in', delivered)
        .execute();
    }
    return claimed.length;
  }

  /** One handler, if the payload still keeps its schema; one that does not is skipped (a retry would not mend it). */
  private async deliver(h: Subscriber, event: DomainEvent): Promise<void> {
    const problems = payloadProblems(h.schema, event.payload);
    if (problems.length === 0) return h.fn(event);
    this.log.error(
      { eventId: event.id, topic: event.topic, handler: h.name, problems },
      'event payload does not match its declared schema; skipped',
    );
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
