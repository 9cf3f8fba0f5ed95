/**
 * Up to 6 photos of a city problem (or of a proposal, 共治): each uploaded through the platform's
 * upload facility as it is picked (the server checks the bytes: JPEG or PNG, at most 10 MB) and
 * shown as a thumbnail read back from the server; the report sends their upload ids. Once sent,
 * the record's photos are shown from the record's own photo route (PhotoStrip).
 */
import { useRef, useState } from 'react';
import { Button, SpinLoading } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { upload, uploadUrl } from '../shared/api/applications';
import { errorMessage } from '../shared/i18n';
import { MAX_UPLOAD_BYTES } from './uploads';

export const MAX_PHOTOS = 6;

export interface Photo {
  id: string;
  name: string;
}

export function PhotoPicker({
  photos,
  onChange,
  disabled,
}: {
  photos: Photo[];
  onChange: (next: Photo[]) => void;
  disabled?: boolean;
}) {
  const { t } = useTranslation();
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const add = async (files: File[]) => {
    setError(null);
    const room = MAX_PHOTOS - photos.length;
    if (files.length > room) setError(t('reports.tooManyPhotos'));
    const picked = files.slice(0, Math.max(0, room));
    if (picked.some((f) => f.size > MAX_UPLOAD_BYTES)) {
      setError(t('reports.photoTooLarge'));
      return;
    }
    setBusy(true);
    let next = photos;
    try {
      for (const f of picked) {
        const u = await upload(f);
        next = [...next, { id: u.id, name: u.fileName }];
        onChange(next);
      }
    } catch (err) {
      setError(errorMessage(t, err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="yw-photos" data-testid="report-photos">
      <ul className="yw-photo-grid">
        {photos.map((p, i) => (
          <li key={p.id} className="yw-photo" data-testid="report-photo">
            <img src={uploadUrl(p.id)} alt={t('reports.photo', { n: i + 1 })} />
            <button
              type="button"
              className="yw-photo-remove"
              disabled={disabled}
              onClick={() => onChange(photos.filter((x) => x.id !== p.id))}
              aria-label={`${t('reports.removePhoto')} ${t('reports.photo', { n: i + 1 })}`}
            >
              ×
            </button>
          </li>
        ))}
        {photos.length < MAX_PHOTOS && (
          <li>
            <Button
              className="yw-photo-add"
              disabled={disabled || busy}
              onClick={() => input.current?.click()}
              data-testid="report-add-photo"
            >
              {busy ? <SpinLoading style={{ '--size': '20px' }} /> : '+'}
              <span className="yw-photo-add-label">{busy ? t('reports.uploading') : t('reports.addPhoto')}</span>
            </Button>
          </li>
        )}
      </ul>
      <input
        ref={input}
        type="file"
        accept="image/jpeg,image/png"
        multiple
        hidden
        onChange={(e) => {
          const files = [...(e.currentTarget.files ?? [])];
          e.currentTarget.value = '';
          void add(files);
        }}
        data-testid="report-photo-input"
      />
      <p className="yw-muted yw-small">{t('reports.photosHint')}</p>
      {error && (
        <div className="yw-material-error" role="alert" data-testid="report-photo-error">
          {error}
        </div>
      )}
    </div>
  );
}

/** The photos of a record, each opening full size: `url` is the record's photo route for a photo id. */
export function PhotoStrip({
  photos,
  url,
  testId,
}: {
  photos: string[];
  url: (photoId: string) => string;
  testId: string;
}) {
  const { t } = useTranslation();
  if (photos.length === 0) return null;
  return (
    <ul className="yw-photo-grid" data-testid={testId}>
      {photos.map((p, i) => (
        <li key={p} className="yw-photo">
          <a href={url(p)} target="_blank" rel="noreferrer">
            <img src={url(p)} alt={t('reports.photo', { n: i + 1 })} loading="lazy" />
          </a>
        </li>
      ))}
    </ul>
  );
}
