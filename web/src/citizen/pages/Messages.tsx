/**
 * Messages (/messages): what happened to the applicant's cases, newest first. Unread ones
 * are bold; tapping one marks it read and opens what it is about.
 */
import { useState } from 'react';
import { Badge, Button, List, Toast } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import { markAllRead, markRead, notificationsQuery } from '../../shared/api/notify';
import type { Notification } from '../../shared/contract';
import { lt } from '../../shared/catalog';
import { formatDateTime } from '../../shared/format';
import { errorMessage } from '../../shared/i18n';
import { RequireSignIn, useUnreadCount } from '../case-parts';
import { LoadError, SubPage } from '../components';
import '../pages-text';
import { ErrorBlock } from '../error-block';

const PAGE = 20;
const MAX_PAGE_SIZE = 200;

export default function MessagesPage() {
  const { t } = useTranslation();
  return (
    <SubPage title={t('cases.messages.title')} testId="messages-page">
      <RequireSignIn>
        <Messages />
      </RequireSignIn>
    </SubPage>
  );
}

function Messages() {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const navigate = useNavigate();
  const unread = useUnreadCount();
  const [pages, setPages] = useState(1);
  const size = Math.min(PAGE * pages, MAX_PAGE_SIZE);
  const query = useQuery({ ...notificationsQuery(size), placeholderData: keepPreviousData });
  const read = useMutation(markRead);
  const readEverything = useMutation(markAllRead);
  /** Read locally before the list reloads, so the tap shows at once. */
  const [readHere, setReadHere] = useState<ReadonlySet<string>>(new Set());
  const data = query.data;

  const open = async (n: Notification) => {
    if (!n.readAt && !readHere.has(n.id)) {
      setReadHere((s) => new Set(s).add(n.id));
      try {
        await read.mutateAsync(n.id);
      } catch {
        /* still open it; it stays unread on the server and shows so next time */
      }
    }
    if (n.link && n.link.startsWith('/') && !n.link.startsWith('//')) void navigate(n.link);
  };

  const readAll = async () => {
    try {
      await readEverything.mutateAsync();
      Toast.show({ icon: 'success', content: t('cases.messages.readAllDone') });
    } catch (err) {
      Toast.show({ icon: 'fail', content: errorMessage(t, err) });
    }
  };

  if (query.error) {
    return (
      <div className="yw-card">
        <LoadError
          message={`${t('cases.messages.loadFailed')}${t('common.colon')}${errorMessage(t, query.error)}`}
          onRetry={() => void query.refetch()}
        />
      </div>
    );
  }
  if (!data) return <p className="yw-muted yw-center yw-mt">{t('common.loading')}</p>;
  if (data.items.length === 0)
    return (
      <ErrorBlock
        status="empty"
        title={t('cases.messages.empty')}
        description=""
        className="yw-empty"
        data-testid="messages-empty"
      />
    );

  const more = data.items.length < data.total && size < MAX_PAGE_SIZE;
  return (
    <>
      <div className="yw-messages-bar">
        <Button
          size="small"
          fill="outline"
          color="primary"
          disabled={unread === 0}
          onClick={() => void readAll()}
          data-testid="messages-read-all"
        >
          {t('cases.messages.readAll')}
        </Button>
      </div>
      <List mode="card" data-testid="messages">
        {data.items.map((n) => {
          const isUnread = !n.readAt && !readHere.has(n.id);
          return (
            <List.Item
              key={n.id}
              onClick={() => void open(n)}
              arrow={n.link ? undefined : false}
              prefix={
                isUnread ? (
                  <Badge content={Badge.dot} aria-label={t('cases.messages.unread')} />
                ) : (
                  <span className="yw-dot-space" />
                )
              }
              description={
                <>
                  <span className="yw-message-body">{lt(n.body, lng)}</span>
                  <span className="yw-message-time">{formatDateTime(n.createdAt, lng)}</span>
                </>
              }
              className={isUnread ? 'yw-message yw-message-unread' : 'yw-message'}
              data-testid="message"
              data-unread={isUnread ? 'true' : 'false'}
            >
              {lt(n.title, lng)}
            </List.Item>
          );
        })}
      </List>
      {more && (
        <p className="yw-center">
          <Button fill="none" color="primary" loading={query.isPlaceholderData} onClick={() => setPages(pages + 1)}>
            {t('cases.list.loadMore')}
          </Button>
        </p>
      )}
    </>
  );
}
