import { useState } from 'react';
import { Button, Form, Input, Toast } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useNavigate } from 'react-router';
import { register } from '../../shared/api/identity';
import { ApiError } from '../../shared/client';
import { fieldErrorMessage, errorMessage } from '../../shared/i18n';
import { useAuth } from '../../shared/auth';
import { FormError, SubPage } from '../components';

interface Values {
  name: string;
  idNumber: string;
  phone: string;
  password: string;
}
const FIELDS: (keyof Values)[] = ['name', 'idNumber', 'phone', 'password'];

export default function RegisterPage() {
  const { t } = useTranslation();
  const { me, setMe } = useAuth();
  const navigate = useNavigate();
  const [form] = Form.useForm<Values>();
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<string | null>(null);

  if (me) return <Navigate to="/me" replace />;

  const onFinish = async (values: Values) => {
    setSubmitting(true);
    setError(null);
    try {
      const result = await register({
        name: values.name.trim(),
        idNumber: values.idNumber.trim().toUpperCase(),
        phone: values.phone.trim(),
        password: values.password,
      });
      setMe(result.me);
      Toast.show({ icon: 'success', content: t('citizen.register.success') });
      void navigate('/me', { replace: true });
    } catch (err) {
      if (err instanceof ApiError && err.details.length > 0) {
        const byField = err.fieldErrors();
        const known = FIELDS.filter((f) => byField[f]);
        form.setFields(known.map((f) => ({ name: f, errors: (byField[f] ?? []).map((d) => fieldErrorMessage(t, d)) })));
        // Details for fields not on this form still need to be seen.
        const other = Object.entries(byField)
          .filter(([f]) => !(FIELDS as string[]).includes(f))
          .flatMap(([, ds]) => ds.map((d) => fieldErrorMessage(t, d)));
        setError(other.length ? other.join('；') : known.length ? null : errorMessage(t, err));
      } else {
        setError(errorMessage(t, err));
      }
    } finally {
      setSubmitting(false);
    }
  };

  const required = (label: string) => [{ required: true, message: t('common.required', { field: label }) }];

  return (
    <SubPage title={t('citizen.register.title')} testId="register-page" backTo="/">
      <Form
        form={form}
        layout="vertical"
        onFinish={onFinish}
        data-testid="register-form"
        footer={
          <Button block type="submit" color="primary" size="large" loading={submitting} data-testid="register-submit">
            {t('citizen.register.submit')}
          </Button>
        }
      >
        <Form.Item
          name="name"
          label={t('citizen.register.name')}
          rules={required(t('citizen.register.name'))}
          data-testid="field-name"
        >
          <Input placeholder={t('citizen.register.namePlaceholder')} autoComplete="name" data-testid="register-name" />
        </Form.Item>
        <Form.Item
          name="idNumber"
          label={t('citizen.register.idNumber')}
          rules={required(t('citizen.register.idNumber'))}
          data-testid="field-idNumber"
        >
          <Input
            placeholder={t('citizen.register.idNumberPlaceholder')}
            maxLength={18}
            autoComplete="off"
            data-testid="register-idNumber"
          />
        </Form.Item>
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
            data-testid="register-phone"
          />
        </Form.Item>
        <Form.Item
          name="password"
          label={t('citizen.register.password')}
          description={t('common.passwordHint')}
          rules={required(t('citizen.register.password'))}
          data-testid="field-password"
        >
          <Input type="password" autoComplete="new-password" data-testid="register-password" />
        </Form.Item>
      </Form>
      <FormError message={error} />
      <p className="yw-center yw-muted">
        {t('citizen.register.hasAccount')} <Link to="/login">{t('citizen.register.toLogin')}</Link>
      </p>
    </SubPage>
  );
}
