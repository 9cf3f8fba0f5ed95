/**
 * 居民提议 (/cogov/proposals, /cogov/proposals/new, /cogov/proposals/:id, …/:id/edit): my
 * community's proposals with their support against the threshold; one with its photos and
 * place, support and follow buttons, the committee's public answer and the threaded comments
 * (proposal-comments.tsx); a new or changed proposal (proposal-form.tsx).
 */
import { useMemo, useState } from 'react';
import { Button, List, ProgressBar, Space, Tag, Toast } from 'antd-mobile';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate, useParams } from 'react-router';
import { areasQuery } from '../../../shared/api/cityops';
import {
  followProposal,
  proposalPhotoUrl,
  proposalQuery,
  proposalsQuery,
  supportProposal,
  type ProposalDetail,
  type ProposalSummary,
} from '../../../shared/api/cogov-votes';
import { CommunityMap } from '../../../shared/community-map';
import { formatDate, formatDateTime } from '../../../shared/format';
import { addText, errorMessage } from '../../../shared/i18n';
import { RequireSignIn } from '../../case-parts';
import { QueryBody, SubPage } from '../../components';
import { ErrorBlock } from '../../error-block';
import { PhotoStrip } from '../../report-photos';
import { FlagBox, ProposalComments } from './proposal-comments';
import { ProposalForm } from './proposal-form';
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

/** Where the proposal is: its point on the community map, its address. */
function Place({ p }: { p: ProposalDetail }) {
  const { t } = useTranslation();
  const point = useMemo(() => (p.lat !== null && p.lng !== null ? { lat: p.lat, lng: p.lng } : null), [p.lat, p.lng]);
  const areas = useQuery({ ...areasQuery(), enabled: point !== null });
  if (!point && !p.address) return null;
  return (
    <div className="yw-mt" data-testid="proposal-place">
      {p.address && <div className="yw-muted yw-break">{t('cogovVotes.where', { address: p.address })}</div>}
      {point && areas.data && <CommunityMap areas={areas.data} point={point} label={t('cogovVotes.place')} />}
    </div>
  );
}

function Proposal({ p }: { p: ProposalDetail }) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const support = useMutation(supportProposal);
  const follow = useMutation(followProposal);
  const [flagging, setFlagging] = useState(false);
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
          {p.editedAt && ` · ${t('cogovVotes.edited')}`}
        </div>
        <p className="yw-votes-text" data-testid="proposal-body-text">
          {p.body}
        </p>
        <PhotoStrip photos={p.photos} url={(photo) => proposalPhotoUrl(p.id, photo)} testId="proposal-photos" />
        <Place p={p} />
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
          {p.mayEdit && (
            <Button
              fill="outline"
              onClick={() => void navigate(`/cogov/proposals/${p.id}/edit`)}
              data-testid="proposal-edit"
            >
              {t('cogovVotes.edit')}
            </Button>
          )}
          {!p.mine && (
            <Button fill="none" size="small" onClick={() => setFlagging(!flagging)} data-testid="proposal-flag">
              {t('cogovVotes.flag')}
            </Button>
          )}
        </Space>
        {flagging && <FlagBox kind="proposal" id={p.id} onDone={() => setFlagging(false)} />}
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
      <ProposalComments p={p} />
    </div>
  );
}

function ProposalBody({ id, editing }: { id: string; editing: boolean }) {
  const { t } = useTranslation();
  const q = useQuery(proposalQuery(id));
  return (
    <QueryBody
      query={q}
      notFound={t('cogovVotes.notFound')}
      loadFailed={t('cogovVotes.loadFailed')}
      notFoundTestId="proposal-404"
    >
      {(p) => (editing && p.mayEdit ? <ProposalForm editing={p} /> : <Proposal p={p} />)}
    </QueryBody>
  );
}

export default function CogovProposalsPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const editing = useLocation().pathname.endsWith('/edit');
  return (
    <SubPage title={t('cogovVotes.proposalsTitle')} testId="cogov-proposals-page">
      <RequireSignIn>
        {id === 'new' ? <ProposalForm /> : id ? <ProposalBody id={id} editing={editing} /> : <ProposalList />}
      </RequireSignIn>
    </SubPage>
  );
}
