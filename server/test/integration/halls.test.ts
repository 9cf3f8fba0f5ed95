/**
 * halls: the public hall pages, appointments (book, change, cancel, remind), queue numbers
 * (check-in and walk-in), the window (open, call next, recall, serve, transfer, no-show,
 * finish), the calling screen and the waiting-time figures; who may do each of them.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ITEMS } from '../../src/demo/items.ts';
import {
  createTestApp,
  errorCode,
  ok,
  query,
  registerCitizen,
  signInCitizen,
  signInStaff,
  type Client,
  type TestContext,
} from '../helpers.ts';

let ctx: TestContext;
let citizen: Client;
let other: Client;
let clerk: Client;
let psbClerk: Client;
let reviewer: Client;

const PSB_ITEM = DEMO_ITEMS.find((i) => i.departmentCode === 'PSB' && i.level === 'main')!.handlingItemCode;
const HRSS_ITEM = DEMO_ITEMS.find((i) => i.departmentCode === 'HRSS' && i.level === 'main')!.handlingItemCode;
const HALL = 'city-centre';
const hall = { params: { path: { hall: HALL } } };
const byId = (id: string) => ({ params: { path: { id } } });

let otherLogin = '';
let otherPassword = '';

/** Sign everyone in (again, after the clock has moved past the sessions' expiry). */
async function signInAll() {
  citizen = await signInCitizen(ctx);
  other = await signInCitizen(ctx, otherLogin, otherPassword);
  clerk = await signInStaff(ctx, 'clerk01');
  psbClerk = await signInStaff(ctx, 'psb-clerk');
  reviewer = await signInStaff(ctx, 'reviewer01');
}

beforeAll(async () => {
  // 2026-11-25 is a Wednesday; 09:50Z is 17:50 in the city.
  ctx = await createTestApp({ residents: 10, fullStaff: true, clockStart: '2026-11-25T09:50:00Z' });
  await ctx.platform.jobs.stop();
  const o = await registerCitizen(ctx);
  otherLogin = o.phone;
  otherPassword = o.password;
  await signInAll();
});
afterAll(async () => ctx.teardown());

describe('halls', () => {
  let appointmentId = '';
  let ticketId = '';
  let walkInId = '';

  it('lists the halls and shows one with its hours, windows and free slots, to anyone', async () => {
    const anonymous = (await import('../helpers.ts')).client(ctx);
    const list = ok(await anonymous.GET('/api/halls'));
    expect(list.items.map((h) => h.code)).toEqual(['city-centre', 'longjiang', 'self-service', 'xiangyang']);
    expect(list.items[0]!.openToday).toBe(true);
    const detail = ok(await anonymous.GET('/api/halls/{hall}', hall));
    expect(detail.windows.map((w) => w.number)).toEqual([1, 2, 3, 4, 5]);
    expect(detail.windows[0]!.comprehensive).toBe(true);
    expect(detail.hours[0]).toEqual([]);
    expect(detail.hours[3]).toEqual([
      { open: '09:00', close: '12:00' },
      { open: '13:30', close: '17:00' },
    ]);
    // 2026-11-28/29 are a weekend: the next open days skip them.
    expect(detail.openDays.slice(0, 4)).toEqual(['2026-11-25', '2026-11-26', '2026-11-27', '2026-11-30']);
    const slots = ok(
      await anonymous.GET('/api/halls/{hall}/slots', {
        params: { path: { hall: HALL }, query: { itemCode: PSB_ITEM, day: '2026-11-26' } },
      }),
    ).items;
    // 09:00-12:00 and 13:30-17:00 in half hours; the two 综合窗口 and the PSB window, four each.
    expect(slots).toHaveLength(13);
    expect(slots[0]).toMatchObject({ startAt: '2026-11-26T01:00:00.000Z', capacity: 12, available: 12 });
    // A Saturday has none.
    const saturday = await anonymous.GET('/api/halls/{hall}/slots', {
      params: { path: { hall: HALL }, query: { itemCode: PSB_ITEM, day: '2026-11-28' } },
    });
    expect(ok(saturday).items).toEqual([]);
    expect((await anonymous.GET('/api/halls/{hall}', { params: { path: { hall: 'nowhere' } } })).response.status).toBe(
      404,
    );
  });

  it('books an appointment; one per item and day; only in opening hours; citizens only', async () => {
    const booked = await citizen.POST('/api/halls/appointments', {
      body: { hall: HALL, itemCode: PSB_ITEM, startAt: '2026-11-26T01:00:00.000Z' },
    });
    expect(booked.response.status).toBe(201);
    appointmentId = ok(booked).id;
    expect(ok(booked)).toMatchObject({ status: 'booked', day: '2026-11-26', ticket: null });
    const again = await citizen.POST('/api/halls/appointments', {
      body: { hall: HALL, itemCode: PSB_ITEM, startAt: '2026-11-26T06:00:00.000Z' },
    });
    expect(errorCode(again)).toBe('ALREADY_BOOKED');
    const lunch = await citizen.POST('/api/halls/appointments', {
      body: { hall: HALL, itemCode: PSB_ITEM, startAt: '2026-11-26T04:15:00.000Z' },
    });
    expect(errorCode(lunch)).toBe('SLOT_UNAVAILABLE');
    const staff = await clerk.POST('/api/halls/appointments', {
      body: { hall: HALL, itemCode: PSB_ITEM, startAt: '2026-11-26T01:30:00.000Z' },
    });
    expect(staff.response.status).toBe(403);
    const mine = ok(await citizen.GET('/api/me/appointments')).items;
    expect(mine.map((a) => a.id)).toEqual([appointmentId]);
    expect(ok(await other.GET('/api/me/appointments')).items).toEqual([]);
  });

  it('keeps an appointment its owner’s: another citizen gets 404 for every use', async () => {
    expect(errorCode(await other.GET('/api/halls/appointments/{id}', byId(appointmentId)))).toBe(
      'APPOINTMENT_NOT_FOUND',
    );
    const change = await other.PUT('/api/halls/appointments/{id}', {
      ...byId(appointmentId),
      body: { startAt: '2026-11-26T02:00:00.000Z' },
    });
    expect(errorCode(change)).toBe('APPOINTMENT_NOT_FOUND');
    expect(errorCode(await other.DELETE('/api/halls/appointments/{id}', byId(appointmentId)))).toBe(
      'APPOINTMENT_NOT_FOUND',
    );
    expect(errorCode(await other.POST('/api/halls/appointments/{id}/check-in', byId(appointmentId)))).toBe(
      'APPOINTMENT_NOT_FOUND',
    );
  });

  it('moves an appointment to another slot, freeing the first', async () => {
    const moved = ok(
      await citizen.PUT('/api/halls/appointments/{id}', {
        ...byId(appointmentId),
        body: { startAt: '2026-11-26T01:30:00.000Z' },
      }),
    );
    expect(moved.startAt).toBe('2026-11-26T01:30:00.000Z');
    const slots = ok(
      await citizen.GET('/api/halls/{hall}/slots', {
        params: { path: { hall: HALL }, query: { itemCode: PSB_ITEM, day: '2026-11-26' } },
      }),
    ).items;
    expect(slots[0]!.booked).toBe(0);
    expect(slots[1]!.booked).toBe(1);
  });

  it('cancels an appointment and its reminder', async () => {
    const b = ok(
      await citizen.POST('/api/halls/appointments', {
        body: { hall: HALL, itemCode: HRSS_ITEM, startAt: '2026-11-27T02:00:00.000Z' },
      }),
    );
    const jobs = () =>
      query<{ n: string }>(
        ctx,
        sql`select count(*) as n from platform.jobs where key = ${`halls.appointment-reminder:${b.id}`}`,
      );
    expect(Number((await jobs())[0]!.n)).toBe(1);
    expect((await citizen.DELETE('/api/halls/appointments/{id}', byId(b.id))).response.status).toBe(204);
    expect(ok(await citizen.GET('/api/halls/appointments/{id}', byId(b.id))).status).toBe('cancelled');
    expect(Number((await jobs())[0]!.n)).toBe(0);
    const change = await citizen.PUT('/api/halls/appointments/{id}', {
      ...byId(b.id),
      body: { startAt: '2026-11-27T02:30:00.000Z' },
    });
    expect(errorCode(change)).toBe('APPOINTMENT_CLOSED');
  });

  it('reminds the citizen the evening before, in their inbox', async () => {
    ctx.clock.set(new Date('2026-11-25T10:00:00Z'));
    await ctx.platform.jobs.runDue();
    await ctx.platform.outbox.flush();
    const inbox = ok(await citizen.GET('/api/me/notifications')).items;
    const reminder = inbox.find((m) => m.title.zh.startsWith('预约提醒'));
    expect(reminder?.title.zh).toContain('09:30');
    expect(reminder?.link).toBe('/appointments');
  });

  it('takes walk-in numbers by clerks of the hall only', async () => {
    ctx.clock.set(new Date('2026-11-26T00:58:00Z'));
    await signInAll();
    const walkIn = await clerk.POST('/api/halls/{hall}/tickets', { ...hall, body: { itemCode: PSB_ITEM } });
    expect(walkIn.response.status).toBe(201);
    expect(ok(walkIn)).toMatchObject({ number: 'B001', kind: 'walk_in', status: 'waiting' });
    walkInId = ok(walkIn).id;
    expect(
      (await citizen.POST('/api/halls/{hall}/tickets', { ...hall, body: { itemCode: PSB_ITEM } })).response.status,
    ).toBe(403);
    expect(
      (await reviewer.POST('/api/halls/{hall}/tickets', { ...hall, body: { itemCode: PSB_ITEM } })).response.status,
    ).toBe(403);
  });

  it('checks a booked citizen in near their time: the booking becomes an A number', async () => {
    ctx.clock.set(new Date('2026-11-26T01:20:00Z'));
    const t = ok(await citizen.POST('/api/halls/appointments/{id}/check-in', byId(appointmentId)));
    expect(t).toMatchObject({ number: 'A001', kind: 'appointment', status: 'waiting', ahead: 1 });
    ticketId = t.id;
    expect(ok(await citizen.GET('/api/halls/appointments/{id}', byId(appointmentId))).ticket?.number).toBe('A001');
    expect(errorCode(await other.GET('/api/halls/tickets/{id}', byId(ticketId)))).toBe('TICKET_NOT_FOUND');
  });

  it('lets a clerk open only their department’s windows, and work only the window they opened', async () => {
    const windows = ok(await clerk.GET('/api/halls/{hall}/windows/mine', hall)).items;
    expect(windows.map((w) => w.number)).toEqual([1, 2]);
    expect(ok(await psbClerk.GET('/api/halls/{hall}/windows/mine', hall)).items.map((w) => w.number)).toEqual([3]);
    expect((await reviewer.GET('/api/halls/{hall}/windows/mine', hall)).response.status).toBe(403);
    const w1 = windows[0]!.id;
    expect(errorCode(await psbClerk.POST('/api/halls/windows/{id}/open', byId(w1)))).toBe('FORBIDDEN');
    expect(ok(await clerk.POST('/api/halls/windows/{id}/open', byId(w1))).mine).toBe(true);
    expect(errorCode(await psbClerk.POST('/api/halls/windows/{id}/call-next', byId(w1)))).toBe('WINDOW_NOT_YOURS');
    expect(errorCode(await citizen.POST('/api/halls/windows/{id}/call-next', byId(w1)))).toBe('WINDOW_NOT_YOURS');
  });

  it('calls the appointment due first, shows it on the screen, transfers, serves and finishes', async () => {
    const [w1, w2] = ok(await clerk.GET('/api/halls/{hall}/windows/mine', hall)).items;
    const w3 = ok(await psbClerk.GET('/api/halls/{hall}/windows/mine', hall)).items[0]!;
    // A001 is due at 09:30, within the 15 minutes' tolerance of 09:20: before the earlier walk-in.
    const called = ok(await clerk.POST('/api/halls/windows/{id}/call-next', byId(w1!.id)));
    expect(called).toMatchObject({ number: 'A001', status: 'called', window: { number: 1 } });
    expect(errorCode(await clerk.POST('/api/halls/windows/{id}/call-next', byId(w1!.id)))).toBe('TICKET_STATE');
    const screen = ok(await (await import('../helpers.ts')).client(ctx).GET('/api/halls/{hall}/screen', hall));
    expect(screen.calls.map((c) => [c.number, c.windowNumber])).toEqual([['A001', 1]]);
    expect(screen.waiting).toBe(1);
    expect(ok(await citizen.GET('/api/halls/tickets/{id}', byId(ticketId))).window?.number).toBe(1);
    // A transfer to a window of another hall, or of nowhere, is refused; to window 3 it waits there first.
    expect(
      (await clerk.POST('/api/halls/tickets/{id}/transfer', { ...byId(ticketId), body: { windowId: w2!.id } })).response
        .status,
    ).toBe(200);
    // Window 2 is not open: the number waits for it. Send it on to the PSB window instead.
    expect(errorCode(await psbClerk.POST('/api/halls/tickets/{id}/serve', byId(ticketId)))).toBe('WINDOW_NOT_YOURS');
    ok(await clerk.POST('/api/halls/windows/{id}/open', byId(w2!.id)));
    ok(await clerk.POST('/api/halls/windows/{id}/call-next', byId(w2!.id)));
    ok(await clerk.POST('/api/halls/tickets/{id}/transfer', { ...byId(ticketId), body: { windowId: w3.id } }));
    ok(await psbClerk.POST('/api/halls/windows/{id}/open', byId(w3.id)));
    ctx.clock.advance(5 * 60_000);
    const again = ok(await psbClerk.POST('/api/halls/windows/{id}/call-next', byId(w3.id)));
    expect(again).toMatchObject({ number: 'A001', window: { number: 3 } });
    expect(errorCode(await psbClerk.POST('/api/halls/tickets/{id}/finish', byId(ticketId)))).toBe('TICKET_STATE');
    ok(await psbClerk.POST('/api/halls/tickets/{id}/serve', byId(ticketId)));
    ctx.clock.advance(10 * 60_000);
    expect(ok(await psbClerk.POST('/api/halls/tickets/{id}/finish', byId(ticketId))).status).toBe('done');
  });

  it('marks a no-show only after the recalls, then finds the queue empty', async () => {
    const w1 = ok(await clerk.GET('/api/halls/{hall}/windows/mine', hall)).items[0]!;
    const b = ok(await clerk.POST('/api/halls/windows/{id}/call-next', byId(w1.id)));
    expect(b.id).toBe(walkInId);
    expect(errorCode(await clerk.POST('/api/halls/tickets/{id}/no-show', byId(walkInId)))).toBe('NO_SHOW_TOO_EARLY');
    ok(await clerk.POST('/api/halls/tickets/{id}/recall', byId(walkInId)));
    expect(ok(await clerk.POST('/api/halls/tickets/{id}/recall', byId(walkInId))).recalls).toBe(2);
    expect(ok(await clerk.POST('/api/halls/tickets/{id}/no-show', byId(walkInId))).status).toBe('no_show');
    expect(errorCode(await clerk.POST('/api/halls/windows/{id}/call-next', byId(w1.id)))).toBe('QUEUE_EMPTY');
  });

  it('counts the day’s waiting and serving times, and audits every step', async () => {
    const stats = ok(await citizen.GET('/api/halls/{hall}/stats', { params: { path: { hall: HALL }, query: {} } }));
    expect(stats).toMatchObject({ day: '2026-11-26', waitingNow: 0, served: 1, noShows: 1 });
    expect(stats.averageServeMinutes).toBe(10);
    expect(stats.medianWaitMinutes).not.toBeNull();
    const actions = await query<{ action: string }>(
      ctx,
      sql`select distinct action from platform.audit_log where action like 'halls.%' order by action`,
    );
    expect(actions.map((a) => a.action)).toEqual([
      'halls.appointment.booked',
      'halls.appointment.cancelled',
      'halls.appointment.changed',
      'halls.seed.loaded',
      'halls.ticket.called',
      'halls.ticket.checked-in',
      'halls.ticket.finished',
      'halls.ticket.no-show',
      'halls.ticket.recalled',
      'halls.ticket.serving',
      'halls.ticket.transferred',
      'halls.ticket.walk-in',
      'halls.window.opened',
    ]);
  });
  it('streams the calling screen live: a call appears on the screen as it is made', async () => {
    const address = await ctx.app.listen({ port: 0, host: '127.0.0.1' });
    const stop = new AbortController();
    const res = await fetch(`${address}/api/halls/${HALL}/screen/events`, { signal: stop.signal });
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    type Screen = { waiting: number; calls: { number: string; windowNumber: number }[] };
    /** Read screens until one satisfies `want`. */
    const until = async (want: (s: Screen) => boolean): Promise<Screen> => {
      for (;;) {
        const end = buffer.indexOf('\n\n');
        if (end >= 0) {
          const event = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = event.split('\n').find((l) => l.startsWith('data: '));
          const screen = data ? (JSON.parse(data.slice(6)) as Screen) : null;
          if (screen && want(screen)) return screen;
          continue;
        }
        const { value, done } = await reader.read();
        if (done) throw new Error('the stream ended');
        buffer += decoder.decode(value, { stream: true });
      }
    };
    expect((await until(() => true)).waiting).toBe(0);
    const walkIn = ok(await clerk.POST('/api/halls/{hall}/tickets', { ...hall, body: { itemCode: PSB_ITEM } }));
    expect(walkIn.number).toBe('B002');
    await until((s) => s.waiting === 1);
    const w1 = ok(await clerk.GET('/api/halls/{hall}/windows/mine', hall)).items[0]!;
    ok(await clerk.POST('/api/halls/windows/{id}/call-next', byId(w1.id)));
    const called = await until((s) => s.calls.some((c) => c.number === 'B002'));
    expect(called.calls.find((c) => c.number === 'B002')?.windowNumber).toBe(1);
    expect(called.waiting).toBe(0);
    stop.abort();
  });
});
