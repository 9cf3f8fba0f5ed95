/** Service halls (/halls): every hall, whether it opens today, how many wait, and where it is. */
import { List, Tag } from 'antd-mobile';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { hallsQuery } from '../../shared/api/halls';
import { lt } from '../../shared/catalog';
import { errorMessage } from '../../shared/i18n';
import { LoadError, SubPage } from '../components';
import { mapLink } from '../halls-parts';
import '../halls-text';

export default function HallsPage() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const halls = useQuery(hallsQuery());
  return (
    <SubPage title={t('halls.title')} testId="halls-page">
      {halls.error ? <LoadError message={errorMessage(t, halls.error)} onRetry={() => void halls.refetch()} /> : null}
      <List mode="card">
        {(halls.data?.items ?? []).map((h) => (
          <List.Item
            key={h.code}
            onClick={() => void navigate(`/halls/${h.code}`)}
            description={
              <span className="yw-wrap">
                {lt(h.address, i18n.language)} ·{' '}
                <a href={mapLink(h.lat, h.lng)} target="_blank" rel="noreferrer" onClick={(e) => e.stopPropagation()}>
                  {t('halls.map')}
                </a>
              </span>
            }
            extra={<span className="yw-muted">{t('halls.waitingNow', { count: h.waitingNow })}</span>}
            data-testid={`hall-${h.code}`}
          >
            <span className="yw-wrap">{lt(h.name, i18n.language)}</span>{' '}
            <Tag color={h.openToday ? 'success' : 'default'}>
              {h.openToday ? t('halls.openToday') : t('halls.closedToday')}
            </Tag>
          </List.Item>
        ))}
      </List>
      <List mode="card">
        <List.Item onClick={() => void navigate('/appointments')} data-testid="to-appointments">
          {t('halls.mine')}
        </List.Item>
      </List>
    </SubPage>
  );
}
