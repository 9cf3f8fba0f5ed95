/**
 * The rule engine (pure, in memory): readings in, transitions out. Rules are data
 * (cityops.sensor_rules): a threshold on a metric, a rate of change of a metric over a window,
 * or silence (no reading for a while). Every rule has a raise and a clear level (hysteresis):
 * a rule raised stays raised until the value has come back past the clear level, so a value
 * hovering around the threshold raises once, not at every reading.
 */
import type { RuleKind, SensorType } from './cityops.sensors.tables.ts';

export interface SensorRule {
  id: string;
  sensorType: SensorType;
  kind: RuleKind;
  metric: string | null;
  direction: 'above' | 'below' | null;
  raiseAt: number | null;
  clearAt: number | null;
  windowSeconds: number | null;
  silenceSeconds: number | null;
  categoryCode: string;
  name: string;
  nameEn: string;
  active: boolean;
}

export interface Transition {
  sensorId: string;
  ruleId: string;
  kind: 'raise' | 'clear';
  /** The value that crossed (threshold: the reading; rate: the change over the window; silence: seconds silent). */
  value: number | null;
  at: Date;
}

/** A rule's levels are consistent: the clear level lies on the safe side of the raise level. */
export function ruleProblems(
  r: Pick<SensorRule, 'kind' | 'direction' | 'raiseAt' | 'clearAt' | 'windowSeconds' | 'silenceSeconds' | 'metric'>,
): string[] {
  const problems: string[] = [];
  if (r.kind === 'silence') {
    if (!r.silenceSeconds || r.silenceSeconds <= 0) problems.push('silenceSeconds must be positive');
    return problems;
  }
  if (!r.metric) problems.push('metric is required');
  if (r.raiseAt === null || r.clearAt === null || !r.direction)
    return [...problems, 'direction, raiseAt and clearAt are required'];
  if (r.direction === 'above' && r.clearAt > r.raiseAt) problems.push('clearAt must not be above raiseAt');
  if (r.direction === 'below' && r.clearAt < r.raiseAt) problems.push('clearAt must not be below raiseAt');
  if (r.kind === 'rate' && (!r.windowSeconds || r.windowSeconds <= 0)) problems.push('windowSeconds must be positive');
  return problems;
}

/** Past values of one metric, at most one per 1/16 of the longest window (bounded memory at any rate). */
interface History {
  points: { t: number; v: number }[];
  span: number;
}

interface SensorMemory {
  type: SensorType;
  lastAt: number;
  history: Map<string, History>;
  raised: Set<string>;
}

const HISTORY_SLOTS = 16;

export class RuleEngine {
  private byType = new Map<SensorType, SensorRule[]>();
  private spans = new Map<string, number>();
  private memory = new Map<string, SensorMemory>();

  constructor(rules: readonly SensorRule[] = []) {
    this.setRules(rules);
  }

  setRules(rules: readonly SensorRule[]): void {
    this.byType.clear();
    this.spans.clear();
    for (const r of rules) {
      if (!r.active) continue;
      const list = this.byType.get(r.sensorType) ?? [];
      list.push(r);
      this.byType.set(r.sensorType, list);
      if (r.kind === 'rate' && r.metric && r.windowSeconds) {
        const key = `${r.sensorType}/${r.metric}`;
        this.spans.set(key, Math.max(this.spans.get(key) ?? 0, r.windowSeconds * 1000));
      }
    }
    // A rule no longer active is no longer raised here (its incident stays until its event closes).
    const active = new Set(rules.filter((r) => r.active).map((r) => r.id));
    for (const m of this.memory.values()) for (const id of m.raised) if (!active.has(id)) m.raised.delete(id);
  }

  rulesOf(type: SensorType): readonly SensorRule[] {
    return this.byType.get(type) ?? [];
  }

  /** Known device: `since` counts as its last sign of life until it reports (silence rules). */
  track(sensorId: string, type: SensorType, since: Date, raised: Iterable<string> = []): void {
    const m = this.memoryOf(sensorId, type, since.getTime());
    for (const id of raised) m.raised.add(id);
  }

  isRaised(sensorId: string, ruleId: string): boolean {
    return this.memory.get(sensorId)?.raised.has(ruleId) ?? false;
  }

  raisedRules(sensorId: string): string[] {
    return [...(this.memory.get(sensorId)?.raised ?? [])];
  }

  lastAt(sensorId: string): number | null {
    return this.memory.get(sensorId)?.lastAt ?? null;
  }

  /** A reading: the transitions it causes (silence cleared, thresholds and rates raised or cleared). */
  reading(sensorId: string, type: SensorType, at: Date, values: Readonly<Record<string, number>>): Transition[] {
    const t = at.getTime();
    const m = this.memoryOf(sensorId, type, t);
    m.lastAt = Math.max(m.lastAt, t);
    const out: Transition[] = [];
    for (const rule of this.rulesOf(type)) {
      const raised = m.raised.has(rule.id);
      if (rule.kind === 'silence') {
        if (raised) this.flip(sensorId, m, rule, 'clear', null, at, out);
        continue;
      }
      const v = values[rule.metric!];
      if (v === undefined || !Number.isFinite(v)) continue;
      const measured = rule.kind === 'threshold' ? v : this.change(m, rule, t, v);
      if (measured === null) continue;
      const above = rule.direction === 'above';
      if (!raised && (above ? measured >= rule.raiseAt! : measured <= rule.raiseAt!))
        this.flip(sensorId, m, rule, 'raise', measured, at, out);
      else if (raised && (above ? measured <= rule.clearAt! : measured >= rule.clearAt!))
        this.flip(sensorId, m, rule, 'clear', measured, at, out);
    }
    for (const [metric, v] of Object.entries(values)) this.remember(m, type, metric, t, v);
    return out;
  }

  /** Silence rules at `now`: devices that have not reported for the rule's time. */
  silence(now: Date): Transition[] {
    const t = now.getTime();
    const out: Transition[] = [];
    for (const [sensorId, m] of this.memory) {
      for (const rule of this.rulesOf(m.type)) {
        if (rule.kind !== 'silence' || m.raised.has(rule.id)) continue;
        const silentFor = (t - m.lastAt) / 1000;
        if (silentFor >= rule.silenceSeconds!) {
          m.raised.add(rule.id);
          out.push({ sensorId, ruleId: rule.id, kind: 'raise', value: Math.round(silentFor), at: now });
        }
      }
    }
    return out;
  }

  private flip(
    sensorId: string,
    m: SensorMemory,
    rule: SensorRule,
    kind: 'raise' | 'clear',
    value: number | null,
    at: Date,
    out: Transition[],
  ) {
    if (kind === 'raise') m.raised.add(rule.id);
    else m.raised.delete(rule.id);
    out.push({ sensorId, ruleId: rule.id, kind, value, at });
  }

  /** The change of the metric since the oldest value within the rule's window; null without history. */
  private change(m: SensorMemory, rule: SensorRule, t: number, v: number): number | null {
    const h = m.history.get(rule.metric!);
    if (!h) return null;
    const from = t - rule.windowSeconds! * 1000;
    const base = h.points.find((p) => p.t >= from && p.t < t);
    return base === undefined ? null : v - base.v;
  }

  private remember(m: SensorMemory, type: SensorType, metric: string, t: number, v: number) {
    const span = this.spans.get(`${type}/${metric}`);
    if (!span || !Number.isFinite(v)) return;
    let h = m.history.get(metric);
    if (!h) m.history.set(metric, (h = { points: [], span }));
    h.span = span;
    const last = h.points[h.points.length - 1];
    if (last && t < last.t) return; // out of order: not in the history
    if (!last || t - last.t >= span / HISTORY_SLOTS) h.points.push({ t, v });
    while (h.points.length > 0 && h.points[0]!.t < t - span) h.points.shift();
  }

  private memoryOf(sensorId: string, type: SensorType, t: number): SensorMemory {
    let m = this.memory.get(sensorId);
    if (!m) this.memory.set(sensorId, (m = { type, lastAt: t, history: new Map(), raised: new Set() }));
    return m;
  }
}
