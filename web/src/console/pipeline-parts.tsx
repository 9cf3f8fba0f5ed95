/** Parts of the pipelines pages: status tags, the de-identification report, the spec's summary. */
import { Descriptions, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Answer } from '../shared/contract';

type Detail = Answer<'/api/opendata/pipelines/{key}', 'get'>;
type Run = Detail['runs'][number];
export type DeidReport = NonNullable<Run['report']>;

const OUTCOME_COLOURS = { published: 'green', refused: 'red', awaiting_review: 'gold', failed: 'volcano' } as const;

export function OutcomeTag(props: { outcome: Run['outcome'] }) {
  const { t } = useTranslation();
  return (
    <Tag color={OUTCOME_COLOURS[props.outcome]} data-testid="pipeline-outcome">
      {t(`pipelines.outcome.${props.outcome}`)}
    </Tag>
  );
}

export function ReviewTag(props: { state: Detail['pipeline']['reviewNeeded'] }) {
  const { t } = useTranslation();
  return (
    <Tag color={props.state === 'none' ? 'green' : 'gold'} data-testid="pipeline-review-state">
      {t(`pipelines.reviewNeeded.${props.state}`)}
    </Tag>
  );
}

/** The report a release carries: k reached, what was suppressed, the generalisations used, the noise. */
export function ReportView(props: { report: DeidReport }) {
  const { t } = useTranslation();
  const r = props.report;
  return (
    <Descriptions size="small" column={1} bordered data-testid="deid-report">
      <Descriptions.Item label={t('pipelines.kReached')}>
        <span data-testid="deid-k">
          {r.kReached ?? '—'} / {r.kRequired}
        </span>
      </Descriptions.Item>
      <Descriptions.Item label={t('pipelines.recordsIn')}>{r.recordsIn}</Descriptions.Item>
      <Descriptions.Item label={t('pipelines.rows')}>{r.rowsPublished}</Descriptions.Item>
      <Descriptions.Item label={t('pipelines.cellsSuppressed')}>
        <span data-testid="deid-suppressed">{r.cellsSuppressed}</span>
      </Descriptions.Item>
      <Descriptions.Item label={t('pipelines.recordsSuppressed')}>{r.recordsSuppressed}</Descriptions.Item>
      <Descriptions.Item label={t('pipelines.generalisations')}>
        {r.generalisations.map((g) => (
          <Tag key={g.column}>
            {g.column}: {g.step === 'as is' ? t('pipelines.asIs') : g.step}
          </Tag>
        ))}
      </Descriptions.Item>
      {r.lReached.length > 0 && (
        <Descriptions.Item label={t('pipelines.lReached')}>
          {r.lReached.map((l) => `${l.column}: ${l.l ?? '—'}`).join('; ')}
        </Descriptions.Item>
      )}
      <Descriptions.Item label={t('pipelines.removed')}>
        {r.directIdentifiersRemoved.join(', ') || '—'}
      </Descriptions.Item>
      <Descriptions.Item label={t('pipelines.noise')}>
        {r.noise
          ? t('pipelines.epsilon', { mechanism: r.noise.mechanism, epsilon: r.noise.epsilon })
          : t('pipelines.noNoise')}
      </Descriptions.Item>
    </Descriptions>
  );
}

interface SpecShape {
  mode: 'records' | 'aggregate';
  k: number;
  maxSuppression: number;
  directIdentifiers: string[];
  quasiIdentifiers: { column: string; ladder: { kind: string; [k: string]: unknown }[] }[];
  sensitive?: { column: string; l: number }[];
  noise?: { mechanism: string; epsilon: number };
}

const step = (g: { kind: string; [k: string]: unknown }): string => {
  if (g.kind === 'band') return `±${String(g.width)}`;
  if (g.kind === 'prefix') return `${String(g.length)}…`;
  if (g.kind === 'time') return String(g.unit);
  if (g.kind === 'round') return `0.${'0'.repeat(Math.max(0, Number(g.decimals) - 1))}1°`;
  if (g.kind === 'from' || g.kind === 'map') return String(g.label);
  return g.kind === 'suppress' ? '*' : g.kind;
};

/** The declared de-identification, as the data officer reviews it. */
export function SpecView(props: { spec: unknown }) {
  const { t } = useTranslation();
  const s = props.spec as SpecShape;
  return (
    <Descriptions size="small" column={1} bordered data-testid="deid-spec">
      <Descriptions.Item label={t('pipelines.deid')}>{t(`pipelines.mode.${s.mode}`)}</Descriptions.Item>
      <Descriptions.Item label={t('pipelines.k')}>{s.k}</Descriptions.Item>
      <Descriptions.Item label={t('pipelines.maxSuppression')}>{Math.round(s.maxSuppression * 100)}%</Descriptions.Item>
      <Descriptions.Item label={t('pipelines.removed')}>{s.directIdentifiers.join(', ') || '—'}</Descriptions.Item>
      <Descriptions.Item label={t('pipelines.quasi')}>
        {s.quasiIdentifiers.length === 0
          ? '—'
          : s.quasiIdentifiers.map((q) => (
              <div key={q.column}>
                <code>{q.column}</code>: {q.ladder.length ? q.ladder.map(step).join(' → ') : t('pipelines.asIs')}
              </div>
            ))}
      </Descriptions.Item>
      {(s.sensitive ?? []).length > 0 && (
        <Descriptions.Item label={t('pipelines.sensitive')}>
          {(s.sensitive ?? []).map((x) => `${x.column} (l = ${x.l})`).join(', ')}
        </Descriptions.Item>
      )}
      <Descriptions.Item label={t('pipelines.noise')}>
        {s.noise
          ? t('pipelines.epsilon', { mechanism: s.noise.mechanism, epsilon: s.noise.epsilon })
          : t('pipelines.noNoise')}
      </Descriptions.Item>
    </Descriptions>
  );
}
