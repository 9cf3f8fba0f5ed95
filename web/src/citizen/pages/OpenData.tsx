/** 公共数据开放 (/opendata): search the open data catalogue, narrow it by facet; no sign-in. */
import { Button, List, SearchBar, Selector, Tag } from 'antd-mobile';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { opendataSearchQuery, type FacetField, type OpenSearchQuery } from '../../shared/api/opendata';
import { addText } from '../../shared/i18n';
import { SubPage } from '../components';
import { opendataText } from '../text-opendata';
import '../opendata.css';

addText('opendata', opendataText);

const FACETS: FacetField[] = ['groups', 'organization', 'res_format', 'tags'];

export default function OpenDataPage() {
  const { t, i18n } = useTranslation();
  const en = i18n.language.startsWith('en');
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const query: OpenSearchQuery = { page: 1, pageSize: 20 };
  if (params.get('q')) query.q = params.get('q')!;
  for (const f of FACETS) if (params.get(f)) query[f] = params.get(f)!;
  const found = useQuery(opendataSearchQuery(query));
  const set = (key: string, value: string | null) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };
  const data = found.data;
  return (
    <SubPage title={t('opendata.title')} testId="opendata">
      <p className="yw-muted">{t('opendata.intro')}</p>
      <div className="yw-opendata-links">
        <Button size="small" onClick={() => void navigate('/opendata/keys')} data-testid="opendata-link-keys">
          {t('opendata.links.keys')}
        </Button>
        <Button size="small" onClick={() => void navigate('/opendata/requests')} data-testid="opendata-link-requests">
          {t('opendata.links.requests')}
        </Button>
      </div>
      <SearchBar
        placeholder={t('opendata.search')}
        defaultValue={params.get('q') ?? ''}
        onSearch={(v) => set('q', v.trim() || null)}
        onClear={() => set('q', null)}
        data-testid="opendata-search"
      />
      {data &&
        FACETS.map((f) =>
          data.facets[f].length === 0 ? null : (
            <div key={f} className="yw-facet" data-testid={`facet-${f}`}>
              <div className="yw-muted">{t(`opendata.facets.${f}`)}</div>
              <Selector
                columns={2}
                value={params.get(f) ? [params.get(f)!] : []}
                onChange={(v) => set(f, v[0] ?? null)}
                options={data.facets[f].map((x) => ({
                  value: x.name,
                  label: `${en ? x.titleEn : x.title} (${x.count})`,
                }))}
              />
            </div>
          ),
        )}
      {data && (
        <>
          <p data-testid="opendata-total">{t('opendata.total', { n: data.total })}</p>
          {data.items.length === 0 ? (
            <p className="yw-muted">{t('opendata.none')}</p>
          ) : (
            <List data-testid="opendata-results">
              {data.items.map((d) => (
                <List.Item
                  key={d.id}
                  onClick={() => void navigate(`/opendata/${d.name}`)}
                  data-testid={`dataset-${d.name}`}
                  description={
                    <span>
                      {en ? d.organisation.titleEn : d.organisation.title} ·{' '}
                      {t(`opendata.frequency.${d.updateFrequency}`)}{' '}
                      {[...new Set(d.resources.map((r) => r.format))].map((f) => (
                        <Tag key={f} color="primary" fill="outline" style={{ marginInlineStart: 4 }}>
                          {f}
                        </Tag>
                      ))}
                    </span>
                  }
                >
                  {en ? d.titleEn : d.title}
                </List.Item>
              ))}
            </List>
          )}
        </>
      )}
    </SubPage>
  );
}
