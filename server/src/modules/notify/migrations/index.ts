import type { Migration } from '../../../platform/migrations.ts';

/** Frozen. Add new migrations below; never edit one that has shipped. */
export const notifyMigrations: Migration[] = [
  {
    id: '202611270100_notify_inbox',
    up: [
      `create schema if not exists notify`,
      // One row per message in one account's inbox. An event delivered twice (the outbox
      // delivers at least once) makes one message: (source_event_id, account_id) is unique.
      `create table notify.messages (
        id uuid primary key,
        region_code text not null,
        account_id uuid not null,
        topic text not null,
        source_event_id text not null check (length(source_event_id) between 1 and 200),
        title_zh text not null,
        title_en text not null,
        body_zh text not null,
        body_en text not null,
        link text check (length(link) <= 500),
        created_at timestamptz not null,
        read_at timestamptz,
        unique (source_event_id, account_id)
      )`,
      // An account's inbox, newest first; the partial index serves the unread list and count.
      `create index messages_account_newest on notify.messages (account_id, created_at desc, id desc)`,
      `create index messages_account_unread on notify.messages (account_id, created_at desc, id desc) where read_at is null`,
      // Where and whether to send e-mail; the address is sealed (pii.email) and shown masked.
      `create table notify.settings (
        account_id uuid primary key,
        email_enc text,
        email_enabled boolean not null default false,
        updated_at timestamptz not null,
        check (email_enc is not null or not email_enabled)
      )`,
      // One delivery per message and channel: a mail is sent at most once per message. Retries
      // go through the durable job table (kind notify.email, key notify.email:<message id>).
      `create table notify.deliveries (
        message_id uuid not null references notify.messages (id) on delete cascade,
        channel text not null check (channel in ('email')),
        status text not null check (status in ('pending', 'sending', 'sent', 'failed', 'skipped')),
        attempts integer not null default 0 check (attempts >= 0),
        last_error text,
        created_at timestamptz not null,
        updated_at timestamptz not null,
        sent_at timestamptz,
        primary key (message_id, channel)
      )`,
      `create index deliveries_open on notify.deliveries (created_at) where status in ('pending', 'sending')`,
    ],
  },
  {
    id: '202612020100_notify_enterprise_messages',
    up: [
      // A message about an enterprise's case, told to the agent who filed it: shown while they
      // act for that enterprise, kept apart from their personal messages (null: personal).
      `alter table notify.messages add column enterprise_id uuid`,
    ],
  },
  {
    // The development SMS sink's outbox: what would have been sent, for a developer (and the
    // browser tests) to read. Only the development sink writes it; the phone is kept as a blind
    // index and masked, never in clear.
    id: '202612100040_notify_dev_outbox',
    up: [
      `create table notify.dev_outbox (
        id uuid primary key,
        channel text not null check (channel in ('sms')),
        recipient_index text not null,
        recipient_masked text not null,
        body text not null,
        created_at timestamptz not null
      )`,
      `create index dev_outbox_recipient on notify.dev_outbox (recipient_index, created_at desc)`,
    ],
  },
];
