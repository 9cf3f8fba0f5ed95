/**
 * Small pieces shared by the citizen app's applying, my-cases and messages pages: dates in
 * plain words, the status tag, a case row, the unread-messages count, the apply button of
 * the guide pages and the sign-in guard.
 */
import type { ReactNode } from 'react';
import { Button, DotLoading, Tag } from 'antd-mobile';
import type { TFunction } from 'i18next';
import i18next from 'i18next';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useLocation, useNavigate } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { unreadQuery } from '../shared/api/notify';
import { useAuth } from '../shared/auth';
import { lt } from '../shared/catalog';
import { catalogueMessage } from '../shared/i18n';
import type { CaseStatus, CaseSummary, ErrorDetail } from '../shared/contract';
import { formatDate } from '../shared/format';
import { useElder } from './elder';

export { formatDate };

/** A file size: 532 B, 12.4 KB, 3.1 MB. */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** Sentences joined in the language's way. */
export function joinSentences(lng: string, parts: string[]): string {
  return parts.join(lng === 'en' ? '. ' : '。');
}

/** A message for a field error the server sent: the error catalogue's, else the app's words for the check, else the server's. */
export function detailMessage(t: TFunction, d: Pick<ErrorDetail, 'code' | 'message'>): string {
  const catalogued = catalogueMessage(d.code);
  if (catalogued) return catalogued;
  for (const key of [`fieldErrors.${d.code}`, `cases.check.${d.code}`, `cases.materials.errors.${d.code}`]) {
    if (i18next.exists(key)) return t(key);
  }
  return d.message;
}

const STATUS_COLOR: Record<CaseStatus, 'primary' | 'warning' | 'success' | 'danger' | 'default'> = {
  in_progress: 'primary',
  correction: 'warning',
  completed: 'success',
  rejected: 'danger',
  withdrawn: 'default',
};

export function StatusTag({ status }: { status: CaseStatus }) {
  const { t } = useTranslation();
  return (
    <Tag
      color={STATUS_COLOR[status]}
      fill={status === 'in_progress' ? 'outline' : 'solid'}
      data-testid="case-status"
      data-status={status}
    >
      {t(`cases.status.${status}`)}
    </Tag>
  );
}

/** One case in a list: title, status, the progress in plain words, number and expected date. */
export function CaseRow({ c }: { c: CaseSummary }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const elder = useElder();
  const closed = c.status === 'completed' || c.status === 'rejected' || c.status === 'withdrawn';
  return (
    <Link
      to={`/cases/${encodeURIComponent(c.id)}`}
      className="yw-case-row"
      data-testid="case-row"
      data-case-number={c.caseNumber}
      data-status={c.status}
    >
      <span className="yw-case-row-top">
        <span className="yw-case-row-title">{lt(c.title, lng)}</span>
        <StatusTag status={c.status} />
      </span>
      <span className="yw-case-row-headline" data-testid="case-headline">
        {lt(c.headline, lng)}
      </span>
      <span className="yw-case-row-meta">
        {!elder && <span>{t('cases.list.caseNumber', { number: c.caseNumber })}</span>}
        {closed ? (
          c.closedAt && <span>{t('cases.list.closedAt', { date: formatDate(c.closedAt, lng) })}</span>
        ) : overdueDaysOf(c) ? (
          <span className="yw-case-row-overdue" data-testid="case-overdue">
            {t('cases.list.overdue', { count: overdueDaysOf(c)!, s: overdueDaysOf(c) === 1 ? '' : 's' })}
          </span>
        ) : c.dueAt ? (
          <span className="yw-case-row-due">{t('cases.list.due', { date: formatDate(c.dueAt, lng) })}</span>
        ) : (
          <span>{t('cases.list.submittedAt', { date: formatDate(c.submittedAt, lng) })}</span>
        )}
      </span>
    </Link>
  );
}

/** Days an open case is past its promised completion (the server's overdueDays), or null. */
export function overdueDaysOf(c: Pick<CaseSummary, 'overdueDays'>): number | null {
  return c.overdueDays ?? null;
}

/** The signed-in person's unread messages (0 when signed out); asked again when the app is shown again. */
export function useUnreadCount(): number {
  const { me } = useAuth();
  return useQuery({ ...unreadQuery(), enabled: !!me }).data ?? 0;
}

/** Renders its children for a signed-in person; sends others to sign in and back here. */
export function RequireSignIn({ children }: { children: ReactNode }) {
  const { me } = useAuth();
  const location = useLocation();
  const { t } = useTranslation();
  if (me === undefined) {
    return (
      <div className="yw-page-loading" role="status" aria-live="polite">
        {t('common.loading')} <DotLoading />
      </div>
    );
  }
  if (me === null) return <Navigate to="/login" replace state={{ from: `${location.pathname}${location.search}` }} />;
  return children;
}

/** The apply button at the foot of a service guide or a life-event page. */
export function ApplyBar({ to, online }: { to: string; online: boolean }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <div className="yw-apply-bar">
      <Button
        block
        color="primary"
        size="large"
        disabled={!online}
        onClick={() => void navigate(to)}
        data-testid="apply-button"
      >
        {online ? t('cases.apply.start') : t('cases.apply.windowOnly')}
      </Button>
    </div>
  );
}
