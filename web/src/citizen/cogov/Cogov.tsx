/**
 * The 共治 tab (/cogov): my community (standing by the roster, pseudonym) and a card for each
 * section of co-governance (sections.tsx); each section's pages under /cogov/….
 */
import { useState } from 'react';
import { Button, Input, List, Tag, Toast } from 'antd-mobile';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Route, Routes, useNavigate } from 'react-router';
import { setPseudonymMutation, standingQuery } from '../../shared/api/cogov';
import { useAuth } from '../../shared/auth';
import { addText, errorMessage } from '../../shared/i18n';
import { LoadError } from '../components';
import { cogovSections } from './sections';
import { cogovText } from './text-cogov';
import './cogov.css';

addText('cogov', cogovText);

export default function CogovPage() {
  return (
    <Routes>
      <Route index element={<CogovHome />} />
      {cogovSections.flatMap((s) =>
        s.routes.map((r) => <Route key={`${s.key}:${r.path}`} path={r.path} element={<r.page />} />),
      )}
    </Routes>
  );
}

function CogovHome() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { me } = useAuth();
  return (
    <div className="yw-cogov" data-testid="cogov-page">
      <header className="yw-cogov-head">
        <h1>{t('cogov.title')}</h1>
        <p className="yw-muted">{t('cogov.intro')}</p>
      </header>
      {me ? (
        <MyCommunity />
      ) : (
        <div className="yw-card">
          <Button
            block
            color="primary"
            onClick={() => void navigate('/login', { state: { from: '/cogov' } })}
            data-testid="cogov-sign-in"
          >
            {t('cogov.signIn')}
          </Button>
        </div>
      )}
      <List className="yw-cogov-sections">
        {cogovSections.map((s) => (
          <List.Item
            key={s.key}
            description={t(s.hint)}
            onClick={() => void navigate(`/cogov/${s.to}`)}
            data-testid={`cogov-section-${s.key}`}
          >
            {t(s.title)}
          </List.Item>
        ))}
      </List>
    </div>
  );
}

export function MyCommunity() {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  const standing = useQuery(standingQuery());
  if (standing.error)
    return (
      <div className="yw-card">
        <LoadError message={errorMessage(t, standing.error)} onRetry={() => void standing.refetch()} />
      </div>
    );
  const s = standing.data;
  if (!s) return <p className="yw-muted yw-center">{t('common.loading')}</p>;
  return (
    <section className="yw-card yw-cogov-community" data-testid="cogov-community">
      <h2>{t('cogov.myCommunity')}</h2>
      {!s.verified ? (
        <p data-testid="cogov-not-verified">
          <Tag color="warning">{t('cogov.notVerified')}</Tag> {t('cogov.notVerifiedHint')}
        </p>
      ) : !s.resident ? (
        <p data-testid="cogov-not-resident">
          <Tag color="warning">{t('cogov.notResident')}</Tag> {t('cogov.notResidentHint')}
        </p>
      ) : (
        <>
          <p className="yw-cogov-place" data-testid="cogov-community-name">
            <strong>{en ? s.resident.communityNameEn : s.resident.communityName}</strong>
            {s.resident.gridName ? (
              <span className="yw-muted">
                {' · '}
                {t('cogov.grid')} {en ? s.resident.gridNameEn : s.resident.gridName}
              </span>
            ) : null}{' '}
            <Tag color="success">{t('cogov.verified')}</Tag>
          </p>
          <Pseudonym current={s.pseudonym} />
        </>
      )}
    </section>
  );
}

function Pseudonym({ current }: { current: string | null }) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState(false);
  const [value, setValue] = useState(current ?? '');
  const save = useMutation(setPseudonymMutation());
  return (
    <div className="yw-cogov-pseudonym">
      <span>
        {t('cogov.pseudonym')}
        {t('common.colon')}
        <span data-testid="cogov-pseudonym">{current ?? t('cogov.pseudonymNone')}</span>
      </span>
      {editing ? (
        <div className="yw-cogov-row">
          <Input
            value={value}
            onChange={setValue}
            placeholder={t('cogov.pseudonymPlaceholder')}
            maxLength={20}
            aria-label={t('cogov.pseudonym')}
            data-testid="cogov-pseudonym-input"
          />
          <Button
            size="small"
            color="primary"
            loading={save.isPending}
            onClick={() =>
              save.mutate(value, {
                onSuccess: () => {
                  setEditing(false);
                  Toast.show(t('cogov.pseudonymSaved'));
                },
                onError: (e) => Toast.show(errorMessage(t, e)),
              })
            }
            data-testid="cogov-pseudonym-save"
          >
            {t('cogov.save')}
          </Button>
        </div>
      ) : (
        <Button size="mini" fill="outline" onClick={() => setEditing(true)} data-testid="cogov-pseudonym-edit">
          {t('cogov.pseudonymSet')}
        </Button>
      )}
    </div>
  );
}
