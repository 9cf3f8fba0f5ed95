import type { Migration } from '../../../platform/migrations.ts';

/** Efficiency supervision's anomaly flags (异常预警). Frozen once shipped. */
export const anomalyMigrations: Migration[] = [
  {
    id: '202612021410_supervision_anomalies',
    up: [
      // The rule set as data (a JSON rule language, supervision.anomaly-rules.ts), versioned per
      // region: append-only, the highest version is in force; a flag names the version it was raised under.
      `create table supervision.anomaly_rulesets (
        region_code text not null,
        version integer not null check (version >= 1),
        rules jsonb not null,
        note text,
        created_by uuid,
        created_at timestamptz not null,
        primary key (region_code, version)
      )`,
      `create trigger anomaly_rulesets_append_only before update or delete on supervision.anomaly_rulesets
        for each row execute function platform.refuse_change()`,
      // The decided cases as supervision knows them (fed from applications' case.changed events):
      // no names, no ID numbers; the applicant's relation keys are keyed hashes (blind indexes).
      `create table supervision.anomaly_cases (
        case_id text primary key,
        case_number text not null,
        region_code text not null,
        department_code text not null,
        item_code text not null,
        outcome text not null check (outcome in ('completed', 'rejected')),
        applicant_key text not null,
        applicant_keys text[] not null default '{}',
        decider_account_id uuid,
        decider_name text not null default '',
        submitted_at timestamptz not null,
        decided_at timestamptz not null,
        handling_seconds double precision not null check (handling_seconds >= 0),
        corrections integer not null default 0,
        recorded_at timestamptz not null
      )`,
      `create index anomaly_cases_item on supervision.anomaly_cases (region_code, item_code)`,
      `create index anomaly_cases_decider on supervision.anomaly_cases (decider_account_id)`,
      `create index anomaly_cases_pair on supervision.anomaly_cases (region_code, applicant_key, decider_account_id, decided_at desc)`,
      // Per service item: how many decided cases, and a histogram of ln(handling seconds) in
      // fixed buckets, so the median and MAD of a new decision's peers are read in O(buckets).
      `create table supervision.anomaly_item_stats (
        region_code text not null,
        item_code text not null,
        n integer not null,
        buckets integer[] not null,
        primary key (region_code, item_code)
      )`,
      // Per applicant: decided cases in total, and per deciding staff member.
      `create table supervision.anomaly_applicant_stats (
        region_code text not null,
        applicant_key text not null,
        total integer not null,
        primary key (region_code, applicant_key)
      )`,
      `create table supervision.anomaly_pair_stats (
        region_code text not null,
        applicant_key text not null,
        decider_account_id uuid not null,
        n integer not null,
        primary key (region_code, applicant_key, decider_account_id)
      )`,
      // A staff member's declared keys (利害关系申报): their registered address (from the
      // population registry), relatives by ID number, enterprises by USCC: keyed hashes only.
      `create table supervision.staff_relation_keys (
        staff_account_id uuid not null,
        key text not null,
        kind text not null check (kind in ('address', 'person', 'enterprise')),
        source text not null check (source in ('declared', 'inspections')),
        declared_at timestamptz not null,
        primary key (staff_account_id, key)
      )`,
      `create index staff_relation_keys_key on supervision.staff_relation_keys (key)`,
      // 异常预警: one flag per rule and subject (a case; for the applicant-share rule, an applicant
      // and staff pair), idempotent under re-runs; a supervisor's finding closes it.
      `create table supervision.anomaly_flags (
        id uuid primary key,
        region_code text not null,
        department_code text not null,
        rule_code text not null,
        rule_kind text not null,
        ruleset_version integer not null,
        subject_key text not null,
        case_id text not null,
        case_number text not null,
        item_code text not null,
        staff_account_id uuid,
        staff_name text not null default '',
        score double precision not null,
        detail jsonb not null,
        status text not null check (status in ('open', 'no_issue', 'referred')),
        finding_note text,
        reviewed_by uuid,
        reviewed_at timestamptz,
        created_at timestamptz not null,
        unique (rule_code, subject_key)
      )`,
      `create index anomaly_flags_scope on supervision.anomaly_flags (region_code, department_code, status, created_at desc)`,
      // A supervisor's finding on a flag exercises public power: into the transparency log.
      `insert into transparency.logged_actions (prefix) values ('supervision.anomaly.')`,
    ],
  },
];
