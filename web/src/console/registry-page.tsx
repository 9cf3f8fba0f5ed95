/**
 * What the console's registers of outside parties share (外部系统, Open311 接口密钥): a card with
 * its title, the button that adds one, an intro and the list with its load error; and the dialog
 * that adds one: a vertical form in a modal whose OK submits it.
 */
import type { ReactNode } from 'react';
import { Alert, Button, Card, Form, Modal, Table, Typography } from 'antd';
import type { FormInstance, TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../shared/i18n';

export function RegistryCard<Row extends { id: string }>(props: {
  title: string;
  add: { label: string; onClick: () => void; testId: string };
  intro: ReactNode;
  list: { data: Row[] | undefined; error: unknown; isPending: boolean };
  columns: TableColumnsType<Row>;
  empty?: string;
  testId: string;
  tableTestId: string;
  /** The dialogs and drawers the page opens. */
  children?: ReactNode;
}) {
  const { t } = useTranslation();
  const { list } = props;
  return (
    <Card
      title={
        <Typography.Title level={4} style={{ margin: 0 }}>
          {props.title}
        </Typography.Title>
      }
      extra={
        <Button type="primary" onClick={props.add.onClick} data-testid={props.add.testId}>
          {props.add.label}
        </Button>
      }
      data-testid={props.testId}
    >
      {props.intro}
      {list.error ? (
        <Alert type="error" title={errorMessage(t, list.error)} showIcon style={{ marginBottom: 16 }} />
      ) : null}
      <Table<Row>
        rowKey="id"
        columns={props.columns}
        dataSource={list.data ?? []}
        loading={list.isPending}
        pagination={false}
        size="middle"
        {...(props.empty ? { locale: { emptyText: props.empty } } : {})}
        data-testid={props.tableTestId}
      />
      {props.children}
    </Card>
  );
}

export function FormDialog<Values extends object>(props: {
  open: boolean;
  title: string;
  okText: string;
  onClose: () => void;
  saving: boolean;
  form: FormInstance<Values>;
  onFinish: (values: Values) => void;
  initialValues?: Partial<Values>;
  width?: number;
  /** data-testid of the OK button and of the form. */
  testIds: { ok: string; form: string };
  children: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <Modal
      open={props.open}
      title={props.title}
      okText={props.okText}
      cancelText={t('common.cancel')}
      onOk={() => props.form.submit()}
      onCancel={props.onClose}
      confirmLoading={props.saving}
      {...(props.width ? { width: props.width } : {})}
      destroyOnHidden
      okButtonProps={{ 'data-testid': props.testIds.ok }}
    >
      <Form<Values>
        form={props.form}
        layout="vertical"
        {...(props.initialValues ? { initialValues: props.initialValues } : {})}
        onFinish={props.onFinish}
        data-testid={props.testIds.form}
      >
        {props.children}
      </Form>
    </Modal>
  );
}
