import type { ColumnType } from 'kysely';
import type { TimeLimit } from '../../platform/calendar.ts';
import type { PhotoRef } from '../../platform/photos.ts';
import type { PlatformTables } from '../../platform/tables.ts';
import type { CityopsOpen311Tables } from './cityops.open311.tables.ts';

/** A jsonb column: read as T, written as its JSON text. */
type Json<T> = ColumnType<T, string, string>;

export const EVENT_SOURCES = ['citizen', 'hotline', 'open311', 'sensor', 'patrol'] as const;
export type EventSource = (typeof EVENT_SOURCES)[number];
export const EVENT_STATUSES = ['open', 'dispatched', 'processing', 'closed', 'merged', 'returned'] as const;
export type EventStatus = (typeof EVENT_STATUSES)[number];
export const UPDATE_KINDS = [
  'opened',
  'dispatched',
  'reassigned',
  'returned',
  'escalated',
  'co_assigned',
  'accepted',
  'note',
  'closed',
  'rated',
  'reopened',
  'merged',
] as const;
export type UpdateKind = (typeof UPDATE_KINDS)[number];

/** A photo of an event: an upload of the platform's upload facility. */
export type { PhotoRef };

/**
 * The cityops tables. Each other part of the module declares its own in `cityops.<part>.tables.ts`
 * and adds one `extends` line here.
 */
export interface CityopsTables extends PlatformTables, CityopsOpen311Tables {
  'cityops.categories': {
    code: string;
    name: string;
    name_en: string;
    group_name: string;
    group_name_en: string;
    description: string;
    description_en: string;
    department_code: string;
    urgent: boolean;
    time_limit: Json<TimeLimit>;
    anonymous_allowed: boolean;
    keywords: string[];
    attributes: Json<unknown[]>;
    sensor_type: string | null;
    active: boolean;
  };
  'cityops.events': {
    id: string;
    number: string;
    region_code: string;
    source: EventSource;
    category_code: string;
    description: string;
    lat: number | null;
    lng: number | null;
    address: string | null;
    community_id: string | null;
    grid_id: string | null;
    department_id: string | null;
    co_department_ids: string[];
    status: EventStatus;
    urgent: boolean;
    deadline_at: Date | null;
    reporter_account_id: string | null;
    anonymous: boolean;
    contact_name_enc: string | null;
    contact_phone_enc: string | null;
    contact_email_enc: string | null;
    contact_phone_bidx: string | null;
    photos: Json<PhotoRef[]>;
    close_note: string | null;
    close_photos: Json<PhotoRef[]>;
    closed_at: Date | null;
    closed_by: string | null;
    merged_into: string | null;
    rating: number | null;
    rating_comment: string | null;
    reopen_until: Date | null;
    external_ref: string | null;
    token: string | null;
    idempotency_key: string | null;
    opened_at: Date;
    updated_at: Date;
    version: number;
  };
  'cityops.event_updates': {
    id: string;
    event_id: string;
    at: Date;
    kind: UpdateKind;
    status_after: EventStatus;
    actor_account_id: string | null;
    note: string | null;
    photos: Json<PhotoRef[]>;
    public: boolean;
  };
  'cityops.followers': { event_id: string; account_id: string; since: Date };
}
