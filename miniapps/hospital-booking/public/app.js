// 预约挂号: plain JavaScript. Signs in through the Yiwang SDK, lists departments and slots from
// the hospital's own backend, and books one under the patient's real name.
/* global Yiwang */
import { api, el, follow, signIn, signInByRedirect } from '/lib/page.js';

const SCOPE = 'openid profile id_number_masked phone';
const TEXT = {
  'zh-CN': {
    title: '预约挂号',
    hospital: '温州市人民医院',
    loading: '加载中…',
    hello: '{name}，您好',
    choose: '选择科室',
    book: '预约',
    full: '已约满',
    booked: '已预约：{dept} {day} {time}',
    signin: '用一网账号登录',
    outside: '您正在浏览器中使用，请先登录。',
    mine: '我的预约',
    back: '返回科室',
  },
  en: {
    title: 'Hospital appointments',
    hospital: "Wenzhou People's Hospital",
    loading: 'Loading…',
    hello: 'Hello, {name}',
    choose: 'Choose a department',
    book: 'Book',
    full: 'Taken',
    booked: 'Booked: {dept} {day} {time}',
    signin: 'Sign in with Yiwang',
    outside: 'You are using a web browser: sign in first.',
    mine: 'My appointments',
    back: 'Back to departments',
  },
};
Yiwang.configure({ clientId: 'app-hospital-booking' });

let t = TEXT['zh-CN'];
let lang = 'zh-CN';
const state = { user: null, departments: [], slots: null, department: null, mine: [], error: null };
const main = document.getElementById('main');
const deptName = (code) => state.departments.find((d) => d.code === code)?.[lang === 'en' ? 'en' : 'zh'] ?? code;

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
  for (const a of state.mine)
    main.append(
      el(
        'p',
        { class: 'ok', testid: 'appointment' },
        t.booked.replace('{dept}', deptName(a.department)).replace('{day}', a.day).replace('{time}', a.time),
      ),
    );
  if (!state.slots) {
    main.append(el('h3', {}, t.choose));
    for (const d of state.departments)
      main.append(
        el(
          'div',
          { class: 'card row' },
          el('strong', {}, lang === 'en' ? d.en : d.zh),
          el('button', { class: 'secondary', testid: `dept-${d.code}`, onclick: () => void open(d.code) }, '›'),
        ),
      );
    return;
  }
  main.append(
    el(
      'button',
      {
        class: 'secondary',
        onclick: () => {
          state.slots = null;
          render();
        },
      },
      t.back,
    ),
  );
  main.append(el('h3', {}, deptName(state.department)));
  for (const s of state.slots)
    main.append(
      el(
        'div',
        { class: 'card row' },
        el('span', {}, `${s.day} ${s.time}`),
        s.free
          ? el('button', { testid: `slot-${s.id}`, onclick: () => void book(s.id) }, t.book)
          : el('span', { class: 'muted' }, t.full),
      ),
    );
}

async function open(code) {
  state.department = code;
  state.slots = (await api(`/api/slots/${code}`)).items;
  render();
}

async function book(slotId) {
  state.error = null;
  try {
    await api('/api/appointments', { slotId });
    void Yiwang.track('appointment_booked', { department: state.department });
    state.mine = (await api('/api/appointments')).items;
    state.slots = null;
  } catch (err) {
    state.error = err.message;
  }
  render();
}

async function start() {
  const apply = (s) => {
    lang = s.language;
    t = follow(s, TEXT, render);
    void Yiwang.setTitle(t.title);
  };
  apply(await Yiwang.settings());
  Yiwang.onSettingsChange(apply);
  try {
    state.user = await signIn(SCOPE);
    if (state.user) {
      state.departments = (await api('/api/departments')).items;
      state.mine = (await api('/api/appointments')).items;
    }
  } catch (err) {
    state.error = err.message;
  }
  document.body.dataset.state = state.user ? 'signed-in' : 'signed-out';
  render();
}
void start();
