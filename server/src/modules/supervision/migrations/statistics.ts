import type { Migration } from '../../../platform/migrations.ts';

/** Frozen. Efficiency statistics (统计分析): a per-case ledger and per-week counters, kept incrementally. */
export const statisticsMigrations: Migration[] = [
  {
    id: '202612021420_supervision_statistics',
    up: [
      // What the counters already hold of each case: a redelivered event finds its transition applied.
      `create table supervision.stat_cases (
        case_id text primary key,
        region_code text not null,
        department_code text not null,
        item_code text not null,
        channel text not null check (channel in ('online', 'window')),
        zero_visit boolean not null,
        fully_online boolean not null,
        submitted_at timestamptz not null,
        closed_at timestamptz,
        outcome text check (outcome in ('completed', 'rejected', 'withdrawn')),
        handling_hours double precision,
        limit_hours double precision
      )`,
      // Counters per (region, department, item, ISO week starting Monday in the city's time zone), with
      // roll-up rows per department (item '*') and per region (department and item '*').
      // Submitted counts in the week of filing; closings, handling time and shares in the week closed;
      // ratings in the week rated. hist: decided cases per handling-time bucket (supervision.statistics.ts).
      `create table supervision.stat_weeks (
        region_code text not null,
        department_code text not null,
        item_code text not null,
        week date not null,
        submitted integer not null default 0,
        closed integer not null default 0,
        decided integer not null default 0,
        completed integer not null default 0,
        handling_hours double precision not null default 0,
        limited integer not null default 0,
        limit_hours double precision not null default 0,
        on_time integer not null default 0,
        zero_visit integer not null default 0,
        fully_online integer not null default 0,
        hist integer[] not null,
        ratings integer not null default 0,
        good integer not null default 0,
        bad integer not null default 0,
        primary key (region_code, department_code, item_code, week)
      )`,
      `create index stat_weeks_region_week on supervision.stat_weeks (region_code, week)`,
    ],
  },
];
