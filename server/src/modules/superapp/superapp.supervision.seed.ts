/**
 * Supervision's demo: for each approved citizen app in place (the bridge part's demo mini-apps),
 * what it obtained about the demo citizen (the demo city's seed names them: no module reads demo/) (a sign-in and a userinfo call) and two weeks of usage
 * (opens, views, actions and a few errors, through the same roll-up as live events). Where no app
 * is in place yet, a demo library app of the demo citizen's enterprise stands in, so the pages
 * have something to show. Idempotent: an app that already has releases about the citizen is left.
 */
import type { Transaction } from 'kysely';
import { uuidv7 } from '../../platform/ids.ts';
import { PII } from '../../platform/pii.ts';
import type { SuperappContext } from './superapp.context.ts';
import type { Manifest } from './superapp.manifest.ts';
import { SCOPES, type Scope } from './superapp.scopes.ts';
import { dbOf } from './superapp.supervision.common.ts';
import * as repo from './superapp.supervision.repository.ts';
import type { SupervisionTables } from './superapp.supervision.tables.ts';
import type { Supervision } from './superapp.supervision.service.ts';

const DAY = 86_400_000;
const SEED_DAYS = 14;

/** The stand-in app: a city library's card and loans, on a documentation host (it is never opened). */
export const libraryManifest = (): Manifest =>
  ({
    slug: 'city-library',
    name: { zh: '市图书馆', en: 'City Library' },
    description: { zh: '借阅证、在借图书与续借', en: 'Library card, loans and renewals' },
    icon: 'data:image/svg+xml,%3Csvg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"%3E%3Crect width="24" height="24" rx="5" fill="%23389e0d"/%3E%3C/svg%3E',
    category: 'education',
    entryUrl: 'https://library.example.org/app/',
    redirectUris: ['https://library.example.org/app/callback'],
    scopes: [
      { scope: 'openid', purpose: { zh: '识别借阅人', en: 'To know the borrower' } },
      { scope: 'profile', purpose: { zh: '办理借阅证', en: 'To issue the library card' } },
      { scope: 'phone', purpose: { zh: '到期提醒', en: 'Due-date reminders' } },
    ],
    privacyPolicyUrl: 'https://library.example.org/privacy',
    support: { phone: '0577-12345678' },
    elderMode: true,
    languages: ['zh-CN', 'en'],
  }) as unknown as Manifest; // (the manifest type's unions of literals are built from arrays)

/** The demo's supervision content about the person of this ID number (the demo city's seed calls it last). */
export async function seedSupervision(c: SuperappContext, s: Supervision, idNumber: string): Promise<void> {
  const db = dbOf(c);
  const indexes = c.platform.protector.blindIndexes(idNumber, PII.citizenId);
  const [accountId] = await c.deps.identity.verifiedAccountsOf(indexes);
  if (!accountId) return;
  let apps = ((await repo.appRows(db)) as repo.AppRow[]).filter((a) => a.status === 'approved' && a.manifest);
  if (apps.length === 0) {
    const [enterprise] = await c.deps.identity.enterprisesOfAccount(accountId);
    if (!enterprise) return;
    await c.directory.putApproved(
      { manifest: libraryManifest(), ownerUscc: enterprise.uscc, ownerName: enterprise.name },
      c.platform.clock.now(),
    );
    apps = ((await repo.appRows(db)) as repo.AppRow[]).filter((a) => a.slug === 'city-library');
  }
  for (const app of apps) {
    if ((await repo.releasesOf(db, accountId, app.id, 1)).length > 0) continue;
    const claims = app.manifest!.scopes.flatMap((x) => [...SCOPES[x.scope as Scope].claims]);
    await s.releases.record({ appId: app.id, accountId, claims, consentId: null, via: 'id_token' });
    await s.releases.record({ appId: app.id, accountId, claims, consentId: null, via: 'userinfo' });
    await seedUsage(c, s, app.id);
  }
}

/** Two weeks of an app's usage: each day a few users, each opening, viewing pages and acting; now and then an error. */
async function seedUsage(c: SuperappContext, s: Supervision, appId: string): Promise<void> {
  const now = c.platform.clock.now().getTime();
  for (let d = SEED_DAYS; d >= 1; d--) {
    const at = new Date(now - d * DAY);
    const day = s.usage.day(at);
    const users = 4 + ((d * 7) % 5);
    for (let u = 0; u < users; u++) {
      const events: repo.UsageInsert[] = [
        { id: uuidv7(at.getTime()), kind: 'open', name: 'home', detail: null },
        { id: uuidv7(at.getTime()), kind: 'view', name: 'home', detail: null },
        { id: uuidv7(at.getTime()), kind: 'view', name: 'list', detail: null },
        { id: uuidv7(at.getTime()), kind: 'action', name: 'submit', detail: null },
      ];
      if ((d + u) % 6 === 0)
        events.push({
          id: uuidv7(at.getTime()),
          kind: 'error',
          name: 'api.timeout',
          detail: JSON.stringify({ endpoint: '/api/list', ms: 8000 }),
        });
      await c.platform.db.transaction().execute((tx) =>
        repo.ingestUsage(tx as Transaction<SupervisionTables>, {
          appId,
          accountId: null,
          userKey: `seed:${u}`,
          day,
          at,
          events,
        }),
      );
    }
  }
}
