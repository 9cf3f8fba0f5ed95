// The citizen app's text of account security (key `security`): one-time codes to a phone at
// registration and 忘记密码 (password recovery). zh-CN first. Wired into citizen/text.ts.
import type { Shape } from '../shared/text-shape';

const zhCN = {
  code: {
    label: '短信验证码',
    placeholder: '6 位验证码',
    send: '获取验证码',
    resend: '{{seconds}} 秒后重新获取',
    sent: '验证码已发送，5 分钟内有效',
    phoneFirst: '请先填写正确的 11 位手机号',
  },
  forgot: {
    link: '忘记密码？',
    title: '找回密码',
    intro: '输入注册时使用的手机号，我们会向它发送验证码。验证后设置新密码，所有设备上的登录都将退出。',
    submit: '重置密码',
    done: '密码已重置，请用新密码登录',
    staff: '工作人员忘记密码或丢失身份验证器，请联系安全管理员重置。',
  },
};

const en: Shape<typeof zhCN> = {
  code: {
    label: 'Text message code',
    placeholder: '6-digit code',
    send: 'Send code',
    resend: 'Resend in {{seconds}} s',
    sent: 'Code sent. It is valid for 5 minutes',
    phoneFirst: 'Enter a valid 11-digit mobile number first',
  },
  forgot: {
    link: 'Forgot password?',
    title: 'Recover your password',
    intro:
      'Enter the mobile number you registered with and we will text it a code. Then set a new password; every device is signed out.',
    submit: 'Reset password',
    done: 'Password reset. Sign in with the new one',
    staff: 'Staff who forgot their password or lost their authenticator: ask a security admin to reset them.',
  },
};

export const securityText = { zhCN, en };
