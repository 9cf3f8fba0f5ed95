import type { Migration } from '../../../platform/migrations.ts';

/** The 12345 hotline's calls. Frozen: add new migrations below; never edit one that has shipped. */
export const hotlineMigrations: Migration[] = [
  {
    id: '202612021830_cityops_hotline',
    up: [
      `create schema if not exists cityops`,
      // The serial of the call's number (RX + the date in China + 6 digits).
      `create sequence cityops.call_number_seq`,
      // One row per call taken at the 12345 desk (来电工单). The caller's phone is sealed, with a
      // blind index to recognise a repeated caller; the answer of an enquiry closed on the spot
      // cites the knowledge-base entry (a catalogue item's guide or one of its FAQ); the rest
      // opened an event (cityops.events, source 'hotline', external_ref = the call's id).
      `create table cityops.calls (
        id uuid primary key,
        number text not null unique,
        region_code text not null,
        type text not null check (type in ('enquiry', 'help', 'complaint', 'report', 'suggestion')),
        caller_phone_enc text not null,
        caller_phone_bidx text not null,
        caller_name_enc text,
        summary text not null,
        category_code text,
        address text,
        lat double precision,
        lng double precision,
        outcome text not null check (outcome in ('answered', 'event')),
        kb_item_code text,
        kb_faq_index integer,
        answer text,
        event_id uuid,
        event_number text,
        repeat_caller boolean not null,
        operator_account_id uuid not null,
        idempotency_key text,
        received_at timestamptz not null,
        closed_at timestamptz,
        check ((outcome = 'answered') = (answer is not null and kb_item_code is not null)),
        check ((outcome = 'event') = (event_id is not null))
      )`,
      `create index calls_region_received on cityops.calls (region_code, received_at desc)`,
      `create index calls_caller on cityops.calls (caller_phone_bidx, received_at desc)`,
      `create index calls_event on cityops.calls (event_id) where event_id is not null`,
      `create unique index calls_idempotency on cityops.calls (operator_account_id, idempotency_key)
        where idempotency_key is not null`,
    ],
  },
];
