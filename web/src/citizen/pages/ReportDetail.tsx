/**
 * One of my reports (/me/reports/:id): where it stands, where it is, its public history, the
 * handler's result with photos; once closed, the rating and, within 7 days, a way to reopen it.
 */
import { useMemo, useState } from 'react';
import { Button, List, Selector, Tag, TextArea, Toast } from 'antd-mobile';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import {
  areasQuery,
  eventHistoryQuery,
  eventPhotoUrl,
  eventQuery,
  rateEvent,
  reopenEvent,
  type EventDetail,
} from '../../shared/api/cityops';
import { lt } from '../../shared/catalog';
import { CommunityMap } from '../../shared/community-map';
import { formatDateTime } from '../../shared/format';
import { addText, errorMessage } from '../../shared/i18n';
import { RequireSignIn } from '../case-parts';
import { FormError, QueryBody, SubPage } from '../components';
import { History, statusColor } from '../report-parts';
import { PhotoStrip } from '../report-photos';
import { reportsText } from '../text-reports';
import '../reports.css';

addText('reports', reportsText);

export default function ReportDetailPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const event = useQuery(eventQuery(id));
  return (
    <SubPage title={t('reports.mine')} testId="report-detail-page" backTo="/me/reports">
      <RequireSignIn>
        <QueryBody
          query={event}
          notFound={t('reports.notFound')}
          loadFailed={t('reports.loadFailed')}
          notFoundTestId="report-not-found"
        >
          {(e) => <Detail event={e} />}
        </QueryBody>
      </RequireSignIn>
    </SubPage>
  );
}

const place = (e: EventDetail, lng: string) =>
  [e.community, e.grid]
    .filter((p) => p !== null)
    .map((p) => (lng === 'en' ? p.nameEn : p.name))
    .join(' ');

function Detail({ event: e }: { event: EventDetail }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const history = useQuery(eventHistoryQuery(e.id));
  const areas = useQuery({ ...areasQuery(), enabled: e.lat !== null });
  const point = useMemo(() => (e.lat !== null && e.lng !== null ? { lat: e.lat, lng: e.lng } : null), [e.lat, e.lng]);
  const focus = useMemo(() => (e.grid ? [e.grid.code] : []), [e.grid]);
  return (
    <div className="yw-report-detail" data-testid="report-detail" data-status={e.status}>
      <section className="yw-card">
        <div className="yw-report-row">
          <h2 className="yw-card-title">{lt(e.category.name, lng)}</h2>
          <Tag color={statusColor(e.status)} data-testid="report-status" data-status={e.status}>
            {t(`reports.statuses.${e.status}`)}
          </Tag>
        </div>
        <p className="yw-report-desc">{e.description}</p>
        <PhotoStrip photos={e.photos} url={(p) => eventPhotoUrl(e.id, p)} testId="report-photos-view" />
      </section>
      {e.mergedInto && (
        <p className="yw-card yw-muted" data-testid="report-merged">
          {t('reports.mergedInto')}（{e.mergedInto.number}）
        </p>
      )}
      <List mode="card">
        <List.Item extra={<span data-testid="report-number">{e.number}</span>}>{t('reports.number')}</List.Item>
        <List.Item extra={formatDateTime(e.openedAt, lng)}>{t('reports.openedAt')}</List.Item>
        {e.deadlineAt && e.status !== 'closed' && (
          <List.Item extra={formatDateTime(e.deadlineAt, lng)}>{t('reports.deadline')}</List.Item>
        )}
        {(e.community || e.grid) && (
          <List.Item extra={<span data-testid="report-place">{place(e, lng)}</span>}>{t('reports.place')}</List.Item>
        )}
        {e.department && (
          <List.Item extra={lng === 'en' ? e.department.nameEn : e.department.name}>
            {t('reports.department')}
          </List.Item>
        )}
        {e.address && <List.Item description={e.address}>{t('reports.address')}</List.Item>}
      </List>
      {point && areas.data && (
        <section className="yw-card">
          <CommunityMap
            areas={areas.data}
            point={point}
            focus={focus}
            highlight={e.grid?.code ?? null}
            label={t('reports.mapLabel')}
          />
        </section>
      )}
      {e.status === 'closed' && (
        <section className="yw-card" data-testid="report-result">
          <h2 className="yw-card-title">{t('reports.result')}</h2>
          {e.closedAt && (
            <p className="yw-muted yw-small">
              {t('reports.closedAt')} {formatDateTime(e.closedAt, lng)}
            </p>
          )}
          {e.closeNote && <p className="yw-report-desc">{e.closeNote}</p>}
          <PhotoStrip photos={e.closePhotos} url={(p) => eventPhotoUrl(e.id, p)} testId="report-close-photos" />
        </section>
      )}
      {e.rating !== null && (
        <section className="yw-card" data-testid="report-rating" data-rating={e.rating}>
          <h2 className="yw-card-title">{t('reports.rating')}</h2>
          <p>{t(`reports.ratingLevels.${e.rating}`)}</p>
          {e.ratingComment && <p className="yw-report-desc">{e.ratingComment}</p>}
        </section>
      )}
      {e.viewer.mayRate && <RateCard event={e} />}
      {e.viewer.mayReopen && <ReopenCard event={e} />}
      <section className="yw-card">
        <h2 className="yw-card-title">{t('reports.history')}</h2>
        {history.data ? <History items={history.data} /> : <p className="yw-muted">{t('common.loading')}</p>}
      </section>
    </div>
  );
}

const LEVELS = ['5', '4', '3', '2', '1'] as const;

function RateCard({ event }: { event: EventDetail }) {
  const { t } = useTranslation();
  const [rating, setRating] = useState<string | null>(null);
  const [comment, setComment] = useState('');
  const rate = useMutation(rateEvent);
  return (
    <section className="yw-card" data-testid="report-rate">
      <h2 className="yw-card-title">{t('reports.rate')}</h2>
      <p className="yw-muted yw-small">{t('reports.rateHint')}</p>
      <Selector
        columns={1}
        options={LEVELS.map((l) => ({
          value: l,
          label: <span data-testid={`report-rate-${l}`}>{t(`reports.ratingLevels.${l}`)}</span>,
        }))}
        value={rating ? [rating] : []}
        onChange={(v) => setRating(v[0] ?? null)}
      />
      <TextArea
        className="yw-mt"
        value={comment}
        onChange={setComment}
        placeholder={t('reports.ratingComment')}
        maxLength={500}
        rows={2}
        data-testid="report-rate-comment"
      />
      <FormError message={rate.error ? errorMessage(t, rate.error) : null} />
      <Button
        block
        color="primary"
        className="yw-mt"
        disabled={rating === null}
        loading={rate.isPending}
        onClick={() => {
          if (rating === null) return;
          rate.mutate(
            { id: event.id, body: { rating: Number(rating), ...(comment.trim() ? { comment: comment.trim() } : {}) } },
            { onSuccess: () => Toast.show({ icon: 'success', content: t('reports.rated') }) },
          );
        }}
        data-testid="report-rate-submit"
      >
        {t('reports.rateSubmit')}
      </Button>
    </section>
  );
}

function ReopenCard({ event }: { event: EventDetail }) {
  const { t, i18n } = useTranslation();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const reopen = useMutation(reopenEvent);
  return (
    <section className="yw-card" data-testid="report-reopen">
      {event.reopenUntil && (
        <p className="yw-muted yw-small">
          {t('reports.reopenUntil', { until: formatDateTime(event.reopenUntil, i18n.language) })}
        </p>
      )}
      {!open ? (
        <Button block color="danger" fill="outline" onClick={() => setOpen(true)} data-testid="report-reopen-open">
          {t('reports.reopen')}
        </Button>
      ) : (
        <>
          <TextArea
            value={reason}
            onChange={setReason}
            placeholder={t('reports.reopenReason')}
            maxLength={2000}
            rows={3}
            data-testid="report-reopen-reason"
          />
          <FormError message={problem} />
          <Button
            block
            color="danger"
            className="yw-mt"
            loading={reopen.isPending}
            onClick={() => {
              if (!reason.trim()) return setProblem(t('reports.needReason'));
              setProblem(null);
              reopen.mutate(
                { id: event.id, body: { reason: reason.trim() } },
                {
                  onSuccess: () => {
                    setOpen(false);
                    Toast.show({ icon: 'success', content: t('reports.reopened') });
                  },
                  onError: (err) => setProblem(errorMessage(t, err)),
                },
              );
            }}
            data-testid="report-reopen-submit"
          >
            {t('reports.reopenConfirm')}
          </Button>
        </>
      )}
    </section>
  );
}
