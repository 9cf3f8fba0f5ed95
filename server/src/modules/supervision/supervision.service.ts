/** The supervision module's service: its use cases behind the one interface its routes and app.ts call. */
import type { Platform } from '../../platform/context.ts';
import { expose } from '../../platform/module.ts';
import type { NoEvents } from '../../platform/outbox.ts';
import { Anomalies } from './supervision.anomalies.ts';
import { casesChanged } from './supervision.cases.ts';
import { contextOf, type SupervisionDeps } from './supervision.context.ts';
import { Deadlines } from './supervision.deadlines.ts';
import { Figures } from './supervision.figures.ts';
import { Ratings } from './supervision.ratings.ts';
import { Rectification } from './supervision.rectification.ts';
import { seedRatings, type SeedItem } from './supervision.seed.ts';
import { Statistics } from './supervision.statistics.ts';

export function supervisionService(platform: Platform<NoEvents>, deps: SupervisionDeps) {
  const context = contextOf(platform, deps);
  const rectification = new Rectification(context);
  const ratings = new Ratings(context, rectification);
  const statistics = new Statistics(context);
  const deadlines = new Deadlines(context);
  return {
    ...expose(ratings, 'invitations', 'rate', 'recordVisit', 'rateVisit', 'list', 'mine'),
    ...expose(rectification, 'get', 'fix', 'appeal', 'decide', 'callbacks', 'callback', 'onOverdue', 'onTell'),
    tickets: rectification.list.bind(rectification),
    ...expose(new Figures(context), 'published'),
    onCaseChanged: ratings.onCaseChanged.bind(ratings),
    deadlines,
    ...expose(statistics, 'statistics', 'backfillStatistics', 'statisticsOnCaseChanged'),
    /** The ledger and the deadline warnings of a round of case changes, in one transaction. */
    casesChanged: casesChanged(context, statistics, deadlines),
    anomalies: new Anomalies(context),
    seed: (items: readonly SeedItem[], log: (m: string) => void) => seedRatings(context, items, log),
  };
}

export type SupervisionService = ReturnType<typeof supervisionService>;
