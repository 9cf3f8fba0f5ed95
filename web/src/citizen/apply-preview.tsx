/**
 * The first step of applying (数据共享 预览): what the platform would use for this item or bundle —
 * each value, where it comes from (registry and department), why (purpose, legal basis), and the
 * documents departments share instead of an upload (or why one is needed). The applicant agrees
 * (同意并使用: the consents are given and the values fill the form) or types everything (自己填写).
 */
import { useState } from 'react';
import { Button, NavBar, Toast } from 'antd-mobile';
import { useNavigate } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { agreeShared, previewShared } from '../shared/api/exchange';
import { lt } from '../shared/catalog';
import type { Me, PreviewEvidence, PreviewValue, SharedDataPreview } from '../shared/contract';
import { errorMessage } from '../shared/i18n';
import type { TargetDef } from './apply-target';

/** What the applicant chose: the values to fill in (empty when they type them) and the shared documents to upload. */
export interface SharedChoice {
  values: Record<string, string>;
  uploads: Set<string>;
}

/** Shared documents the applicant must upload: the registry has none, or (without agreeing) consent would be needed. */
export function uploadsOf(p: SharedDataPreview | undefined, agreed: boolean): Set<string> {
  const out = new Set<string>();
  for (const e of p?.evidence ?? []) {
    if (e.outcome === 'upload' || (!agreed && e.outcome === 'fetched' && !e.statutory)) out.add(e.materialCode);
  }
  return out;
}

/** The target with the shared documents to upload turned into the applicant's. */
export function withUploads(target: TargetDef, uploads: ReadonlySet<string>): TargetDef {
  if (uploads.size === 0) return target;
  return {
    ...target,
    materials: target.materials.map((m) => (uploads.has(m.code) ? { ...m, source: 'applicant' as const } : m)),
  };
}

/** The preview as the first page of applying; then `children` with the applicant's choice. */
export function WithSharedData({
  target,
  me,
  resumed,
  children,
}: {
  target: TargetDef;
  me: Me;
  /** Continuing a draft: the applicant chose when they started it. */
  resumed: boolean;
  children: (choice: SharedChoice) => React.ReactNode;
}) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const [choice, setChoice] = useState<SharedChoice | null>(resumed ? { values: {}, uploads: new Set() } : null);
  if (choice) return children(choice);
  return (
    <div className="yw-subpage yw-apply" data-testid="apply-page" data-step="preview">
      <NavBar className="yw-navbar" onBack={() => void navigate(-1)}>
        {t('cases.apply.title')}
      </NavBar>
      <div className="yw-subpage-body">
        <section className="yw-card yw-apply-head">
          <h1 className="yw-guide-name" data-testid="apply-name">
            {lt(target.name, i18n.language)}
          </h1>
          <p className="yw-card-desc">{t('exchange.preview.step')}</p>
        </section>
        <SharedDataStep target={target} me={me} onDone={setChoice} />
      </div>
    </div>
  );
}

export function SharedDataStep({
  target,
  me,
  onDone,
}: {
  target: TargetDef;
  me: Me;
  onDone: (choice: SharedChoice) => void;
}) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const [agreeing, setAgreeing] = useState(false);
  const preview = useQuery({
    queryKey: ['exchange', 'preview', target.kind, target.code, me.actingAs?.enterpriseId ?? 'self'],
    queryFn: ({ signal }) => previewShared(target.target, signal),
    staleTime: 0,
    gcTime: 0,
    retry: false,
  });
  const p = preview.data;

  const agree = async () => {
    if (!p) return;
    setAgreeing(true);
    try {
      if (p.consents.some((c) => !c.given)) await agreeShared(target.target);
      Toast.show({ icon: 'success', content: t('exchange.preview.agreed') });
      onDone({ values: Object.fromEntries(p.values.map((v) => [v.fieldKey, v.value])), uploads: uploadsOf(p, true) });
    } catch (err) {
      Toast.show({ icon: 'fail', content: `${t('exchange.preview.agreeFailed')} ${errorMessage(t, err)}` });
    } finally {
      setAgreeing(false);
    }
  };

  const self = () => onDone({ values: {}, uploads: uploadsOf(p, false) });

  return (
    <section className="yw-card yw-preview" data-testid="apply-preview">
      <h2 className="yw-card-title">{t('exchange.preview.title')}</h2>
      <p className="yw-card-desc">{t('exchange.preview.intro')}</p>
      {me.actingAs && (
        <p className="yw-acting yw-acting-inline" data-testid="preview-enterprise">
          {t('exchange.preview.enterprise', { name: me.actingAs.name })}
        </p>
      )}
      {preview.isPending && <p className="yw-muted">{t('exchange.preview.loading')}</p>}
      {preview.isError && (
        <p className="yw-muted" role="alert" data-testid="preview-failed">
          {t('exchange.preview.loadFailed')}
        </p>
      )}
      {p && (
        <>
          <h3 className="yw-form-section-title">{t('exchange.preview.values')}</h3>
          {p.values.length === 0 && <p className="yw-muted">{t('exchange.preview.noValues')}</p>}
          <ul className="yw-preview-list">
            {p.values.map((v) => (
              <ValueRow key={v.fieldKey} v={v} lng={lng} />
            ))}
          </ul>
          {p.missing.length > 0 && (
            <>
              <h3 className="yw-form-section-title">{t('exchange.preview.missing')}</h3>
              <ul className="yw-preview-list">
                {p.missing.map((m) => (
                  <li key={m.fieldKey} className="yw-preview-item" data-testid="preview-missing">
                    <span className="yw-preview-label">{lt(m.label, lng)}</span>
                    <span className="yw-preview-meta">
                      {t('exchange.preview.source', {
                        registry: lt(m.registryName, lng),
                        department: lt(m.ownerDepartmentName, lng),
                      })}
                    </span>
                  </li>
                ))}
              </ul>
            </>
          )}
          {p.evidence.length > 0 && (
            <>
              <h3 className="yw-form-section-title">{t('exchange.preview.evidence')}</h3>
              <ul className="yw-preview-list">
                {p.evidence.map((e) => (
                  <EvidenceRow key={e.materialCode} e={e} lng={lng} />
                ))}
              </ul>
            </>
          )}
        </>
      )}
      <div className="yw-preview-actions">
        <Button
          block
          color="primary"
          size="large"
          loading={agreeing}
          disabled={!p || (p.values.length === 0 && p.evidence.length === 0)}
          onClick={() => void agree()}
          data-testid="preview-agree"
        >
          {t('exchange.preview.agree')}
        </Button>
        <Button block size="large" disabled={agreeing} onClick={self} data-testid="preview-self">
          {t('exchange.preview.self')}
        </Button>
      </div>
    </section>
  );
}

function ValueRow({ v, lng }: { v: PreviewValue; lng: string }) {
  const { t } = useTranslation();
  return (
    <li className="yw-preview-item" data-testid="preview-value" data-field={v.fieldKey}>
      <span className="yw-preview-label">{lt(v.label, lng)}</span>
      <span className="yw-preview-value" data-testid="preview-value-shown">
        {v.shown}
      </span>
      <span className="yw-preview-meta" data-testid="preview-value-source">
        {t('exchange.preview.source', {
          registry: lt(v.registryName, lng),
          department: lt(v.ownerDepartmentName, lng),
        })}
      </span>
      <span className="yw-preview-meta">{t('exchange.preview.purpose', { purpose: v.purpose })}</span>
      <span className="yw-preview-meta">
        {v.statutory ? t('exchange.preview.statutory') : t('exchange.preview.basis', { basis: v.legalBasis })}
      </span>
    </li>
  );
}

function EvidenceRow({ e, lng }: { e: PreviewEvidence; lng: string }) {
  const { t } = useTranslation();
  const registry = lt(e.registryName, lng);
  const outcome =
    e.outcome === 'upload'
      ? t('exchange.preview.upload')
      : e.outcome === 'not_granted'
        ? t('exchange.preview.why.not_granted')
        : t('exchange.preview.fetched');
  const why = e.outcome !== 'not_granted' && e.reason ? t(`exchange.preview.why.${e.reason}`, { registry }) : null;
  return (
    <li className="yw-preview-item" data-testid="preview-evidence" data-outcome={e.outcome}>
      <span className="yw-preview-label">{lt(e.name, lng)}</span>
      <span className={e.outcome === 'upload' ? 'yw-preview-upload' : 'yw-preview-value'}>{outcome}</span>
      <span className="yw-preview-meta">
        {t('exchange.preview.source', { registry, department: lt(e.ownerDepartmentName, lng) })}
      </span>
      {why && <span className="yw-preview-meta">{why}</span>}
    </li>
  );
}
