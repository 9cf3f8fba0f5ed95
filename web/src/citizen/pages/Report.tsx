/**
 * 随手拍 (/report): a signed-in person reports a city problem: its type, a description, up to
 * 6 photos, a point on the map (or an address) and, where the type allows, anonymously. The
 * server routes it to the community's grid and the responsible department; the person follows
 * it in 我的随手拍.
 */
import { useMemo, useRef, useState } from 'react';
import { Button, Selector, Switch, TextArea, Toast } from 'antd-mobile';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { newIdempotencyKey } from '../../shared/api/applications';
import { areasQuery, categoriesQuery, reportEvent, type Category } from '../../shared/api/cityops';
import { lt } from '../../shared/catalog';
import { ApiError } from '../../shared/client';
import { addText, errorMessage } from '../../shared/i18n';
import { RequireSignIn } from '../case-parts';
import { FormError, LoadError, SubPage } from '../components';
import { PhotoPicker, type Photo } from '../report-photos';
import { LocationPicker, type Place } from '../report-location';
import { reportsText } from '../text-reports';
import '../reports.css';

addText('reports', reportsText);

export default function ReportPage() {
  const { t } = useTranslation();
  return (
    <SubPage title={t('reports.title')} testId="report-page">
      <RequireSignIn>
        <ReportForm />
      </RequireSignIn>
    </SubPage>
  );
}

function ReportForm() {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const navigate = useNavigate();
  const categories = useQuery(categoriesQuery());
  const areas = useQuery(areasQuery());
  const [category, setCategory] = useState<string | null>(null);
  const [description, setDescription] = useState('');
  const [photos, setPhotos] = useState<Photo[]>([]);
  const [place, setPlace] = useState<Place>({ point: null, address: '' });
  const [anonymous, setAnonymous] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const idempotencyKey = useRef<string | null>(null);
  const send = useMutation(reportEvent);

  // Citizens report what they see; sensor categories are opened by the sensors themselves.
  const groups = useMemo(() => {
    const out = new Map<string, Category[]>();
    for (const c of categories.data ?? []) {
      if (c.sensorType) continue;
      const g = lt(c.group, lng);
      out.set(g, [...(out.get(g) ?? []), c]);
    }
    return [...out.entries()];
  }, [categories.data, lng]);
  const chosen = categories.data?.find((c) => c.code === category) ?? null;

  if (categories.error || areas.error) {
    return (
      <div className="yw-card">
        <LoadError
          message={`${t('reports.loadFailed')}${t('common.colon')}${errorMessage(t, categories.error ?? areas.error)}`}
          onRetry={() => {
            void categories.refetch();
            void areas.refetch();
          }}
        />
      </div>
    );
  }
  if (!categories.data || !areas.data) return <p className="yw-muted yw-center yw-mt">{t('common.loading')}</p>;

  const submit = () => {
    if (!chosen) return setProblem(t('reports.needCategory'));
    if (!description.trim()) return setProblem(t('reports.needDescription'));
    if (!place.point && !place.address.trim()) return setProblem(t('reports.needLocation'));
    setProblem(null);
    idempotencyKey.current ??= newIdempotencyKey();
    send.mutate(
      {
        categoryCode: chosen.code,
        description: description.trim(),
        ...(place.point ? { lat: place.point.lat, lng: place.point.lng } : {}),
        ...(place.address.trim() ? { address: place.address.trim() } : {}),
        photos: photos.map((p) => p.id),
        anonymous: chosen.anonymousAllowed && anonymous,
        idempotencyKey: idempotencyKey.current,
      },
      {
        onSuccess: (opened) => {
          idempotencyKey.current = null;
          Toast.show({ icon: 'success', content: t('reports.submitted', { number: opened.number }) });
          // The reporter follows the report, an anonymous one too (handlers never see who it was).
          void navigate(`/me/reports/${opened.id}`, { replace: true });
        },
        onError: (err) => {
          // A refusal (422, 404) is final for this attempt: the next one is a new submission.
          if (err instanceof ApiError && err.status >= 400 && err.status < 500) idempotencyKey.current = null;
          setProblem(errorMessage(t, err));
        },
      },
    );
  };

  return (
    <div className="yw-report" data-testid="report-form">
      <p className="yw-card yw-muted">{t('reports.intro')}</p>
      <section className="yw-card">
        <h2 className="yw-card-title">{t('reports.category')}</h2>
        {groups.map(([group, list]) => (
          <div key={group} className="yw-report-group">
            <h3 className="yw-report-group-title">{group}</h3>
            <Selector
              columns={2}
              options={list.map((c) => ({
                value: c.code,
                label: (
                  <span data-testid={`report-category-${c.code}`}>
                    {lt(c.name, lng)}
                    {c.urgent ? ` · ${t('reports.categoryUrgent')}` : ''}
                  </span>
                ),
              }))}
              value={category ? [category] : []}
              onChange={(v) => setCategory(v[0] ?? null)}
              disabled={send.isPending}
            />
          </div>
        ))}
      </section>
      <section className="yw-card">
        <h2 className="yw-card-title">
          <label htmlFor="report-description">{t('reports.description')}</label>
        </h2>
        <TextArea
          id="report-description"
          value={description}
          onChange={setDescription}
          placeholder={t('reports.descriptionPlaceholder')}
          rows={4}
          maxLength={2000}
          showCount
          disabled={send.isPending}
          data-testid="report-description"
        />
      </section>
      <section className="yw-card">
        <h2 className="yw-card-title">{t('reports.photos')}</h2>
        <PhotoPicker photos={photos} onChange={setPhotos} disabled={send.isPending} />
      </section>
      <section className="yw-card">
        <h2 className="yw-card-title">{t('reports.location')}</h2>
        <LocationPicker areas={areas.data} value={place} onChange={setPlace} disabled={send.isPending} />
      </section>
      <section className="yw-card">
        <div className="yw-report-anonymous">
          <span>{t('reports.anonymous')}</span>
          <Switch
            checked={!!chosen?.anonymousAllowed && anonymous}
            disabled={!chosen?.anonymousAllowed || send.isPending}
            onChange={setAnonymous}
            aria-label={t('reports.anonymous')}
            data-testid="report-anonymous"
          />
        </div>
        <p className="yw-muted yw-small">
          {chosen && !chosen.anonymousAllowed ? t('reports.anonymousNotAllowed') : t('reports.anonymousHint')}
        </p>
      </section>
      <FormError message={problem} />
      <div className="yw-page-actions">
        <Button
          block
          size="large"
          color="primary"
          loading={send.isPending}
          loadingText={t('reports.submitting')}
          onClick={submit}
          data-testid="report-submit"
        >
          {t('reports.submit')}
        </Button>
      </div>
    </div>
  );
}
