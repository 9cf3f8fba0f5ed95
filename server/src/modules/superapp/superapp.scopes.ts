/**
 * The scopes a mini-app may ask for (one standard for every app): what each releases as OIDC
 * claims, and which registry fields (the exchange's `<registry>.<field>`) stand behind it, so
 * a consent to an app is recorded in the exchange's consent records like any other use of data.
 */
export const SCOPES = {
  openid: {
    claims: ['sub', 'acr'],
    fields: [],
    zh: '识别您的身份（每个应用各不相同的匿名编号）',
    en: 'Identify you (an identifier of its own per app)',
  },
  profile: { claims: ['name'], fields: ['population.name'], zh: '姓名', en: 'Your name' },
  id_number_masked: {
    claims: ['id_number_masked'],
    fields: ['population.idNumber'],
    zh: '身份证号（脱敏）',
    en: 'Your ID number (masked)',
  },
  id_number: {
    claims: ['id_number'],
    fields: ['population.idNumber'],
    zh: '身份证号（完整）',
    en: 'Your full ID number',
  },
  phone: { claims: ['phone_number', 'phone_number_verified'], fields: [], zh: '手机号码', en: 'Your phone number' },
  address: { claims: ['address'], fields: ['population.address'], zh: '住址', en: 'Your address' },
  enterprise: {
    claims: ['enterprise'],
    fields: ['enterprises.name', 'enterprises.uscc'],
    zh: '您代办的企业',
    en: 'The enterprise you act for',
  },
  offline_access: {
    claims: [],
    fields: [],
    zh: '在您离开后保持登录（刷新令牌）',
    en: 'Stay signed in after you leave (refresh tokens)',
  },
} as const;

export type Scope = keyof typeof SCOPES;
export const SCOPE_NAMES = Object.keys(SCOPES) as Scope[];

/** The categories of the app centre (应用中心). */
export const CATEGORIES = [
  'government',
  'utilities',
  'health',
  'transport',
  'education',
  'public_safety',
  'life',
] as const;
export type Category = (typeof CATEGORIES)[number];
