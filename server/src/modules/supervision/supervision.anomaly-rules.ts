/**
 * The anomaly rule language (异常预警规则): rules are data, a small JSON document a supervisor
 * edits, validated with TypeBox at the edge and again here (codes unique, hours in order), and
 * the pure arithmetic the rules need (the handling-time histogram, its median and MAD, the
 * robust z-score, working hours). No SQL and no clock: the unit tests call these directly.
 *
 * A rule set: `{ "rules": [ { "code": "...", "kind": "...", "enabled": true, ...thresholds } ] }`.
 *  - `handling_time`: |z| > `threshold` where z = 0.6745 (ln t - median ln t) / MAD(ln t) over
 *    the decided cases of the same service item (t = seconds from submission to decision),
 *    only when the item has at least `minPeers` of them; `direction` fast, slow or both.
 *  - `corrections`: a case sent back for correction (补正) at least `minCount` times.
 *  - `related_staff`: the deciding staff member shares a registered address with the applicant
 *    (`sameAddress`) or declared a relation with them (`declaredRelation`).
 *  - `after_hours`: decided outside `workdayStart`-`workdayEnd` (city time), or on a rest day of
 *    the working calendar when `restDays` is set.
 *  - `applicant_share`: one staff member decided at least `minShare` of one applicant's decided
 *    cases, the applicant having at least `minCases`.
 */
import { Type, type Static } from 'typebox';
import { Compile } from 'typebox/compile';
import { Obj } from '../../platform/http.ts';

const Code = Type.String({ pattern: '^[a-z][a-z0-9-]{1,39}$', description: 'Stable rule code (flags name it)' });
const Enabled = Type.Boolean();
const Clock = Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$', description: 'HH:MM, city time' });

export const HandlingTimeRule = Obj(
  {
    code: Code,
    kind: Type.Literal('handling_time'),
    enabled: Enabled,
    threshold: Type.Number({ minimum: 1, maximum: 20, description: 'Flag when |robust z| exceeds this (e.g. 3.5)' }),
    minPeers: Type.Integer({ minimum: 5, maximum: 100_000, description: 'Decided cases of the item needed first' }),
    direction: Type.Union([Type.Literal('both'), Type.Literal('fast'), Type.Literal('slow')]),
  },
  { title: 'AnomalyHandlingTimeRule' },
);
export const CorrectionsRule = Obj(
  {
    code: Code,
    kind: Type.Literal('corrections'),
    enabled: Enabled,
    minCount: Type.Integer({ minimum: 1, maximum: 100, description: 'Correction requests (补正) on one case' }),
  },
  { title: 'AnomalyCorrectionsRule' },
);
export const RelatedStaffRule = Obj(
  {
    code: Code,
    kind: Type.Literal('related_staff'),
    enabled: Enabled,
    sameAddress: Type.Boolean({ description: 'Same registered address in the population registry' }),
    declaredRelation: Type.Boolean({ description: 'A relation the staff member declared (利害关系申报)' }),
  },
  { title: 'AnomalyRelatedStaffRule' },
);
export const AfterHoursRule = Obj(
  {
    code: Code,
    kind: Type.Literal('after_hours'),
    enabled: Enabled,
    workdayStart: Clock,
    workdayEnd: Clock,
    restDays: Type.Boolean({ description: 'Also flag decisions on rest days of the working calendar' }),
  },
  { title: 'AnomalyAfterHoursRule' },
);
export const ApplicantShareRule = Obj(
  {
    code: Code,
    kind: Type.Literal('applicant_share'),
    enabled: Enabled,
    minShare: Type.Number({ exclusiveMinimum: 0, maximum: 1, description: "Share of the applicant's cases" }),
    minCases: Type.Integer({ minimum: 2, maximum: 10_000, description: 'Decided cases of the applicant needed' }),
  },
  { title: 'AnomalyApplicantShareRule' },
);
export const AnomalyRule = Type.Union(
  [HandlingTimeRule, CorrectionsRule, RelatedStaffRule, AfterHoursRule, ApplicantShareRule],
  {
    title: 'AnomalyRule',
  },
);
export const AnomalyRules = Obj(
  { rules: Type.Array(AnomalyRule, { minItems: 1, maxItems: 50 }) },
  { title: 'AnomalyRules' },
);
export type AnomalyRuleT = Static<typeof AnomalyRule>;
export type AnomalyRulesT = Static<typeof AnomalyRules>;
export type RuleKind = AnomalyRuleT['kind'];
export const RULE_KINDS: readonly RuleKind[] = [
  'handling_time',
  'corrections',
  'related_staff',
  'after_hours',
  'applicant_share',
];

/** What the demo city ships with (a supervisor edits it; a new version each time). */
export const DEFAULT_RULES: AnomalyRulesT = {
  rules: [
    { code: 'handling-time', kind: 'handling_time', enabled: true, threshold: 3.5, minPeers: 20, direction: 'both' },
    { code: 'repeated-corrections', kind: 'corrections', enabled: true, minCount: 3 },
    { code: 'related-staff', kind: 'related_staff', enabled: true, sameAddress: true, declaredRelation: true },
    {
      code: 'after-hours',
      kind: 'after_hours',
      enabled: true,
      workdayStart: '08:00',
      workdayEnd: '19:00',
      restDays: true,
    },
    { code: 'applicant-share', kind: 'applicant_share', enabled: true, minShare: 0.8, minCases: 5 },
  ],
};

const checker = Compile(AnomalyRules);

/** The problems of a rule set (empty when it is valid): the schema's, then the language's own. */
export function ruleProblems(doc: unknown): string[] {
  if (!checker.Check(doc))
    return [...checker.Errors(doc)].slice(0, 5).map((e) => `${e.instancePath || '/'}: ${e.message}`);
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const [i, rule] of doc.rules.entries()) {
    if (seen.has(rule.code)) problems.push(`/rules/${i}/code: ${rule.code} is used twice`);
    seen.add(rule.code);
    if (rule.kind === 'after_hours' && minutesOf(rule.workdayStart) >= minutesOf(rule.workdayEnd))
      problems.push(`/rules/${i}: workdayStart must be before workdayEnd`);
    if (rule.kind === 'related_staff' && !rule.sameAddress && !rule.declaredRelation)
      problems.push(`/rules/${i}: check sameAddress, declaredRelation or both`);
  }
  return problems;
}

export const enabledOf = <K extends RuleKind>(doc: AnomalyRulesT, kind: K) =>
  doc.rules.filter((r): r is Extract<AnomalyRuleT, { kind: K }> => r.kind === kind && r.enabled);

export function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return h! * 60 + m!;
}

/**
 * The handling-time histogram: ln(seconds) in buckets of 1/16, from ln 1 s to ln 1.3e8 s (about
 * four years), the last bucket open-ended. Each bucket spans about 6% of handling time.
 */
export const BUCKETS = 300;
export const BUCKET_WIDTH = 1 / 16;
export const bucketOf = (seconds: number): number =>
  Math.min(BUCKETS - 1, Math.max(0, Math.floor(Math.log(Math.max(seconds, 1)) / BUCKET_WIDTH)));
/** The SQL expression of `bucketOf` over a `handling_seconds` column (the full pass builds the histograms in SQL). */
export const BUCKET_SQL = `least(${BUCKETS - 1}, greatest(0, floor(ln(greatest(handling_seconds, 1)) * ${1 / BUCKET_WIDTH})))::int`;
const centre = (b: number) => (b + 0.5) * BUCKET_WIDTH;

/** The value below which `rank` (0-based, fractional) of the counted values lie, interpolated within a bucket. */
function quantileOf(counts: readonly number[], rank: number, at: (b: number) => number, width: number): number {
  let below = 0;
  for (let b = 0; b < counts.length; b++) {
    const c = counts[b]!;
    if (c > 0 && below + c > rank) return at(b) - width / 2 + (width * (rank - below + 0.5)) / c;
    below += c;
  }
  return at(counts.length - 1);
}

/** The median and MAD of ln(handling seconds) of a histogram (MAD: the median distance to the median). */
export function medianAndMad(counts: readonly number[]): { n: number; median: number; mad: number } {
  const n = counts.reduce((a, b) => a + b, 0);
  if (n === 0) return { n, median: 0, mad: 0 };
  const median = quantileOf(counts, (n - 1) / 2, centre, BUCKET_WIDTH);
  // Distances of bucket centres to the median, sorted, each with its bucket's count.
  const dist = counts
    .map((c, b) => ({ c, d: Math.abs(centre(b) - median) }))
    .filter((x) => x.c > 0)
    .sort((a, b) => a.d - b.d);
  let below = 0;
  const rank = (n - 1) / 2;
  let mad = dist[dist.length - 1]!.d;
  for (const x of dist) {
    if (below + x.c > rank) {
      mad = x.d;
      break;
    }
    below += x.c;
  }
  return { n, median, mad };
}

/**
 * The robust z-score (Iglewicz and Hoaglin) of a handling time against its peers. The MAD never
 * goes below half a bucket: identical peers do not make every other case infinitely odd.
 */
export const robustZ = (seconds: number, median: number, mad: number): number =>
  (0.6745 * (Math.log(Math.max(seconds, 1)) - median)) / Math.max(mad, BUCKET_WIDTH / 2);

export const zFlags = (z: number, rule: { threshold: number; direction: 'both' | 'fast' | 'slow' }): boolean =>
  rule.direction === 'fast'
    ? z < -rule.threshold
    : rule.direction === 'slow'
      ? z > rule.threshold
      : Math.abs(z) > rule.threshold;

/** Whether a decision at `localMinutes` (city time) on a working day or not falls outside the rule's hours. */
export const outsideHours = (
  rule: { workdayStart: string; workdayEnd: string; restDays: boolean },
  localMinutes: number,
  workingDay: boolean,
): boolean =>
  (rule.restDays && !workingDay) ||
  localMinutes < minutesOf(rule.workdayStart) ||
  localMinutes >= minutesOf(rule.workdayEnd);

export const shareFlags = (rule: { minShare: number; minCases: number }, n: number, total: number): boolean =>
  total >= rule.minCases && n / total >= rule.minShare;
