/**
 * Data-key rotation: re-seal every sealed field and re-key every blind index under the current
 * key, in small batches, while the platform serves; then retire the old keys.
 *
 * The protector's key ring is [current, ...older]. Every ciphertext names its key
 * (`a256gcm.<key id>.…`), so rows are found by what they hold. Per batch, one short transaction:
 *
 * 1. Sealed columns (declared by each module, `SealedField`): rows are read in key order from
 *    a cursor; a value under an older key is opened and sealed again; when the column has a
 *    blind index, its index is recomputed and the pair (old index → new index) is recorded in
 *    `platform.blind_index_map`. The update is conditional on the value being unchanged since it
 *    was read (`… where col = <what was read>`), so a write made meanwhile by the platform is
 *    never overwritten, and writers are never locked out for more than one batch.
 * 2. Copied blind indexes (an index of a value sealed elsewhere, e.g. the access log's subject):
 *    re-keyed through the map, in key order too. These run after every sealed column is done.
 * 3. A check: no value under an older key, no index the map knows as old. Anything written
 *    meanwhile by a node still sealing with an older key is caught here and the tasks run again.
 *    Then the older keys are marked retired (`platform.data_keys`), the map is emptied, and the
 *    retirement is audited.
 *
 * Progress (a cursor per task) is committed with each batch in `platform.key_rotation_progress`,
 * so a rotation killed at any moment resumes where it stopped; a batch either committed whole
 * or not at all. Reads work throughout: the older keys stay loaded, and look-ups by blind index
 * match the index under every loaded key (`DataProtector.blindIndexes`).
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import { writeAudit, systemActor } from './audit.ts';
import type { Clock } from './clock.ts';
import type { DataProtector } from './crypto.ts';
import type { SealedField } from './module.ts';
import { PII } from './pii.ts';

/** The platform's own blind-index copies: the personal-data access log's subject (a citizen ID number's index). */
export const platformSealedFields: readonly SealedField[] = [
  {
    table: 'platform.personal_data_access',
    key: ['id'],
    copiedBlindIndex: 'subject_index',
    context: PII.citizenId,
  },
];

export interface RotationOptions {
  batchSize?: number;
  log?: (msg: string) => void;
  /** Stop after the batch in progress (the next run resumes). */
  signal?: AbortSignal;
  /** Called after each committed batch. */
  onBatch?: (task: string, changed: number) => void;
}

export interface RotationReport {
  /** The key everything is now sealed under. */
  current: string;
  /** Keys retired by this run. */
  retired: string[];
  /** Values re-sealed and indexes re-keyed by this run. */
  changed: number;
  /** True when the rotation is complete (or there was nothing to rotate). */
  done: boolean;
  /** Rounds of tasks this run needed (more than one when stragglers were found by the check). */
  rounds: number;
}

const taskName = (f: SealedField) => `${f.table}.${'column' in f ? f.column : f.copiedBlindIndex}`;
const tableId = (qualified: string) => {
  const [schema, name] = qualified.split('.');
  return sql.id(schema!, name!);
};

interface KeyInfo {
  names: string[];
  types: string[];
}

async function keyInfo(db: Kysely<object>, f: SealedField): Promise<KeyInfo> {
  const rows = await sql<{ name: string; type: string }>`
    select a.attname as name, format_type(a.atttypid, a.atttypmod) as type
    from pg_attribute a where a.attrelid = ${f.table}::regclass and a.attname = any(${[...f.key]}::text[])`.execute(db);
  const types = f.key.map((k) => {
    const r = rows.rows.find((x) => x.name === k);
    if (!r) throw new Error(`${f.table} has no column ${k}`);
    return r.type;
  });
  return { names: [...f.key], types };
}

const keyTuple = (k: KeyInfo, prefix = '') =>
  sql`(${sql.join(k.names.map((n) => (prefix ? sql.ref(`${prefix}.${n}`) : sql.id(n))))})`;
const cursorTuple = (k: KeyInfo, values: readonly string[]) =>
  sql`(${sql.join(values.map((v, i) => sql`${v}::${sql.raw(k.types[i]!)}`))})`;

interface Progress {
  cursor: string[] | null;
  done: boolean;
}

async function progressOf(db: Kysely<object>, target: string, task: string): Promise<Progress> {
  const r = await sql<{ cursor: string | null; done: boolean }>`
    select cursor, done from platform.key_rotation_progress where target_key_id = ${target} and task = ${task}`.execute(
    db,
  );
  const row = r.rows[0];
  return { cursor: row?.cursor ? (JSON.parse(row.cursor) as string[]) : null, done: row?.done ?? false };
}

async function saveProgress(
  tx: Kysely<object>,
  target: string,
  task: string,
  cursor: string[] | null,
  done: boolean,
  changed: number,
  at: Date,
): Promise<void> {
  await sql`insert into platform.key_rotation_progress (target_key_id, task, cursor, done, rows_changed, updated_at)
    values (${target}, ${task}, ${cursor ? JSON.stringify(cursor) : null}, ${done}, ${changed}, ${at})
    on conflict (target_key_id, task) do update set cursor = excluded.cursor, done = excluded.done,
      rows_changed = platform.key_rotation_progress.rows_changed + excluded.rows_changed, updated_at = excluded.updated_at`.execute(
    tx,
  );
}

type Row = Record<string, unknown>;

/** One batch of a sealed column. Returns the number of values changed and whether the column is finished. */
async function sealedBatch(
  db: Kysely<object>,
  p: DataProtector,
  f: Extract<SealedField, { column: string }>,
  k: KeyInfo,
  target: string,
  batchSize: number,
  clock: Clock,
): Promise<{ changed: number; finished: boolean }> {
  const task = taskName(f);
  const { cursor } = await progressOf(db, target, task);
  const cols = [...k.names.map((n) => sql.id(n)), sql.id(f.column), ...(f.blindIndex ? [sql.id(f.blindIndex)] : [])];
  const rows = (
    await sql<Row>`select ${sql.join(cols)} from ${tableId(f.table)}
      ${cursor ? sql`where ${keyTuple(k)} > ${cursorTuple(k, cursor)}` : sql``}
      order by ${sql.join(k.names.map((n) => sql.id(n)))} limit ${batchSize}`.execute(db)
  ).rows;
  const finished = rows.length < batchSize;
  const last = rows.at(-1);
  const nextCursor = last ? k.names.map((n) => keyText(last[n])) : cursor;
  const changes: { key: string[]; old: string; sealed: string; index: string | null }[] = [];
  const mapped: { old: string; fresh: string }[] = [];
  for (const r of rows) {
    const value = r[f.column] as string | null;
    if (value === null || value.startsWith(p.currentPrefix)) continue;
    const plain = p.open(value, f.context);
    const index = f.blindIndex ? p.blindIndex(plain, f.context) : null;
    changes.push({ key: k.names.map((n) => keyText(r[n])), old: value, sealed: p.seal(plain, f.context), index });
    const oldIndex = f.blindIndex ? (r[f.blindIndex] as string | null) : null;
    if (index !== null && oldIndex !== null && oldIndex !== index) mapped.push({ old: oldIndex, fresh: index });
  }
  await db.transaction().execute(async (tx) => {
    if (mapped.length > 0) {
      await sql`insert into platform.blind_index_map (context, old_index, new_index)
        values ${sql.join(mapped.map((m) => sql`(${f.context}, ${m.old}, ${m.fresh})`))}
        on conflict (context, old_index) do nothing`.execute(tx);
    }
    if (changes.length > 0) {
      // The batch's key range bounds the join to an index range scan, whatever the planner thinks of the VALUES list.
      const values = sql.join(
        changes.map(
          (c) =>
            sql`(${sql.join([...c.key.map((v, i) => sql`${v}::${sql.raw(k.types[i]!)}`), sql`${c.old}`, sql`${c.sealed}`, sql`${c.index}`])})`,
        ),
      );
      const keyCols = k.names.map((n) => sql.raw(`k_${n}`));
      await sql`update ${tableId(f.table)} as t set ${sql.id(f.column)} = v.sealed
          ${f.blindIndex ? sql`, ${sql.id(f.blindIndex)} = v.index` : sql``}
        from (values ${values}) as v(${sql.join([...keyCols, sql.raw('old'), sql.raw('sealed'), sql.raw('index')])})
        where ${sql.join(
          k.names.map((n) => sql`t.${sql.id(n)} = v.${sql.raw(`k_${n}`)}`),
          sql` and `,
        )} and t.${sql.id(f.column)} = v.old
          ${cursor ? sql`and ${keyTuple(k, 't')} > ${cursorTuple(k, cursor)}` : sql``}
          and ${keyTuple(k, 't')} <= ${cursorTuple(k, nextCursor!)}`.execute(tx);
    }
    await saveProgress(tx, target, task, nextCursor, finished, changes.length, clock.now());
  });
  return { changed: changes.length, finished };
}

/** One batch of a copied blind index: re-keyed through the map. */
async function copyBatch(
  db: Kysely<object>,
  f: Extract<SealedField, { copiedBlindIndex: string }>,
  k: KeyInfo,
  target: string,
  batchSize: number,
  clock: Clock,
): Promise<{ changed: number; finished: boolean }> {
  const task = taskName(f);
  const { cursor } = await progressOf(db, target, task);
  const keys = (
    await sql<Row>`select ${sql.join(k.names.map((n) => sql.id(n)))} from ${tableId(f.table)}
      ${cursor ? sql`where ${keyTuple(k)} > ${cursorTuple(k, cursor)}` : sql``}
      order by ${sql.join(k.names.map((n) => sql.id(n)))} limit ${batchSize}`.execute(db)
  ).rows;
  const finished = keys.length < batchSize;
  const last = keys.at(-1);
  const nextCursor = last ? k.names.map((n) => keyText(last[n])) : cursor;
  let changed = 0;
  await db.transaction().execute(async (tx) => {
    if (last) {
      const r = await sql`update ${tableId(f.table)} as t set ${sql.id(f.copiedBlindIndex)} = m.new_index
        from platform.blind_index_map m
        where m.context = ${f.context} and m.old_index = t.${sql.id(f.copiedBlindIndex)}
          ${cursor ? sql`and ${keyTuple(k, 't')} > ${cursorTuple(k, cursor)}` : sql``}
          and ${keyTuple(k, 't')} <= ${cursorTuple(k, nextCursor!)}`.execute(tx);
      changed = Number(r.numAffectedRows ?? 0);
    }
    await saveProgress(tx, target, task, nextCursor, finished, changed, clock.now());
  });
  return { changed, finished };
}

const keyText = (v: unknown): string => (v instanceof Date ? v.toISOString() : String(v));

/** What is still under an older key, per task (the check before retiring). */
export async function remainingWork(
  db: Kysely<object>,
  p: DataProtector,
  fields: readonly SealedField[],
): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (const f of fields) {
    let q: RawBuilder<{ n: number }>;
    if ('column' in f) {
      const col = sql.id(f.column);
      q = sql<{ n: number }>`select count(*)::int as n from ${tableId(f.table)}
        where ${col} is not null and left(${col}, ${p.currentPrefix.length}) <> ${p.currentPrefix}`;
      const n = (await q.execute(db)).rows[0]!.n;
      let stale = 0;
      if (f.blindIndex) {
        stale = (
          await sql<{ n: number }>`select count(*)::int as n from ${tableId(f.table)} t
            join platform.blind_index_map m on m.context = ${f.context} and m.old_index = t.${sql.id(f.blindIndex)}`.execute(
            db,
          )
        ).rows[0]!.n;
      }
      out.set(taskName(f), n + stale);
    } else {
      q = sql<{ n: number }>`select count(*)::int as n from ${tableId(f.table)} t
        join platform.blind_index_map m on m.context = ${f.context} and m.old_index = t.${sql.id(f.copiedBlindIndex)}`;
      out.set(taskName(f), (await q.execute(db)).rows[0]!.n);
    }
  }
  return out;
}

/**
 * Record the current key as one that has sealed data, at start. Refuses a retired current key
 * (it would seal data under a key the operator has let go), and a configuration that lacks a
 * key still in use (data sealed with it could not be opened).
 */
export async function registerDataKeys(db: Kysely<object>, p: DataProtector, clock: Clock): Promise<string[]> {
  const rows = (await sql<{ key_id: string; state: string }>`select key_id, state from platform.data_keys`.execute(db))
    .rows;
  const current = rows.find((r) => r.key_id === p.keyId);
  if (current?.state === 'retired')
    throw new Error(`The current data key ${p.keyId} was retired by a key rotation: configure a newer key first`);
  const missing = rows.filter((r) => r.state === 'active' && !p.keyIds.includes(r.key_id)).map((r) => r.key_id);
  if (missing.length > 0)
    throw new Error(
      `Data sealed with the data key(s) ${missing.join(', ')} may exist, but the key is not configured: add it ` +
        `back after the current key (YIWANG_DATA_KEY=<current>,<older>) and run \`yiwang keys rotate\` to retire it`,
    );
  if (!current)
    await sql`insert into platform.data_keys (key_id, state, first_current_at) values (${p.keyId}, 'active', ${clock.now()})
      on conflict (key_id) do nothing`.execute(db);
  // Warnings: loaded keys that are retired (remove them from the configuration)
  return rows.filter((r) => r.state === 'retired' && p.keyIds.includes(r.key_id)).map((r) => r.key_id);
}

/**
 * Rotate to the protector's current key: re-seal and re-index what the older loaded keys
 * hold, then retire them. Resumes a rotation to the same key that was interrupted.
 */
export async function rotateKeys(
  db: Kysely<object>,
  p: DataProtector,
  fields: readonly SealedField[],
  clock: Clock,
  opts: RotationOptions = {},
): Promise<RotationReport> {
  const log = opts.log ?? (() => {});
  const batchSize = opts.batchSize ?? 500;
  const target = p.keyId;
  await registerDataKeys(db, p, clock);
  const sealedFirst = [...fields.filter((f) => 'column' in f), ...fields.filter((f) => !('column' in f))];
  const infos = new Map<string, KeyInfo>();
  for (const f of sealedFirst) infos.set(taskName(f), await keyInfo(db, f));
  let changed = 0;
  let rounds = 0;
  for (;;) {
    rounds++;
    for (const f of sealedFirst) {
      const task = taskName(f);
      const k = infos.get(task)!;
      if ((await progressOf(db, target, task)).done) continue;
      for (;;) {
        if (opts.signal?.aborted) return { current: target, retired: [], changed, done: false, rounds };
        const r =
          'column' in f
            ? await sealedBatch(db, p, f, k, target, batchSize, clock)
            : await copyBatch(db, f, k, target, batchSize, clock);
        changed += r.changed;
        opts.onBatch?.(task, r.changed);
        if (r.finished) {
          log(`${task}: done`);
          break;
        }
      }
    }
    const remaining = await remainingWork(db, p, sealedFirst);
    const left = [...remaining].filter(([, n]) => n > 0);
    if (left.length === 0) break;
    if (rounds >= 5) {
      log(`still under an older key after ${rounds} rounds: ${left.map(([t, n]) => `${t} ${n}`).join(', ')}`);
      return { current: target, retired: [], changed, done: false, rounds };
    }
    // Written meanwhile under an older key (a node not yet on the new key): run those tasks again.
    log(`again: ${left.map(([t, n]) => `${t} ${n}`).join(', ')}`);
    for (const [task] of left)
      await sql`update platform.key_rotation_progress set done = false, cursor = null
        where target_key_id = ${target} and task = ${task}`.execute(db);
  }
  const older = p.keyIds.filter((id) => id !== target);
  await db.transaction().execute(async (tx) => {
    const now = clock.now();
    for (const id of older) {
      await sql`insert into platform.data_keys (key_id, state, first_current_at, retired_at) values (${id}, 'retired', ${now}, ${now})
        on conflict (key_id) do update set state = 'retired', retired_at = ${now}`.execute(tx);
    }
    await sql`delete from platform.blind_index_map`.execute(tx);
    await sql`delete from platform.key_rotation_progress where target_key_id = ${target}`.execute(tx);
    if (older.length > 0 || changed > 0)
      await writeAudit(
        tx,
        systemActor(),
        {
          action: 'platform.keys.rotated',
          resourceType: 'data_key',
          resourceId: target,
          regionCode: null,
          change: { current: target, retired: older },
          detail: { current: target, retired: older, changed },
        },
        now,
      );
  });
  if (older.length > 0) log(`retired ${older.join(', ')}: nothing is sealed or indexed with them any more`);
  return { current: target, retired: older, changed, done: true, rounds };
}
