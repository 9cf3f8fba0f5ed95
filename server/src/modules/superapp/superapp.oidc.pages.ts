/**
 * The few pages the provider itself shows (the consent page is the citizen app's): the logout
 * confirmation an RP-initiated logout asks for, its done page, and errors. zh-CN first, English
 * beside; no script (the form posts itself only when the person presses a button).
 */
import type { ErrorOut } from 'oidc-provider';

const escape = (s: string) =>
  s.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!);

const page = (title: string, body: string) => `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escape(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:28rem;margin:3rem auto;padding:0 1rem;color:#222;line-height:1.6}
button{font-size:1rem;padding:.6rem 1.2rem;margin:.3rem .3rem 0 0;border-radius:.4rem;border:1px solid #1677ff;background:#fff;color:#1677ff}
button.primary{background:#1677ff;color:#fff}.en{color:#666;font-size:.9rem}</style></head>
<body>${body}</body></html>`;

/** Asks whether to sign out of 一网 (ending every app's single sign-on) or only of this app. */
export function logoutPage(form: string, clientName: string | null): string {
  const app = clientName ? escape(clientName) : '应用';
  return page(
    '退出登录 Sign out',
    `<h1>退出登录</h1><p class="en">Sign out</p>
${form}
<p>是否同时退出一网（所有应用的统一登录都将结束）？</p>
<p class="en">Also sign out of Yiwang (single sign-on ends for every app)?</p>
<button class="primary" type="submit" form="op.logoutForm" value="yes" name="logout" data-testid="logout-all">退出一网 Sign out of Yiwang</button>
<button type="submit" form="op.logoutForm" data-testid="logout-app">仅退出${app} Only this app</button>`,
  );
}

export function loggedOutPage(): string {
  return page('已退出 Signed out', '<h1>您已退出登录</h1><p class="en">You are signed out.</p>');
}

export function errorPage(out: ErrorOut): string {
  const detail = escape(String(out.error_description ?? out.error ?? ''));
  return page(
    '登录出错 Sign-in failed',
    `<h1>登录出错</h1><p class="en">Sign-in failed</p><p><code>${escape(String(out.error ?? 'error'))}</code> ${detail}</p>
<p>请回到应用重新登录。<span class="en">Go back to the app and sign in again.</span></p>`,
  );
}
