import { useInfiniteQuery, type QueryKey } from '@tanstack/react-query';
import { Button } from 'antd';
import { useTranslation } from 'react-i18next';

interface CursorPage<T> {
  items: T[];
  nextCursor: string | null;
}

/**
 * A keyset-paginated list (`{items, nextCursor}`), read a page at a time: the rows loaded so far,
 * and the query to ask for more. `fetchPage` gets the cursor of the page to read, none for the first.
 */
export function useCursorPages<T>(queryKey: QueryKey, fetchPage: (cursor?: string) => Promise<CursorPage<T>>) {
  const pages = useInfiniteQuery({
    queryKey,
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) => fetchPage(pageParam),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  return { pages, rows: pages.data?.pages.flatMap((page) => page.items) ?? [] };
}

/** The query parameter for a page: nothing for the first one. */
export function cursorParam(cursor: string | undefined): { cursor?: string } {
  return cursor ? { cursor } : {};
}

/** "Load more", shown while there is a next page. */
export function LoadMore({ pages }: { pages: ReturnType<typeof useCursorPages>['pages'] }) {
  const { t } = useTranslation();
  if (!pages.hasNextPage) return null;
  return (
    <Button onClick={() => void pages.fetchNextPage()} loading={pages.isFetchingNextPage} style={{ marginTop: 16 }}>
      {t('common.loadMore')}
    </Button>
  );
}
