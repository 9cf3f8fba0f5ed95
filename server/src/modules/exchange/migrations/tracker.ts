import type { Migration } from '../../../platform/migrations.ts';

/**
 * The data tracker's migrations (helper 3's part of exchange), appended to exchangeMigrations.
 * Frozen. Add new migrations below; never edit one that has shipped.
 */
export const trackerMigrations: Migration[] = [
  {
    id: '202612020530_exchange_tracker_keyset',
    up: [
      // The tracker's page is `subject_index = $1 and (at, id) < ($2, $3) order by at desc, id desc
      // limit n`: one range scan of this index, the id breaking ties of one instant. It serves
      // the old (subject_index, at) look-ups too, so that one goes (one index less on every read logged).
      `create index personal_data_access_subject_keyset on platform.personal_data_access (subject_index, at desc, id desc)`,
      `drop index platform.personal_data_access_subject`,
    ],
  },
  {
    id: '202612020531_exchange_access_hidings',
    up: [
      // Law enforcement hides a read of theirs from the person until a date (the log itself is
      // append-only). Append-only too: a hiding is extended by another, never shortened or removed.
      `create table exchange.access_hidings (
        id uuid primary key,
        entry_id uuid not null,
        hidden_until timestamptz not null,
        reason text not null,
        department_code text not null,
        hidden_by uuid not null,
        created_at timestamptz not null
      )`,
      `create index access_hidings_entry on exchange.access_hidings (entry_id, hidden_until)`,
      `create trigger access_hidings_append_only before update or delete on exchange.access_hidings
        for each row execute function platform.refuse_change()`,
      `create trigger access_hidings_no_truncate before truncate on exchange.access_hidings
        for each statement execute function platform.refuse_change()`,
    ],
  },
  {
    id: '202612021040_exchange_tracker_covering',
    up: [
      // The tracker's columns ride in the index, so a page and every filter is an index-only
      // scan of the person's entries, which lie together there, instead of one heap page per
      // entry scattered over a year of everyone's reads (bench:tracker: p99 from 165 ms to a few
      // ms with 10,000,000 rows). The price is a wider index entry for every read logged.
      `create index personal_data_access_tracker on platform.personal_data_access (subject_index, at desc, id desc)
        include (accessor_name, organisation, purpose, fields, resource_type, subject_kind, department_code,
          system_id, legal_basis, case_number, outcome, refusal, hidden_until)`,
      `drop index platform.personal_data_access_subject_keyset`,
    ],
  },
];
