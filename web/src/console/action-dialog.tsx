// The dialog of one workflow action on a case: it asks for exactly what the action
// requires (a comment; a reason with its legal basis; the items to correct; the result)
// and sends the case's `seq` as `expectedSeq`, so a case someone else has just handled
// answers 409 CASE_CONFLICT instead of being acted on twice.
import { useState } from 'react';
import { Alert, App as AntApp, Button, Form, Input, Modal, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../shared/client';
import { useMutation } from '@tanstack/react-query';
import { act } from '../shared/api/applications';
import type { ActionInput, AvailableAction, CaseView } from '../shared/contract';
import { lt } from '../shared/catalog';
import { fieldErrorMessage } from '../shared/i18n';
import { deskErrorMessage, isStale, refusalCode } from './desk';
import { ResultFilesField, type AttachedFile } from './result-files';

interface Values {
  comment?: string;
  reason?: string;
  legalBasis?: string;
  correctionItems?: string[];
  note?: string;
  documentNumber?: string;
}

type FieldName =
  | ['comment']
  | ['reason']
  | ['legalBasis']
  | ['correctionItems']
  | ['correctionItems', number]
  | ['note']
  | ['documentNumber'];

/** The server's body paths (`/result/note`, `body:/correctionItems/0`) as form field names. */
function fieldName(path: string): FieldName | null {
  const [first, second] = path
    .replace(/^[a-z]+:/i, '')
    .split('/')
    .filter(Boolean);
  switch (first) {
    case 'comment':
    case 'reason':
    case 'legalBasis':
      return [first];
    case 'correctionItems':
      return second !== undefined && /^\d+$/.test(second) ? ['correctionItems', Number(second)] : ['correctionItems'];
    case 'result':
      return second === 'documentNumber' ? ['documentNumber'] : ['note'];
    default:
      return null;
  }
}

const trimmed = (s: string | undefined) => (s ?? '').trim();

export function ActionDialog(props: {
  c: CaseView;
  action: AvailableAction | null;
  onClose: () => void;
  /** The action went through: the case as it is now. */
  onDone: (next: CaseView) => void;
  /** The case on screen is stale (someone else acted, or the action is no longer possible): reload it. */
  onStale: () => void;
}) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [files, setFiles] = useState<AttachedFile[]>([]);
  const acting = useMutation(act);
  const a = props.action;
  const c = props.c;
  const needs = new Set(a?.requires ?? []);
  const branch = a?.branch ? c.branches.find((b) => b.code === a.branch) : undefined;
  const title = a ? `${lt(a.name, lng)}${branch ? ` · ${lt(branch.name, lng)}` : ''}` : '';

  const required = (field: string) => ({
    required: true,
    whitespace: true,
    message: t('desk.action.required', { field }),
  });
  const max = (n: number) => ({ max: n, message: t('desk.action.tooLong', { max: n }) });

  const close = () => {
    if (busy) return;
    setError(null);
    setFiles([]);
    form.resetFields();
    props.onClose();
  };

  const submit = async () => {
    if (!a) return;
    let v: Values;
    try {
      v = await form.validateFields();
    } catch {
      return; // the form shows what is missing
    }
    const input: ActionInput = { action: a.action, expectedSeq: c.seq };
    if (a.branch) input.branch = a.branch;
    if (needs.has('comment') || trimmed(v.comment)) input.comment = trimmed(v.comment);
    if (needs.has('reason_and_legal_basis')) {
      input.reason = trimmed(v.reason);
      input.legalBasis = trimmed(v.legalBasis);
    }
    if (needs.has('correction_items')) input.correctionItems = (v.correctionItems ?? []).map(trimmed).filter(Boolean);
    if (needs.has('result')) {
      input.result = { note: trimmed(v.note) };
      if (trimmed(v.documentNumber)) input.result.documentNumber = trimmed(v.documentNumber);
      if (files.length > 0) input.resultFiles = files.map((f) => ({ kind: 'document', uploadId: f.uploadId }));
    }
    setBusy(true);
    setError(null);
    try {
      const next = await acting.mutateAsync({ id: c.id, input });
      void message.success(t('desk.action.done', { action: lt(a.name, lng), caseNumber: c.caseNumber }));
      form.resetFields();
      setFiles([]);
      props.onDone(next);
    } catch (err) {
      const refusal = refusalCode(err);
      if (isStale(err) || (refusal !== null && !refusal.startsWith('MISSING_'))) {
        // Nothing the actor can fix here: say why, close, and show the case as it is now.
        void message.warning(deskErrorMessage(t, err));
        form.resetFields();
        props.onStale();
      } else {
        if (err instanceof ApiError && err.code === 'VALIDATION_FAILED') {
          form.setFields(
            err.details.flatMap((d) => {
              const name = fieldName(d.path);
              return name ? [{ name, errors: [fieldErrorMessage(t, d)] }] : [];
            }),
          );
        }
        setError(deskErrorMessage(t, err));
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={a !== null}
      title={title}
      onCancel={close}
      destroyOnHidden
      mask={{ closable: false }}
      width={600}
      footer={[
        <Button key="cancel" onClick={close} disabled={busy}>
          {t('desk.action.cancel')}
        </Button>,
        <Button
          key="ok"
          type="primary"
          danger={a?.action === 'reject'}
          loading={busy}
          onClick={() => void submit()}
          data-testid="action-submit"
        >
          {t('desk.action.confirm')}
        </Button>,
      ]}
    >
      <div data-testid="action-dialog" data-action={a?.action}>
        <Typography.Paragraph type="secondary">
          {t('desk.action.intro', { caseNumber: c.caseNumber, state: lt(branch?.stateName ?? c.stateName, lng) })}
        </Typography.Paragraph>
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="action-error" />}
        <Form<Values> form={form} layout="vertical" initialValues={{ correctionItems: [''] }} disabled={busy}>
          {needs.size === 0 && (
            <Typography.Paragraph>{t('desk.action.noInput', { action: lt(a?.name, lng) })}</Typography.Paragraph>
          )}
          {(needs.has('comment') || needs.size === 0) && (
            <Form.Item
              name="comment"
              label={needs.has('comment') ? t('desk.action.comment') : t('desk.action.commentOptional')}
              rules={needs.has('comment') ? [required(t('desk.action.comment')), max(2000)] : [max(2000)]}
            >
              <Input.TextArea
                rows={3}
                maxLength={2000}
                placeholder={t('desk.action.commentPlaceholder')}
                data-testid="action-comment"
              />
            </Form.Item>
          )}
          {needs.has('reason_and_legal_basis') && (
            <>
              <Form.Item
                name="reason"
                label={t('desk.action.reason')}
                rules={[required(t('desk.action.reason')), max(2000)]}
              >
                <Input.TextArea
                  rows={3}
                  maxLength={2000}
                  placeholder={t('desk.action.reasonPlaceholder')}
                  data-testid="action-reason"
                />
              </Form.Item>
              <Form.Item
                name="legalBasis"
                label={t('desk.action.legalBasis')}
                rules={[required(t('desk.action.legalBasis')), max(500)]}
              >
                <Input
                  maxLength={500}
                  placeholder={t('desk.action.legalBasisPlaceholder')}
                  data-testid="action-legal-basis"
                />
              </Form.Item>
            </>
          )}
          {needs.has('correction_items') && <CorrectionItems />}
          {needs.has('result') && (
            <>
              <Form.Item
                name="note"
                label={t('desk.action.resultNote')}
                rules={[required(t('desk.action.resultNote')), max(2000)]}
              >
                <Input.TextArea
                  rows={3}
                  maxLength={2000}
                  placeholder={t('desk.action.resultNotePlaceholder')}
                  data-testid="action-result-note"
                />
              </Form.Item>
              <Form.Item name="documentNumber" label={t('desk.action.documentNumber')} rules={[max(100)]}>
                <Input maxLength={100} data-testid="action-document-number" />
              </Form.Item>
              <ResultFilesField files={files} onChange={setFiles} disabled={busy} />
            </>
          )}
        </Form>
      </div>
    </Modal>
  );
}

/** 一次性告知: every item to correct, as a list the reviewer can grow and shrink. */
function CorrectionItems() {
  const { t } = useTranslation();
  return (
    <Form.Item label={t('desk.action.correctionItems')} required>
      <Form.List
        name="correctionItems"
        rules={[
          {
            validator: async (_, items: string[] | undefined) => {
              if (!items || !items.some((s) => trimmed(s)))
                throw new Error(t('desk.errors.refusal.MISSING_CORRECTION_ITEMS'));
            },
          },
        ]}
      >
        {(fields, { add, remove }, { errors }) => (
          <>
            {fields.map((field, i) => (
              <div key={field.key} className="yw-correction-item">
                <Form.Item
                  name={field.name}
                  rules={[
                    {
                      required: true,
                      whitespace: true,
                      message: t('desk.action.required', { field: t('desk.action.correctionItem', { n: i + 1 }) }),
                    },
                    { max: 500, message: t('desk.action.tooLong', { max: 500 }) },
                  ]}
                  style={{ flex: 1, marginBottom: 8 }}
                >
                  <Input
                    maxLength={500}
                    prefix={<Typography.Text type="secondary">{i + 1}.</Typography.Text>}
                    placeholder={t('desk.action.correctionItemPlaceholder')}
                    data-testid={`action-correction-item-${i}`}
                  />
                </Form.Item>
                {fields.length > 1 && (
                  <Button onClick={() => remove(field.name)} data-testid={`action-remove-item-${i}`}>
                    {t('desk.action.removeItem')}
                  </Button>
                )}
              </div>
            ))}
            <Button
              type="dashed"
              onClick={() => add('')}
              disabled={fields.length >= 50}
              block
              data-testid="action-add-item"
            >
              {t('desk.action.addItem')}
            </Button>
            <Form.ErrorList errors={errors} />
          </>
        )}
      </Form.List>
    </Form.Item>
  );
}
