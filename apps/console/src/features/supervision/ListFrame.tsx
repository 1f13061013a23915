/**
 * What both tabs are made of: the filters in a search form (with 清除筛选 once any is set), a refusal
 * as a sentence with a retry, the list's card with 导出 CSV above a table loaded 50 a page, and the
 * row's drawer. Each tab says only what differs: its filters, its columns, its words and its drawer.
 */
import type { ReactNode } from 'react';
import { Button, Card, Empty, Flex, Form, Table, type TableColumnsType } from 'antd';
import { MorePages, type Pages } from '../../shared/MorePages';
import { SupervisionProblem } from './SupervisionProblem';
import { useSupervisionI18n } from './i18n';

export function ListFrame<Row extends { id: string }>({
  filtersLabel,
  filters,
  filtered,
  onClear,
  list,
  csv,
  rows,
  columns,
  empty,
  count,
  drawer,
}: {
  filtersLabel: string;
  filters: ReactNode;
  filtered: boolean;
  onClear: () => void;
  /** what it needs of the list's useInfiniteQuery */
  list: Pages & { error: unknown; isPending: boolean; refetch(): Promise<unknown> };
  csv: { button: ReactNode; problem: ReactNode };
  rows: Row[];
  columns: TableColumnsType<Row>;
  /** what an empty list says, with and without filters */
  empty: string;
  count: string;
  drawer: ReactNode;
}) {
  const { t } = useSupervisionI18n();
  return (
    <Flex vertical gap={16}>
      <Card>
        <Form layout="inline" role="search" aria-label={filtersLabel} style={{ rowGap: 12 }}>
          {filters}
          {filtered ? (
            <Form.Item>
              <Button onClick={onClear}>{t('clearFilters')}</Button>
            </Form.Item>
          ) : null}
        </Form>
      </Card>
      {list.error ? <SupervisionProblem error={list.error} onRetry={() => void list.refetch()} /> : null}
      {csv.problem}
      <Card>
        <Flex justify="flex-end" style={{ marginBottom: 12 }}>
          {csv.button}
        </Flex>
        <Table<Row>
          rowKey="id"
          size="middle"
          loading={list.isPending && !list.error}
          dataSource={rows}
          pagination={false}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: <Empty description={empty} /> }}
          columns={columns}
        />
        <MorePages pages={list} more={t('more')} count={count} style={{ marginTop: 12 }} />
      </Card>
      {drawer}
    </Flex>
  );
}
