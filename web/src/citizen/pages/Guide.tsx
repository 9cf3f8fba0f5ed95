import type { ReactNode } from 'react';
import { Collapse, Tag } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { itemQuery } from '../../shared/api/catalog';
import { formatLimit, formatVisits, isoDate, labelOf, lt, useDepartmentName } from '../../shared/catalog';
import type { ItemDetail, Material } from '../../shared/contract';
import { applyPath, isOnline } from '../apply-target';
import { ApplyBar } from '../case-parts';
import { GuideSection, QueryBody, SubPage } from '../components';
import { useElder } from '../elder';

export default function GuidePage() {
  const { t } = useTranslation();
  const { code = '' } = useParams();
  const query = useQuery(itemQuery(code));

  return (
    <SubPage title={t('citizen.guide.title')} testId="guide-page">
      <QueryBody
        query={query}
        notFound={t('citizen.guide.notFound')}
        loadFailed={t('citizen.guide.loadFailed')}
        notFoundTestId="guide-not-found"
      >
        {(data) => <Guide detail={data} />}
      </QueryBody>
    </SubPage>
  );
}

function Row({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <div className="yw-kv">
      <dt>{label}</dt>
      <dd data-testid={testId}>{children}</dd>
    </div>
  );
}

function Guide({ detail }: { detail: ItemDetail }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const elder = useElder();
  const departmentName = useDepartmentName(lng);
  const it = detail.item;

  return (
    <>
      <section className="yw-card yw-guide-head">
        <h1 className="yw-guide-name" data-testid="guide-name">
          {lt(it.name, lng)}
        </h1>
        <div className="yw-result-meta">
          <span className={it.visits === 0 ? 'yw-tag yw-tag-green' : 'yw-tag'} data-testid="guide-visits-tag">
            {formatVisits(t, it.visits)}
          </span>
          <span className="yw-tag">{labelOf(t, 'scope', it.scope)}</span>
          {it.fees.length === 0 && <span className="yw-tag yw-tag-green">{t('citizen.guide.free')}</span>}
        </div>
        <dl className="yw-kvs">
          <Row label={t('citizen.guide.department')} testId="guide-department">
            {departmentName(it.departmentCode)}
          </Row>
          <Row label={t('citizen.guide.promisedLimit')} testId="guide-promised">
            {it.promisedLimit.value === 0
              ? t('catalog.immediate')
              : t('catalog.promised', { limit: formatLimit(t, it.promisedLimit) })}
          </Row>
          {it.statutoryLimit && (
            <Row label={t('citizen.guide.statutoryLimit')} testId="guide-statutory">
              {formatLimit(t, it.statutoryLimit)}
            </Row>
          )}
          <Row label={t('citizen.guide.visits')} testId="guide-visits">
            {formatVisits(t, it.visits)}
            {it.visits > 0 && it.visitsReason ? (
              <div className="yw-muted">{t('citizen.guide.visitsReason', { reason: it.visitsReason })}</div>
            ) : null}
          </Row>
          {!elder && (
            <>
              <Row label={t('citizen.guide.implementingBody')}>{lt(it.implementingBody, lng)}</Row>
              <Row label={t('citizen.guide.type')}>{labelOf(t, 'type', it.type)}</Row>
            </>
          )}
          <Row label={t('citizen.guide.targetUsers')}>
            {it.targetUsers.map((u) => labelOf(t, 'targetUser', u)).join('、')}
          </Row>
        </dl>
      </section>

      <GuideSection title={t('citizen.guide.materials')} testId="guide-materials">
        {it.materials.length === 0 ? (
          <p className="yw-muted">{t('citizen.guide.noMaterials')}</p>
        ) : (
          <ul className="yw-materials">
            {it.materials.map((m) => (
              <MaterialRow key={m.code} m={m} />
            ))}
          </ul>
        )}
      </GuideSection>

      <GuideSection title={t('citizen.guide.conditions')} testId="guide-conditions">
        {it.conditions.length === 0 ? (
          <p className="yw-muted">{t('citizen.guide.noConditions')}</p>
        ) : (
          <ol className="yw-list">
            {it.conditions.map((c, i) => (
              <li key={i}>{lt(c, lng)}</li>
            ))}
          </ol>
        )}
      </GuideSection>

      <GuideSection title={t('citizen.guide.howTo')} testId="guide-channels">
        <dl className="yw-kvs">
          <Row label={t('citizen.guide.channels')}>
            <span className="yw-tags">
              {it.channels.map((c) => (
                <Tag key={c} color="default" fill="outline">
                  {labelOf(t, 'channel', c)}
                </Tag>
              ))}
            </span>
          </Row>
          <Row label={t('citizen.guide.scope')} testId="guide-scope">
            {labelOf(t, 'scope', it.scope)}
          </Row>
          <Row label={t('citizen.guide.fees')} testId="guide-fees">
            {it.fees.length === 0
              ? t('citizen.guide.free')
              : it.fees.map((f, i) => (
                  <div key={i}>
                    {lt(f.name, lng)} · {t('citizen.guide.feeAmount', { amount: f.amountYuan })}
                  </div>
                ))}
          </Row>
          <Row label={t('citizen.guide.result')} testId="guide-result">
            {lt(it.result.name, lng)}{' '}
            {it.result.electronic && (
              <Tag color="success" data-testid="guide-electronic">
                {t('citizen.guide.electronic')}
              </Tag>
            )}
          </Row>
        </dl>
      </GuideSection>

      {it.faq.length > 0 && (
        <GuideSection title={t('citizen.guide.faq')} testId="guide-faq">
          <Collapse accordion>
            {it.faq.map((f, i) => (
              <Collapse.Panel key={String(i)} title={lt(f.q, lng)}>
                {lt(f.a, lng)}
              </Collapse.Panel>
            ))}
          </Collapse>
        </GuideSection>
      )}

      <GuideSection title={t('citizen.guide.contacts')} testId="guide-contacts">
        <dl className="yw-kvs">
          <Row label={t('citizen.guide.phone')}>
            <a href={`tel:${it.contacts.phone}`}>{it.contacts.phone}</a>
          </Row>
          {it.contacts.address && <Row label={t('citizen.guide.address')}>{lt(it.contacts.address, lng)}</Row>}
        </dl>
      </GuideSection>

      {it.legalBasis.length > 0 && (
        <GuideSection title={t('citizen.guide.legalBasis')} testId="guide-legal">
          {lng === 'en' && (
            <p className="yw-muted" data-testid="guide-legal-chinese">
              {t('citizen.guide.inChinese')}
            </p>
          )}
          <ul className="yw-list" lang="zh-CN">
            {it.legalBasis.map((b, i) => (
              <li key={i}>{b}</li>
            ))}
          </ul>
        </GuideSection>
      )}

      <p className="yw-version" data-testid="guide-version">
        {t('catalog.version', { version: detail.version, date: isoDate(detail.effectiveFrom) })}
      </p>

      <ApplyBar to={applyPath('item', detail.code)} online={detail.status === 'published' && isOnline(it.channels)} />
    </>
  );
}

function MaterialRow({ m }: { m: Material }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const shared = m.source === 'shared';
  return (
    <li
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
          <>
            <Tag color={m.required ? 'danger' : 'default'} fill="outline">
              {m.required ? t('citizen.guide.required') : t('citizen.guide.optional')}
            </Tag>
            <Tag color="default" fill="outline">
              {m.form === 'electronic' ? t('citizen.guide.electronicForm') : t('citizen.guide.paperForm')}
            </Tag>
            {m.copies ? (
              <Tag color="default" fill="outline">
                {t('citizen.guide.copies', { count: m.copies, s: m.copies === 1 ? 'y' : 'ies' })}
              </Tag>
            ) : null}
          </>
        )}
      </div>
      {shared && m.sharedFrom && (
        <div className="yw-muted yw-material-from">
          {t('catalog.sharedFrom', { from: labelOf(t, 'registry', m.sharedFrom) })}
        </div>
      )}
    </li>
  );
}
