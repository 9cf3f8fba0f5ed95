/** inspections' HTTP shapes. */
import { Type } from 'typebox';
import { USCC_PATTERN } from '../../platform/id-numbers.ts';
import { DateTime, Enum, LocalText, Nullable, Obj, Uscc, Uuid } from '../../platform/http.ts';

const Hex64 = Type.String({ pattern: '^[0-9a-f]{64}$' });
export const RiskLevel = Enum('RiskLevel', ['low', 'medium', 'high']);
export const CreditGrade = Enum('CreditGrade', ['A', 'B', 'C', 'D']);
export const Outcome = Enum('InspectionOutcome', ['pass', 'issues', 'serious'], {
  description: 'pass: 未发现问题; issues: 发现问题已责令整改; serious: 发现严重问题',
});
const Department = Type.String({ pattern: '^[A-Z]{2,8}$' });

export const InspectionItem = Obj(
  {
    id: Uuid(),
    department: Type.String(),
    code: Type.String(),
    name: LocalText,
    legalBasis: Type.String(),
    content: Type.String(),
  },
  { title: 'InspectionItem' },
);

export const DrawPools = Obj(
  {
    algorithm: Type.String(),
    draw: Uuid(),
    ratioBasisPoints: Type.Integer(),
    teams: Type.Array(Obj({ department: Type.String(), count: Type.Integer(), maxLoad: Type.Integer() })),
    targets: Type.Array(Obj({ id: Type.String(), weight: Type.Integer() })),
    inspectors: Type.Array(Obj({ id: Type.String(), department: Type.String() })),
    conflicts: Type.Array(Obj({ inspector: Type.String(), target: Type.String() })),
  },
  { title: 'DrawPools', description: 'The pools as published before the draw (hashed as canonical JSON)' },
);

export const DrawnTarget = Obj(
  { id: Type.String(), key: Type.String(), inspectors: Type.Array(Type.String()), short: Type.Boolean() },
  { title: 'DrawnTarget' },
);

export const PublishedDraw = Obj(
  {
    id: Uuid(),
    algorithm: Type.String(),
    status: Enum('DrawStatus', ['committed', 'drawn']),
    item: InspectionItem,
    department: Type.String(),
    departments: Type.Array(Type.String()),
    filters: Obj({
      industries: Type.Optional(Type.Array(Type.String())),
      area: Type.Optional(Type.String()),
      riskLevels: Type.Optional(Type.Array(Type.String())),
    }),
    pools: DrawPools,
    poolsHash: Hex64,
    commitment: Hex64,
    committedAt: DateTime(),
    beacon: Nullable(
      Obj(
        { treeSize: Type.Integer(), rootHash: Type.String(), issuedAt: DateTime() },
        { title: 'DrawBeacon', description: 'The transparency-log checkpoint issued after the commitment' },
      ),
    ),
    secret: Nullable(Hex64),
    seed: Nullable(Hex64),
    result: Nullable(Obj({ targets: Type.Array(DrawnTarget) }, { title: 'DrawResult' })),
    drawnAt: Nullable(DateTime()),
  },
  { title: 'PublishedDraw' },
);

export const DrawSummary = Obj(
  {
    id: Uuid(),
    item: Obj({ code: Type.String(), name: LocalText }),
    department: Type.String(),
    departments: Type.Array(Type.String()),
    poolsHash: Hex64,
    commitment: Hex64,
    committedAt: DateTime(),
    drawnAt: Nullable(DateTime()),
  },
  { title: 'DrawSummary' },
);

export const NewDraw = Obj(
  {
    itemId: Uuid(),
    ratioBasisPoints: Type.Integer({
      minimum: 1,
      maximum: 10_000,
      description: 'Share of the pool to draw, in 1/10,000',
    }),
    industries: Type.Optional(Type.Array(Type.String({ maxLength: 100 }), { maxItems: 50 })),
    area: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    riskLevels: Type.Optional(Type.Array(RiskLevel, { maxItems: 3 })),
    jointDepartments: Type.Optional(Type.Array(Department, { maxItems: 10 })),
    inspectorsPerDepartment: Type.Optional(Type.Integer({ minimum: 1, maximum: 5 })),
  },
  { title: 'NewDraw' },
);

export const InspectionTask = Obj(
  {
    id: Uuid(),
    drawId: Uuid(),
    department: Type.String(),
    uscc: Type.String(),
    enterpriseName: Nullable(Type.String()),
    inspectors: Type.Array(Type.String()),
    short: Type.Boolean(),
    outcome: Nullable(Outcome),
    findings: Nullable(Type.String()),
    rectification: Nullable(Type.String()),
    rectifyBy: Nullable(Type.String()),
    photos: Type.Integer({ description: 'Photos attached' }),
    submittedAt: Nullable(DateTime()),
    publishBy: Nullable(DateTime()),
    publishedAt: Nullable(DateTime()),
    answer: Nullable(Type.String()),
    answeredAt: Nullable(DateTime()),
  },
  { title: 'InspectionTask' },
);

export const InspectorTasks = Obj(
  { inspector: Obj({ id: Type.String(), department: Type.String() }), items: Type.Array(InspectionTask) },
  { title: 'InspectorTasks' },
);

export const ResultInput = Obj(
  {
    outcome: Outcome,
    findings: Type.String({ minLength: 1, maxLength: 4_000 }),
    rectification: Type.Optional(Type.String({ minLength: 1, maxLength: 4_000 })),
    rectifyBy: Type.Optional(Type.String({ format: 'date' })),
    photoIds: Type.Array(Uuid(), { maxItems: 20 }),
  },
  { title: 'InspectionResultInput' },
);

export const AnswerInput = Obj(
  { answer: Type.String({ minLength: 1, maxLength: 4_000 }) },
  { title: 'InspectionAnswer' },
);

export const RelationInput = Obj(
  { uscc: Uscc, reason: Type.String({ minLength: 1, maxLength: 500 }) },
  { title: 'RelationDeclaration' },
);
export const Relation = Obj(
  { inspector: Type.String(), uscc: Type.String(), declaredAt: DateTime() },
  { title: 'Relation' },
);

export const CreditRecord = Obj(
  {
    uscc: Type.String(),
    name: Type.String(),
    industry: Type.String(),
    riskLevel: RiskLevel,
    creditGrade: CreditGrade,
    inspections: Type.Array(InspectionTask),
  },
  { title: 'CreditRecord' },
);

export const UsccParams = Obj({ uscc: Type.String({ pattern: USCC_PATTERN }) });
export const SyncResult = Obj({ enterprises: Type.Integer() }, { title: 'DirectorySync' });

export const DrawTask = Obj(
  {
    ...InspectionTask.properties,
    team: Type.Array(Obj({ id: Type.String(), name: Type.String(), department: Type.String() }), {
      description: 'The drawn inspectors, by name',
    }),
  },
  { title: 'DrawTask' },
);

export const DeclaredRelation = Obj(
  {
    inspector: Type.String(),
    uscc: Type.String(),
    name: Nullable(Type.String()),
    reason: Type.String(),
    declaredAt: DateTime(),
  },
  { title: 'DeclaredRelation' },
);
