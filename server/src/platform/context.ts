/**
 * What every module receives: the database, the clock, the data protector, the outbox and
 * a logger, plus `command()`, the one way to change state: one transaction holding the
 * change, its audit record and its events; events are delivered after commit (by this node,
 * which writes them under its lease; by any node's poller should it not).
 *
 * A module's platform carries its event map (from its manifest), so `work.emit` accepts
 * only the topics that module declares, each with its payload's type.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Logger } from 'pino';
import { auditRow, type ActorRef, type AuditEntry } from './audit.ts';
import type { Clock } from './clock.ts';
import type { DataProtector } from './crypto.ts';
import { insertAll, type LaterInserts, type PendingInsert } from './db.ts';
import type { JobRunner } from './jobs.ts';
import {
  eventRow,
  type DomainEvent,
  type EventMap,
  type NoEvents,
  type OutboxDispatcher,
  type Payload,
  type Topic,
} from './outbox.ts';

export interface Platform<E extends EventMap = NoEvents> {
  readonly db: Kysely<object>;
  readonly dbKind: 'pglite' | 'postgres';
  readonly clock: Clock;
  readonly protector: DataProtector;
  readonly outbox: OutboxDispatcher;
  /** Durable timers (deadlines, escalation): schedule with scheduleJob() inside a command, handle with jobs.register(). */
  readonly jobs: JobRunner;
  readonly log: Logger;
  /** The events the holder of this platform may emit (its module's map). */
  readonly events: E;
}

/** The same platform, emitting `events` (a module's manifest gives its own to the module). */
export const withEvents = <E extends EventMap>(platform: Platform<EventMap>, events: E): Platform<E> => ({
  ...platform,
  events,
});

export interface Work<E extends EventMap = NoEvents> extends LaterInserts {
  readonly tx: Transaction<object>;
  /** The time of this command, the same for every row it writes. */
  readonly now: Date;
  readonly actor: ActorRef;
  audit(entry: AuditEntry): Promise<void>;
  // insertLater (LaterInserts): a row of plain values inserted when the command ends (before
  // it commits), in one statement with its other such rows, its audit records and its events
  // (one round trip for all: `insertAll`). For rows nothing in the command reads back.
  // Audit records and events are written so too.
  /** Write an event of this module's map; a payload that does not match its schema throws (and rolls back). */
  emit<K extends Topic<E>>(topic: K, payload: Payload<E, K>, regionCode?: string | null): Promise<void>;
}

/** Run `fn` in one transaction with its audit records and events; answers what `fn` returns. */
export async function command<T, E extends EventMap>(
  platform: Platform<E>,
  actor: ActorRef,
  fn: (work: Work<E>) => Promise<T>,
): Promise<T> {
  const emitted: DomainEvent[] = [];
  const result = await platform.db.transaction().execute(async (tx) => {
    const now = platform.clock.now();
    // Audit records, events and insertLater's rows: written together when `fn` is done.
    const pending: PendingInsert[] = [];
    const work: Work<E> = {
      tx,
      now,
      actor,
      audit: async (entry) => {
        pending.push({ table: 'platform.audit_log', row: auditRow(actor, entry, now) });
      },
      emit: async (topic, payload, regionCode = null) => {
        const { row, written } = eventRow(
          platform.events,
          { topic, payload, regionCode, requestId: actor.requestId },
          now,
        );
        pending.push({ table: 'platform.outbox', row });
        emitted.push(written);
      },
      insertLater: (table, row, options) => {
        pending.push({ table, row, ...(options?.onConflictDoNothing ? options : {}) });
      },
    };
    const answer = await fn(work);
    await insertAll(tx, pending);
    return answer;
  });
  // Committed: this node delivers what it wrote (the events are leased to it; no claim needed).
  if (emitted.length > 0) platform.outbox.deliverWritten(emitted);
  return result;
}
