/**
 * The foot of a list read page by page (keyset pagination, ADR 0004), alike in every feature: how many
 * rows are shown when `count` says it, and the next page on request while there is one.
 */
import type { CSSProperties } from 'react';
import { Button, Flex, Typography } from 'antd';

/** What the foot needs of react-query's useInfiniteQuery. */
export interface Pages {
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  fetchNextPage(): Promise<unknown>;
}

export function MorePages({ pages, more, count, style }: { pages: Pages; more: string; count?: string; style?: CSSProperties }) {
  const button = pages.hasNextPage ? (
    <Button onClick={() => void pages.fetchNextPage()} loading={pages.isFetchingNextPage}>
      {more}
    </Button>
  ) : null;
  if (count === undefined)
    return button ? (
      <Flex justify="center" style={style}>
        {button}
      </Flex>
    ) : null;
  return (
    <Flex justify="space-between" align="center" style={style}>
      <Typography.Text type="secondary">{count}</Typography.Text>
      {button}
    </Flex>
  );
}
