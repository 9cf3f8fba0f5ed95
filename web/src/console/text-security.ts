// The staff console's text of account security (key `security`): the new-password step after a
// reset by the security admin, and the security admin's accounts page. zh-CN first. Wired into
// console/text.ts.
import type { Shape } from '../shared/text-shape';

const zhCN = {
  newPassword: {
    title: '设置新密码',
    prompt: '安全管理员已重置您的密码。请设置一个新密码，完成后即可进入工作台。',
    submit: '保存并登录',
  },
  accounts: {
    menu: '账号安全',
    title: '账号安全',
    search: '姓名或用户名',
    kindAll: '全部账号',
    kind: { citizen: '市民', staff: '工作人员' },
    name: '姓名',
    username: '用户名',
    type: '类型',
    status: '状态',
    assurance: '实名等级',
    totp: '两步验证',
    phone: '手机号',
    actions: '操作',
    statuses: { active: '正常', disabled: '已停用', frozen: '已冻结' },
    totpOn: '已绑定',
    totpOff: '未绑定',
    reset: '重置密码和动态口令',
    resetTitle: '重置「{{name}}」的密码和动态口令？',
    resetBody:
      '该工作人员的所有登录将立即退出。下次登录须使用临时密码，重新绑定身份验证器并设置新密码。此操作将记入审计日志。',
    resetOk: '确认重置',
    resetDone: '已重置。请当面将临时密码交给本人，它只显示这一次：',
    temporaryPassword: '临时密码',
    close: '我已交给本人',
  },
};

const en: Shape<typeof zhCN> = {
  newPassword: {
    title: 'Set a new password',
    prompt: 'A security admin reset your password. Choose a new one to enter the console.',
    submit: 'Save and sign in',
  },
  accounts: {
    menu: 'Account security',
    title: 'Account security',
    search: 'Name or username',
    kindAll: 'All accounts',
    kind: { citizen: 'Citizens', staff: 'Staff' },
    name: 'Name',
    username: 'Username',
    type: 'Type',
    status: 'Status',
    assurance: 'Real-name level',
    totp: 'Two-step verification',
    phone: 'Phone',
    actions: 'Actions',
    statuses: { active: 'Active', disabled: 'Disabled', frozen: 'Frozen' },
    totpOn: 'Set up',
    totpOff: 'Not set up',
    reset: 'Reset password and authenticator',
    resetTitle: 'Reset the password and authenticator of “{{name}}”?',
    resetBody:
      'Every session of this staff member ends now. At the next sign-in they use a temporary password, set up their authenticator again and choose a new password. This is recorded in the audit trail.',
    resetOk: 'Reset',
    resetDone: 'Done. Hand the temporary password over in person; it is shown only this once:',
    temporaryPassword: 'Temporary password',
    close: 'Handed over',
  },
};

export const securityText = { zhCN, en };
