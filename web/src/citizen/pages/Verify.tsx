/**
 * 证照核验 (/verify): anyone, signed in or not, checks a certificate: a share link or a QR
 * code opens this page with `?share=` or `?id=` and the check runs at once; or paste the
 * credential (JWT). The answer names the outcome and the issuer.
 */
import { useEffect, useState } from 'react';
import { Button, Form, TextArea } from 'antd-mobile';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { verifyCredential, type VerifyAnswer } from '../../shared/api/credentials';
import { formatDateTime } from '../../shared/format';
import { addText, errorMessage } from '../../shared/i18n';
import { credentialsText } from '../../shared/text-credentials';
import { FormError, SubPage } from '../components';

addText('credentials', credentialsText);

export default function VerifyPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const linked = params.get('share')
    ? `?share=${params.get('share')}`
    : params.get('id')
      ? `?id=${params.get('id')}`
      : null;
  const check = useMutation(verifyCredential);
  const [input, setInput] = useState('');
  const [answer, setAnswer] = useState<VerifyAnswer | null>(null);
  const [error, setError] = useState<string | null>(null);

  const run = async (value: string) => {
    setError(null);
    setAnswer(null);
    try {
      setAnswer(await check.mutateAsync(value));
    } catch (err) {
      setError(errorMessage(t, err));
    }
  };
  const { mutateAsync } = check;
  useEffect(() => {
    if (!linked) return;
    mutateAsync(linked).then(setAnswer, (err: unknown) => setError(errorMessage(t, err)));
  }, [linked, mutateAsync, t]);

  return (
    <SubPage title={t('credentials.verify.title')} testId="verify-page">
      {!linked && (
        <Form
          layout="vertical"
          onFinish={() => void run(input)}
          footer={
            <Button block type="submit" color="primary" loading={check.isPending} data-testid="verify-submit">
              {t('credentials.verify.submit')}
            </Button>
          }
        >
          <p className="yw-muted">{t('credentials.verify.intro')}</p>
          <Form.Item label={t('credentials.verify.input')}>
            <TextArea value={input} onChange={setInput} rows={5} data-testid="verify-input" />
          </Form.Item>
        </Form>
      )}
      <FormError message={error} />
      {answer && <Verdict answer={answer} />}
    </SubPage>
  );
}

export function Verdict({ answer }: { answer: VerifyAnswer }) {
  const { t, i18n } = useTranslation();
  const good = answer.outcome === 'valid';
  return (
    <section
      className={`yw-card yw-verdict ${good ? 'yw-verdict-ok' : 'yw-verdict-bad'}`}
      data-testid="verify-outcome"
      data-outcome={answer.outcome}
      role="status"
    >
      <h2 className="yw-card-title">{t(`credentials.verify.outcome.${answer.outcome}`)}</h2>
      <dl className="yw-kvs">
        {answer.credential?.name && (
          <>
            <dt>{t('credentials.verify.input')}</dt>
            <dd>{answer.credential.name}</dd>
          </>
        )}
        {answer.credential?.number && (
          <>
            <dt>{t('credentials.number')}</dt>
            <dd>{answer.credential.number}</dd>
          </>
        )}
        {answer.credential?.holder.name && (
          <>
            <dt>{t('credentials.holder')}</dt>
            <dd>{answer.credential.holder.name}</dd>
          </>
        )}
        {answer.issuer && (
          <>
            <dt>{t('credentials.verify.issuer')}</dt>
            <dd data-testid="verify-issuer">{answer.issuer.name ?? answer.issuer.did}</dd>
          </>
        )}
        <dt>{t('credentials.verify.checkedAt')}</dt>
        <dd>{formatDateTime(answer.checkedAt, i18n.language)}</dd>
      </dl>
    </section>
  );
}
