/** Tables of supervision's anomaly flags (异常预警): migrations/anomalies.ts. */
import type { ColumnType } from 'kysely';
import type { PlatformTables } from '../../platform/tables.ts';
import type { RuleKind } from './supervision.anomaly-rules.ts';

type Json<T> = ColumnType<T, string, string>;

export type FlagStatus = 'open' | 'no_issue' | 'referred';

export interface AnomalyTables extends PlatformTables {
  'supervision.anomaly_rulesets': {
    region_code: string;
    version: number;
    rules: Json<unknown>;
    note: string | null;
    created_by: string | null;
    created_at: Date;
  };
  'supervision.anomaly_cases': {
    case_id: string;
    case_number: string;
    region_code: string;
    department_code: string;
    item_code: string;
    outcome: 'completed' | 'rejected';
    /** Who "the applicant" is for the share rule: `a:<account>` or `e:<enterprise>`. */
    applicant_key: string;
    /** The applicant's relation keys (blind indexes): `id:`, `addr:`, `uscc:`. */
    applicant_keys: string[];
    decider_account_id: string | null;
    decider_name: string;
    submitted_at: Date;
    decided_at: Date;
    handling_seconds: number;
    corrections: number;
    recorded_at: Date;
  };
  'supervision.anomaly_item_stats': { region_code: string; item_code: string; n: number; buckets: number[] };
  'supervision.anomaly_applicant_stats': { region_code: string; applicant_key: string; total: number };
  'supervision.anomaly_pair_stats': {
    region_code: string;
    applicant_key: string;
    decider_account_id: string;
    n: number;
  };
  'supervision.staff_relation_keys': {
    staff_account_id: string;
    key: string;
    kind: 'address' | 'person' | 'enterprise';
    source: 'declared' | 'inspections';
    declared_at: Date;
  };
  'supervision.anomaly_flags': {
    id: string;
    region_code: string;
    department_code: string;
    rule_code: string;
    rule_kind: RuleKind;
    ruleset_version: number;
    subject_key: string;
    case_id: string;
    case_number: string;
    item_code: string;
    staff_account_id: string | null;
    staff_name: string;
    score: number;
    detail: Json<Record<string, unknown>>;
    status: FlagStatus;
    finding_note: string | null;
    reviewed_by: string | null;
    reviewed_at: Date | null;
    created_at: Date;
  };
}
