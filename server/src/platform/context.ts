/**
 * What every module receives: the database, the clock, the data protector, the outbox and
 * a logger, plus `command()`, the one way to change state: one transaction holding the
 * change, its audit record and its events; events are delivered after commit.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Logger } from 'pino';
import { writeAudit, type ActorRef, type AuditEntry } from './audit.ts';
import type { Clock } from './clock.ts';
import type { DataProtector } from './crypto.ts';
import type { JobRunner } from './jobs.ts';
import { insertEvent, type OutboxDispatcher } from './outbox.ts';

export interface Platform {
  readonly db: Kysely<object>;
  readonly dbKind: 'pglite' | 'postgres';
  readonly clock: Clock;
  readonly protector: DataProtector;
  readonly outbox: OutboxDispatcher;
  /** Durable timers (deadlines, escalation): schedule with scheduleJob() inside a command, handle with jobs.register(). */
  readonly jobs: JobRunner;
  readonly log: Logger;
}

export interface Work {
  readonly tx: Transaction<object>;
  /** The time of this command, the same for every row it writes. */
  readonly now: Date;
  readonly actor: ActorRef;
  audit(entry: AuditEntry): Promise<void>;
  emit(topic: string, payload: unknown, regionCode?: string | null): Promise<void>;
}

export async function command<T>(platform: Platform, actor: ActorRef, fn: (work: Work) => Promise<T>): Promise<T> {
  let emitted = false;
  const result = await platform.db.transaction().execute(async (tx) => {
    const now = platform.clock.now();
    const work: Work = {
      tx,
      now,
      actor,
      audit: async (entry) => {
        await writeAudit(tx, actor, entry, now);
      },
      emit: async (topic, payload, regionCode = null) => {
        emitted = true;
        await insertEvent(tx, { topic, payload, regionCode, requestId: actor.requestId }, now);
      },
    };
    return fn(work);
  });
  if (emitted) platform.outbox.kick();
  return result;
}
