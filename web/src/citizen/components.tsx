import type { ReactNode } from 'react';
import { Button, NavBar } from 'antd-mobile';
import { ApiError } from '../shared/client';
import { errorMessage } from '../shared/i18n';
import type { UseQueryResult } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { ErrorBlock } from './error-block';

/** A secondary page: a navigation bar with a back arrow, then the content. */
export function SubPage({
  title,
  children,
  testId,
  backTo,
}: {
  title: string;
  children: ReactNode;
  testId?: string;
  backTo?: string;
}) {
  const navigate = useNavigate();
  return (
    <div className="yw-subpage" data-testid={testId}>
      <NavBar
        className="yw-navbar"
        onBack={() => {
          if (backTo) void navigate(backTo);
          else if (window.history.length > 1) void navigate(-1);
          else void navigate('/');
        }}
      >
        {title}
      </NavBar>
      <div className="yw-subpage-body">{children}</div>
    </div>
  );
}

/** A form-level error message, announced to screen readers. */
export function FormError({ message, requestId }: { message: string | null; requestId?: string | null }) {
  if (!message) return null;
  return (
    <div className="yw-form-error" role="alert" data-testid="form-error">
      {message}
      {requestId ? <div className="yw-form-error-id">{requestId}</div> : null}
    </div>
  );
}

/** A failed load: the message and a retry button. */
export function LoadError({ message, onRetry }: { message: string; onRetry: () => void }) {
  const { t } = useTranslation();
  return (
    <div className="yw-load-error" role="alert" data-testid="load-error">
      <span>{message}</span>
      <Button size="small" onClick={onRetry}>
        {t('common.retry')}
      </Button>
    </div>
  );
}

/** A titled block of a guide page. */
export function GuideSection({ title, children, testId }: { title: string; children: ReactNode; testId?: string }) {
  return (
    <section className="yw-card yw-guide-section" data-testid={testId}>
      <h2 className="yw-card-title">{title}</h2>
      {children}
    </section>
  );
}

/**
 * A page body fetched by `useQuery`: loading text, a not-found block for 404, a retryable
 * error otherwise, and the content once it has loaded.
 */
export function QueryBody<T>(props: {
  query: Pick<UseQueryResult<T>, 'data' | 'error' | 'refetch'>;
  notFound: string;
  loadFailed: string;
  notFoundTestId: string;
  children: (data: T) => ReactNode;
}) {
  const { t } = useTranslation();
  const { query } = props;
  if (query.error) {
    return query.error instanceof ApiError && query.error.status === 404 ? (
      <ErrorBlock status="empty" title={props.notFound} description="" data-testid={props.notFoundTestId} />
    ) : (
      <div className="yw-card">
        <LoadError
          message={`${props.loadFailed}${t('common.colon')}${errorMessage(t, query.error)}`}
          onRetry={() => void query.refetch()}
        />
      </div>
    );
  }
  if (!query.data) return <p className="yw-muted yw-center yw-mt">{t('common.loading')}</p>;
  return props.children(query.data);
}
