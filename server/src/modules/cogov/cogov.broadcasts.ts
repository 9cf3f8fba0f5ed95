/**
 * Messages to the residents of a place: a community notice published (通知公告), a consultation
 * opening (议事协商). Each resident's account gets the message in the app's inbox and on the
 * channels it chose (notify: e-mail when turned on). The audience is the roster's residents of
 * the community, grid or city (born in or before a year, for a vote's minimum age), told through
 * their accounts verified by real name (identity).
 *
 * A durable job reads the audience a page at a time and tells each page in one transaction, so a
 * city-wide consultation's 460,000 residents are told without one long transaction; the next
 * page's job is keyed by where it starts. Every message is made once per (source, account):
 * a page run twice tells no one twice. The source is read again when its job runs, so a notice
 * withdrawn meanwhile is not sent on.
 */
import { systemActor } from '../../platform/audit.ts';
import { command, type Platform } from '../../platform/context.ts';
import type { LaterInserts } from '../../platform/db.ts';
import { scheduleJobLater, type Job } from '../../platform/jobs.ts';
import type { NotifyApi } from '../notify/index.ts';

/** Who is told: the residents of a community, a grid or (communityId null) the city. */
export interface Audience {
  regionCode: string;
  communityId: string | null;
  gridId: string | null;
  /** Only residents born in or before this year (a consultation's minimum age), or all. */
  bornInOrBefore: number | null;
}

/** What one broadcast tells, and whom. */
export interface Broadcast {
  audience: Audience;
  topic: string;
  title: { zh: string; en: string };
  body: { zh: string; en: string };
  /** An in-app path. */
  link: string;
}

/** Reads what to tell about one item when its job runs; null when there is nothing to tell any more. */
export type BroadcastSource = (id: string, now: Date) => Promise<Broadcast | null>;

export const BROADCAST_JOB = 'cogov.broadcast';

interface Payload {
  source: string;
  id: string;
  /** The resident the page starts after (null: the first page). */
  after: string | null;
}

interface Deps {
  notifyAccount: NotifyApi['notifyAccount'];
  residentAccounts(
    audience: Audience,
    after: string | null,
    limit: number,
  ): Promise<{ accountIds: string[]; next: string | null }>;
}

export class Broadcasts {
  private readonly sources = new Map<string, BroadcastSource>();
  /** Residents read (and accounts told) per page, one transaction each (a test makes it small to page). */
  pageSize = 500;
  private readonly platform: Platform;
  private readonly deps: Deps;

  constructor(platform: Platform, deps: Deps) {
    this.platform = platform;
    this.deps = deps;
    platform.jobs.register<Payload>(BROADCAST_JOB, (job) => this.run(job));
  }

  /** A kind of item whose broadcasts this part schedules (e.g. 'notice'), and how to read one. */
  register(source: string, read: BroadcastSource): void {
    if (this.sources.has(source)) throw new Error(`broadcast source ${source} registered twice`);
    this.sources.set(source, read);
  }

  /** Tell the item's audience at `runAt` (now, or when a consultation opens): in the command that makes the item. */
  schedule(w: LaterInserts, item: { source: string; id: string; regionCode: string }, runAt: Date, now: Date): void {
    scheduleJobLater(w, this.job(item.source, item.id, null, runAt, item.regionCode), now);
  }

  private job(source: string, id: string, after: string | null, runAt: Date, regionCode: string) {
    return {
      kind: BROADCAST_JOB,
      key: `${BROADCAST_JOB}:${source}:${id}:${after ?? ''}`,
      payload: { source, id, after } satisfies Payload,
      runAt,
      regionCode,
    };
  }

  /** One page of the audience told; the next page's job scheduled with it. */
  private async run(job: Job<Payload>): Promise<void> {
    const { source, id, after } = job.payload;
    const read = this.sources.get(source);
    if (!read) throw new Error(`no broadcast source ${source}`);
    const b = await read(id, this.platform.clock.now());
    if (!b) return;
    const page = await this.deps.residentAccounts(b.audience, after, this.pageSize);
    await command(this.platform, systemActor(), async (w) => {
      for (const accountId of page.accountIds)
        await this.deps.notifyAccount(
          w.tx,
          {
            accountId,
            regionCode: b.audience.regionCode,
            topic: b.topic,
            title: b.title,
            body: b.body,
            link: b.link,
            sourceEventId: `cogov-${source}:${id}`,
          },
          w.now,
        );
      if (page.next) scheduleJobLater(w, this.job(source, id, page.next, w.now, b.audience.regionCode), w.now);
    });
    if (page.next) this.platform.jobs.kick(); // the next page now, not at the next poll
  }
}
