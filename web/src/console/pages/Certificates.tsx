// 证照核验与状态管理: a clerk scans or pastes what the holder presents (QR content, share link
// or the credential) and sees the verdict. A window's scanner (扫码枪) types the code into the
// focused field and ends it with Enter, which checks it at once; the field keeps the focus and
// its text is selected, so the next scan replaces it. a certificate of their department can be revoked,
// suspended or reinstated there, with a reason and a legal basis (audited on the server).
import { useRef, useState } from 'react';
import { App as AntApp, Button, Card, Descriptions, Form, Input, Result, Segmented, Space, type GetRef } from 'antd';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import {
  changeCertificateStatus,
  verifyCredential,
  type StatusChangeBody,
  type VerifyAnswer,
} from '../../shared/api/credentials';
import { formatDateTime } from '../../shared/format';
import { addText, errorMessage } from '../../shared/i18n';
import { credentialsText } from '../../shared/text-credentials';

addText('credentials', credentialsText);

type Action = StatusChangeBody['action'];
type TextAreaRef = GetRef<typeof Input.TextArea>;

export default function CertificatesPage() {
  const { t, i18n } = useTranslation();
  const { message } = AntApp.useApp();
  const check = useMutation(verifyCredential);
  const change = useMutation(changeCertificateStatus);
  const [input, setInput] = useState('');
  const field = useRef<TextAreaRef>(null);
  const [answer, setAnswer] = useState<VerifyAnswer | null>(null);
  const [action, setAction] = useState<Action>('revoke');
  const [form] = Form.useForm<{ reason: string; legalBasis: string }>();

  const run = async (value: string) => {
    setAnswer(null);
    try {
      setAnswer(await check.mutateAsync(value.trim()));
    } catch (err) {
      void message.error(errorMessage(t, err));
    }
    field.current?.focus({ cursor: 'all' });
  };
  const certificateId = answer?.credential?.id?.startsWith('urn:uuid:') ? answer.credential.id.slice(9) : null;
  const onChange = async (v: { reason: string; legalBasis: string }) => {
    if (!certificateId) return;
    try {
      await change.mutateAsync({ id: certificateId, body: { action, ...v } });
      void message.success(t('credentials.manage.done'));
      form.resetFields();
      await run(input);
    } catch (err) {
      void message.error(errorMessage(t, err));
    }
  };
  const good = answer?.outcome === 'valid';

  return (
    <Card title={t('credentials.manage.title')} data-testid="certificates-page">
      <p>{t('credentials.manage.intro')}</p>
      <Space.Compact style={{ width: '100%' }}>
        <Input.TextArea
          value={input}
          ref={field}
          autoFocus
          onChange={(e) => setInput(e.target.value)}
          onPressEnter={(e) => {
            if (e.shiftKey) return;
            e.preventDefault();
            void run(e.currentTarget.value);
          }}
          autoSize={{ minRows: 2, maxRows: 6 }}
          data-testid="console-verify-input"
        />
      </Space.Compact>
      <Button
        type="primary"
        className="yw-mt"
        loading={check.isPending}
        onClick={() => void run(input)}
        data-testid="console-verify-submit"
      >
        {t('credentials.verify.submit')}
      </Button>
      {answer && (
        <>
          <Result
            status={
              good ? 'success' : answer.outcome === 'suspended' || answer.outcome === 'expired' ? 'warning' : 'error'
            }
            title={
              <span data-testid="console-verify-outcome" data-outcome={answer.outcome}>
                {t(`credentials.verify.outcome.${answer.outcome}`)}
              </span>
            }
          />
          <Descriptions column={1} size="small" bordered>
            {answer.credential?.name && (
              <Descriptions.Item label={t('credentials.verify.input')}>{answer.credential.name}</Descriptions.Item>
            )}
            {answer.credential?.number && (
              <Descriptions.Item label={t('credentials.number')}>{answer.credential.number}</Descriptions.Item>
            )}
            {answer.credential?.holder.name && (
              <Descriptions.Item label={t('credentials.holder')}>{answer.credential.holder.name}</Descriptions.Item>
            )}
            {answer.issuer && (
              <Descriptions.Item label={t('credentials.verify.issuer')}>
                {answer.issuer.name ?? answer.issuer.did}
              </Descriptions.Item>
            )}
            <Descriptions.Item label={t('credentials.verify.checkedAt')}>
              {formatDateTime(answer.checkedAt, i18n.language)}
            </Descriptions.Item>
          </Descriptions>
          {certificateId && answer.outcome !== 'revoked' && (
            <Form
              form={form}
              layout="vertical"
              className="yw-mt"
              onFinish={(v) => void onChange(v)}
              data-testid="status-form"
            >
              <Segmented<Action>
                value={action}
                onChange={setAction}
                options={(['revoke', 'suspend', 'reinstate'] as const).map((a) => ({
                  value: a,
                  label: <span data-testid={`status-action-${a}`}>{t(`credentials.manage.action.${a}`)}</span>,
                }))}
              />
              <Form.Item
                name="reason"
                label={t('credentials.manage.reason')}
                rules={[{ required: true, min: 2 }]}
                className="yw-mt"
              >
                <Input maxLength={500} data-testid="status-reason" />
              </Form.Item>
              <Form.Item
                name="legalBasis"
                label={t('credentials.manage.legalBasis')}
                rules={[{ required: true, min: 2 }]}
              >
                <Input maxLength={300} data-testid="status-legal-basis" />
              </Form.Item>
              <Button
                htmlType="submit"
                danger={action !== 'reinstate'}
                loading={change.isPending}
                data-testid="status-submit"
              >
                {t('credentials.manage.confirm')}
              </Button>
            </Form>
          )}
        </>
      )}
    </Card>
  );
}
