import { useEffect, useRef, useState } from 'react';
import { SearchBar, Segmented, Tag } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { itemsQuery } from '../../shared/api/catalog';
import { formatPromised, formatVisits, labelOf, lt, useDepartmentName } from '../../shared/catalog';
import { errorMessage } from '../../shared/i18n';
import type { TargetUser } from '../../shared/contract';
import { LoadError, SubPage } from '../components';
import { ErrorBlock } from '../error-block';
import { AppResults } from '../superapp-registry-parts';

const DEBOUNCE_MS = 150;

/** What to try when nothing matches: words the catalogue answers well, in each language. */
const SUGGESTIONS: Record<string, readonly string[]> = {
  'zh-CN': ['社保卡', '公积金', '营业执照', '身份证', '出生', '居住证'],
  en: ['social security card', 'provident fund', 'business licence', 'ID card', 'newborn', 'residence permit'],
};

export default function SearchPage() {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const departmentName = useDepartmentName(lng);
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const theme = params.get('theme') ?? '';
  const targetParam = params.get('targetUser');
  const targetUser: TargetUser | undefined =
    targetParam === 'person' || targetParam === 'enterprise' ? targetParam : undefined;
  const [text, setText] = useState(q);

  // Instant search: the address follows the typing after a short pause. Only typing
  // schedules an update (a change of address, e.g. leaving the page, must not undo itself).
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );
  const onType = (value: string) => {
    setText(value);
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      timer.current = null;
      setParam('q', value.trim() || undefined);
    }, DEBOUNCE_MS);
  };

  // Built from the address as it is now: a debounced update must not undo a toggle made meanwhile.
  function setParam(key: string, value: string | undefined) {
    const next = new URLSearchParams(window.location.search);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  }

  const results = useQuery({
    ...itemsQuery({ q: q || undefined, targetUser, theme: theme || undefined, page: 1, pageSize: 50 }),
    placeholderData: keepPreviousData,
  });
  const data = results.data;
  /** The results shown are for an earlier search while this one loads. */
  const loading = results.isPending || results.isPlaceholderData;
  const bundles = data?.bundles ?? [];
  const search = (word: string) => {
    setText(word);
    setParam('q', word);
  };

  return (
    <SubPage title={t('citizen.search.title')} testId="search-page" backTo="/">
      <div className="yw-search-head">
        <SearchBar
          value={text}
          onChange={onType}
          placeholder={t('citizen.search.placeholder')}
          autoFocus={!q && !theme}
          data-testid="search-input"
          aria-label={t('citizen.search.placeholder')}
        />
        <Segmented
          block
          value={targetUser ?? 'all'}
          onChange={(v) => setParam('targetUser', v === 'all' ? undefined : String(v))}
          options={[
            { value: 'all', label: <span data-testid="target-all">{t('citizen.search.all')}</span> },
            { value: 'person', label: <span data-testid="target-person">{t('citizen.search.person')}</span> },
            {
              value: 'enterprise',
              label: <span data-testid="target-enterprise">{t('citizen.search.enterprise')}</span>,
            },
          ]}
          className="yw-target-toggle"
        />
        {theme && (
          <div className="yw-theme-filter">
            <Tag color="primary" fill="outline" data-testid="theme-filter">
              {t('citizen.search.theme', { theme: labelOf(t, 'themes', theme) })}
            </Tag>
            <button
              type="button"
              className="yw-link-button"
              onClick={() => setParam('theme', undefined)}
              data-testid="clear-theme"
            >
              {t('citizen.search.clearTheme')}
            </button>
          </div>
        )}
      </div>
      {q && <AppResults q={q} />}

      {results.error ? (
        <div className="yw-card">
          <LoadError
            message={`${t('citizen.search.error')}${t('common.colon')}${errorMessage(t, results.error)}`}
            onRetry={() => void results.refetch()}
          />
        </div>
      ) : data === undefined ? (
        <p className="yw-muted yw-center yw-mt">{t('common.loading')}</p>
      ) : data.items.length === 0 && bundles.length === 0 ? (
        <>
          <ErrorBlock
            status="empty"
            title={t('citizen.search.empty')}
            description={t('citizen.search.emptyHint')}
            data-testid="search-empty"
            className="yw-empty"
          />
          <section className="yw-card" aria-labelledby="search-suggestions">
            <h2 id="search-suggestions" className="yw-card-title">
              {t('citizen.search.suggestions')}
            </h2>
            <div className="yw-suggestions">
              {(SUGGESTIONS[lng] ?? SUGGESTIONS['zh-CN']!).map((word) => (
                <button
                  key={word}
                  type="button"
                  className="yw-suggestion"
                  onClick={() => search(word)}
                  data-testid="search-suggestion"
                >
                  {word}
                </button>
              ))}
            </div>
          </section>
        </>
      ) : (
        <>
          {bundles.length > 0 && (
            <section className="yw-search-bundles" aria-label={t('citizen.search.bundles')}>
              {bundles.map((b) => (
                <Link
                  key={b.code}
                  to={`/bundles/${encodeURIComponent(b.code)}`}
                  className="yw-life-event yw-search-bundle"
                  data-testid="search-bundle"
                  data-code={b.code}
                >
                  <span className="yw-search-bundle-tag">{t('citizen.search.bundles')}</span>
                  <span className="yw-life-event-name">{lt(b.name, lng)}</span>
                  <span className="yw-life-event-desc">{t('citizen.search.bundleHint')} ›</span>
                </Link>
              ))}
            </section>
          )}
          <p className="yw-result-count" aria-live="polite" data-testid="search-count">
            {t('citizen.search.count', { count: data.total, s: data.total === 1 ? '' : 's' })}
          </p>
          <ul className="yw-results" data-testid="search-results" aria-busy={loading}>
            {data.items.map((it) => (
              <li key={it.code}>
                <Link
                  to={`/services/${encodeURIComponent(it.code)}`}
                  className="yw-result"
                  data-testid="search-result"
                  data-code={it.code}
                >
                  <span className="yw-result-name">{lt(it.name, lng)}</span>
                  <span className="yw-result-dept" data-testid="result-department">
                    {departmentName(it.departmentCode)}
                  </span>
                  <span className="yw-result-meta">
                    <span className={it.visits === 0 ? 'yw-tag yw-tag-green' : 'yw-tag'} data-testid="result-visits">
                      {formatVisits(t, it.visits)}
                    </span>
                    <span className="yw-tag" data-testid="result-limit">
                      {formatPromised(t, it.promisedLimit)}
                    </span>
                  </span>
                </Link>
              </li>
            ))}
          </ul>
        </>
      )}
    </SubPage>
  );
}
