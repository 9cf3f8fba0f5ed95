/**
 * The one sequencer: appends pending records to the tree in order, in batches, and signs a
 * checkpoint at a regular interval. Any node may run it; a lease in transparency.state says
 * which one does (another takes over when the lease runs out), and every batch locks the state
 * row, so two appenders can never interleave even when a lease is misjudged.
 *
 * Each batch: the pending records (oldest first), their leaves, every complete subtree they
 * close (from the tree's right edge, kept in memory and reloaded from the node cache when the
 * size moved), written as entries and nodes; then the new size and root. O(log n) per leaf.
 */
import { generateKeyPairSync, createPrivateKey, randomUUID, type KeyObject } from 'node:crypto';
import { sql, type Kysely, type Transaction } from 'kysely';
import { systemActor } from '../../platform/audit.ts';
import { command, type Platform } from '../../platform/context.ts';
import { scoped } from '../../platform/db.ts';
import { CompactRange, type Hash } from '../../platform/merkle.ts';
import { checkpointBody, keyHash, signNote, verifierKey } from './transparency.notes.ts';
import { leafOf, pendingRecords } from './transparency.records.ts';
import { readNodes } from './transparency.repository.ts';
import type { TransparencyTables } from './transparency.tables.ts';

export const SIGNING_KEY_CONTEXT = 'secret.transparency-key';

export interface SequencerSettings {
  /** The log's origin line (and its key's name), e.g. `gov.example/transparency`. */
  origin: string;
  batchSize: number;
  /** How far behind its cursor the sequencer looks for records whose transaction committed late. */
  lookbackMs: number;
  leaseMs: number;
  checkpointEveryMs: number;
}

export const defaultSequencerSettings = (origin: string): SequencerSettings => ({
  origin,
  batchSize: 1_000,
  lookbackMs: 120_000,
  leaseMs: 30_000,
  checkpointEveryMs: 10_000,
});

type Tx = Transaction<TransparencyTables>;

export class Sequencer {
  private readonly db: Kysely<TransparencyTables>;
  private readonly holder = randomUUID();
  private edge: CompactRange | null = null;
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
        .selectAll()
        .where('id', '=', 1)
        .forUpdate()
        .executeTakeFirstOrThrow();
      if (state.lease_holder && state.lease_holder !== this.holder && state.lease_until && state.lease_until > now) {
        return { appended: 0, edge: null };
      }
      const size = Number(state.tree_size);
      const since = state.cursor_at ? new Date(state.cursor_at.getTime() - this.settings.lookbackMs) : null;
      const records = await pendingRecords(tx, since, this.settings.batchSize);
      const lease = { lease_holder: this.holder, lease_until: new Date(now.getTime() + this.settings.leaseMs) };
      if (records.length === 0) {
        await tx.updateTable('transparency.state').set(lease).where('id', '=', 1).execute();
        return { appended: 0, edge: null };
      }
      const edge = await this.edgeAt(tx, size);
      const entries = [];
      const nodes: Array<{ level: number; idx: number; hash: Hash }> = [];
      let cursor = state.cursor_at ?? new Date(0);
      for (const [i, r] of records.entries()) {
        const leaf = leafOf(r.source, r.id, r.hash);
        for (const n of edge.push(leaf)) nodes.push({ level: n.level, idx: n.index, hash: n.hash });
        entries.push({
          idx: size + i,
          source: r.source,
          record_id: r.id,
          record_at: r.at,
          action: r.action,
          resource_type: r.resourceType,
          resource_id: r.resourceId,
          record_hash: r.hash,
          leaf_hash: leaf,
          appended_at: now,
        });
        if (r.at > cursor) cursor = r.at;
      }
      await tx.insertInto('transparency.entries').values(entries).execute();
      for (let at = 0; at < nodes.length; at += 2_000) {
        await tx
          .insertInto('transparency.nodes')
          .values(nodes.slice(at, at + 2_000))
          .execute();
      }
      await tx
        .updateTable('transparency.state')
        .set({ ...lease, tree_size: edge.size, root_hash: edge.root(), cursor_at: cursor })
        .where('id', '=', 1)
        .execute();
      return { appended: records.length, edge };
    });
    // Kept only once committed: a batch rolled back leaves the right edge to be reloaded.
    this.edge = result.edge ?? (result.appended === 0 ? this.edge : null);
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
      const n = await this.appendBatch();
      total += n;
      if (n < this.settings.batchSize) return total;
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
