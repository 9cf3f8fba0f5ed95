import type { Generated } from 'kysely';

/**
 * The city screen's own table: the live feed that carries screen updates from the node that
 * delivered a module event to every other node's open streams (cityops.screen.live.ts).
 */
export interface ScreenTables {
  'cityops.screen_feed': {
    /** bigserial: the order every node reads the feed in. */
    seq: Generated<number>;
    at: Date;
    /** The node (process) that wrote the row: it has already pushed it to its own streams. */
    node: string;
    kind: 'event' | 'sensor' | 'call';
    region_code: string;
    payload: string;
  };
}
