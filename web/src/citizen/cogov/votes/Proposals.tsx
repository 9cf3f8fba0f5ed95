/**
 * 居民提议 (/cogov/proposals, /cogov/proposals/new, /cogov/proposals/:id): my community's
 * proposals with their support against the threshold; one with its support and follow buttons
 * and the committee's public answer; a new proposal (text, category, how the author is shown).
 */
import { useState } from 'react';
import { Button, Form, Input, List, ProgressBar, Radio, Selector, Space, Tag, TextArea, Toast } from 'antd-mobile';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import {
  PROPOSAL_CATEGORIES,
  createProposal,
  followProposal,
  proposalQuery,
  proposalsQuery,
  supportProposal,
  type NewProposal,
  type ProposalDetail,
  type ProposalSummary,
} from '../../../shared/api/cogov-votes';
import { formatDate, formatDateTime } from '../../../shared/format';
import { addText, errorMessage } from '../../../shared/i18n';
import { RequireSignIn } from '../../case-parts';
import { QueryBody, SubPage } from '../../components';
import { ErrorBlock } from '../../error-block';
import { votesText } from './text-cogov-votes';
import './votes.css';

addText('cogovVotes', votesText);

const statusColor = (s: ProposalSummary['status']) =>
  s === 'accepted'
    ? 'success'
    : s === 'declined' || s === 'expired'
      ? 'default'
      : s === 'awaiting_answer'
        ? 'warning'
        : 'primary';

function Support({ p }: { p: ProposalSummary }) {
  const { t } = useTranslation();
  return (
    <div className="yw-votes-support">
      <ProgressBar percent={Math.min(100, (p.supportCount / Math.max(1, p.threshold)) * 100)} />
      <span className="yw-muted" data-testid="proposal-support-count">
        {t('cogovVotes.supportCount', { count: p.supportCount, threshold: p.threshold })}
      </span>
    </div>
  );
}

function ProposalList() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const list = useQuery(proposalsQuery());
  return (
    <>
      <p className="yw-muted yw-votes-intro">{t('cogovVotes.proposalsIntro')}</p>
      <Button block color="primary" onClick={() => void navigate('/cogov/proposals/new')} data-testid="proposal-new">
        {t('cogovVotes.newProposal')}
      </Button>
      <QueryBody
        query={list}
        notFound={t('cogovVotes.notResident')}
        loadFailed={t('cogovVotes.loadFailed')}
        notFoundTestId="proposals-404"
      >
        {(items) =>
          items.length === 0 ? (
            <ErrorBlock status="empty" title={t('cogovVotes.noProposals')} description="" data-testid="no-proposals" />
          ) : (
            <List mode="card" data-testid="proposals">
              {items.map((p) => (
                <List.Item
                  key={p.id}
                  onClick={() => void navigate(`/cogov/proposals/${p.id}`)}
                  data-testid="proposal"
                  description={<Support p={p} />}
                >
                  <span className="yw-break">
                    <Tag color={statusColor(p.status)} className="yw-mr">
                      {t(`cogovVotes.statuses.${p.status}`)}
                    </Tag>
                    {p.title}
                  </span>
                </List.Item>
              ))}
            </List>
          )
        }
      </QueryBody>
    </>
  );
}

function Proposal({ p }: { p: ProposalDetail }) {
  const { t, i18n } = useTranslation();
  const support = useMutation(supportProposal);
  const follow = useMutation(followProposal);
  const fail = (e: unknown) => Toast.show({ icon: 'fail', content: errorMessage(t, e) });
  return (
    <div data-testid="proposal-detail">
      <div className="yw-card">
        <h2 className="yw-break">{p.title}</h2>
        <div className="yw-muted">
          <Tag color={statusColor(p.status)} className="yw-mr" data-testid="proposal-status">
            {t(`cogovVotes.statuses.${p.status}`)}
          </Tag>
          {t(`cogovVotes.categories.${p.category}`)} · {t('cogovVotes.by', { name: p.author })}
        </div>
        <p className="yw-votes-text">{p.body}</p>
        <Support p={p} />
        <div className="yw-muted">
          {p.status === 'open'
            ? t('cogovVotes.supportUntil', { at: formatDate(p.supportUntil, i18n.language) })
            : p.answerDueAt && p.status === 'awaiting_answer'
              ? t('cogovVotes.answerDue', { at: formatDate(p.answerDueAt, i18n.language) })
              : null}
          {p.overdue && <Tag color="danger">{t('cogovVotes.overdue')}</Tag>}
        </div>
        <Space wrap className="yw-mt">
          {p.status === 'open' && !p.mine && (
            <Button
              color="primary"
              disabled={p.supported}
              loading={support.isPending}
              onClick={() => support.mutate(p.id, { onError: fail })}
              data-testid="proposal-support"
            >
              {p.supported ? t('cogovVotes.supported') : t('cogovVotes.support')}
            </Button>
          )}
          <Button
            fill="outline"
            loading={follow.isPending}
            onClick={() =>
              follow.mutate(
                { id: p.id, follow: !p.following },
                { onSuccess: () => !p.following && Toast.show(t('cogovVotes.followed')), onError: fail },
              )
            }
            data-testid="proposal-follow"
          >
            {p.following ? t('cogovVotes.unfollow') : t('cogovVotes.follow')}
          </Button>
        </Space>
      </div>
      {p.answer && (
        <div className="yw-card" data-testid="proposal-answer">
          <h3>{t('cogovVotes.answer')}</h3>
          <p className="yw-votes-text">{p.answer}</p>
          {p.plan && (
            <>
              <h4>{t('cogovVotes.plan')}</h4>
              <p className="yw-votes-text">{p.plan}</p>
            </>
          )}
          {p.answeredAt && (
            <div className="yw-muted">
              {t('cogovVotes.answeredAt', { at: formatDateTime(p.answeredAt, i18n.language) })}
            </div>
          )}
        </div>
      )}
    </div>
  );
}

function ProposalBody({ id }: { id: string }) {
  const { t } = useTranslation();
  const q = useQuery(proposalQuery(id));
  return (
    <QueryBody
      query={q}
      notFound={t('cogovVotes.notFound')}
      loadFailed={t('cogovVotes.loadFailed')}
      notFoundTestId="proposal-404"
    >
      {(p) => <Proposal p={p} />}
    </QueryBody>
  );
}

function NewProposalForm() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const create = useMutation(createProposal);
  const [category, setCategory] = useState<NewProposal['category']>('facilities');
  const [display, setDisplay] = useState<NewProposal['authorDisplay']>('masked');
  return (
    <Form
      layout="vertical"
      className="yw-card"
      data-testid="proposal-form"
      onFinish={(v: { title: string; body: string }) =>
        create.mutate(
          { title: v.title.trim(), body: v.body.trim(), category, authorDisplay: display },
          {
            onSuccess: (p) => {
              Toast.show({ icon: 'success', content: t('cogovVotes.submitted') });
              void navigate(`/cogov/proposals/${p.id}`, { replace: true });
            },
            onError: (e) => Toast.show({ icon: 'fail', content: errorMessage(t, e) }),
          },
        )
      }
      footer={
        <Button block type="submit" color="primary" loading={create.isPending} data-testid="proposal-submit">
          {t('cogovVotes.submit')}
        </Button>
      }
    >
      <Form.Item name="title" label={t('cogovVotes.title')} rules={[{ required: true, min: 4, max: 80 }]}>
        <Input placeholder={t('cogovVotes.titlePlaceholder')} maxLength={80} data-testid="proposal-title" />
      </Form.Item>
      <Form.Item name="body" label={t('cogovVotes.body')} rules={[{ required: true, min: 10, max: 4000 }]}>
        <TextArea placeholder={t('cogovVotes.bodyPlaceholder')} rows={5} maxLength={4000} data-testid="proposal-body" />
      </Form.Item>
      <Form.Item label={t('cogovVotes.category')}>
        <Selector
          columns={2}
          options={PROPOSAL_CATEGORIES.map((c) => ({ value: c, label: t(`cogovVotes.categories.${c}`) }))}
          value={[category]}
          onChange={(v) => v[0] && setCategory(v[0])}
        />
      </Form.Item>
      <Form.Item label={t('cogovVotes.showAs')}>
        <Radio.Group value={display} onChange={(v) => setDisplay(v as NewProposal['authorDisplay'])}>
          <Space direction="vertical">
            {(['real', 'masked', 'pseudonym'] as const).map((d) => (
              <Radio key={d} value={d} data-testid={`proposal-show-${d}`}>
                {t(`cogovVotes.showAsOptions.${d}`)}
              </Radio>
            ))}
          </Space>
        </Radio.Group>
      </Form.Item>
    </Form>
  );
}

export default function CogovProposalsPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  return (
    <SubPage title={t('cogovVotes.proposalsTitle')} testId="cogov-proposals-page">
      <RequireSignIn>
        {id === 'new' ? <NewProposalForm /> : id ? <ProposalBody id={id} /> : <ProposalList />}
      </RequireSignIn>
    </SubPage>
  );
}
