import { useState } from 'react';
import { Alert, Button, Card, Form, Input, Segmented, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { login, totp } from '../../shared/api/identity';
import { ApiError } from '../../shared/client';
import type { LoginResult } from '../../shared/contract';
import { useAuth } from '../../shared/auth';
import { currentLanguage, errorMessage, LANGUAGES, setLanguage, type Language } from '../../shared/i18n';

/** The second step of a staff sign-in: the challenge to answer with a TOTP code (and, the first time, the secret to enrol). */
type Challenge = Omit<Extract<LoginResult, { status: 'totp_required' }>, 'status'>;

export default function LoginPage() {
  const { t } = useTranslation();
  const { setMe } = useAuth();
  const [step, setStep] = useState<Challenge | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const [code, setCode] = useState('');
  const [pwForm] = Form.useForm<{ username: string; password: string }>();

  const submitPassword = async (v: { username: string; password: string }) => {
    setSubmitting(true);
    setError(null);
    try {
      const r = await login(v.username.trim(), v.password);
      if (r.status === 'ok') setMe(r.me);
      else {
        setCode('');
        setStep({ challenge: r.challenge, ...(r.enrol ? { enrol: r.enrol } : {}) });
      }
    } catch (err) {
      setError(errorMessage(t, err));
      pwForm.setFieldValue('password', '');
    } finally {
      setSubmitting(false);
    }
  };

  const submitCode = async (value: string) => {
    if (!step || !/^\d{6}$/.test(value)) return;
    setSubmitting(true);
    setError(null);
    try {
      const r = await totp(step.challenge, value);
      setMe(r.me);
    } catch (err) {
      setError(errorMessage(t, err));
      setCode('');
      if (err instanceof ApiError && err.code === 'CHALLENGE_EXPIRED') {
        setStep(null);
        pwForm.setFieldValue('password', '');
      }
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <div className="yw-login">
      <div className="yw-login-lang">
        <Segmented<Language>
          size="small"
          value={currentLanguage()}
          onChange={(v) => setLanguage(v)}
          options={LANGUAGES.map((l) => ({
            value: l,
            label: <span data-testid={`console-lang-${l}`}>{l === 'en' ? 'EN' : '中文'}</span>,
          }))}
        />
      </div>
      <Card className="yw-login-card">
        <div className="yw-login-brand">
          <img src="/icons/icon.svg" alt="" width={40} height={40} />
          <div>
            <h1>{t('console.title')}</h1>
            <Typography.Text type="secondary">
              {step ? t(step.enrol ? 'console.login.enrolTitle' : 'console.login.totpTitle') : t('console.login.title')}
            </Typography.Text>
          </div>
        </div>

        {error && <Alert type="error" title={error} showIcon style={{ marginBottom: 16 }} data-testid="login-error" />}

        {!step ? (
          <Form
            form={pwForm}
            layout="vertical"
            onFinish={(v) => void submitPassword(v)}
            requiredMark={false}
            data-testid="password-step"
          >
            <Form.Item
              name="username"
              label={t('common.username')}
              rules={[{ required: true, message: t('common.required', { field: t('common.username') }) }]}
            >
              <Input autoComplete="username" size="large" autoFocus data-testid="login-username" />
            </Form.Item>
            <Form.Item
              name="password"
              label={t('common.password')}
              rules={[{ required: true, message: t('common.required', { field: t('common.password') }) }]}
            >
              <Input.Password autoComplete="current-password" size="large" data-testid="login-password" />
            </Form.Item>
            <Button type="primary" htmlType="submit" block size="large" loading={submitting} data-testid="login-next">
              {t('console.login.next')}
            </Button>
          </Form>
        ) : (
          <div data-testid="totp-step">
            {step.enrol ? (
              <Space orientation="vertical" style={{ width: '100%', marginBottom: 16 }}>
                <Typography.Paragraph>{t('console.login.enrolPrompt')}</Typography.Paragraph>
                <Typography.Text strong>{t('console.login.secret')}</Typography.Text>
                <Typography.Text className="yw-code" copyable data-testid="totp-secret">
                  {step.enrol.secret}
                </Typography.Text>
                <Typography.Text strong>{t('console.login.otpauthUri')}</Typography.Text>
                <Typography.Link className="yw-code" href={step.enrol.otpauthUri} copyable data-testid="totp-uri">
                  {step.enrol.otpauthUri}
                </Typography.Link>
              </Space>
            ) : (
              <Typography.Paragraph>{t('console.login.totpPrompt')}</Typography.Paragraph>
            )}
            <Form layout="vertical" onFinish={() => void submitCode(code)}>
              <Form.Item>
                <div data-testid="totp-code">
                  <Input.OTP
                    length={6}
                    size="large"
                    value={code}
                    onChange={(v) => {
                      setCode(v);
                      if (/^\d{6}$/.test(v)) void submitCode(v);
                    }}
                    formatter={(s) => s.replace(/\D/g, '')}
                    autoFocus
                    disabled={submitting}
                  />
                </div>
              </Form.Item>
              <Button
                type="primary"
                htmlType="submit"
                block
                size="large"
                loading={submitting}
                disabled={code.length !== 6}
                data-testid="totp-submit"
              >
                {t('console.login.verify')}
              </Button>
              <Button
                type="link"
                block
                onClick={() => {
                  setStep(null);
                  setError(null);
                }}
              >
                {t('console.login.backToLogin')}
              </Button>
            </Form>
          </div>
        )}
      </Card>
    </div>
  );
}
