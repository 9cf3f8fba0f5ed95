/** API shapes of supervision's anomaly flags (异常预警). */
import { Type } from 'typebox';
import { CitizenIdNumber, DateTime, Enum, Nullable, Obj, Paged, Uscc, Uuid, PageQuery } from '../../platform/http.ts';
import { AnomalyRules } from './supervision.anomaly-rules.ts';

export { AnomalyRules };

/** open: awaiting review; no_issue: reviewed, nothing wrong; referred: referred to discipline inspection (移送纪检). */
export const FlagStatusSchema = Enum('AnomalyFlagStatus', ['open', 'no_issue', 'referred']);
export const RuleKindSchema = Enum('AnomalyRuleKind', [
  'handling_time',
  'corrections',
  'related_staff',
  'after_hours',
  'applicant_share',
]);

export const Flag = Obj(
  {
    id: Uuid(),
    ruleCode: Type.String(),
    ruleKind: RuleKindSchema,
    rulesetVersion: Type.Integer(),
    caseId: Type.String(),
    caseNumber: Type.String(),
    departmentCode: Type.String(),
    itemCode: Type.String(),
    staffAccountId: Nullable(Uuid()),
    staffName: Type.String({ description: 'The deciding staff member' }),
    score: Type.Number({ description: 'The robust z-score, the count, or the share: what the rule measured' }),
    detail: Type.Record(Type.String(), Type.Unknown(), { title: 'AnomalyFlagDetail' }),
    status: FlagStatusSchema,
    findingNote: Nullable(Type.String()),
    reviewedAt: Nullable(DateTime()),
    createdAt: DateTime(),
  },
  { title: 'AnomalyFlag' },
);
export const FlagPage = Paged(Flag);
export const FlagQuery = Obj({
  rule: Type.Optional(Type.String({ maxLength: 40 })),
  department: Type.Optional(Type.String({ maxLength: 40 })),
  status: Type.Optional(FlagStatusSchema),
  ...PageQuery,
});
export const ReviewBody = Obj(
  {
    finding: Enum('AnomalyFinding', ['no_issue', 'referred']),
    note: Type.String({ minLength: 2, maxLength: 2000 }),
  },
  { title: 'AnomalyReview' },
);
export const RulesView = Obj(
  {
    regionCode: Type.String(),
    version: Type.Integer({ minimum: 1 }),
    rules: AnomalyRules,
    history: Type.Array(
      Obj(
        { version: Type.Integer(), note: Nullable(Type.String()), createdAt: DateTime() },
        { title: 'AnomalyRulesVersion' },
      ),
    ),
  },
  { title: 'AnomalyRulesView' },
);
export const RulesBody = Obj(
  {
    expectedVersion: Type.Integer({ minimum: 1, description: 'The version the edit started from' }),
    rules: AnomalyRules,
    note: Type.String({ minLength: 2, maxLength: 500 }),
  },
  { title: 'AnomalyRulesBody' },
);
export const FullPassResult = Obj(
  {
    rulesetVersion: Type.Integer(),
    raised: Type.Record(Type.String(), Type.Integer(), { description: 'New flags per rule code' }),
    elapsedMs: Type.Integer(),
  },
  { title: 'AnomalyFullPass' },
);
export const DeclarationBody = Obj(
  {
    idNumber: Type.Optional(Nullable(CitizenIdNumber)),
    relatives: Type.Array(CitizenIdNumber, { maxItems: 50 }),
    enterprises: Type.Array(Uscc, { maxItems: 50 }),
  },
  { title: 'StaffRelationsBody' },
);
export const Declaration = Obj(
  {
    addressOnRecord: Type.Boolean({ description: "The population registry has the declarer's registered address" }),
    relatives: Type.Integer(),
    enterprises: Type.Integer(),
    declaredAt: DateTime(),
  },
  { title: 'StaffRelations' },
);
