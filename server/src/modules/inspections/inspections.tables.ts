import type { PlatformTables } from '../../platform/tables.ts';

export type RiskLevel = 'low' | 'medium' | 'high';
export type CreditGrade = 'A' | 'B' | 'C' | 'D';
export type Outcome = 'pass' | 'issues' | 'serious';

export interface InspectionsTables extends PlatformTables {
  'inspections.items': {
    id: string;
    department_code: string;
    code: string;
    name: string;
    name_en: string;
    legal_basis: string;
    content: string;
    created_at: Date;
  };
  'inspections.risk_rules': { industry: string; risk_level: RiskLevel };
  'inspections.entities': {
    uscc: string;
    name: string;
    industry: string;
    area: string;
    status: string;
    risk_level: RiskLevel;
    credit_grade: CreditGrade;
    synced_at: Date;
  };
  'inspections.inspectors': {
    id: string;
    account_id: string;
    department_code: string;
    display_name: string;
    qualified_at: Date;
  };
  'inspections.relations': { inspector_id: string; uscc: string; reason: string; declared_at: Date };
  'inspections.draws': {
    id: string;
    item_id: string;
    department_code: string;
    departments: string[];
    filters: string;
    pools_json: string;
    pools_hash: string;
    commitment: string;
    secret_enc: string;
    committed_at: Date;
    committed_by: string;
    beacon_tree_size: string | number | null;
    beacon_root: string | null;
    beacon_issued_at: Date | null;
    secret: string | null;
    seed: string | null;
    result_json: string | null;
    drawn_at: Date | null;
  };
  'inspections.tasks': {
    id: string;
    draw_id: string;
    department_code: string;
    uscc: string;
    inspector_ids: string[];
    short: boolean;
    outcome: Outcome | null;
    findings: string | null;
    rectification: string | null;
    rectify_by: string | null;
    photo_ids: string[];
    submitted_by: string | null;
    submitted_at: Date | null;
    publish_by: Date | null;
    published_at: Date | null;
    answer: string | null;
    answered_at: Date | null;
    created_at: Date;
  };
}
