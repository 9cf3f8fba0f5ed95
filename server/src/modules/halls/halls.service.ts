/** halls' use cases wired behind one interface. */
import { expose } from '../../platform/module.ts';
import type { Platform } from '../../platform/context.ts';
import { Booking } from './halls.booking.ts';
import { HallsContext, type HallsDeps } from './halls.context.ts';
import { Directory } from './halls.directory.ts';
import type { HallsEvents } from './halls.events.ts';
import { Queue } from './halls.queue.ts';
import { Counter } from './halls.counter.ts';

export function hallsService(platform: Platform<HallsEvents>, deps: HallsDeps) {
  const c = new HallsContext(platform, deps);
  const directory = new Directory(c);
  const booking = new Booking(c);
  const queue = new Queue(c);
  const counter = new Counter(c, queue);
  return {
    context: c,
    ...expose(directory, 'list', 'detail', 'slots', 'stats', 'screen', 'screenOf', 'seed'),
    ...expose(counter, 'file', 'receipt'),
    ...expose(booking, 'book', 'change', 'cancel', 'get', 'mine', 'remind'),
    ...expose(
      queue,
      'checkIn',
      'walkIn',
      'kiosk',
      'citizenTicket',
      'window',
      'windowsFor',
      'open',
      'close',
      'callNext',
      'recall',
      'serve',
      'finish',
      'noShow',
      'transfer',
      'servingAt',
    ),
  };
}

export type HallsService = ReturnType<typeof hallsService>;
