/**
 * 议事协商 (/cogov/votes, /cogov/votes/:id): consultations open to me; one with its background,
 * options, eligibility and times; the secret-ballot vote (the ballot key is made in this browser
 * with WebCrypto, kept in localStorage for this consultation, and sent again to change the vote);
 * the receipt; after the close the published result with turnout, the receipts file and a check
 * of my receipt in it.
 */
import { useEffect, useState } from 'react';
import { Button, Input, List, ProgressBar, Radio, Space, Tag, Toast } from 'antd-mobile';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import {
  ballotKeyFor,
  castBallot,
  consultationQuery,
  consultationsQuery,
  fetchReceipts,
  receiptOf,
  receiptsUrl,
  storedBallotKey,
  type ConsultationDetail,
  type ConsultationSummary,
} from '../../../shared/api/cogov-votes';
import { formatDateTime } from '../../../shared/format';
import { addText, catalogueMessage, errorMessage } from '../../../shared/i18n';
import { RequireSignIn } from '../../case-parts';
import { QueryBody, SubPage } from '../../components';
import { ErrorBlock } from '../../error-block';
import { votesText } from './text-cogov-votes';
import './votes.css';

addText('cogovVotes', votesText);

const stateColor = (s: ConsultationSummary['state']) =>
  s === 'open' ? 'primary' : s === 'published' ? 'success' : s === 'closed' ? 'warning' : 'default';

function ConsultationList() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const list = useQuery(consultationsQuery);
  return (
    <>
      <p className="yw-muted yw-votes-intro">{t('cogovVotes.consultationsIntro')}</p>
      <QueryBody
        query={list}
        notFound={t('cogovVotes.notResident')}
        loadFailed={t('cogovVotes.loadFailed')}
        notFoundTestId="consultations-404"
      >
        {(items) =>
          items.length === 0 ? (
            <ErrorBlock
              status="empty"
              title={t('cogovVotes.noConsultations')}
              description=""
              data-testid="no-consultations"
            />
          ) : (
            <List mode="card" data-testid="consultations">
              {items.map((c) => (
                <List.Item
                  key={c.id}
                  onClick={() => void navigate(`/cogov/votes/${c.id}`)}
                  data-testid="consultation"
                  description={t('cogovVotes.period', {
                    from: formatDateTime(c.opensAt, i18n.language),
                    to: formatDateTime(c.closesAt, i18n.language),
                  })}
                >
                  <span className="yw-break">
                    <Tag color={stateColor(c.state)} className="yw-mr">
                      {t(`cogovVotes.states.${c.state}`)}
                    </Tag>
                    {c.title}
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

/** My receipt for a consultation, from the ballot key kept on this device (null without one). */
function useMyReceipt(id: string, after: unknown): string | null {
  const [receipt, setReceipt] = useState<string | null>(null);
  useEffect(() => {
    const key = storedBallotKey(id);
    if (key) void receiptOf(id, key).then(setReceipt);
  }, [id, after]);
  return receipt;
}

function Vote({ c }: { c: ConsultationDetail }) {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  const [choice, setChoice] = useState<string | null>(null);
  const cast = useMutation(castBallot);
  const receipt = useMyReceipt(c.id, cast.data);
  const keyHere = storedBallotKey(c.id) !== null;
  if (c.refusal)
    return (
      <div className="yw-card" data-testid="vote-refused">
        {t('cogovVotes.mayNotVote', { reason: catalogueMessage(c.refusal) ?? c.refusal })}
      </div>
    );
  if (c.voted && !keyHere)
    return (
      <div className="yw-card" data-testid="voted-elsewhere">
        {t('cogovVotes.votedElsewhere')}
      </div>
    );
  return (
    <div className="yw-card" data-testid="vote">
      {c.voted && <p data-testid="voted">{t('cogovVotes.voted')}</p>}
      <Radio.Group value={choice} onChange={(v) => setChoice(String(v))}>
        <Space direction="vertical">
          {c.options.map((o) => (
            <Radio key={o.key} value={o.key} data-testid={`vote-option-${o.key}`}>
              <span className="yw-break">{en ? o.labelEn : o.label}</span>
            </Radio>
          ))}
        </Space>
      </Radio.Group>
      <Button
        block
        color="primary"
        className="yw-mt"
        disabled={!choice}
        loading={cast.isPending}
        onClick={() => {
          if (choice)
            cast.mutate(
              { id: c.id, choice, ballotKey: ballotKeyFor(c.id) },
              {
                onSuccess: (r) =>
                  Toast.show({
                    icon: 'success',
                    content: r.changed ? t('cogovVotes.voteChanged') : t('cogovVotes.voteSent'),
                  }),
                onError: (e) => Toast.show({ icon: 'fail', content: errorMessage(t, e) }),
              },
            );
        }}
        data-testid="vote-submit"
      >
        {c.voted ? t('cogovVotes.changeVote') : t('cogovVotes.vote')}
      </Button>
      {receipt && (c.voted || cast.data) && (
        <div className="yw-mt" data-testid="vote-receipt-box">
          <strong>{t('cogovVotes.receipt')}</strong>
          <div className="yw-votes-receipt" data-testid="vote-receipt">
            {receipt}
          </div>
          <div className="yw-muted">{t('cogovVotes.receiptHelp')}</div>
        </div>
      )}
    </div>
  );
}

function Result({ c }: { c: ConsultationDetail }) {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  const mine = useMyReceipt(c.id, null);
  const [typed, setTyped] = useState<string | null>(null);
  const lookup = useMutation({ mutationFn: () => fetchReceipts(c.id) });
  const r = c.result;
  if (!r) return null;
  const receipt = (typed ?? mine ?? '').trim();
  const label = (key: string) => {
    const o = c.options.find((x) => x.key === key);
    return o ? (en ? o.labelEn : o.label) : key;
  };
  const found = lookup.data?.get(receipt);
  return (
    <div className="yw-card" data-testid="result">
      <h3>{t('cogovVotes.result')}</h3>
      {c.options.map((o) => {
        const n = r.counts[o.key] ?? 0;
        return (
          <div key={o.key} data-testid={`result-${o.key}`}>
            <div className="yw-break">
              {en ? o.labelEn : o.label} · {t('cogovVotes.votesFor', { count: n })}
            </div>
            <ProgressBar className="yw-votes-bar" percent={r.ballots ? (n / r.ballots) * 100 : 0} />
          </div>
        );
      })}
      <div className="yw-muted" data-testid="result-turnout">
        {t('cogovVotes.turnout', {
          turnout: `${(r.turnout * 100).toFixed(1)}%`,
          voters: r.voters,
          eligible: r.eligible,
        })}
      </div>
      {c.decision && (
        <div className="yw-mt" data-testid="result-decision">
          <strong>{t('cogovVotes.decision')}</strong>
          <p className="yw-votes-text">{c.decision}</p>
        </div>
      )}
      <p>
        <a href={receiptsUrl(c.id)} download data-testid="receipts-file">
          {t('cogovVotes.receiptsFile')}
        </a>
      </p>
      {c.receiptsSha256 && (
        <div className="yw-muted yw-votes-text">{t('cogovVotes.receiptsSha', { sha: c.receiptsSha256 })}</div>
      )}
      <h4>{t('cogovVotes.checkReceipt')}</h4>
      <Input
        value={typed ?? mine ?? ''}
        onChange={setTyped}
        placeholder={t('cogovVotes.receiptPlaceholder')}
        aria-label={t('cogovVotes.receipt')}
        data-testid="receipt-input"
      />
      <Button
        size="small"
        className="yw-mt"
        disabled={!receipt}
        loading={lookup.isPending}
        onClick={() => lookup.mutate()}
        data-testid="receipt-check"
      >
        {t('cogovVotes.check')}
      </Button>
      {lookup.data && (
        <p data-testid="receipt-outcome">
          {found ? t('cogovVotes.receiptFound', { choice: label(found) }) : t('cogovVotes.receiptNotFound')}
        </p>
      )}
    </div>
  );
}

function Consultation({ c }: { c: ConsultationDetail }) {
  const { t, i18n } = useTranslation();
  return (
    <div data-testid="consultation-detail">
      <div className="yw-card">
        <h2 className="yw-break">{c.title}</h2>
        <Tag color={stateColor(c.state)} data-testid="consultation-state">
          {t(`cogovVotes.states.${c.state}`)}
        </Tag>
        <div className="yw-muted">
          {t('cogovVotes.period', {
            from: formatDateTime(c.opensAt, i18n.language),
            to: formatDateTime(c.closesAt, i18n.language),
          })}
        </div>
        <div className="yw-muted">
          {t('cogovVotes.eligibility', { scope: t(`cogovVotes.scopes.${c.scope}`) })}
          {c.minAge !== null && t('cogovVotes.minAge', { age: c.minAge })}
        </div>
        <h3>{t('cogovVotes.background')}</h3>
        <p className="yw-votes-text">{c.background}</p>
        {c.documents.map((d) => (
          <div key={d.url}>
            <a href={d.url}>{d.title}</a>
          </div>
        ))}
      </div>
      {c.state === 'open' && <Vote c={c} />}
      {c.state === 'published' && <Result c={c} />}
    </div>
  );
}

function ConsultationBody({ id }: { id: string }) {
  const { t } = useTranslation();
  const q = useQuery(consultationQuery(id));
  return (
    <QueryBody
      query={q}
      notFound={t('cogovVotes.notFound')}
      loadFailed={t('cogovVotes.loadFailed')}
      notFoundTestId="consultation-404"
    >
      {(c) => <Consultation c={c} />}
    </QueryBody>
  );
}

export default function CogovConsultationsPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  return (
    <SubPage title={t('cogovVotes.consultationsTitle')} testId="cogov-votes-page">
      <RequireSignIn>{id ? <ConsultationBody id={id} /> : <ConsultationList />}</RequireSignIn>
    </SubPage>
  );
}
