import type { Migration } from '../../../platform/migrations.ts';

/**
 * Public comment on draft policies (政策意见征集), volunteers and participation points (志愿服务,
 * 积分), community notices (通知公告) and patrols (巡查). Frozen: add new migrations below.
 */
export const cogovCivicMigrations: Migration[] = [
  {
    id: '202612031020_cogov_comment',
    up: [
      `create schema if not exists cogov`,
      // A department's draft regulation or plan, open for comment between opens_at and closes_at.
      `create table cogov.policy_drafts (
        id uuid primary key,
        region_code text not null,
        department_code text not null,
        department_name text not null,
        title text not null,
        summary text not null,
        opens_at timestamptz not null,
        closes_at timestamptz not null,
        status text not null check (status in ('open', 'responded', 'withdrawn')),
        response_summary text,
        responded_at timestamptz,
        responded_by uuid,
        created_by uuid not null,
        created_at timestamptz not null,
        check (closes_at > opens_at)
      )`,
      `create index policy_drafts_region on cogov.policy_drafts (region_code, closes_at desc)`,
      `create table cogov.policy_articles (
        draft_id uuid not null references cogov.policy_drafts (id),
        seq int not null check (seq > 0),
        heading text not null,
        body text not null,
        primary key (draft_id, seq)
      )`,
      // A comment on one article, by a person or by an agent for an enterprise (enterprise_name set).
      `create table cogov.policy_comments (
        id uuid primary key,
        draft_id uuid not null references cogov.policy_drafts (id),
        article_seq int not null,
        author_account_id uuid not null,
        author_name text not null,
        enterprise_id uuid,
        enterprise_name text,
        body text not null,
        created_at timestamptz not null,
        idempotency_key text,
        hidden boolean not null default false,
        decision text check (decision in ('adopted', 'partly_adopted', 'not_adopted')),
        decision_reason text,
        decided_at timestamptz,
        foreign key (draft_id, article_seq) references cogov.policy_articles (draft_id, seq),
        unique (author_account_id, idempotency_key)
      )`,
      `create index policy_comments_draft on cogov.policy_comments (draft_id, article_seq, created_at)`,
    ],
  },
  {
    id: '202612031030_cogov_volunteers',
    up: [
      // Volunteer tasks of a community (志愿服务): time, place, skills, places available.
      `create table cogov.volunteer_tasks (
        id uuid primary key,
        region_code text not null,
        community_id uuid not null,
        organiser_account_id uuid not null,
        organiser_name text not null,
        title text not null,
        description text not null,
        place text not null,
        skills text[] not null default '{}',
        starts_at timestamptz not null,
        ends_at timestamptz not null,
        slots int not null check (slots > 0),
        taken int not null default 0 check (taken >= 0 and taken <= slots),
        status text not null check (status in ('open', 'cancelled')),
        created_at timestamptz not null,
        check (ends_at > starts_at)
      )`,
      `create index volunteer_tasks_community on cogov.volunteer_tasks (community_id, starts_at)`,
      // One sign-up per resident and task; the code is what the organiser scans at the place.
      `create table cogov.volunteer_signups (
        task_id uuid not null references cogov.volunteer_tasks (id),
        account_id uuid not null,
        display_name text not null,
        code text not null unique,
        status text not null check (status in ('signed_up', 'withdrawn', 'checked_in', 'checked_out')),
        signed_up_at timestamptz not null,
        checked_in_at timestamptz,
        checked_out_at timestamptz,
        minutes int check (minutes >= 0),
        primary key (task_id, account_id)
      )`,
      `create index volunteer_signups_account on cogov.volunteer_signups (account_id, signed_up_at)`,
      // Participation points: the rules are data (per community, or the city's default when community_id is null).
      `create table cogov.point_rules (
        id uuid primary key,
        community_id uuid,
        kind text not null check (kind in ('proposal_adopted', 'vote_cast', 'volunteer_hour', 'comment_adopted')),
        points int not null check (points >= 0 and points <= 1000),
        updated_at timestamptz not null,
        updated_by uuid
      )`,
      `create unique index point_rules_scope on cogov.point_rules (coalesce(community_id::text, ''), kind)`,
      `insert into cogov.point_rules (id, community_id, kind, points, updated_at) values
        ('01930000-0000-7000-8000-000000000001', null, 'proposal_adopted', 20, '2026-12-03T00:00:00Z'),
        ('01930000-0000-7000-8000-000000000002', null, 'vote_cast', 2, '2026-12-03T00:00:00Z'),
        ('01930000-0000-7000-8000-000000000003', null, 'volunteer_hour', 10, '2026-12-03T00:00:00Z'),
        ('01930000-0000-7000-8000-000000000004', null, 'comment_adopted', 5, '2026-12-03T00:00:00Z')`,
      // The points ledger: append-only; (kind, source_ref) unique so a redelivered event counts once.
      `create table cogov.point_entries (
        id uuid primary key,
        region_code text not null,
        community_id uuid,
        account_id uuid not null,
        kind text not null,
        source_ref text not null,
        points int not null,
        at timestamptz not null,
        unique (kind, source_ref, account_id)
      )`,
      `create index point_entries_community on cogov.point_entries (community_id, account_id)`,
      `create index point_entries_account on cogov.point_entries (account_id, at)`,
      `create trigger point_entries_append_only before update or delete on cogov.point_entries
        for each row execute function platform.refuse_change()`,
      `create trigger point_entries_no_truncate before truncate on cogov.point_entries
        for each statement execute function platform.refuse_change()`,
      // Who keeps out of the public ranking (a row means: do not show me).
      `create table cogov.ranking_opt_outs (
        account_id uuid primary key,
        since timestamptz not null
      )`,
      // Community notices (通知公告).
      `create table cogov.notices (
        id uuid primary key,
        region_code text not null,
        community_id uuid not null,
        title text not null,
        body text not null,
        important boolean not null default false,
        published_by uuid not null,
        publisher_name text not null,
        published_at timestamptz not null,
        withdrawn_at timestamptz
      )`,
      `create index notices_community on cogov.notices (community_id, published_at desc)`,
      `create table cogov.notice_reads (
        notice_id uuid not null references cogov.notices (id),
        account_id uuid not null,
        read_at timestamptz not null,
        primary key (notice_id, account_id)
      )`,
    ],
  },
  {
    id: '202612031040_cogov_patrols',
    up: [
      // A grid worker's patrol: route (points), time, what was found.
      `create table cogov.patrols (
        id uuid primary key,
        region_code text not null,
        community_id uuid,
        grid_id uuid not null,
        account_id uuid not null,
        worker_name text not null,
        started_at timestamptz not null,
        ended_at timestamptz not null,
        route jsonb not null,
        distance_m int not null,
        note text,
        idempotency_key text,
        created_at timestamptz not null,
        unique (account_id, idempotency_key),
        check (ended_at > started_at)
      )`,
      `create index patrols_grid on cogov.patrols (grid_id, started_at desc)`,
      `create table cogov.patrol_findings (
        patrol_id uuid not null references cogov.patrols (id),
        seq int not null,
        category_code text not null,
        description text not null,
        lat double precision,
        lng double precision,
        event_id uuid,
        event_number text,
        primary key (patrol_id, seq)
      )`,
    ],
  },
];
