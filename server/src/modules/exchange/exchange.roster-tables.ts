/** Tables of the community roster (实有人口), the population registry's roster part. */
import type { PlatformTables } from '../../platform/tables.ts';

/** A resident of a community: every personal field sealed, the ID number with a blind index. */
interface RosterRow {
  region_code: string;
  id: string;
  /** org's community and grid ids (org owns the structure; no cross-schema keys). */
  community_id: string;
  grid_id: string | null;
  name_enc: string;
  gender: 'M' | 'F';
  birth_year: number;
  id_number_enc: string;
  id_number_index: string;
  phone_enc: string | null;
  address_enc: string | null;
  created_at: Date;
}

export interface RosterTables extends PlatformTables {
  'exchange.residents': RosterRow;
  /**
   * Rows moved from org.residents by the migration, with the name still in clear: the module
   * seals them into exchange.residents when it starts (a migration is SQL and cannot seal), and
   * the table is empty from then on.
   */
  'exchange.roster_import': Omit<RosterRow, 'name_enc'> & { name: string };
}
