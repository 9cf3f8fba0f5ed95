/**
 * Supervision's writes on `applications.case.changed`, a round of events at a time: the
 * statistics ledger and the deadline warnings of the round's cases, in one transaction. A
 * filing's event costs the database one more commit for the whole round, not one per reaction
 * and per event (issue 9's writing transactions per submission). Both reads (the cases' facts,
 * their open lines) are one statement each, before the transaction. Idempotent: the ledger
 * applies only transitions it has not seen, and warning jobs are keyed by line and deadline.
 */
import { systemActor } from '../../platform/audit.ts';
import { command } from '../../platform/context.ts';
import { scheduleJobLater } from '../../platform/jobs.ts';
import type { DomainEvent } from '../../platform/outbox.ts';
import type { CaseChangedPayload } from '../applications/index.ts';
import type { Context } from './supervision.context.ts';
import type { Deadlines } from './supervision.deadlines.ts';
import type { Statistics } from './supervision.statistics.ts';

export function casesChanged(c: Context, statistics: Statistics, deadlines: Deadlines) {
  return async (events: readonly DomainEvent<CaseChangedPayload>[]): Promise<void> => {
    const caseIds = [...new Set(events.map((e) => e.payload.caseId))].sort();
    const entries = await statistics.ledgerEntries(caseIds);
    const now = c.p.clock.now();
    const jobs = deadlines.warningJobs(await c.deps.applications.deadlineLinesOfCases(caseIds), now);
    if (entries.length === 0 && jobs.length === 0) return;
    await command(c.p, systemActor(), async (w) => {
      await statistics.applyToLedger(w, entries);
      for (const job of jobs) scheduleJobLater(w, job, now);
    });
  };
}
