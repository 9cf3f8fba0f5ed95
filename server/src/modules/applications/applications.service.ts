/**
 * The applications module's service: its use cases, one file each, behind the one interface
 * its routes and the other modules call. Each use case starts with its policy check and
 * changes state through `command()`.
 */
import type { Platform } from '../../platform/context.ts';
import { expose } from '../../platform/module.ts';
import { CaseViews } from './applications.case-view.ts';
import { CounterFiling } from './applications.counter-filing.ts';
import { contextOf, type ApplicationsDeps, type Context, type FeeGate } from './applications.context.ts';
import { DeadlineLines } from './applications.deadline-lines.ts';
import { DecisionFactsReader } from './applications.decision-facts.ts';
import { Drafts } from './applications.drafts.ts';
import { Evidence } from './applications.evidence.ts';
import type { ApplicationsEvents } from './applications.events.ts';
import { Facts } from './applications.facts.ts';
import { Handling } from './applications.handling.ts';
import { Inbox } from './applications.inbox.ts';
import { Lookup } from './applications.lookup.ts';
import { Progress } from './applications.progress.ts';
import { Results } from './applications.results.ts';
import { Submission } from './applications.submission.ts';
import { Targets } from './applications.targets.ts';

/** `hooks` shared by services on other clocks (serviceOn), so they honour the same fee gate. */
export function applicationsService(
  platform: Platform<ApplicationsEvents>,
  deps: ApplicationsDeps,
  hooks?: Context['hooks'],
) {
  const context = contextOf(platform, deps, hooks);
  const targets = new Targets(context);
  const progress = new Progress(context);
  const evidence = new Evidence(context);
  const views = new CaseViews(context, progress, evidence);
  const drafts = new Drafts(context, targets);
  const results = new Results(context, views);
  const submission = new Submission(context, targets, drafts, progress, views, evidence);
  return {
    ...expose(drafts, 'upload', 'uploadContent', 'drafts', 'draft', 'createDraft', 'saveDraft', 'deleteDraft'),
    ...expose(submission, 'submit'),
    ...expose(new CounterFiling(context, targets, submission), 'fileAtCounter'),
    ...expose(results, 'resultFile'),
    ...expose(new Handling(context, targets, progress, views, results), 'act', 'claim', 'release', 'onDeadline'),
    ...expose(new Inbox(context, progress), 'inbox', 'list'),
    ...expose(views, 'get', 'material', 'mayRead'),
    ...expose(new Lookup(context, views), 'lookup', 'caseIdOf', 'formOf'),
    ...expose(new DeadlineLines(context), 'deadlineLines', 'deadlineLinesOf', 'deadlineLinesOfCases'),
    ...expose(new Facts(context), 'caseFacts', 'caseFactsPage'),
    ...expose(new DecisionFactsReader(context), 'decisionFacts'),
    /** The payments module's gate: the engine refuses to accept, or to complete, a case whose fee is unpaid. */
    setFeeGate(gate: FeeGate): void {
      context.hooks.feeGate = gate;
    },
  };
}

export type ApplicationsService = ReturnType<typeof applicationsService>;
