/**
 * 公交卡充值 (bus card top-up), by 龙港市公共交通有限公司: the holder's card and its balance, a
 * top-up order paid through the super app's payment sheet, and scanning a card's QR code to
 * top up another card (a family member's) through the bridge's scanner.
 */
import { createHash, randomBytes } from 'node:crypto';
import path from 'node:path';
import { createSite, HttpError } from '../lib/site.ts';

const AMOUNTS = [2000, 5000, 10000];

export function busCard(platformUrl: string) {
  const balances = new Map<string, number>(); // card number → balance (fen)
  const orders = new Map<string, { id: string; sub: string; card: string; amountFen: number; paid: boolean }>();
  const cardOf = (sub: string) =>
    `LG${parseInt(createHash('sha256').update(sub).digest('hex').slice(0, 10), 16).toString().padStart(12, '0').slice(0, 12)}`;
  const balance = (card: string) => balances.get(card) ?? 1250;
  const site = createSite({
    slug: 'bus-card',
    dir: path.join(import.meta.dirname, 'public'),
    platformUrl,
    routes: {
      'GET /api/card': ({ user }) => {
        const card = cardOf(user.sub);
        return { card, balanceFen: balance(card), amounts: AMOUNTS };
      },
      'POST /api/topups': ({ user, body }) => {
        const amountFen = Number(body.amountFen);
        if (!AMOUNTS.includes(amountFen)) throw new HttpError(400, 'choose an amount');
        const card = typeof body.card === 'string' && /^LG\d{12}$/.test(body.card) ? body.card : cardOf(user.sub);
        const order = { id: `TU${randomBytes(6).toString('hex')}`, sub: user.sub, card, amountFen, paid: false };
        orders.set(order.id, order);
        return order;
      },
      'POST /api/topups/:id/paid': async ({ user, params, body }) => {
        const order = orders.get(params[0]!);
        if (!order || order.sub !== user.sub) throw new HttpError(404, 'no such order');
        const trade = await site.payment(String(body.tradeNo ?? ''));
        if (trade.app !== 'bus-card' || trade.orderId !== order.id || trade.amountFen !== order.amountFen)
          throw new HttpError(422, 'the payment is for another order');
        if (trade.status !== 'paid') throw new HttpError(409, `the payment is ${trade.status}`);
        if (!order.paid) balances.set(order.card, balance(order.card) + order.amountFen);
        order.paid = true;
        return { card: order.card, balanceFen: balance(order.card) };
      },
    },
  });
  return site;
}
