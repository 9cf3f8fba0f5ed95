/**
 * 双随机抽查公示 (/inspections/draws/:id): anyone sees a draw's pools, algorithm, seed commitment,
 * beacon, seed and result, and re-runs it in the browser with WebCrypto (docs/verify-draw.ts,
 * the same standalone verifier anyone can run with Node).
 */
import { useState } from 'react';
import { Button, List, Tag } from 'antd-mobile';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { verifyDraw, type Verdict } from '../../../../docs/verify-draw';
import { drawQuery, type PublishedDraw } from '../../shared/api/inspections';
import { formatDateTime } from '../../shared/format';
import { addText } from '../../shared/i18n';
import { QueryBody, SubPage } from '../components';
import { inspectionsText } from '../text-inspections';

addText('inspections', inspectionsText);

const Mono = ({ value, testId }: { value: string; testId?: string }) => (
  <code style={{ wordBreak: 'break-all' }} data-testid={testId}>
    {value}
  </code>
);

function DrawBody({ draw }: { draw: PublishedDraw }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const [verdict, setVerdict] = useState<Verdict | null>(null);
  const [busy, setBusy] = useState(false);
  const run = async () => {
    setBusy(true);
    try {
      setVerdict(await verifyDraw(draw));
    } finally {
      setBusy(false);
    }
  };
  const p = draw.pools;
  return (
    <>
      <p className="yw-muted">{t('inspections.intro')}</p>
      <List>
        <List.Item description={draw.item.legalBasis}>
          {t('inspections.item')}：{lng === 'en' ? draw.item.name.en : draw.item.name.zh}
        </List.Item>
        <List.Item extra={draw.departments.join(' · ')}>{t('inspections.departments')}</List.Item>
        <List.Item
          extra={<Tag color={draw.status === 'drawn' ? 'success' : 'warning'}>{t(`inspections.${draw.status}`)}</Tag>}
        >
          {t('inspections.status')}
        </List.Item>
        <List.Item
          description={t('inspections.poolSizes', {
            targets: p.targets.length,
            inspectors: p.inspectors.length,
            conflicts: p.conflicts.length,
            ratio: p.ratioBasisPoints / 100,
          })}
        >
          {t('inspections.pools')}
        </List.Item>
        <List.Item extra={draw.algorithm}>{t('inspections.algorithm')}</List.Item>
        <List.Item description={<Mono value={draw.poolsHash} />}>{t('inspections.poolsHash')}</List.Item>
        <List.Item description={<Mono value={draw.commitment} testId="draw-commitment" />}>
          {t('inspections.commitment')} · {formatDateTime(draw.committedAt, lng)}
        </List.Item>
        {draw.beacon && (
          <List.Item
            description={t('inspections.beaconValue', {
              size: draw.beacon.treeSize,
              root: draw.beacon.rootHash,
              at: formatDateTime(draw.beacon.issuedAt, lng),
            })}
          >
            {t('inspections.beacon')}
          </List.Item>
        )}
        {draw.secret && <List.Item description={<Mono value={draw.secret} />}>{t('inspections.secret')}</List.Item>}
        {draw.seed && (
          <List.Item description={<Mono value={draw.seed} testId="draw-seed" />}>{t('inspections.seed')}</List.Item>
        )}
      </List>
      {draw.result && (
        <List header={t('inspections.result')} data-testid="draw-result">
          {draw.result.targets.map((x) => (
            <List.Item key={x.id} description={x.inspectors.join('、')} extra={x.short ? t('inspections.short') : null}>
              <Link to={`/credit/${x.id}`} className="yw-break">
                {x.id}
              </Link>
            </List.Item>
          ))}
        </List>
      )}
      <div className="yw-mt">
        {draw.status === 'drawn' ? (
          <Button block color="primary" loading={busy} onClick={() => void run()} data-testid="draw-verify">
            {busy ? t('inspections.verifying') : t('inspections.verify')}
          </Button>
        ) : (
          <p className="yw-muted">{t('inspections.notDrawn')}</p>
        )}
        {verdict && (
          <p className={verdict.ok ? 'yw-notice' : 'yw-form-error'} data-testid="draw-verdict">
            {verdict.ok
              ? t('inspections.verified', { count: verdict.result?.targets.length ?? 0 })
              : `${t('inspections.failed')}${verdict.problems.join('；')}`}
          </p>
        )}
      </div>
    </>
  );
}

export default function DrawPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const query = useQuery(drawQuery(id));
  return (
    <SubPage title={t('inspections.drawTitle')} testId="draw-page">
      <QueryBody
        query={query}
        notFound={t('inspections.notFound')}
        loadFailed={t('inspections.loadFailed')}
        notFoundTestId="draw-not-found"
      >
        {(draw) => <DrawBody draw={draw} />}
      </QueryBody>
    </SubPage>
  );
}
