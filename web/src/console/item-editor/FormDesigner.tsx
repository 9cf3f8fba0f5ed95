// The application form (申请表单) designer: sections of fields on the left, a live preview
// on the right. Used as a form control: `value` / `onChange` of a FormDefinition.
import { useState, type HTMLAttributes } from 'react';
import { Alert, Button, Card, Col, Dropdown, Input, Row, Space, Table, Tag, Tooltip, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { lt } from '../../shared/catalog';
import type { FormDefinition, FormField } from '../../shared/contract';
import { FieldEditor } from './FieldEditor';
import { FormPreview } from './FormPreview';
import { RowActions } from './inputs';
import { serverErrorMessage } from './ServerErrors';
import {
  blankField,
  choicesOf,
  FIELD_TEMPLATES,
  formProblems,
  isRequired,
  keysOf,
  kindOf,
  LIMITS,
  pointerToPath,
  widgetOf,
  type ServerError,
} from './model';

/** A short description of a field's constraints ("长度 2–30", "3 个选项", …). */
function describe(t: TFunction, lng: string, f: FormField): string {
  const s = f.schema;
  const parts: string[] = [];
  const n = (k: string) => (typeof s[k] === 'number' ? (s[k] as number) : undefined);
  if (n('minLength') !== undefined || n('maxLength') !== undefined)
    parts.push(t('editor.formDesigner.length', { min: n('minLength') ?? 0, max: n('maxLength') ?? '∞' }));
  if (typeof s.pattern === 'string') parts.push(t('editor.formDesigner.pattern'));
  const lo = n('minimum') ?? n('exclusiveMinimum');
  const hi = n('maximum') ?? n('exclusiveMaximum');
  if (lo !== undefined || hi !== undefined)
    parts.push(t('editor.formDesigner.range', { min: lo ?? '−∞', max: hi ?? '∞' }));
  if (s.type === 'integer') parts.push(t('editor.formDesigner.integer'));
  const options = choicesOf(s).map((c) => (c.title && lt(c.title, lng)) || c.value);
  if (options.length > 0)
    parts.push(
      t('editor.formDesigner.options', {
        count: options.length,
        list: options.slice(0, 4).join(' / ') + (options.length > 4 ? ' …' : ''),
      }),
    );
  if (kindOf(f) === 'boolean') parts.push(t('editor.formDesigner.yesNo'));
  if (s.format === 'date') parts.push(t('editor.formDesigner.date'));
  return parts.join('；');
}

type Editing = { section: number; index: number | null; field: FormField };

export function FormDesigner(props: {
  value?: FormDefinition;
  onChange?: (v: FormDefinition) => void;
  serverErrors: ServerError[];
}) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const value: FormDefinition = props.value ?? { sections: [] };
  const [editing, setEditing] = useState<Editing | null>(null);
  const change = (f: (sections: FormDefinition['sections']) => FormDefinition['sections']) =>
    props.onChange?.({ sections: f(value.sections.map((s) => ({ ...s, fields: [...s.fields] }))) });

  // Problems found here, and the server's, keyed by "section/field", "section" or "sections".
  const problems = new Map<string, string[]>();
  const note = (path: (string | number)[], message: string) => {
    // path: ['form', 'sections', i, 'fields', j, …]
    const key =
      path[3] === 'fields' && typeof path[4] === 'number'
        ? `${path[2]}/${path[4]}`
        : typeof path[2] === 'number'
          ? `${path[2]}`
          : 'sections';
    problems.set(key, [...(problems.get(key) ?? []), message]);
  };
  for (const p of formProblems(value)) note(pointerToPath(p.path), t(`editor.problems.${p.code}`));
  for (const e of props.serverErrors) note(e.name, serverErrorMessage(t, e));

  const move = <T,>(list: T[], from: number, to: number) => {
    const [x] = list.splice(from, 1);
    list.splice(to, 0, x!);
  };

  const saveField = (field: FormField, section: number) => {
    if (!editing) return;
    change((sections) => {
      if (editing.index !== null) sections[editing.section]!.fields.splice(editing.index, 1);
      if (editing.index !== null && section === editing.section)
        sections[section]!.fields.splice(editing.index, 0, field);
      else sections[section]!.fields.push(field);
      return sections;
    });
    setEditing(null);
  };

  const otherKeys = (() => {
    const keys = keysOf(value);
    if (editing?.index !== null && editing)
      keys.delete(value.sections[editing.section]?.fields[editing.index]?.key ?? '');
    return keys;
  })();

  const templateMenu = (section: number) => {
    const used = keysOf(value);
    return {
      items: FIELD_TEMPLATES.map((f) => ({
        key: f.key,
        disabled: used.has(f.key),
        label: `${lt(f.label, lng)} (${f.key})`,
      })),
      onClick: ({ key }: { key: string }) => {
        const f = FIELD_TEMPLATES.find((x) => x.key === key);
        if (f) change((sections) => (sections[section]!.fields.push(structuredClone(f)), sections));
      },
    };
  };

  const columns = (section: number, count: number): TableColumnsType<FormField> => [
    {
      title: t('editor.formDesigner.field'),
      key: 'field',
      render: (_, f, i) => (
        <div>
          <Space size={6} wrap>
            <Typography.Text strong>{lt(f.label, lng) || '—'}</Typography.Text>
            <Typography.Text code>{f.key}</Typography.Text>
            {problems.has(`${section}/${i}`) && (
              <Tooltip title={problems.get(`${section}/${i}`)!.join('；')}>
                <Tag color="error" data-testid="field-problem">
                  {t('editor.formDesigner.problem')}
                </Tag>
              </Tooltip>
            )}
          </Space>
          <div>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {describe(t, lng, f)}
            </Typography.Text>
          </div>
        </div>
      ),
    },
    {
      title: t('editor.field.widget'),
      key: 'widget',
      width: 150,
      render: (_, f) => (
        <Space size={4} wrap>
          <span>{t(`editor.widget.${widgetOf(f)}`)}</span>
          {isRequired(f) ? (
            <Tag color="red">{t('editor.formDesigner.required')}</Tag>
          ) : (
            <Tag>{t('editor.formDesigner.optional')}</Tag>
          )}
        </Space>
      ),
    },
    {
      key: 'actions',
      width: 170,
      render: (_, f, i) => (
        <Space size={0}>
          <Button
            type="link"
            size="small"
            onClick={() => setEditing({ section, index: i, field: structuredClone(f) })}
            data-testid="field-edit"
          >
            {t('editor.edit')}
          </Button>
          <RowActions
            index={i}
            count={count}
            move={(from, to) => change((sections) => (move(sections[section]!.fields, from, to), sections))}
            remove={() => change((sections) => (sections[section]!.fields.splice(i, 1), sections))}
            testId="field-remove"
          />
        </Space>
      ),
    },
  ];

  return (
    <Row gutter={24} data-testid="form-designer">
      <Col xs={24} xl={15}>
        {value.sections.map((section, i) => (
          <Card
            key={i}
            size="small"
            style={{ marginBottom: 16 }}
            data-testid="form-section"
            title={
              <Space.Compact block style={{ maxWidth: 480, padding: '8px 0' }}>
                <Input
                  value={section.title.zh}
                  status={!section.title.zh.trim() ? 'error' : undefined}
                  placeholder={t('editor.lang.zh', { label: t('editor.formDesigner.sectionTitle') })}
                  maxLength={LIMITS.text}
                  onChange={(e) =>
                    change(
                      (sections) => (
                        (sections[i] = { ...sections[i]!, title: { ...sections[i]!.title, zh: e.target.value } }),
                        sections
                      ),
                    )
                  }
                  data-testid="section-title-zh"
                />
                <Input
                  value={section.title.en}
                  placeholder={t('editor.lang.en', { label: t('editor.formDesigner.sectionTitle') })}
                  maxLength={LIMITS.text}
                  onChange={(e) =>
                    change(
                      (sections) => (
                        (sections[i] = { ...sections[i]!, title: { ...sections[i]!.title, en: e.target.value } }),
                        sections
                      ),
                    )
                  }
                  data-testid="section-title-en"
                />
              </Space.Compact>
            }
            extra={
              <RowActions
                index={i}
                count={value.sections.length}
                move={(from, to) => change((sections) => (move(sections, from, to), sections))}
                remove={() => change((sections) => (sections.splice(i, 1), sections))}
                testId="section-remove"
              />
            }
          >
            {problems.has(`${i}`) && (
              <Alert type="error" showIcon title={problems.get(`${i}`)!.join('；')} style={{ marginBottom: 12 }} />
            )}
            <Table<FormField>
              rowKey={(f) => String(section.fields.indexOf(f))}
              columns={columns(i, section.fields.length)}
              dataSource={section.fields}
              pagination={false}
              size="small"
              locale={{ emptyText: t('editor.formDesigner.noFields') }}
              onRow={(f) => ({ 'data-testid': 'designer-field', 'data-key': f.key }) as HTMLAttributes<HTMLElement>}
            />
            <Space style={{ marginTop: 12 }} wrap>
              <Button
                type="dashed"
                onClick={() => setEditing({ section: i, index: null, field: blankField(keysOf(value)) })}
                data-testid="field-add"
              >
                + {t('editor.formDesigner.addField')}
              </Button>
              <Dropdown menu={templateMenu(i)}>
                <Button data-testid="field-template">{t('editor.formDesigner.addCommon')}</Button>
              </Dropdown>
            </Space>
          </Card>
        ))}
        {problems.has('sections') && (
          <Alert type="error" showIcon title={problems.get('sections')!.join('；')} style={{ marginBottom: 12 }} />
        )}
        <Button
          type="dashed"
          block
          disabled={value.sections.length >= 20}
          onClick={() => change((sections) => [...sections, { title: { zh: '', en: '' }, fields: [] }])}
          data-testid="section-add"
        >
          + {t('editor.formDesigner.addSection')}
        </Button>
      </Col>
      <Col xs={24} xl={9}>
        <Card size="small" title={t('editor.preview.title')} style={{ position: 'sticky', top: 16 }}>
          <FormPreview value={value} />
        </Card>
      </Col>
      <FieldEditor
        field={editing?.field ?? null}
        section={editing?.section ?? 0}
        isNew={editing?.index === null}
        sections={value.sections.map((s, i) => ({
          value: i,
          label: lt(s.title, lng) || t('editor.formDesigner.untitledN', { n: i + 1 }),
        }))}
        otherKeys={otherKeys}
        onSave={saveField}
        onClose={() => setEditing(null)}
      />
    </Row>
  );
}
