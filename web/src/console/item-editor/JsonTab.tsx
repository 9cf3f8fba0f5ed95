// 高级：编辑 JSON — the whole item as the API takes it, for what the form does not cover
// (or for pasting an item from elsewhere). Applying it replaces the form's values.
import { useState } from 'react';
import { Alert, Button, Input, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ServiceItemData } from '../../shared/contract';

/** Elements every item has (ServiceItemSchema's required properties). */
const REQUIRED_KEYS: (keyof ServiceItemData)[] = [
  'basicCode',
  'implementationCode',
  'handlingItemCode',
  'level',
  'type',
  'name',
  'keywords',
  'departmentCode',
  'implementingBody',
  'legalBasis',
  'targetUsers',
  'themes',
  'lifeEvents',
  'conditions',
  'statutoryLimit',
  'promisedLimit',
  'visits',
  'onlineDepth',
  'channels',
  'scope',
  'coDepartments',
  'fees',
  'result',
  'materials',
  'faq',
  'contacts',
  'form',
  'processCode',
];

/** Mounted when its tab opens, so it starts from the form's current values. */
export function JsonTab(props: {
  read: () => ServiceItemData;
  apply: (data: ServiceItemData) => void;
  /** elements that cannot change here (the code of an existing item, the department) */
  fixed: Partial<Pick<ServiceItemData, 'handlingItemCode' | 'departmentCode'>>;
}) {
  const { t } = useTranslation();
  const [text, setText] = useState(() => JSON.stringify(props.read(), null, 2));
  const [error, setError] = useState<string | null>(null);
  const [applied, setApplied] = useState(false);

  const apply = () => {
    setApplied(false);
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (err) {
      setError(t('editor.json.invalid', { reason: err instanceof Error ? err.message : String(err) }));
      return;
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
      setError(t('editor.json.notObject'));
      return;
    }
    const data = parsed as Record<string, unknown>;
    const missing = REQUIRED_KEYS.filter((k) => !(k in data));
    if (missing.length > 0) {
      setError(t('editor.json.missing', { keys: missing.join(', ') }));
      return;
    }
    for (const [k, v] of Object.entries(props.fixed)) {
      if (v !== undefined && data[k] !== v) {
        setError(t('editor.json.fixed', { key: k, value: v }));
        return;
      }
    }
    if (
      typeof data.form !== 'object' ||
      data.form === null ||
      !Array.isArray((data.form as { sections?: unknown }).sections)
    ) {
      setError(t('editor.json.formShape'));
      return;
    }
    setError(null);
    props.apply(data as unknown as ServiceItemData);
    setApplied(true);
  };

  return (
    <div data-testid="json-editor">
      <Alert type="warning" showIcon title={t('editor.json.help')} style={{ marginBottom: 12 }} />
      <Input.TextArea
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          setApplied(false);
        }}
        autoSize={{ minRows: 16, maxRows: 40 }}
        className="yw-code"
        spellCheck={false}
        data-testid="json-text"
      />
      {error && <Alert type="error" showIcon title={error} style={{ marginTop: 12 }} data-testid="json-error" />}
      {applied && <Alert type="success" showIcon title={t('editor.json.applied')} style={{ marginTop: 12 }} />}
      <Space style={{ marginTop: 12 }}>
        <Button type="primary" onClick={apply} data-testid="json-apply">
          {t('editor.json.apply')}
        </Button>
        <Button
          onClick={() => {
            setText(JSON.stringify(props.read(), null, 2));
            setError(null);
          }}
        >
          {t('editor.json.reload')}
        </Button>
      </Space>
    </div>
  );
}
