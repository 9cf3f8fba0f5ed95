/**
 * Pure rules of the civic parts (no I/O): a patrol route's length, volunteer minutes, points
 * by rule, the community ranking (opted-out residents are left out, not merely unnamed), and
 * whether a draft's response report is complete.
 */
import type { CommentDecision, PointKind } from './cogov.civic.tables.ts';

/** Great-circle length of a route of [lat, lng] points, in metres (rounded). */
export function routeLength(points: readonly (readonly [number, number])[]): number {
  const R = 6_371_000;
  const rad = (d: number) => (d * Math.PI) / 180;
  let m = 0;
  for (let i = 1; i < points.length; i++) {
    const [aLat, aLng] = points[i - 1]!;
    const [bLat, bLng] = points[i]!;
    const dLat = rad(bLat - aLat);
    const dLng = rad(bLng - aLng);
    const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(aLat)) * Math.cos(rad(bLat)) * Math.sin(dLng / 2) ** 2;
    m += 2 * R * Math.asin(Math.min(1, Math.sqrt(h)));
  }
  return Math.round(m);
}

/**
 * The minutes a volunteer served: from check-in (not before the task starts) to check-out (not
 * after it ends); never negative.
 */
export function servedMinutes(task: { startsAt: Date; endsAt: Date }, checkedIn: Date, checkedOut: Date): number {
  const from = Math.max(task.startsAt.getTime(), checkedIn.getTime());
  const to = Math.min(task.endsAt.getTime(), checkedOut.getTime());
  return Math.max(0, Math.floor((to - from) / 60_000));
}

export interface PointRule {
  communityId: string | null;
  kind: PointKind;
  points: number;
}

/** The rule that applies in a community: its own, else the city's default (community null). */
export function ruleFor(rules: readonly PointRule[], kind: PointKind, communityId: string | null): PointRule | null {
  return (
    rules.find((r) => r.kind === kind && communityId !== null && r.communityId === communityId) ??
    rules.find((r) => r.kind === kind && r.communityId === null) ??
    null
  );
}

/** Points for an occurrence: per event, or per whole hour served for volunteer hours. */
export function pointsFor(rule: PointRule | null, minutes = 0): number {
  if (!rule) return 0;
  return rule.kind === 'volunteer_hour' ? rule.points * Math.floor(minutes / 60) : rule.points;
}

export interface Standing {
  accountId: string;
  name: string;
  points: number;
}

export interface RankedRow {
  rank: number;
  name: string;
  points: number;
  me: boolean;
}

/**
 * The community ranking: everyone who has not opted out, by points (ties share a rank, the next
 * rank skips: 1, 2, 2, 4), then by name for a stable order. An opted-out resident is not in it
 * at all, so neither their name nor their place can be read from it.
 */
export function ranking(
  rows: readonly Standing[],
  optedOut: ReadonlySet<string>,
  me: string | null,
  limit: number,
): RankedRow[] {
  const shown = rows
    .filter((r) => !optedOut.has(r.accountId) && r.points > 0)
    .sort(
      (a, b) => b.points - a.points || a.name.localeCompare(b.name, 'zh-CN') || a.accountId.localeCompare(b.accountId),
    );
  const out: RankedRow[] = [];
  let rank = 0;
  shown.forEach((r, i) => {
    if (i === 0 || r.points !== shown[i - 1]!.points) rank = i + 1;
    if (i < limit || r.accountId === me) out.push({ rank, name: r.name, points: r.points, me: r.accountId === me });
  });
  return out;
}

export interface CommentDecisionInput {
  commentId: string;
  decision: CommentDecision;
  reason?: string | undefined;
}

/**
 * What is missing from a response report: every visible comment needs a decision, and one not
 * adopted (or only partly) needs its reason. Answers the problems found (empty when complete).
 */
export function reportProblems(
  visibleCommentIds: readonly string[],
  decisions: readonly CommentDecisionInput[],
): { commentId: string; problem: 'NO_DECISION' | 'REASON_REQUIRED' | 'UNKNOWN_COMMENT' | 'DUPLICATE' }[] {
  const out: { commentId: string; problem: 'NO_DECISION' | 'REASON_REQUIRED' | 'UNKNOWN_COMMENT' | 'DUPLICATE' }[] = [];
  const visible = new Set(visibleCommentIds);
  const seen = new Set<string>();
  for (const d of decisions) {
    if (seen.has(d.commentId)) out.push({ commentId: d.commentId, problem: 'DUPLICATE' });
    seen.add(d.commentId);
    if (!visible.has(d.commentId)) out.push({ commentId: d.commentId, problem: 'UNKNOWN_COMMENT' });
    else if (d.decision !== 'adopted' && !d.reason?.trim())
      out.push({ commentId: d.commentId, problem: 'REASON_REQUIRED' });
  }
  for (const id of visibleCommentIds) if (!seen.has(id)) out.push({ commentId: id, problem: 'NO_DECISION' });
  return out;
}

/** Where a draft stands for commenting at `now`. */
export function commentWindow(
  d: { status: string; opensAt: Date; closesAt: Date },
  now: Date,
): 'not_open' | 'open' | 'closed' | 'responded' | 'withdrawn' {
  if (d.status === 'responded') return 'responded';
  if (d.status === 'withdrawn') return 'withdrawn';
  if (now < d.opensAt) return 'not_open';
  return now < d.closesAt ? 'open' : 'closed';
}
