/** SQL of notify: the inbox, the settings and the e-mail deliveries. */
import { sql, type Kysely } from 'kysely';
import type { DeliveryStatus, NotifyTables } from './notify.tables.ts';

export type NotifyDb = Kysely<NotifyTables>;

export interface NewMessage {
  id: string;
  regionCode: string;
  accountId: string;
  /** The enterprise the message is about, when it is one's; null for a personal message. */
  enterpriseId?: string | null;
  topic: string;
  sourceEventId: string;
  title: { zh: string; en: string };
  body: { zh: string; en: string };
  link: string | null;
  at: Date;
}

/** Insert a message unless this source already made one for this account; the new id, or null. */
export async function insertMessage(db: NotifyDb, m: NewMessage): Promise<string | null> {
  const row = await db
    .insertInto('notify.messages')
    .values({
      id: m.id,
      region_code: m.regionCode,
      account_id: m.accountId,
      topic: m.topic,
      source_event_id: m.sourceEventId,
      title_zh: m.title.zh,
      title_en: m.title.en,
      body_zh: m.body.zh,
      body_en: m.body.en,
      link: m.link,
      created_at: m.at,
      read_at: null,
      enterprise_id: m.enterpriseId ?? null,
    })
    .onConflict((oc) => oc.columns(['source_event_id', 'account_id']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return row?.id ?? null;
}

const messageColumns = ['id', 'title_zh', 'title_en', 'body_zh', 'body_en', 'link', 'created_at', 'read_at'] as const;

/** Whose inbox: an account's personal messages, or those about the enterprise it acts for. */
export interface Inbox {
  accountId: string;
  enterpriseId: string | null;
}

/** One page of an account's inbox, newest first, and how many there are in all. */
export async function listMessages(db: NotifyDb, inbox: Inbox, q: { unread: boolean; offset: number; limit: number }) {
  let base = db
    .selectFrom('notify.messages')
    .where('account_id', '=', inbox.accountId)
    .where('enterprise_id', inbox.enterpriseId === null ? 'is' : '=', inbox.enterpriseId);
  if (q.unread) base = base.where('read_at', 'is', null);
  const [items, total] = await Promise.all([
    base
      .select(messageColumns)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .offset(q.offset)
      .limit(q.limit)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(total.n) };
}

export async function unreadCount(db: NotifyDb, inbox: Inbox): Promise<number> {
  const r = await db
    .selectFrom('notify.messages')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('account_id', '=', inbox.accountId)
    .where('enterprise_id', inbox.enterpriseId === null ? 'is' : '=', inbox.enterpriseId)
    .where('read_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export const ownsMessage = async (db: NotifyDb, accountId: string, id: string): Promise<boolean> =>
  (await db
    .selectFrom('notify.messages')
    .select('id')
    .where('id', '=', id)
    .where('account_id', '=', accountId)
    .executeTakeFirst()) !== undefined;

/** Mark one of the account's messages read (kept as first read). True if it exists. */
export async function markRead(db: NotifyDb, accountId: string, id: string, at: Date): Promise<boolean> {
  const res = await db
    .updateTable('notify.messages')
    .set({ read_at: at })
    .where('id', '=', id)
    .where('account_id', '=', accountId)
    .where('read_at', 'is', null)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) > 0 || (await ownsMessage(db, accountId, id));
}

export async function markAllRead(db: NotifyDb, inbox: Inbox, at: Date): Promise<number> {
  const res = await db
    .updateTable('notify.messages')
    .set({ read_at: at })
    .where('account_id', '=', inbox.accountId)
    .where('enterprise_id', inbox.enterpriseId === null ? 'is' : '=', inbox.enterpriseId)
    .where('read_at', 'is', null)
    .executeTakeFirst();
  return Number(res.numUpdatedRows);
}

export const message = (db: NotifyDb, id: string) =>
  db
    .selectFrom('notify.messages')
    .select([
      'id',
      'account_id',
      'region_code',
      'topic',
      'title_zh',
      'title_en',
      'body_zh',
      'body_en',
      'link',
      'created_at',
    ])
    .where('id', '=', id)
    .executeTakeFirst();

// ---------------------------------------------------------------- settings

export const settings = (db: NotifyDb, accountId: string) =>
  db
    .selectFrom('notify.settings')
    .select(['email_enc', 'email_enabled', 'updated_at'])
    .where('account_id', '=', accountId)
    .executeTakeFirst();

/** The settings row, locked for a change. */
export const lockSettings = (db: NotifyDb, accountId: string) =>
  db
    .selectFrom('notify.settings')
    .select(['email_enc', 'email_enabled'])
    .where('account_id', '=', accountId)
    .forUpdate()
    .executeTakeFirst();

export const saveSettings = (
  db: NotifyDb,
  accountId: string,
  s: { emailEnc: string | null; emailEnabled: boolean },
  at: Date,
) =>
  db
    .insertInto('notify.settings')
    .values({ account_id: accountId, email_enc: s.emailEnc, email_enabled: s.emailEnabled, updated_at: at })
    .onConflict((oc) =>
      oc.column('account_id').doUpdateSet({ email_enc: s.emailEnc, email_enabled: s.emailEnabled, updated_at: at }),
    )
    .execute();

// ---------------------------------------------------------------- deliveries

/** Record that a message is to be e-mailed. False if a delivery for it already exists. */
export async function insertDelivery(db: NotifyDb, messageId: string, at: Date): Promise<boolean> {
  const row = await db
    .insertInto('notify.deliveries')
    .values({
      message_id: messageId,
      channel: 'email',
      status: 'pending',
      attempts: 0,
      last_error: null,
      created_at: at,
      updated_at: at,
      sent_at: null,
    })
    .onConflict((oc) => oc.columns(['message_id', 'channel']).doNothing())
    .returning('message_id')
    .executeTakeFirst();
  return row !== undefined;
}

/** The e-mail delivery of a message, locked. */
export const lockDelivery = (db: NotifyDb, messageId: string) =>
  db
    .selectFrom('notify.deliveries')
    .select(['status', 'attempts'])
    .where('message_id', '=', messageId)
    .where('channel', '=', 'email')
    .forUpdate()
    .executeTakeFirst();

export const updateDelivery = (
  db: NotifyDb,
  messageId: string,
  change: { status: DeliveryStatus; lastError?: string | null; sentAt?: Date | null; countAttempt?: boolean },
  at: Date,
) =>
  db
    .updateTable('notify.deliveries')
    .set({
      status: change.status,
      updated_at: at,
      ...(change.lastError !== undefined ? { last_error: change.lastError } : {}),
      ...(change.sentAt !== undefined ? { sent_at: change.sentAt } : {}),
      ...(change.countAttempt ? { attempts: sql<number>`attempts + 1` } : {}),
    })
    .where('message_id', '=', messageId)
    .where('channel', '=', 'email')
    .execute();

/** The development sink's latest messages to a phone (by its blind index under any loaded key). */
export const devMessagesTo = (db: NotifyDb, recipientIndexes: readonly string[], limit: number) =>
  db
    .selectFrom('notify.dev_outbox')
    .select(['id', 'channel', 'recipient_masked', 'body', 'created_at'])
    .where('recipient_index', 'in', [...recipientIndexes])
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
