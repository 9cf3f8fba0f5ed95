/** Kysely types of the cogov core's tables (other parts add `cogov.<part>.tables.ts`). */
import type { ColumnType, Generated } from 'kysely';
import type { PhotoRef } from '../../platform/photos.ts';
import type { PlatformTables } from '../../platform/tables.ts';

export type AuthorDisplay = 'real' | 'masked' | 'pseudonym';
export type ProposalStatus = 'open' | 'awaiting_answer' | 'accepted' | 'declined';
export type ConsultationScope = 'community' | 'grid' | 'city';
export type ReviewStatus = 'pending' | 'hidden' | 'restored';

export interface CogovTables extends PlatformTables {
  'cogov.community_settings': {
    community_id: string;
    region_code: string;
    support_threshold: number;
    support_days: number;
    answer_working_days: number;
    hide_after_flags: number;
    updated_at: Date;
  };
  'cogov.pseudonyms': { account_id: string; community_id: string; pseudonym: string; created_at: Date };
  'cogov.proposals': {
    id: string;
    region_code: string;
    community_id: string;
    author_account_id: string;
    author_resident_id: string;
    author_display: AuthorDisplay;
    author_shown: string;
    title: string;
    body: string;
    category: string;
    lat: number | null;
    lng: number | null;
    address: string | null;
    /** jsonb: read as the photos, written as their JSON text. */
    photos: ColumnType<PhotoRef[], string | undefined, string>;
    status: ProposalStatus;
    support_count: Generated<number>;
    threshold: number;
    support_until: Date;
    threshold_reached_at: Date | null;
    answer_due_at: Date | null;
    answered_at: Date | null;
    answered_by: string | null;
    answer: string | null;
    plan: string | null;
    escalated_at: Date | null;
    linked_event_number: string | null;
    linked_case_number: string | null;
    hidden: Generated<boolean>;
    created_at: Date;
    /** The Idempotency-Key it was filed with and the request's hash (platform/idempotency.ts). */
    idempotency_key: string | null;
    request_hash: string | null;
    edited_at: Date | null;
  };
  'cogov.proposal_supports': { proposal_id: string; resident_id: string; account_id: string; created_at: Date };
  'cogov.proposal_follows': { proposal_id: string; account_id: string; created_at: Date };
  'cogov.proposal_comments': {
    id: string;
    proposal_id: string;
    parent_id: string | null;
    author_account_id: string;
    author_shown: string;
    body: string;
    hidden: Generated<boolean>;
    created_at: Date;
  };
  'cogov.consultations': {
    id: string;
    region_code: string;
    community_id: string | null;
    scope: ConsultationScope;
    grid_id: string | null;
    min_age: number | null;
    title: string;
    background: string;
    documents: Generated<{ title: string; url: string }[]>;
    options: { key: string; label: string; labelEn: string }[];
    opens_at: Date;
    closes_at: Date;
    created_by: string;
    created_at: Date;
    tallied_at: Date | null;
    result: ConsultationResult | null;
    receipts_sha256: string | null;
    decision: string | null;
    decided_at: Date | null;
    decided_by: string | null;
  };
  'cogov.voters': { consultation_id: string; resident_id: string; commitment: string };
  'cogov.ballots': { consultation_id: string; receipt: string; choice: string; mixed: Generated<boolean> };
  'cogov.flags': { kind: string; content_id: string; account_id: string; reason: string; created_at: Date };
  'cogov.reviews': {
    id: string;
    kind: string;
    content_id: string;
    region_code: string;
    community_id: string | null;
    author_account_id: string | null;
    excerpt: string;
    status: ReviewStatus;
    flag_count: Generated<number>;
    opened_at: Date;
    decided_at: Date | null;
    decided_by: string | null;
    reason: string | null;
    appeal_text: string | null;
    appealed_at: Date | null;
    appeal_status: 'pending' | 'upheld' | 'overturned' | null;
    appeal_decided_at: Date | null;
    appeal_decided_by: string | null;
    appeal_reason: string | null;
  };
}

/** A consultation's published result. */
export interface ConsultationResult {
  counts: Record<string, number>;
  ballots: number;
  voters: number;
  eligible: number;
  /** voters / eligible, 0..1 (0 when none eligible). */
  turnout: number;
}
