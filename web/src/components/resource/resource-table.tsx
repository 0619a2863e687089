import type { ReactNode } from 'react';
import { Alert, Button, Space, Table, type TableColumnsType, type TableProps } from 'antd';
import { Auth } from '../../auth/auth';
import { useT } from '../../i18n/preferences';
import type { PermRequirement } from '../../lib/permission';
import { rowTestId } from '../test-ids';

/** What a table shows: the rows of a query, and the pager when the list is paged (`usePagedList` is one). */
export interface TableSource<T> {
  records: readonly T[] | undefined;
  query: { isFetching: boolean; isError: boolean; error: unknown; data?: unknown; refetch: () => unknown };
  pager?: { current: number; size: number; total: number; setPage: (current: number, size: number) => void };
}

export interface ResourceTableProps<T> extends Omit<TableProps<T>, 'dataSource' | 'pagination' | 'rowKey' | 'onRow' | 'columns'> {
  source: TableSource<T>;
  /** Names the rows' test ids (`<name>-row-<key>`) and the load error's (`<name>-table-error`). */
  name: string;
  /** The field that identifies a row (default `id`). */
  rowKey?: keyof T & string;
  columns: TableColumnsType<T>;
  /** A row's buttons (`RowAction`), in a last column; with `actionsPerm`, only its holders see them. */
  actions?: (row: T) => ReactNode;
  actionsPerm?: PermRequirement;
  emptyText?: ReactNode;
  /** The load error's title (default "加载失败: <msg>"). */
  errorTitle?: (msg: string) => ReactNode;
  pageSizes?: number[];
}

/** The console's list table: rows from a query, its pager, the empty and error states, and the row actions. */
export function ResourceTable<T extends object>({
  source, name, rowKey = 'id' as keyof T & string, columns, actions, actionsPerm, emptyText, errorTitle, pageSizes, ...table
}: ResourceTableProps<T>) {
  const t = useT();
  const { query, pager } = source;
  const failure = (query.error as Error | null)?.message ?? '';
  const actionColumn: TableColumnsType<T> = actions
    ? [{
        title: t('common.actions'),
        key: 'actions',
        fixed: 'right',
        render: (_, row) => (
          <Auth perm={actionsPerm}>
            <Space size={0}>{actions(row)}</Space>
          </Auth>
        ),
      }]
    : [];

  return (
    <>
      {query.isError && !query.data && (
        <Alert
          style={{ marginBottom: 16 }}
          type="warning"
          showIcon
          title={errorTitle ? errorTitle(failure) : t('common.loadFailedWith', { msg: failure })}
          action={<Button size="small" onClick={() => void query.refetch()}>{t('common.retry')}</Button>}
          data-testid={`${name}-table-error`}
        />
      )}
      <Table<T>
        rowKey={rowKey}
        columns={[...columns, ...actionColumn]}
        dataSource={source.records}
        loading={query.isFetching}
        scroll={{ x: 'max-content' }}
        locale={emptyText ? { emptyText } : undefined}
        onRow={rowTestId<T>(name, (row) => row[rowKey] as string | number)}
        pagination={
          pager
            ? {
                current: pager.current,
                pageSize: pager.size,
                total: pager.total,
                showSizeChanger: true,
                pageSizeOptions: pageSizes,
                showTotal: (total) => t('common.total', { total }),
                onChange: pager.setPage,
              }
            : false
        }
        {...table}
      />
    </>
  );
}
