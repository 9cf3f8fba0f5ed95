/** What supervision's use cases share: its settings, its database view and an app as the API shows it. */
import type { Kysely } from 'kysely';
import { notFound } from '../../platform/errors.ts';
import type { SuperappContext, SupervisionSettings } from './superapp.context.ts';
import * as repo from './superapp.supervision.repository.ts';
import type { SupervisionTables } from './superapp.supervision.tables.ts';

/** The `superapp` block of the configuration that supervision reads. */
export type { SupervisionSettings } from './superapp.context.ts';

export const DEFAULT_SUPERVISION_SETTINGS: SupervisionSettings = { suspendAfterUpheld: 3, usageBatchesPerMinute: 120 };

export const dbOf = (c: SuperappContext) => c.platform.db as Kysely<SupervisionTables>;

export const appNotFound = () => notFound('APP_NOT_FOUND', 'No such app');

export interface AppRefT {
  id: string;
  slug: string;
  name: { zh: string; en: string };
  icon: string | null;
  ownerName: string;
  status: repo.AppRow['status'];
  statusReason: string | null;
}

export const appRefOf = (r: repo.AppRow): AppRefT => ({
  id: r.id,
  slug: r.slug,
  name: r.manifest?.name ?? { zh: r.slug, en: r.slug },
  icon: r.manifest?.icon ?? null,
  ownerName: r.owner_name,
  status: r.status,
  statusReason: r.status_reason,
});

/** Apps a person may see (and complain about): once approved, whether still live or not. */
export const visibleToPeople = (r: repo.AppRow) =>
  r.manifest !== null && r.status !== 'in_review' && r.status !== 'rejected';

export async function appsById(c: SuperappContext, ids: readonly string[]): Promise<Map<string, repo.AppRow>> {
  const rows = (await repo.appRows(dbOf(c), [...new Set(ids)])) as repo.AppRow[];
  return new Map(rows.map((r) => [r.id, r]));
}

export async function appById(c: SuperappContext, id: string): Promise<repo.AppRow> {
  const r = (await appsById(c, [id])).get(id);
  if (!r) throw appNotFound();
  return r;
}
