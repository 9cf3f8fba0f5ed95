/**
 * The city screen's live feed, across nodes.
 *
 * A module event (`cityops.event.changed`, the sensors' and the hotline's) is delivered by the
 * outbox once, to one node: the node that committed it, or whichever node's poller claims it
 * after a lease runs out. That node pushes the change to its own screens at once and appends it
 * to `cityops.screen_feed`; every node with screens open reads the rows other nodes appended
 * (one indexed query a second per node, not per screen) and pushes them to its screens. A
 * single node thus hears its own changes without waiting, and N nodes behind a load balancer
 * see the same stream a second later at most. The feed keeps minutes of rows (pruned by the
 * readers); a screen that reconnects reloads its figures, so nothing older is needed.
 *
 * PostgreSQL's LISTEN/NOTIFY would save the polling query, but it needs one dedicated
 * connection per node outside the pool and loses what is sent while a node reconnects; the
 * table works alike on PGlite and PostgreSQL and survives a dropped connection.
 */
import { EventEmitter } from 'node:events';
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Clock } from '../../platform/clock.ts';
import * as repo from './cityops.screen.repository.ts';
import type { ScreenStreamMessagesT } from './cityops.screen.schemas.ts';
import type { ScreenTables } from './cityops.screen.tables.ts';

export type LiveKind = keyof ScreenStreamMessagesT;
export interface LiveMessage<K extends LiveKind = LiveKind> {
  kind: K;
  regionCode: string;
  data: ScreenStreamMessagesT[K];
}

const POLL_MS = 1000;
const KEEP_MS = 10 * 60_000;
const PRUNE_EVERY_MS = 60_000;

export class ScreenLive {
  /** This process among the nodes sharing the database. */
  readonly node = randomUUID();
  private readonly hub = new EventEmitter();
  private listeners = 0;
  private timer: NodeJS.Timeout | null = null;
  private head: number | null = null;
  private polling = false;
  private lastPrune = 0;

  private readonly db: Kysely<ScreenTables>;
  private readonly clock: Clock;
  private readonly log: Logger;

  constructor(db: Kysely<ScreenTables>, clock: Clock, log: Logger) {
    this.db = db;
    this.clock = clock;
    this.log = log;
    this.hub.setMaxListeners(0);
  }

  /** Called by the outbox subscriber on the delivering node: push here, and to the other nodes. */
  async publish(message: LiveMessage): Promise<void> {
    this.hub.emit('message', message);
    await repo.appendFeed(this.db, {
      at: this.clock.now(),
      node: this.node,
      kind: message.kind,
      regionCode: message.regionCode,
      payload: JSON.stringify(message.data),
    });
  }

  /** Listen (a screen's stream); polls the feed while anyone listens. Answers the unsubscribe. */
  listen(fn: (message: LiveMessage) => void): () => void {
    this.hub.on('message', fn);
    this.listeners += 1;
    if (this.listeners === 1) this.start();
    let done = false;
    return () => {
      if (done) return;
      done = true;
      this.hub.off('message', fn);
      this.listeners -= 1;
      if (this.listeners === 0) this.stop();
    };
  }

  /** Read what other nodes appended since the last read (tests call it to skip the timer). */
  async poll(): Promise<void> {
    if (this.polling) return;
    this.polling = true;
    try {
      if (this.head === null) {
        this.head = await repo.feedHead(this.db);
        return;
      }
      for (;;) {
        const rows = await repo.feedAfter(this.db, this.head, 500);
        for (const row of rows) {
          this.head = row.seq;
          if (row.node === this.node) continue;
          this.hub.emit('message', {
            kind: row.kind,
            regionCode: row.region_code,
            data: JSON.parse(row.payload) as ScreenStreamMessagesT[typeof row.kind],
          });
        }
        if (rows.length < 500) break;
      }
      const now = this.clock.now().getTime();
      if (now - this.lastPrune > PRUNE_EVERY_MS) {
        this.lastPrune = now;
        await repo.pruneFeed(this.db, new Date(now - KEEP_MS));
      }
    } finally {
      this.polling = false;
    }
  }

  private start(): void {
    this.head = null;
    const tick = () => {
      this.poll()
        .catch((err: unknown) => this.log.warn({ err }, 'screen feed poll failed'))
        .finally(() => {
          if (this.timer) this.timer = setTimeout(tick, POLL_MS);
        });
    };
    this.timer = setTimeout(tick, 0);
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
