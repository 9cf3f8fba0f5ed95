import type { Migration } from '../../../platform/migrations.ts';

/**
 * Frozen once shipped. The cogov core: community settings and pseudonyms, proposals (居民提议)
 * with supports, follows and comments, consultations (议事协商) with their voters and ballots
 * kept apart, and moderation (flags and reviews). docs/cogov.md explains the ballot tables.
 */
export const coreMigration: Migration = {
  id: '202612031010_cogov_core',
  up: [
    `create schema if not exists cogov`,
    // A community's rules (defaults apply to a community without a row).
    `create table cogov.community_settings (
      community_id uuid primary key,
      region_code text not null,
      support_threshold integer not null check (support_threshold between 1 and 100000),
      support_days integer not null check (support_days between 1 and 365),
      answer_working_days integer not null check (answer_working_days between 1 and 60),
      hide_after_flags integer not null check (hide_after_flags between 1 and 100),
      updated_at timestamptz not null
    )`,
    // A resident's community pseudonym (社区昵称): unique in the community.
    `create table cogov.pseudonyms (
      account_id uuid primary key,
      community_id uuid not null,
      pseudonym text not null,
      created_at timestamptz not null,
      unique (community_id, pseudonym)
    )`,
    `create table cogov.proposals (
      id uuid primary key,
      region_code text not null,
      community_id uuid not null,
      author_account_id uuid not null,
      author_resident_id uuid not null,
      author_display text not null check (author_display in ('real', 'masked', 'pseudonym')),
      author_shown text not null,
      title text not null,
      body text not null,
      category text not null,
      lat double precision,
      lng double precision,
      address text,
      photos jsonb not null default '[]',
      status text not null check (status in ('open', 'awaiting_answer', 'accepted', 'declined')),
      support_count integer not null default 0,
      threshold integer not null,
      support_until timestamptz not null,
      threshold_reached_at timestamptz,
      answer_due_at timestamptz,
      answered_at timestamptz,
      answered_by uuid,
      answer text,
      plan text,
      escalated_at timestamptz,
      linked_event_number text,
      linked_case_number text,
      hidden boolean not null default false,
      created_at timestamptz not null
    )`,
    `create index proposals_community on cogov.proposals (community_id, created_at desc)`,
    `create index proposals_due on cogov.proposals (region_code, answer_due_at) where status = 'awaiting_answer'`,
    // One support per resident (not per account).
    `create table cogov.proposal_supports (
      proposal_id uuid not null references cogov.proposals (id),
      resident_id uuid not null,
      account_id uuid not null,
      created_at timestamptz not null,
      primary key (proposal_id, resident_id)
    )`,
    `create table cogov.proposal_follows (
      proposal_id uuid not null references cogov.proposals (id),
      account_id uuid not null,
      created_at timestamptz not null,
      primary key (proposal_id, account_id)
    )`,
    `create table cogov.proposal_comments (
      id uuid primary key,
      proposal_id uuid not null references cogov.proposals (id),
      parent_id uuid references cogov.proposal_comments (id),
      author_account_id uuid not null,
      author_shown text not null,
      body text not null,
      hidden boolean not null default false,
      created_at timestamptz not null
    )`,
    `create index proposal_comments_of on cogov.proposal_comments (proposal_id, created_at)`,
    `create table cogov.consultations (
      id uuid primary key,
      region_code text not null,
      community_id uuid,
      scope text not null check (scope in ('community', 'grid', 'city')),
      grid_id uuid,
      min_age integer check (min_age between 0 and 120),
      title text not null,
      background text not null,
      documents jsonb not null default '[]',
      options jsonb not null,
      opens_at timestamptz not null,
      closes_at timestamptz not null check (closes_at > opens_at),
      created_by uuid not null,
      created_at timestamptz not null,
      tallied_at timestamptz,
      result jsonb,
      receipts_sha256 text,
      decision text,
      decided_at timestamptz,
      decided_by uuid,
      check ((scope = 'city') = (community_id is null)),
      check ((scope = 'grid') = (grid_id is not null))
    )`,
    `create index consultations_place on cogov.consultations (region_code, community_id, closes_at desc)`,
    // 谁投了票: one row per verified resident per consultation (the database enforces it). No
    // account, no time, no order: the commitment is SHA-256 of the voter's ballot key under a
    // domain tag other than the receipt's, so only the key's holder can tie it to their ballot.
    `create table cogov.voters (
      consultation_id uuid not null references cogov.consultations (id),
      resident_id uuid not null,
      commitment text not null,
      constraint voters_one_per_resident unique (consultation_id, resident_id)
    )`,
    // 怎么投的: the ballots, apart. No voter, no time, no sequence; the receipt is random (derived
    // from the voter's secret key). Ballots not yet mixed are rewritten in one transaction in
    // receipt order (mixing), so neither xmin nor the physical order follows the voters'.
    `create table cogov.ballots (
      consultation_id uuid not null references cogov.consultations (id),
      receipt text not null,
      choice text not null,
      mixed boolean not null default false,
      primary key (consultation_id, receipt)
    )`,
    `create index ballots_unmixed on cogov.ballots (consultation_id) where not mixed`,
    // Moderation: a resident flags an item once; N flags hide it pending review.
    `create table cogov.flags (
      kind text not null,
      content_id uuid not null,
      account_id uuid not null,
      reason text not null,
      created_at timestamptz not null,
      primary key (kind, content_id, account_id)
    )`,
    `create table cogov.reviews (
      id uuid primary key,
      kind text not null,
      content_id uuid not null,
      region_code text not null,
      community_id uuid,
      author_account_id uuid,
      excerpt text not null,
      status text not null check (status in ('pending', 'hidden', 'restored')),
      flag_count integer not null default 0,
      opened_at timestamptz not null,
      decided_at timestamptz,
      decided_by uuid,
      reason text,
      appeal_text text,
      appealed_at timestamptz,
      appeal_status text check (appeal_status in ('pending', 'upheld', 'overturned')),
      appeal_decided_at timestamptz,
      appeal_decided_by uuid,
      appeal_reason text,
      unique (kind, content_id)
    )`,
    `create index reviews_queue on cogov.reviews (region_code, status, opened_at)`,
  ],
};
