import type { Migration } from '../../../platform/migrations.ts';

/** The city screen (城市运行大屏). Frozen once shipped. */
export const screenMigration: Migration = {
  id: '202612021840_cityops_screen',
  up: [
    // The live feed between nodes: a node that delivers a module event appends what the
    // screens must hear; every node with open streams reads what others appended. Rows
    // live minutes (pruned by the readers), so the table stays a few pages.
    `create table cityops.screen_feed (
        seq bigserial primary key,
        at timestamptz not null,
        node text not null,
        kind text not null check (kind in ('event', 'sensor', 'call')),
        region_code text not null,
        payload text not null
      )`,
    `create index screen_feed_at on cityops.screen_feed (at)`,
    // The screen's figures by day of closing (time-limit compliance, closed per day): an
    // index the operators' lists do not need.
    `create index events_screen_closed on cityops.events (region_code, closed_at) include (deadline_at)
        where closed_at is not null`,
    // Events opened in a window (trend, top categories, heat) of a region, read from the index alone.
    `create index events_screen_opened on cityops.events (region_code, opened_at) include (category_code, status, lat, lng)`,
  ],
};

/**
 * The city screen's per-day counters (issue 13: the first load under a second with a million
 * events): kept in the transaction of each event change (cityops.screen.counters.ts), rebuilt
 * from the events once where they are missing. Frozen once shipped.
 */
export const screenCountsMigration: Migration = {
  id: '202612030800_cityops_screen_counts',
  up: [
    // One row per region, figure, local day and key (a status, category, source, heat cell, or
    // '' for plain counts); n is the sum of the changes' deltas.
    `create table cityops.screen_counts (
        region_code text not null,
        metric text not null,
        day text not null,
        key text not null,
        n bigint not null,
        primary key (region_code, metric, day, key)
      )`,
    // Set when the counters were rebuilt from the events; until then the screen rebuilds them first.
    `create table cityops.screen_counts_state (
        id int primary key check (id = 1),
        rebuilt_at timestamptz not null,
        events bigint not null
      )`,
    // Unfinished events due today and already past it: the one figure the counters leave to the events.
    `create index events_screen_due on cityops.events (region_code, deadline_at)
        where status in ('open', 'dispatched', 'processing', 'returned') and deadline_at is not null`,
    // The figures no longer scan the events by opening or closing time.
    `drop index cityops.events_screen_closed`,
    `drop index cityops.events_screen_opened`,
  ],
};
