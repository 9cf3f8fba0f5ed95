/**
 * A proposal as its author writes it (/cogov/proposals/new) or changes it while no one supports
 * it yet (/cogov/proposals/:id/edit): title, text, category, up to 6 photos and where — the
 * city problem report's own photo and map pickers (report-photos.tsx, report-location.tsx).
 * A new proposal is sent with an Idempotency-Key kept across retries of the same submission.
 */
import { useRef, useState } from 'react';
import { Button, Input, Radio, Selector, Space, TextArea, Toast } from 'antd-mobile';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { newIdempotencyKey } from '../../../shared/api/applications';
import { areasQuery } from '../../../shared/api/cityops';
import {
  PROPOSAL_CATEGORIES,
  createProposal,
  editProposal,
  type EditProposal,
  type NewProposal,
  type ProposalDetail,
} from '../../../shared/api/cogov-votes';
import { ApiError } from '../../../shared/client';
import { addText, errorMessage } from '../../../shared/i18n';
import { FormError } from '../../components';
import { LocationPicker, type Place } from '../../report-location';
import { PhotoPicker, type Photo } from '../../report-photos';
import { reportsText } from '../../text-reports';
import '../../reports.css';

addText('reports', reportsText); // the photo and map pickers' own texts

type Display = NewProposal['authorDisplay'];

/** How the author is shown (proposals and comments). */
export function ShowAs({
  value,
  onChange,
  testId,
}: {
  value: Display;
  onChange: (v: Display) => void;
  testId: string;
}) {
  const { t } = useTranslation();
  return (
    <Radio.Group value={value} onChange={(v) => onChange(v as Display)}>
      <Space direction="vertical">
        {(['real', 'masked', 'pseudonym'] as const).map((d) => (
          <Radio key={d} value={d} data-testid={`${testId}-${d}`}>
            {t(`cogovVotes.showAsOptions.${d}`)}
          </Radio>
        ))}
      </Space>
    </Radio.Group>
  );
}

export function ProposalForm({ editing }: { editing?: ProposalDetail }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const areas = useQuery(areasQuery());
  const create = useMutation(createProposal);
  const edit = useMutation(editProposal);
  const [title, setTitle] = useState(editing?.title ?? '');
  const [body, setBody] = useState(editing?.body ?? '');
  const [category, setCategory] = useState<NewProposal['category']>(editing?.category ?? 'facilities');
  const [display, setDisplay] = useState<Display>('masked');
  const [photos, setPhotos] = useState<Photo[]>(editing?.photos.map((id, i) => ({ id, name: `${i + 1}` })) ?? []);
  const [place, setPlace] = useState<Place>({
    point: editing?.lat != null && editing.lng != null ? { lat: editing.lat, lng: editing.lng } : null,
    address: editing?.address ?? '',
  });
  const [problem, setProblem] = useState<string | null>(null);
  const idempotencyKey = useRef<string | null>(null);
  const busy = create.isPending || edit.isPending;

  const submit = () => {
    if (title.trim().length < 4)
      return setProblem(`${t('cogovVotes.title')}${t('common.colon')}${t('cogovVotes.titlePlaceholder')}`);
    if (body.trim().length < 10) return setProblem(t('cogovVotes.bodyPlaceholder'));
    setProblem(null);
    const content: EditProposal = {
      title: title.trim(),
      body: body.trim(),
      category,
      photos: photos.map((p) => p.id),
      ...(place.point ? { lat: place.point.lat, lng: place.point.lng } : {}),
      ...(place.address.trim() ? { address: place.address.trim() } : {}),
    };
    const failed = (err: unknown) => {
      // A refusal is final for this attempt: the next one is a new submission.
      if (err instanceof ApiError && err.status >= 400 && err.status < 500) idempotencyKey.current = null;
      setProblem(errorMessage(t, err));
    };
    if (editing)
      return edit.mutate(
        { id: editing.id, body: content },
        {
          onSuccess: () => {
            Toast.show({ icon: 'success', content: t('cogovVotes.saved') });
            void navigate(`/cogov/proposals/${editing.id}`, { replace: true });
          },
          onError: failed,
        },
      );
    idempotencyKey.current ??= newIdempotencyKey();
    create.mutate(
      { body: { ...content, authorDisplay: display }, idempotencyKey: idempotencyKey.current },
      {
        onSuccess: (p) => {
          idempotencyKey.current = null;
          Toast.show({ icon: 'success', content: t('cogovVotes.submitted') });
          void navigate(`/cogov/proposals/${p.id}`, { replace: true });
        },
        onError: failed,
      },
    );
  };

  return (
    <div data-testid="proposal-form">
      {editing && <p className="yw-card yw-muted">{t('cogovVotes.editHint')}</p>}
      <section className="yw-card">
        <label className="yw-field-label" htmlFor="proposal-title">
          {t('cogovVotes.title')}
        </label>
        <Input
          id="proposal-title"
          value={title}
          onChange={setTitle}
          placeholder={t('cogovVotes.titlePlaceholder')}
          maxLength={80}
          disabled={busy}
          data-testid="proposal-title"
        />
        <label className="yw-field-label" htmlFor="proposal-body">
          {t('cogovVotes.body')}
        </label>
        <TextArea
          id="proposal-body"
          value={body}
          onChange={setBody}
          placeholder={t('cogovVotes.bodyPlaceholder')}
          rows={5}
          maxLength={4000}
          disabled={busy}
          data-testid="proposal-body"
        />
      </section>
      <section className="yw-card">
        <h2 className="yw-card-title">{t('cogovVotes.category')}</h2>
        <Selector
          columns={2}
          options={PROPOSAL_CATEGORIES.map((c) => ({
            value: c,
            label: <span data-testid={`proposal-category-${c}`}>{t(`cogovVotes.categories.${c}`)}</span>,
          }))}
          value={[category]}
          onChange={(v) => v[0] && setCategory(v[0])}
          disabled={busy}
        />
      </section>
      <section className="yw-card">
        <h2 className="yw-card-title">{t('cogovVotes.photos')}</h2>
        <PhotoPicker photos={photos} onChange={setPhotos} disabled={busy} />
      </section>
      <section className="yw-card">
        <h2 className="yw-card-title">{t('cogovVotes.place')}</h2>
        <p className="yw-muted yw-small">{t('cogovVotes.placeHint')}</p>
        {areas.data ? (
          <LocationPicker areas={areas.data} value={place} onChange={setPlace} disabled={busy} />
        ) : (
          <p className="yw-muted">{areas.error ? errorMessage(t, areas.error) : t('common.loading')}</p>
        )}
      </section>
      {!editing && (
        <section className="yw-card">
          <h2 className="yw-card-title">{t('cogovVotes.showAs')}</h2>
          <ShowAs value={display} onChange={setDisplay} testId="proposal-show" />
        </section>
      )}
      {problem && <FormError message={problem} />}
      <div className="yw-card">
        <Button block color="primary" loading={busy} onClick={submit} data-testid="proposal-submit">
          {editing ? t('cogovVotes.save') : t('cogovVotes.submit')}
        </Button>
      </div>
    </div>
  );
}
