/**
 * The published figures (好差评公开): per department and per service item, the good-review rate,
 * the active-rating rate, the rectification rate and mean time, and a ranking. Public, without
 * sign-in, and the JSON feed the open-data catalogue publishes (docs/supervision.md: its shape is
 * stable; fields are only ever added).
 */
import type { Context } from './supervision.context.ts';
import * as repo from './supervision.repository.ts';

export const FEED_VERSION = 1 as const;

export const rate = (n: number, d: number): number | null => (d > 0 ? Math.round((n / d) * 10_000) / 10_000 : null);

function line(r: repo.FigureRow) {
  return {
    ratings: r.ratings,
    goodReviews: r.good,
    badReviews: r.bad,
    goodReviewRate: rate(r.good, r.ratings) ?? 0,
    invited: r.invited,
    activeRatingRate: rate(r.ratings, r.invited),
    rectificationTickets: r.tickets,
    rectified: r.rectified,
    rectificationRate: rate(r.rectified, r.tickets),
    rectificationHours: r.rectification_hours === null ? null : Math.round(r.rectification_hours * 10) / 10,
  };
}

/** Rank 1 is the best good-review rate; ties by more ratings, then by code. Equal figures share a rank. */
function ranked<T extends { goodReviewRate: number; ratings: number; code: string }>(rows: T[]) {
  const sorted = [...rows].sort(
    (a, b) => b.goodReviewRate - a.goodReviewRate || b.ratings - a.ratings || a.code.localeCompare(b.code),
  );
  let rank = 0;
  return sorted.map((r, i) => {
    const prev = sorted[i - 1];
    if (!prev || prev.goodReviewRate !== r.goodReviewRate || prev.ratings !== r.ratings) rank = i + 1;
    return { ...r, rank };
  });
}

export class Figures {
  private readonly c: Context;

  constructor(context: Context) {
    this.c = context;
  }

  /** The figures of the city's region (no sign-in). */
  async published() {
    const regionCode = this.c.deps.regionCode;
    const [byDept, byItem, names] = await Promise.all([
      repo.figures(this.c.db, regionCode, 'department'),
      repo.figures(this.c.db, regionCode, 'item'),
      this.c.deps.org.departmentNames(),
    ]);
    const departments = ranked(
      byDept.map((r) => ({
        code: r.key,
        name: names.get(r.key) ?? { zh: r.key, en: r.key },
        ...line(r),
      })),
    );
    const items = ranked(
      byItem.map((r) => ({
        code: r.key,
        name: { zh: r.name_zh, en: r.name_en },
        departmentCode: r.department_code,
        ...line(r),
      })),
    );
    const total = byDept.reduce(
      (a, r) => ({ ratings: a.ratings + r.ratings, good: a.good + r.good, invited: a.invited + r.invited }),
      { ratings: 0, good: 0, invited: 0 },
    );
    return {
      version: FEED_VERSION,
      regionCode,
      generatedAt: this.c.p.clock.now().toISOString(),
      totals: {
        ratings: total.ratings,
        goodReviewRate: rate(total.good, total.ratings) ?? 0,
        activeRatingRate: rate(total.ratings, total.invited),
      },
      departments,
      items,
    };
  }
}
