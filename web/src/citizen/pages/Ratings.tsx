/**
 * 服务评价 (/ratings): the applicant's closed cases awaiting a rating (an invitation's message
 * links here with `?case=`), and the follow-ups (回访) of their rectified bad reviews
 * (`?ticket=`). Rating is voluntary; one per case; it cannot be changed.
 */
import { useState } from 'react';
import { Card, Result } from 'antd-mobile';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { callbacksQuery, invitationsQuery, rateCase, rateFix } from '../../shared/api/supervision';
import { lt } from '../../shared/catalog';
import { formatDateTime } from '../../shared/format';
import { addText, errorMessage } from '../../shared/i18n';
import { supervisionText } from '../../shared/text-supervision';
import { RequireSignIn } from '../case-parts';
import { FormError, SubPage } from '../components';
import { RatingForm } from '../rating-form';

addText('supervision', supervisionText);

function Invitations() {
  const { t, i18n } = useTranslation();
  const invitations = useQuery(invitationsQuery);
  const callbacks = useQuery(callbacksQuery);
  const rate = useMutation(rateCase);
  const fix = useMutation(rateFix);
  const [done, setDone] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const onError = (err: unknown) => setError(errorMessage(t, err));
  if (done) return <Result status="success" title={t('supervision.thanks')} />;
  return (
    <>
      <p className="yw-muted">{t('supervision.voluntary')}</p>
      <FormError message={error} />
      {(callbacks.data ?? []).map((c) => (
        <Card
          key={c.ticketId}
          title={`${t('supervision.mine.callbacks')} · ${c.caseNumber}`}
          data-testid="rating-callback"
        >
          <p>{t('supervision.mine.callbackIntro')}</p>
          <p className="yw-muted">{c.explanation}</p>
          <RatingForm
            indicators={['overall']}
            pending={fix.isPending}
            testId="callback-form"
            onSubmit={(b) =>
              fix.mutate(
                { id: c.ticketId, score: b.score, comment: b.comment ?? null },
                { onSuccess: () => setDone(true), onError },
              )
            }
          />
        </Card>
      ))}
      <h3>{t('supervision.mine.invitations')}</h3>
      {invitations.data?.length === 0 && <p className="yw-muted">{t('supervision.mine.none')}</p>}
      {(invitations.data ?? []).map((inv) => (
        <Card
          key={inv.caseId}
          title={`${lt(inv.itemName, i18n.language)} · ${inv.caseNumber}`}
          data-testid="rating-invitation"
        >
          <p className="yw-muted">
            {t(`supervision.mine.outcome.${inv.outcome}`)} · {t('supervision.mine.expires')}{' '}
            {formatDateTime(inv.expiresAt, i18n.language)}
          </p>
          <RatingForm
            indicators={inv.indicators}
            pending={rate.isPending}
            testId="rating-form"
            onSubmit={(body) => rate.mutate({ caseId: inv.caseId, body }, { onSuccess: () => setDone(true), onError })}
          />
        </Card>
      ))}
      <p>
        <Link to="/ratings/figures">{t('supervision.figures.title')} ›</Link>
      </p>
    </>
  );
}

export default function RatingsPage() {
  const { t } = useTranslation();
  return (
    <SubPage title={t('supervision.mine.title')} testId="ratings-page">
      <RequireSignIn>
        <Invitations />
      </RequireSignIn>
    </SubPage>
  );
}
