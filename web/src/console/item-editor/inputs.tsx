// Small form building blocks of the item editor: bilingual text, lists of text.
import { Button, Col, Form, Input, Row, Space } from 'antd';
import type { FormRule } from 'antd';
import { useTranslation } from 'react-i18next';

type Name = (string | number)[];

/** A text in Chinese (required when `required`) and English, side by side. */
export function BilingualInput(props: {
  name: Name;
  label: string;
  required?: boolean;
  max: number;
  textarea?: boolean;
  testId?: string;
  /** inside a list row: no labels, placeholders tell the language */
  noLabel?: boolean;
}) {
  const { t } = useTranslation();
  const zhRules: FormRule[] = [{ max: props.max, message: t('editor.rules.max', { max: props.max }) }];
  if (props.required) zhRules.unshift({ required: true, whitespace: true, message: t('editor.rules.required') });
  const input = (lang: 'zh' | 'en') => {
    const common = {
      maxLength: props.max,
      placeholder: props.noLabel ? t(`editor.lang.${lang}`, { label: props.label }) : undefined,
      'data-testid': props.testId ? `${props.testId}-${lang}` : undefined,
    };
    return props.textarea ? (
      <Input.TextArea autoSize={{ minRows: 2, maxRows: 8 }} {...common} />
    ) : (
      <Input {...common} />
    );
  };
  return (
    <Row gutter={12}>
      <Col xs={24} md={12}>
        <Form.Item
          name={[...props.name, 'zh']}
          label={props.noLabel ? undefined : t('editor.lang.zh', { label: props.label })}
          rules={zhRules}
        >
          {input('zh')}
        </Form.Item>
      </Col>
      <Col xs={24} md={12}>
        <Form.Item
          name={[...props.name, 'en']}
          label={props.noLabel ? undefined : t('editor.lang.en', { label: props.label })}
          rules={[{ max: props.max, message: t('editor.rules.max', { max: props.max }) }]}
        >
          {input('en')}
        </Form.Item>
      </Col>
    </Row>
  );
}

/** A list of one-line texts (legal basis, …) with add and remove. */
export function TextList(props: {
  name: string;
  label: string;
  addLabel: string;
  max: number;
  testId: string;
  placeholder?: string;
}) {
  const { t } = useTranslation();
  return (
    <Form.Item label={props.label} required={false}>
      <Form.List name={props.name}>
        {(fields, { add, remove }) => (
          <div data-testid={props.testId}>
            {fields.map((field, i) => (
              <Space.Compact key={field.key} block style={{ marginBottom: 8 }}>
                <Form.Item
                  name={field.name}
                  noStyle
                  rules={[
                    { required: true, whitespace: true, message: t('editor.rules.required') },
                    { max: props.max, message: t('editor.rules.max', { max: props.max }) },
                  ]}
                >
                  <Input placeholder={props.placeholder} maxLength={props.max} data-testid={`${props.testId}-${i}`} />
                </Form.Item>
                <Button onClick={() => remove(field.name)} aria-label={t('editor.remove')}>
                  {t('editor.remove')}
                </Button>
              </Space.Compact>
            ))}
            <Button type="dashed" onClick={() => add('')} data-testid={`${props.testId}-add`}>
              + {props.addLabel}
            </Button>
          </div>
        )}
      </Form.List>
    </Form.Item>
  );
}

/** Move / remove buttons of a list row. */
export function RowActions(props: {
  index: number;
  count: number;
  move: (from: number, to: number) => void;
  remove: () => void;
  testId?: string;
}) {
  const { t } = useTranslation();
  return (
    <Space size={0}>
      <Button
        type="link"
        size="small"
        disabled={props.index === 0}
        onClick={() => props.move(props.index, props.index - 1)}
        aria-label={t('editor.moveUp')}
      >
        ↑
      </Button>
      <Button
        type="link"
        size="small"
        disabled={props.index === props.count - 1}
        onClick={() => props.move(props.index, props.index + 1)}
        aria-label={t('editor.moveDown')}
      >
        ↓
      </Button>
      <Button type="link" size="small" danger onClick={props.remove} data-testid={props.testId}>
        {t('editor.remove')}
      </Button>
    </Space>
  );
}
