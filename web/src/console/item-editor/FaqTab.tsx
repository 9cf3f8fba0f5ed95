// 常见问题: questions and answers in both languages.
import { Button, Card, Form, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { BilingualInput, RowActions } from './inputs';
import { LIMITS } from './model';

export function FaqTab() {
  const { t } = useTranslation();
  return (
    <Form.List name="faq">
      {(fields, { add, remove, move }) => (
        <div data-testid="faq-editor">
          {fields.length === 0 && <Typography.Paragraph type="secondary">{t('editor.faq.empty')}</Typography.Paragraph>}
          {fields.map((field, i) => (
            <Card
              key={field.key}
              size="small"
              style={{ marginBottom: 12 }}
              title={t('editor.faq.n', { n: i + 1 })}
              extra={<RowActions index={i} count={fields.length} move={move} remove={() => remove(field.name)} />}
            >
              <BilingualInput
                name={[field.name, 'q']}
                label={t('editor.faq.question')}
                required
                max={LIMITS.longText}
                testId={`faq-${i}-q`}
              />
              <BilingualInput
                name={[field.name, 'a']}
                label={t('editor.faq.answer')}
                required
                max={LIMITS.longText}
                textarea
                testId={`faq-${i}-a`}
              />
            </Card>
          ))}
          <Button
            type="dashed"
            onClick={() => add({ q: { zh: '', en: '' }, a: { zh: '', en: '' } })}
            disabled={fields.length >= 50}
            data-testid="faq-add"
          >
            + {t('editor.faq.add')}
          </Button>
        </div>
      )}
    </Form.List>
  );
}
