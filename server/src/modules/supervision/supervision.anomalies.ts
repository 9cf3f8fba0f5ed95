/**
 * 异常预警 (efficiency supervision's anomaly flags). Rules are data (supervision.anomaly-rules.ts):
 * a versioned rule set per region that a supervisor edits. Two passes raise the same flags:
 * - incremental, per decision: applications' `case.changed` (completed or rejected) records the
 *   decided case once, bumps its item's handling-time histogram and its applicant's counts (a
 *   handful of single-row statements), and evaluates every rule against them;
 * - full, over every decided case of the region: the histograms and counts rebuilt and each rule
 *   one set-based INSERT ... SELECT.
 * A flag is one per rule and subject (the case; an applicant and staff pair for the share rule),
 * so re-runs and redelivered events raise nothing twice. A supervisor of the region reviews a
 * flag (no issue, or referral to discipline inspection) with a note; audited and, as an exercise
 * of public power, in the transparency log (`supervision.anomaly.`).
 */
import { systemActor } from '../../platform/audit.ts';
import { principalActor, type Principal, type RequestOrigin } from '../../platform/auth.ts';
import { CHINA_CALENDAR } from '../../platform/calendar-data.ts';
import { command, type Work } from '../../platform/context.ts';
import { AppError, conflict, forbidden, notFound } from '../../platform/errors.ts';
import { uuidv7 } from '../../platform/ids.ts';
import type { DomainEvent } from '../../platform/outbox.ts';
import type { CaseChangedPayload } from '../applications/index.ts';
import type { AnomalySources, DecisionFacts } from './supervision.anomaly-sources.ts';
import { usccKey } from './supervision.anomaly-sources.ts';
import {
  BUCKET_WIDTH,
  bucketOf,
  DEFAULT_RULES,
  enabledOf,
  medianAndMad,
  outsideHours,
  robustZ,
  ruleProblems,
  shareFlags,
  zFlags,
  type AnomalyRulesT,
  type RuleKind,
} from './supervision.anomaly-rules.ts';
import * as repo from './supervision.anomalies.repository.ts';
import type { FlagStatus } from './supervision.anomalies.tables.ts';
import type { Context } from './supervision.context.ts';
import { policy, sees, type Scope } from './supervision.policy.ts';

const DECIDED: readonly string[] = ['completed', 'rejected'];
const RULES_TTL_MS = 5_000;
const iso = (d: Date | null) => (d ? d.toISOString() : null);

export interface Ruleset {
  version: number;
  rules: AnomalyRulesT;
}

/** Who may do what with flags: read (supervisor: region; head: department), review and edit rules (supervisor). */
export const anomalyPolicy = {
  read: (p: Principal | null) => policy.scope(p),
  /** A supervisor of the region. */
  supervise(p: Principal | null, regionCode: string): Principal {
    const { principal } = policy.scope(p);
    if (!principal.posts.some((x) => x.roles.includes('supervisor') && x.regionCode === regionCode))
      throw forbidden('Only a supervisor of the region does this');
    return principal;
  },
  /**
   * A flag the caller may see. A department head sees their department's flags, read-only, but
   * not the ones that name them as the deciding staff member (a supervisor of the region does).
   */
  sees(
    principal: Principal,
    scope: Scope,
    row: { region_code: string; department_code: string; staff_account_id: string | null },
  ) {
    if (scope.regions.includes(row.region_code)) return true;
    return sees(scope, row) && row.staff_account_id !== principal.accountId;
  },
  /** A staff member declares their own relations. */
  staff(p: Principal | null): Principal {
    const principal = policy.signedIn(p);
    if (principal.kind !== 'staff') throw forbidden();
    return principal;
  },
};

export function flagView(f: repo.FlagRow) {
  return {
    id: f.id,
    ruleCode: f.rule_code,
    ruleKind: f.rule_kind,
    rulesetVersion: f.ruleset_version,
    caseId: f.case_id,
    caseNumber: f.case_number,
    departmentCode: f.department_code,
    itemCode: f.item_code,
    staffAccountId: f.staff_account_id,
    staffName: f.staff_name,
    score: f.score,
    detail: f.detail,
    status: f.status,
    findingNote: f.finding_note,
    reviewedAt: iso(f.reviewed_at),
    createdAt: f.created_at.toISOString(),
  };
}

export class Anomalies {
  private readonly c: Context;
  private sources: AnomalySources | null = null;
  private readonly hourFmt: Intl.DateTimeFormat;
  /** The rule sets in force, per region, as this node last read them (the incremental pass's hot path). */
  private readonly cached = new Map<string, { readAt: number; ruleset: Ruleset }>();

  constructor(context: Context) {
    this.c = context;
    this.hourFmt = new Intl.DateTimeFormat('en-GB', {
      timeZone: context.deps.timeZone,
      hourCycle: 'h23',
      hour: '2-digit',
      minute: '2-digit',
    });
  }

  /** app.ts connects the other modules' reads once they exist. */
  connect(sources: AnomalySources): void {
    this.sources = sources;
  }

  private get src(): AnomalySources {
    if (!this.sources) throw new Error('supervision anomalies: sources not connected (app.ts)');
    return this.sources;
  }

  /** The rule set in force in a region: the latest version, or the shipped defaults written as version 1. */
  async ruleset(db: repo.AnDb, regionCode: string, at: Date): Promise<Ruleset> {
    const row = await repo.latestRuleset(db, regionCode);
    if (row) return { version: row.version, rules: row.rules as AnomalyRulesT };
    await repo.insertRuleset(db, {
      region_code: regionCode,
      version: 1,
      rules: JSON.stringify(DEFAULT_RULES),
      note: 'defaults',
      created_by: null,
      created_at: at,
    });
    const written = await repo.latestRuleset(db, regionCode);
    return { version: written!.version, rules: written!.rules as AnomalyRulesT };
  }

  /**
   * The rule set for the incremental pass: read again after RULES_TTL_MS, so another node's edit
   * takes effect within seconds (this node's own at once: saveRules forgets the cached one).
   */
  private async inForce(db: repo.AnDb, regionCode: string, at: Date): Promise<Ruleset> {
    const hit = this.cached.get(regionCode);
    if (hit && Date.now() - hit.readAt < RULES_TTL_MS) return hit.ruleset;
    const ruleset = await this.ruleset(db, regionCode, at);
    this.cached.set(regionCode, { readAt: Date.now(), ruleset });
    return ruleset;
  }

  // ---- The incremental pass ----

  /** `applications.case.changed` (at least once): a decided case is recorded and checked, once. */
  async onCaseChanged(e: DomainEvent<CaseChangedPayload>): Promise<void> {
    const ev = e.payload;
    if (!DECIDED.includes(ev.status) || ev.branch) return;
    const facts = await this.src.decisionFacts(ev.caseId);
    if (!facts) return;
    const keys = await this.src.applicantKeys(facts);
    await command(this.c.p, systemActor(), async (w) => {
      const raised = await this.recordDecision(repo.anDb(w.tx), facts, keys, w.now);
      if (raised > 0)
        await w.audit({
          action: 'supervision.flags.raised',
          resourceType: 'case',
          resourceId: facts.caseId,
          regionCode: facts.regionCode,
          detail: { flags: raised },
        });
    });
  }

  /**
   * Record one decided case and evaluate every rule on it (inside the caller's transaction): the
   * incremental pass. Answers how many flags it raised (0 when the case was recorded before).
   */
  async recordDecision(db: repo.AnDb, f: DecisionFacts, applicantKeys: string[], now: Date): Promise<number> {
    const seconds = Math.max(0, (f.decidedAt.getTime() - f.submittedAt.getTime()) / 1000);
    const applicantKey = f.enterpriseId ? `e:${f.enterpriseId}` : `a:${f.applicantAccountId}`;
    const recorded = await repo.recordCase(
      db,
      {
        case_id: f.caseId,
        case_number: f.caseNumber,
        region_code: f.regionCode,
        department_code: f.departmentCode,
        item_code: f.itemCode,
        outcome: f.outcome,
        applicant_key: applicantKey,
        applicant_keys: applicantKeys,
        decider_account_id: f.deciderAccountId,
        decider_name: f.deciderName,
        submitted_at: f.submittedAt,
        decided_at: f.decidedAt,
        handling_seconds: seconds,
        corrections: f.corrections,
        recorded_at: now,
      },
      bucketOf(seconds),
    );
    if (!recorded) return 0;
    const { version, rules } = await this.inForce(db, f.regionCode, now);
    const flags: repo.NewFlag[] = [];
    const flag = (rule: { code: string; kind: RuleKind }, subject: string, score: number, detail: object) =>
      flags.push({
        id: uuidv7(now.getTime()),
        region_code: f.regionCode,
        department_code: f.departmentCode,
        rule_code: rule.code,
        rule_kind: rule.kind,
        ruleset_version: version,
        subject_key: subject,
        case_id: f.caseId,
        case_number: f.caseNumber,
        item_code: f.itemCode,
        staff_account_id: f.deciderAccountId,
        staff_name: f.deciderName,
        score,
        detail: JSON.stringify(detail),
        status: 'open',
        finding_note: null,
        reviewed_by: null,
        reviewed_at: null,
        created_at: now,
      });

    const timing = enabledOf(rules, 'handling_time');
    if (timing.length) {
      const { n, median, mad } = medianAndMad(recorded.buckets);
      const z = robustZ(seconds, median, mad);
      for (const r of timing)
        if (n >= r.minPeers && zFlags(z, r))
          flag(r, f.caseId, z, { handlingSeconds: seconds, medianSeconds: Math.exp(median), peers: n });
    }
    for (const r of enabledOf(rules, 'corrections'))
      if (f.corrections >= r.minCount) flag(r, f.caseId, f.corrections, { corrections: f.corrections });
    const related = enabledOf(rules, 'related_staff');
    for (const r of related) {
      const kinds = recorded.kinds.filter((k) => (k === 'address' ? r.sameAddress : r.declaredRelation));
      if (kinds.length) flag(r, f.caseId, kinds.length, { relations: kinds });
    }
    const hours = enabledOf(rules, 'after_hours');
    if (hours.length) {
      const [h, m] = this.hourFmt.format(f.decidedAt).split(':').map(Number);
      const working = this.c.calendar.isWorkingDay(f.decidedAt);
      for (const r of hours)
        if (outsideHours(r, h! * 60 + m!, working))
          flag(r, f.caseId, 1, {
            localTime: `${this.c.calendar.dateOf(f.decidedAt)} ${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`,
            restDay: !working,
          });
    }
    if (f.deciderAccountId)
      for (const r of enabledOf(rules, 'applicant_share'))
        if (shareFlags(r, recorded.n, recorded.total))
          flag(r, `${applicantKey}|${f.deciderAccountId}`, recorded.n / recorded.total, {
            cases: recorded.n,
            applicantCases: recorded.total,
          });
    return repo.insertFlags(db, flags);
  }

  // ---- The full pass ----

  /**
   * Every rule over every decided case of the region, set-based, in one transaction: the
   * statistics rebuilt from the cases, inspections' declared relations refreshed, then one
   * INSERT ... SELECT per enabled rule. Flags already raised stay as they are.
   */
  async fullPass(p: Principal | null, regionCode: string, origin: RequestOrigin | null) {
    const principal = p === null && origin === null ? null : anomalyPolicy.supervise(p, regionCode);
    const relations = this.sources ? await this.src.inspectorRelations() : [];
    const actor = principal && origin ? principalActor(principal, origin) : systemActor();
    return command(this.c.p, actor, async (w) => this.fullPassIn(w, regionCode, relations));
  }

  /** The full pass of the calling supervisor's region (the route's). */
  async fullPassOfRegion(p: Principal | null, origin: RequestOrigin) {
    const { principal } = anomalyPolicy.read(p);
    return this.fullPass(principal, this.regionOf(principal), origin);
  }

  private async fullPassIn(w: Work, regionCode: string, relations: { accountId: string; uscc: string }[]) {
    const db = repo.anDb(w.tx);
    const started = Date.now();
    const { version, rules } = await this.ruleset(db, regionCode, w.now);
    await repo.replaceInspectionKeys(
      db,
      relations.map((r) => ({ accountId: r.accountId, key: usccKey(r.uscc) })),
      w.now,
    );
    await repo.rebuildStats(db, regionCode);
    const raised: Record<string, number> = {};
    const timing = enabledOf(rules, 'handling_time');
    if (timing.length) {
      const items = (await repo.itemHistograms(db, regionCode)).map((h) => ({
        item: h.item_code,
        ...medianAndMad(h.buckets),
      }));
      for (const r of timing)
        raised[r.code] = await repo.flagHandlingTime(db, regionCode, r, version, items, BUCKET_WIDTH / 2, w.now);
    }
    for (const r of enabledOf(rules, 'corrections'))
      raised[r.code] = await repo.flagCorrections(db, regionCode, r, version, w.now);
    for (const r of enabledOf(rules, 'related_staff'))
      raised[r.code] = await repo.flagRelated(db, regionCode, r, version, w.now);
    const calendar = {
      timeZone: this.c.deps.timeZone,
      holidays: CHINA_CALENDAR.flatMap((y) => y.holidays),
      workdays: CHINA_CALENDAR.flatMap((y) => y.workdays),
    };
    for (const r of enabledOf(rules, 'after_hours'))
      raised[r.code] = await repo.flagAfterHours(db, regionCode, r, version, calendar, w.now);
    for (const r of enabledOf(rules, 'applicant_share'))
      raised[r.code] = await repo.flagApplicantShare(db, regionCode, r, version, w.now);
    await w.audit({
      action: 'supervision.flags.full-pass',
      resourceType: 'anomaly_rules',
      regionCode,
      detail: { version, raised },
    });
    return { rulesetVersion: version, raised, elapsedMs: Date.now() - started };
  }

  // ---- Rules, flags and findings ----

  async rules(p: Principal | null) {
    const { principal } = anomalyPolicy.read(p);
    const regionCode = this.regionOf(principal);
    const at = this.c.p.clock.now();
    const current = await command(this.c.p, systemActor(), async (w) => this.ruleset(repo.anDb(w.tx), regionCode, at));
    const history = await repo.rulesetHistory(repo.anDb(this.c.p.db), regionCode);
    return {
      regionCode,
      version: current.version,
      rules: current.rules,
      history: history.map((h) => ({ version: h.version, note: h.note, createdAt: h.created_at.toISOString() })),
    };
  }

  /** A supervisor saves a new version of the region's rules (`expectedVersion`: the one they edited). */
  async saveRules(
    p: Principal | null,
    input: { expectedVersion: number; rules: AnomalyRulesT; note: string },
    origin: RequestOrigin,
  ) {
    const { principal } = anomalyPolicy.read(p);
    const regionCode = this.regionOf(principal);
    anomalyPolicy.supervise(principal, regionCode);
    const problems = ruleProblems(input.rules);
    if (problems.length)
      throw new AppError(422, 'ANOMALY_RULES_INVALID', problems.join('; '), {
        details: problems.map((m) => ({ path: '/rules', code: 'ANOMALY_RULES_INVALID', message: m })),
      });
    const saved = await command(this.c.p, principalActor(principal, origin), async (w) => {
      const db = repo.anDb(w.tx);
      const current = await this.ruleset(db, regionCode, w.now);
      if (current.version !== input.expectedVersion)
        throw conflict('ANOMALY_RULES_STALE', `The rules are at version ${current.version} now`);
      const version = current.version + 1;
      if (
        !(await repo.insertRuleset(db, {
          region_code: regionCode,
          version,
          rules: JSON.stringify(input.rules),
          note: input.note,
          created_by: principal.accountId,
          created_at: w.now,
        }))
      )
        throw conflict('ANOMALY_RULES_STALE', 'Another supervisor saved the rules first');
      await w.audit({
        action: 'supervision.anomaly.rules-changed',
        resourceType: 'anomaly_rules',
        resourceId: `${regionCode}:${version}`,
        regionCode,
        change: { rules: input.rules, note: input.note },
        detail: { version },
      });
      return { regionCode, version, rules: input.rules, history: [] };
    });
    this.cached.delete(regionCode);
    return saved;
  }

  async flags(
    p: Principal | null,
    q: { rule?: string; department?: string; status?: FlagStatus; page?: number; pageSize?: number },
  ) {
    const { principal, scope } = anomalyPolicy.read(p);
    const pageSize = q.pageSize ?? 20;
    const { rows, total } = await repo.flagsInScope(repo.anDb(this.c.p.db), scope, {
      rule: q.rule ?? null,
      department: q.department ?? null,
      status: q.status ?? null,
      limit: pageSize,
      offset: ((q.page ?? 1) - 1) * pageSize,
      hideStaff: scope.regions.length ? null : principal.accountId,
    });
    return { items: rows.map(flagView), total };
  }

  async flag(p: Principal | null, id: string) {
    const { principal, scope } = anomalyPolicy.read(p);
    const row = await repo.flagById(repo.anDb(this.c.p.db), id);
    if (!row || !anomalyPolicy.sees(principal, scope, row))
      throw notFound('ANOMALY_FLAG_NOT_FOUND', 'No such anomaly flag');
    return flagView(row);
  }

  /** A supervisor's finding: no issue, or referral to discipline inspection (移送纪检), with a note. */
  async review(
    p: Principal | null,
    id: string,
    input: { finding: 'no_issue' | 'referred'; note: string },
    origin: RequestOrigin,
  ) {
    const { principal, scope } = anomalyPolicy.read(p);
    return command(this.c.p, principalActor(principal, origin), async (w) => {
      const db = repo.anDb(w.tx);
      const row = await repo.flagForUpdate(db, id);
      if (!row || !anomalyPolicy.sees(principal, scope, row))
        throw notFound('ANOMALY_FLAG_NOT_FOUND', 'No such anomaly flag');
      anomalyPolicy.supervise(principal, row.region_code);
      if (row.status !== 'open') throw conflict('ANOMALY_FLAG_REVIEWED', 'This flag has been reviewed');
      const done = await repo.reviewFlag(db, id, {
        status: input.finding,
        finding_note: input.note,
        reviewed_by: principal.accountId,
        reviewed_at: w.now,
      });
      await w.audit({
        action: 'supervision.anomaly.reviewed',
        resourceType: 'anomaly_flag',
        resourceId: id,
        regionCode: row.region_code,
        change: { finding: input.finding, note: input.note },
        detail: { rule: row.rule_code, case: row.case_number, department: row.department_code },
      });
      return flagView(done);
    });
  }

  /**
   * A staff member declares (利害关系申报) their own ID number (for their registered address in
   * the population registry), relatives' ID numbers and related enterprises' USCCs; replaces
   * the previous declaration. Only keyed hashes are kept.
   */
  async declare(
    p: Principal | null,
    input: { idNumber?: string | null; relatives: string[]; enterprises: string[] },
    origin: RequestOrigin,
  ) {
    const principal = anomalyPolicy.staff(p);
    const regionCode = this.regionOf(principal);
    const keys: { key: string; kind: 'address' | 'person' | 'enterprise' }[] = [];
    if (input.idNumber) {
      const own = await this.src.personKeys(regionCode, input.idNumber);
      if (own.address) keys.push({ key: own.address, kind: 'address' });
    }
    for (const r of input.relatives) {
      const k = await this.src.personKeys(regionCode, r);
      keys.push({ key: k.id, kind: 'person' });
    }
    for (const u of input.enterprises) keys.push({ key: usccKey(u), kind: 'enterprise' });
    return command(this.c.p, principalActor(principal, origin), async (w) => {
      await repo.replaceStaffKeys(repo.anDb(w.tx), principal.accountId, 'declared', keys, w.now);
      await w.audit({
        action: 'supervision.relations.declared',
        resourceType: 'account',
        resourceId: principal.accountId,
        regionCode,
        detail: {
          address: keys.some((k) => k.kind === 'address'),
          relatives: input.relatives.length,
          enterprises: input.enterprises.length,
        },
      });
      return {
        addressOnRecord: keys.some((k) => k.kind === 'address'),
        relatives: input.relatives.length,
        enterprises: input.enterprises.length,
        declaredAt: w.now.toISOString(),
      };
    });
  }

  /** The region a staff member works in: their supervisor post's, else their first post's, else the city's. */
  private regionOf(principal: Principal): string {
    return (
      principal.posts.find((x) => x.roles.includes('supervisor'))?.regionCode ??
      principal.posts[0]?.regionCode ??
      this.c.deps.regionCode
    );
  }
}
