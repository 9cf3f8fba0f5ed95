/**
 * The personal-data access log's writer for reads made outside a transaction (an exchange
 * preview, an external system's read, a certificate share link's visit): every read waits
 * until its row is committed, and reads that arrive while a write is in flight share the next
 * INSERT (group commit), so logging costs one commit per burst rather than one per read.
 * Reads inside a filing's transaction write their rows in it.
 */
import type { Kysely, Transaction } from 'kysely';
import { scoped } from './db.ts';
import { accessRow, type PersonalDataAccess } from './pii.ts';
import type { PlatformTables } from './tables.ts';

type Row = ReturnType<typeof accessRow>;
interface Waiting {
  rows: Row[];
  done: (err?: unknown) => void;
}

/** At most this many rows per INSERT. */
const BATCH_ROWS = 500;

export class AccessLog {
  private readonly db: Kysely<PlatformTables>;
  private queue: Waiting[] = [];
  private writing = false;

  constructor(db: Kysely<object>) {
    this.db = scoped<PlatformTables>(db);
  }

  /** Log accesses: in `tx` when given (they commit with it), else group-committed and awaited. */
  async write(entries: readonly PersonalDataAccess[], at: Date, tx?: Transaction<object>): Promise<void> {
    if (entries.length === 0) return;
    const rows = entries.map((e) => accessRow(e, at));
    if (tx) {
      await scoped<PlatformTables>(tx).insertInto('platform.personal_data_access').values(rows).execute();
      return;
    }
    await new Promise<void>((resolve, reject) => {
      this.queue.push({ rows, done: (err) => (err ? reject(err as Error) : resolve()) });
      if (!this.writing) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.writing = true;
    while (this.queue.length > 0) {
      const batch: Waiting[] = [];
      let n = 0;
      while (this.queue.length > 0 && n < BATCH_ROWS) {
        const w = this.queue.shift()!;
        batch.push(w);
        n += w.rows.length;
      }
      try {
        await this.db
          .insertInto('platform.personal_data_access')
          .values(batch.flatMap((w) => w.rows))
          .execute();
        for (const w of batch) w.done();
      } catch (err) {
        for (const w of batch) w.done(err);
      }
    }
    this.writing = false;
  }
}
