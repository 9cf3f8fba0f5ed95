// 基本信息: names, codes, level, type, department, implementing body, legal basis, who it
// serves, themes, life events and keywords.
import { Button, Col, Divider, Form, Input, Radio, Row, Select, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { labelOf, lt, useDepartmentName } from '../../shared/catalog';
import { useQuery } from '@tanstack/react-query';
import { bundlesQuery } from '../../shared/api/catalog';
import { BilingualInput, TextList } from './inputs';
import {
  HANDLING_KINDS,
  ITEM_TYPES,
  LEVELS,
  LIMITS,
  TARGET_USERS,
  THEMES,
  type CodeContext,
  type EditorValues,
} from './model';

export function BasicTab(props: {
  isNew: boolean;
  departmentCode: string;
  codeContext: CodeContext | null;
  onDeriveCodes: () => void;
}) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const departmentName = useDepartmentName(lng);
  const form = Form.useFormInstance<EditorValues>();
  const level = Form.useWatch('level', form);
  const bundles = useQuery(bundlesQuery()).data?.items;
  const codeRule = { pattern: LIMITS.code, message: t('editor.rules.code') };
  const required = { required: true, message: t('editor.rules.required') };
  const listMax = { max: LIMITS.listEntry, message: t('editor.rules.max', { max: LIMITS.listEntry }) };

  // Parents a sub-item or handling item can hang under: the department's other items.
  const parents = new Map<string, string>();
  for (const s of props.codeContext?.siblings ?? [])
    if (s.level !== 'handling' && !parents.has(s.basicCode)) parents.set(s.basicCode, lt(s.name, lng));

  return (
    <>
      <Divider titlePlacement="start">{t('editor.basic.names')}</Divider>
      <BilingualInput name={['name']} label={t('editor.basic.name')} required max={LIMITS.text} testId="item-name" />

      <Divider titlePlacement="start">{t('editor.basic.classification')}</Divider>
      <Row gutter={12}>
        <Col xs={24} md={8}>
          <Form.Item name="type" label={t('editor.basic.type')} rules={[required]}>
            <Select
              options={ITEM_TYPES.map((x) => ({ value: x, label: labelOf(t, 'type', x) }))}
              data-testid="item-type"
            />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item name="level" label={t('editor.basic.level')} rules={[required]}>
            <Radio.Group
              optionType="button"
              options={LEVELS.map((x) => ({ value: x, label: labelOf(t, 'level', x) }))}
              data-testid="item-level"
            />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item
            name="handlingKind"
            label={t('editor.basic.handlingKind')}
            rules={level === 'handling' ? [{ required: true, message: t('editor.basic.handlingKindRequired') }] : []}
          >
            <Select
              allowClear
              options={HANDLING_KINDS.map((x) => ({ value: x, label: labelOf(t, 'handlingKind', x) }))}
              data-testid="item-handling-kind"
            />
          </Form.Item>
        </Col>
      </Row>
      {level !== 'main' && (
        <Form.Item
          name="parentCode"
          label={t('editor.basic.parentCode')}
          extra={t('editor.basic.parentCodeHelp')}
          rules={[codeRule]}
        >
          {props.isNew && parents.size > 0 ? (
            <Select
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              options={[...parents].map(([code, name]) => ({ value: code, label: `${name} · ${code}` }))}
              data-testid="item-parent"
            />
          ) : (
            <Input className="yw-code" data-testid="item-parent" />
          )}
        </Form.Item>
      )}

      <Divider titlePlacement="start">{t('editor.basic.codes')}</Divider>
      <Typography.Paragraph type="secondary">{t('editor.basic.codesHelp')}</Typography.Paragraph>
      <Row gutter={12}>
        <Col xs={24} md={8}>
          <Form.Item name="basicCode" label={t('editor.basic.basicCode')} rules={[required, codeRule]}>
            <Input className="yw-code" data-testid="item-basic-code" />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item
            name="implementationCode"
            label={t('editor.basic.implementationCode')}
            rules={[required, codeRule]}
          >
            <Input className="yw-code" data-testid="item-implementation-code" />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item
            name="handlingItemCode"
            label={t('editor.basic.handlingItemCode')}
            rules={[required, codeRule]}
            extra={props.isNew ? t('editor.basic.handlingItemCodeNew') : t('editor.basic.handlingItemCodeFixed')}
          >
            <Input className="yw-code" disabled={!props.isNew} data-testid="item-handling-code" />
          </Form.Item>
        </Col>
      </Row>
      {props.isNew && props.codeContext && (
        <Space style={{ marginBottom: 16 }}>
          <Button onClick={props.onDeriveCodes} data-testid="derive-codes">
            {t('editor.basic.deriveCodes')}
          </Button>
        </Space>
      )}

      <Divider titlePlacement="start">{t('editor.basic.department')}</Divider>
      <Row gutter={12}>
        <Col xs={24} md={8}>
          <Form.Item label={t('editor.basic.competentDepartment')} extra={t('editor.basic.departmentFixed')}>
            <Input value={departmentName(props.departmentCode)} disabled data-testid="item-department" />
          </Form.Item>
        </Col>
        <Col xs={24} md={16}>
          <BilingualInput
            name={['implementingBody']}
            label={t('editor.basic.implementingBody')}
            required
            max={LIMITS.text}
            testId="item-body"
          />
        </Col>
      </Row>
      <TextList
        name="legalBasis"
        label={t('editor.basic.legalBasis')}
        addLabel={t('editor.basic.addLegalBasis')}
        placeholder={t('editor.basic.legalBasisHint')}
        max={LIMITS.listEntry}
        testId="legal-basis"
      />

      <Divider titlePlacement="start">{t('editor.basic.audience')}</Divider>
      <Row gutter={12}>
        <Col xs={24} md={8}>
          <Form.Item
            name="targetUsers"
            label={t('editor.basic.targetUsers')}
            rules={[{ required: true, type: 'array', min: 1, message: t('editor.basic.targetUsersRequired') }]}
          >
            <Select
              mode="multiple"
              options={TARGET_USERS.map((x) => ({ value: x, label: labelOf(t, 'targetUser', x) }))}
              data-testid="item-target-users"
            />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item
            name="themes"
            label={t('editor.basic.themes')}
            extra={t('editor.basic.tagsHelp')}
            rules={[{ type: 'array', max: 20, message: t('editor.rules.maxItems', { max: 20 }) }]}
          >
            <Select
              mode="tags"
              options={THEMES.map((x) => ({ value: x, label: labelOf(t, 'themes', x) }))}
              data-testid="item-themes"
            />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item
            name="lifeEvents"
            label={t('editor.basic.lifeEvents')}
            extra={t('editor.basic.lifeEventsHelp')}
            rules={[{ type: 'array', max: 20, message: t('editor.rules.maxItems', { max: 20 }) }]}
          >
            <Select
              mode="tags"
              options={(bundles ?? []).map((b) => ({ value: b.code, label: lt(b.name, lng) }))}
              data-testid="item-life-events"
            />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item
        name="keywords"
        label={t('editor.basic.keywords')}
        extra={t('editor.basic.keywordsHelp')}
        rules={[
          { type: 'array', max: 50, message: t('editor.rules.maxItems', { max: 50 }) },
          { type: 'array', defaultField: { type: 'string', ...listMax } },
        ]}
      >
        <Select mode="tags" open={false} tokenSeparators={[',', '，', '、']} data-testid="item-keywords" />
      </Form.Item>
    </>
  );
}
