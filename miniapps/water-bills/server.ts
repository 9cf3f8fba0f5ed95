/**
 * 水电缴费 (water and power bills), by 龙港市自来水有限公司: the holder's bills this month, paid
 * through the super app's payment sheet (the platform's sandbox provider). Plain JavaScript pages
 * without any framework (public/): the SDK needs none.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import { createSite, HttpError } from '../lib/site.ts';

export function waterBills(platformUrl: string) {
  const paid = new Map<string, string>(); // bill id → trade number
  const billsOf = (sub: string) => {
    const h = createHash('sha256').update(sub).digest();
    const month = new Date().toISOString().slice(0, 7);
    const key = h.toString('hex').slice(0, 8);
    return [
      { id: `W${month.replace('-', '')}-${key}`, kind: 'water', amountFen: 2000 + (h[0]! % 50) * 100 + h[1]! },
      { id: `E${month.replace('-', '')}-${key}`, kind: 'power', amountFen: 5000 + (h[2]! % 90) * 100 + h[3]! },
    ].map((b) => ({ ...b, month, paid: paid.has(b.id), tradeNo: paid.get(b.id) ?? null }));
  };
  const site = createSite({
    slug: 'water-bills',
    dir: path.join(import.meta.dirname, 'public'),
    platformUrl,
    routes: {
      'GET /api/bills': ({ user }) => ({ items: billsOf(user.sub), address: user.claims.address ?? null }),
      // The page paid through the bridge: check the trade at the platform before marking the bill paid.
      'POST /api/bills/:id/paid': async ({ user, params, body }) => {
        const bill = billsOf(user.sub).find((b) => b.id === params[0]);
        if (!bill) throw new HttpError(404, 'no such bill');
        const trade = await site.payment(String(body.tradeNo ?? ''));
        if (trade.app !== 'water-bills' || trade.orderId !== bill.id || trade.amountFen !== bill.amountFen)
          throw new HttpError(422, 'the payment is for another order');
        if (trade.status !== 'paid') throw new HttpError(409, `the payment is ${trade.status}`);
        paid.set(bill.id, String(body.tradeNo));
        return { ...bill, paid: true, tradeNo: String(body.tradeNo) };
      },
    },
  });
  return site;
}
