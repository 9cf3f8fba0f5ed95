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
  /** POST servicerequestupdates: a client's update_id (per key) and the history entry it made. */
  'cityops.open311_updates': {
    key_id: string;
    /** The client's own id of its update (unique per key: a retry answers the same update). */
    update_id: string;
    event_update_id: string;
    /** When the client says the update was made. */
    updated_datetime: Date;
    /** A link the client gave (not fetched), shown in GET servicerequestupdates. */
    media_url: string | null;
  };
}
