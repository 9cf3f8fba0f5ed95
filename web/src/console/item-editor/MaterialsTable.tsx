// The materials (申请材料) of an item as an editable table: one row per material, the rarer
// elements (basis, blank form, sample) in the row's expansion.
import type { HTMLAttributes } from 'react';
import { Button, Col, Form, Input, InputNumber, Row, Select, Switch, Table } from 'antd';
import type { FormListFieldData, TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { labelOf } from '../../shared/catalog';
import type { Material } from '../../shared/contract';
import { RowActions } from './inputs';
import { LIMITS, REGISTRIES } from './model';

const NEW_MATERIAL: Material = {
  code: '',
  name: { zh: '', en: '' },
  required: true,
  form: 'electronic',
  source: 'applicant',
};

export function MaterialsTable() {
  const { t } = useTranslation();
  const form = Form.useFormInstance();

  const uniqueCode = (index: number) => ({
    validator: async (_: unknown, value: string) => {
      const all = (form.getFieldValue('materials') as Material[] | undefined) ?? [];
      if (value && all.some((m, i) => i !== index && m.code?.trim() === value.trim()))
        throw new Error(t('editor.materials.duplicateCode'));
    },
  });

  return (
    <Form.List name="materials">
      {(fields, { add, remove, move }) => {
        const columns: TableColumnsType<FormListFieldData> = [
          { title: '#', key: 'n', width: 44, render: (_, f) => f.name + 1 },
          {
            title: t('editor.materials.code'),
            key: 'code',
            width: 150,
            render: (_, f) => (
              <Form.Item
                name={[f.name, 'code']}
                style={{ margin: 0 }}
                rules={[
                  { required: true, message: t('editor.rules.required') },
                  { pattern: LIMITS.code, message: t('editor.rules.code') },
                  uniqueCode(f.name),
                ]}
              >
                <Input placeholder="id_card" data-testid="material-code" />
              </Form.Item>
            ),
          },
          {
            title: t('editor.materials.name'),
            key: 'name',
            render: (_, f) => (
              <>
                <Form.Item
                  name={[f.name, 'name', 'zh']}
                  style={{ marginBottom: 4 }}
                  rules={[
                    { required: true, whitespace: true, message: t('editor.rules.required') },
                    { max: LIMITS.text, message: t('editor.rules.max', { max: LIMITS.text }) },
                  ]}
                >
                  <Input
                    placeholder={t('editor.lang.zh', { label: t('editor.materials.name') })}
                    data-testid="material-name-zh"
                  />
                </Form.Item>
                <Form.Item
                  name={[f.name, 'name', 'en']}
                  style={{ margin: 0 }}
                  rules={[{ max: LIMITS.text, message: t('editor.rules.max', { max: LIMITS.text }) }]}
                >
                  <Input
                    placeholder={t('editor.lang.en', { label: t('editor.materials.name') })}
                    data-testid="material-name-en"
                  />
                </Form.Item>
              </>
            ),
          },
          {
            title: t('editor.materials.required'),
            key: 'required',
            width: 76,
            render: (_, f) => (
              <Form.Item name={[f.name, 'required']} valuePropName="checked" style={{ margin: 0 }}>
                <Switch size="small" data-testid="material-required" />
              </Form.Item>
            ),
          },
          {
            title: t('editor.materials.form'),
            key: 'form',
            width: 118,
            render: (_, f) => (
              <Form.Item name={[f.name, 'form']} style={{ margin: 0 }}>
                <Select
                  options={[
                    { value: 'electronic', label: t('editor.materials.electronic') },
                    { value: 'paper', label: t('editor.materials.paper') },
                  ]}
                  data-testid="material-form"
                />
              </Form.Item>
            ),
          },
          {
            title: t('editor.materials.source'),
            key: 'source',
            width: 200,
            render: (_, f) => <SourceCell field={f} />,
          },
          {
            title: t('editor.materials.copies'),
            key: 'copies',
            width: 84,
            render: (_, f) => (
              <Form.Item name={[f.name, 'copies']} style={{ margin: 0 }}>
                <InputNumber min={0} max={100} precision={0} style={{ width: '100%' }} data-testid="material-copies" />
              </Form.Item>
            ),
          },
          {
            key: 'actions',
            width: 120,
            render: (_, f) => (
              <RowActions
                index={f.name}
                count={fields.length}
                move={move}
                remove={() => remove(f.name)}
                testId="material-remove"
              />
            ),
          },
        ];
        return (
          <div data-testid="materials-editor">
            <Table<FormListFieldData>
              rowKey="key"
              columns={columns}
              dataSource={fields}
              pagination={false}
              size="small"
              tableLayout="fixed"
              scroll={{ x: 900 }}
              locale={{ emptyText: t('editor.materials.empty') }}
              onRow={() => ({ 'data-testid': 'material-row' }) as HTMLAttributes<HTMLElement>}
              expandable={{
                expandedRowRender: (f) => <MaterialDetails field={f} />,
                columnTitle: '',
              }}
            />
            <Button
              type="dashed"
              block
              style={{ marginTop: 12 }}
              onClick={() => add(structuredClone(NEW_MATERIAL))}
              disabled={fields.length >= 50}
              data-testid="material-add"
            >
              + {t('editor.materials.add')}
            </Button>
          </div>
        );
      }}
    </Form.List>
  );
}

/** Who supplies the material: the applicant, or a registry shared between departments. */
function SourceCell({ field }: { field: FormListFieldData }) {
  const { t } = useTranslation();
  const source = Form.useWatch(['materials', field.name, 'source']) as Material['source'] | undefined;
  return (
    <>
      <Form.Item name={[field.name, 'source']} style={{ marginBottom: source === 'shared' ? 4 : 0 }}>
        <Select
          options={[
            { value: 'applicant', label: t('editor.materials.applicant') },
            { value: 'shared', label: t('editor.materials.shared') },
          ]}
          data-testid="material-source"
        />
      </Form.Item>
      {source === 'shared' && (
        <Form.Item
          name={[field.name, 'sharedFrom']}
          style={{ margin: 0 }}
          rules={[{ required: true, message: t('editor.materials.sharedFromRequired') }]}
        >
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            placeholder={t('editor.materials.sharedFrom')}
            options={REGISTRIES.map((r) => ({ value: r, label: labelOf(t, 'registry', r) }))}
            data-testid="material-shared-from"
          />
        </Form.Item>
      )}
    </>
  );
}

function MaterialDetails({ field }: { field: FormListFieldData }) {
  const { t } = useTranslation();
  const max = { max: LIMITS.basis, message: t('editor.rules.max', { max: LIMITS.basis }) };
  return (
    <Row gutter={12}>
      <Col xs={24} md={8}>
        <Form.Item name={[field.name, 'basis']} label={t('editor.materials.basis')} rules={[max]}>
          <Input placeholder={t('editor.materials.basisHint')} />
        </Form.Item>
      </Col>
      <Col xs={24} md={8}>
        <Form.Item name={[field.name, 'blankForm']} label={t('editor.materials.blankForm')} rules={[max]}>
          <Input placeholder={t('editor.materials.linkHint')} />
        </Form.Item>
      </Col>
      <Col xs={24} md={8}>
        <Form.Item name={[field.name, 'sample']} label={t('editor.materials.sample')} rules={[max]}>
          <Input placeholder={t('editor.materials.linkHint')} />
        </Form.Item>
      </Col>
    </Row>
  );
}
