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
  /** Other words people search for it by (开公司, 生孩子, 上户口). */
  keywords?: string[];
  /**
   * Order between the parts (items): an item waits for the items it comes `after`, or whose
   * result it needs (`needsResultOf`: 出生登记 needs 出生医学证明); the others run in parallel.
   */
  order?: BundleOrder[];
  /** The merged form's sections, each naming its fields by key; fields not named follow in the items' sections. */
  sections?: { title: { zh: string; en: string }; fields: string[] }[];
  /** Materials of different items that are one material in this bundle (e.g. the parents' ID cards). */
  sameMaterials?: { code: string; name: { zh: string; en: string }; codes: string[] }[];
}

export interface BundleOrder {
  itemCode: string;
  after?: string[];
  needsResultOf?: string[];
}
