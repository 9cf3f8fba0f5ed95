/** Supervision's use cases together (the part's routes and api are made from this). */
import type { Principal } from '../../platform/auth.ts';
import type { SuperappContext } from './superapp.context.ts';
import { requireAppReviewer } from './superapp.policy.ts';
import { appRefOf, dbOf, type SupervisionSettings } from './superapp.supervision.common.ts';
import { Complaints } from './superapp.supervision.complaints.ts';
import { Releases } from './superapp.supervision.releases.ts';
import * as repo from './superapp.supervision.repository.ts';
import { Usage, usageTotals } from './superapp.supervision.usage.ts';

/** The days the reviewer's list sums usage over. */
const LIST_DAYS = 30;

export class Supervision {
  readonly releases: Releases;
  readonly complaints: Complaints;
  readonly usage: Usage;
  readonly settings: SupervisionSettings;
  private readonly c: SuperappContext;

  constructor(c: SuperappContext, settings: SupervisionSettings) {
    this.c = c;
    this.settings = settings;
    this.releases = new Releases(c);
    this.complaints = new Complaints(c, settings);
    this.usage = new Usage(c, settings);
  }

  /** Every app with its supervision figures (the app reviewer). */
  async list(p: Principal | null) {
    requireAppReviewer(p);
    const db = dbOf(this.c);
    const [apps, releases, complaints, usage] = await Promise.all([
      repo.appRows(db) as Promise<repo.AppRow[]>,
      repo.releaseTotals(db),
      repo.complaintCounts(db),
      this.usage.sumsSince(LIST_DAYS),
    ]);
    const none = usageTotals({ opens: 0, views: 0, actions: 0, errors: 0, users: 0 });
    return {
      items: apps.map((a) => {
        const r = releases.find((x) => x.app_id === a.id);
        const count = (s: string) => Number(complaints.find((x) => x.app_id === a.id && x.status === s)?.n ?? 0);
        return {
          app: appRefOf(a),
          releases: Number(r?.n ?? 0),
          people: Number(r?.people ?? 0),
          complaints: { open: count('open'), upheld: count('upheld'), dismissed: count('dismissed') },
          usage: usage.get(a.id) ?? none,
        };
      }),
    };
  }
}
