/**
 * 政策意见征集 (/cogov/drafts, /cogov/drafts/:id): drafts open for comment, read by article;
 * a signed-in, verified person (or an agent for an enterprise) comments on an article while the
 * draft is open; afterwards the department's response report says what it adopted and why not.
 */
import { useState } from 'react';
import { Button, List, Tag, TextArea, Toast } from 'antd-mobile';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import {
  commentOn,
  draftQuery,
  draftsQuery,
  type PolicyComment,
  type PolicyDraft,
} from '../../../shared/api/cogov-civic';
import { useAuth } from '../../../shared/auth';
import { formatDate } from '../../../shared/format';
import { addText, errorMessage } from '../../../shared/i18n';
import { QueryBody, SubPage } from '../../components';
import { ErrorBlock } from '../../error-block';
import { civicText } from './text-cogov-civic';
import './civic.css';

addText('cogovCivic', civicText);

const phaseColor = (p: string) => (p === 'open' ? 'primary' : p === 'responded' ? 'success' : 'default');

function DraftList() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const drafts = useQuery(draftsQuery);
  return (
    <>
      <p className="yw-muted yw-inset">{t('cogovCivic.draftsIntro')}</p>
      <QueryBody
        query={drafts}
        notFound={t('cogovCivic.notFound')}
        loadFailed={t('cogovCivic.loadFailed')}
        notFoundTestId="drafts-404"
      >
        {(items) =>
          items.length === 0 ? (
            <ErrorBlock status="empty" title={t('cogovCivic.noDrafts')} description="" data-testid="no-drafts" />
          ) : (
            <List mode="card" data-testid="drafts">
              {items.map((d) => (
                <List.Item
                  key={d.id}
                  onClick={() => void navigate(`/cogov/drafts/${d.id}`)}
                  data-testid="draft"
                  description={
                    <>
                      <div>{d.department.name}</div>
                      <div>
                        {t('cogovCivic.period', {
                          from: formatDate(d.opensAt, i18n.language),
                          to: formatDate(d.closesAt, i18n.language),
                        })}{' '}
                        · {t('cogovCivic.commentsCount', { count: d.commentCount })}
                      </div>
                    </>
                  }
                  extra={<Tag color={phaseColor(d.phase)}>{t(`cogovCivic.phases.${d.phase}`)}</Tag>}
                >
                  <span className="yw-break">{d.title}</span>
                </List.Item>
              ))}
            </List>
          )
        }
      </QueryBody>
    </>
  );
}

function Comment({ c }: { c: PolicyComment }) {
  const { t } = useTranslation();
  return (
    <div className="yw-civic-comment" data-testid="policy-comment">
      <div className="yw-muted">
        {c.author}
        {c.byEnterprise && ` · ${t('cogovCivic.byEnterprise')}`}
        {c.mine && ` · ${t('cogovCivic.mine')}`}
      </div>
      <div>{c.body}</div>
      {c.decision && (
        <div data-testid="policy-decision" data-decision={c.decision}>
          <Tag color={c.decision === 'not_adopted' ? 'default' : 'success'}>
            {t(`cogovCivic.decisions.${c.decision}`)}
          </Tag>
          {c.decisionReason && (
            <span className="yw-muted"> {t('cogovCivic.reason', { reason: c.decisionReason })}</span>
          )}
        </div>
      )}
    </div>
  );
}

function CommentBox({ draftId, seq }: { draftId: string; seq: number }) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [key] = useState(() => `c-${crypto.randomUUID()}`);
  const send = useMutation(commentOn);
  return (
    <div className="yw-mt">
      <TextArea
        value={text}
        onChange={setText}
        placeholder={t('cogovCivic.commentPlaceholder')}
        rows={3}
        maxLength={2000}
        data-testid={`comment-input-${seq}`}
      />
      <Button
        size="small"
        color="primary"
        disabled={!text.trim() || send.isPending}
        onClick={() =>
          send.mutate(
            { id: draftId, articleSeq: seq, body: text.trim(), key: `${key}-${seq}-${text.length}` },
            {
              onSuccess: () => {
                setText('');
                Toast.show({ icon: 'success', content: t('cogovCivic.commentSent') });
              },
              onError: (err) => Toast.show({ icon: 'fail', content: errorMessage(t, err) }),
            },
          )
        }
        data-testid={`comment-submit-${seq}`}
      >
        {t('cogovCivic.commentSubmit')}
      </Button>
    </div>
  );
}

function Draft({ d }: { d: PolicyDraft }) {
  const { t, i18n } = useTranslation();
  const { me } = useAuth();
  const canComment = d.phase === 'open' && !!me;
  return (
    <div data-testid="draft-detail">
      <div className="yw-card">
        <h2 className="yw-break">{d.title}</h2>
        <div className="yw-muted">{d.department.name}</div>
        <div className="yw-muted">
          {t('cogovCivic.period', {
            from: formatDate(d.opensAt, i18n.language),
            to: formatDate(d.closesAt, i18n.language),
          })}{' '}
          <Tag color={phaseColor(d.phase)}>{t(`cogovCivic.phases.${d.phase}`)}</Tag>
        </div>
        <p className="yw-civic-article-body">{d.summary}</p>
      </div>
      {d.report && (
        <div className="yw-card" data-testid="draft-report">
          <h3>{t('cogovCivic.report')}</h3>
          <div className="yw-muted">
            {t('cogovCivic.reportCounts', {
              adopted: d.report.adopted,
              partly: d.report.partlyAdopted,
              not: d.report.notAdopted,
            })}
          </div>
          <p className="yw-civic-article-body">{d.report.summary}</p>
        </div>
      )}
      {d.articles.map((a) => (
        <div className="yw-card yw-civic-article" key={a.seq} data-testid="draft-article">
          <h3>{a.heading}</h3>
          <div className="yw-civic-article-body">{a.body}</div>
          {a.comments.length > 0 && (
            <div className="yw-mt">
              <div className="yw-muted">{t('cogovCivic.commentsOn')}</div>
              {a.comments.map((c) => (
                <Comment key={c.id} c={c} />
              ))}
            </div>
          )}
          {canComment && <CommentBox draftId={d.id} seq={a.seq} />}
        </div>
      ))}
    </div>
  );
}

function DraftBody({ id }: { id: string }) {
  const { t } = useTranslation();
  const draft = useQuery(draftQuery(id));
  return (
    <QueryBody
      query={draft}
      notFound={t('cogovCivic.notFound')}
      loadFailed={t('cogovCivic.loadFailed')}
      notFoundTestId="draft-404"
    >
      {(d) => <Draft d={d} />}
    </QueryBody>
  );
}

export default function CogovDraftsPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  return (
    <SubPage title={t('cogovCivic.draftsTitle')} testId="cogov-drafts-page">
      {id ? <DraftBody id={id} /> : <DraftList />}
    </SubPage>
  );
}
