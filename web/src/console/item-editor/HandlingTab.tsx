// 办理要求: conditions, time limits, visits, online depth, channels, 通办范围, co-handling
// departments, fees, result, contacts and the workflow process.
import {
  Button,
  Card,
  Checkbox,
  Col,
  Divider,
  Form,
  Input,
  InputNumber,
  Radio,
  Row,
  Select,
  Space,
  Switch,
  Typography,
} from 'antd';
import type { FormRule } from 'antd';
import { useTranslation } from 'react-i18next';
import { labelOf } from '../../shared/catalog';
import type { TimeLimit } from '../../shared/contract';
import { localName, useDepartments } from '../common';
import { BilingualInput, RowActions } from './inputs';
import {
  CHANNELS,
  LIMIT_UNITS,
  LIMITS,
  ONLINE_DEPTHS,
  PROCESS_CODES,
  RESULT_TYPES,
  SCOPES,
  type EditorValues,
} from './model';

/** A time limit: value and unit side by side. */
function LimitInput(props: {
  name: string;
  disabled?: boolean;
  testId: string;
  extraRules?: FormRule[];
  dependencies?: (string | number)[][];
}) {
  const { t } = useTranslation();
  return (
    <Space.Compact>
      <Form.Item
        name={[props.name, 'value']}
        noStyle
        dependencies={props.dependencies}
        rules={[{ required: !props.disabled, message: t('editor.rules.required') }, ...(props.extraRules ?? [])]}
      >
        <InputNumber
          min={0}
          max={3650}
          precision={0}
          disabled={props.disabled}
          style={{ width: 120 }}
          data-testid={`${props.testId}-value`}
        />
      </Form.Item>
      <Form.Item name={[props.name, 'unit']} noStyle>
        <Select
          disabled={props.disabled}
          style={{ width: 130 }}
          options={LIMIT_UNITS.map((u) => ({ value: u, label: t(`editor.handling.unit.${u}`) }))}
          data-testid={`${props.testId}-unit`}
        />
      </Form.Item>
    </Space.Compact>
  );
}

export function HandlingTab(props: { departmentCode: string }) {
  const { t, i18n } = useTranslation();
  const form = Form.useFormInstance<EditorValues>();
  const hasStatutory = Form.useWatch('hasStatutory', form);
  const visits = Form.useWatch('visits', form);
  const departments = useDepartments();
  const required = { required: true, message: t('editor.rules.required') };

  // The promised limit should not exceed the statutory one (compared when both use the same unit).
  const withinStatutory = {
    validator: async (_: unknown, value: number | null) => {
      const v = form.getFieldsValue(['hasStatutory', 'statutoryLimit', 'promisedLimit']) as Pick<
        EditorValues,
        'hasStatutory' | 'statutoryLimit' | 'promisedLimit'
      >;
      const statutory: TimeLimit | undefined = v.statutoryLimit;
      if (!v.hasStatutory || !statutory || typeof value !== 'number') return;
      if (statutory.unit === v.promisedLimit?.unit && value > statutory.value)
        throw new Error(t('editor.handling.promisedTooLong'));
    },
  };

  return (
    <>
      <Divider titlePlacement="start">{t('editor.handling.conditions')}</Divider>
      <Form.List name="conditions">
        {(fields, { add, remove, move }) => (
          <div data-testid="conditions">
            {fields.map((field, i) => (
              <Card
                key={field.key}
                size="small"
                style={{ marginBottom: 8 }}
                title={t('editor.handling.conditionN', { n: i + 1 })}
                extra={<RowActions index={i} count={fields.length} move={move} remove={() => remove(field.name)} />}
              >
                <BilingualInput
                  name={[field.name]}
                  label={t('editor.handling.condition')}
                  required
                  max={LIMITS.longText}
                  textarea
                  noLabel
                  testId={`condition-${i}`}
                />
              </Card>
            ))}
            {fields.length === 0 && (
              <Typography.Paragraph type="secondary">{t('editor.handling.noConditions')}</Typography.Paragraph>
            )}
            <Button
              type="dashed"
              onClick={() => add({ zh: '', en: '' })}
              disabled={fields.length >= 50}
              data-testid="condition-add"
            >
              + {t('editor.handling.addCondition')}
            </Button>
          </div>
        )}
      </Form.List>

      <Divider titlePlacement="start">{t('editor.handling.limits')}</Divider>
      <Row gutter={12}>
        <Col xs={24} md={12}>
          <Form.Item label={t('editor.handling.statutoryLimit')} extra={t('editor.handling.statutoryHelp')}>
            <Space>
              <Form.Item name="hasStatutory" valuePropName="checked" noStyle>
                <Switch data-testid="statutory-switch" />
              </Form.Item>
              <LimitInput name="statutoryLimit" disabled={!hasStatutory} testId="statutory" />
            </Space>
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item label={t('editor.handling.promisedLimit')} required extra={t('editor.handling.promisedHelp')}>
            <LimitInput
              name="promisedLimit"
              testId="promised"
              extraRules={[withinStatutory]}
              dependencies={[
                ['hasStatutory'],
                ['statutoryLimit', 'value'],
                ['statutoryLimit', 'unit'],
                ['promisedLimit', 'unit'],
              ]}
            />
          </Form.Item>
        </Col>
      </Row>
      <Row gutter={12}>
        <Col xs={24} md={6}>
          <Form.Item
            name="visits"
            label={t('editor.handling.visits')}
            rules={[required]}
            extra={t('editor.handling.visitsHelp')}
          >
            <InputNumber min={0} max={10} precision={0} style={{ width: '100%' }} data-testid="item-visits" />
          </Form.Item>
        </Col>
        <Col xs={24} md={18}>
          {(visits ?? 0) > 0 && (
            <Form.Item
              name="visitsReason"
              label={t('editor.handling.visitsReason')}
              rules={[
                { required: true, whitespace: true, message: t('editor.handling.visitsReasonRequired') },
                { max: LIMITS.basis, message: t('editor.rules.max', { max: LIMITS.basis }) },
              ]}
            >
              <Input.TextArea
                autoSize={{ minRows: 1, maxRows: 4 }}
                maxLength={LIMITS.basis}
                data-testid="item-visits-reason"
              />
            </Form.Item>
          )}
        </Col>
      </Row>

      <Divider titlePlacement="start">{t('editor.handling.howTo')}</Divider>
      <Row gutter={12}>
        <Col xs={24} md={12}>
          <Form.Item name="onlineDepth" label={t('editor.handling.onlineDepth')} rules={[required]}>
            <Select
              options={ONLINE_DEPTHS.map((d) => ({ value: d, label: t(`editor.handling.depth.${d}`) }))}
              data-testid="item-online-depth"
            />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name="scope" label={t('editor.handling.scope')} rules={[required]}>
            <Radio.Group
              optionType="button"
              options={SCOPES.map((s) => ({ value: s, label: labelOf(t, 'scope', s) }))}
              data-testid="item-scope"
            />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item
        name="channels"
        label={t('editor.handling.channels')}
        rules={[{ required: true, type: 'array', min: 1, message: t('editor.handling.channelsRequired') }]}
      >
        <Checkbox.Group
          options={CHANNELS.map((c) => ({ value: c, label: labelOf(t, 'channel', c) }))}
          data-testid="item-channels"
        />
      </Form.Item>
      <Form.Item
        name="coDepartments"
        label={t('editor.handling.coDepartments')}
        extra={t('editor.handling.coDepartmentsHelp')}
      >
        <Select
          mode="multiple"
          allowClear
          loading={!departments}
          showSearch={{ optionFilterProp: 'label' }}
          options={(departments ?? [])
            .filter((d) => d.code !== props.departmentCode)
            .map((d) => ({ value: d.code, label: localName(d, i18n.language) }))}
          data-testid="item-co-departments"
        />
      </Form.Item>
      <Form.Item
        name="processCode"
        label={t('editor.handling.processCode')}
        rules={[required]}
        extra={t('editor.handling.processHelp')}
      >
        <Select
          options={PROCESS_CODES.map((p) => ({ value: p, label: `${t(`editor.handling.process.${p}`)} (${p})` }))}
          data-testid="item-process"
        />
      </Form.Item>

      <Divider titlePlacement="start">{t('editor.handling.fees')}</Divider>
      <Form.List name="fees">
        {(fields, { add, remove, move }) => (
          <div data-testid="fees">
            {fields.length === 0 && (
              <Typography.Paragraph type="secondary">{t('editor.handling.free')}</Typography.Paragraph>
            )}
            {fields.map((field, i) => (
              <Card
                key={field.key}
                size="small"
                style={{ marginBottom: 8 }}
                title={t('editor.handling.feeN', { n: i + 1 })}
                extra={<RowActions index={i} count={fields.length} move={move} remove={() => remove(field.name)} />}
              >
                <BilingualInput
                  name={[field.name, 'name']}
                  label={t('editor.handling.feeName')}
                  required
                  max={LIMITS.text}
                />
                <Row gutter={12}>
                  <Col xs={24} md={8}>
                    <Form.Item name={[field.name, 'amountYuan']} label={t('editor.handling.amount')} rules={[required]}>
                      <InputNumber min={0} precision={2} prefix="¥" style={{ width: '100%' }} />
                    </Form.Item>
                  </Col>
                  <Col xs={24} md={6}>
                    <Form.Item name={[field.name, 'timing']} label={t('editor.handling.feeTiming')}>
                      <Select
                        allowClear
                        placeholder={t('editor.handling.feeTimingOptions.before_acceptance')}
                        options={(['before_acceptance', 'on_decision'] as const).map((v) => ({
                          value: v,
                          label: t(`editor.handling.feeTimingOptions.${v}`),
                        }))}
                      />
                    </Form.Item>
                  </Col>
                  <Col xs={24} md={10}>
                    <Form.Item
                      name={[field.name, 'basis']}
                      label={t('editor.handling.feeBasis')}
                      rules={[{ max: LIMITS.basis, message: t('editor.rules.max', { max: LIMITS.basis }) }]}
                    >
                      <Input maxLength={LIMITS.basis} />
                    </Form.Item>
                  </Col>
                </Row>
              </Card>
            ))}
            <Button
              type="dashed"
              onClick={() => add({ name: { zh: '', en: '' }, amountYuan: 0 })}
              disabled={fields.length >= 20}
              data-testid="fee-add"
            >
              + {t('editor.handling.addFee')}
            </Button>
          </div>
        )}
      </Form.List>

      <Divider titlePlacement="start">{t('editor.handling.result')}</Divider>
      <BilingualInput
        name={['result', 'name']}
        label={t('editor.handling.resultName')}
        required
        max={LIMITS.text}
        testId="result-name"
      />
      <Row gutter={12}>
        <Col xs={24} md={8}>
          <Form.Item name={['result', 'type']} label={t('editor.handling.resultType')} rules={[required]}>
            <Select options={RESULT_TYPES.map((r) => ({ value: r, label: labelOf(t, 'resultType', r) }))} />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item name={['result', 'electronic']} label={t('editor.handling.electronic')} valuePropName="checked">
            <Switch />
          </Form.Item>
        </Col>
      </Row>

      <Divider titlePlacement="start">{t('editor.handling.contacts')}</Divider>
      <Row gutter={12}>
        <Col xs={24} md={8}>
          <Form.Item
            name={['contacts', 'phone']}
            label={t('editor.handling.phone')}
            rules={[required, { max: LIMITS.phone, message: t('editor.rules.max', { max: LIMITS.phone }) }]}
          >
            <Input maxLength={LIMITS.phone} data-testid="contact-phone" />
          </Form.Item>
        </Col>
      </Row>
      <AddressInput />
    </>
  );
}

/** The address is optional, but once given it needs its Chinese text. */
function AddressInput() {
  const { t } = useTranslation();
  const form = Form.useFormInstance<EditorValues>();
  const en = Form.useWatch(['contacts', 'address', 'en'], form);
  return (
    <BilingualInput
      name={['contacts', 'address']}
      label={t('editor.handling.address')}
      required={!!en?.trim()}
      max={LIMITS.text}
      textarea
    />
  );
}
