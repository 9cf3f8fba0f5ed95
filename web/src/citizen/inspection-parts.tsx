// An inspection result as the public credit record and the enterprise's own page show it.
import type { ReactNode } from 'react';
import { Card, Tag } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import type { CreditRecord } from '../shared/api/inspections';
import { formatDateTime } from '../shared/format';

export type InspectionResult = CreditRecord['inspections'][number];

export function ResultCard({ task, children }: { task: InspectionResult; children?: ReactNode }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  return (
    <Card
      title={
        task.outcome ? (
          <Tag color={task.outcome === 'pass' ? 'success' : 'danger'}>{t(`inspections.outcome.${task.outcome}`)}</Tag>
        ) : null
      }
      extra={<span className="yw-muted">{t('inspections.department', { code: task.department })}</span>}
      className="yw-mt"
      data-testid={`inspection-${task.id}`}
    >
      {task.findings && (
        <p className="yw-break">
          {t('inspections.findings')}：{task.findings}
        </p>
      )}
      {task.rectification && (
        <p className="yw-break">
          {t('inspections.rectification')}：{task.rectification}
          {task.rectifyBy ? ` · ${t('inspections.rectifyBy', { date: task.rectifyBy })}` : ''}
        </p>
      )}
      <p className="yw-muted">
        {task.photos > 0 ? `${t('inspections.photos', { count: task.photos })} · ` : ''}
        {task.publishedAt ? t('inspections.publishedAt', { at: formatDateTime(task.publishedAt, lng) }) : ''}
      </p>
      {task.answer && (
        <p className="yw-break" data-testid="inspection-answer">
          {t('inspections.answer')}：{task.answer}
          {task.answeredAt ? `（${formatDateTime(task.answeredAt, lng)}）` : ''}
        </p>
      )}
      {children}
    </Card>
  );
}
