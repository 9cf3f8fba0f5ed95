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
