/**
 * "pgbench writing the same rows" (issue 9's baseline), built from what the platform really wrote.
 *
 * The rows a submission writes are read off PostgreSQL's own per-table counters over the run
 * (inserted, updated — and how many of those were HOT — and deleted, everything after the answer
 * included), per case filed. The baseline then writes exactly that to copies of those tables:
 *
 * - each copy is `like <table> including all excluding constraints` — the same columns, defaults,
 *   identity, not-null and every index, unique ones included (check constraints, foreign keys and
 *   triggers are left out, which makes the baseline a little faster; the rows a trigger writes are
 *   counted in their own table) — loaded with the table's rows as they are;
 * - each inserted row copies a row the run wrote (so it is as wide), with a new value in every
 *   uuid and timestamp column and in one column of each unique index that would otherwise repeat;
 * - an update changes the row inserted just before in the same table, or a random row of a table
 *   that was only updated; it changes an indexed column where the run's updates were not HOT;
 * - a delete removes a row inserted before it in the same table, or a random row;
 * - a fraction of a row per case (1.16 outbox updates, say) is written with that probability;
 * - all of it in ONE transaction per "submission" (a submission takes about one writing
 *   transaction plus its share of the batched deliveries), with nothing else around it.
 *
 * Two forms of the script: `rows`, one statement per row as the issue's first baseline was
 * written, and `statement`, every row of the submission in one statement (data-modifying CTEs,
 * one round trip; a filing takes seven, and its deliveries a few per round) — the fastest way
 * pgbench can write them, so a stricter baseline than the issue's. In `statement` form an update or delete takes a random existing row, by key
 * (a CTE cannot see the rows its statement inserts); each pgbench client has rows of its own.
 */
import type pg from 'pg';

export interface TableCounts {
  ins: number;
  upd: number;
  hot: number;
  del: number;
}

export interface TableWrites extends TableCounts {
  /** schema.table */
  table: string;
}

/** PostgreSQL's write counters of every user table in this database. */
export async function tableCounters(db: pg.Client): Promise<Map<string, TableCounts>> {
  await db.query('select pg_stat_clear_snapshot()');
  const { rows } = await db.query<{ t: string; ins: string; upd: string; hot: string; del: string }>(
    `select schemaname || '.' || relname as t, n_tup_ins as ins, n_tup_upd as upd, n_tup_hot_upd as hot, n_tup_del as del
       from pg_stat_user_tables where schemaname <> 'bench_same'`,
  );
  return new Map(
    rows.map((r) => [r.t, { ins: Number(r.ins), upd: Number(r.upd), hot: Number(r.hot), del: Number(r.del) }]),
  );
}

/**
 * What was written per row of `anchor` (applications.cases: one per submission) between two
 * readings. Backends report their counters up to a few seconds late, so the anchor's own count
 * is the divisor, not the number of answers: both sides of the ratio lag alike.
 */
export function writesPer(
  before: Map<string, TableCounts>,
  after: Map<string, TableCounts>,
  anchor: string,
): TableWrites[] {
  const zero = { ins: 0, upd: 0, hot: 0, del: 0 };
  const n = after.get(anchor)!.ins - (before.get(anchor) ?? zero).ins;
  if (n <= 0) throw new Error(`no rows were counted in ${anchor}`);
  return [...after]
    .map(([table, b]) => {
      const a = before.get(table) ?? zero;
      return {
        table,
        ins: (b.ins - a.ins) / n,
        upd: (b.upd - a.upd) / n,
        hot: (b.hot - a.hot) / n,
        del: (b.del - a.del) / n,
      };
    })
    .filter((w) => w.ins + w.upd + w.del >= 0.005)
    .sort((x, y) => y.ins + y.upd + y.del - (x.ins + x.upd + x.del));
}

/** The tables with rows inserted between two readings. */
export const insertedSince = (before: Map<string, TableCounts>, after: Map<string, TableCounts>): string[] =>
  [...after].filter(([t, c]) => c.ins > (before.get(t)?.ins ?? 0)).map(([t]) => t);

const ident = (s: string) => `"${s.replaceAll('"', '""')}"`;
const mirror = (table: string) => `bench_same.${ident(table)}`;
const sample = (table: string) => `bench_same.${ident(`${table}#sample`)}`;
const keys = (table: string) => `bench_same.${ident(`${table}#keys`)}`;
const relation = (table: string) => table.split('.').map(ident).join('.');

/**
 * The newest row of each of these tables, as JSON: the model of the rows the baseline inserts.
 * Read only, so that taking them does not count as the platform's writes; a table found empty
 * keeps the row given in `kept` (the log's queue is emptied as it goes).
 */
export async function keepSamples(
  db: pg.Client,
  tables: string[],
  kept = new Map<string, string>(),
): Promise<Map<string, string>> {
  const out = new Map(kept);
  for (const table of tables) {
    const { rows } = await db.query<{ row: string }>(
      `select row_to_json(t)::text as row from ${relation(table)} t order by ctid desc limit 1`,
    );
    if (rows[0]) out.set(table, rows[0].row);
  }
  return out;
}

interface Column {
  name: string;
  type: string;
  identity: boolean;
  generated: boolean;
  indexed: boolean;
  num: number;
}

/** Per case, to a hundredth of a row (the counters' noise would otherwise make 0.999 of a row). */
const hundredths = (x: number) => Math.round(x * 100) / 100;

interface Table {
  w: TableWrites;
  /** the insert's column list and the values it takes from sample row s */
  columns: string;
  values: string;
  /** the update's assignment */
  set: string | undefined;
  pk: string;
  keyCount: number;
}

/** Copies one written table into schema bench_same, with its sample row and a key list for random picks. */
async function copyTable(db: pg.Client, raw: TableWrites, samples: Map<string, string>): Promise<Table> {
  const w = { ...raw, ins: hundredths(raw.ins), upd: hundredths(raw.upd), del: hundredths(raw.del) };
  const real = relation(w.table);
  const { rows: cols } = await db.query<Column>(
    `select a.attname as name, format_type(a.atttypid, a.atttypmod) as type, a.attnum as num,
            a.attidentity <> '' as identity, a.attgenerated <> '' as generated,
            exists (select 1 from pg_index i where i.indrelid = a.attrelid
                     and (a.attnum = any (i.indkey::int2[])
                          or coalesce(pg_get_expr(i.indexprs, i.indrelid), '') ~ ('\\m' || a.attname || '\\M')
                          or coalesce(pg_get_expr(i.indpred, i.indrelid), '') ~ ('\\m' || a.attname || '\\M'))) as indexed
       from pg_attribute a where a.attrelid = $1::regclass and a.attnum > 0 and not a.attisdropped order by a.attnum`,
    [real],
  );
  const { rows: uniques } = await db.query<{ cols: number[]; primary: boolean }>(
    `select i.indkey::int2[] as cols, i.indisprimary as primary from pg_index i where i.indrelid = $1::regclass and i.indisunique`,
    [real],
  );
  const written = cols.filter((c) => !c.generated);
  const list = written.map((c) => ident(c.name)).join(', ');
  await db.query(`drop table if exists ${mirror(w.table)}`);
  await db.query(`create table ${mirror(w.table)} (like ${real} including all excluding constraints)`);
  await db.query(`insert into ${mirror(w.table)} (${list}) overriding system value select ${list} from ${real}`);
  for (const c of cols.filter((c) => c.identity))
    await db.query(
      `select setval(pg_get_serial_sequence($1, $2), greatest(1, (select max(${ident(c.name)}) from ${mirror(w.table)})))`,
      [mirror(w.table), c.name],
    );

  // An inserted row takes the sample's values, new ones where a real row's would differ.
  const row = samples.get(w.table);
  if (w.ins > 0 && !row) throw new Error(`${w.table}: no row was kept as a sample`);
  if (row) {
    await db.query(`drop table if exists ${sample(w.table)}`);
    await db.query(`create table ${sample(w.table)} (like ${real})`);
    await db.query(`insert into ${sample(w.table)} select * from json_populate_record(null::${real}, $1::json)`, [row]);
  }
  const varies = (c: Column) => c.type === 'uuid' || c.type.startsWith('timestamp');
  const fresh = new Set(written.filter(varies).map((c) => c.num));
  for (const u of uniques) {
    if (u.cols.some((n) => fresh.has(n) || cols.find((c) => c.num === n)?.identity)) continue;
    const c = [...u.cols]
      .reverse()
      .map((n) => cols.find((c) => c.num === n))
      .find((c) => c && /^(text|character varying|bigint|integer)/.test(c.type));
    if (!c) throw new Error(`${w.table}: no way to vary a row of its unique index on ${JSON.stringify(u.cols)}`);
    fresh.add(c.num);
  }
  const value = (c: Column) => {
    if (!fresh.has(c.num)) return `s.${ident(c.name)}`;
    // (a column the sample leaves empty stays empty: partial indexes index what real rows hold)
    if (c.type === 'uuid') return `case when s.${ident(c.name)} is null then null else gen_random_uuid() end`;
    if (c.type.startsWith('timestamp'))
      return `case when s.${ident(c.name)} is null then null else clock_timestamp() end`;
    if (c.type === 'bigint') return `nextval('bench_same.n')`;
    if (c.type === 'integer') return `nextval('bench_same.n_int')::int`;
    return `s.${ident(c.name)} || '-' || nextval('bench_same.n')`;
  };
  const inserted = written.filter((c) => !c.identity);

  // HOT updates leave indexed columns alone; the others change one.
  const hotShare = w.upd > 0 ? w.hot / w.upd : 1;
  const changed =
    hotShare >= 0.5
      ? (written.find((c) => !c.indexed && !c.identity) ?? written.find((c) => !c.identity))
      : written.find((c) => c.indexed && !c.identity && varies(c) && !uniques.some((u) => u.cols.includes(c.num)));
  if (w.upd > 0 && !changed) throw new Error(`${w.table}: no indexed column to change as its updates did`);
  const set =
    changed &&
    `${ident(changed.name)} = ${hotShare >= 0.5 ? ident(changed.name) : changed.type === 'uuid' ? 'gen_random_uuid()' : 'clock_timestamp()'}`;

  // Random rows to change, by primary key.
  const primary = uniques.find((u) => u.primary);
  if (!primary && w.upd > 0) throw new Error(`${w.table}: no primary key to pick rows to change by`);
  const pk = (primary?.cols ?? []).map((n) => ident(cols.find((c) => c.num === n)!.name)).join(', ');
  let keyCount = 0;
  if (w.upd > 0 || w.del > 0) {
    if (!primary) throw new Error(`${w.table}: no primary key to pick rows to change by`);
    // Enough rows that each pgbench client changes rows of its own (a submission's counter rows
    // are changed by one delivery at a time; ten clients on three rows would only wait on locks),
    // and that deletes (the one-statement form takes random rows) seldom find a row gone.
    const want = w.del > 0 ? 200_000 : 1000;
    const { rows } = await db.query<{ n: string }>(`select count(*) as n from ${mirror(w.table)}`);
    const have = Number(rows[0]!.n);
    const from = row ? { table: sample(w.table), rows: 1 } : { table: mirror(w.table), rows: have };
    if (have < want && from.rows > 0)
      await db.query(
        `insert into ${mirror(w.table)} (${inserted.map((c) => ident(c.name)).join(', ')})
         select ${inserted.map(value).join(', ')} from ${from.table} s, generate_series(1, ${Math.ceil((want - have) / from.rows)})`,
      );
    await db.query(`drop table if exists ${keys(w.table)}`);
    await db.query(`create table ${keys(w.table)} as select row_number() over () as n, ${pk} from ${mirror(w.table)}`);
    await db.query(`alter table ${keys(w.table)} add primary key (n)`);
    keyCount = Number((await db.query<{ n: string }>(`select count(*) as n from ${keys(w.table)}`)).rows[0]!.n);
    if (keyCount === 0) throw new Error(`${w.table}: no rows to change`);
  }
  return {
    w,
    columns: inserted.map((c) => ident(c.name)).join(', '),
    values: inserted.map(value).join(', '),
    set,
    pk,
    keyCount,
  };
}

/**
 * Makes the copies of the written tables in schema bench_same and returns the two pgbench
 * scripts writing one submission's rows. `writes` come from writesPer, `samples` from keepSamples.
 */
export async function sameWritesScripts(
  db: pg.Client,
  writes: TableWrites[],
  samples: Map<string, string>,
  clients: number,
): Promise<{ rows: string; statement: string }> {
  await db.query('create schema if not exists bench_same');
  await db.query('create sequence if not exists bench_same.n start 1000000000000');
  await db.query('create sequence if not exists bench_same.n_int start 1000000000');
  const tables: Table[] = [];
  for (const w of writes) tables.push(await copyTable(db, w, samples));
  await db.query('analyze');

  /** The rows each client picks from: client c changes rows c × slice + 1 … (c + 1) × slice. */
  const slice = (x: Table) => Math.max(1, Math.floor(x.keyCount / clients));

  // --- one statement per row
  const sets: string[] = [];
  const body: string[] = [];
  let draws = 0;
  /** A fraction of a row is written with that probability. */
  const times = (count: number, line: (i: number) => string): string[] => {
    const whole = Math.floor(count);
    const frac = Math.round((count - whole) * 1000);
    const out = Array.from({ length: whole }, (_, i) => line(i));
    if (frac > 0) {
      sets.push(`\\set p${++draws} random(1, 1000)`);
      out.push(`\\if :p${draws} <= ${frac}`, line(whole), '\\endif');
    }
    return out;
  };
  tables.forEach((x, t) => {
    const { w } = x;
    const insertedRows = Math.floor(w.ins); // surely inserted before an update or a delete
    body.push(
      ...times(
        w.ins,
        (i) =>
          `insert into ${mirror(w.table)} (${x.columns}) select ${x.values} from ${sample(w.table)} s returning ctid as t${t}_${i} \\gset`,
      ),
    );
    // An update or a delete takes a row inserted just before, or (if none) a random row.
    const target = (i: number) => {
      if (insertedRows > 0) return `ctid = :t${t}_${i % insertedRows}`;
      sets.push(`\\set k${t}_${i} :client_id * ${slice(x)} + random(1, ${slice(x)})`);
      return `(${x.pk}) = (select ${x.pk} from ${keys(w.table)} where n = :k${t}_${i})`;
    };
    body.push(...times(w.upd, (i) => `update ${mirror(w.table)} set ${x.set} where ${target(i)};`));
    body.push(...times(w.del, (i) => `delete from ${mirror(w.table)} where ${target(i)};`));
  });
  const rows = [...sets, 'BEGIN;', ...body, 'END;', ''].join('\n');

  // --- every row in one statement
  const n = (count: number) => `${Math.floor(count)} + (random() < ${(count - Math.floor(count)).toFixed(2)})::int`;
  const ctes = tables.flatMap((x, t) => {
    const { w } = x;
    const out: string[] = [];
    if (w.ins > 0)
      out.push(
        `i${t} as (insert into ${mirror(w.table)} (${x.columns}) select ${x.values} from ${sample(w.table)} s, generate_series(1, ${n(w.ins)}) returning 1)`,
      );
    // one CTE per updated row (each an index look-up), the fraction with its probability
    for (let j = 0; j < Math.ceil(w.upd); j++) {
      const chance = Math.min(1, w.upd - j);
      out.push(
        `u${t}_${j} as (update ${mirror(w.table)} set ${x.set} where (${x.pk}) = (select ${x.pk} from ${keys(w.table)} where n = (select (:client_id)::int * ${slice(x)} + 1 + floor(random() * ${slice(x)})::int))${chance < 1 ? ` and random() < ${chance.toFixed(2)}` : ''} returning 1)`,
      );
    }
    if (w.del > 0)
      out.push(
        `d${t} as (delete from ${mirror(w.table)} where (${x.pk}) in (select ${x.pk} from ${keys(w.table)} where n = any (array(select (:client_id)::int * ${slice(x)} + 1 + floor(random() * ${slice(x)})::int from generate_series(1, ${n(w.del)})))) returning 1)`,
      );
    return out;
  });
  const statement = `with ${ctes.join(',\n  ')}\nselect 1;\n`;
  return { rows, statement };
}
