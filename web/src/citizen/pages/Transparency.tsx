/**
 * 公开透明日志 (/transparency): anyone, signed in or not, checks that a case's decisions or a
 * certificate's issuance are in the transparency log, and watches the proof verify in the
 * browser: the latest checkpoint's Ed25519 signature, its consistency with the checkpoint this
 * browser saw last, and for each entry the leaf recomputed, the audit path and the root folded
 * (RFC 9162), all with WebCrypto (transparency-check.ts, lib/merkle-verify.ts). A case or a
 * certificate page links here with `?case=` or `?certificate=`.
 */
import { useState, type ReactNode } from 'react';
import { Button, Form, Input } from 'antd-mobile';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import {
  caseEntries,
  certificateEntries,
  consistencyProof,
  inclusionProof,
  latestCheckpoint,
  logKeys,
  type LogEntry,
} from '../../shared/api/transparency';
import { ApiError } from '../../shared/client';
import { formatDateTime } from '../../shared/format';
import { addText, errorMessage } from '../../shared/i18n';
import { FormError, SubPage } from '../components';
import { transparencyText } from '../text-transparency';
import {
  checkCheckpoint,
  checkConsistency,
  checkEntry,
  kindOf,
  readSeen,
  type CheckpointCheck,
  type ConsistencyCheck,
  type EntryCheck,
} from '../transparency-check';

addText('transparency', transparencyText);

interface Verified {
  check: CheckpointCheck;
  consistency: ConsistencyCheck | null;
}

async function verifyLatest(signal: AbortSignal): Promise<Verified | null> {
  const [cp, keys] = await Promise.all([latestCheckpoint(signal), logKeys(signal)]);
  if (!cp) return null;
  const check = await checkCheckpoint(cp, keys);
  if (!check.ok) return { check, consistency: null };
  const consistency = await checkConsistency(check.opened, readSeen(check.opened.origin), consistencyProof);
  return { check, consistency };
}

const short = (s: string, n = 16) => (s.length > n ? `${s.slice(0, n)}…` : s);

export default function TransparencyPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const q = (params.get('case') ?? params.get('certificate') ?? params.get('q') ?? '').trim();
  const kind = params.get('certificate') ? 'certificate' : params.get('case') ? 'case' : kindOf(q);
  const [input, setInput] = useState(q);
  const [inputError, setInputError] = useState<string | null>(null);

  const latest = useQuery({
    queryKey: ['transparency', 'verified-checkpoint'],
    queryFn: ({ signal }) => verifyLatest(signal),
    staleTime: Infinity,
    retry: false,
  });
  const signed = latest.data?.check.ok ? latest.data.check.opened : null;
  const ready = latest.isSuccess && (latest.data === null || latest.data.check.ok);

  const found = useQuery({
    queryKey: ['transparency', 'entries', kind, q, signed?.size ?? 0],
    enabled: q !== '' && ready,
    retry: false,
    staleTime: Infinity,
    queryFn: async (): Promise<EntryCheck[]> => {
      const entries: LogEntry[] = kind === 'certificate' ? await certificateEntries(q) : await caseEntries(q);
      return Promise.all(entries.map((e) => checkEntry(e, signed, inclusionProof)));
    },
  });

  const search = () => {
    const v = input.trim();
    if (!v) {
      setInputError(t('transparency.search.required'));
      return;
    }
    setInputError(null);
    setParams(kindOf(v) === 'certificate' ? { certificate: v } : { case: v });
  };

  const notFound = found.error instanceof ApiError && found.error.code === 'LOG_ENTRY_NOT_FOUND';
  return (
    <SubPage title={t('transparency.title')} testId="transparency-page">
      <p className="yw-muted yw-log-note">{t('transparency.intro')}</p>
      <CheckpointCard latest={latest.data} loading={latest.isPending} />
      {latest.error && <FormError message={errorMessage(t, latest.error)} />}
      <Form
        layout="vertical"
        onFinish={search}
        footer={
          <Button block type="submit" color="primary" loading={found.isFetching} data-testid="log-search-submit">
            {t('transparency.search.submit')}
          </Button>
        }
      >
        <Form.Item label={t('transparency.search.label')} description={t('transparency.search.hint')}>
          <Input
            value={input}
            onChange={setInput}
            maxLength={80}
            placeholder={t('transparency.search.placeholder')}
            data-testid="log-search-input"
          />
        </Form.Item>
      </Form>
      <FormError message={inputError} />
      {notFound && (
        <div className="yw-form-error" role="alert" data-testid="log-not-found">
          {t('transparency.search.notFound', { q })}
        </div>
      )}
      {found.error && !notFound && <FormError message={errorMessage(t, found.error)} />}
      {found.data && (
        <section data-testid="log-results" data-kind={kind}>
          <p className="yw-muted yw-log-note">
            {found.data.length === 0
              ? t('transparency.search.none', { q })
              : `${t(`transparency.search.${kind}`)} ${q} · ${t('transparency.search.found', { count: found.data.length })}`}
          </p>
          {found.data.map((c) => (
            <EntryCard key={c.entry.index} check={c} />
          ))}
          <p className="yw-muted yw-log-note">{t('transparency.how')}</p>
        </section>
      )}
    </SubPage>
  );
}

function CheckpointCard({ latest, loading }: { latest: Verified | null | undefined; loading: boolean }) {
  const { t, i18n } = useTranslation();
  if (loading) return <section className="yw-card">{t('transparency.checkpoint.loading')}</section>;
  if (latest === undefined) return null;
  if (latest === null) {
    return (
      <section className="yw-card" data-testid="log-checkpoint" data-state="none">
        {t('transparency.checkpoint.none')}
      </section>
    );
  }
  const { check, consistency } = latest;
  const cp = check.checkpoint;
  const cons = consistency?.state;
  return (
    <section
      className={`yw-card yw-verdict ${check.ok && cons !== 'inconsistent' ? 'yw-verdict-ok' : 'yw-verdict-bad'}`}
      data-testid="log-checkpoint"
      data-state={check.ok ? 'verified' : 'failed'}
    >
      <h2 className="yw-card-title">{t('transparency.checkpoint.title')}</h2>
      <dl className="yw-kvs">
        <Kv label={t('transparency.checkpoint.size')}>
          <span data-testid="log-tree-size">{cp.treeSize}</span>
        </Kv>
        <Kv label={t('transparency.checkpoint.root')}>
          <code>{cp.rootHash}</code>
        </Kv>
        <Kv label={t('transparency.checkpoint.time')}>{formatDateTime(cp.issuedAt, i18n.language)}</Kv>
        <Kv label={t('transparency.checkpoint.signer')}>
          <code>{check.ok ? `${check.opened.key.name} · ${check.opened.key.hash}` : cp.keyHash}</code>
        </Kv>
        <Kv label={t('transparency.checkpoint.signature')}>
          <span data-testid="log-signature" data-ok={check.ok}>
            {check.ok
              ? `✓ ${t('transparency.checkpoint.signatureOk')}`
              : `✗ ${t('transparency.checkpoint.signatureBad', { reason: t(`transparency.reasons.${check.reason}`) })}`}
          </span>
        </Kv>
        {consistency && (
          <Kv label={t('transparency.checkpoint.consistency')}>
            <span data-testid="log-consistency" data-state={consistency.state}>
              {consistency.state === 'first' && t('transparency.checkpoint.consistencyFirst')}
              {consistency.state === 'same' && `✓ ${t('transparency.checkpoint.consistencySame')}`}
              {consistency.state === 'consistent' &&
                `✓ ${t('transparency.checkpoint.consistencyOk', { from: consistency.from })}`}
              {consistency.state === 'inconsistent' &&
                `✗ ${t('transparency.checkpoint.consistencyBad', { from: consistency.from })}`}
            </span>
            {consistency.keyChanged && <div className="yw-form-error">{t('transparency.checkpoint.keyChanged')}</div>}
          </Kv>
        )}
      </dl>
    </section>
  );
}

function EntryCard({ check }: { check: EntryCheck }) {
  const { t, i18n } = useTranslation();
  const e = check.entry;
  const verdict = { verified: 'yw-verdict-ok', failed: 'yw-verdict-bad', pending: '' }[check.state];
  return (
    <section
      className={`yw-card yw-verdict ${verdict}`}
      data-testid="log-entry"
      data-state={check.state}
      data-action={e.action}
      role="status"
    >
      <h3 className="yw-card-title">
        {t(`transparency.actions.${e.action.replace(/[.-]/g, '_')}`, { defaultValue: e.action })}
      </h3>
      <p data-testid="log-entry-verdict">
        {check.state === 'verified' ? '✓ ' : check.state === 'failed' ? '✗ ' : '… '}
        {t(`transparency.entry.${check.state}`)}
      </p>
      <dl className="yw-kvs">
        <Kv label={t('transparency.entry.index')}>{e.index}</Kv>
        {e.recordAt && <Kv label={t('transparency.entry.time')}>{formatDateTime(e.recordAt, i18n.language)}</Kv>}
        <Kv label={t('transparency.entry.recordHash')}>
          <code>{short(e.recordHash, 24)}</code>
        </Kv>
        <Kv label={t('transparency.entry.stepLeaf')}>
          <code>{short(check.leaf, 24)}</code>{' '}
          {check.leafMatches ? `✓ ${t('transparency.entry.stepLeafOk')}` : `✗ ${t('transparency.entry.stepLeafBad')}`}
        </Kv>
        {check.pathLength !== null && (
          <Kv label={t('transparency.entry.stepPath')}>
            {t('transparency.entry.stepPathCount', { count: check.pathLength })}
          </Kv>
        )}
        {check.state !== 'pending' && (
          <Kv label={t('transparency.entry.stepRoot')}>
            <code>{check.computedRoot ? short(check.computedRoot, 24) : '—'}</code>{' '}
            <span data-testid="log-entry-root" data-ok={check.rootMatches}>
              {check.rootMatches ? t('transparency.entry.stepRootOk') : t('transparency.entry.stepRootBad')}
            </span>
          </Kv>
        )}
      </dl>
    </section>
  );
}

function Kv({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="yw-kv">
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}
