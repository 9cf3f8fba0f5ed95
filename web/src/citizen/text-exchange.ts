// UI text of data sharing in the citizen app (数据共享): the preview before applying (each value the
// platform would use, where it comes from and why; agree or type it yourself) and the materials
// a case was filed with that departments shared. Added under `exchange` (pages-text.ts).
import type { Shape } from '../shared/text-shape';

const zhCN = {
  preview: {
    step: '使用已有数据',
    title: '以下信息可由政府部门共享，无需您重复填写和提交',
    intro: '同意后，这些信息会自动填入申请表；证照材料将在提交时由部门共享，不必上传。您也可以选择自己填写。',
    loading: '正在查询可共享的数据…',
    loadFailed: '未能查询可共享的数据，您可以自己填写',
    values: '将填入申请表的信息',
    noValues: '没有可自动填入的信息',
    source: '来源：{{registry}}（{{department}}）',
    purpose: '用途：{{purpose}}',
    basis: '依据：{{basis}}',
    statutory: '法定职责，无需授权',
    evidence: '证照材料',
    fetched: '提交时由部门共享，无需上传',
    upload: '需要您上传',
    why: {
      no_record: '{{registry}}没有您的记录，请上传该材料',
      revoked: '{{registry}}中的该证照已被发证机关注销，不能作为共享材料，请上传',
      suspended: '{{registry}}中的该证照已被发证机关暂停使用，不能作为共享材料，请上传',
      not_granted: '该材料暂不能共享，由部门另行核验',
      subject_in_form: '将按申请表中填写的身份证号向{{registry}}核验；没有记录的，需要上传',
      no_subject: '需要您以企业身份办理才能共享',
    },
    missing: '以下信息部门没有记录，请自己填写',
    agree: '同意并使用',
    agreeing: '正在授权…',
    self: '自己填写',
    agreed: '已授权使用，可随时在“我的”中撤回',
    agreeFailed: '授权未成功，请重试或自己填写',
    enterprise: '您正以{{name}}的经办人身份授权，授权范围以企业授权为限',
  },
  shared: {
    title: '已由部门共享',
    from: '已由部门共享 · {{registry}}（{{department}}）',
    fetchedAt: '获取于 {{at}}',
  },
};

const en: Shape<typeof zhCN> = {
  preview: {
    step: 'Use data the government holds',
    title: 'Departments can share this information, so you need not type or upload it again',
    intro:
      'If you agree, these values fill in the form, and the documents are shared by the departments when you submit: no upload needed. Or type everything yourself.',
    loading: 'Looking up what can be shared…',
    loadFailed: 'Could not look up shared data; you can type it yourself',
    values: 'Values that will fill in the form',
    noValues: 'Nothing can be filled in for you',
    source: 'From: {{registry}} ({{department}})',
    purpose: 'Purpose: {{purpose}}',
    basis: 'Legal basis: {{basis}}',
    statutory: 'Statutory duty: no consent needed',
    evidence: 'Documents',
    fetched: 'Shared by the department when you submit: no upload',
    upload: 'Please upload',
    why: {
      no_record: 'The {{registry}} holds no record of yours: please upload it',
      revoked: 'The certificate in the {{registry}} was revoked by its issuer and cannot be shared: please upload it',
      suspended:
        'The certificate in the {{registry}} is suspended by its issuer and cannot be shared: please upload it',
      not_granted: 'Cannot be shared yet: the department checks it itself',
      subject_in_form:
        'Checked with the {{registry}} by the ID number in the form when you submit; upload it if there is no record',
      no_subject: 'Shared only when you apply for an enterprise',
    },
    missing: 'The departments hold no record of these: please type them',
    agree: 'Agree and use',
    agreeing: 'Agreeing…',
    self: 'Type it myself',
    agreed: 'Agreed. You can withdraw it at any time under Me',
    agreeFailed: 'The agreement failed: try again, or type the values yourself',
    enterprise: 'You agree as an agent of {{name}}, within what the enterprise authorised you to do',
  },
  shared: {
    title: 'Shared by the departments',
    from: 'Shared by the department · {{registry}} ({{department}})',
    fetchedAt: 'Fetched {{at}}',
  },
};

export const exchangeText = { zhCN, en };
