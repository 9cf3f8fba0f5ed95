import type { Migration } from '../../../platform/migrations.ts';

/** Frozen. Add new migrations below; never edit one that has shipped. */
export const hallsMigrations: Migration[] = [
  {
    id: '202612100040_halls_service_halls',
    up: [
      `create schema if not exists halls`,
      // Service halls (政务服务中心, 便民服务中心): where people are served in person.
      // hours: seven lists (Sunday..Saturday) of [open, close] intervals, 'HH:MM' in the city's time zone.
      `create table halls.halls (
        id uuid primary key,
        code text not null unique check (code ~ '^[a-z0-9-]{2,40}$'),
        region_code text not null,
        name_zh text not null,
        name_en text not null,
        address_zh text not null,
        address_en text not null,
        lat double precision not null check (lat between -90 and 90),
        lng double precision not null check (lng between -180 and 180),
        hours jsonb not null,
        slot_minutes integer not null check (slot_minutes between 10 and 120),
        per_window_capacity integer not null check (per_window_capacity between 1 and 100),
        call_tolerance_minutes integer not null check (call_tolerance_minutes between 0 and 120),
        no_show_after_recalls integer not null check (no_show_after_recalls between 0 and 10),
        open_on_holidays boolean not null default false,
        created_at timestamptz not null
      )`,
      // Windows (窗口): a department's, handling the listed items, or a comprehensive one (综合窗口) handling all.
      `create table halls.windows (
        id uuid primary key,
        hall_id uuid not null references halls.halls (id),
        number integer not null check (number between 1 and 999),
        name_zh text not null,
        name_en text not null,
        department_code text not null,
        comprehensive boolean not null,
        item_codes text[] not null,
        clerk_account_id uuid,
        opened_at timestamptz,
        unique (hall_id, number)
      )`,
      // Appointment slots, made when first booked: one row per hall, start and item group (the
      // department of the items); booked never passes capacity (the check and the conditional update).
      `create table halls.slots (
        hall_id uuid not null references halls.halls (id),
        start_at timestamptz not null,
        group_code text not null,
        day text not null,
        capacity integer not null check (capacity >= 0),
        booked integer not null default 0 check (booked >= 0 and booked <= capacity),
        primary key (hall_id, start_at, group_code)
      )`,
      `create table halls.appointments (
        id uuid primary key,
        hall_id uuid not null references halls.halls (id),
        region_code text not null,
        account_id uuid not null,
        item_code text not null,
        group_code text not null,
        day text not null,
        start_at timestamptz not null,
        status text not null check (status in ('booked', 'cancelled', 'checked_in')),
        ticket_id uuid,
        created_at timestamptz not null,
        updated_at timestamptz not null
      )`,
      // One live booking per person, item and day.
      `create unique index appointments_one_per_day on halls.appointments (account_id, item_code, day)
        where status <> 'cancelled'`,
      `create index appointments_account on halls.appointments (account_id, start_at desc)`,
      // Queue numbers (取号): A001 by appointment, B001 walk-in, per hall and day.
      `create table halls.tickets (
        id uuid primary key,
        hall_id uuid not null references halls.halls (id),
        region_code text not null,
        day text not null,
        number text not null,
        kind text not null check (kind in ('appointment', 'walk_in')),
        appointment_id uuid,
        account_id uuid,
        item_code text not null,
        due_at timestamptz,
        priority integer not null default 0,
        status text not null check (status in ('waiting', 'called', 'serving', 'done', 'no_show')),
        window_id uuid references halls.windows (id),
        recalls integer not null default 0,
        case_id uuid,
        created_at timestamptz not null,
        called_at timestamptz,
        served_at timestamptz,
        finished_at timestamptz,
        unique (hall_id, day, number)
      )`,
      `create index tickets_hall_day_status on halls.tickets (hall_id, day, status, created_at)`,
      // Acceptance receipts (受理回执) of cases filed at a window: what the printed receipt shows.
      `create table halls.receipts (
        case_id uuid primary key,
        hall_id uuid not null references halls.halls (id),
        ticket_id uuid not null references halls.tickets (id),
        window_id uuid not null references halls.windows (id),
        clerk_account_id uuid not null,
        case_number text not null,
        title_zh text not null,
        title_en text not null,
        applicant_name_masked text not null,
        materials jsonb not null,
        filed_at timestamptz not null,
        due_at timestamptz
      )`,
      `create table halls.ticket_counters (
        hall_id uuid not null references halls.halls (id),
        day text not null,
        prefix text not null,
        last integer not null,
        primary key (hall_id, day, prefix)
      )`,
    ],
  },
];
