/** The form of a new data-sharing grant (数据共享授权), in a modal: registry, grantee, fields, purpose, legal basis, statutory, end date. */
import { useState } from 'react';
import { App as AntApp, Checkbox, Form, Input, Modal, Radio, Select, Switch, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { useMutation } from '@tanstack/react-query';
import { createGrant } from '../shared/api/exchange';
import { lt } from '../shared/catalog';
import { cityTimeZone } from '../shared/city-time';
import type { NewSharingGrant, Registry } from '../shared/contract';
import { errorMessage } from '../shared/i18n';
import { localName, useDepartments } from './common';

interface Values {
  registry: Registry['code'];
  granteeKind: 'department' | 'item';
  granteeDepartment?: string;
  granteeItem?: string;
  fields: string[];
  purpose: string;
  legalBasis: string;
  statutory: boolean;
  endsOn?: string;
}

const SENSITIVITY_COLOR: Record<string, string> = {
  public: 'green',
  internal: 'blue',
  personal: 'orange',
  sensitive: 'red',
};

/** The end of a calendar date (YYYY-MM-DD) in the city: the instant the next day starts. */
function cityDayEnd(date: string): string {
  const utc = Date.parse(`${date}T00:00:00Z`) + 86_400_000;
  const offset = new Intl.DateTimeFormat('en-US', { timeZone: cityTimeZone(), timeZoneName: 'longOffset' })
    .formatToParts(new Date(utc))
    .find((p) => p.type === 'timeZoneName')?.value;
  const m = /GMT([+-])(\d{2}):(\d{2})/.exec(offset ?? '');
  const minutes = m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 0;
  return new Date(utc - minutes * 60_000).toISOString();
}

export function GrantForm({
  open,
  onClose,
  registries,
}: {
  open: boolean;
  onClose: () => void;
  registries: Registry[];
}) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const { message } = AntApp.useApp();
  const departments = useDepartments() ?? [];
  const [form] = Form.useForm<Values>();
  const [registry, setRegistry] = useState<Registry | null>(null);
  const [kind, setKind] = useState<Values['granteeKind']>('department');
  const creating = useMutation(createGrant);

  const submit = async (v: Values) => {
    const body: NewSharingGrant = {
      registry: v.registry,
      fields: v.fields,
      purpose: v.purpose.trim(),
      legalBasis: v.legalBasis.trim(),
      statutory: v.statutory,
      ...(v.granteeKind === 'department'
        ? { granteeDepartment: v.granteeDepartment }
        : { granteeItem: v.granteeItem?.trim() }),
      ...(v.endsOn ? { endsAt: cityDayEnd(v.endsOn) } : {}),
    };
    try {
      await creating.mutateAsync(body);
      void message.success(t('grants.created'));
      form.resetFields();
      setRegistry(null);
      onClose();
    } catch (err) {
      void message.error(errorMessage(t, err));
    }
  };

  const required = [{ required: true, message: t('grants.required') }];
  return (
    <Modal
      open={open}
      title={t('grants.create')}
      okText={t('grants.save')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={creating.isPending}
      width={640}
      destroyOnHidden
      okButtonProps={{ 'data-testid': 'grant-save' }}
    >
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{ granteeKind: 'department', statutory: false, fields: [] }}
        onFinish={(v) => void submit(v)}
        data-testid="grant-form"
      >
        <Form.Item name="registry" label={t('grants.registry')} rules={required}>
          <Select
            data-testid="grant-registry"
            options={registries.map((r) => ({ value: r.code, label: lt(r.name, lng) }))}
            onChange={(code: string) => {
              setRegistry(registries.find((r) => r.code === code) ?? null);
              form.setFieldValue('fields', []);
            }}
          />
        </Form.Item>
        <Form.Item name="granteeKind" label={t('grants.granteeKind')}>
          <Radio.Group onChange={(e) => setKind(e.target.value as Values['granteeKind'])} data-testid="grant-kind">
            <Radio value="department">{t('grants.granteeDepartment')}</Radio>
            <Radio value="item">{t('grants.granteeItem')}</Radio>
          </Radio.Group>
        </Form.Item>
        {kind === 'department' ? (
          <Form.Item name="granteeDepartment" label={t('grants.granteeDepartment')} rules={required}>
            <Select
              showSearch={{ optionFilterProp: 'label' }}
              data-testid="grant-department"
              options={departments.map((d) => ({ value: d.code, label: localName(d, lng) }))}
            />
          </Form.Item>
        ) : (
          <Form.Item name="granteeItem" label={t('grants.itemCode')} rules={required}>
            <Input maxLength={64} data-testid="grant-item" />
          </Form.Item>
        )}
        <Form.Item name="fields" label={t('grants.fields')} rules={required}>
          <Checkbox.Group data-testid="grant-fields" style={{ display: 'flex', flexDirection: 'column', gap: 4 }}>
            {(registry?.fields ?? []).map((f) => (
              <Checkbox key={f.key} value={f.key} data-testid={`grant-field-${f.key}`}>
                {lt(f.label, lng)}{' '}
                <Tag color={SENSITIVITY_COLOR[f.sensitivity]}>{t(`grants.sensitivity.${f.sensitivity}`)}</Tag>
              </Checkbox>
            ))}
          </Checkbox.Group>
        </Form.Item>
        <Form.Item name="purpose" label={t('grants.purpose')} rules={required}>
          <Input maxLength={200} data-testid="grant-purpose" />
        </Form.Item>
        <Form.Item name="legalBasis" label={t('grants.legalBasis')} rules={required}>
          <Input.TextArea maxLength={500} rows={2} data-testid="grant-legal-basis" />
        </Form.Item>
        <Form.Item name="statutory" label={t('grants.statutory')} valuePropName="checked">
          <Switch data-testid="grant-statutory" />
        </Form.Item>
        <Form.Item name="endsOn" label={t('grants.endsAt')}>
          <Input type="date" data-testid="grant-ends" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
