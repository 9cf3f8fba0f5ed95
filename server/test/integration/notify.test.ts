/**
 * notify: case events become inbox messages (once, however often an event is delivered),
 * e-mail goes through a real SMTP server (once per message, retried while the server is
 * down), the inbox is each person's own, and settings keep the address sealed and masked.
 */
import { sql } from 'kysely';
import type { NotificationSettingsBody, paths } from '../../../contract/openapi.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  applicationsEvents,
  CASE_CHANGED,
  CASE_OVERDUE,
  type ApplicationsEvents,
  type CaseChangedPayload,
  type CaseOverduePayload,
} from '../../src/modules/applications/index.ts';
import { systemActor } from '../../src/platform/audit.ts';
import { command, withEvents } from '../../src/platform/context.ts';
import { uuidv7 } from '../../src/platform/ids.ts';
import type { Payload, Topic } from '../../src/platform/outbox.ts';
import { scheduleJob } from '../../src/platform/jobs.ts';
import {
  client,
  createTestApp,
  errorCode,
  ok,
  query,
  registerCitizen,
  signInStaff,
  type Client,
  type TestContext,
} from '../helpers.ts';
import { TestSmtp, header, plainText } from '../smtp.ts';

// ---------------------------------------------------------------- the app under test

const smtp = new TestSmtp();
const PUBLIC_URL = 'https://yiwang.example.gov.cn';
let ctx: TestContext;

beforeAll(async () => {
  await smtp.start();
  ctx = await createTestApp({
    residents: 10,
    config: {
      publicUrl: PUBLIC_URL,
      notify: { smtpUrl: `smtp://127.0.0.1:${smtp.port}`, mailFrom: 'Yiwang 一网 <noreply@yiwang.test>' },
    },
  });
  // Jobs are driven by hand with the ManualClock (runDue), not by the background poll.
  await ctx.platform.jobs.stop();
});
afterAll(async () => {
  await ctx.teardown();
  await smtp.stop();
});

/** Emit an event the way the applications module does (in a command), and deliver it. */
/** Emit an event as the applications module does, and deliver it. */
async function publish<K extends Topic<ApplicationsEvents>>(
  topic: K,
  payload: Payload<ApplicationsEvents, K>,
  regionCode = '330383',
  on: TestContext = ctx,
): Promise<string> {
  await command(withEvents(on.platform, applicationsEvents), systemActor(), (w) => w.emit(topic, payload, regionCode));
  const [row] = await query<{ id: string }>(
    on,
    sql`select id from platform.outbox where topic = ${topic} order by id desc limit 1`,
  );
  await on.platform.outbox.flush();
  return row!.id;
}

/** An event as an older version may have left it in the outbox (not checked on the way in), then delivered. */
async function publishUnchecked(topic: string, payload: unknown): Promise<string> {
  const id = uuidv7();
  const at = ctx.clock.now();
  await sql`insert into platform.outbox (id, topic, payload, region_code, created_at, available_at)
    values (${id}, ${topic}, ${JSON.stringify(payload)}, '330383', ${at}, ${at})`.execute(ctx.database.db);
  await ctx.platform.outbox.flush();
  return id;
}

/** Deliver an event again, as the outbox may after a crash between handling and marking it delivered. */
async function redeliver(eventId: string, on: TestContext = ctx): Promise<void> {
  await sql`update platform.outbox set delivered_at = null, available_at = ${on.clock.now()} where id = ${eventId}`.execute(
    on.database.db,
  );
  await on.platform.outbox.flush();
  const [row] = await query<{ delivered_at: Date | null }>(
    on,
    sql`select delivered_at from platform.outbox where id = ${eventId}`,
  );
  expect(row!.delivered_at).not.toBeNull();
}

let caseSeq = 0;
function caseChanged(applicantAccountId: string, over: Partial<CaseChangedPayload> = {}): CaseChangedPayload {
  caseSeq++;
  return {
    caseId: uuidv7(),
    caseNumber: `LG20261125${String(caseSeq).padStart(4, '0')}`,
    regionCode: '330383',
    applicantAccountId,
    title: { zh: '食品经营许可', en: 'Food business licence' },
    action: 'submit',
    status: 'in_progress',
    headline: { zh: '已提交，等待窗口受理', en: 'Submitted, waiting for the window to accept it' },
    ...over,
  };
}

type InboxQuery = NonNullable<paths['/api/me/notifications']['get']['parameters']['query']>;
const inbox = async (c: Client, query: InboxQuery = {}) =>
  ok(await c.GET('/api/me/notifications', { params: { query } }));
const unread = async (c: Client): Promise<number> => ok(await c.GET('/api/me/notifications/unread-count')).count;
const markRead = (c: Client, id: string) => c.POST('/api/me/notifications/{id}/read', { params: { path: { id } } });
const readAll = (c: Client) => c.POST('/api/me/notifications/read-all');
const saveSettings = (c: Client, body: NotificationSettingsBody) => c.PUT('/api/me/notification-settings', { body });
const settingsOf = async (c: Client) => ok(await c.GET('/api/me/notification-settings'));

interface DeliveryRow {
  status: string;
  attempts: number;
  last_error: string | null;
  sent_at: Date | null;
}
const deliveryOf = async (messageId: string, on: TestContext = ctx) =>
  (
    await query<DeliveryRow>(
      on,
      sql`select status, attempts, last_error, sent_at from notify.deliveries where message_id = ${messageId}`,
    )
  )[0];
const emailJobs = (on: TestContext = ctx) =>
  query<{ key: string; run_at: Date; attempts: number; done_at: Date | null; last_error: string | null }>(
    on,
    sql`select key, run_at, attempts, done_at, last_error from platform.jobs where kind = 'notify.email' order by created_at, id`,
  );

// ---------------------------------------------------------------- the inbox

describe('case events become inbox messages', () => {
  it('a submitted case tells the applicant once, even when the event is delivered twice', async () => {
    const applicant = await registerCitizen(ctx, { ip: '10.8.0.1' });
    const event = caseChanged(applicant.id);
    const eventId = await publish(CASE_CHANGED, event);

    const first = await inbox(applicant.client);
    expect(first.total).toBe(1);
    const [m] = first.items;
    expect(m).toMatchObject({
      title: { zh: '「食品经营许可」申请已提交', en: 'Application received: Food business licence' },
      link: `/cases/${event.caseId}`,
      readAt: null,
      createdAt: ctx.clock.now().toISOString(),
    });
    expect(m!.body.zh).toContain(`已收到您的申请，办件编号 ${event.caseNumber}。`);
    expect(m!.body.zh).toContain('已提交，等待窗口受理。');
    expect(m!.body.en).toContain(`case number ${event.caseNumber}`);

    await redeliver(eventId);
    await redeliver(eventId);
    const again = await inbox(applicant.client);
    expect(again.total).toBe(1);
    expect(again.items[0]!.id).toBe(m!.id);
    expect(await unread(applicant.client)).toBe(1);
    const rows = await query(ctx, sql`select id from notify.messages where source_event_id = ${eventId}`);
    expect(rows).toHaveLength(1);
  });

  it('says what to correct, that a case is complete, or that it was refused, in plain words', async () => {
    const applicant = await registerCitizen(ctx, { ip: '10.8.0.2' });
    await publish(
      CASE_CHANGED,
      caseChanged(applicant.id, {
        action: 'request_correction',
        status: 'correction',
        headline: { zh: '需要补正材料', en: 'Corrections needed' },
        correctionItems: ['营业场所平面图不清晰，请重新上传', '补充健康证明'],
      }),
    );
    ctx.clock.advance(60_000);
    await publish(
      CASE_CHANGED,
      caseChanged(applicant.id, {
        action: 'complete',
        status: 'completed',
        headline: { zh: '证照已签发', en: 'Licence issued' },
      }),
    );
    ctx.clock.advance(60_000);
    await publish(
      CASE_CHANGED,
      caseChanged(applicant.id, {
        action: 'reject',
        status: 'rejected',
        headline: { zh: '未予通过：经营场所不符合要求', en: 'Not approved: the premises do not qualify' },
      }),
    );

    const { items, total } = await inbox(applicant.client);
    expect(total).toBe(3);
    // Newest first.
    const [refused, completed, correction] = items;
    expect(correction!.title.zh).toBe('「食品经营许可」需要补正');
    expect(correction!.body.zh).toContain(
      '请补正以下内容后重新提交：\n1. 营业场所平面图不清晰，请重新上传\n2. 补充健康证明',
    );
    expect(correction!.body.en).toContain(
      'Please correct the following and submit again:\n1. 营业场所平面图不清晰，请重新上传',
    );
    expect(completed!.title).toEqual({ zh: '「食品经营许可」已办结', en: 'Case completed: Food business licence' });
    expect(completed!.body.zh).toContain('已办结，办理结果可在办件详情中查看。');
    expect(refused!.title).toEqual({ zh: '「食品经营许可」未予通过', en: 'Not approved: Food business licence' });
    expect(refused!.body.zh).toContain('未予通过：经营场所不符合要求。\n理由和依据可在办件详情中查看。');
    expect(Date.parse(refused!.createdAt)).toBeGreaterThan(Date.parse(completed!.createdAt));
  });

  it('tells each listed staff member once when a case is overdue, with a link into the console', async () => {
    const reviewer = await signInStaff(ctx, 'reviewer01', '10.8.1.1');
    const approver = await signInStaff(ctx, 'approver01', '10.8.1.2');
    const reviewerId = ok(await reviewer.GET('/api/me')).id;
    const approverId = ok(await approver.GET('/api/me')).id;
    const caseId = uuidv7();
    const overdue: CaseOverduePayload = {
      caseId,
      caseNumber: 'LG202611250099',
      regionCode: '330383',
      title: { zh: '食品经营许可', en: 'Food business licence' },
      departmentCode: 'AMR',
      branch: null,
      state: 'review',
      deadlineAt: '2026-11-24T09:00:00.000Z',
      notifyAccountIds: [reviewerId, approverId, reviewerId],
    };
    const eventId = await publish(CASE_OVERDUE, overdue);
    await redeliver(eventId);

    for (const staff of [reviewer, approver]) {
      const { items } = await inbox(staff);
      const mine = items.filter((i) => i.link === `/console/cases/${caseId}`);
      expect(mine).toHaveLength(1);
      expect(mine[0]!.title).toEqual({ zh: '办件已超期：「食品经营许可」', en: 'Case overdue: Food business licence' });
      expect(mine[0]!.body.zh).toContain('办件 LG202611250099 的办理时限已于 2026-11-24 17:00 届满');
      expect(mine[0]!.body.zh).toContain('环节：AMR · review');
    }
  });

  it('skips an event that does not keep the contract, without retrying it', async () => {
    const applicant = await registerCitizen(ctx, { ip: '10.8.0.3' });
    const bad = { ...caseChanged(applicant.id), status: 'lost' };
    const eventId = await publishUnchecked(CASE_CHANGED, bad);
    const [row] = await query<{ delivered_at: Date | null; attempts: number }>(
      ctx,
      sql`select delivered_at, attempts from platform.outbox where id = ${eventId}`,
    );
    expect(row).toMatchObject({ attempts: 1 });
    expect(row!.delivered_at).not.toBeNull();
    expect((await inbox(applicant.client)).total).toBe(0);
  });

  it('other modules can tell an account directly, in their own transaction, idempotently', async () => {
    const person = await registerCitizen(ctx, { ip: '10.8.0.4' });
    const input = {
      accountId: person.id,
      regionCode: '330383',
      topic: 'applications.case.reminder',
      title: { zh: '请在3日内补正', en: 'Please correct within 3 days' },
      body: { zh: '您的办件尚待补正。', en: 'Your case is waiting for corrections.' },
      link: '/cases/abc',
      sourceEventId: 'reminder:abc:1',
    };
    const first = await command(ctx.platform, systemActor(), (w) =>
      ctx.modules.notify.notifyAccount(w.tx, input, w.now),
    );
    const second = await command(ctx.platform, systemActor(), (w) =>
      ctx.modules.notify.notifyAccount(w.tx, input, w.now),
    );
    expect(first).toMatch(/^[0-9a-f-]{36}$/);
    expect(second).toBeNull();
    // Rolled back with the caller's change: no message.
    await expect(
      command(ctx.platform, systemActor(), async (w) => {
        await ctx.modules.notify.notifyAccount(w.tx, { ...input, sourceEventId: 'reminder:abc:2' }, w.now);
        throw new Error('the caller failed');
      }),
    ).rejects.toThrow('the caller failed');
    const { items } = await inbox(person.client);
    expect(items.map((i) => i.id)).toEqual([first]);
    // Links stay inside the app (they become links in e-mails).
    await expect(
      command(ctx.platform, systemActor(), (w) =>
        ctx.modules.notify.notifyAccount(w.tx, { ...input, sourceEventId: 'x', link: '//evil.example/' }, w.now),
      ),
    ).rejects.toThrow(/in-app path/);
  });
});

describe('reading the inbox: one’s own messages only', () => {
  let owner: Awaited<ReturnType<typeof registerCitizen>>;
  let other: Awaited<ReturnType<typeof registerCitizen>>;
  beforeAll(async () => {
    owner = await registerCitizen(ctx, { ip: '10.8.2.1' });
    other = await registerCitizen(ctx, { ip: '10.8.2.2' });
    for (let i = 0; i < 3; i++) {
      await publish(
        CASE_CHANGED,
        caseChanged(owner.id, { action: 'accept', headline: { zh: `第${i + 1}次更新`, en: `Update ${i + 1}` } }),
      );
      ctx.clock.advance(1_000);
    }
  });

  it('pages newest first and filters unread', async () => {
    const page1 = await inbox(owner.client, { pageSize: 2 });
    expect(page1.total).toBe(3);
    expect(page1.items.map((i) => i.body.zh.split('\n')[1])).toEqual(['第3次更新。', '第2次更新。']);
    const page2 = await inbox(owner.client, { pageSize: 2, page: 2 });
    expect(page2.items.map((i) => i.body.zh.split('\n')[1])).toEqual(['第1次更新。']);
    expect(page1.items[0]!.title.zh).toBe('「食品经营许可」办件进度更新');
    const tooMany = await owner.client.GET('/api/me/notifications', { params: { query: { pageSize: 500 } } });
    expect(tooMany.response.status).toBe(400);
  });

  it('another person can neither see nor mark someone’s message (404, as if it did not exist)', async () => {
    const target = (await inbox(owner.client)).items[0]!;
    expect((await inbox(other.client)).total).toBe(0);
    const res = await markRead(other.client, target.id);
    expect(res.response.status).toBe(404);
    expect(errorCode(res)).toBe('NOTIFICATION_NOT_FOUND');
    const unknown = await markRead(other.client, uuidv7());
    expect(unknown.response.status).toBe(404);
    expect(errorCode(unknown)).toBe('NOTIFICATION_NOT_FOUND');
    // other's read-all does not touch owner's messages.
    expect((await readAll(other.client)).response.status).toBe(204);
    expect(await unread(owner.client)).toBe(3);
    expect((await markRead(owner.client, 'not-a-uuid')).response.status).toBe(400);
  });

  it('marks one read (idempotently), then all', async () => {
    const [newest] = (await inbox(owner.client)).items;
    const res = await markRead(owner.client, newest!.id);
    expect(res.response.status).toBe(204);
    expect(await unread(owner.client)).toBe(2);
    const readAt = (await inbox(owner.client)).items.find((i) => i.id === newest!.id)!.readAt;
    expect(readAt).toBe(ctx.clock.now().toISOString());
    ctx.clock.advance(5_000);
    expect((await markRead(owner.client, newest!.id)).response.status).toBe(204);
    expect((await inbox(owner.client)).items.find((i) => i.id === newest!.id)!.readAt).toBe(readAt); // first read kept
    const unreadOnly = await inbox(owner.client, { unread: true });
    expect(unreadOnly.total).toBe(2);
    expect(unreadOnly.items.some((i) => i.id === newest!.id)).toBe(false);

    expect((await readAll(owner.client)).response.status).toBe(204);
    expect(await unread(owner.client)).toBe(0);
    expect((await inbox(owner.client, { unread: true })).total).toBe(0);
    expect((await inbox(owner.client)).total).toBe(3);
  });

  it('needs a signed-in person', async () => {
    const anon = client(ctx, '10.8.2.9');
    for (const res of [
      await anon.GET('/api/me/notifications'),
      await anon.GET('/api/me/notifications/unread-count'),
      await readAll(anon),
      await anon.GET('/api/me/notification-settings'),
      await saveSettings(anon, { email: null, emailEnabled: false }),
    ]) {
      expect(res.response.status).toBe(401);
      expect(errorCode(res)).toBe('UNAUTHENTICATED');
    }
  });
});

// ---------------------------------------------------------------- settings

describe('notification settings', () => {
  it('start empty; keep the address sealed, answer it masked, audit the change', async () => {
    const person = await registerCitizen(ctx, { ip: '10.8.3.1' });
    expect(await settingsOf(person.client)).toEqual({
      email: null,
      emailEnabled: false,
    });

    const saved = await saveSettings(person.client, {
      email: ' Zhang.San@Example.COM ',
      emailEnabled: true,
    });
    expect(saved.response.status).toBe(200);
    expect(ok(saved)).toEqual({ email: 'Z***n@example.com', emailEnabled: true });
    expect(await settingsOf(person.client)).toEqual({
      email: 'Z***n@example.com',
      emailEnabled: true,
    });

    const [row] = await query<{ email_enc: string }>(
      ctx,
      sql`select email_enc from notify.settings where account_id = ${person.id}`,
    );
    expect(row!.email_enc).not.toMatch(/zhang|example/i);
    expect(ctx.platform.protector.open(row!.email_enc, 'pii.email')).toBe('Zhang.San@example.com');

    const audit = await query<{ actor_id: string; resource_id: string; detail: unknown }>(
      ctx,
      sql`select actor_id, resource_id, detail from platform.audit_log where action = 'notify.settings.updated' and actor_id = ${person.id}`,
    );
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      resource_id: person.id,
      detail: { emailEnabled: true, emailChanged: true, hasEmail: true },
    });
    expect(JSON.stringify(audit[0]!.detail)).not.toMatch(/zhang/i);

    // The same settings again change nothing and write no audit record.
    await saveSettings(person.client, { email: 'Zhang.San@example.com', emailEnabled: true });
    const after = await query(
      ctx,
      sql`select id from platform.audit_log where action = 'notify.settings.updated' and actor_id = ${person.id}`,
    );
    expect(after).toHaveLength(1);

    // Leaving the address out keeps the saved one: e-mail can be switched off and on again
    // without ever sending the address back (it is only shown masked).
    const paused = await saveSettings(person.client, { emailEnabled: false });
    expect(ok(paused)).toEqual({ email: 'Z***n@example.com', emailEnabled: false });
    const resumed = await saveSettings(person.client, { emailEnabled: true });
    expect(ok(resumed)).toEqual({ email: 'Z***n@example.com', emailEnabled: true });

    const off = await saveSettings(person.client, { email: null, emailEnabled: false });
    expect(ok(off)).toEqual({ email: null, emailEnabled: false });
    const nothing = await saveSettings(person.client, { emailEnabled: true });
    expect(nothing.response.status).toBe(400);
  });

  it('refuse an address that is not one (path /email), and e-mail without an address', async () => {
    const person = await registerCitizen(ctx, { ip: '10.8.3.2' });
    for (const email of [
      'not-an-email',
      'a@b',
      'two@@example.com',
      'spaces in@example.com',
      '张三@example.com',
      `${'x'.repeat(65)}@example.com`,
    ]) {
      const res = await saveSettings(person.client, { email, emailEnabled: true });
      expect(res.response.status, email).toBe(400);
      expect(res.error?.error).toMatchObject({
        code: 'VALIDATION_FAILED',
        details: [{ path: '/email', code: 'INVALID_EMAIL' }],
      });
    }
    const none = await saveSettings(person.client, { email: null, emailEnabled: true });
    expect(none.response.status).toBe(400);
    expect(none.error?.error.details?.[0]).toMatchObject({ path: '/emailEnabled', code: 'EMAIL_REQUIRED' });
    // raw: without emailEnabled, a body the contract does not allow
    const missing = await person.client.raw('PUT', '/api/me/notification-settings', { email: 'a@example.com' });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.details[0].path).toBe('/emailEnabled');
    expect(await settingsOf(person.client)).toEqual({
      email: null,
      emailEnabled: false,
    });
  });
});

// ---------------------------------------------------------------- e-mail

describe('e-mail over SMTP', () => {
  const address = 'chen.xiaoming@example.com';
  let person: Awaited<ReturnType<typeof registerCitizen>>;
  beforeAll(async () => {
    person = await registerCitizen(ctx, { ip: '10.8.4.1' });
    const res = await saveSettings(person.client, { email: address, emailEnabled: true });
    expect(ok(res)).toEqual({ email: 'c***g@example.com', emailEnabled: true });
  });

  it('sends one mail per message with the right recipient, sender and subject, and never twice', async () => {
    const before = smtp.mails.length;
    const event = caseChanged(person.id);
    const eventId = await publish(CASE_CHANGED, event);
    const [message] = (await inbox(person.client)).items.filter((i) => i.link === `/cases/${event.caseId}`);
    // Scheduled in the message's transaction: a pending delivery and its job.
    expect(await deliveryOf(message!.id)).toMatchObject({ status: 'pending', attempts: 0 });
    expect((await emailJobs()).filter((j) => j.key === `notify.email:${message!.id}`)).toHaveLength(1);

    expect(await ctx.platform.jobs.runDue()).toBe(1);
    expect(smtp.mails.length).toBe(before + 1);
    const mail = smtp.mails.at(-1)!;
    expect(mail.to).toEqual([address]);
    expect(mail.from).toBe('noreply@yiwang.test');
    expect(header(mail.raw, 'Subject')).toBe(
      '「食品经营许可」申请已提交 | Application received: Food business licence',
    );
    expect(header(mail.raw, 'From')).toContain('noreply@yiwang.test');
    const text = plainText(mail.raw);
    expect(text).toContain(`已收到您的申请，办件编号 ${event.caseNumber}。`);
    expect(text).toContain(`${PUBLIC_URL}/cases/${event.caseId}`);
    expect(text.indexOf('已收到您的申请')).toBeLessThan(text.indexOf('We have received your application'));
    const sent = await deliveryOf(message!.id);
    expect(sent).toMatchObject({ status: 'sent', attempts: 1, last_error: null });
    expect(sent!.sent_at).toEqual(ctx.clock.now());

    // The event again, the job again (even rescheduled by hand): no second mail.
    await redeliver(eventId);
    expect(await ctx.platform.jobs.runDue()).toBe(0);
    await scheduleJob(
      ctx.database.db,
      {
        kind: 'notify.email',
        key: `notify.email:${message!.id}`,
        payload: { messageId: message!.id },
        runAt: ctx.clock.now(),
        replace: true,
      },
      ctx.clock.now(),
    );
    expect(await ctx.platform.jobs.runDue()).toBe(1);
    expect(smtp.mails.length).toBe(before + 1);
    expect(await deliveryOf(message!.id)).toMatchObject({ status: 'sent', attempts: 1 });
  });

  it('retries while the SMTP server is down and sends once it is back', async () => {
    const before = smtp.mails.length;
    const port = smtp.port;
    await smtp.stop();
    const event = caseChanged(person.id, { action: 'accept', headline: { zh: '已受理', en: 'Accepted' } });
    await publish(CASE_CHANGED, event);
    const [message] = (await inbox(person.client)).items.filter((i) => i.link === `/cases/${event.caseId}`);

    expect(await ctx.platform.jobs.runDue()).toBe(1);
    const failed = await deliveryOf(message!.id);
    expect(failed).toMatchObject({ status: 'pending', attempts: 1, sent_at: null });
    expect(failed!.last_error).toMatch(/ECONNREFUSED|connect/i);
    const [job] = (await emailJobs()).filter((j) => j.key === `notify.email:${message!.id}`);
    expect(job).toMatchObject({ attempts: 1, done_at: null });
    expect(job!.run_at.getTime()).toBe(ctx.clock.now().getTime() + 10_000);
    expect(job!.last_error).not.toContain(address);
    expect(job!.last_error).toContain('c***g@example.com');

    await smtp.start(port);
    expect(await ctx.platform.jobs.runDue()).toBe(0); // not due yet
    ctx.clock.advance(10_000);
    expect(await ctx.platform.jobs.runDue()).toBe(1);
    expect(smtp.mails.length).toBe(before + 1);
    expect(smtp.mails.at(-1)!.to).toEqual([address]);
    expect(header(smtp.mails.at(-1)!.raw, 'Subject')).toBe(
      '「食品经营许可」办件进度更新 | Case update: Food business licence',
    );
    expect(await deliveryOf(message!.id)).toMatchObject({ status: 'sent', attempts: 2, last_error: null });
  });

  it('a mail whose sending was cut off is not sent again (at most once)', async () => {
    const before = smtp.mails.length;
    const event = caseChanged(person.id, { action: 'accept', headline: { zh: '已受理', en: 'Accepted' } });
    await publish(CASE_CHANGED, event);
    const [message] = (await inbox(person.client)).items.filter((i) => i.link === `/cases/${event.caseId}`);
    // As if a process had marked it sending and died before recording the outcome.
    await sql`update notify.deliveries set status = 'sending', attempts = 1 where message_id = ${message!.id}`.execute(
      ctx.database.db,
    );
    expect(await ctx.platform.jobs.runDue()).toBe(1);
    expect(smtp.mails.length).toBe(before);
    expect(await deliveryOf(message!.id)).toMatchObject({ status: 'failed', attempts: 1 });
  });

  it('schedules no mail when e-mail is off, and skips one turned off before it was sent', async () => {
    const quiet = await registerCitizen(ctx, { ip: '10.8.4.2' });
    await saveSettings(quiet.client, { email: 'quiet@example.com', emailEnabled: false });
    const jobsBefore = (await emailJobs()).length;
    await publish(CASE_CHANGED, caseChanged(quiet.id));
    expect((await inbox(quiet.client)).total).toBe(1);
    expect((await emailJobs()).length).toBe(jobsBefore);

    // Turned on, a message made, then turned off before the job ran.
    await saveSettings(quiet.client, { email: 'quiet@example.com', emailEnabled: true });
    const event = caseChanged(quiet.id);
    await publish(CASE_CHANGED, event);
    const [message] = (await inbox(quiet.client)).items.filter((i) => i.link === `/cases/${event.caseId}`);
    await saveSettings(quiet.client, { email: 'quiet@example.com', emailEnabled: false });
    const before = smtp.mails.length;
    expect(await ctx.platform.jobs.runDue()).toBe(1);
    expect(smtp.mails.length).toBe(before);
    expect(await deliveryOf(message!.id)).toMatchObject({ status: 'skipped' });
  });
});

describe('without SMTP', () => {
  let bare: TestContext;
  beforeAll(async () => {
    bare = await createTestApp({ seed: false });
    await bare.platform.jobs.stop();
  });
  afterAll(async () => {
    await bare.teardown();
  });

  it('keeps the in-app inbox and schedules no mail', async () => {
    const person = await registerCitizen(bare, { ip: '10.8.5.1' });
    const saved = await saveSettings(person.client, {
      email: 'someone@example.com',
      emailEnabled: true,
    });
    expect(ok(saved)).toEqual({ email: 's***e@example.com', emailEnabled: true });
    const event = caseChanged(person.id);
    await publish(CASE_CHANGED, event, '330383', bare);
    expect((await inbox(person.client)).total).toBe(1);
    expect(await emailJobs(bare)).toEqual([]);
    expect(await query(bare, sql`select message_id from notify.deliveries`)).toEqual([]);
  });
});
