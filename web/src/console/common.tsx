import { useState } from 'react';
import { Input, Select, Spin } from 'antd';
import type { TablePaginationConfig } from 'antd';
import { useTranslation } from 'react-i18next';
import { useQuery } from '@tanstack/react-query';
import { departmentsQuery, regionsQuery } from '../shared/api/org';
import type { Department } from '../shared/contract';

export function Loading() {
  return (
    <div className="yw-console-loading">
      <Spin size="large" />
    </div>
  );
}

/** Region code → display name in the given language. */
export function useRegionNames(lng: string): (code: string) => string {
  const regions = useQuery(regionsQuery()).data;
  return (code: string) => {
    const r = regions?.find((x) => x.code === code);
    if (!r) return code;
    return lng === 'en' ? r.nameEn || r.name : r.name;
  };
}

/** All departments, fetched once per page load (shared with the catalogue pages). */
export function useDepartments(): Department[] | undefined {
  return useQuery(departmentsQuery()).data;
}

export function localName(x: { name: string; nameEn?: string | null }, lng: string): string {
  return lng === 'en' && x.nameEn ? x.nameEn : x.name;
}

/** Page and page size of a table, with antd pagination props that reset to page 1 when the size changes. */
export function usePaging(initialPageSize = 20) {
  const { t } = useTranslation();
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(initialPageSize);
  const pagination = (total: number, extra: TablePaginationConfig = {}): TablePaginationConfig => ({
    current: page,
    pageSize,
    total,
    showSizeChanger: true,
    showTotal: (n) => t('common.total', { total: n }),
    onChange: (p, s) => {
      if (s !== pageSize) {
        setPageSize(s);
        setPage(1);
      } else setPage(p);
    },
    ...extra,
  });
  return { page, pageSize, restart: () => setPage(1), pagination };
}

/** A department filter: the value is the department's id or code, as the API filtered wants. */
export function DepartmentSelect(props: {
  value: string | undefined;
  onChange: (v: string | undefined) => void;
  by: 'id' | 'code';
  placeholder: string;
  testId: string;
}) {
  const { i18n } = useTranslation();
  const departments = useDepartments();
  return (
    <Select
      allowClear
      style={{ minWidth: 240 }}
      placeholder={props.placeholder}
      value={props.value}
      loading={!departments}
      onChange={props.onChange}
      options={(departments ?? []).map((d) => ({ value: d[props.by], label: localName(d, i18n.language) }))}
      showSearch={{ optionFilterProp: 'label' }}
      data-testid={props.testId}
    />
  );
}

/** A search box that reports the trimmed text when the user searches. */
export function SearchBox(props: {
  placeholder: string;
  onSearch: (text: string) => void;
  testId: string;
  maxWidth?: number;
}) {
  return (
    <Input.Search
      allowClear
      placeholder={props.placeholder}
      style={{ maxWidth: props.maxWidth ?? 320 }}
      onSearch={(v) => props.onSearch(v.trim())}
      data-testid={props.testId}
    />
  );
}
