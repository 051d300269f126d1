import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import { useDepartments } from '../../components/useDepartments';

export interface ReportNames {
  department: (code: string) => string;
  service: (code: string) => string;
  services: { code: string; name: string }[];
}

/** Departments in the user's language and services by name; the code stands in until they load. */
export function useReportNames(): ReportNames {
  const { i18n } = useTranslation();
  const departments = useDepartments();
  const services = useQuery({ queryKey: ['services'], queryFn: () => unwrap(api.GET('/api/services')) });
  const english = i18n.language === 'en';
  // The same object while nothing changed, so the charts are not redrawn on every render.
  return useMemo(
    () => ({
      department: (code: string) => {
        const found = departments.data?.find((d) => d.code === code);
        return found ? (english ? found.nameEn : found.name) : code;
      },
      service: (code: string) => services.data?.find((s) => s.code === code)?.name ?? code,
      services: (services.data ?? []).map((s) => ({ code: s.code, name: s.name })),
    }),
    [departments.data, services.data, english],
  );
}

/**
 * A report read as JSON. The report endpoints also answer CSV (format=csv), so their generated
 * type includes a string; without format=csv the answer is the JSON object.
 */
export function asJson<T>(data: T): Exclude<T, string> {
  if (typeof data === 'string') throw new Error('the report came as text where JSON was asked for');
  return data as Exclude<T, string>;
}
