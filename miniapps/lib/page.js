// What the three demo mini-apps' pages share (plain JavaScript, no framework): signing in through
// the Yiwang SDK (the bridge inside the super app, the OIDC redirect outside), the app's own
// backend session, and following the bridge's settings (elder mode, language, safe areas).
/* global Yiwang */

const SESSION = 'miniapp.session';

/** Call the app's own backend with its session. */
export async function api(path, body) {
  const session = sessionStorage.getItem(SESSION);
  const res = await fetch(path, {
    method: body === undefined ? 'GET' : 'POST',
    headers: {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(session ? { authorization: `Bearer ${session}` } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const answer = await res.json();
  if (!res.ok) throw Object.assign(new Error(answer.error ?? `HTTP ${res.status}`), { status: res.status });
  return answer;
}

/** Apply the bridge's settings: elder mode and language on <html>, the safe area as padding. */
export function follow(settings, texts, render) {
  const root = document.documentElement;
  root.classList.toggle('elder', settings.elder);
  root.lang = settings.language;
  root.style.setProperty('--safe-bottom', `${settings.safeArea.bottom}px`);
  const t = texts[settings.language] ?? texts['zh-CN'];
  for (const el of document.querySelectorAll('[data-t]')) el.textContent = t[el.dataset.t] ?? el.dataset.t;
  render(t, settings);
  return t;
}

/**
 * Sign in: a session kept from before; or the code the OIDC redirect brought back; or, inside the
 * super app, a code from the bridge at once. Outside with nothing yet: null (the page shows a button).
 */
export async function signIn(scope) {
  if (sessionStorage.getItem(SESSION)) {
    try {
      return await api('/api/me');
    } catch {
      sessionStorage.removeItem(SESSION);
    }
  }
  let login = Yiwang.handleRedirect();
  if (!login && (await Yiwang.inSuperApp())) login = await Yiwang.login({ scope });
  if (!login) return null;
  const { session, user } = await api('/api/session', {
    code: login.code,
    codeVerifier: login.codeVerifier,
    redirectUri: login.redirectUri,
  });
  sessionStorage.setItem(SESSION, session);
  return user;
}

/** The standard OIDC redirect (outside the super app). */
export function signInByRedirect(scope) {
  return Yiwang.login({ scope });
}

export const yuan = (fen) => `¥${(fen / 100).toFixed(2)}`;

export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
    else if (k === 'testid') node.dataset.testid = v;
    else node.setAttribute(k, v);
  }
  for (const c of children) node.append(c);
  return node;
}
