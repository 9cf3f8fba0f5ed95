import type { Generated } from 'kysely';
import type { PlatformTables } from '../../platform/tables.ts';

export interface OrgTables extends PlatformTables {
  'org.regions': { code: string; name: string; name_en: string; level: string; parent_code: string | null };
  'org.departments': {
    id: string;
    code: string;
    name: string;
    name_en: string;
    short_name: string;
    region_code: string;
    uscc: string | null;
    created_at: Date;
  };
  'org.communities': {
    id: string;
    code: string;
    name: string;
    name_en: string;
    region_code: string;
    lat: number | null;
    lng: number | null;
    resident_count: Generated<number>;
    created_at: Date;
  };
  'org.grids': {
    id: string;
    code: string;
    community_id: string;
    name: string;
    name_en: string;
    resident_count: Generated<number>;
  };
  'org.staff_posts': {
    id: string;
    account_id: string;
    department_id: string | null;
    region_code: string;
    community_id: string | null;
    grid_id: string | null;
    title: string;
    roles: string[];
    created_at: Date;
    ended_at: Date | null;
  };
}
