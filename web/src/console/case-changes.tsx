// What the applicant changed at each resubmission (补正), for the reviewer: the form fields
// (before → after, labelled from the form the case was filed under) and the materials added,
// replaced or removed. The latest round first.
import { Card, Descriptions, Empty, List, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { lt } from '../shared/catalog';
import type { CaseView, FormField, Resubmission } from '../shared/contract';
import { formatFieldValue, formatValue, useFormDefinition } from './case-form-view';
import { When } from './desk';

const CHANGE_COLOR = { added: 'green', replaced: 'blue', removed: 'red' } as const;

export function ResubmissionChanges({ c }: { c: CaseView }) {
  const { t } = useTranslation();
  const definition = useFormDefinition(c);
  if (c.resubmissions.length === 0) return null;
  const fields = new Map<string, FormField>(
    (definition.data?.sections ?? []).flatMap((s) => s.fields.map((f) => [f.key, f] as const)),
  );
  const rounds = [...c.resubmissions].reverse();
  return (
    <Card title={t('desk.changes.title')} data-testid="case-changes">
      {rounds.map((r) => (
        <Round key={r.seq} r={r} n={c.resubmissions.indexOf(r) + 1} fields={fields} />
      ))}
    </Card>
  );
}

function Round({ r, n, fields }: { r: Resubmission; n: number; fields: Map<string, FormField> }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const value = (key: string, v: unknown) => {
    const f = fields.get(key);
    return f ? formatFieldValue(t, lng, f, v) : formatValue(t, lng, v);
  };
  const files = (list: { fileName: string }[]) => list.map((x) => x.fileName).join(lng === 'en' ? ', ' : '、') || '—';
  return (
    <div data-testid="changes-round" data-seq={r.seq} style={{ marginBottom: 16 }}>
      <Typography.Title level={5}>
        {t('desk.changes.round', { n })} · <When at={r.at} />
      </Typography.Title>
      {r.form.length === 0 && r.materials.length === 0 && (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('desk.changes.none')} />
      )}
      {r.form.length > 0 && (
        <Descriptions
          bordered
          size="small"
          column={1}
          title={t('desk.changes.form')}
          items={r.form.map((ch) => ({
            key: ch.key,
            label: fields.get(ch.key) ? lt(fields.get(ch.key)!.label, lng) : <span className="yw-code">{ch.key}</span>,
            children: (
              <span data-testid={`change-field-${ch.key}`}>
                <Typography.Text delete type="secondary" data-testid="change-before">
                  {value(ch.key, ch.before)}
                </Typography.Text>
                {' → '}
                <Typography.Text strong data-testid="change-after">
                  {value(ch.key, ch.after)}
                </Typography.Text>
              </span>
            ),
          }))}
          style={{ marginBottom: 12 }}
        />
      )}
      {r.materials.length > 0 && (
        <List
          size="small"
          header={<Typography.Text strong>{t('desk.changes.materials')}</Typography.Text>}
          bordered
          dataSource={r.materials}
          renderItem={(m) => (
            <List.Item key={m.code} data-testid={`change-material-${m.code}`} data-change={m.change}>
              <span>
                <Tag color={CHANGE_COLOR[m.change]}>{t(`desk.changes.kind.${m.change}`)}</Tag>
                {lt(m.name, lng)}
              </span>
              <Typography.Text type="secondary">
                {m.change === 'added'
                  ? files(m.after)
                  : m.change === 'removed'
                    ? files(m.before)
                    : `${files(m.before)} → ${files(m.after)}`}
              </Typography.Text>
            </List.Item>
          )}
        />
      )}
    </div>
  );
}
