/** Tables of the Open311 part of cityops: the API keys issued to Open311 clients (apps, city systems). */
export interface CityopsOpen311Tables {
  'cityops.open311_keys': {
    id: string;
    region_code: string;
    /** Who the key is for (an app, a partner system). */
    name: string;
    contact: string;
    /** The key's first characters, shown in the console to tell keys apart. */
    key_prefix: string;
    /** SHA-256 (hex) of the whole key: the key itself is shown once and never stored. */
    key_hash: string;
    created_at: Date;
    created_by: string;
    revoked_at: Date | null;
    revoked_by: string | null;
    last_used_at: Date | null;
  };
}

/**
 * The columns of core's tables that Open311 reads (the same module's tables: cityops.tables.ts
 * has them all).
 */
export interface Open311ReadTables extends CityopsOpen311Tables {
  'cityops.categories': {
    code: string;
    name: string;
    name_en: string;
    group_name: string;
    group_name_en: string;
    description: string;
    description_en: string;
    department_code: string;
    keywords: string[];
    attributes: unknown;
    anonymous_allowed: boolean;
    active: boolean;
  };
  'cityops.events': {
    id: string;
    number: string;
    status: string;
    category_code: string;
    description: string;
    address: string | null;
    lat: number | null;
    lng: number | null;
    opened_at: Date;
    updated_at: Date;
    closed_at: Date | null;
    deadline_at: Date | null;
    close_note: string | null;
    department_id: string | null;
    merged_into: string | null;
    token: string | null;
  };
  'cityops.event_updates': {
    id: string;
    event_id: string;
    at: Date;
    status_after: string;
    note: string | null;
    public: boolean;
  };
}
