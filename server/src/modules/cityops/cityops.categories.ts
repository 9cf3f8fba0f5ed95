/** Event categories (事件分类): public, cached; seeded from the city's own list (demo/cityops-categories.ts). */
import type { TimeLimit } from '../../platform/calendar.ts';
import { AppError } from '../../platform/errors.ts';
import type { CityopsContext } from './cityops.context.ts';
import * as repo from './cityops.repository.ts';

export interface SeedCategory {
  code: string;
  name: string;
  nameEn: string;
  groupName: string;
  groupNameEn: string;
  description: string;
  descriptionEn: string;
  departmentCode: string;
  urgent: boolean;
  timeLimit: TimeLimit;
  anonymousAllowed: boolean;
  keywords: string[];
  /** Open311 attribute definitions (may be empty). */
  attributes: unknown[];
  sensorType: string | null;
}

export interface CategoryFacts {
  code: string;
  name: { zh: string; en: string };
  group: { zh: string; en: string };
  description: { zh: string; en: string };
  departmentCode: string;
  urgent: boolean;
  timeLimit: TimeLimit;
  anonymousAllowed: boolean;
  keywords: string[];
  attributes: unknown[];
  sensorType: string | null;
  active: boolean;
}

const CACHE_MS = 60_000;

const factsOf = (r: repo.CategoryRow): CategoryFacts => ({
  code: r.code,
  name: { zh: r.name, en: r.name_en },
  group: { zh: r.group_name, en: r.group_name_en },
  description: { zh: r.description, en: r.description_en },
  departmentCode: r.department_code,
  urgent: r.urgent,
  timeLimit: r.time_limit,
  anonymousAllowed: r.anonymous_allowed,
  keywords: r.keywords,
  attributes: r.attributes,
  sensorType: r.sensor_type,
  active: r.active,
});

export class Categories {
  private readonly c: CityopsContext;
  private cache: { at: number; all: Promise<Map<string, CategoryFacts>> } | null = null;

  constructor(c: CityopsContext) {
    this.c = c;
  }

  /** Every category by code (active or not: old events keep theirs), cached for a minute. */
  async all(): Promise<Map<string, CategoryFacts>> {
    const now = Date.now();
    if (!this.cache || now - this.cache.at > CACHE_MS) {
      const all = repo.categories(this.c.db, false).then((rows) => new Map(rows.map((r) => [r.code, factsOf(r)])));
      this.cache = { at: now, all };
      all.catch(() => (this.cache = null));
    }
    return this.cache.all;
  }

  /** The active categories (public: the report page, Open311's service list). */
  async list(): Promise<CategoryFacts[]> {
    return [...(await this.all()).values()].filter((c) => c.active);
  }

  async get(code: string): Promise<CategoryFacts | null> {
    const hit = (await this.all()).get(code);
    if (hit) return hit;
    this.cache = null;
    return (await this.all()).get(code) ?? null;
  }

  /** An active category, or 422 CITYOPS_CATEGORY_NOT_FOUND. */
  async active(code: string): Promise<CategoryFacts> {
    const c = await this.get(code);
    if (!c?.active) throw new AppError(422, 'CITYOPS_CATEGORY_NOT_FOUND', `No such event category: ${code}`);
    return c;
  }

  /** Load the city's categories (idempotent: existing codes are kept as they are). */
  async seed(list: readonly SeedCategory[], log: (m: string) => void = () => {}): Promise<void> {
    if (list.length === 0) return;
    await repo.upsertCategories(
      this.c.db,
      list.map((x) => ({
        code: x.code,
        name: x.name,
        name_en: x.nameEn,
        group_name: x.groupName,
        group_name_en: x.groupNameEn,
        description: x.description,
        description_en: x.descriptionEn,
        department_code: x.departmentCode,
        urgent: x.urgent,
        time_limit: JSON.stringify(x.timeLimit),
        anonymous_allowed: x.anonymousAllowed,
        keywords: x.keywords,
        attributes: JSON.stringify(x.attributes),
        sensor_type: x.sensorType,
        active: true,
      })),
    );
    this.cache = null;
    log(`cityops: ${list.length} event categories`);
  }
}
