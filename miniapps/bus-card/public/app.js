// 公交卡充值: plain JavaScript. Shows the holder's card, tops it up through the super app's payment
// sheet, and scans another card's QR code (the bridge's scanner) to top that one up.
/* global Yiwang */
import { api, el, follow, signIn, signInByRedirect, yuan } from '/lib/page.js';

const SCOPE = 'openid profile';
const TEXT = {
  'zh-CN': {
    title: '公交卡充值',
    loading: '加载中…',
    hello: '{name}，您好',
    card: '卡号',
    balance: '余额',
    topup: '充值',
    scan: '扫码为他人充值',
    other: '为此卡充值：{card}',
    done: '充值成功，余额 {balance}',
    signin: '用一网账号登录',
    outside: '您正在浏览器中使用，请先登录。',
    failed: '支付未完成',
    payOnly: '请在一网超级App中充值',
  },
  en: {
    title: 'Bus card top-up',
    loading: 'Loading…',
    hello: 'Hello, {name}',
    card: 'Card',
    balance: 'Balance',
    topup: 'Top up',
    scan: "Scan another card's code",
    other: 'Topping up card {card}',
    done: 'Topped up: the balance is {balance}',
    signin: 'Sign in with Yiwang',
    outside: 'You are using a web browser: sign in first.',
    failed: 'The payment did not complete',
    payOnly: 'Top up inside the Yiwang super app',
  },
};
Yiwang.configure({ clientId: 'app-bus-card' });

let t = TEXT['zh-CN'];
const state = { user: null, card: null, target: null, message: null, error: null };
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
  if (state.message) main.append(el('p', { class: 'ok', testid: 'topped-up' }, state.message));
  if (state.card)
    main.append(
      el(
        'div',
        { class: 'card' },
        el(
          'div',
          { class: 'row' },
          el('span', { class: 'muted' }, t.card),
          el('span', { testid: 'card' }, state.card.card),
        ),
        el(
          'div',
          { class: 'row' },
          el('span', { class: 'muted' }, t.balance),
          el('strong', { testid: 'balance' }, yuan(state.card.balanceFen)),
        ),
      ),
    );
  if (state.target) main.append(el('p', {}, t.other.replace('{card}', state.target)));
  main.append(
    el(
      'div',
      { class: 'amounts' },
      ...(state.card?.amounts ?? []).map((a) =>
        el('button', { testid: `topup-${a}`, onclick: () => void topUp(a) }, `${t.topup} ${yuan(a)}`),
      ),
    ),
  );
  main.append(
    el('p', {}, el('button', { class: 'secondary decor', testid: 'scan', onclick: () => void scan() }, t.scan)),
  );
}

async function scan() {
  state.error = null;
  try {
    const { text } = await Yiwang.scanQRCode();
    const m = /LG\d{12}/.exec(text);
    state.target = m ? m[0] : null;
  } catch (err) {
    state.error = err.message;
  }
  render();
}

async function topUp(amountFen) {
  state.error = null;
  state.message = null;
  try {
    const order = await api('/api/topups', { amountFen, ...(state.target ? { card: state.target } : {}) });
    const r = await Yiwang.pay({ orderId: order.id, amountFen, subject: `${t.topup} ${order.card}` });
    if (r.status !== 'paid') throw new Error(t.failed);
    const after = await api(`/api/topups/${order.id}/paid`, { tradeNo: r.tradeNo });
    void Yiwang.track('card_topped_up', { amountFen });
    state.message = t.done.replace('{balance}', yuan(after.balanceFen));
    state.card = await api('/api/card');
    state.target = null;
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
    if (state.user) state.card = await api('/api/card');
  } catch (err) {
    state.error = err.message;
  }
  document.body.dataset.state = state.user ? 'signed-in' : 'signed-out';
  render();
}
void start();
