/**
 * The words of notifications: what an inbox message says for each event, and the e-mail
 * made from a message (Chinese first, English below). Pure functions, no I/O.
 */
import type { CaseChangedPayload, CaseOverduePayload } from '../applications/index.ts';
import type { AppointmentReminderPayload } from '../halls/index.ts';
import type { IdentityEvents } from '../identity/index.ts';
import type { Static } from 'typebox';

export interface LocalText {
  zh: string;
  en: string;
}

export interface MessageContent {
  title: LocalText;
  body: LocalText;
  link: string;
}

/** End a Chinese sentence with 。 unless it already ends with punctuation. */
const zhSentence = (s: string): string => {
  const t = s.trim();
  return t === '' || /[。！？!?.…]$/u.test(t) ? t : `${t}。`;
};
/** End an English sentence with a full stop unless it already ends with punctuation. */
const enSentence = (s: string): string => {
  const t = s.trim();
  return t === '' || /[.!?…。]$/u.test(t) ? t : `${t}.`;
};
const lines = (...parts: (string | null | false | undefined)[]): string =>
  parts.filter((p): p is string => typeof p === 'string' && p !== '').join('\n');

/** China Standard Time (UTC+8, no daylight saving): `2026-11-25 17:00`. */
export function formatChinaTime(iso: string): string {
  const t = new Date(iso);
  if (Number.isNaN(t.getTime())) return iso;
  const d = new Date(t.getTime() + 8 * 3_600_000);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}`;
}

/** The applicant's message when their case changes. */
export function caseChangedMessage(e: CaseChangedPayload): MessageContent {
  const name = e.title;
  const submitted = e.action === 'submit';
  let title: LocalText;
  if (submitted) title = { zh: `「${name.zh}」申请已提交`, en: `Application received: ${name.en}` };
  else if (e.status === 'correction') title = { zh: `「${name.zh}」需要补正`, en: `Corrections needed: ${name.en}` };
  else if (e.status === 'completed') title = { zh: `「${name.zh}」已办结`, en: `Case completed: ${name.en}` };
  else if (e.status === 'rejected') title = { zh: `「${name.zh}」未予通过`, en: `Not approved: ${name.en}` };
  else if (e.status === 'withdrawn') title = { zh: `「${name.zh}」已撤回`, en: `Application withdrawn: ${name.en}` };
  else title = { zh: `「${name.zh}」办件进度更新`, en: `Case update: ${name.en}` };

  const items = (e.correctionItems ?? []).map((s) => s.trim()).filter((s) => s !== '');
  const numbered = items.map((s, i) => `${i + 1}. ${s}`);
  const correction = e.status === 'correction';
  // Say that the case is complete unless the headline already does.
  const completedZh = e.status === 'completed' && !e.headline.zh.includes('办结');
  const completedEn = e.status === 'completed' && !/\bcomplete/i.test(e.headline.en);
  const zh = lines(
    submitted ? `已收到您的申请，办件编号 ${e.caseNumber}。` : `办件编号 ${e.caseNumber}。`,
    zhSentence(e.headline.zh),
    correction && items.length > 0 && `请补正以下内容后重新提交：\n${numbered.join('\n')}`,
    correction && items.length === 0 && '请查看办件详情，补正后重新提交。',
    completedZh && '已办结，办理结果可在办件详情中查看。',
    e.status === 'rejected' && '理由和依据可在办件详情中查看。',
  );
  const en = lines(
    submitted ? `We have received your application, case number ${e.caseNumber}.` : `Case number ${e.caseNumber}.`,
    enSentence(e.headline.en),
    correction && items.length > 0 && `Please correct the following and submit again:\n${numbered.join('\n')}`,
    correction && items.length === 0 && 'Please see the case for what to correct, then submit again.',
    completedEn && 'Your case is complete; see the result in the case details.',
    e.status === 'rejected' && 'The reasons and legal basis are in the case details.',
  );
  return { title, body: { zh, en }, link: `/cases/${encodeURIComponent(e.caseId)}` };
}

/** A staff member's message when a case they hold (or lead) passes its time limit. */
export function caseOverdueMessage(e: CaseOverduePayload): MessageContent {
  const deadline = formatChinaTime(e.deadlineAt);
  const where = [e.departmentCode, e.branch && e.branch !== e.departmentCode ? e.branch : null, e.state]
    .filter(Boolean)
    .join(' · ');
  return {
    title: { zh: `办件已超期：「${e.title.zh}」`, en: `Case overdue: ${e.title.en}` },
    body: {
      zh: lines(`办件 ${e.caseNumber} 的办理时限已于 ${deadline} 届满，请尽快处理。`, where && `环节：${where}`),
      en: lines(
        `Case ${e.caseNumber} passed its time limit at ${deadline} (UTC+8); please deal with it promptly.`,
        where && `Step: ${where}`,
      ),
    },
    link: `/console/cases/${encodeURIComponent(e.caseId)}`,
  };
}

// ---------------------------------------------------------------- e-mail

export interface MailContent {
  subject: string;
  text: string;
  html: string;
}

const escapeHtml = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
const paragraphs = (s: string): string =>
  s
    .split('\n')
    .map((line) => escapeHtml(line))
    .join('<br>');

/** The notice that an account's password was reset with a code sent to its phone. */
export function passwordRecoveredMessage(): MessageContent {
  return {
    title: { zh: '安全提醒：您的登录密码已重置', en: 'Security notice: your password was reset' },
    body: {
      zh: lines(
        '您的一网登录密码已通过手机验证码重置，所有设备上的登录均已退出。',
        '如非本人操作，请立即再次找回密码，并联系政务服务窗口。',
      ),
      en: lines(
        'Your Yiwang password was reset with a code sent to your phone, and every device was signed out.',
        'If this was not you, recover your password again at once and contact a service window.',
      ),
    },
    link: '/me',
  };
}

/**
 * The security notice to a person whose ID number another, unverified account had typed: that
 * account was frozen when the person's own real name was verified.
 */
export function accountFrozenMessage(e: Static<IdentityEvents['identity.account.frozen']>): MessageContent {
  const when = formatChinaTime(e.registeredAt);
  return {
    title: {
      zh: '安全提醒：您的身份证号曾被他人用于注册',
      en: 'Security notice: someone registered with your ID number',
    },
    body: {
      zh: lines(
        `您完成实名认证时，我们发现另一个未实名的账号于 ${when} 使用您的身份证号注册。`,
        '该账号已被冻结，不能再登录或办事；它与企业的关联和它作出的授权已全部撤销。',
        '如果那是您本人的另一个账号，请携带身份证到政务服务窗口办理。',
      ),
      en: lines(
        `When you completed real-name verification we found another, unverified account registered with your ID number on ${when} (China time).`,
        'That account is now frozen: it can no longer sign in or act, and its links to enterprises and the authorisations it gave are withdrawn.',
        'If it was another account of yours, bring your ID card to a service window.',
      ),
    },
    link: '/me',
  };
}

/**
 * The e-mail for an inbox message: the Chinese text, then the English. `publicUrl` (the
 * site's public address) turns the in-app link into one the reader can open.
 */
export function renderEmail(
  m: { title: LocalText; body: LocalText; link: string | null },
  publicUrl: string | null,
): MailContent {
  const url = m.link && publicUrl ? `${publicUrl.replace(/\/+$/, '')}${m.link}` : null;
  const subject = m.title.en.trim() === '' ? m.title.zh : `${m.title.zh} | ${m.title.en}`;
  const footerZh = '此邮件由一网自动发送，请勿回复。如不想再收到邮件提醒，可在“消息设置”中关闭。';
  const footerEn =
    'Sent automatically by Yiwang; please do not reply. You can turn e-mail notices off in your notification settings.';
  const text = [
    m.title.zh,
    '',
    m.body.zh,
    '',
    url ? `查看详情：${url}` : '请登录一网查看详情。',
    '',
    '----',
    '',
    m.title.en,
    '',
    m.body.en,
    '',
    url ? `Open: ${url}` : 'Sign in to Yiwang for the details.',
    '',
    '--',
    footerZh,
    footerEn,
  ].join('\n');
  const link = (label: string) => (url ? `<p><a href="${escapeHtml(url)}">${escapeHtml(label)}</a></p>` : '');
  const html = [
    '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"></head>',
    "<body style=\"font-family:-apple-system,'PingFang SC','Microsoft YaHei',sans-serif;font-size:15px;line-height:1.6;color:#1f2329;max-width:600px\">",
    `<h2 style="font-size:18px;margin:0 0 12px">${escapeHtml(m.title.zh)}</h2>`,
    `<p>${paragraphs(m.body.zh)}</p>`,
    url ? link('查看详情') : '<p>请登录一网查看详情。</p>',
    '<hr style="border:none;border-top:1px solid #e5e6eb;margin:20px 0">',
    `<div lang="en"><h2 style="font-size:16px;margin:0 0 12px">${escapeHtml(m.title.en)}</h2>`,
    `<p>${paragraphs(m.body.en)}</p>`,
    url ? link('Open') : '<p>Sign in to Yiwang for the details.</p>',
    '</div>',
    `<p style="font-size:12px;color:#86909c">${escapeHtml(footerZh)}<br>${escapeHtml(footerEn)}</p>`,
    '</body></html>',
  ].join('\n');
  return { subject, text, html };
}

/** The citizen's reminder the day before an appointment at a service hall. */
export function appointmentReminderMessage(e: Static<typeof AppointmentReminderPayload>): MessageContent {
  const when = formatChinaTime(e.startAt);
  return {
    title: {
      zh: `预约提醒：明天 ${when.slice(11)} 「${e.item.zh}」`,
      en: `Reminder: ${e.item.en} tomorrow at ${when.slice(11)}`,
    },
    body: {
      zh: lines(
        `您预约了 ${when} 在${e.hall.zh}办理「${e.item.zh}」。`,
        `地址：${e.address.zh}。请带好材料，提前到大厅取号。`,
      ),
      en: lines(
        `You booked ${e.item.en} at ${e.hall.en} on ${when} (China time).`,
        `Address: ${e.address.en}. Bring your documents and check in at the hall a little early.`,
      ),
    },
    link: '/appointments',
  };
}
