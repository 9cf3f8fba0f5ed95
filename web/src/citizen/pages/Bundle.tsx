import { Tag } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { bundleQuery } from '../../shared/api/catalog';
import { formatPromised, formatVisits, lt, useDepartmentName } from '../../shared/catalog';
import type { BundleDetail } from '../../shared/contract';
import { applyPath } from '../apply-target';
import { ApplyBar } from '../case-parts';
import { GuideSection, QueryBody, SubPage } from '../components';
import { useElder } from '../elder';

export default function BundlePage() {
  const { t } = useTranslation();
  const { code = '' } = useParams();
  const query = useQuery(bundleQuery(code));

  return (
    <SubPage title={t('citizen.bundle.title')} testId="bundle-page">
      <QueryBody
        query={query}
        notFound={t('citizen.bundle.notFound')}
        loadFailed={t('citizen.bundle.loadFailed')}
        notFoundTestId="bundle-not-found"
      >
        {(data) => <Bundle bundle={data} />}
      </QueryBody>
    </SubPage>
  );
}

function Bundle({ bundle }: { bundle: BundleDetail }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const elder = useElder();
  const departmentName = useDepartmentName(lng);
  const itemName = (code: string) => {
    const it = bundle.items.find((x) => x.code === code);
    return it ? lt(it.name, lng) : code;
  };
  const fields = bundle.form.sections.flatMap((s) => s.fields);

  return (
    <>
      <section className="yw-card yw-guide-head">
        <h1 className="yw-guide-name" data-testid="bundle-name">
          {lt(bundle.name, lng)}
        </h1>
        <p className="yw-card-desc" data-testid="bundle-description">
          {lt(bundle.description, lng)}
        </p>
        <div className="yw-tags" data-testid="bundle-departments" aria-label={t('citizen.bundle.departments')}>
          <span className="yw-muted">
            {t('citizen.bundle.departments')}
            {t('common.colon')}
          </span>
          {bundle.departments.map((d) => (
            <Tag key={d} color="primary" fill="outline" data-testid="bundle-department">
              {departmentName(d)}
            </Tag>
          ))}
        </div>
      </section>

      <GuideSection title={t('citizen.bundle.items', { count: bundle.items.length })} testId="bundle-items">
        <ul className="yw-results yw-results-plain">
          {bundle.items.map((it) => (
            <li key={it.code}>
              <Link to={`/services/${encodeURIComponent(it.code)}`} className="yw-result" data-testid="bundle-item">
                <span className="yw-result-name">{lt(it.name, lng)}</span>
                <span className="yw-result-dept">{departmentName(it.departmentCode)}</span>
                {!elder && (
                  <span className="yw-result-meta">
                    <span className={it.visits === 0 ? 'yw-tag yw-tag-green' : 'yw-tag'}>
                      {formatVisits(t, it.visits)}
                    </span>
                    <span className="yw-tag">{formatPromised(t, it.promisedLimit)}</span>
                  </span>
                )}
              </Link>
            </li>
          ))}
        </ul>
      </GuideSection>

      <GuideSection title={t('citizen.bundle.form', { count: fields.length })} testId="bundle-form">
        {bundle.form.sections.map((s, i) => (
          <div key={i} className="yw-form-section">
            <h3 className="yw-form-section-title">{lt(s.title, lng)}</h3>
            <ul className="yw-fields">
              {s.fields.map((f) => (
                <li key={f.key} data-testid="bundle-field">
                  {lt(f.label, lng)}
                </li>
              ))}
            </ul>
          </div>
        ))}
      </GuideSection>

      <GuideSection title={t('citizen.bundle.materials', { count: bundle.materials.length })} testId="bundle-materials">
        <ul className="yw-materials">
          {bundle.materials.map((m) => {
            const shared = m.source === 'shared';
            return (
              <li
                key={m.code}
                className={shared ? 'yw-material yw-material-shared' : 'yw-material'}
                data-testid="material"
                data-source={m.source}
              >
                <div className="yw-material-name">{lt(m.name, lng)}</div>
                <div className="yw-tags">
                  {shared ? (
                    <Tag color="success" data-testid="material-shared">
                      {t('catalog.shared')}
                    </Tag>
                  ) : (
                    <Tag color={m.required ? 'danger' : 'default'} fill="outline">
                      {m.required ? t('citizen.guide.required') : t('citizen.guide.optional')}
                    </Tag>
                  )}
                </div>
                <div className="yw-muted yw-material-from">
                  {t('citizen.bundle.neededBy', { items: m.itemCodes.map(itemName).join(lng === 'en' ? ', ' : '、') })}
                </div>
              </li>
            );
          })}
        </ul>
      </GuideSection>

      <ApplyBar to={applyPath('bundle', bundle.code)} online />
    </>
  );
}
