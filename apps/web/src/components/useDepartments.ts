import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../api/client';

/** Departments change rarely: fetched once per session. */
export function useDepartments() {
  return useQuery({
    queryKey: ['departments'],
    queryFn: () => unwrap(api.GET('/api/departments')),
    staleTime: Infinity,
  });
}
