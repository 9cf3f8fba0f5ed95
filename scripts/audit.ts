/**
 * Dependency hygiene: fail on known high or critical advisories in production dependencies.
 *
 *   npm run audit:prod            # npm audit --omit=dev, checked against audit-allowlist.json
 *
 * An advisory may be accepted only through `audit-allowlist.json`, one entry per advisory with
 * the package, the reason and an expiry date; an expired or incomplete entry fails the check,
 * so every exception is looked at again. When the registry's advisory service cannot be
 * reached the check cannot say anything: it fails with YIWANG_AUDIT_STRICT=1 (use that where
 * the service is reachable) and otherwise warns loudly and passes.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';

export interface AllowEntry {
  /** The advisory: its GHSA id (`GHSA-xxxx-xxxx-xxxx`) as in the advisory's URL. */
  id: string;
  package: string;
  reason: string;
  /** YYYY-MM-DD: after this day the entry no longer counts. */
  expires: string;
}

interface Advisory {
  source?: number;
  name: string;
  title?: string;
  url?: string;
  severity: string;
  range?: string;
}

/** The part of npm's audit report (auditReportVersion 2) this check reads. */
export interface AuditReport {
  vulnerabilities?: Record<string, { name: string; severity: string; via: (Advisory | string)[] }>;
}

export interface Finding {
  id: string;
  package: string;
  severity: string;
  title: string;
  url: string;
}

export interface AuditDecision {
  ok: boolean;
  blocking: Finding[];
  allowed: (Finding & { reason: string; expires: string })[];
  problems: string[];
}

const SEVERE = new Set(['high', 'critical']);
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The advisory's id: the GHSA id from its URL, else npm's numeric source id. */
const advisoryId = (a: Advisory): string => a.url?.match(/GHSA-[\w-]+/)?.[0] ?? `npm-${a.source ?? a.name}`;

export function checkAllowList(entries: unknown): { entries: AllowEntry[]; problems: string[] } {
  const problems: string[] = [];
  if (!Array.isArray(entries)) return { entries: [], problems: ['audit-allowlist.json: "advisories" must be a list'] };
  const good: AllowEntry[] = [];
  entries.forEach((e: Partial<AllowEntry>, i) => {
    const where = `audit-allowlist.json advisories[${i}]`;
    if (typeof e?.id !== 'string' || !e.id) problems.push(`${where}: "id" (the GHSA id) is required`);
    else if (typeof e.package !== 'string' || !e.package) problems.push(`${where}: "package" is required`);
    else if (typeof e.reason !== 'string' || e.reason.trim().length < 10)
      problems.push(`${where}: "reason" must say why the advisory is accepted`);
    else if (typeof e.expires !== 'string' || !DAY.test(e.expires) || Number.isNaN(Date.parse(e.expires)))
      problems.push(`${where}: "expires" must be a date, YYYY-MM-DD`);
    else good.push(e as AllowEntry);
  });
  return { entries: good, problems };
}

/** Decide: every high or critical advisory must be allowed by an unexpired entry for its package. */
export function decide(report: AuditReport, allowList: unknown, today: string): AuditDecision {
  const { entries, problems } = checkAllowList(allowList);
  const findings = new Map<string, Finding>();
  for (const v of Object.values(report.vulnerabilities ?? {})) {
    for (const via of v.via) {
      if (typeof via === 'string' || !SEVERE.has(via.severity)) continue; // a string names another entry
      const f: Finding = {
        id: advisoryId(via),
        package: via.name,
        severity: via.severity,
        title: via.title ?? '',
        url: via.url ?? '',
      };
      findings.set(`${f.id} ${f.package}`, f);
    }
  }
  const blocking: Finding[] = [];
  const allowed: AuditDecision['allowed'] = [];
  for (const f of findings.values()) {
    const entry = entries.find((e) => e.id === f.id && e.package === f.package);
    if (!entry) blocking.push(f);
    else if (entry.expires < today) {
      blocking.push(f);
      problems.push(`the exception for ${f.id} (${f.package}) expired on ${entry.expires}: fix it or renew it`);
    } else allowed.push({ ...f, reason: entry.reason, expires: entry.expires });
  }
  for (const e of entries) {
    if (e.expires < today && !findings.has(`${e.id} ${e.package}`))
      problems.push(
        `the exception for ${e.id} (${e.package}) expired on ${e.expires} and no longer applies: remove it`,
      );
  }
  return { ok: blocking.length === 0 && problems.length === 0, blocking, allowed, problems };
}

function main(): void {
  const root = path.resolve(import.meta.dirname, '..');
  const allowFile = JSON.parse(readFileSync(path.join(root, 'audit-allowlist.json'), 'utf8')) as {
    advisories?: unknown;
  };
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const run = spawnSync(npm, ['audit', '--omit=dev', '--json'], { cwd: root, encoding: 'utf8' });
  let report: AuditReport & { error?: { summary?: string }; message?: string };
  try {
    report = JSON.parse(run.stdout) as typeof report;
  } catch {
    report = { message: run.stderr.trim() || 'npm audit printed no report' };
  }
  const today = new Date().toISOString().slice(0, 10);
  if (!report.vulnerabilities) {
    // No report: the advisory service could not be asked. The allow-list is still checked.
    const { problems } = checkAllowList(allowFile.advisories);
    const expired = (Array.isArray(allowFile.advisories) ? (allowFile.advisories as AllowEntry[]) : []).filter(
      (e) => typeof e?.expires === 'string' && e.expires < today,
    );
    for (const e of expired) problems.push(`the exception for ${e.id} (${e.package}) expired on ${e.expires}`);
    for (const p of problems) console.error(`audit: ${p}`);
    const why = report.message ?? report.error?.summary ?? 'unknown error';
    if (process.env.YIWANG_AUDIT_STRICT === '1') {
      console.error(`audit: FAILED: the advisory service could not be reached (${why})`);
      process.exit(2);
    }
    console.warn(`audit: WARNING: the advisory service could not be reached (${why}); nothing was checked.`);
    console.warn('audit: set YIWANG_AUDIT_STRICT=1 where the registry answers audits to make this fail.');
    process.exit(problems.length ? 1 : 0);
  }
  const d = decide(report, allowFile.advisories, today);
  for (const a of d.allowed) console.log(`audit: accepted until ${a.expires}: ${a.id} ${a.package} (${a.reason})`);
  for (const f of d.blocking) console.error(`audit: ${f.severity}: ${f.id} in ${f.package}: ${f.title} ${f.url}`);
  for (const p of d.problems) console.error(`audit: ${p}`);
  if (!d.ok) {
    console.error('audit: FAILED: upgrade, or record an exception in audit-allowlist.json with a reason and expiry');
    process.exit(1);
  }
  console.log('audit: no high or critical advisories in production dependencies');
}

if (import.meta.main) main();
