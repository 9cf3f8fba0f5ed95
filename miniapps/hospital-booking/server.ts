/**
 * 预约挂号 (hospital appointments), by 温州市人民医院: departments, the next days' slots, and
 * booking one under the patient's real name (from the consented claims).
 */
import path from 'node:path';
import { createSite, HttpError } from '../lib/site.ts';

const DEPARTMENTS = [
  { code: 'NK', zh: '内科', en: 'Internal medicine' },
  { code: 'EK', zh: '儿科', en: 'Paediatrics' },
  { code: 'YK', zh: '眼科', en: 'Ophthalmology' },
];

export function hospitalBooking(platformUrl: string) {
  const booked = new Map<string, { id: string; sub: string; department: string; day: string; time: string }>();
  const slots = (department: string) => {
    const out = [];
    for (let d = 1; d <= 3; d++) {
      const day = new Date(Date.now() + d * 86_400_000).toISOString().slice(0, 10);
      for (const time of ['08:30', '09:30', '14:00', '15:00']) {
        const id = `${department}-${day}-${time.replace(':', '')}`;
        out.push({ id, department, day, time, free: !booked.has(id) });
      }
    }
    return out;
  };
  return createSite({
    slug: 'hospital-booking',
    dir: path.join(import.meta.dirname, 'public'),
    platformUrl,
    routes: {
      'GET /api/departments': () => ({ items: DEPARTMENTS }),
      'GET /api/slots/:department': ({ params }) => {
        if (!DEPARTMENTS.some((d) => d.code === params[0])) throw new HttpError(404, 'no such department');
        return { items: slots(params[0]!) };
      },
      'GET /api/appointments': ({ user }) => ({ items: [...booked.values()].filter((b) => b.sub === user.sub) }),
      'POST /api/appointments': ({ user, body }) => {
        const slot = DEPARTMENTS.flatMap((d) => slots(d.code)).find((s) => s.id === body.slotId);
        if (!slot) throw new HttpError(404, 'no such slot');
        if (!slot.free) throw new HttpError(409, 'the slot is taken');
        const appointment = { id: slot.id, sub: user.sub, department: slot.department, day: slot.day, time: slot.time };
        booked.set(slot.id, appointment);
        return { ...appointment, patient: user.name ?? null, idNumber: user.claims.id_number_masked ?? null };
      },
    },
  });
}
