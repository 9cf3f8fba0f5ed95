import { useState } from 'react';
import { Button, Form, Input, Toast } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useLocation, useNavigate } from 'react-router';
import { login } from '../../shared/api/identity';
import { ApiError } from '../../shared/client';
import { errorMessage } from '../../shared/i18n';
import { useAuth } from '../../shared/auth';
import { FormError, SubPage } from '../components';

interface Values {
  login: string;
  password: string;
}

export default function LoginPage() {
  const { t } = useTranslation();
  const { me, setMe } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const [form] = Form.useForm<Values>();
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<{ message: string; requestId: string | null } | null>(null);
  const [staff, setStaff] = useState(false);
  const from = (location.state as { from?: string } | null)?.from ?? '/me';

  if (me) return <Navigate to={from} replace />;

  const onFinish = async (values: Values) => {
    setSubmitting(true);
    setError(null);
    setStaff(false);
    try {
      const result = await login(values.login.trim(), values.password);
      if (result.status === 'ok') {
        setMe(result.me);
        Toast.show({ icon: 'success', content: t('citizen.home.greeting', { name: result.me.displayName }) });
        void navigate(from, { replace: true });
      } else {
        // A staff account: two-step sign-in happens in the console.
        setStaff(true);
      }
    } catch (err) {
      setError({
        message: errorMessage(t, err),
        requestId: err instanceof ApiError && err.status >= 500 ? err.requestId : null,
      });
      form.setFieldValue('password', '');
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <SubPage title={t('citizen.login.title')} testId="login-page" backTo="/">
      <div className="yw-brand" aria-hidden="true">
        <img src="/icons/icon.svg" alt="" width={64} height={64} />
      </div>
      <Form
        form={form}
        layout="vertical"
        onFinish={onFinish}
        data-testid="login-form"
        footer={
          <Button block type="submit" color="primary" size="large" loading={submitting} data-testid="login-submit">
            {t('citizen.login.submit')}
          </Button>
        }
      >
        <Form.Item
          name="login"
          label={t('citizen.login.loginLabel')}
          rules={[{ required: true, message: t('common.required', { field: t('citizen.login.loginLabel') }) }]}
        >
          <Input
            placeholder={t('citizen.login.loginPlaceholder')}
            autoComplete="username"
            clearable
            data-testid="login-login"
          />
        </Form.Item>
        <Form.Item
          name="password"
          label={t('common.password')}
          rules={[{ required: true, message: t('common.required', { field: t('common.password') }) }]}
        >
          <Input
            type="password"
            placeholder={t('citizen.login.passwordPlaceholder')}
            autoComplete="current-password"
            data-testid="login-password"
          />
        </Form.Item>
      </Form>
      <FormError message={error?.message ?? null} requestId={error?.requestId ?? null} />
      {staff && (
        <div className="yw-form-error" role="alert" data-testid="staff-notice">
          {t('citizen.login.staffNotice')} → <a href="/console/">/console/</a>
        </div>
      )}
      <p className="yw-center yw-muted">
        {t('citizen.login.noAccount')}{' '}
        <Link to="/register" data-testid="to-register">
          {t('citizen.login.toRegister')}
        </Link>
      </p>
    </SubPage>
  );
}
