/**
 * The search index of this process, kept in step with the catalogue in the database, which every
 * node writes. Each search first reads the catalogue's generation (one row by its key: triggers
 * move it with every written dataset, release and file, on any node; the 202612170100 migration);
 * when it moved past what the index holds, the datasets written since are loaded (one snapshot:
 * the generation, those datasets, their current resources, the publishers and themes) and applied,
 * once for all the searches waiting. A deletion makes the index load everything again. A search
 * therefore sees every change committed before it began, whichever node made it.
 */
import { sql } from 'kysely';
import type { Db } from './opendata.context.ts';
import * as repo from './opendata.repository.ts';
import { SearchIndex, type LoadedDataset } from './opendata.search-index.ts';

interface Generation {
  generation: number;
  rebuilt: number;
}

const readGeneration = async (db: Db): Promise<Generation> =>
  (
    await sql<Generation>`select generation::float8 as generation, rebuilt::float8 as rebuilt
      from opendata.search_generation where id`.execute(db)
  ).rows[0]!;

type LoadedRow = repo.DatasetRow & { modified_us: number; created_us: number };

export class LiveIndex {
  readonly #db: Db;
  #index: SearchIndex | null = null;
  #generation = -1;
  #rebuilt = -1;
  #refreshing: Promise<void> | null = null;

  constructor(db: Db) {
    this.#db = db;
  }

  /** The index, holding at least every change committed before this call. */
  async current(): Promise<SearchIndex> {
    const now = await readGeneration(this.#db);
    while (this.#index === null || this.#generation < now.generation || this.#rebuilt < now.rebuilt) {
      this.#refreshing ??= this.#refresh().finally(() => {
        this.#refreshing = null;
      });
      await this.#refreshing;
    }
    return this.#index;
  }

  async #refresh(): Promise<void> {
    const loaded = await this.#db.transaction().execute(async (tx) => {
      await sql`set transaction isolation level repeatable read, read only`.execute(tx);
      const g = await readGeneration(tx);
      const full = this.#index === null || g.rebuilt !== this.#rebuilt;
      const since = full ? -1 : this.#generation;
      const rows = await sql<LoadedRow>`select d.*,
          (extract(epoch from d.modified_at) * 1000000)::float8 as modified_us,
          (extract(epoch from d.created_at) * 1000000)::float8 as created_us
        from opendata.datasets d where d.search_generation > ${since}`.execute(tx);
      // currentResources' answer for every dataset written since, in one statement.
      const resources = await sql<repo.ResourceRow>`select r.* from opendata.resources r
        join opendata.datasets d on d.id = r.dataset_id
        where d.search_generation > ${since} and d.state = 'active'
          and (r.version_id is null or r.version_id = (select v.id from opendata.versions v
            where v.dataset_id = r.dataset_id order by v.seq desc limit 1))
        order by r.dataset_id, r.version_id nulls last, r.position`.execute(tx);
      return {
        g,
        full,
        rows: rows.rows,
        resources: resources.rows,
        organisations: await repo.organisations(tx),
        groups: await repo.groups(tx),
      };
    });
    const index = loaded.full ? new SearchIndex() : this.#index!;
    index.setVocabulary(loaded.organisations, loaded.groups);
    const byDataset = new Map<string, repo.ResourceRow[]>();
    for (const r of loaded.resources) {
      const list = byDataset.get(r.dataset_id);
      if (list) list.push(r);
      else byDataset.set(r.dataset_id, [r]);
    }
    for (const row of loaded.rows) {
      const { modified_us: modifiedUs, created_us: createdUs, ...plain } = row;
      const d: LoadedDataset = { row: plain, modifiedUs, createdUs, resources: byDataset.get(row.id) ?? [] };
      index.put(d);
    }
    this.#index = index;
    this.#generation = loaded.g.generation;
    this.#rebuilt = loaded.g.rebuilt;
  }
}
