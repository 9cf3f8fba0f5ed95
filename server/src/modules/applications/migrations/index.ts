import type { Migration } from '../../../platform/migrations.ts';

/** Frozen. Add new migrations below; never edit one that has shipped. */
export const applicationsMigrations: Migration[] = [
  {
    id: '202611270010_applications_cases',
    up: [
      `create schema if not exists applications`,
      // Process definitions as filed: a case points at the exact definition it runs under.
      `create table applications.processes (
        key text primary key,
        code text not null,
        definition jsonb not null,
        created_at timestamptz not null
      )`,
      // Materials uploaded by an applicant; the bytes are in the blob store under blob_key.
      `create table applications.uploads (
        id uuid primary key,
        region_code text not null,
        account_id uuid not null,
        blob_key text not null,
        sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
        size bigint not null check (size > 0),
        media_type text not null,
        file_name text not null,
        created_at timestamptz not null
      )`,
      `create index uploads_account on applications.uploads (account_id, created_at desc)`,
      `create table applications.drafts (
        id uuid primary key,
        region_code text not null,
        account_id uuid not null,
        enterprise_id uuid,
        kind text not null check (kind in ('item', 'bundle')),
        item_code text,
        bundle_code text,
        title_zh text not null,
        title_en text not null,
        form_sealed text not null,
        materials jsonb not null,
        created_at timestamptz not null,
        updated_at timestamptz not null,
        check ((kind = 'item') = (item_code is not null) and (kind = 'bundle') = (bundle_code is not null))
      )`,
      `create index drafts_account on applications.drafts (account_id, updated_at desc)`,
      // Case numbers: region code, date and a number from a sequence (no hot counter row).
      `create sequence applications.case_number_seq`,
      `create table applications.cases (
        id uuid primary key,
        region_code text not null,
        case_number text not null unique,
        kind text not null check (kind in ('item', 'bundle')),
        item_code text,
        item_version integer,
        bundle_code text,
        items jsonb not null,
        title_zh text not null,
        title_en text not null,
        department_code text not null,
        departments text[] not null,
        process_key text not null references applications.processes (key),
        applicant_account_id uuid not null,
        enterprise_id uuid,
        applicant_name_sealed text not null,
        applicant_name_masked text not null,
        applicant_subject_index text,
        form_sealed text not null,
        materials jsonb not null,
        idempotency_key text not null,
        request_hash text not null,
        status text not null check (status in ('in_progress', 'correction', 'completed', 'rejected', 'withdrawn')),
        state text not null,
        seq integer not null default 0,
        submitted_at timestamptz not null,
        last_submitted_at timestamptz not null,
        due_at timestamptz,
        deadline_at timestamptz,
        closed_at timestamptz,
        updated_at timestamptz not null,
        unique (applicant_account_id, idempotency_key)
      )`,
      `create index cases_applicant on applications.cases (applicant_account_id, submitted_at desc)`,
      `create index cases_enterprise on applications.cases (enterprise_id, submitted_at desc) where enterprise_id is not null`,
      `create index cases_departments on applications.cases using gin (departments)`,
      `create index cases_region_submitted on applications.cases (region_code, submitted_at desc)`,
      `create index cases_case_number_tail on applications.cases (reverse(case_number) text_pattern_ops)`,
      // The history: append-only; a case's status is derived from it (DESIGN.md §3.14).
      `create table applications.case_events (
        case_id uuid not null references applications.cases (id),
        seq integer not null check (seq >= 1),
        region_code text not null,
        at timestamptz not null,
        actor_id uuid,
        actor_name text not null,
        actor_organisation text not null,
        actor_roles text[] not null,
        is_applicant boolean not null,
        action text not null,
        branch text,
        from_state text not null,
        to_state text not null,
        data jsonb not null,
        primary key (case_id, seq)
      )`,
      `create trigger case_events_append_only before update or delete on applications.case_events
        for each row execute function platform.refuse_change()`,
      `create trigger case_events_no_truncate before truncate on applications.case_events
        for each statement execute function platform.refuse_change()`,
      // Open work (待办): one row per case line (branch '' = the main line) someone must act on.
      `create table applications.work_items (
        case_id uuid not null references applications.cases (id),
        branch text not null,
        region_code text not null,
        department_code text not null,
        roles text[] not null,
        -- the roles as bits (clerk 1, reviewer 2, approver 4): the inbox filters on it in the index
        role_mask integer not null,
        state text not null,
        case_number text not null,
        title_zh text not null,
        title_en text not null,
        item_code text,
        applicant_name_masked text not null,
        process_key text not null,
        submitted_at timestamptz not null,
        since timestamptz not null,
        deadline_at timestamptz,
        claimed_by uuid,
        claimed_by_name text,
        claimed_at timestamptz,
        primary key (case_id, branch)
      )`,
      // The inbox reads one department's range in deadline order; the filters and the counts
      // are answered from the index alone (index-only scans), whatever the table's size.
      `create index work_items_inbox on applications.work_items (region_code, department_code, deadline_at, case_id)
        include (role_mask, claimed_by, state, item_code)`,
      // Staff find a case by its number or the number's last digits (reverse + prefix = suffix search).
      `create index work_items_case_number_tail on applications.work_items (reverse(case_number) text_pattern_ops)`,
      `create index work_items_claimed on applications.work_items (claimed_by) where claimed_by is not null`,
    ],
  },
  {
    // Drafts are capped per account (count and total size): each draft records its size.
    id: '202612100020_applications_draft_size',
    up: [
      `alter table applications.drafts add column size_bytes integer not null default 0`,
      `update applications.drafts set size_bytes = octet_length(form_sealed) + octet_length(materials::text)`,
    ],
  },
  {
    // A case look-up without signing in (办件查询) checks the applicant's name and the last 4
    // characters of the ID number or USCC, sealed at filing (cases filed before have none: not found).
    id: '202612150010_applications_lookup',
    up: [`alter table applications.cases add column lookup_sealed text`],
  },
  {
    // What a case was before each resubmission (补正): the form (sealed, as the case holds it)
    // and the materials, keyed by the resubmit's history row, so staff see exactly what changed.
    id: '202612150020_applications_case_versions',
    up: [
      `create table applications.case_versions (
        case_id uuid not null references applications.cases (id),
        seq integer not null,
        region_code text not null,
        form_sealed text not null,
        materials jsonb not null,
        created_at timestamptz not null,
        primary key (case_id, seq)
      )`,
      `create trigger case_versions_append_only before update or delete on applications.case_versions
        for each row execute function platform.refuse_change()`,
    ],
  },
  {
    // Where a case was filed: online by the applicant, or at a window by a clerk for the applicant (一窗受理).
    id: '202612150030_applications_channel',
    up: [
      `alter table applications.cases add column channel text not null default 'online' check (channel in ('online', 'window'))`,
      `alter table applications.cases add column filed_by uuid`,
    ],
  },
  {
    // Evidence instead of uploads (数据共享): a material the government holds, fetched from its
    // registry under a grant when the case is filed, with its provenance (registry, record,
    // version, time) and digest; the values sealed. Written in the filing's transaction, never changed.
    id: '202612020520_applications_case_evidence',
    up: [
      `create table applications.case_evidence (
        case_id uuid not null references applications.cases (id),
        material_code text not null,
        record_id uuid not null,
        material_name_zh text not null,
        material_name_en text not null,
        region_code text not null,
        registry text not null,
        record_type text not null,
        record_version integer not null,
        department_code text not null,
        grant_id uuid,
        fetched_at timestamptz not null,
        digest text not null,
        values_sealed text not null,
        primary key (case_id, material_code, record_id)
      )`,
      `create trigger case_evidence_append_only before update or delete on applications.case_evidence
        for each row execute function platform.refuse_change()`,
    ],
  },
];
