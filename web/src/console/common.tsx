import { Spin } from 'antd';
import { api } from '../shared/api';
import type { Department, Region } from '../shared/types';
import { useQuery } from '../shared/useQuery';

export function Loading() {
  return (
    <div className="yw-console-loading">
      <Spin size="large" />
    </div>
  );
}

// Reference data that rarely changes: fetched once per page load and shared.
let regionsPromise: Promise<Region[]> | null = null;
let departmentsPromise: Promise<Department[]> | null = null;

const getRegions = (): Promise<Region[]> => {
  regionsPromise ??= api.org.regions().then(
    (r) => r.items,
    (err: unknown) => {
      regionsPromise = null;
      throw err;
    },
  );
  return regionsPromise;
};

export const getDepartments = (): Promise<Department[]> => {
  departmentsPromise ??= api.org.departments().then(
    (r) => r.items,
    (err: unknown) => {
      departmentsPromise = null;
      throw err;
    },
  );
  return departmentsPromise;
};

/** Region code → display name in the given language. */
export function useRegionNames(lng: string): (code: string) => string {
  const regions = useQuery('regions', getRegions).data;
  return (code: string) => {
    const r = regions?.find((x) => x.code === code);
    if (!r) return code;
    return lng === 'en' ? r.nameEn || r.name : r.name;
  };
}

export function useDepartments(): Department[] | undefined {
  return useQuery('departments', getDepartments).data;
}

export function localName(x: { name: string; nameEn?: string | null }, lng: string): string {
  return lng === 'en' && x.nameEn ? x.nameEn : x.name;
}
