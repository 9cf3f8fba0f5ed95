/** The supervision module's API shapes (ratings part). No shape the handling unit receives has a rater field. */
import { Type } from 'typebox';
import { DateTime, Enum, LocalText, Nullable, Obj, Items, Uuid } from '../../platform/http.ts';

const Score = Type.Integer({
  minimum: 1,
  maximum: 5,
  description: '5 非常满意 very satisfied, 4 满意, 3 基本满意, 2 不满意, 1 非常不满意 very dissatisfied',
});
const Comment = Type.Optional(Nullable(Type.String({ maxLength: 500 })));
const IndicatorScores = Type.Record(Type.String({ pattern: '^[a-zA-Z]+$' }), Type.Integer({ minimum: 1, maximum: 5 }), {
  title: 'IndicatorScores',
  description:
    'Indicator → score 1-5. Online (app): overall, efficiency, guideAccuracy, convenience, usability. Offline (window): overall, efficiency, serviceLevel, attitude.',
});

export const TicketStatusSchema = Enum('RectificationStatus', ['open', 'appealed', 'fixed', 'closed', 'voided']);

export const RatingBody = Obj({ score: Score, indicators: IndicatorScores, comment: Comment }, { title: 'RatingBody' });
export const CallbackBody = Obj({ score: Score, comment: Comment }, { title: 'CallbackBody' });
export const RatingRecorded = Obj(
  { id: Uuid(), score: Score, ratedAt: DateTime(), rectification: Type.Boolean() },
  { title: 'RatingRecorded' },
);
export const CaseParams = Obj({ caseId: Type.String({ minLength: 1, maxLength: 100 }) });

export const Invitation = Obj(
  {
    caseId: Type.String(),
    caseNumber: Type.String(),
    itemName: LocalText,
    outcome: Enum('CaseOutcome', ['completed', 'rejected', 'withdrawn']),
    invitedAt: DateTime(),
    expiresAt: DateTime(),
    indicators: Type.Array(Type.String()),
  },
  { title: 'RatingInvitation' },
);
export const InvitationList = Items(Invitation);

export const Callback = Obj(
  {
    ticketId: Uuid(),
    caseNumber: Type.String(),
    itemName: LocalText,
    explanation: Type.String(),
    fixedAt: Nullable(DateTime()),
  },
  { title: 'RectificationCallback' },
);
export const CallbackList = Items(Callback);

export const VisitBody = Obj(
  {
    itemCode: Type.String({ minLength: 1, maxLength: 100 }),
    caseNumber: Type.Optional(Nullable(Type.String({ maxLength: 60 }))),
  },
  { title: 'WindowVisitBody' },
);
export const Visit = Obj(
  { id: Uuid(), visitNumber: Type.String(), itemName: LocalText, indicators: Type.Array(Type.String()) },
  { title: 'WindowVisit' },
);

export const StaffRating = Obj(
  {
    id: Uuid(),
    kind: Enum('RatingKind', ['rating', 'callback']),
    channel: Enum('RatingChannel', ['app', 'window']),
    caseNumber: Type.String(),
    departmentCode: Type.String(),
    itemCode: Type.String(),
    itemName: LocalText,
    score: Score,
    indicators: IndicatorScores,
    comment: Nullable(Type.String()),
    ratedAt: DateTime(),
  },
  { title: 'StaffRating' },
);
export const StaffRatingList = Items(StaffRating);

export const Ticket = Obj(
  {
    id: Uuid(),
    ticketNumber: Type.String(),
    caseNumber: Type.String(),
    departmentCode: Type.String(),
    itemCode: Type.String(),
    itemName: LocalText,
    score: Score,
    comment: Nullable(Type.String()),
    status: TicketStatusSchema,
    dueAt: DateTime(),
    escalatedAt: Nullable(DateTime()),
    explanation: Nullable(Type.String()),
    fixedAt: Nullable(DateTime()),
    appealReason: Nullable(Type.String()),
    appealEvidence: Nullable(Type.String()),
    decision: Nullable(Enum('AppealDecision', ['upheld', 'dismissed'])),
    decisionNote: Nullable(Type.String()),
    callbackScore: Nullable(Score),
    closedAt: Nullable(DateTime()),
    createdAt: DateTime(),
  },
  { title: 'RectificationTicket' },
);
export const TicketList = Items(Ticket);
export const TicketQuery = Obj({ status: Type.Optional(TicketStatusSchema) });
export const FixBody = Obj(
  { explanation: Type.String({ minLength: 2, maxLength: 2000 }) },
  { title: 'RectificationFix' },
);
export const AppealBody = Obj(
  { reason: Type.String({ minLength: 2, maxLength: 2000 }), evidence: Type.String({ minLength: 2, maxLength: 4000 }) },
  { title: 'RectificationAppeal' },
);
export const DecisionBody = Obj(
  { upheld: Type.Boolean(), note: Type.String({ minLength: 2, maxLength: 2000 }) },
  { title: 'AppealDecisionBody' },
);

const Rate = Nullable(Type.Number({ minimum: 0, maximum: 1 }));
const figureLine = {
  code: Type.String(),
  name: LocalText,
  rank: Type.Integer({ minimum: 1, description: '1 = best good-review rate (ties: more ratings)' }),
  ratings: Type.Integer({ description: 'First ratings of cases and window visits (call-backs not counted)' }),
  goodReviews: Type.Integer({ description: 'Scores 3-5' }),
  badReviews: Type.Integer({ description: 'Scores 1-2' }),
  goodReviewRate: Type.Number({ minimum: 0, maximum: 1 }),
  invited: Type.Integer({ description: 'Invitations sent and window visits recorded: what could be rated' }),
  activeRatingRate: Rate,
  rectificationTickets: Type.Integer({ description: 'Bad reviews not voided by an upheld appeal' }),
  rectified: Type.Integer(),
  rectificationRate: Rate,
  rectificationHours: Nullable(Type.Number({ description: 'Mean hours from the bad review to the fix' })),
};
export const Figures = Obj(
  {
    version: Type.Literal(1),
    regionCode: Type.String(),
    generatedAt: DateTime(),
    totals: Obj(
      { ratings: Type.Integer(), goodReviewRate: Type.Number(), activeRatingRate: Rate },
      { title: 'RatingTotals' },
    ),
    departments: Type.Array(Obj(figureLine, { title: 'DepartmentRatingFigures' })),
    items: Type.Array(Obj({ ...figureLine, departmentCode: Type.String() }, { title: 'ItemRatingFigures' })),
  },
  { title: 'RatingFigures' },
);
