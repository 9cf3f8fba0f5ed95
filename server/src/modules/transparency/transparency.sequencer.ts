/**
 * The one sequencer: appends pending records to the tree in order, in batches, and signs a
 * checkpoint at a regular interval. Any node may run it; a lease in transparency.state says
 * which one does (another takes over when the lease runs out), and every batch locks the state
 * row, so two appenders can never interleave even when a lease is misjudged.
 *
 * Each batch: the oldest rows of the log's queue (written by trigger in each record's own
 * transaction, so a record whose transaction commits late is still taken, after those that
 * committed before it), their records' leaves, every complete subtree they close (from the
 * tree's right edge, kept in memory and reloaded from the node cache when the size moved),
 * written as entries and nodes in two statements; the queue rows deleted; then the new size and
 * root. O(log n) per leaf.
 */
import { generateKeyPairSync, createPrivateKey, randomUUID, type KeyObject } from 'node:crypto';
import { sql, type Kysely, type Transaction } from 'kysely';
import { systemActor } from '../../platform/audit.ts';
import { command, type Platform } from '../../platform/context.ts';
import { scoped } from '../../platform/db.ts';
import { CompactRange } from '../../platform/merkle.ts';
import { checkpointBody, keyHash, signNote, verifierKey } from './transparency.notes.ts';
import { leafOf, queuedRecords } from './transparency.records.ts';
import { appendRows, dequeue, readNodes, type EntryRow, type NodeRow } from './transparency.repository.ts';
import type { TransparencyTables } from './transparency.tables.ts';

export const SIGNING_KEY_CONTEXT = 'secret.transparency-key';

export interface SequencerSettings {
  /** The log's origin line (and its key's name), e.g. `gov.example/transparency`. */
  origin: string;
  batchSize: number;
  leaseMs: number;
  checkpointEveryMs: number;
}

export const defaultSequencerSettings = (origin: string): SequencerSettings => ({
  origin,
  batchSize: 1_000,
  leaseMs: 30_000,
  checkpointEveryMs: 10_000,
});

type Tx = Transaction<TransparencyTables>;

export class Sequencer {
  private readonly db: Kysely<TransparencyTables>;
  private readonly holder = randomUUID();
  private edge: CompactRange | null = null;
  /** How many queue rows the last batch took (a full batch: more may be waiting). */
  private lastTaken = 0;
  private key: { name: string; hash: string; publicKey: Buffer; privateKey: KeyObject } | null = null;
  private readonly p: Platform;
  readonly settings: SequencerSettings;

  constructor(p: Platform, settings: SequencerSettings) {
    this.p = p;
    this.settings = settings;
    this.db = scoped<TransparencyTables>(p.db);
  }

  /** Append one batch; answers how many records it appended (0: nothing pending, or another node holds the lease). */
  async appendBatch(): Promise<number> {
    const now = this.p.clock.now();
    const result = await this.db.transaction().execute(async (tx) => {
      const state = await tx
        .selectFrom('transparency.state')
        .select(['tree_size', 'lease_holder', 'lease_until'])
        .where('id', '=', 1)
        .forUpdate()
        .executeTakeFirstOrThrow();
      if (state.lease_holder && state.lease_holder !== this.holder && state.lease_until && state.lease_until > now) {
        return { taken: 0, appended: 0, edge: null };
      }
      const size = Number(state.tree_size);
      const queued = await queuedRecords(tx, this.settings.batchSize);
      const lease = { lease_holder: this.holder, lease_until: new Date(now.getTime() + this.settings.leaseMs) };
      for (const m of queued.missing) {
        this.p.log.warn({ source: m.source, recordId: m.id }, 'transparency: a queued record is gone; not logged');
      }
      if (queued.records.length === 0) {
        await dequeue(tx, queued.seqs);
        await tx.updateTable('transparency.state').set(lease).where('id', '=', 1).execute();
        return { taken: queued.seqs.length, appended: 0, edge: null };
      }
      const edge = await this.edgeAt(tx, size);
      const entries: EntryRow[] = [];
      const nodes: NodeRow[] = [];
      for (const r of queued.records) {
        const leaf = leafOf(r.source, r.id, r.hash);
        for (const n of edge.push(leaf)) nodes.push({ level: n.level, index: n.index, hash: n.hash });
        entries.push({ ...r, leaf });
      }
      await appendRows(tx, size, entries, nodes, now);
      await dequeue(tx, queued.seqs);
      await tx
        .updateTable('transparency.state')
        .set({ ...lease, tree_size: edge.size, root_hash: edge.root() })
        .where('id', '=', 1)
        .execute();
      return { taken: queued.seqs.length, appended: queued.records.length, edge };
    });
    // Kept only once committed: a batch rolled back leaves the right edge to be reloaded.
    this.edge = result.edge ?? (result.appended === 0 ? this.edge : null);
    this.lastTaken = result.taken;
    return result.appended;
  }

  /** The tree's right edge at `size`: this node's copy when current, else read from the node cache. */
  private async edgeAt(tx: Tx, size: number): Promise<CompactRange> {
    if (this.edge && this.edge.size === size) return new CompactRange(size, this.edge.snapshot());
    const peaks = await readNodes(tx, CompactRange.peakIds(size));
    return new CompactRange(size, peaks);
  }

  /** Append until nothing is pending (or another node holds the lease); answers how many. */
  async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      total += await this.appendBatch();
      if (this.lastTaken < this.settings.batchSize) return total;
    }
  }

  /**
   * Sign a checkpoint of the current tree when it grew and the last one is older than the
   * interval (or `force`); answers the new checkpoint's size, or null.
   */
  async checkpoint(force = false): Promise<number | null> {
    const key = await this.signingKey();
    const now = this.p.clock.now();
    return this.db.transaction().execute(async (tx) => {
      const state = await tx
        .selectFrom('transparency.state')
        .selectAll()
        .where('id', '=', 1)
        .forUpdate()
        .executeTakeFirstOrThrow();
      const size = Number(state.tree_size);
      if (size === 0 || !state.root_hash) return null;
      const last = await tx
        .selectFrom('transparency.checkpoints')
        .select(['tree_size', 'issued_at'])
        .orderBy('tree_size', 'desc')
        .limit(1)
        .executeTakeFirst();
      if (last && Number(last.tree_size) >= size) return null;
      if (!force && last && now.getTime() - last.issued_at.getTime() < this.settings.checkpointEveryMs) return null;
      const body = checkpointBody({
        origin: this.settings.origin,
        size,
        root: Buffer.from(state.root_hash),
        time: now,
      });
      await tx
        .insertInto('transparency.checkpoints')
        .values({
          tree_size: size,
          root_hash: state.root_hash,
          issued_at: now,
          key_hash: key.hash,
          note: signNote(body, key.name, key.publicKey, key.privateKey),
        })
        .execute();
      return size;
    });
  }

  /** The log's Ed25519 key: made on first use (an audited key change), the private half sealed at rest. */
  async signingKey(): Promise<{ name: string; hash: string; publicKey: Buffer; privateKey: KeyObject }> {
    if (this.key) return this.key;
    const name = this.settings.origin;
    const current = (db: Kysely<TransparencyTables> = this.db) =>
      db
        .selectFrom('transparency.keys')
        .selectAll()
        .where('key_name', '=', name)
        .where('retired_at', 'is', null)
        .orderBy('created_at', 'desc')
        .limit(1)
        .executeTakeFirst();
    let row = await current();
    if (!row) {
      await command(this.p, systemActor(), async (w) => {
        // One maker at a time (two nodes starting together make one key).
        await sql`select pg_advisory_xact_lock(7426011)`.execute(w.tx);
        if (await current(scoped<TransparencyTables>(w.tx))) return;
        const pair = generateKeyPairSync('ed25519');
        const raw = Buffer.from(pair.publicKey.export({ format: 'jwk' }).x ?? '', 'base64url');
        const pkcs8 = pair.privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64');
        const hash = keyHash(name, raw).toString('hex');
        await scoped<TransparencyTables>(w.tx)
          .insertInto('transparency.keys')
          .values({
            key_hash: hash,
            key_name: name,
            public_key: raw.toString('base64'),
            private_enc: this.p.protector.seal(pkcs8, SIGNING_KEY_CONTEXT),
            created_at: w.now,
            retired_at: null,
          })
          .execute();
        await w.audit({
          action: 'transparency.key.created',
          resourceType: 'transparency_key',
          resourceId: hash,
          detail: { verifierKey: verifierKey(name, raw) },
        });
      });
      row = await current();
    }
    if (!row) throw new Error('The transparency log has no signing key');
    const publicKey = Buffer.from(row.public_key, 'base64');
    const privateKey = createPrivateKey({
      key: Buffer.from(this.p.protector.open(row.private_enc, SIGNING_KEY_CONTEXT), 'base64'),
      format: 'der',
      type: 'pkcs8',
    });
    this.key = { name, hash: row.key_hash, publicKey, privateKey };
    return this.key;
  }

  /** One round: append everything pending, then sign a checkpoint if one is due. */
  async run(): Promise<void> {
    await this.drain();
    await this.checkpoint();
  }
}
