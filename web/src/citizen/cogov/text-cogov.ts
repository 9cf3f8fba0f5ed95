// The 共治 tab's text (under `cogov`): the tab's page and each section's card. Parts add their
// pages' text in their own namespace.
import type { Shape } from '../../shared/text-shape';

const zhCN = {
  title: '一网共治',
  intro: '参与社区和城市的共同治理：提议、协商投票、意见征集、志愿服务。',
  myCommunity: '我的社区',
  grid: '网格',
  verified: '已实名',
  notVerified: '未实名认证',
  notVerifiedHint: '实名认证后才能提议、投票和参与社区事务。',
  notResident: '未找到您的社区登记',
  notResidentHint: '您的身份证号不在本市实有人口登记中，可以浏览，但不能在社区提议或投票。',
  signIn: '登录后参与',
  age: '{{age}} 岁',
  pseudonym: '社区昵称',
  pseudonymNone: '未设置',
  pseudonymSet: '设置昵称',
  pseudonymPlaceholder: '2-20 个字',
  pseudonymSaved: '昵称已保存',
  save: '保存',
  // One pair per section of the tab (sections.tsx): `<key>` and `<key>Hint`.
  sections: {
    proposals: '居民提议',
    proposalsHint: '提出社区的事，邻居支持达到人数后居委会须在期限内答复',
    votes: '议事协商',
    votesHint: '社区和城市的议题，无记名投票，结果可核对',
    notices: '通知公告',
    noticesHint: '社区发布的通知和公告',
    volunteer: '志愿服务与积分',
    volunteerHint: '报名社区志愿活动，记录服务时长，参与积分',
    drafts: '政策意见征集',
    draftsHint: '对政府部门的征求意见稿逐条发表意见，查看采纳情况',
  },
};

const en: Shape<typeof zhCN> = {
  title: 'Govern together',
  intro: 'Take part in governing your community and city: proposals, votes, comments on draft policies, volunteering.',
  myCommunity: 'My community',
  grid: 'Grid',
  verified: 'Verified',
  notVerified: 'Real name not verified',
  notVerifiedHint: 'Verify your real name to propose, vote and take part in your community.',
  notResident: 'No community registration found',
  notResidentHint:
    'Your ID number is not on the city’s resident roster: you can read, but not propose or vote in a community.',
  signIn: 'Sign in to take part',
  age: '{{age}} years old',
  pseudonym: 'Community pseudonym',
  pseudonymNone: 'Not set',
  pseudonymSet: 'Set pseudonym',
  pseudonymPlaceholder: '2-20 characters',
  pseudonymSaved: 'Pseudonym saved',
  save: 'Save',
  sections: {
    proposals: 'Proposals',
    proposalsHint: 'Propose something for your community; past the support threshold the committee must answer in time',
    votes: 'Consultations and votes',
    votesHint: 'Community and city questions, by secret ballot with a checkable result',
    notices: 'Notices',
    noticesHint: "Your community's notices and announcements",
    volunteer: 'Volunteering and points',
    volunteerHint: "Sign up for your community's volunteer tasks; your hours and participation points",
    drafts: 'Drafts for public comment',
    draftsHint: "Comment article by article on departments' drafts; see what was adopted",
  },
};

export const cogovText = { zhCN, en };
