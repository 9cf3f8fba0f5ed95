/** The API shapes of the efficiency statistics (统计分析). */
import { Type } from 'typebox';
import { DateTime, LocalText, Nullable, Obj } from '../../platform/http.ts';

const Count = Type.Integer({ minimum: 0 });
const Share = Nullable(Type.Number({ minimum: 0, maximum: 1 }));
const Days = Nullable(Type.Number({ minimum: 0 }));
const IsoDate = Type.String({ format: 'date' });

/** One line of figures: a week, a department, an item or the total. */
const line = {
  submitted: Count,
  closed: Count,
  decided: Type.Integer({ minimum: 0, description: '办结: completed (准予) + rejected (不予)' }),
  completed: Count,
  avgHandlingDays: Days,
  p90HandlingDays: { ...Days, description: 'From a histogram with ×1.2 buckets: at most 20% off' },
  avgLimitDays: { ...Days, description: 'The mean promised limit (承诺时限) of the decided cases, in calendar days' },
  onTimeRate: Share,
  zeroVisitRate: { ...Share, description: '零跑动: filed online for an item that needs no visit, over decided' },
  onlineRate: { ...Share, description: '全程网办: filed online for an item of online depth 4, over decided' },
  ratings: Count,
  goodReviews: Count,
  badReviews: Count,
  goodReviewRate: Share,
};

export const StatisticsQuery = Obj({
  department: Type.Optional(Type.String({ pattern: '^[A-Z]{2,8}$' })),
  from: Type.Optional(IsoDate),
  to: Type.Optional(IsoDate),
});

export const Statistics = Obj(
  {
    regionCode: Type.String(),
    department: Nullable(Type.String()),
    from: IsoDate,
    to: IsoDate,
    generatedAt: DateTime(),
    totals: Obj({ backlog: Type.Integer(), ...line }, { title: 'StatisticsTotals' }),
    weeks: Type.Array(
      Obj(
        {
          week: Type.String({ description: 'ISO week, 2026-W49' }),
          weekStart: IsoDate,
          backlog: Type.Integer(),
          ...line,
        },
        { title: 'StatisticsWeek' },
      ),
    ),
    departments: Type.Array(Obj({ code: Type.String(), name: LocalText, ...line }, { title: 'StatisticsDepartment' })),
    items: Type.Array(
      Obj(
        { code: Type.String(), departmentCode: Type.String(), name: LocalText, ...line },
        { title: 'StatisticsItem' },
      ),
    ),
  },
  { title: 'SupervisionStatistics' },
);
