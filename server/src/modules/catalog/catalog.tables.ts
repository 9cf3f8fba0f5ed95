import type { ColumnType } from 'kysely';
import type { PlatformTables } from '../../platform/tables.ts';
import type { ServiceItemData } from './catalog.types.ts';

type Json<T> = ColumnType<T, string, string>;

export interface CatalogTables extends PlatformTables {
  'catalog.items': {
    id: string;
    code: string;
    version: number;
    department_code: string;
    region_code: string;
    status: 'published' | 'retired';
    name_zh: string;
    name_en: string;
    data: Json<ServiceItemData>;
    effective_from: Date;
    effective_to: Date | null;
    created_at: Date;
    created_by: string | null;
  };
  'catalog.item_uses': { code: string; uses: number };
  'catalog.bundles': { code: string; name_zh: string; name_en: string; data: Json<BundleData>; updated_at: Date };
}

export interface BundleData {
  code: string;
  name: { zh: string; en: string };
  description: { zh: string; en: string };
  itemCodes: string[];
}
