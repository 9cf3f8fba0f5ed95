// 水电缴费: plain JavaScript, no framework. Signs in through the Yiwang SDK, lists this month's
// bills from its own backend, and pays through the super app's payment sheet.
/* global Yiwang */
import { api, el, follow, signIn, signInByRedirect, yuan } from '/lib/page.js';

const SCOPE = 'openid profile address';
const TEXT = {
  'zh-CN': {
    title: '水电缴费',
    loading: '加载中…',
    hello: '{name}，您好',
    bills: '本月账单',
    water: '水费',
    power: '电费',
    pay: '缴费',
    paid: '已缴',
    signin: '用一网账号登录',
    outside: '您正在浏览器中使用，请先登录。',
    failed: '缴费未完成',
    address: '用水地址',
    payOnly: '请在一网超级App中缴费',
  },
  en: {
    title: 'Water & power bills',
    loading: 'Loading…',
    hello: 'Hello, {name}',
    bills: "This month's bills",
    water: 'Water',
    power: 'Electricity',
    pay: 'Pay',
    paid: 'Paid',
    signin: 'Sign in with Yiwang',
    outside: 'You are using a web browser: sign in first.',
    failed: 'The payment did not complete',
    address: 'Address',
    payOnly: 'Pay inside the Yiwang super app',
  },
};
Yiwang.configure({ clientId: 'app-water-bills' });

let t = TEXT['zh-CN'];
let state = { user: null, bills: null, error: null };
const main = document.getElementById('main');

function render() {
  main.replaceChildren();
  if (state.error) main.append(el('p', { class: 'error', testid: 'error' }, state.error));
  if (!state.user) {
    main.append(
      el(
        'div',
        { class: 'card' },
        el('p', {}, t.outside),
        el('button', { testid: 'signin', onclick: () => void signInByRedirect(SCOPE) }, t.signin),
      ),
    );
    return;
  }
  main.append(el('h2', { testid: 'greeting' }, t.hello.replace('{name}', state.user.name ?? '')));
  if (state.bills?.address)
    main.append(el('p', { class: 'muted decor' }, `${t.address}: ${state.bills.address.formatted ?? ''}`));
  main.append(el('h3', {}, t.bills));
  for (const b of state.bills?.items ?? []) {
    main.append(
      el(
        'div',
        { class: 'card row', testid: `bill-${b.kind}` },
        el('div', {}, el('strong', {}, t[b.kind]), el('div', { class: 'muted' }, `${b.month} · ${b.id}`)),
        el(
          'div',
          {},
          el('div', {}, yuan(b.amountFen)),
          b.paid
            ? el('span', { class: 'ok', testid: 'paid' }, t.paid)
            : el('button', { testid: `pay-${b.kind}`, onclick: () => void pay(b) }, t.pay),
        ),
      ),
    );
  }
}

async function pay(bill) {
  state.error = null;
  try {
    const r = await Yiwang.pay({
      orderId: bill.id,
      amountFen: bill.amountFen,
      subject: `${t[bill.kind]} ${bill.month}`,
    });
    if (r.status !== 'paid') throw new Error(t.failed);
    await api(`/api/bills/${encodeURIComponent(bill.id)}/paid`, { tradeNo: r.tradeNo });
    void Yiwang.track('bill_paid', { kind: bill.kind });
    state.bills = await api('/api/bills');
  } catch (err) {
    state.error = err.code === 'NOT_IN_SUPERAPP' ? t.payOnly : err.message;
  }
  render();
}

async function start() {
  const apply = (s) => {
    t = follow(s, TEXT, render);
    void Yiwang.setTitle(t.title);
  };
  apply(await Yiwang.settings());
  Yiwang.onSettingsChange(apply);
  try {
    state.user = await signIn(SCOPE);
    if (state.user) state.bills = await api('/api/bills');
  } catch (err) {
    state.error = err.message;
  }
  document.body.dataset.state = state.user ? 'signed-in' : 'signed-out';
  render();
}
void start();
