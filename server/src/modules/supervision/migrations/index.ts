import type { Migration } from '../../../platform/migrations.ts';
import { anomalyMigrations } from './anomalies.ts';
import { deadlinesMigrations } from './deadlines.ts';
import { statisticsMigrations } from './statistics.ts';

/** Frozen. Add new migrations below; never edit one that has shipped. */
export const supervisionMigrations: Migration[] = [
  {
    id: '202612020200_supervision_ratings',
    up: [
      `create schema if not exists supervision`,
      // 评价邀请: one per case once it completes, is rejected or withdrawn; open for 30 days.
      `create table supervision.invitations (
        case_id text primary key,
        case_number text not null,
        region_code text not null,
        department_code text not null,
        item_code text not null,
        item_name_zh text not null,
        item_name_en text not null,
        outcome text not null check (outcome in ('completed', 'rejected', 'withdrawn')),
        rater_account_id uuid not null,
        enterprise_id uuid,
        invited_at timestamptz not null,
        expires_at timestamptz not null
      )`,
      `create index invitations_rater on supervision.invitations (rater_account_id, invited_at desc)`,
      // 窗口评价器: a window visit a clerk records; the applicant rates it on the device.
      `create table supervision.window_visits (
        id uuid primary key,
        visit_number text not null unique,
        region_code text not null,
        department_code text not null,
        item_code text not null,
        item_name_zh text not null,
        item_name_en text not null,
        case_number text,
        clerk_account_id uuid,
        created_at timestamptz not null
      )`,
      `create index window_visits_department on supervision.window_visits (region_code, department_code, created_at)`,
      // 好差评: append-only. A case's rating (kind 'rating') or the rater's verdict on a fix ('callback').
      `create table supervision.ratings (
        id uuid primary key,
        kind text not null check (kind in ('rating', 'callback')),
        channel text not null check (channel in ('app', 'window')),
        case_id text,
        visit_id uuid references supervision.window_visits (id),
        ticket_id uuid,
        case_number text not null,
        region_code text not null,
        department_code text not null,
        item_code text not null,
        item_name_zh text not null,
        item_name_en text not null,
        score smallint not null check (score between 1 and 5),
        indicators jsonb not null,
        comment text,
        rater_account_id uuid,
        rated_at timestamptz not null,
        check (num_nonnulls(case_id, visit_id, ticket_id) = 1)
      )`,
      `create unique index ratings_one_per_case on supervision.ratings (case_id) where kind = 'rating' and case_id is not null`,
      `create unique index ratings_one_per_visit on supervision.ratings (visit_id) where visit_id is not null`,
      `create unique index ratings_one_callback on supervision.ratings (ticket_id) where kind = 'callback'`,
      `create index ratings_department on supervision.ratings (region_code, department_code, rated_at)`,
      `create trigger ratings_append_only before update or delete on supervision.ratings
        for each row execute function platform.refuse_change()`,
      `create trigger ratings_no_truncate before truncate on supervision.ratings
        for each statement execute function platform.refuse_change()`,
      // 差评整改: a ticket per bad rating, for the unit that handled the case.
      `create table supervision.tickets (
        id uuid primary key,
        ticket_number text not null unique,
        rating_id uuid not null unique references supervision.ratings (id),
        case_number text not null,
        region_code text not null,
        department_code text not null,
        item_code text not null,
        item_name_zh text not null,
        item_name_en text not null,
        score smallint not null,
        comment text,
        rater_account_id uuid,
        status text not null check (status in ('open', 'appealed', 'fixed', 'closed', 'voided')),
        due_at timestamptz not null,
        escalated_at timestamptz,
        explanation text,
        fixed_at timestamptz,
        appeal_reason text,
        appeal_evidence text,
        appealed_at timestamptz,
        decision text check (decision in ('upheld', 'dismissed')),
        decision_note text,
        decided_at timestamptz,
        callback_score smallint,
        closed_at timestamptz,
        created_at timestamptz not null,
        updated_at timestamptz not null
      )`,
      `create index tickets_department on supervision.tickets (region_code, department_code, status, created_at desc)`,
      `create index tickets_rater on supervision.tickets (rater_account_id) where status = 'fixed'`,
      `create sequence supervision.ticket_seq`,
      `create sequence supervision.visit_seq`,
    ],
  },
  ...deadlinesMigrations,
  ...anomalyMigrations,
  ...statisticsMigrations,
  {
    id: '202612021500_supervision_rating_parts',
    up: [
      // The parts of a case a rating credits: each service item (and so each department) that handled
      // part of it. A bundle case (一件事) is rated once and credits every department of its items.
      `create table supervision.invitation_parts (
        case_id text not null references supervision.invitations (case_id),
        region_code text not null,
        department_code text not null,
        item_code text not null,
        item_name_zh text not null,
        item_name_en text not null,
        primary key (case_id, item_code)
      )`,
      `insert into supervision.invitation_parts (case_id, region_code, department_code, item_code, item_name_zh, item_name_en)
        select case_id, region_code, department_code, item_code, item_name_zh, item_name_en from supervision.invitations`,
      `create index invitation_parts_department on supervision.invitation_parts (region_code, department_code)`,
      // Append-only like the ratings: the departments and items a rating (kind 'rating') counts for.
      `create table supervision.rating_parts (
        rating_id uuid not null references supervision.ratings (id),
        region_code text not null,
        department_code text not null,
        item_code text not null,
        item_name_zh text not null,
        item_name_en text not null,
        score smallint not null check (score between 1 and 5),
        primary key (rating_id, item_code)
      )`,
      `insert into supervision.rating_parts (rating_id, region_code, department_code, item_code, item_name_zh, item_name_en, score)
        select id, region_code, department_code, item_code, item_name_zh, item_name_en, score
        from supervision.ratings where kind = 'rating'`,
      `create index rating_parts_department on supervision.rating_parts (region_code, department_code)`,
      `create trigger rating_parts_append_only before update or delete on supervision.rating_parts
        for each row execute function platform.refuse_change()`,
      `create trigger rating_parts_no_truncate before truncate on supervision.rating_parts
        for each statement execute function platform.refuse_change()`,
      // A bad rating of a bundle opens one ticket per department that handled part of it.
      `alter table supervision.tickets drop constraint tickets_rating_id_key`,
      `alter table supervision.tickets add constraint tickets_rating_department unique (rating_id, department_code)`,
    ],
  },
];
