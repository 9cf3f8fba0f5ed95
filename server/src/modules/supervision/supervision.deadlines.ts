/**
 * 时限监督 (efficiency supervision, deadlines): a live view of the cases at risk and overdue, by
 * department, service item and staff member (who holds the case), with the 黄牌/红牌 cards.
 *
 * - The deadlines are applications' own (each open line of work's `deadline_at`, set by the
 *   workflow on the working-day calendar); supervision reads them through applications' service
 *   and never recomputes a time limit. "At risk" is a setting: the last `deadlineAtRiskPercent`
 *   of the line's limit, or `deadlineAtRiskWorkingDays` before the deadline, whichever is first.
 * - Warnings: each time a case moves (`applications.case.changed`), a job per open line is
 *   scheduled for the moment it becomes at risk; it tells the holder (or, unclaimed, the staff
 *   who may act on it) if the line is still open with that deadline.
 * - Escalation: `applications.case.overdue` (the workflow's deadline job) issues the 黄牌; a job
 *   `redCardWorkingDays` working days later issues the 红牌 if the case is still late. One card
 *   of each colour per case (a unique index), each audited (and so in the transparency log).
 */
import { systemActor } from '../../platform/audit.ts';
import type { Principal } from '../../platform/auth.ts';
import { command, type Platform } from '../../platform/context.ts';
import { uuidv7 } from '../../platform/ids.ts';
import { scheduleJob, type Job, type NewJob } from '../../platform/jobs.ts';
import type { DomainEvent, NoEvents } from '../../platform/outbox.ts';
import { localDate } from '../../platform/time-zone.ts';
import { applicationsEvents, CASE_OVERDUE, type CaseOverduePayload, type DeadlineLine } from '../applications/index.ts';
import type { Context } from './supervision.context.ts';
import * as repo from './supervision.deadlines.repository.ts';
import { policy, type Scope } from './supervision.policy.ts';

export const WARN_JOB = 'supervision.deadline-warning';
export const RED_JOB = 'supervision.deadline-red-card';
export interface WarnJob {
  caseId: string;
  branch: string | null;
  deadlineAt: string;
}
export interface RedJob {
  caseId: string;
}

/** At most this many lines are read for one view (a region's whole late backlog, nearest first). */
const LINE_LIMIT = 5_000;
/** Lines listed in one answer (the groups count them all). */
const LIST_LIMIT = 500;
const DAY_MS = 86_400_000;

export type Flag = 'overdue' | 'at_risk';
export interface ViewQuery {
  departmentCode?: string | undefined;
  itemCode?: string | undefined;
  /** A staff member's account id, or `unclaimed`. */
  holder?: string | undefined;
  flag?: Flag | undefined;
}

const lineKey = (l: { caseId: string; branch: string | null }) => `${l.caseId}:${l.branch ?? '-'}`;

export function cardView(c: repo.CardRow) {
  return {
    id: c.id,
    color: c.color,
    caseId: c.case_id,
    caseNumber: c.case_number,
    departmentCode: c.department_code,
    itemCode: c.item_code,
    title: { zh: c.title_zh, en: c.title_en },
    branch: c.branch,
    state: c.state,
    holder: c.holder_account_id ? { id: c.holder_account_id, name: c.holder_name ?? '' } : null,
    deadlineAt: c.deadline_at.toISOString(),
    issuedAt: c.issued_at.toISOString(),
  };
}

/** The applications scopes of a supervision scope: whole regions, or departments of a region. */
function linesScopes(s: Scope) {
  const byRegion = new Map<string, string[]>();
  for (const d of s.departments) {
    if (s.regions.includes(d.regionCode)) continue;
    byRegion.set(d.regionCode, [...(byRegion.get(d.regionCode) ?? []), d.departmentCode]);
  }
  return [
    ...s.regions.map((regionCode) => ({ regionCode, departmentCodes: null })),
    ...[...byRegion].map(([regionCode, departmentCodes]) => ({ regionCode, departmentCodes })),
  ];
}

interface Counts {
  atRisk: number;
  overdue: number;
  yellow: number;
  red: number;
}

export class Deadlines {
  private readonly c: Context;
  private readonly db: repo.CardDb;

  constructor(context: Context) {
    this.c = context;
    this.db = repo.cardDb(context.p.db);
  }

  // The settings, on the platform's working-day calendar ----------------------------------

  private get settings() {
    return this.c.deps.settings;
  }

  /**
   * When a line becomes at risk: the last percent of its limit, or `deadlineAtRiskWorkingDays`
   * before the deadline (the earliest instant t with calendar.addWorkingDays(t, n) ≥ deadline,
   * found by bisection on the calendar: addWorkingDays is monotone in t), whichever is first.
   */
  atRiskFrom(line: { since: Date; deadlineAt: Date }): Date {
    const deadline = line.deadlineAt.getTime();
    const byShare = deadline - ((deadline - line.since.getTime()) * this.settings.deadlineAtRiskPercent) / 100;
    return new Date(Math.min(byShare, this.byWorkingDays(deadline)));
  }

  /** Deadlines fall mostly at the end of a working day: few distinct ones, each bisected once. */
  private readonly workingDayPoints = new Map<number, number>();

  private byWorkingDays(deadline: number): number {
    const n = this.settings.deadlineAtRiskWorkingDays;
    if (n === 0) return deadline;
    const known = this.workingDayPoints.get(deadline);
    if (known !== undefined) return known;
    let lo = deadline - (n * 7 + 60) * DAY_MS; // far enough back to be before n working days (holidays included)
    let hi = deadline;
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if (this.c.calendar.addWorkingDays(new Date(mid), n).getTime() >= deadline) hi = mid;
      else lo = mid;
    }
    if (this.workingDayPoints.size > 10_000) this.workingDayPoints.clear();
    this.workingDayPoints.set(deadline, hi);
    return hi;
  }

  /** The red card's time: `redCardWorkingDays` working days after the deadline. */
  redAt(deadlineAt: Date): Date {
    return this.c.calendar.addWorkingDays(deadlineAt, this.settings.redCardWorkingDays);
  }

  private flagOf(line: DeadlineLine, now: Date): Flag | null {
    if (line.deadlineAt.getTime() < now.getTime()) return 'overdue';
    return this.atRiskFrom(line).getTime() <= now.getTime() ? 'at_risk' : null;
  }

  // The live view -----------------------------------------------------------------------------

  /** Cases at risk and overdue in the caller's scope, grouped, and the lines of the drill-down. */
  async view(p: Principal | null, q: ViewQuery) {
    const { scope } = policy.scope(p);
    const now = this.c.p.clock.now();
    const n = this.settings.deadlineAtRiskWorkingDays;
    const read = await this.c.deps.applications.deadlineLines({
      scopes: linesScopes(scope),
      now,
      horizon: n > 0 ? this.c.calendar.addWorkingDays(now, n) : now,
      share: this.settings.deadlineAtRiskPercent / 100,
      limit: LINE_LIMIT + 1,
    });
    const truncated = read.length > LINE_LIMIT;
    const lines = read
      .slice(0, LINE_LIMIT)
      .map((l) => ({ line: l, flag: this.flagOf(l, now) }))
      .filter((x): x is { line: DeadlineLine; flag: Flag } => x.flag !== null);
    const cards = await repo.cardsOfCases(this.db, [...new Set(lines.map((x) => x.line.caseId))]);
    const cardsOf = new Map<string, repo.CardRow[]>();
    for (const card of cards) cardsOf.set(card.case_id, [...(cardsOf.get(card.case_id) ?? []), card]);
    const names = await this.c.deps.org.departmentNames();

    const departments = new Map<string, Counts & { code: string; name: { zh: string; en: string } }>();
    const items = new Map<string, Counts & { code: string | null; name: { zh: string; en: string } }>();
    const staff = new Map<string, Counts & { id: string | null; name: string | null }>();
    const carded = new Set<string>(); // a case's cards count once per group, whatever its lines
    const add = (g: Counts, flag: Flag, caseCards: repo.CardRow[], key: string) => {
      if (flag === 'overdue') g.overdue++;
      else g.atRisk++;
      if (carded.has(key)) return;
      carded.add(key);
      g.yellow += caseCards.some((c) => c.color === 'yellow') ? 1 : 0;
      g.red += caseCards.some((c) => c.color === 'red') ? 1 : 0;
    };
    const zero = (): Counts => ({ atRisk: 0, overdue: 0, yellow: 0, red: 0 });
    for (const { line, flag } of lines) {
      const caseCards = cardsOf.get(line.caseId) ?? [];
      const dept = line.departmentCode;
      if (!departments.has(dept))
        departments.set(dept, { code: dept, name: names.get(dept) ?? { zh: dept, en: dept }, ...zero() });
      add(departments.get(dept)!, flag, caseCards, `d:${dept}:${line.caseId}`);
      const itemKey = line.itemCode ?? `bundle:${line.title.zh}`;
      if (!items.has(itemKey)) items.set(itemKey, { code: line.itemCode, name: line.title, ...zero() });
      add(items.get(itemKey)!, flag, caseCards, `i:${itemKey}:${line.caseId}`);
      const holderKey = line.holder?.id ?? 'unclaimed';
      if (!staff.has(holderKey))
        staff.set(holderKey, { id: line.holder?.id ?? null, name: line.holder?.name ?? null, ...zero() });
      add(staff.get(holderKey)!, flag, caseCards, `s:${holderKey}:${line.caseId}`);
    }

    const drilled = lines.filter(
      ({ line, flag }) =>
        (!q.departmentCode || line.departmentCode === q.departmentCode) &&
        (!q.itemCode || line.itemCode === q.itemCode) &&
        (!q.holder || (q.holder === 'unclaimed' ? line.holder === null : line.holder?.id === q.holder)) &&
        (!q.flag || flag === q.flag),
    );
    const byLate = (a: Counts, b: Counts) => b.overdue - a.overdue || b.atRisk - a.atRisk;
    return {
      asOf: now.toISOString(),
      settings: {
        atRiskPercent: this.settings.deadlineAtRiskPercent,
        atRiskWorkingDays: this.settings.deadlineAtRiskWorkingDays,
        redCardWorkingDays: this.settings.redCardWorkingDays,
      },
      totals: {
        atRisk: lines.filter((x) => x.flag === 'at_risk').length,
        overdue: lines.filter((x) => x.flag === 'overdue').length,
      },
      truncated,
      departments: [...departments.values()].sort(byLate),
      items: [...items.values()].sort(byLate),
      staff: [...staff.values()].sort(byLate),
      total: drilled.length,
      lines: drilled.slice(0, LIST_LIMIT).map(({ line, flag }) => ({
        caseId: line.caseId,
        caseNumber: line.caseNumber,
        branch: line.branch,
        departmentCode: line.departmentCode,
        departmentName: names.get(line.departmentCode) ?? { zh: line.departmentCode, en: line.departmentCode },
        itemCode: line.itemCode,
        title: line.title,
        state: line.state,
        since: line.since.toISOString(),
        deadlineAt: line.deadlineAt.toISOString(),
        atRiskFrom: this.atRiskFrom(line).toISOString(),
        flag,
        holder: line.holder,
        cards: (cardsOf.get(line.caseId) ?? []).map((c) => ({ color: c.color, issuedAt: c.issued_at.toISOString() })),
      })),
    };
  }

  /** The cards issued in the caller's scope, newest first. */
  async cards(p: Principal | null, color: repo.CardColor | null) {
    const { scope } = policy.scope(p);
    return (await repo.cardsInScope(this.db, scope, color, LIST_LIMIT)).map(cardView);
  }

  // Warnings before the deadline -------------------------------------------------------------

  /** A case moved: schedule the at-risk warning of each of its open lines (a keyed job: once per deadline). */
  /**
   * The warning jobs for open lines (from `applications.case.changed`, a round of events at a
   * time): one per line with a deadline still ahead, due at its at-risk time. Their keys make a
   * redelivered event's jobs no-ops; the caller inserts them with its other rows.
   */
  warningJobs(lines: readonly DeadlineLine[], now: Date): NewJob[] {
    const jobs: NewJob[] = [];
    for (const line of lines) {
      if (line.deadlineAt.getTime() <= now.getTime()) continue;
      const at = this.atRiskFrom(line);
      const payload: WarnJob = { caseId: line.caseId, branch: line.branch, deadlineAt: line.deadlineAt.toISOString() };
      jobs.push({
        kind: WARN_JOB,
        key: `${WARN_JOB}:${lineKey(line)}:${line.deadlineAt.getTime()}`,
        payload,
        runAt: at.getTime() > now.getTime() ? at : now,
        regionCode: line.regionCode,
      });
    }
    return jobs;
  }

  /** The line is at risk: tell its holder (or, unclaimed, who may act on it), if it is still open with that deadline. */
  async onWarn(job: Job<WarnJob>): Promise<void> {
    const { caseId, branch, deadlineAt } = job.payload;
    const line = (await this.c.deps.applications.deadlineLinesOf(caseId)).find(
      (l) => l.branch === branch && l.deadlineAt.toISOString() === deadlineAt,
    );
    const now = this.c.p.clock.now();
    if (!line || line.deadlineAt.getTime() <= now.getTime()) return;
    const to = line.holder
      ? [line.holder.id]
      : await this.c.deps.org.accountsWithRole(line.regionCode, line.departmentCode, line.roles);
    const due = localDate(line.deadlineAt, this.c.deps.timeZone);
    await this.c.p.db.transaction().execute(async (tx) => {
      for (const accountId of to)
        await this.c.deps.notifyAccount(
          tx,
          {
            accountId,
            regionCode: line.regionCode,
            topic: 'supervision.deadline.warning',
            title: { zh: '办件即将超期', en: 'A case is about to pass its time limit' },
            body: {
              zh: `办件 ${line.caseNumber}（${line.title.zh}）将于 ${due} 到期，请及时办理，超期将记黄牌`,
              en: `Case ${line.caseNumber} (${line.title.en}) is due on ${due}; past it, a yellow card is issued`,
            },
            link: `/console/cases/${encodeURIComponent(line.caseId)}`,
            sourceEventId: job.key ?? job.id,
          },
          now,
        );
    });
  }

  // Escalation: 黄牌 at the deadline, 红牌 N working days later ------------------------------------

  /** `applications.case.overdue`: the 黄牌 (once per case), and the 红牌's job. */
  async onCaseOverdue(e: DomainEvent<CaseOverduePayload>): Promise<void> {
    const o = e.payload;
    const line = (await this.c.deps.applications.deadlineLinesOf(o.caseId)).find((l) => l.branch === o.branch);
    await this.issue('yellow', {
      caseId: o.caseId,
      caseNumber: o.caseNumber,
      regionCode: o.regionCode,
      departmentCode: o.departmentCode,
      itemCode: line?.itemCode ?? null,
      title: o.title,
      branch: o.branch,
      state: o.state,
      deadlineAt: new Date(o.deadlineAt),
      holder: line?.holder ?? null,
    });
  }

  /** The red card's time came: a red card if the case is still late (a line past its deadline), once. */
  async onRed(job: Job<RedJob>): Promise<void> {
    const yellow = await repo.cardOf(this.db, job.payload.caseId, 'yellow');
    if (!yellow) return;
    await this.redIfStillLate(yellow, this.c.p.clock.now());
  }

  private async redIfStillLate(yellow: repo.CardRow, now: Date): Promise<void> {
    if (this.redAt(yellow.deadline_at).getTime() > now.getTime()) return;
    const late = (await this.c.deps.applications.deadlineLinesOf(yellow.case_id)).find(
      (l) => l.deadlineAt.getTime() < now.getTime(),
    );
    if (!late) return;
    await this.issue('red', { ...late, deadlineAt: yellow.deadline_at });
  }

  /**
   * Issue a card (idempotent: a second of the same colour for the case does nothing): recorded,
   * audited, the holder and the department's head told; a yellow card schedules its red one.
   */
  private async issue(color: repo.CardColor, l: Omit<DeadlineLine, 'since' | 'roles'>): Promise<void> {
    const heads = await this.c.deps.org.accountsWithRole(l.regionCode, l.departmentCode, ['department_admin']);
    await command(this.c.p, systemActor(), async (w) => {
      const card = await repo.insertCard(repo.cardDb(w.tx), {
        id: uuidv7(w.now.getTime()),
        case_id: l.caseId,
        case_number: l.caseNumber,
        color,
        region_code: l.regionCode,
        department_code: l.departmentCode,
        item_code: l.itemCode,
        title_zh: l.title.zh,
        title_en: l.title.en,
        branch: l.branch,
        state: l.state,
        holder_account_id: l.holder?.id ?? null,
        holder_name: l.holder?.name ?? null,
        deadline_at: l.deadlineAt,
        issued_at: w.now,
      });
      if (!card) return;
      await w.audit({
        action: `supervision.card.${color}`,
        resourceType: 'deadline_card',
        resourceId: card.id,
        regionCode: card.region_code,
        detail: {
          case: card.case_number,
          department: card.department_code,
          holder: card.holder_account_id,
          deadline: card.deadline_at.toISOString(),
        },
      });
      if (color === 'yellow')
        await scheduleJob(
          w.tx,
          {
            kind: RED_JOB,
            key: `${RED_JOB}:${card.case_id}`,
            payload: { caseId: card.case_id } satisfies RedJob,
            runAt: this.redAt(card.deadline_at),
            regionCode: card.region_code,
          },
          w.now,
        );
      const label = color === 'yellow' ? { zh: '黄牌', en: 'yellow card' } : { zh: '红牌', en: 'red card' };
      for (const accountId of new Set([...(l.holder ? [l.holder.id] : []), ...heads]))
        await this.c.deps.notifyAccount(
          w.tx,
          {
            accountId,
            regionCode: card.region_code,
            topic: 'supervision.deadline.card',
            title: { zh: `超期${label.zh}`, en: `Overdue: ${label.en}` },
            body: {
              zh: `办件 ${card.case_number}（${card.title_zh}）已超过办理时限，记${label.zh}`,
              en: `Case ${card.case_number} (${card.title_en}) passed its time limit: a ${label.en}`,
            },
            link: `/console/cases/${encodeURIComponent(card.case_id)}`,
            sourceEventId: `supervision.card:${card.id}`,
          },
          w.now,
        );
    });
  }

  /**
   * The demo seed's catch-up (a city seeded with a history written on a past clock): the cards
   * due by now for the city's late lines, as the jobs would issue them. Idempotent.
   */
  async catchUp(log: (m: string) => void): Promise<void> {
    const now = this.c.p.clock.now();
    const lines = await this.c.deps.applications.deadlineLines({
      scopes: [{ regionCode: this.c.deps.regionCode, departmentCodes: null }],
      now,
      horizon: now,
      share: 0,
      limit: LINE_LIMIT,
    });
    let late = 0;
    for (const line of lines.filter((l) => l.deadlineAt.getTime() < now.getTime())) {
      late++;
      await this.issue('yellow', line);
      const yellow = await repo.cardOf(this.db, line.caseId, 'yellow');
      if (yellow) await this.redIfStillLate(yellow, now);
    }
    log(`supervision: ${late} late lines of work carded (黄牌/红牌)`);
  }
}

/** The deadlines' reactions: 黄牌 from overdue cases, the jobs (warnings are scheduled with the statistics, supervision.cases.ts). */
export function registerDeadlines(platform: Platform<NoEvents>, d: Deadlines): void {
  platform.outbox.subscribe(applicationsEvents, CASE_OVERDUE, 'supervision.yellow-card', (e) => d.onCaseOverdue(e));
  platform.jobs.register<WarnJob>(WARN_JOB, (job) => d.onWarn(job));
  platform.jobs.register<RedJob>(RED_JOB, (job) => d.onRed(job));
}
