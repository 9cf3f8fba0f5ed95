/** notify's words: messages for case events, the e-mail made from a message, address checks and masking in errors. */
import { describe, expect, it } from 'vitest';
import type { CaseChangedPayload } from '../../src/modules/applications/index.ts';
import { describeMailError, maskAddressesIn } from '../../src/modules/notify/notify.mail.ts';
import { isEmail, normaliseEmail } from '../../src/modules/notify/notify.service.ts';
import {
  caseChangedMessage,
  caseOverdueMessage,
  formatChinaTime,
  renderEmail,
} from '../../src/modules/notify/notify.templates.ts';

const base: CaseChangedPayload = {
  caseId: 'c-1',
  caseNumber: 'LG202611250001',
  regionCode: '330383',
  applicantAccountId: '01900000-0000-7000-8000-000000000001',
  title: { zh: '新生儿出生一件事', en: 'Newborn: one thing' },
  action: 'accept',
  status: 'in_progress',
  headline: { zh: '已受理', en: 'Accepted' },
};

describe('case messages', () => {
  it('a plain update: number, headline as a sentence, link to the case', () => {
    const m = caseChangedMessage(base);
    expect(m).toEqual({
      title: { zh: '「新生儿出生一件事」办件进度更新', en: 'Case update: Newborn: one thing' },
      body: { zh: '办件编号 LG202611250001。\n已受理。', en: 'Case number LG202611250001.\nAccepted.' },
      link: '/cases/c-1',
    });
  });

  it('does not double the punctuation a headline already has', () => {
    const m = caseChangedMessage({ ...base, headline: { zh: '已受理！', en: 'Accepted!' } });
    expect(m.body.zh.endsWith('已受理！')).toBe(true);
    expect(m.body.en.endsWith('Accepted!')).toBe(true);
  });

  it('says a case is complete once, whether or not the headline says it', () => {
    const plain = caseChangedMessage({
      ...base,
      action: 'complete',
      status: 'completed',
      headline: { zh: '证照已签发', en: 'Licence issued' },
    });
    expect(plain.body.zh).toBe('办件编号 LG202611250001。\n证照已签发。\n已办结，办理结果可在办件详情中查看。');
    expect(plain.body.en).toBe(
      'Case number LG202611250001.\nLicence issued.\nYour case is complete; see the result in the case details.',
    );
    const said = caseChangedMessage({
      ...base,
      action: 'complete',
      status: 'completed',
      headline: { zh: '已办结，请查看办理结果', en: 'Completed: see the result' },
    });
    expect(said.body).toEqual({
      zh: '办件编号 LG202611250001。\n已办结，请查看办理结果。',
      en: 'Case number LG202611250001.\nCompleted: see the result.',
    });
  });

  it('submission, correction (with and without items), withdrawal', () => {
    expect(
      caseChangedMessage({ ...base, action: 'submit' }).body.zh.startsWith('已收到您的申请，办件编号 LG202611250001。'),
    ).toBe(true);
    const c = caseChangedMessage({
      ...base,
      action: 'request_correction',
      status: 'correction',
      correctionItems: [' 身份证复印件模糊 ', ''],
    });
    expect(c.body.zh).toContain('请补正以下内容后重新提交：\n1. 身份证复印件模糊');
    expect(c.body.zh).not.toContain('2.');
    const bare = caseChangedMessage({ ...base, action: 'request_correction', status: 'correction' });
    expect(bare.body.zh).toContain('请查看办件详情，补正后重新提交。');
    expect(caseChangedMessage({ ...base, action: 'withdraw', status: 'withdrawn' }).title.zh).toBe(
      '「新生儿出生一件事」已撤回',
    );
  });

  it('an overdue case: China time, department, branch and step, console link', () => {
    const m = caseOverdueMessage({
      caseId: 'c/2',
      caseNumber: 'LG1',
      regionCode: '330383',
      title: { zh: '新生儿出生一件事', en: 'Newborn' },
      departmentCode: 'ASB',
      branch: 'HRSS',
      state: 'branch_review',
      deadlineAt: '2026-12-31T16:30:00Z',
      notifyAccountIds: [],
    });
    expect(m.link).toBe('/console/cases/c%2F2');
    expect(m.body.zh).toBe(
      '办件 LG1 的办理时限已于 2027-01-01 00:30 届满，请尽快处理。\n环节：ASB · HRSS · branch_review',
    );
    expect(m.body.en).toContain('at 2027-01-01 00:30 (UTC+8)');
  });

  it('formats China Standard Time and leaves what is not a time as it is', () => {
    expect(formatChinaTime('2026-11-25T01:05:00Z')).toBe('2026-11-25 09:05');
    expect(formatChinaTime('soon')).toBe('soon');
  });
});

describe('the e-mail', () => {
  const message = {
    title: { zh: '标题<b>', en: 'Title & more' },
    body: { zh: '第一行\n第二行 <script>', en: 'Line "one"' },
    link: '/cases/1',
  };

  it('Chinese first, English below, in text and escaped HTML, with an absolute link', () => {
    const mail = renderEmail(message, 'https://yiwang.example.gov.cn/');
    expect(mail.subject).toBe('标题<b> | Title & more');
    expect(mail.text.indexOf('第一行')).toBeLessThan(mail.text.indexOf('Line "one"'));
    expect(mail.text).toContain('查看详情：https://yiwang.example.gov.cn/cases/1');
    expect(mail.html).toContain('<h2 style="font-size:18px;margin:0 0 12px">标题&lt;b&gt;</h2>');
    expect(mail.html).toContain('第一行<br>第二行 &lt;script&gt;');
    expect(mail.html).toContain('Line &quot;one&quot;');
    expect(mail.html).toContain('<a href="https://yiwang.example.gov.cn/cases/1">查看详情</a>');
    expect(mail.html).not.toContain('<script>');
  });

  it('without a public address, asks the reader to sign in instead of linking', () => {
    const mail = renderEmail(message, null);
    expect(mail.text).toContain('请登录一网查看详情。');
    expect(mail.html).not.toContain('<a ');
  });
});

describe('addresses', () => {
  it('accepts the addresses people use and refuses what is not one', () => {
    for (const ok of ['zhangsan@qq.com', 'chen.xiao-ming+gov@mail.example.com.cn', 'a_b@163.com'])
      expect(isEmail(ok), ok).toBe(true);
    for (const bad of [
      '',
      'plain',
      'a@b',
      'a@b.c',
      '.a@example.com',
      'a..b@example.com',
      'a b@example.com',
      'a@-example.com',
      '张@example.com',
      'a@example.com\n',
    ]) {
      expect(isEmail(bad), bad).toBe(false);
    }
  });

  it('normalises: trimmed, domain in lower case, empty is none', () => {
    expect(normaliseEmail('  Li.Si@Example.COM ')).toBe('Li.Si@example.com');
    expect(normaliseEmail('   ')).toBeNull();
  });

  it('masks every address in an SMTP error', () => {
    expect(maskAddressesIn('550 5.1.1 <zhangsan@example.com>: Recipient address rejected')).toBe(
      '550 5.1.1 <z***n@example.com>: Recipient address rejected',
    );
    const err = Object.assign(new Error("Can't send mail - all recipients were rejected: 550 <lisi@qq.com> unknown"), {
      code: 'EENVELOPE',
      responseCode: 550,
    });
    expect(describeMailError(err)).toBe(
      "EENVELOPE 550 Can't send mail - all recipients were rejected: 550 <l***i@qq.com> unknown",
    );
  });
});
