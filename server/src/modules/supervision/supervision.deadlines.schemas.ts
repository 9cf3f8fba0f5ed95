/** API shapes of 时限监督 (deadlines): the live view of cases at risk and overdue, and the 黄牌/红牌 cards. */
import { Type } from 'typebox';
import { DateTime, Enum, Items, LocalText, Nullable, Obj, Uuid } from '../../platform/http.ts';

const CardColor = Enum('DeadlineCardColor', ['yellow', 'red']);
const Flag = Enum('DeadlineFlag', ['overdue', 'at_risk']);
const Holder = Nullable(Obj({ id: Uuid(), name: Type.String() }, { title: 'CaseHolder' }));
const Counts = {
  atRisk: Type.Integer({ minimum: 0, description: 'Lines of work at risk (预警)' }),
  overdue: Type.Integer({ minimum: 0, description: 'Lines of work past their time limit (超期)' }),
  yellow: Type.Integer({ minimum: 0, description: 'Cases among them with a 黄牌' }),
  red: Type.Integer({ minimum: 0, description: 'Cases among them with a 红牌' }),
};

export const DeadlineQuery = Obj({
  departmentCode: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
  itemCode: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  holder: Type.Optional(
    Type.Union([Uuid(), Type.Literal('unclaimed')], { description: "A staff member's account id, or `unclaimed`" }),
  ),
  flag: Type.Optional(Flag),
});

export const DeadlineView = Obj(
  {
    asOf: DateTime(),
    settings: Obj({
      atRiskPercent: Type.Integer({ description: 'At risk in the last this-percent of the time limit' }),
      atRiskWorkingDays: Type.Integer({ description: '...or within this many working days of the deadline' }),
      redCardWorkingDays: Type.Integer({ description: 'Working days after the deadline (黄牌) before the 红牌' }),
    }),
    totals: Obj({ atRisk: Type.Integer(), overdue: Type.Integer() }),
    truncated: Type.Boolean({ description: 'More late lines than one view reads: the nearest deadlines are counted' }),
    departments: Type.Array(
      Obj({ code: Type.String(), name: LocalText, ...Counts }, { title: 'DeadlineByDepartment' }),
    ),
    items: Type.Array(
      Obj(
        { code: Nullable(Type.String({ description: 'null: a life-event bundle' })), name: LocalText, ...Counts },
        { title: 'DeadlineByItem' },
      ),
    ),
    staff: Type.Array(
      Obj(
        {
          id: Nullable(Uuid()),
          name: Nullable(Type.String({ description: 'null: nobody has claimed the case (未认领)' })),
          ...Counts,
        },
        { title: 'DeadlineByStaff' },
      ),
    ),
    total: Type.Integer({ description: 'Lines matching the drill-down (at most 500 listed)' }),
    lines: Type.Array(
      Obj(
        {
          caseId: Type.String(),
          caseNumber: Type.String(),
          branch: Nullable(Type.String()),
          departmentCode: Type.String(),
          departmentName: LocalText,
          itemCode: Nullable(Type.String()),
          title: LocalText,
          state: Type.String(),
          since: DateTime(),
          deadlineAt: DateTime(),
          atRiskFrom: DateTime(),
          flag: Flag,
          holder: Holder,
          cards: Type.Array(Obj({ color: CardColor, issuedAt: DateTime() })),
        },
        { title: 'DeadlineLine' },
      ),
    ),
  },
  { title: 'DeadlineView' },
);

export const CardQuery = Obj({ color: Type.Optional(CardColor) });
export const DeadlineCard = Obj(
  {
    id: Uuid(),
    color: CardColor,
    caseId: Type.String(),
    caseNumber: Type.String(),
    departmentCode: Type.String(),
    itemCode: Nullable(Type.String()),
    title: LocalText,
    branch: Nullable(Type.String()),
    state: Type.String(),
    holder: Holder,
    deadlineAt: DateTime(),
    issuedAt: DateTime(),
  },
  { title: 'DeadlineCard' },
);
export const DeadlineCardList = Items(DeadlineCard);
