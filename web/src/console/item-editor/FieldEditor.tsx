// One application-form field in a drawer: key, labels, widget, required, prefill, hints and
// the constraints of its JSON Schema (or the schema itself, as JSON).
import { useState } from 'react';
import {
  Alert,
  Button,
  Col,
  Divider,
  Drawer,
  Dropdown,
  Form,
  Input,
  InputNumber,
  Row,
  Segmented,
  Select,
  Space,
  Switch,
  Tabs,
} from 'antd';
import { useTranslation } from 'react-i18next';
import type { FormField, LocalText } from '../../shared/contract';
import {
  choicesOf,
  fieldProblems,
  ID_PATTERN,
  isRequired,
  kindOf,
  kindOfWidget,
  LIMITS,
  MOBILE_PATTERN,
  PREFILLS,
  schemaFor,
  setChoices,
  setConstraint,
  USCC_PATTERN,
  widgetOf,
  WIDGETS,
  type Choice,
  type Widget,
} from './model';

export interface FieldEditorProps {
  /** The field being edited, a copy; null when closed. */
  field: FormField | null;
  section: number;
  sections: { value: number; label: string }[];
  /** keys used by the other fields of the form */
  otherKeys: Set<string>;
  isNew: boolean;
  onSave: (field: FormField, section: number) => void;
  onClose: () => void;
}

export function FieldEditor(props: FieldEditorProps) {
  const { t } = useTranslation();
  return (
    <Drawer
      open={props.field !== null}
      onClose={props.onClose}
      size={640}
      title={props.isNew ? t('editor.field.newTitle') : t('editor.field.editTitle', { key: props.field?.key ?? '' })}
      destroyOnHidden
    >
      {/* Remounted per field, so the draft starts from the field given. */}
      {props.field && <FieldForm key={`${props.section}:${props.field.key}`} {...props} field={props.field} />}
    </Drawer>
  );
}

function FieldForm(props: FieldEditorProps & { field: FormField }) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<FormField>(props.field);
  const [section, setSection] = useState(props.section);
  const [tab, setTab] = useState('general');
  const [json, setJson] = useState('');
  const [jsonError, setJsonError] = useState<string | null>(null);
  const [tried, setTried] = useState(false);

  const widget = widgetOf(draft);
  const kind = kindOf(draft);
  const s = draft.schema;
  const problems = fieldProblems(draft, props.otherKeys);
  const problem = (path: string) => {
    const p = tried || path === 'pattern' ? problems.find((x) => x.path === path) : undefined;
    return p ? { validateStatus: 'error' as const, help: t(`editor.problems.${p.code}`) } : {};
  };

  const patch = (p: Partial<FormField>) => setDraft((d) => ({ ...d, ...p }));
  const patchSchema = (f: (schema: Record<string, unknown>) => Record<string, unknown>) =>
    setDraft((d) => ({ ...d, schema: f(d.schema) }));
  const constraint = (key: string) => (typeof s[key] === 'number' ? (s[key] as number) : null);
  const setText = (k: 'label' | 'placeholder' | 'help', lang: 'zh' | 'en', v: string) =>
    setDraft((d) => ({ ...d, [k]: { ...({ zh: '', en: '' } satisfies LocalText), ...d[k], [lang]: v } }));

  const openJson = () => {
    setJson(JSON.stringify(draft.schema, null, 2));
    setJsonError(null);
  };
  /** The schema typed as JSON, or null (with the reason shown) when it is not a JSON object. */
  const parseJson = (): Record<string, unknown> | null => {
    try {
      const parsed: unknown = JSON.parse(json);
      if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
        throw new Error(t('editor.field.jsonNotObject'));
      setJsonError(null);
      return parsed as Record<string, unknown>;
    } catch (err) {
      setJsonError(err instanceof Error ? err.message : String(err));
      return null;
    }
  };
  const applyJson = () => {
    const schema = parseJson();
    if (!schema) return;
    patch({ schema });
    setTab('general');
  };

  const save = () => {
    setTried(true);
    let field = draft;
    if (tab === 'schema') {
      const schema = parseJson();
      if (!schema) return;
      field = { ...draft, schema };
      setDraft(field);
    }
    if (fieldProblems(field, props.otherKeys).length > 0) {
      setTab('general');
      return;
    }
    props.onSave(field, section);
  };

  const numberInput = (key: string, label: string, testId: string) => (
    <Col span={12}>
      <Form.Item label={label} {...problem(key)}>
        <InputNumber
          style={{ width: '100%' }}
          value={constraint(key)}
          onChange={(v) => patchSchema((x) => setConstraint(x, key, v))}
          data-testid={testId}
        />
      </Form.Item>
    </Col>
  );

  const general = (
    <>
      <Row gutter={12}>
        <Col span={12}>
          <Form.Item label={t('editor.field.key')} required extra={t('editor.field.keyHelp')} {...problem('key')}>
            <Input
              value={draft.key}
              onChange={(e) => patch({ key: e.target.value.trim() })}
              maxLength={64}
              className="yw-code"
              data-testid="field-key"
            />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item label={t('editor.field.section')}>
            <Select value={section} onChange={setSection} options={props.sections} data-testid="field-section" />
          </Form.Item>
        </Col>
      </Row>
      <Row gutter={12}>
        <Col span={12}>
          <Form.Item label={t('editor.lang.zh', { label: t('editor.field.label') })} required {...problem('label')}>
            <Input
              value={draft.label.zh}
              onChange={(e) => setText('label', 'zh', e.target.value)}
              maxLength={LIMITS.text}
              data-testid="field-label-zh"
            />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item label={t('editor.lang.en', { label: t('editor.field.label') })}>
            <Input
              value={draft.label.en}
              onChange={(e) => setText('label', 'en', e.target.value)}
              maxLength={LIMITS.text}
              data-testid="field-label-en"
            />
          </Form.Item>
        </Col>
      </Row>
      <Row gutter={12}>
        <Col span={10}>
          <Form.Item label={t('editor.field.widget')}>
            <Select<Widget>
              value={widget}
              onChange={(w) => setDraft((d) => ({ ...d, widget: w, schema: schemaFor(d.schema, w, kindOfWidget(w)) }))}
              options={WIDGETS.map((w) => ({ value: w, label: t(`editor.widget.${w}`) }))}
              data-testid="field-widget"
            />
          </Form.Item>
        </Col>
        <Col span={4}>
          <Form.Item label={t('editor.field.required')}>
            <Switch
              checked={isRequired(draft)}
              onChange={(on) => patch({ optional: on ? undefined : true })}
              data-testid="field-required"
            />
          </Form.Item>
        </Col>
        <Col span={10}>
          <Form.Item label={t('editor.field.prefill')} tooltip={t('editor.field.prefillHelp')}>
            <Select
              allowClear
              value={draft.prefill}
              onChange={(v?: string) => patch({ prefill: v })}
              showSearch
              options={PREFILLS.map((p) => ({
                value: p,
                label: p.startsWith('registry:')
                  ? t('editor.prefill.registry', { field: p.slice('registry:'.length) })
                  : t(`editor.prefill.${p}`),
              }))}
              popupMatchSelectWidth={false}
              data-testid="field-prefill"
            />
          </Form.Item>
        </Col>
      </Row>

      <Divider titlePlacement="start" plain>
        {t('editor.field.constraints')}
      </Divider>
      {kind === 'string' && (
        <Row gutter={12}>
          {numberInput('minLength', t('editor.field.minLength'), 'field-min-length')}
          {numberInput('maxLength', t('editor.field.maxLength'), 'field-max-length')}
          <Col span={24}>
            <Form.Item label={t('editor.field.pattern')} extra={t('editor.field.patternHelp')} {...problem('pattern')}>
              <Space.Compact block>
                <Input
                  value={typeof s.pattern === 'string' ? s.pattern : ''}
                  onChange={(e) => patchSchema((x) => setConstraint(x, 'pattern', e.target.value))}
                  className="yw-code"
                  data-testid="field-pattern"
                />
                <Dropdown
                  menu={{
                    items: [
                      { key: ID_PATTERN, label: t('editor.field.patterns.idNumber') },
                      { key: MOBILE_PATTERN, label: t('editor.field.patterns.mobile') },
                      { key: USCC_PATTERN, label: t('editor.field.patterns.uscc') },
                      { key: '^\\d{6}$', label: t('editor.field.patterns.postcode') },
                    ],
                    onClick: ({ key }) => patchSchema((x) => setConstraint(x, 'pattern', key)),
                  }}
                >
                  <Button>{t('editor.field.patterns.title')}</Button>
                </Dropdown>
              </Space.Compact>
            </Form.Item>
          </Col>
        </Row>
      )}
      {kind === 'date' && (
        <Alert type="info" showIcon title={t('editor.field.dateHelp')} style={{ marginBottom: 16 }} />
      )}
      {kind === 'number' && (
        <Row gutter={12}>
          <Col span={12}>
            <Form.Item label={t('editor.field.integer')}>
              <Switch
                checked={s.type === 'integer'}
                disabled={widget === 'money'}
                onChange={(on) => patchSchema((x) => ({ ...x, type: on ? 'integer' : 'number' }))}
                data-testid="field-integer"
              />
            </Form.Item>
          </Col>
          {numberInput('multipleOf', t('editor.field.multipleOf'), 'field-multiple-of')}
          {numberInput('minimum', t('editor.field.minimum'), 'field-minimum')}
          {numberInput('maximum', t('editor.field.maximum'), 'field-maximum')}
          {numberInput('exclusiveMinimum', t('editor.field.exclusiveMinimum'), 'field-exclusive-minimum')}
          {numberInput('exclusiveMaximum', t('editor.field.exclusiveMaximum'), 'field-exclusive-maximum')}
        </Row>
      )}
      {widget === 'checkbox' && (
        <Form.Item label={t('editor.field.tickKind')}>
          <Segmented
            value={kind === 'boolean' ? 'boolean' : 'choices'}
            onChange={(v) => patchSchema((x) => schemaFor(x, 'checkbox', v as 'boolean' | 'choices'))}
            options={[
              { value: 'choices', label: t('editor.field.tickChoices') },
              { value: 'boolean', label: t('editor.field.tickBoolean') },
            ]}
            data-testid="field-tick-kind"
          />
        </Form.Item>
      )}
      {kind === 'boolean' && (
        <Alert type="info" showIcon title={t('editor.field.booleanHelp')} style={{ marginBottom: 16 }} />
      )}
      {(kind === 'choice' || kind === 'choices') && (
        <Row gutter={12}>
          <Col span={24}>
            <Form.Item label={t('editor.field.options')} extra={t('editor.field.optionsHelp')} {...problem('options')}>
              <ChoicesEditor value={choicesOf(s)} onChange={(c) => patchSchema((x) => setChoices(x, c))} />
            </Form.Item>
          </Col>
          {kind === 'choices' && numberInput('minItems', t('editor.field.minItems'), 'field-min-items')}
          {kind === 'choices' && numberInput('maxItems', t('editor.field.maxItems'), 'field-max-items')}
        </Row>
      )}

      <Divider titlePlacement="start" plain>
        {t('editor.field.hints')}
      </Divider>
      <Row gutter={12}>
        {(['placeholder', 'help'] as const).flatMap((k) =>
          (['zh', 'en'] as const).map((lang) => (
            <Col span={12} key={`${k}-${lang}`}>
              <Form.Item label={t(`editor.lang.${lang}`, { label: t(`editor.field.${k}`) })}>
                <Input
                  value={draft[k]?.[lang] ?? ''}
                  onChange={(e) => setText(k, lang, e.target.value)}
                  maxLength={LIMITS.text}
                />
              </Form.Item>
            </Col>
          )),
        )}
      </Row>
    </>
  );

  const schemaTab = (
    <>
      <Alert type="info" showIcon title={t('editor.field.jsonHelp')} style={{ marginBottom: 12 }} />
      <Input.TextArea
        value={json}
        onChange={(e) => setJson(e.target.value)}
        autoSize={{ minRows: 12, maxRows: 30 }}
        className="yw-code"
        spellCheck={false}
        data-testid="field-schema-json"
      />
      {jsonError && <Alert type="error" showIcon title={jsonError} style={{ marginTop: 12 }} />}
      <Button style={{ marginTop: 12 }} onClick={applyJson} data-testid="field-schema-apply">
        {t('editor.field.jsonApply')}
      </Button>
    </>
  );

  return (
    <div data-testid="field-editor">
      <Form layout="vertical" component={false}>
        <Tabs
          activeKey={tab}
          onChange={(k) => {
            if (k === 'schema') openJson();
            setTab(k);
          }}
          items={[
            { key: 'general', label: t('editor.field.general'), children: general },
            { key: 'schema', label: 'JSON Schema', children: schemaTab },
          ]}
        />
      </Form>
      <Space style={{ marginTop: 16 }}>
        <Button type="primary" onClick={save} data-testid="field-save">
          {t('editor.field.done')}
        </Button>
        <Button onClick={props.onClose}>{t('common.cancel')}</Button>
      </Space>
    </div>
  );
}

/** The options of a choice: the value submitted, and labels (optional) shown instead of it. */
function ChoicesEditor({ value, onChange }: { value: Choice[]; onChange: (v: Choice[]) => void }) {
  const { t } = useTranslation();
  const set = (i: number, c: Choice) => onChange(value.map((x, j) => (j === i ? c : x)));
  const label = (c: Choice, lang: 'zh' | 'en', v: string) => ({ zh: '', en: '', ...c.title, [lang]: v });
  return (
    <div data-testid="field-options">
      {value.map((c, i) => (
        <Space.Compact key={i} block style={{ marginBottom: 8 }}>
          <Input
            value={c.value}
            onChange={(e) => set(i, { ...c, value: e.target.value.trim() })}
            placeholder={t('editor.field.optionValue')}
            className="yw-code"
            style={{ width: '30%' }}
            data-testid="option-value"
          />
          <Input
            value={c.title?.zh ?? ''}
            onChange={(e) => set(i, { ...c, title: label(c, 'zh', e.target.value) })}
            placeholder={t('editor.lang.zh', { label: t('editor.field.optionLabel') })}
            data-testid="option-label-zh"
          />
          <Input
            value={c.title?.en ?? ''}
            onChange={(e) => set(i, { ...c, title: label(c, 'en', e.target.value) })}
            placeholder={t('editor.lang.en', { label: t('editor.field.optionLabel') })}
            data-testid="option-label-en"
          />
          <Button onClick={() => onChange(value.filter((_, j) => j !== i))}>{t('editor.remove')}</Button>
        </Space.Compact>
      ))}
      <Button type="dashed" onClick={() => onChange([...value, { value: '' }])} data-testid="option-add">
        + {t('editor.field.addOption')}
      </Button>
    </div>
  );
}
