/**
 * Supervision of mini-apps (part 4 of the super app, docs/superapp-supervision.md): what each app
 * obtained about whom and under which consent, the citizen's view of it with withdrawal,
 * complaints and the automatic suspensions they lead to, and usage and error statistics.
 */
import type { SuperappContext, SuperappPart } from './superapp.context.ts';
import { DEFAULT_SUPERVISION_SETTINGS } from './superapp.supervision.common.ts';
import type { RecheckReport } from './superapp.supervision.complaints.ts';
import type { AppWithdraw, NewRelease } from './superapp.supervision.releases.ts';
import { supervisionRoutes } from './superapp.supervision.routes.ts';
import { seedSupervision } from './superapp.supervision.seed.ts';
import { Supervision } from './superapp.supervision.service.ts';

export type { RecheckReport } from './superapp.supervision.complaints.ts';
export type { NewRelease, AppWithdraw } from './superapp.supervision.releases.ts';
export { Supervision } from './superapp.supervision.service.ts';

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
