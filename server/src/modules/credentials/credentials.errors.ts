/** credentials' error codes (the platform's are in platform/platform.errors.ts). */
import { defineErrors } from '../../platform/errors.ts';

export const credentialsErrors = defineErrors('credentials', {
  CERTIFICATE_NOT_FOUND: { status: 404, zh: '证照不存在', en: 'No such certificate' },
  ISSUER_NOT_FOUND: { status: 404, zh: '发证机关不存在或尚无密钥', en: 'No such issuer, or it has no key yet' },
  SHARE_NOT_FOUND: {
    status: 404,
    zh: '分享链接不存在、已过期或已撤销',
    en: 'This share link does not exist, has expired or was withdrawn',
  },
  STATUS_LIST_NOT_FOUND: { status: 404, zh: '状态列表不存在', en: 'No such status list' },
  CREDENTIAL_MALFORMED: {
    status: 400,
    zh: '无法识别的证照数据（应为 JWT、分享链接或二维码内容）',
    en: 'Not a credential: give the JWT, the share link or the QR code’s content',
  },
  CERTIFICATE_STATUS_UNCHANGED: {
    status: 409,
    zh: '证照已处于该状态',
    en: 'The certificate is already in that state',
  },
  CERTIFICATE_REVOKED: { status: 422, zh: '证照已注销，不能再变更状态', en: 'The certificate is revoked for good' },
});

declare module '../../platform/errors.ts' {
  interface ErrorCatalogues {
    credentials: typeof credentialsErrors;
  }
}
