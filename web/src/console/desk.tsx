// Pieces shared by the inbox and the case desk: status and deadline tags, and the
// messages for the case-handling errors (409 CASE_CONFLICT / CASE_CLAIMED, 422 ACTION_REFUSED with the engine's reason).
import { Space, Tag, Typography } from 'antd';
import type { TFunction } from 'i18next';
import i18next from 'i18next';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../shared/client';
import type { CaseStatus } from '../shared/contract';
import { formatDateTime } from '../shared/format';
import { catalogueMessage, errorMessage } from '../shared/i18n';

const STATUS_COLOURS: Record<CaseStatus, string> = {
  in_progress: 'processing',
  correction: 'warning',
  completed: 'success',
  rejected: 'error',
  withdrawn: 'default',
};

export function CaseStatusTag({ status }: { status: CaseStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATUS_COLOURS[status]} data-testid="case-status" data-status={status}>
      {t(`desk.status.${status}`)}
    </Tag>
  );
}

/** 已超期 (red) or 即将超期 (orange); nothing when the deadline is comfortable. */
export function DeadlineFlags({ overdue, atRisk }: { overdue: boolean; atRisk: boolean }) {
  const { t } = useTranslation();
  if (overdue) {
    return (
      <Tag color="red" data-testid="flag-overdue">
        {t('desk.flag.overdue')}
      </Tag>
    );
  }
  if (atRisk) {
    return (
      <Tag color="orange" data-testid="flag-at-risk">
        {t('desk.flag.atRisk')}
      </Tag>
    );
  }
  return null;
}

/** A deadline with its flags, or a dash when the step has no time limit. */
export function Deadline(props: { at: string | null; overdue: boolean; atRisk: boolean }) {
  const { i18n } = useTranslation();
  if (!props.at) return <Typography.Text type="secondary">—</Typography.Text>;
  return (
    <Space size={4} wrap>
      <span>{formatDateTime(props.at, i18n.language)}</span>
      <DeadlineFlags overdue={props.overdue} atRisk={props.atRisk} />
    </Space>
  );
}

/** A timestamp in the user's language, or a dash; `small`: as a caption. */
export function When({ at, small }: { at: string | null | undefined; small?: boolean }) {
  const { i18n } = useTranslation();
  if (!at) return <Typography.Text type="secondary">—</Typography.Text>;
  if (small) {
    return (
      <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block' }}>
        {formatDateTime(at, i18n.language)}
      </Typography.Text>
    );
  }
  return <span style={{ whiteSpace: 'nowrap' }}>{formatDateTime(at, i18n.language)}</span>;
}

/** The engine's refusal code of a 422 ACTION_REFUSED answer. */
export function refusalCode(err: unknown): string | null {
  if (!(err instanceof ApiError) || err.code !== 'ACTION_REFUSED') return null;
  return err.details[0]?.code ?? null;
}

/**
 * A message for an error of a case-handling call: for a conflict, that the case was reloaded; for a refused action, the engine's reason
 * (the error catalogue's words, else the desk's, else its code); otherwise the error's message.
 */
export function deskErrorMessage(t: TFunction, err: unknown): string {
  // Someone else acted first: the desk and the inbox show the case afresh, and say so.
  if (err instanceof ApiError && err.code === 'CASE_CONFLICT') return t('desk.errors.conflictReloaded');
  const code = refusalCode(err);
  if (code) {
    const key = `desk.errors.refusal.${code}`;
    return catalogueMessage(code) ?? (i18next.exists(key) ? t(key) : t('desk.errors.refusedWithCode', { code }));
  }
  return errorMessage(t, err);
}

/** 409 answers after which the case on screen is stale and must be reloaded. */
export function isStale(err: unknown): boolean {
  return err instanceof ApiError && err.status === 409 && (err.code === 'CASE_CONFLICT' || err.code === 'CASE_CLAIMED');
}

/** "12.3 KB" style sizes. */
export function formatSize(bytes: number, lng: string): string {
  const units = ['B', 'KB', 'MB', 'GB'];
  let n = bytes;
  let u = 0;
  while (n >= 1024 && u < units.length - 1) {
    n /= 1024;
    u++;
  }
  const digits = u === 0 || n >= 100 ? 0 : 1;
  return `${new Intl.NumberFormat(lng === 'en' ? 'en-GB' : 'zh-CN', { maximumFractionDigits: digits }).format(n)} ${units[u]}`;
}
