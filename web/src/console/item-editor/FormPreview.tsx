// A live preview of the application form: the fields as an applicant will meet them, with
// the checks their JSON Schemas imply (try it: "检查填写" validates what was typed).
import {
  Alert,
  Button,
  Checkbox,
  DatePicker,
  Empty,
  Form,
  Input,
  InputNumber,
  Radio,
  Select,
  Space,
  Tag,
  Typography,
} from 'antd';
import type { FormRule } from 'antd';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { lt } from '../../shared/catalog';
import type { FormDefinition, FormField } from '../../shared/contract';
import { choicesOf, isRequired, kindOf, widgetOf } from './model';

function compile(pattern: unknown): RegExp | null {
  if (typeof pattern !== 'string') return null;
  try {
    return new RegExp(pattern, 'u');
  } catch {
    return null;
  }
}

const num = (x: unknown) => (typeof x === 'number' ? x : undefined);

/** antd rules for a field, from its JSON Schema. */
export function rulesFor(t: TFunction, f: FormField): FormRule[] {
  const s = f.schema;
  const rules: FormRule[] = [];
  if (kindOf(f) === 'boolean') return rules; // unticked is an answer too: no
  if (isRequired(f)) rules.push({ required: true, message: t('editor.preview.required') });
  const minLength = num(s.minLength);
  const maxLength = num(s.maxLength);
  if (minLength !== undefined) rules.push({ min: minLength, message: t('editor.preview.minLength', { n: minLength }) });
  if (maxLength !== undefined) rules.push({ max: maxLength, message: t('editor.preview.maxLength', { n: maxLength }) });
  const re = compile(s.pattern);
  if (re) rules.push({ pattern: re, message: t('editor.preview.pattern') });
  if (s.type === 'number' || s.type === 'integer') {
    const check = async (_: unknown, v: unknown) => {
      if (typeof v !== 'number') return;
      const min = num(s.minimum);
      const max = num(s.maximum);
      const xmin = num(s.exclusiveMinimum);
      const xmax = num(s.exclusiveMaximum);
      if (min !== undefined && v < min) throw new Error(t('editor.preview.minimum', { n: min }));
      if (xmin !== undefined && v <= xmin) throw new Error(t('editor.preview.exclusiveMinimum', { n: xmin }));
      if (max !== undefined && v > max) throw new Error(t('editor.preview.maximum', { n: max }));
      if (xmax !== undefined && v >= xmax) throw new Error(t('editor.preview.exclusiveMaximum', { n: xmax }));
    };
    rules.push({ validator: check });
  }
  if (s.type === 'array') {
    const minItems = num(s.minItems);
    const maxItems = num(s.maxItems);
    if (minItems !== undefined)
      rules.push({ type: 'array', min: minItems, message: t('editor.preview.minItems', { n: minItems }) });
    if (maxItems !== undefined)
      rules.push({ type: 'array', max: maxItems, message: t('editor.preview.maxItems', { n: maxItems }) });
  }
  return rules;
}

function Widget({ field, lng }: { field: FormField; lng: string }) {
  const placeholder = field.placeholder ? lt(field.placeholder, lng) : undefined;
  const s = field.schema;
  const options = choicesOf(s).map((c) => ({ value: c.value, label: (c.title && lt(c.title, lng)) || c.value }));
  if (kindOf(field) === 'boolean') return <Checkbox>{lt(field.label, lng)}</Checkbox>;
  switch (widgetOf(field)) {
    case 'textarea':
      return <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} placeholder={placeholder} />;
    case 'date':
      return <DatePicker style={{ width: '100%' }} placeholder={placeholder} />;
    case 'number':
    case 'money':
      return (
        <InputNumber
          style={{ width: '100%' }}
          placeholder={placeholder}
          precision={s.type === 'integer' ? 0 : undefined}
          step={num(s.multipleOf) ?? 1}
          prefix={widgetOf(field) === 'money' ? '¥' : undefined}
        />
      );
    case 'select':
      return <Select allowClear options={options} placeholder={placeholder} />;
    case 'radio':
      return <Radio.Group options={options} />;
    case 'checkbox':
      return <Checkbox.Group options={options} />;
    default:
      return <Input placeholder={placeholder} maxLength={num(s.maxLength)} />;
  }
}

export function FormPreview({ value }: { value: FormDefinition }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const [form] = Form.useForm();
  const fields = value.sections.reduce((n, s) => n + s.fields.length, 0);
  if (fields === 0) return <Empty description={t('editor.preview.empty')} />;
  return (
    <div data-testid="form-preview">
      <Alert type="info" showIcon title={t('editor.preview.hint')} style={{ marginBottom: 16 }} />
      {/* component={false}: no <form> element inside the editor's own form */}
      <Form form={form} layout="vertical" component={false}>
        {value.sections.map((section, i) => (
          <div key={i} style={{ marginBottom: 8 }}>
            <Typography.Title level={5} data-testid="preview-section">
              {lt(section.title, lng) || t('editor.formDesigner.untitled')}
            </Typography.Title>
            {section.fields.map((f, j) => (
              <div key={`${i}:${j}:${f.key}`} data-testid="preview-field">
                <Form.Item
                  name={f.key || `__${i}_${j}`}
                  label={
                    <Space size={4}>
                      <span>{lt(f.label, lng) || f.key}</span>
                      {f.prefill && <Tag color="green">{t('editor.preview.prefilled')}</Tag>}
                    </Space>
                  }
                  tooltip={
                    f.prefill
                      ? t('editor.preview.prefillFrom', {
                          source: t(`editor.prefill.${f.prefill}`, { defaultValue: f.prefill }),
                        })
                      : undefined
                  }
                  extra={f.help ? lt(f.help, lng) : undefined}
                  rules={rulesFor(t, f)}
                  valuePropName={kindOf(f) === 'boolean' ? 'checked' : 'value'}
                >
                  <Widget field={f} lng={lng} />
                </Form.Item>
              </div>
            ))}
          </div>
        ))}
        <Space>
          <Button onClick={() => void form.validateFields().catch(() => undefined)} data-testid="preview-check">
            {t('editor.preview.check')}
          </Button>
          <Button onClick={() => form.resetFields()}>{t('editor.preview.reset')}</Button>
        </Space>
      </Form>
    </div>
  );
}
