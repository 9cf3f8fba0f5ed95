import { useEffect, useState } from 'react';
import { Button, Form, Input, Toast } from 'antd-mobile';
import type { FormInstance } from 'antd-mobile/es/components/form';
import { useTranslation } from 'react-i18next';
import { useMutation } from '@tanstack/react-query';
import { sendPhoneCode } from '../shared/api/identity';
import { ApiError } from '../shared/client';
import type { PhoneCodePurpose } from '../shared/contract';
import { errorMessage, fieldErrorMessage } from '../shared/i18n';

const PHONE = /^1[3-9]\d{9}$/;

/**
 * The one-time code field of a form that holds a phone number: its button sends a code to
 * that phone (registration or password recovery), then counts down until another may be
 * asked for. The server answers the same whether or not the phone has an account.
 */
export function PhoneCodeItem({
  form,
  phoneField,
  name,
  purpose,
  onError,
}: {
  form: FormInstance;
  phoneField: string;
  name: string;
  purpose: PhoneCodePurpose;
  onError: (message: string | null) => void;
}) {
  const { t } = useTranslation();
  const [wait, setWait] = useState(0);
  const sending = useMutation({ mutationFn: (phone: string) => sendPhoneCode(phone, purpose) });

  useEffect(() => {
    if (wait <= 0) return;
    const timer = setTimeout(() => setWait((w) => w - 1), 1000);
    return () => clearTimeout(timer);
  }, [wait]);

  const send = async () => {
    const phone = String(form.getFieldValue(phoneField) ?? '').trim();
    if (!PHONE.test(phone)) {
      form.setFields([{ name: phoneField, errors: [t('security.code.phoneFirst')] }]);
      return;
    }
    onError(null);
    try {
      const r = await sending.mutateAsync(phone);
      setWait(r.resendInSeconds);
      Toast.show({ content: t('security.code.sent') });
    } catch (err) {
      if (err instanceof ApiError && err.retryAfter) setWait(err.retryAfter);
      const phoneErrors = err instanceof ApiError ? (err.fieldErrors().phone ?? []) : [];
      if (phoneErrors.length > 0 && err instanceof ApiError && err.status === 400)
        form.setFields([{ name: phoneField, errors: phoneErrors.map((d) => fieldErrorMessage(t, d)) }]);
      else onError(errorMessage(t, err));
    }
  };

  return (
    <Form.Item
      name={name}
      label={t('security.code.label')}
      rules={[{ required: true, message: t('common.required', { field: t('security.code.label') }) }]}
      data-testid={`field-${name}`}
      extra={
        <Button
          size="small"
          color="primary"
          fill="outline"
          disabled={wait > 0 || sending.isPending}
          loading={sending.isPending}
          onClick={() => void send()}
          data-testid="send-code"
        >
          {wait > 0 ? t('security.code.resend', { seconds: wait }) : t('security.code.send')}
        </Button>
      }
    >
      <Input
        placeholder={t('security.code.placeholder')}
        maxLength={6}
        autoComplete="one-time-code"
        data-testid={`input-${name}`}
      />
    </Form.Item>
  );
}
