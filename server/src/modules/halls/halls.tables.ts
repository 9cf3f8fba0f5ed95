import type { ColumnType, Generated } from 'kysely';
import type { PlatformTables } from '../../platform/tables.ts';

type Json<T> = ColumnType<T, string, string>;
/** Opening intervals per weekday (0 = Sunday), `[open, close]` as `HH:MM`. */
export type WeekHours = [string, string][][];

export type AppointmentStatus = 'booked' | 'cancelled' | 'checked_in';
export type TicketStatus = 'waiting' | 'called' | 'serving' | 'done' | 'no_show';
export type TicketKind = 'appointment' | 'walk_in';

export interface HallsTables extends PlatformTables {
  'halls.halls': {
    id: string;
    code: string;
    region_code: string;
    name_zh: string;
    name_en: string;
    address_zh: string;
    address_en: string;
    lat: number;
    lng: number;
    hours: Json<WeekHours>;
    slot_minutes: number;
    per_window_capacity: number;
    call_tolerance_minutes: number;
    no_show_after_recalls: number;
    /** A 24-hour self-service area keeps its hours on public holidays too. */
    open_on_holidays: boolean;
    created_at: Date;
  };
  'halls.windows': {
    id: string;
    hall_id: string;
    number: number;
    name_zh: string;
    name_en: string;
    department_code: string;
    comprehensive: boolean;
    item_codes: string[];
    clerk_account_id: string | null;
    opened_at: Date | null;
  };
  'halls.slots': {
    hall_id: string;
    start_at: Date;
    group_code: string;
    day: string;
    capacity: number;
    booked: Generated<number>;
  };
  'halls.appointments': {
    id: string;
    hall_id: string;
    region_code: string;
    account_id: string;
    item_code: string;
    group_code: string;
    day: string;
    start_at: Date;
    status: AppointmentStatus;
    ticket_id: string | null;
    created_at: Date;
    updated_at: Date;
  };
  'halls.tickets': {
    id: string;
    hall_id: string;
    region_code: string;
    day: string;
    number: string;
    kind: TicketKind;
    appointment_id: string | null;
    account_id: string | null;
    item_code: string;
    due_at: Date | null;
    priority: Generated<number>;
    status: TicketStatus;
    window_id: string | null;
    recalls: Generated<number>;
    case_id: string | null;
    created_at: Date;
    called_at: Date | null;
    served_at: Date | null;
    finished_at: Date | null;
  };
  'halls.receipts': {
    case_id: string;
    hall_id: string;
    ticket_id: string;
    window_id: string;
    clerk_account_id: string;
    case_number: string;
    title_zh: string;
    title_en: string;
    applicant_name_masked: string;
    materials: Json<{ code: string; name: { zh: string; en: string } }[]>;
    filed_at: Date;
    due_at: Date | null;
  };
  'halls.ticket_counters': {
    hall_id: string;
    day: string;
    prefix: string;
    last: number;
  };
}
