/**
 * Supervision of mini-apps (part 4 of the super app, docs/superapp-supervision.md): what each app
 * obtained about whom and under which consent, the citizen's view of it with withdrawal,
 * complaints and the automatic suspensions they lead to, and usage and error statistics.
 */
import type { Principal } from '../../platform/auth.ts';
import type { SuperappContext, SuperappPart } from './superapp.context.ts';
import { requireAppReviewer } from './superapp.policy.ts';
import {
  appRefOf,
  dbOf,
  DEFAULT_SUPERVISION_SETTINGS,
  type SupervisionSettings,
} from './superapp.supervision.common.ts';
import { Complaints, type RecheckReport } from './superapp.supervision.complaints.ts';
import { Releases, type AppWithdraw, type NewRelease } from './superapp.supervision.releases.ts';
import * as repo from './superapp.supervision.repository.ts';
import { supervisionRoutes } from './superapp.supervision.routes.ts';
import { seedSupervision } from './superapp.supervision.seed.ts';
import { Usage, usageTotals } from './superapp.supervision.usage.ts';

export type { RecheckReport } from './superapp.supervision.complaints.ts';
export type { NewRelease, AppWithdraw } from './superapp.supervision.releases.ts';

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

export interface SupervisionApi {
  service: Supervision;
  /** One release of claims to an app (the OIDC part calls it): superapp.releases and the access log. */
  recordRelease(input: NewRelease): Promise<string>;
  /** The registry's re-check failed: suspend the app (audited as the system), tell its owner. */
  suspendAfterFailedRecheck(appId: string, report: RecheckReport): Promise<{ suspended: boolean }>;
  /** Connect the OIDC part's withdraw (revoking the app's grants and tokens). */
  connectWithdraw(fn: AppWithdraw): void;
  /** The demo: what the apps in place obtained about this person (by ID number) and two weeks of usage. */
  seedDemo(idNumber: string): Promise<void>;
}

export function createSupervision(c: SuperappContext): SuperappPart<SupervisionApi> & { api: SupervisionApi } {
  const settings = { ...DEFAULT_SUPERVISION_SETTINGS, ...c.deps.supervision };
  const s = new Supervision(c, settings);
  return {
    plugin: supervisionRoutes(s),
    api: {
      service: s,
      recordRelease: (input) => s.releases.record(input),
      suspendAfterFailedRecheck: (appId, report) => s.complaints.suspendAfterFailedRecheck(appId, report),
      connectWithdraw: (fn) => s.releases.connectWithdraw(fn),
      seedDemo: (idNumber) => seedSupervision(c, s, idNumber),
    },
  };
}
