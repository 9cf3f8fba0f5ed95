/** What every use case of the supervision module works with. */
import type { Kysely, Transaction } from 'kysely';
import { WorkingCalendar } from '../../platform/calendar.ts';
import { CHINA_CALENDAR } from '../../platform/calendar-data.ts';
import type { Platform, Work } from '../../platform/context.ts';
import { scoped } from '../../platform/db.ts';
import type { NoEvents } from '../../platform/outbox.ts';
import type { ApplicationsService } from '../applications/index.ts';
import type { CatalogService } from '../catalog/index.ts';
import type { NotifyInput } from '../notify/index.ts';
import type { OrgService } from '../org/index.ts';
import type { SupervisionTables } from './supervision.tables.ts';

export interface SupervisionSettings {
  /** Working days a unit has to rectify a bad rating (差评整改时限), on the working-day calendar. */
  rectificationWorkingDays: number;
  /** 时限监督 (supervision.deadlines.ts): at risk in the last percent of the limit, or within working days of it. */
  deadlineAtRiskPercent: number;
  deadlineAtRiskWorkingDays: number;
  /** Working days after the deadline (黄牌) before the red card (红牌). */
  redCardWorkingDays: number;
}

export interface SupervisionDeps {
  catalog: Pick<CatalogService, 'resolveItem'>;
  org: Pick<OrgService, 'accountsWithRole' | 'departmentNames'>;
  /** applications' open lines of work with their deadlines (时限监督). */
  applications: Pick<ApplicationsService, 'deadlineLines' | 'deadlineLinesOf' | 'deadlineLinesOfCases'>;
  /** applications' case facts, for statistics (supervision.statistics.ts). */
  cases: Pick<ApplicationsService, 'caseFacts' | 'caseFactsPage'>;
  /** notify's direct call: a message in an inbox within our transaction. */
  notifyAccount(tx: Transaction<object> | Kysely<object>, input: NotifyInput, at: Date): Promise<string | null>;
  settings: SupervisionSettings;
  regionCode: string;
  timeZone: string;
}

export type SupDb = Kysely<SupervisionTables>;

export interface Context {
  readonly p: Platform<NoEvents>;
  readonly db: SupDb;
  readonly deps: SupervisionDeps;
  readonly calendar: WorkingCalendar;
}

export const contextOf = (platform: Platform<NoEvents>, deps: SupervisionDeps): Context => ({
  p: platform,
  db: scoped<SupervisionTables>(platform.db),
  deps,
  calendar: new WorkingCalendar(CHINA_CALENDAR, { timeZone: deps.timeZone }),
});

export const inTx = (w: Work<NoEvents>): SupDb => scoped<SupervisionTables>(w.tx);

/** A case may be rated for this long after it closed (GB/T 39734: rated within the period the city sets). */
export const RATING_WINDOW_DAYS = 30;
export const OVERDUE_JOB = 'supervision.ticket-overdue';
export interface OverdueJob {
  ticketId: string;
}
export const TELL_JOB = 'supervision.tell-staff';
export interface TellJob {
  ticketId: string;
  regionCode: string;
  departmentCode: string;
  roles: string[];
  body: { zh: string; en: string };
}

/** The national indicators (GB/T 39734-2020): online channels, and offline (window) ones. */
export const ONLINE_INDICATORS = ['overall', 'efficiency', 'guideAccuracy', 'convenience', 'usability'] as const;
export const OFFLINE_INDICATORS = ['overall', 'efficiency', 'serviceLevel', 'attitude'] as const;
