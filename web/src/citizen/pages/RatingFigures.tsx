/** 好差评公开 (/ratings/figures): the published figures per department and service item; no sign-in. */
import { List, Tabs } from 'antd-mobile';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { figuresQuery, type DepartmentFigures } from '../../shared/api/supervision';
import { lt } from '../../shared/catalog';
import { addText } from '../../shared/i18n';
import { supervisionText } from '../../shared/text-supervision';
import { SubPage } from '../components';

addText('supervision', supervisionText);

const pct = (r: number | null) => (r === null ? '—' : `${(r * 100).toFixed(1)}%`);

function Lines({ rows, testId }: { rows: DepartmentFigures[]; testId: string }) {
  const { t, i18n } = useTranslation();
  return (
    <List data-testid={testId}>
      {rows.map((r) => (
        <List.Item
          key={r.code}
          prefix={<strong>{r.rank}</strong>}
          description={
            <span data-testid={`${testId}-${r.code}`}>
              {t('supervision.figures.ratings')} {r.ratings} · {t('supervision.figures.bad')} {r.badReviews} ·{' '}
              {t('supervision.figures.activeRate')} {pct(r.activeRatingRate)} · {t('supervision.figures.rectRate')}{' '}
              <span data-testid={`${testId}-${r.code}-rect`}>{pct(r.rectificationRate)}</span> ·{' '}
              {t('supervision.figures.rectHours')} {r.rectificationHours ?? '—'}
            </span>
          }
          extra={<span data-testid={`${testId}-${r.code}-good`}>{pct(r.goodReviewRate)}</span>}
        >
          {lt(r.name, i18n.language)}
        </List.Item>
      ))}
    </List>
  );
}

export default function RatingFiguresPage() {
  const { t } = useTranslation();
  const figures = useQuery(figuresQuery);
  const f = figures.data;
  return (
    <SubPage title={t('supervision.figures.title')} testId="rating-figures">
      <p className="yw-muted">
        {t('supervision.figures.intro')}
        <a href="/api/supervision/figures">/api/supervision/figures</a>
      </p>
      {f && (
        <>
          <p data-testid="figures-total">
            {t('supervision.figures.total', { n: f.totals.ratings, rate: pct(f.totals.goodReviewRate) })}
          </p>
          <Tabs>
            <Tabs.Tab title={t('supervision.figures.departments')} key="d">
              <Lines rows={f.departments} testId="figures-dept" />
            </Tabs.Tab>
            <Tabs.Tab title={t('supervision.figures.items')} key="i">
              <Lines rows={f.items} testId="figures-item" />
            </Tabs.Tab>
          </Tabs>
        </>
      )}
    </SubPage>
  );
}
