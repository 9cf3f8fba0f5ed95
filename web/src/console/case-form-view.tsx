// The form as the applicant filed it, read-only, labelled from the form definition of the
// item version the case was filed under (a bundle's merged form for bundle cases). Values
// whose key the definition does not know, or every value when the definition cannot be
// loaded, are shown under their raw keys.
import { Alert, Descriptions, Empty, Skeleton, Typography } from 'antd';
import type { DescriptionsProps } from 'antd';
import type { TFunction } from 'i18next';
import i18next from 'i18next';
import { useTranslation } from 'react-i18next';
import { choicesOf } from '../citizen/form-schema';
import { useQuery } from '@tanstack/react-query';
import { getBundle, getItem } from '../shared/api/catalog';
import { lt } from '../shared/catalog';
import type { CaseView, FormDefinition, FormField, FormValues } from '../shared/contract';

/** Widgets whose values are long enough to take a whole row. */
const WIDE_WIDGETS = new Set(['textarea', 'address']);

/** The form definition the case was filed under (shared by the form and the changes after 补正). */
export function useFormDefinition(c: Pick<CaseView, 'itemCode' | 'itemVersion' | 'bundleCode'>) {
  return useQuery({
    queryKey: ['catalog', 'form', c.bundleCode, c.itemCode, c.itemVersion],
    queryFn: ({ signal }) => loadDefinition(c, signal),
    enabled: c.bundleCode !== null || c.itemCode !== null,
  });
}

function loadDefinition(
  c: Pick<CaseView, 'itemCode' | 'itemVersion' | 'bundleCode'>,
  signal: AbortSignal,
): Promise<FormDefinition> {
  if (c.bundleCode) return getBundle(c.bundleCode, signal).then((b) => b.form);
  return getItem(c.itemCode ?? '', c.itemVersion, signal).then((d) => d.item.form);
}

const isEmpty = (v: unknown) => v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);

/** One value as text: numbers in the user's locale, yes/no, lists joined; objects as JSON. */
export function formatValue(t: TFunction, lng: string, v: unknown): string {
  if (isEmpty(v)) return '—';
  if (typeof v === 'boolean') return v ? t('desk.form.yes') : t('desk.form.no');
  if (typeof v === 'number')
    return new Intl.NumberFormat(lng === 'en' ? 'en-GB' : 'zh-CN', { maximumFractionDigits: 6 }).format(v);
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) return v.map((x) => formatValue(t, lng, x)).join(lng === 'en' ? ', ' : '、');
  return JSON.stringify(v);
}

/**
 * A field's value as the applicant chose it: a choice shows its label (the schema's title, else
 * the label the citizen app shows for that field's option, shared under `cases.options`).
 */
export function formatFieldValue(t: TFunction, lng: string, field: FormField, v: unknown): string {
  const choices = choicesOf(field);
  if (!choices || isEmpty(v)) return formatValue(t, lng, v);
  const label = (x: unknown): string => {
    const c = choices.find((o) => o.value === x);
    if (!c) return formatValue(t, lng, x);
    if (c.title) return typeof c.title === 'string' ? c.title : lt(c.title, lng);
    const key = `cases.options.${field.key}.${c.value}`;
    return i18next.exists(key) ? t(key) : c.value;
  };
  return Array.isArray(v) ? v.map(label).join(lng === 'en' ? ', ' : '、') : label(v);
}

function ValueText({ fieldKey, children }: { fieldKey: string; children: string }) {
  return (
    <Typography.Text data-testid={`form-value-${fieldKey}`} style={{ whiteSpace: 'pre-wrap' }}>
      {children}
    </Typography.Text>
  );
}

export function CaseFormView({ c }: { c: Pick<CaseView, 'id' | 'itemCode' | 'itemVersion' | 'bundleCode' | 'form'> }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const known = c.bundleCode !== null || c.itemCode !== null;
  const definition = useFormDefinition(c);
  const values: FormValues = c.form;
  const keys = Object.keys(values);

  if (known && definition.isPending) return <Skeleton active paragraph={{ rows: 4 }} />;

  const fieldItem = (f: FormField): NonNullable<DescriptionsProps['items']>[number] => ({
    key: f.key,
    label: lt(f.label, lng),
    span: f.widget && WIDE_WIDGETS.has(f.widget) ? 'filled' : 1,
    children: <ValueText fieldKey={f.key}>{formatFieldValue(t, lng, f, values[f.key])}</ValueText>,
  });
  const rawItem = (k: string): NonNullable<DescriptionsProps['items']>[number] => ({
    key: k,
    label: <span className="yw-code">{k}</span>,
    children: <ValueText fieldKey={k}>{formatValue(t, lng, values[k])}</ValueText>,
  });

  const sections = definition.data?.sections ?? [];
  const defined = new Set(sections.flatMap((s) => s.fields.map((f) => f.key)));
  const unknown = keys.filter((k) => !defined.has(k));

  if (keys.length === 0 && sections.length === 0) {
    return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('desk.form.empty')} />;
  }

  return (
    <div data-testid="case-form">
      {(definition.isError || !known) && (
        <Alert type="warning" showIcon title={t('desk.form.definitionFailed')} style={{ marginBottom: 16 }} />
      )}
      {sections.map((s, i) => (
        <Descriptions
          key={i}
          title={lt(s.title, lng)}
          bordered
          size="small"
          column={{ xs: 1, md: 2 }}
          items={s.fields.map(fieldItem)}
          style={{ marginBottom: 16 }}
        />
      ))}
      {unknown.length > 0 && (
        <Descriptions
          title={sections.length > 0 ? t('desk.form.other') : undefined}
          bordered
          size="small"
          column={{ xs: 1, md: 2 }}
          items={unknown.map(rawItem)}
        />
      )}
    </div>
  );
}
