/** 通知公告 (/cogov/notices, /cogov/notices/:id): the resident's community's notices, important first; opening one marks it read. */
import { Badge, List, Tag } from 'antd-mobile';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { myNoticesQuery, noticeQuery } from '../../../shared/api/cogov-civic';
import { formatDateTime } from '../../../shared/format';
import { addText } from '../../../shared/i18n';
import { RequireSignIn } from '../../case-parts';
import { QueryBody, SubPage } from '../../components';
import { ErrorBlock } from '../../error-block';
import { civicText } from './text-cogov-civic';
import './civic.css';

addText('cogovCivic', civicText);

function NoticeList() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const notices = useQuery(myNoticesQuery);
  return (
    <QueryBody
      query={notices}
      notFound={t('cogovCivic.notFound')}
      loadFailed={t('cogovCivic.loadFailed')}
      notFoundTestId="notices-404"
    >
      {(data) =>
        data.communityId === null ? (
          <ErrorBlock status="empty" title={t('cogovCivic.notResident')} description="" data-testid="not-resident" />
        ) : data.items.length === 0 ? (
          <ErrorBlock status="empty" title={t('cogovCivic.noNotices')} description="" data-testid="no-notices" />
        ) : (
          <List mode="card" data-testid="notices">
            {data.items.map((n) => (
              <List.Item
                key={n.id}
                onClick={() => void navigate(`/cogov/notices/${n.id}`)}
                data-testid="notice"
                description={t('cogovCivic.publishedBy', {
                  name: n.publisher,
                  at: formatDateTime(n.publishedAt, i18n.language),
                })}
                extra={n.read ? undefined : <Badge content={t('cogovCivic.unread')} />}
              >
                <span className="yw-break">
                  {n.important && (
                    <Tag color="danger" className="yw-mr">
                      {t('cogovCivic.important')}
                    </Tag>
                  )}
                  {n.title}
                </span>
              </List.Item>
            ))}
          </List>
        )
      }
    </QueryBody>
  );
}

function NoticeBody({ id }: { id: string }) {
  const { t, i18n } = useTranslation();
  const notice = useQuery(noticeQuery(id));
  return (
    <QueryBody
      query={notice}
      notFound={t('cogovCivic.notFound')}
      loadFailed={t('cogovCivic.loadFailed')}
      notFoundTestId="notice-404"
    >
      {(n) => (
        <div className="yw-card" data-testid="notice-detail">
          <h2 className="yw-break">{n.title}</h2>
          <div className="yw-muted">
            {t('cogovCivic.publishedBy', { name: n.publisher, at: formatDateTime(n.publishedAt, i18n.language) })}
          </div>
          <div className="yw-civic-notice-body yw-mt">{n.body}</div>
        </div>
      )}
    </QueryBody>
  );
}

export default function CogovNoticesPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  return (
    <SubPage title={t('cogovCivic.noticesTitle')} testId="cogov-notices-page">
      <RequireSignIn>{id ? <NoticeBody id={id} /> : <NoticeList />}</RequireSignIn>
    </SubPage>
  );
}
