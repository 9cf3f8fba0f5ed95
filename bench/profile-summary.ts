/**
 * Summarise a V8 CPU profile (.cpuprofile, from `node --cpu-prof`) by function: self time,
 * its share of the sampled time, and where the function lives. Idle and GC are listed as
 * V8 names them ("(idle)", "(garbage collector)", "(program)").
 *
 * Run: node bench/profile-summary.ts <file.cpuprofile> [--top 25] [--from ms] [--to ms] [--markdown]
 */
import fs from 'node:fs';
import path from 'node:path';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
}
interface Profile {
  startTime: number;
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface FunctionCost {
  name: string;
  where: string;
  selfMs: number;
  share: number;
}

const where = (f: CallFrame): string => {
  if (!f.url) return '';
  const file = f.url.replace(/^file:\/\//, '');
  const nm = file.lastIndexOf('node_modules/');
  const short = nm >= 0 ? file.slice(nm + 'node_modules/'.length) : path.relative(process.cwd(), file);
  return `${short}:${f.lineNumber + 1}`;
};

/**
 * Self time per function of a profile, most expensive first (idle excluded from the shares).
 * `window` keeps only the samples taken between those ms after the profile started (to leave
 * start-up out).
 */
export function summarise(
  profile: Profile,
  window: { fromMs: number; toMs: number } = { fromMs: 0, toMs: Infinity },
): { total: number; idle: number; functions: FunctionCost[] } {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, { f: CallFrame; us: number }>();
  let total = 0;
  let idle = 0;
  let at = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    const node = byId.get(profile.samples[i]!);
    const dt = profile.timeDeltas[i] ?? 0;
    at += dt;
    if (!node || at / 1000 < window.fromMs || at / 1000 > window.toMs) continue;
    const f = node.callFrame;
    if (f.functionName === '(idle)') {
      idle += dt;
      continue;
    }
    total += dt;
    const key = `${f.functionName}\u0000${f.url}\u0000${f.lineNumber}`;
    const entry = self.get(key) ?? { f, us: 0 };
    entry.us += dt;
    self.set(key, entry);
  }
  const functions = [...self.values()]
    .map(({ f, us }) => ({
      name: f.functionName || '(anonymous)',
      where: where(f),
      selfMs: us / 1000,
      share: us / total,
    }))
    .sort((a, b) => b.selfMs - a.selfMs);
  return { total: total / 1000, idle: idle / 1000, functions };
}

/** The top functions as a Markdown table. */
export function markdownTable(s: ReturnType<typeof summarise>, top = 25): string {
  const rows = s.functions
    .slice(0, top)
    .map(
      (f) =>
        `| ${f.name.replace(/\|/g, '\\|')} | \`${f.where || '-'}\` | ${f.selfMs.toFixed(0)} | ${(f.share * 100).toFixed(1)}% |`,
    );
  return ['| function | where | self ms | share of busy time |', '| --- | --- | ---: | ---: |', ...rows].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const file = process.argv[2];
  if (!file) throw new Error('usage: node bench/profile-summary.ts <file.cpuprofile> [--top N] [--markdown]');
  const topArg = process.argv.indexOf('--top');
  const top = topArg > 0 ? Number(process.argv[topArg + 1]) : 25;
  const ms = (name: string, fallback: number) => {
    const i = process.argv.indexOf(name);
    return i > 0 ? Number(process.argv[i + 1]) : fallback;
  };
  const s = summarise(JSON.parse(fs.readFileSync(file, 'utf8')) as Profile, {
    fromMs: ms('--from', 0),
    toMs: ms('--to', Infinity),
  });
  console.log(`busy ${s.total.toFixed(0)} ms, idle ${s.idle.toFixed(0)} ms`);
  if (process.argv.includes('--markdown')) console.log(markdownTable(s, top));
  else
    for (const f of s.functions.slice(0, top))
      console.log(
        `${f.selfMs.toFixed(1).padStart(9)} ms ${(f.share * 100).toFixed(1).padStart(5)}%  ${f.name}  ${f.where}`,
      );
}
