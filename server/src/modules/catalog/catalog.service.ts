/**
 * The service catalogue: versioned service items (a change makes a new version; cases keep
 * the version they were filed under), life-event bundles (一件事) with one merged form, and
 * search over an in-memory index. The node that publishes updates its index at once; every
 * node rebuilds its index from the database when it is older than INDEX_TTL_MS, so other
 * nodes follow within that time (catalogue changes are rare; searches are many).
 */
import type { ActorRef } from '../../platform/audit.ts';
import type { Principal } from '../../platform/auth.ts';
import { command, type Platform } from '../../platform/context.ts';
import type { CatalogEvents } from './catalog.events.ts';
import { scoped } from '../../platform/db.ts';
import { conflict, notFound, validationFailed } from '../../platform/errors.ts';
import { uuidv7 } from '../../platform/ids.ts';
import { policy } from './catalog.policy.ts';
import * as repo from './catalog.repository.ts';
import type { BundleData, CatalogTables } from './catalog.tables.ts';
import type { FormDefinition, FormField, Material, ServiceItemData } from './catalog.types.ts';
import { CatalogSearchIndex, type SearchFilters } from './search-index.ts';

/**
 * Words people use for the same thing, the catalogue's term first (folded at index and query
 * time): official synonyms, and the everyday words people type (生孩子, 结婚, 开公司, 看病).
 */
export const SYNONYMS: readonly (readonly string[])[] = [
  ['身份证', '居民身份证', 'id card', 'identity card'],
  ['社保', '社会保险', 'social insurance'],
  ['社保卡', '社会保障卡', 'social security card'],
  ['医保', '医疗保险', 'medical insurance'],
  ['公积金', '住房公积金', 'provident fund'],
  ['营业执照', '企业设立', 'business licence', 'company registration'],
  ['户口', '户籍', '上户口', '报户口', 'household registration', 'hukou'],
  ['上学', '入学', '读书', 'school enrolment'],
  ['出生', '生孩子', '生小孩', '生娃', '生宝宝', '宝宝出生', '新生儿', 'newborn', 'baby'],
  ['婚姻登记', '结婚', '领结婚证', '扯证', 'get married', 'marriage'],
  ['开办企业', '开公司', '注册公司', '办公司', '开办公司', '创业', 'start a business', 'open a business'],
  ['就医', '看病', '看医生'],
  ['退休', '领养老金', 'retire'],
  ['驾驶证', '驾照', 'driving licence'],
];

/** How close a bundle's match must come to the best item's to be shown above the items. */
const BUNDLE_MATCH_SHARE = 0.5;

const USE_FLUSH_MS = 3_000;
const INDEX_TTL_MS = 30_000;
/**
 * How long this node trusts its note of an item's current version. Its own publishing and
 * retiring drop the note at once; another node's are seen within this time (a filing meanwhile
 * pins the version before, which stays readable).
 */
const CURRENT_TTL_MS = 2_000;
/** At most this many item versions kept in memory (the oldest tenth dropped when full). */
const VERSION_CACHE_MAX = 5_000;

/** An item version as other modules resolve it. */
export interface ResolvedItem {
  code: string;
  version: number;
  status: string;
  data: ServiceItemData;
}

type Row = NonNullable<Awaited<ReturnType<typeof repo.itemVersion>>>;

const summary = (data: ServiceItemData, version: number, uses: number) => ({
  code: data.handlingItemCode,
  version,
  name: data.name,
  departmentCode: data.departmentCode,
  type: data.type,
  targetUsers: data.targetUsers,
  themes: data.themes,
  lifeEvents: data.lifeEvents,
  visits: data.visits,
  promisedLimit: data.promisedLimit,
  scope: data.scope,
  uses,
});

/**
 * Merge the items' materials into one set: a material several items ask for (by its Chinese
 * name, or named one by the bundle's `same` groups) is asked once, required if any item
 * requires it, from the applicant if any item wants it from them, with the items that need it.
 */
export function mergeMaterials(
  items: { code: string; data: Pick<ServiceItemData, 'materials'> }[],
  same: BundleData['sameMaterials'] = [],
) {
  const merged = new Map<string, Pick<Material, 'code' | 'name' | 'required' | 'source'> & { itemCodes: string[] }>();
  for (const it of items) {
    for (const original of it.data.materials) {
      const group = same.find((g) => g.codes.includes(original.code));
      const m = group ? { ...original, code: group.code, name: group.name } : original;
      const seen = merged.get(m.name.zh);
      if (seen) {
        seen.required ||= m.required;
        if (m.source === 'applicant') seen.source = 'applicant';
        if (!seen.itemCodes.includes(it.code)) seen.itemCodes.push(it.code);
      } else
        merged.set(m.name.zh, {
          code: m.code,
          name: m.name,
          required: m.required,
          source: m.source,
          itemCodes: [it.code],
        });
    }
  }
  return [...merged.values()];
}

/**
 * Merge the items' forms into one: a field key asked by several items is asked once, in the
 * first item's words. A bundle may lay the result out in its own sections (fields named by
 * key); the fields it does not name follow in the items' sections.
 */
export function mergeForms(forms: FormDefinition[], layout: BundleData['sections'] = []): FormDefinition {
  const seen = new Set<string>();
  const byKey = new Map<string, FormField>();
  const sections: FormDefinition['sections'] = [];
  for (const form of forms) {
    for (const section of form.sections) {
      const fields: FormField[] = section.fields.filter((f) => !seen.has(f.key));
      for (const f of fields) {
        seen.add(f.key);
        byKey.set(f.key, f);
      }
      if (fields.length === 0) continue;
      const same = sections.find((s) => s.title.zh === section.title.zh);
      if (same) same.fields.push(...fields);
      else sections.push({ title: section.title, fields });
    }
  }
  if (layout.length === 0) return { sections };
  const placed = new Set(layout.flatMap((s) => s.fields));
  const laidOut = layout
    .map((s) => ({ title: s.title, fields: s.fields.flatMap((k) => (byKey.has(k) ? [byKey.get(k)!] : [])) }))
    .filter((s) => s.fields.length > 0);
  const rest = sections
    .map((s) => ({ title: s.title, fields: s.fields.filter((f) => !placed.has(f.key)) }))
    .filter((s) => s.fields.length > 0);
  return { sections: [...laidOut, ...rest] };
}

export class CatalogService {
  private readonly p: Platform<CatalogEvents>;
  private readonly db: repo.CatDb;
  private index: CatalogSearchIndex | null = null;
  private builtAt = 0;
  /** Summaries of the current versions, served with search results (no database round trip). */
  private summaries = new Map<string, ReturnType<typeof summary>>();
  /** Life-event bundles as search answers them, by index id (`bundle:<code>`). */
  private bundleHits = new Map<
    string,
    { code: string; name: BundleData['name']; description: BundleData['description'] }
  >();
  private loading: Promise<CatalogSearchIndex> | null = null;
  private readonly regionCode: string;
  private readonly pendingUses = new Map<string, number>();
  private useTimer: NodeJS.Timeout | null = null;
  /** Item versions by `code@version`: a version row never changes once written (an edit writes the next one). */
  private readonly keptVersions = new Map<string, ResolvedItem>();
  /** Each item's current version as last read, and when (Date.now()). */
  private readonly currentVersion = new Map<string, { version: number; at: number }>();

  /** What a form field may be prefilled from (identity's and the registries' sources); null: any well-formed one. */
  private readonly prefillSources: ReadonlySet<string> | null;

  constructor(platform: Platform<CatalogEvents>, regionCode: string, prefillSources: readonly string[] | null = null) {
    this.prefillSources = prefillSources ? new Set(prefillSources) : null;
    this.p = platform;
    this.db = scoped<CatalogTables>(platform.db);
    this.regionCode = regionCode;
  }

  /** The search index, built from the current versions on first use and rebuilt in the background when stale. */
  private async searchIndex(): Promise<CatalogSearchIndex> {
    const stale = this.index !== null && Date.now() - this.builtAt > INDEX_TTL_MS;
    if (this.index && !stale) return this.index;
    this.loading ??= (async () => {
      const ix = new CatalogSearchIndex({ synonyms: SYNONYMS });
      const summaries = new Map<string, ReturnType<typeof summary>>();
      const items = await repo.currentItems(this.db);
      for (const r of items) {
        ix.upsert(this.searchDoc(r.data, r.uses));
        summaries.set(r.code, summary(r.data, r.version, r.uses));
      }
      const bundleHits = new Map<
        string,
        { code: string; name: BundleData['name']; description: BundleData['description'] }
      >();
      const byCode = new Map(items.map((r) => [r.code, r.data]));
      for (const { data: b } of await repo.bundles(this.db)) {
        const parts = b.itemCodes.flatMap((c) => (byCode.has(c) ? [byCode.get(c)!] : []));
        const id = `bundle:${b.code}`;
        ix.upsert({
          id,
          kind: 'bundle',
          code: b.code,
          name: b.name,
          keywords: b.keywords ?? [],
          department: 'ASB',
          targetUsers: [...new Set(parts.flatMap((p) => p.targetUsers))],
          themes: [...new Set(parts.flatMap((p) => p.themes))],
          lifeEvents: [b.code],
          popularity: 0,
        });
        bundleHits.set(id, { code: b.code, name: b.name, description: b.description });
      }
      this.summaries = summaries;
      this.bundleHits = bundleHits;
      this.index = ix;
      this.builtAt = Date.now();
      return ix;
    })().finally(() => {
      this.loading = null;
    });
    // A stale index keeps answering while the new one is built.
    if (this.index) {
      this.loading.catch((err: unknown) => this.p.log.warn({ err }, 'catalogue index rebuild failed'));
      return this.index;
    }
    return this.loading;
  }

  private searchDoc(d: ServiceItemData, uses: number) {
    return {
      id: d.handlingItemCode,
      code: d.handlingItemCode,
      name: d.name,
      keywords: d.keywords,
      department: d.departmentCode,
      targetUsers: d.targetUsers,
      themes: d.themes,
      lifeEvents: d.lifeEvents,
      popularity: uses,
    };
  }

  /** Bring this node's index in step with a published or retired item. */
  async refresh(code: string): Promise<void> {
    this.currentVersion.delete(code);
    if (!this.index) return; // built fresh on first use
    const r = await repo.itemVersion(this.db, code, null);
    if (r && r.status === 'published') {
      this.index.upsert(this.searchDoc(r.data, r.uses));
      this.summaries.set(code, summary(r.data, r.version, r.uses));
    } else {
      this.index.remove(code);
      this.summaries.delete(code);
    }
  }

  async search(
    p: Principal | null,
    q: { q?: string | undefined } & SearchFilters & { page: number; pageSize: number },
  ) {
    policy.read(p);
    const ix = await this.searchIndex();
    // A life event's bundle (一件事) comes first, above the items, when the query is about it.
    const first = q.page === 1 && !!q.q?.trim();
    const res = ix.search(q.q ?? '', q, { offset: (q.page - 1) * q.pageSize, limit: q.pageSize }, first ? 3 : 0);
    const bundles = res.bundles
      .filter((h) => h.match >= res.best * BUNDLE_MATCH_SHARE)
      .flatMap((h) => this.bundleHits.get(h.id) ?? []);
    return { total: res.total, items: res.items.flatMap((h) => this.summaries.get(h.id) ?? []), bundles };
  }

  private detail(r: Row) {
    return {
      id: r.id,
      code: r.code,
      version: r.version,
      status: r.status,
      current: r.effective_to === null,
      effectiveFrom: r.effective_from.toISOString(),
      effectiveTo: r.effective_to?.toISOString() ?? null,
      uses: r.uses,
      item: r.data,
    };
  }

  async get(p: Principal | null, code: string, version: number | null) {
    policy.read(p);
    const r = await repo.itemVersion(this.db, code, version);
    if (!r || (version === null && r.status !== 'published')) throw notFound('ITEM_NOT_FOUND', 'No such service item');
    return this.detail(r);
  }

  async versions(p: Principal | null, code: string) {
    policy.read(p);
    const rows = await repo.versionsOf(this.db, code);
    if (rows.length === 0) throw notFound('ITEM_NOT_FOUND', 'No such service item');
    return rows.map((r) => ({
      version: r.version,
      status: r.status,
      effectiveFrom: r.effective_from.toISOString(),
      effectiveTo: r.effective_to?.toISOString() ?? null,
      createdBy: r.created_by,
    }));
  }

  /**
   * Publish a new version of an item (or its first). The department admin edits only their
   * department's items, and may not move an item to another department.
   */
  async publish(
    p: Principal | null,
    code: string,
    data: ServiceItemData,
    meta: { requestId: string; ip: string | null },
  ) {
    const principal = policy.edit(p, data.departmentCode);
    if (data.handlingItemCode !== code)
      throw validationFailed([
        { path: '/handlingItemCode', code: 'CODE_MISMATCH', message: 'The handling-item code must match the URL' },
      ]);
    const unknownPrefills = unknownPrefillsOf(data, this.prefillSources);
    if (unknownPrefills.length > 0) throw validationFailed(unknownPrefills);
    const actor: ActorRef = {
      accountId: principal.accountId,
      kind: principal.kind,
      requestId: meta.requestId,
      ip: meta.ip,
    };
    const outcome = await command(this.p, actor, async (w) => {
      const tx = scoped<CatalogTables>(w.tx);
      const current = await repo.lockCurrent(tx, code);
      if (current && current.department_code !== data.departmentCode) return { ok: false as const };
      // The previous version's department must be the editor's too.
      if (current) policy.edit(principal, current.department_code);
      const version = (await repo.lastVersion(tx, code)) + 1;
      if (current) await repo.closeVersion(tx, current.id, w.now);
      await repo.insertVersion(tx, {
        id: uuidv7(w.now.getTime()),
        code,
        version,
        regionCode: this.regionCode,
        status: 'published',
        data,
        at: w.now,
        by: principal.accountId,
      });
      await w.audit({
        action: 'catalog.item.published',
        resourceType: 'service_item',
        resourceId: code,
        regionCode: this.regionCode,
        change: data,
        detail: { version, department: data.departmentCode },
      });
      await w.emit('catalog.item.published', { code, version }, this.regionCode);
      return { ok: true as const, version };
    });
    if (!outcome.ok)
      throw conflict('DEPARTMENT_CHANGE', 'An item cannot move to another department; retire it and create a new one');
    await this.refresh(code);
    return this.get(principal, code, outcome.version);
  }

  /** Retire an item: it stays readable by version (old cases refer to it) but leaves the catalogue. */
  async retire(p: Principal | null, code: string, meta: { requestId: string; ip: string | null }): Promise<void> {
    const current = await repo.itemVersion(this.db, code, null);
    if (!current || current.status !== 'published') throw notFound('ITEM_NOT_FOUND', 'No such service item');
    const principal = policy.edit(p, current.data.departmentCode);
    const actor: ActorRef = {
      accountId: principal.accountId,
      kind: principal.kind,
      requestId: meta.requestId,
      ip: meta.ip,
    };
    await command(this.p, actor, async (w) => {
      const tx = scoped<CatalogTables>(w.tx);
      const locked = await repo.lockCurrent(tx, code);
      if (!locked) return;
      const version = locked.version + 1;
      await repo.closeVersion(tx, locked.id, w.now);
      await repo.insertVersion(tx, {
        id: uuidv7(w.now.getTime()),
        code,
        version,
        regionCode: this.regionCode,
        status: 'retired',
        data: current.data,
        at: w.now,
        by: principal.accountId,
      });
      await w.audit({
        action: 'catalog.item.retired',
        resourceType: 'service_item',
        resourceId: code,
        regionCode: this.regionCode,
        detail: { version },
      });
      await w.emit('catalog.item.retired', { code, version }, this.regionCode);
    });
    await this.refresh(code);
  }

  async bundles(p: Principal | null) {
    policy.read(p);
    return (await repo.bundles(this.db)).map((b) => b.data);
  }

  /** A life-event bundle with one merged form and one set of materials. */
  async bundle(p: Principal | null, code: string) {
    policy.read(p);
    const b = await repo.bundle(this.db, code);
    if (!b) throw notFound('BUNDLE_NOT_FOUND', 'No such life-event bundle');
    const rows = new Map((await repo.currentItems(this.db)).map((r) => [r.code, r]));
    const items = b.data.itemCodes.flatMap((c) => (rows.has(c) ? [rows.get(c)!] : []));
    const materials = mergeMaterials(
      items.map((r) => ({ code: r.code, data: r.data })),
      b.data.sameMaterials,
    );
    return {
      code: b.data.code,
      name: b.data.name,
      description: b.data.description,
      items: items.map((r) => summary(r.data, r.version, r.uses)),
      form: mergeForms(
        items.map((r) => r.data.form),
        b.data.sections,
      ),
      materials,
      departments: [...new Set(items.map((r) => r.data.departmentCode))],
      order: b.data.order ?? [],
    };
  }

  /**
   * For other modules (applications): an item's current version, or a given one; null when
   * unknown. Versions are kept in memory (they never change); which one is current is
   * trusted for CURRENT_TTL_MS, and forgotten at once when this node publishes or retires.
   */
  async resolveItem(code: string, version: number | null = null): Promise<ResolvedItem | null> {
    const current = version === null ? this.currentVersion.get(code) : undefined;
    const wanted = version ?? (current && Date.now() - current.at < CURRENT_TTL_MS ? current.version : null);
    const kept = wanted === null ? undefined : this.keptVersions.get(`${code}@${wanted}`);
    if (kept) return kept;
    const r = await repo.itemVersion(this.db, code, version);
    if (!r) return null;
    const item: ResolvedItem = { code: r.code, version: r.version, status: r.status, data: r.data };
    if (this.keptVersions.size >= VERSION_CACHE_MAX) {
      let n = Math.ceil(VERSION_CACHE_MAX / 10);
      for (const key of this.keptVersions.keys()) {
        this.keptVersions.delete(key);
        if (--n === 0) break;
      }
    }
    this.keptVersions.set(`${r.code}@${r.version}`, item);
    if (version === null) this.currentVersion.set(code, { version: r.version, at: Date.now() });
    return item;
  }

  /** For other modules: a bundle's definition and its items' current versions. */
  async resolveBundle(
    code: string,
  ): Promise<{ data: BundleData; items: { code: string; version: number; data: ServiceItemData }[] } | null> {
    const b = await repo.bundle(this.db, code);
    if (!b) return null;
    const rows = new Map((await repo.currentItems(this.db)).map((r) => [r.code, r]));
    const items = b.data.itemCodes.flatMap((c) => {
      const r = rows.get(c);
      return r ? [{ code: r.code, version: r.version, data: r.data }] : [];
    });
    return { data: b.data, items };
  }

  /**
   * Count a filing towards the item's popularity (search ranks most-used first). Counted in
   * memory and written every few seconds in one statement, so busy items' counter rows are
   * not a queue every submission waits in. A crash loses at most those seconds of counts.
   */
  countUse(codes: string[]): void {
    for (const code of codes) this.pendingUses.set(code, (this.pendingUses.get(code) ?? 0) + 1);
    if (this.useTimer) return;
    this.useTimer = setTimeout(() => {
      this.useTimer = null;
      void this.flushUses().catch((err: unknown) => this.p.log.warn({ err }, 'counting item use failed'));
    }, USE_FLUSH_MS);
    this.useTimer.unref();
  }

  /** Write the counted uses now (also at shutdown). */
  async flushUses(): Promise<void> {
    if (this.useTimer) clearTimeout(this.useTimer);
    this.useTimer = null;
    if (this.pendingUses.size === 0) return;
    const uses = [...this.pendingUses];
    this.pendingUses.clear();
    await repo.countUses(this.db, uses);
  }

  /** For the demo seed: first versions of items and the bundles, in one transaction. */
  async seed(
    items: readonly ServiceItemData[],
    bundles: readonly BundleData[],
    log: (m: string) => void,
  ): Promise<void> {
    if (await repo.isSeeded(this.db)) return;
    await command(this.p, { accountId: null, kind: 'system', requestId: null, ip: null }, async (w) => {
      const tx = scoped<CatalogTables>(w.tx);
      for (const data of items) {
        await repo.insertVersion(tx, {
          id: uuidv7(w.now.getTime()),
          code: data.handlingItemCode,
          version: 1,
          regionCode: this.regionCode,
          status: 'published',
          data,
          at: w.now,
          by: null,
        });
      }
      for (const b of bundles) await repo.upsertBundle(tx, b, w.now);
      await w.audit({
        action: 'catalog.seed.loaded',
        resourceType: 'seed',
        detail: { items: items.length, bundles: bundles.length },
      });
    });
    this.index = null;
    this.summaries = new Map();
    log(`catalog: ${items.length} service items, ${bundles.length} life-event bundles`);
  }
}

/** Form fields prefilled from a source that is not published (PrefillSource, RegistryPrefill). */
function unknownPrefillsOf(data: ServiceItemData, known: ReadonlySet<string> | null) {
  if (!known) return [];
  return data.form.sections.flatMap((s, i) =>
    s.fields.flatMap((f, j) =>
      f.prefill && !known.has(f.prefill)
        ? [
            {
              path: `/form/sections/${i}/fields/${j}/prefill`,
              code: 'PREFILL_UNKNOWN',
              message: `${f.prefill} is not a prefill source (GET /api/exchange/prefill-sources)`,
            },
          ]
        : [],
    ),
  );
}
