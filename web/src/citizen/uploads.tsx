/**
 * The materials of an application: one row per material the applicant supplies, with an
 * upload (a file, or a photo from the camera) checked by the server (PDF, JPEG or PNG by
 * their bytes, at most 10 MB), and the materials departments share among themselves, which
 * the applicant never brings.
 */
import { useRef, useState } from 'react';
import { Button, SpinLoading, Tag } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../shared/client';
import { upload as uploadFile, uploadUrl } from '../shared/api/applications';
import { labelOf, lt } from '../shared/catalog';
import type { BundleMaterial, LocalText, Material, MaterialRef, MaterialView, Upload } from '../shared/contract';
import { catalogueMessage, errorMessage } from '../shared/i18n';
import { formatSize } from './case-parts';

/** A material the target asks for (an item's, or a bundle's merged list). */
export type MaterialSpec = Pick<Material, 'code' | 'name' | 'required' | 'sharedFrom'> & {
  source: Material['source'] | BundleMaterial['source'];
  /** For a bundle: the items that need it. */
  neededBy?: LocalText[];
};

/** A file attached to a material (as a draft or a case lists it). */
export type Attached = Omit<MaterialView, 'code' | 'name'>;

/** Material code → its file. */
export type Attachments = Record<string, Attached>;

export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;
const ACCEPT = 'application/pdf,image/jpeg,image/png,.pdf,.jpg,.jpeg,.png';
const ALLOWED_TYPES = new Set(['application/pdf', 'image/jpeg', 'image/png']);
const ALLOWED_EXTENSIONS = /\.(pdf|jpe?g|png)$/i;

export const fromUpload = (u: Upload): Attached => ({
  uploadId: u.id,
  fileName: u.fileName,
  mediaType: u.mediaType,
  size: u.size,
  sha256: u.sha256,
});
export const fromMaterialView = (m: MaterialView): Attached => ({
  uploadId: m.uploadId,
  fileName: m.fileName,
  mediaType: m.mediaType,
  size: m.size,
  sha256: m.sha256,
});

export function attachmentsOf(materials: MaterialView[]): Attachments {
  const out: Attachments = {};
  for (const m of materials) out[m.code] = fromMaterialView(m);
  return out;
}

/** The materials to send: only those the target asks the applicant for. */
export function materialRefs(specs: MaterialSpec[], files: Attachments): MaterialRef[] {
  return specs
    .filter((s) => s.source === 'applicant' && files[s.code])
    .map((s) => ({ code: s.code, uploadId: files[s.code]!.uploadId }));
}

/** Required applicant materials that have no file yet. */
export function missingMaterials(specs: MaterialSpec[], files: Attachments): string[] {
  return specs.filter((s) => s.source === 'applicant' && s.required && !files[s.code]).map((s) => s.code);
}

/** A problem the browser can see before uploading (the server checks again, by the bytes). */
function precheck(file: File): string | null {
  if (file.size === 0) return 'FILE_EMPTY';
  if (file.size > MAX_UPLOAD_BYTES) return 'FILE_TOO_LARGE';
  if (!ALLOWED_TYPES.has(file.type) && !ALLOWED_EXTENSIONS.test(file.name)) return 'FILE_TYPE_NOT_ALLOWED';
  return null;
}

function MaterialRow({
  spec,
  file,
  error,
  onAttach,
  onRemove,
  onError,
  disabled,
}: {
  spec: MaterialSpec;
  file: Attached | undefined;
  error: string | null;
  onAttach: (f: Attached) => void;
  onRemove: () => void;
  onError: (message: string | null) => void;
  disabled: boolean;
}) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const fileInput = useRef<HTMLInputElement>(null);
  const cameraInput = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);

  const upload = async (picked: File | undefined) => {
    if (!picked) return;
    const problem = precheck(picked);
    if (problem) {
      onError(t(`cases.materials.errors.${problem}`));
      return;
    }
    setBusy(true);
    onError(null);
    try {
      onAttach(fromUpload(await uploadFile(picked)));
    } catch (err) {
      // 415 without a code of ours: the server's parser refused the declared type before reading the bytes.
      const code =
        err instanceof ApiError
          ? err.status === 415 && !err.code.startsWith('FILE_')
            ? 'FILE_TYPE_NOT_ALLOWED'
            : err.code
          : null;
      // The catalogue's message; the app's words for the file checks it also makes itself; the server's.
      const key = code ? `cases.materials.errors.${code}` : null;
      onError((code && catalogueMessage(code)) ?? (key && i18n.exists(key) ? t(key) : errorMessage(t, err)));
    } finally {
      setBusy(false);
    }
  };

  const onPicked = (input: HTMLInputElement | null) => {
    const picked = input?.files?.[0];
    if (input) input.value = ''; // picking the same file again must fire a change
    void upload(picked);
  };

  return (
    <li
      className={error ? 'yw-material yw-material-invalid' : 'yw-material'}
      data-testid={`material-${spec.code}`}
      data-source="applicant"
      data-attached={file ? 'true' : 'false'}
    >
      <div className="yw-material-head">
        <span className="yw-material-name">{lt(spec.name, lng)}</span>
        <Tag color={spec.required ? 'danger' : 'default'} fill="outline">
          {spec.required ? t('cases.materials.required') : t('cases.materials.optional')}
        </Tag>
      </div>
      {spec.neededBy && spec.neededBy.length > 0 && (
        <div className="yw-muted yw-material-from">
          {t('cases.materials.neededBy', {
            items: spec.neededBy.map((n) => lt(n, lng)).join(lng === 'en' ? ', ' : '、'),
          })}
        </div>
      )}
      {file && (
        <div className="yw-file" data-testid={`file-${spec.code}`}>
          <span className="yw-file-icon" aria-hidden="true">
            {file.mediaType === 'application/pdf' ? 'PDF' : 'IMG'}
          </span>
          <span className="yw-file-body">
            <a
              className="yw-file-name"
              href={uploadUrl(file.uploadId)}
              target="_blank"
              rel="noreferrer"
              data-testid="file-name"
            >
              {file.fileName}
            </a>
            <span className="yw-file-meta" data-testid="file-meta">
              {formatSize(file.size)}
            </span>
          </span>
        </div>
      )}
      <div className="yw-material-actions">
        {busy ? (
          <span className="yw-muted yw-uploading" role="status">
            <SpinLoading style={{ '--size': '18px' }} /> {t('cases.materials.uploading')}
          </span>
        ) : (
          <>
            <Button
              size="small"
              color="primary"
              fill={file ? 'outline' : 'solid'}
              disabled={disabled}
              onClick={() => fileInput.current?.click()}
              data-testid={`upload-${spec.code}`}
            >
              {file ? t('cases.materials.replace') : t('cases.materials.upload')}
            </Button>
            <Button size="small" fill="outline" disabled={disabled} onClick={() => cameraInput.current?.click()}>
              {t('cases.materials.camera')}
            </Button>
            {file && (
              <Button
                size="small"
                fill="none"
                disabled={disabled}
                onClick={onRemove}
                data-testid={`remove-${spec.code}`}
              >
                {t('cases.materials.remove')}
              </Button>
            )}
          </>
        )}
        <input
          ref={fileInput}
          type="file"
          accept={ACCEPT}
          hidden
          onChange={(e) => onPicked(e.currentTarget)}
          data-testid={`upload-input-${spec.code}`}
        />
        <input
          ref={cameraInput}
          type="file"
          accept="image/jpeg,image/png"
          capture="environment"
          hidden
          onChange={(e) => onPicked(e.currentTarget)}
        />
      </div>
      {error && (
        <div className="yw-material-error" role="alert" data-testid={`material-error-${spec.code}`}>
          {error}
        </div>
      )}
    </li>
  );
}

/**
 * The materials step. `errors`: messages per material code from the page (e.g. missing or
 * refused by the server on submit); upload errors are kept here until the next attempt.
 */
export function MaterialsEditor({
  specs,
  files,
  onChange,
  errors = {},
  disabled = false,
}: {
  specs: MaterialSpec[];
  files: Attachments;
  onChange: (code: string, file: Attached | null) => void;
  errors?: Record<string, string>;
  disabled?: boolean;
}) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const [uploadErrors, setUploadErrors] = useState<Record<string, string | null>>({});
  const applicant = specs.filter((s) => s.source === 'applicant');
  const shared = specs.filter((s) => s.source !== 'applicant');

  return (
    <div className="yw-materials-editor" data-testid="materials-editor">
      <section className="yw-card">
        <h2 className="yw-card-title">{t('cases.materials.title')}</h2>
        {applicant.length === 0 ? (
          <p className="yw-muted">{t('cases.materials.none')}</p>
        ) : (
          <>
            <p className="yw-card-desc">{t('cases.materials.hint')}</p>
            <ul className="yw-materials">
              {applicant.map((s) => (
                <MaterialRow
                  key={s.code}
                  spec={s}
                  file={files[s.code]}
                  error={uploadErrors[s.code] ?? (files[s.code] ? null : (errors[s.code] ?? null))}
                  onAttach={(f) => {
                    setUploadErrors((e) => ({ ...e, [s.code]: null }));
                    onChange(s.code, f);
                  }}
                  onRemove={() => onChange(s.code, null)}
                  onError={(message) => setUploadErrors((e) => ({ ...e, [s.code]: message }))}
                  disabled={disabled}
                />
              ))}
            </ul>
          </>
        )}
      </section>
      {shared.length > 0 && (
        <section className="yw-card" data-testid="shared-materials">
          <h2 className="yw-card-title">{t('cases.materials.sharedTitle')}</h2>
          <ul className="yw-materials">
            {shared.map((s) => (
              <li key={s.code} className="yw-material yw-material-shared" data-testid="material" data-source="shared">
                <div className="yw-material-head">
                  <span className="yw-material-name">{lt(s.name, lng)}</span>
                  <Tag color="success" data-testid="material-shared">
                    {t('catalog.shared')}
                  </Tag>
                </div>
                {s.sharedFrom && (
                  <div className="yw-muted yw-material-from">
                    {t('catalog.sharedFrom', { from: labelOf(t, 'registry', s.sharedFrom) })}
                  </div>
                )}
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}
