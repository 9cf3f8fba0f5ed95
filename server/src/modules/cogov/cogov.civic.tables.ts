/** Kysely types of the civic parts' tables: public comment, volunteers, points, patrols, notices (migrations/civic.ts). */
import type { ColumnType } from 'kysely';
import type { PlatformTables } from '../../platform/tables.ts';

/** A patrol's route: [lat, lng] points in order (jsonb; written as JSON text). */
export type RoutePoints = [number, number][];

export type DraftStatus = 'open' | 'responded' | 'withdrawn';
export type CommentDecision = 'adopted' | 'partly_adopted' | 'not_adopted';
export type SignupStatus = 'signed_up' | 'withdrawn' | 'checked_in' | 'checked_out';
export type PointKind = 'proposal_adopted' | 'vote_cast' | 'volunteer_hour' | 'comment_adopted';
export const POINT_KINDS = ['proposal_adopted', 'vote_cast', 'volunteer_hour', 'comment_adopted'] as const;

export interface CivicTables extends PlatformTables {
  'cogov.policy_drafts': {
    id: string;
    region_code: string;
    department_code: string;
    department_name: string;
    title: string;
    summary: string;
    opens_at: Date;
    closes_at: Date;
    status: DraftStatus;
    response_summary: string | null;
    responded_at: Date | null;
    responded_by: string | null;
    created_by: string;
    created_at: Date;
  };
  'cogov.policy_articles': { draft_id: string; seq: number; heading: string; body: string };
  'cogov.policy_comments': {
    id: string;
    draft_id: string;
    article_seq: number;
    author_account_id: string;
    author_name: string;
    enterprise_id: string | null;
    enterprise_name: string | null;
    body: string;
    created_at: Date;
    idempotency_key: string | null;
    hidden: boolean;
    decision: CommentDecision | null;
    decision_reason: string | null;
    decided_at: Date | null;
  };
  'cogov.volunteer_tasks': {
    id: string;
    region_code: string;
    community_id: string;
    organiser_account_id: string;
    organiser_name: string;
    title: string;
    description: string;
    place: string;
    skills: string[];
    starts_at: Date;
    ends_at: Date;
    slots: number;
    taken: number;
    status: 'open' | 'cancelled';
    created_at: Date;
  };
  'cogov.volunteer_signups': {
    task_id: string;
    account_id: string;
    display_name: string;
    code: string;
    status: SignupStatus;
    signed_up_at: Date;
    checked_in_at: Date | null;
    checked_out_at: Date | null;
    minutes: number | null;
  };
  'cogov.point_rules': {
    id: string;
    community_id: string | null;
    kind: PointKind;
    points: number;
    updated_at: Date;
    updated_by: string | null;
  };
  'cogov.point_entries': {
    id: string;
    region_code: string;
    community_id: string | null;
    account_id: string;
    kind: PointKind;
    source_ref: string;
    points: number;
    at: Date;
  };
  'cogov.ranking_opt_outs': { account_id: string; since: Date };
  'cogov.patrols': {
    id: string;
    region_code: string;
    community_id: string | null;
    grid_id: string;
    account_id: string;
    worker_name: string;
    started_at: Date;
    ended_at: Date;
    route: ColumnType<RoutePoints, string, string>;
    distance_m: number;
    note: string | null;
    idempotency_key: string | null;
    created_at: Date;
  };
  'cogov.patrol_findings': {
    patrol_id: string;
    seq: number;
    category_code: string;
    description: string;
    lat: number | null;
    lng: number | null;
    event_id: string | null;
    event_number: string | null;
  };
  'cogov.notices': {
    id: string;
    region_code: string;
    community_id: string;
    title: string;
    body: string;
    important: boolean;
    published_by: string;
    publisher_name: string;
    published_at: Date;
    withdrawn_at: Date | null;
  };
  'cogov.notice_reads': { notice_id: string; account_id: string; read_at: Date };
}
