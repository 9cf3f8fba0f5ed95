/**
 * 志愿服务 (/cogov/volunteer): the resident's community's volunteer tasks, signing up and the
 * check-in code to show at the place; the hours on their record.
 */
import { Button, List, Toast } from 'antd-mobile';
import { useNavigate } from 'react-router';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { myVolunteeringQuery, signUp, volunteerTasksQuery, withdrawSignUp } from '../../../shared/api/cogov-civic';
import { formatDateTime } from '../../../shared/format';
import { addText, errorMessage } from '../../../shared/i18n';
import { RequireSignIn } from '../../case-parts';
import { TaskCard } from './civic-parts';
import { QueryBody, SubPage } from '../../components';
import { ErrorBlock } from '../../error-block';
import { civicText } from './text-cogov-civic';
import './civic.css';

addText('cogovCivic', civicText);

function Tasks() {
  const { t } = useTranslation();
  const tasks = useQuery(volunteerTasksQuery);
  const sign = useMutation(signUp);
  const withdraw = useMutation(withdrawSignUp);
  const fail = (err: unknown) => Toast.show({ icon: 'fail', content: errorMessage(t, err) });
  return (
    <QueryBody
      query={tasks}
      notFound={t('cogovCivic.notFound')}
      loadFailed={t('cogovCivic.loadFailed')}
      notFoundTestId="tasks-404"
    >
      {(data) =>
        data.communityId === null ? (
          <ErrorBlock status="empty" title={t('cogovCivic.notResident')} description="" data-testid="not-resident" />
        ) : data.items.length === 0 ? (
          <ErrorBlock status="empty" title={t('cogovCivic.noTasks')} description="" data-testid="no-tasks" />
        ) : (
          <div data-testid="volunteer-tasks">
            {data.items.map((task) => (
              <TaskCard
                key={task.id}
                task={task}
                busy={sign.isPending || withdraw.isPending}
                onSignUp={() => sign.mutate(task.id, { onError: fail })}
                onWithdraw={() => withdraw.mutate(task.id, { onError: fail })}
              />
            ))}
          </div>
        )
      }
    </QueryBody>
  );
}

function Mine() {
  const { t, i18n } = useTranslation();
  const mine = useQuery(myVolunteeringQuery);
  if (!mine.data) return null;
  const total = mine.data.totalMinutes;
  return (
    <List header={t('cogovCivic.mySignups')} data-testid="my-volunteering">
      <List.Item
        extra={
          <span data-testid="volunteer-hours">
            {t('cogovCivic.hours', { hours: Math.floor(total / 60), minutes: total % 60 })}
          </span>
        }
      >
        {t('cogovCivic.myHours')}
      </List.Item>
      {mine.data.items.length === 0 ? (
        <List.Item>{t('cogovCivic.noSignups')}</List.Item>
      ) : (
        mine.data.items.map((s) => (
          <List.Item
            key={s.taskId}
            description={`${formatDateTime(s.startsAt, i18n.language)}${s.minutes !== null ? ` · ${t('cogovCivic.served', { minutes: s.minutes })}` : ''}`}
            extra={t(`cogovCivic.statuses.${s.status}`)}
          >
            {s.title}
          </List.Item>
        ))
      )}
    </List>
  );
}

export default function CogovVolunteerPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <SubPage title={t('cogovCivic.volunteerTitle')} testId="cogov-volunteer-page">
      <RequireSignIn>
        <p className="yw-muted yw-inset">{t('cogovCivic.volunteerIntro')}</p>
        <Tasks />
        <Mine />
        <div className="yw-page-actions">
          <a
            className="adm-button adm-button-default adm-button-block adm-button-shape-default yw-civic-cert"
            href="/api/cogov/volunteer/certificate"
            target="_blank"
            rel="noopener"
            data-testid="volunteer-certificate"
          >
            {t('cogovCivic.certificate')}
          </a>
          <Button block onClick={() => void navigate('/cogov/points')} data-testid="volunteer-points">
            {t('cogovCivic.pointsTitle')}
          </Button>
        </div>
      </RequireSignIn>
    </SubPage>
  );
}
