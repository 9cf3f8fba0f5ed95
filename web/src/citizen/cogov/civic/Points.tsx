/** 参与积分 (/cogov/points): my points and what earned them; the community ranking, in which I may choose not to appear. */
import { List, Switch, Toast } from 'antd-mobile';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { myPointsQuery, rankingQuery, setInRanking } from '../../../shared/api/cogov-civic';
import { formatDateTime } from '../../../shared/format';
import { addText, errorMessage } from '../../../shared/i18n';
import { RequireSignIn } from '../../case-parts';
import { QueryBody, SubPage } from '../../components';
import { civicText } from './text-cogov-civic';
import './civic.css';

addText('cogovCivic', civicText);

function Points() {
  const { t, i18n } = useTranslation();
  const mine = useQuery(myPointsQuery);
  const ranking = useQuery(rankingQuery());
  const toggle = useMutation(setInRanking);
  return (
    <QueryBody
      query={mine}
      notFound={t('cogovCivic.notFound')}
      loadFailed={t('cogovCivic.loadFailed')}
      notFoundTestId="points-404"
    >
      {(p) => (
        <>
          <List header={t('cogovCivic.myPoints')} data-testid="my-points">
            <List.Item
              extra={<span data-testid="points-total">{t('cogovCivic.pointsUnit', { points: p.total })}</span>}
            >
              {t('cogovCivic.pointsTitle')}
            </List.Item>
            <List.Item
              extra={
                <Switch
                  checked={p.inRanking}
                  loading={toggle.isPending}
                  onChange={(v) =>
                    toggle.mutate(v, { onError: (err) => Toast.show({ icon: 'fail', content: errorMessage(t, err) }) })
                  }
                  data-testid="in-ranking"
                />
              }
            >
              {t('cogovCivic.inRanking')}
            </List.Item>
            {p.entries.map((e, i) => (
              <List.Item key={i} description={formatDateTime(e.at, i18n.language)} extra={`+${e.points}`}>
                {t(`cogovCivic.kinds.${e.kind}`)}
              </List.Item>
            ))}
          </List>
          <List header={t('cogovCivic.rankingTitle')} data-testid="ranking">
            {(ranking.data?.items ?? []).length === 0 ? (
              <List.Item>{t('cogovCivic.noRanking')}</List.Item>
            ) : (
              ranking.data!.items.map((r, i) => (
                <List.Item
                  key={i}
                  className={r.me ? 'yw-civic-rank-me' : undefined}
                  prefix={t('cogovCivic.rank', { rank: r.rank })}
                  extra={t('cogovCivic.pointsUnit', { points: r.points })}
                  data-testid="ranking-row"
                >
                  {r.me ? `${r.name}（${t('cogovCivic.me')}）` : r.name}
                </List.Item>
              ))
            )}
          </List>
        </>
      )}
    </QueryBody>
  );
}

export default function CogovPointsPage() {
  const { t } = useTranslation();
  return (
    <SubPage title={t('cogovCivic.pointsTitle')} testId="cogov-points-page">
      <RequireSignIn>
        <Points />
      </RequireSignIn>
    </SubPage>
  );
}
