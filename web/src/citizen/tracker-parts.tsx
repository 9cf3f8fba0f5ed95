/**
 * Parts of the data tracker page (谁查了我的数据): the filters and one entry. Filters use the
 * phone's own date and select controls (they fit 360 px and an elder's large type).
 */
import { useState } from 'react';
import { Button, Input, Selector, Tag } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { useQuery } from '@tanstack/react-query';
import { registriesQuery } from '../shared/api/exchange';
import { departmentsQuery } from '../shared/api/org';
import { lt } from '../shared/catalog';
import { cityTimeZone } from '../shared/city-time';
import { formatDateTime } from '../shared/format';
import { catalogueMessage } from '../shared/i18n';
import type { TrackerEntry, TrackerQuery } from '../shared/contract';
import { Link } from 'react-router';
import { useClaimLabel } from './superapp-supervision-claims';

export type TrackerFilters = Omit<TrackerQuery, 'cursor' | 'limit'>;

/** The instant a calendar date (YYYY-MM-DD) starts in the city (+1 day for an inclusive end). */
export function cityDayStart(date: string, plusDays = 0): string {
  const utc = Date.parse(`${date}T00:00:00Z`) + plusDays * 86_400_000;
  const offset = new Intl.DateTimeFormat('en-US', { timeZone: cityTimeZone(), timeZoneName: 'longOffset' })
    .formatToParts(new Date(utc))
    .find((p) => p.type === 'timeZoneName')?.value;
  const m = /GMT([+-])(\d{2}):(\d{2})/.exec(offset ?? '');
  const minutes = m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 0;
  return new Date(utc - minutes * 60_000).toISOString();
}

/** `<registry>.<field>` → the field's name (the registry's, when the list knows it). */
export function useFieldLabel(lng: string): (key: string) => string {
  const { t } = useTranslation();
  const registries = useQuery(registriesQuery()).data;
  return (key: string) => {
    // A case's parts, and a resident record's fields, as staff tools log them.
    if (key.startsWith('material:')) return t('rights.fields.material', { code: key.slice(9) });
    if (!key.includes('.')) return (t(`rights.fields.${key}`, { defaultValue: '' }) as string) || key;
    const [code, field] = key.split('.', 2);
    const label = registries?.find((r) => r.code === code)?.fields.find((f) => f.key === field)?.label;
    return label ? lt(label, lng) : key;
  };
}

export function FilterForm({ onApply }: { onApply: (f: TrackerFilters) => void }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const departments = useQuery(departmentsQuery()).data ?? [];
  const registries = useQuery(registriesQuery()).data ?? [];
  const [department, setDepartment] = useState('');
  const [purpose, setPurpose] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [field, setField] = useState('');
  const [outcome, setOutcome] = useState<'read' | 'refused' | ''>('');
  const [caseNumber, setCaseNumber] = useState('');

  const apply = () =>
    onApply({
      ...(department ? { department } : {}),
      ...(purpose.trim() ? { purpose: purpose.trim() } : {}),
      ...(from ? { from: cityDayStart(from) } : {}),
      ...(to ? { to: cityDayStart(to, 1) } : {}),
      ...(field ? { field } : {}),
      ...(outcome ? { outcome } : {}),
      ...(caseNumber.trim() ? { caseNumber: caseNumber.trim() } : {}),
    });
  const clear = () => {
    setDepartment('');
    setPurpose('');
    setFrom('');
    setTo('');
    setField('');
    setOutcome('');
    setCaseNumber('');
    onApply({});
  };

  return (
    <div className="yw-tracker-filters" data-testid="tracker-filters">
      <label className="yw-field">
        <span>{t('rights.tracker.department')}</span>
        <select value={department} onChange={(e) => setDepartment(e.target.value)} data-testid="filter-department">
          <option value="">{t('rights.tracker.anyDepartment')}</option>
          {departments.map((d) => (
            <option key={d.code} value={d.code}>
              {lng === 'en' && d.nameEn ? d.nameEn : d.name}
            </option>
          ))}
        </select>
      </label>
      <label className="yw-field">
        <span>{t('rights.tracker.field')}</span>
        <select value={field} onChange={(e) => setField(e.target.value)} data-testid="filter-field">
          <option value="">{t('rights.tracker.anyField')}</option>
          {registries.map((r) => (
            <optgroup key={r.code} label={lt(r.name, lng)}>
              {r.fields.map((f) => (
                <option key={f.key} value={`${r.code}.${f.key}`}>
                  {lt(f.label, lng)}
                </option>
              ))}
            </optgroup>
          ))}
        </select>
      </label>
      <div className="yw-field-pair">
        <label className="yw-field">
          <span>{t('rights.tracker.from')}</span>
          <input type="date" value={from} onChange={(e) => setFrom(e.target.value)} data-testid="filter-from" />
        </label>
        <label className="yw-field">
          <span>{t('rights.tracker.to')}</span>
          <input type="date" value={to} onChange={(e) => setTo(e.target.value)} data-testid="filter-to" />
        </label>
      </div>
      <div className="yw-field">
        <span>{t('rights.tracker.outcome')}</span>
        <Selector
          columns={3}
          value={[outcome]}
          onChange={(v) => setOutcome((v[0] ?? '') as typeof outcome)}
          options={[
            { label: t('rights.tracker.anyOutcome'), value: '' },
            { label: t('rights.tracker.read'), value: 'read' },
            { label: t('rights.tracker.refused'), value: 'refused' },
          ]}
          data-testid="filter-outcome"
        />
      </div>
      <label className="yw-field">
        <span>{t('rights.tracker.purpose')}</span>
        <Input value={purpose} onChange={setPurpose} maxLength={60} clearable data-testid="filter-purpose" />
      </label>
      <label className="yw-field">
        <span>{t('rights.tracker.caseNumber')}</span>
        <Input value={caseNumber} onChange={setCaseNumber} maxLength={64} clearable data-testid="filter-case" />
      </label>
      <div className="yw-field-pair">
        <Button block onClick={clear} data-testid="filter-clear">
          {t('rights.tracker.clear')}
        </Button>
        <Button block color="primary" onClick={apply} data-testid="filter-apply">
          {t('rights.tracker.apply')}
        </Button>
      </div>
    </div>
  );
}

export function EntryCard({ e, fieldLabel }: { e: TrackerEntry; fieldLabel: (key: string) => string }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const who = e.department ? (lng === 'en' ? e.department.nameEn : e.department.name) : (e.organisation ?? '');
  const resource = (t(`rights.tracker.resource.${e.resourceType}`, { defaultValue: '' }) as string) || e.resourceType;
  // A mini-app that received claims at sign-in (superapp): the app by name, its claims, a link to its page.
  const app = e.resourceType === 'superapp.app';
  const claimLabel = useClaimLabel();
  const label = app ? claimLabel : fieldLabel;
  return (
    <article className="yw-card yw-tracker-entry" data-testid="tracker-entry" data-outcome={e.outcome}>
      <header className="yw-tracker-head">
        <strong data-testid="entry-department">{who}</strong>
        <Tag color={e.outcome === 'refused' ? 'danger' : 'primary'} fill="outline">
          {t(`rights.tracker.${e.outcome}`)}
        </Tag>
      </header>
      <p className="yw-muted">
        {formatDateTime(e.at, lng)} ·{' '}
        {app
          ? t('appData.trackerApp', { name: e.accessor.name })
          : t(e.accessor.kind === 'system' ? 'rights.tracker.system' : 'rights.tracker.staff', {
              name: e.accessor.name,
            })}
      </p>
      <dl className="yw-tracker-facts">
        <dt>{t('rights.tracker.fields')}</dt>
        <dd data-testid="entry-fields">{e.fields.map(label).join('、')}</dd>
        <dt>{t('rights.tracker.purposeLabel')}</dt>
        <dd data-testid="entry-purpose">{e.purpose}</dd>
        {e.legalBasis && (
          <>
            <dt>{t('rights.tracker.legalBasis')}</dt>
            <dd>{e.legalBasis}</dd>
          </>
        )}
        {e.caseNumber && (
          <>
            <dt>{t('rights.tracker.case')}</dt>
            <dd data-testid="entry-case">{e.caseNumber}</dd>
          </>
        )}
        <dt>{t('rights.tracker.via')}</dt>
        <dd>
          {app && e.resourceId ? (
            <Link to={`/me/apps/${e.resourceId}`} data-testid="entry-app-link">
              {t('appData.trackerLink')}
            </Link>
          ) : (
            resource
          )}
        </dd>
        {e.refusal && (
          <>
            <dt>{t('rights.tracker.refusal')}</dt>
            <dd>{catalogueMessage(e.refusal) ?? e.refusal}</dd>
          </>
        )}
      </dl>
    </article>
  );
}
