import { useState } from 'react';
import { Button, Form, Input, Toast } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate } from 'react-router';
import { useMutation } from '@tanstack/react-query';
import { resetPassword } from '../../shared/api/identity';
import { ApiError } from '../../shared/client';
import { errorMessage, fieldErrorMessage } from '../../shared/i18n';
import { useAuth } from '../../shared/auth';
import { FormError, SubPage } from '../components';
import { PhoneCodeItem } from '../phone-code';

interface Values {
  phone: string;
  code: string;
  newPassword: string;
  confirm: string;
}
const FIELDS = ['phone', 'code', 'newPassword'] as const;

/** 忘记密码: a code to the phone, then a new password; every session of the account ends. */
export default function ForgotPasswordPage() {
  const { t } = useTranslation();
  const { me } = useAuth();
  const navigate = useNavigate();
  const [form] = Form.useForm<Values>();
  const reset = useMutation({ mutationFn: resetPassword });
  const [error, setError] = useState<string | null>(null);

  if (me) return <Navigate to="/me" replace />;

  const onFinish = async (v: Values) => {
    setError(null);
    try {
      await reset.mutateAsync({ phone: v.phone.trim(), code: v.code.trim(), newPassword: v.newPassword });
      Toast.show({ icon: 'success', content: t('security.forgot.done') });
      void navigate('/login', { replace: true, state: { login: v.phone.trim() } });
    } catch (err) {
      if (err instanceof ApiError && err.details.length > 0) {
        const byField = err.fieldErrors();
        const known = FIELDS.filter((f) => byField[f]);
        form.setFields(known.map((f) => ({ name: f, errors: (byField[f] ?? []).map((d) => fieldErrorMessage(t, d)) })));
        if (!known.length) setError(errorMessage(t, err));
      } else {
        setError(errorMessage(t, err));
      }
    }
  };

  const required = (label: string) => [{ required: true, message: t('common.required', { field: label }) }];

  return (
    <SubPage title={t('security.forgot.title')} testId="forgot-page" backTo="/login">
      <p className="yw-muted">{t('security.forgot.intro')}</p>
      <Form
        form={form}
        layout="vertical"
        onFinish={onFinish}
        data-testid="forgot-form"
        footer={
          <Button
            block
            type="submit"
            color="primary"
            size="large"
            loading={reset.isPending}
            data-testid="forgot-submit"
          >
            {t('security.forgot.submit')}
          </Button>
        }
      >
        <Form.Item
          name="phone"
          label={t('citizen.register.phone')}
          rules={required(t('citizen.register.phone'))}
          data-testid="field-phone"
        >
          <Input
            type="tel"
            placeholder={t('citizen.register.phonePlaceholder')}
            maxLength={11}
            autoComplete="tel"
            data-testid="forgot-phone"
          />
        </Form.Item>
        <PhoneCodeItem form={form} phoneField="phone" name="code" purpose="recover" onError={setError} />
        <Form.Item
          name="newPassword"
          label={t('common.newPassword')}
          description={t('common.passwordHint')}
          rules={required(t('common.newPassword'))}
          data-testid="field-newPassword"
        >
          <Input type="password" autoComplete="new-password" data-testid="forgot-new-password" />
        </Form.Item>
        <Form.Item
          name="confirm"
          label={t('common.confirmPassword')}
          dependencies={['newPassword']}
          rules={[
            ...required(t('common.confirmPassword')),
            ({ getFieldValue }) => ({
              validator: (_rule, value) =>
                !value || getFieldValue('newPassword') === value
                  ? Promise.resolve()
                  : Promise.reject(new Error(t('common.passwordMismatch'))),
            }),
          ]}
        >
          <Input type="password" autoComplete="new-password" data-testid="forgot-confirm" />
        </Form.Item>
      </Form>
      <FormError message={error} />
      <p className="yw-center yw-muted">{t('security.forgot.staff')}</p>
    </SubPage>
  );
}
