import { useState } from 'react';
import { Button, Form, Input, Toast } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate } from 'react-router';
import { changePassword } from '../../shared/api/identity';
import { ApiError } from '../../shared/client';
import { fieldErrorMessage, errorMessage } from '../../shared/i18n';
import { useAuth } from '../../shared/auth';
import { FormError, SubPage } from '../components';

interface Values {
  currentPassword: string;
  newPassword: string;
  confirm: string;
}

export default function ChangePasswordPage() {
  const { t } = useTranslation();
  const { me } = useAuth();
  const navigate = useNavigate();
  const [form] = Form.useForm<Values>();
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<string | null>(null);

  if (me === null) return <Navigate to="/login" replace state={{ from: '/me/password' }} />;

  const onFinish = async (v: Values) => {
    setSubmitting(true);
    setError(null);
    try {
      await changePassword(v.currentPassword, v.newPassword);
      Toast.show({ icon: 'success', content: t('common.passwordChanged') });
      void navigate('/me', { replace: true });
    } catch (err) {
      if (err instanceof ApiError && err.code === 'PASSWORD_WRONG') {
        form.setFields([{ name: 'currentPassword', errors: [errorMessage(t, err)] }]);
      } else if (err instanceof ApiError && err.details.length > 0) {
        const byField = err.fieldErrors();
        const fields = (['currentPassword', 'newPassword'] as const).filter((f) => byField[f]);
        form.setFields(
          fields.map((f) => ({ name: f, errors: (byField[f] ?? []).map((d) => fieldErrorMessage(t, d)) })),
        );
        if (!fields.length) setError(errorMessage(t, err));
      } else {
        setError(errorMessage(t, err));
      }
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <SubPage title={t('common.changePassword')} testId="change-password-page">
      <Form
        form={form}
        layout="vertical"
        onFinish={onFinish}
        footer={
          <Button
            block
            type="submit"
            color="primary"
            size="large"
            loading={submitting}
            data-testid="change-password-submit"
          >
            {t('common.save')}
          </Button>
        }
      >
        <Form.Item
          name="currentPassword"
          label={t('common.currentPassword')}
          rules={[{ required: true, message: t('common.required', { field: t('common.currentPassword') }) }]}
        >
          <Input type="password" autoComplete="current-password" data-testid="current-password" />
        </Form.Item>
        <Form.Item
          name="newPassword"
          label={t('common.newPassword')}
          description={t('common.passwordHint')}
          rules={[{ required: true, message: t('common.required', { field: t('common.newPassword') }) }]}
        >
          <Input type="password" autoComplete="new-password" data-testid="new-password" />
        </Form.Item>
        <Form.Item
          name="confirm"
          label={t('common.confirmPassword')}
          dependencies={['newPassword']}
          rules={[
            { required: true, message: t('common.required', { field: t('common.confirmPassword') }) },
            ({ getFieldValue }) => ({
              validator: (_rule, value) =>
                !value || getFieldValue('newPassword') === value
                  ? Promise.resolve()
                  : Promise.reject(new Error(t('common.passwordMismatch'))),
            }),
          ]}
        >
          <Input type="password" autoComplete="new-password" data-testid="confirm-password" />
        </Form.Item>
      </Form>
      <FormError message={error} />
    </SubPage>
  );
}
