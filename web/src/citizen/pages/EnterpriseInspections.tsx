/**
 * 企业检查结果 (/me/inspections): an agent acting for an enterprise sees the results of its
 * random inspections and answers them (陈述说明), published with the result on the credit record.
 * Someone not acting for an enterprise chooses one of theirs first.
 */
import { useState } from 'react';
import { Button, TextArea, Toast } from 'antd-mobile';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { actAs as actAsCall, enterprisesQuery } from '../../shared/api/identity';
import { answerTask, enterpriseTasksQuery } from '../../shared/api/inspections';
import { useAuth } from '../../shared/auth';
import type { ActingAs } from '../../shared/contract';
import { addText, errorMessage } from '../../shared/i18n';
import { RequireSignIn } from '../case-parts';
import { SubPage } from '../components';
import { ResultCard, type InspectionResult } from '../inspection-parts';
import { inspectionsText } from '../text-inspections';

addText('inspections', inspectionsText);

function ChooseEnterprise() {
  const { t } = useTranslation();
  const { setMe } = useAuth();
  const enterprises = useQuery(enterprisesQuery());
  const [busy, setBusy] = useState<string | null>(null);
  const actAs = async (id: string) => {
    setBusy(id);
    try {
      setMe(await actAsCall(id));
    } catch (err) {
      Toast.show({ icon: 'fail', content: errorMessage(t, err) });
    } finally {
      setBusy(null);
    }
  };
  if (enterprises.data?.length === 0) return <p className="yw-muted yw-inset">{t('inspections.noEnterprise')}</p>;
  return (
    <div className="yw-stack yw-inset">
      <p>{t('inspections.chooseEnterprise')}</p>
      {(enterprises.data ?? []).map((e) => (
        <Button
          key={e.enterpriseId}
          block
          color="primary"
          loading={busy === e.enterpriseId}
          onClick={() => void actAs(e.enterpriseId)}
          data-testid="inspections-act-as"
        >
          {t('inspections.actAs', { name: e.name })}
        </Button>
      ))}
    </div>
  );
}

function Answer({ task }: { task: InspectionResult }) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const answer = useMutation(answerTask);
  if (task.answer) return <p className="yw-notice">{t('inspections.answered')}</p>;
  return (
    <div className="yw-mt">
      <TextArea
        value={text}
        onChange={setText}
        rows={3}
        maxLength={4000}
        placeholder={t('inspections.answerPlaceholder')}
        aria-label={t('inspections.answerLabel')}
        data-testid="inspection-answer-input"
      />
      <Button
        block
        color="primary"
        className="yw-mt"
        disabled={text.trim().length === 0}
        loading={answer.isPending}
        onClick={() =>
          answer.mutate(
            { id: task.id, answer: text.trim() },
            { onError: (err) => void Toast.show({ icon: 'fail', content: errorMessage(t, err) }) },
          )
        }
        data-testid="inspection-answer-submit"
      >
        {t('inspections.answerSubmit')}
      </Button>
    </div>
  );
}

function Results({ acting }: { acting: ActingAs }) {
  const { t } = useTranslation();
  const tasks = useQuery(enterpriseTasksQuery(acting.enterpriseId));
  return (
    <>
      <div className="yw-acting" role="status" data-testid="inspections-acting">
        {t('inspections.actingAs', { name: acting.name })}
      </div>
      <div className="yw-inset">
        <p className="yw-muted">{t('inspections.mineIntro')}</p>
        {tasks.data?.length === 0 && <p className="yw-muted">{t('inspections.noMine')}</p>}
        {(tasks.data ?? []).map((task) => (
          <ResultCard key={task.id} task={task}>
            <Answer task={task} />
          </ResultCard>
        ))}
        <p className="yw-mt">
          <Link to={`/credit/${acting.uscc}`} data-testid="inspections-credit-link">
            {t('inspections.viewCredit')} ›
          </Link>
        </p>
      </div>
    </>
  );
}

function Body() {
  const { me } = useAuth();
  if (!me) return null;
  return me.actingAs ? <Results acting={me.actingAs} /> : <ChooseEnterprise />;
}

export default function EnterpriseInspectionsPage() {
  const { t } = useTranslation();
  return (
    <SubPage title={t('inspections.mineTitle')} testId="enterprise-inspections">
      <RequireSignIn>
        <Body />
      </RequireSignIn>
    </SubPage>
  );
}
