import { Button, Flex, Select, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { SEARCH_IDS as IDS } from '../../components/test-ids';
import { useT } from '../../i18n/preferences';
import type { FilterRow } from './logic/search-form';

/** Metadata equality filters: each row a column of the collection's metadata and the values it may have. */
export function FilterRows({ rows, columns, onChange }: { rows: FilterRow[]; columns: string[]; onChange: (rows: FilterRow[]) => void }) {
  const t = useT();
  const update = (i: number, row: FilterRow) => onChange(rows.map((r, j) => (j === i ? row : r)));
  return (
    <Flex vertical gap={8}>
      {rows.map((row, i) => (
        <Flex key={i} gap={8} align="center" wrap>
          <Select
            style={{ width: 200 }}
            placeholder={t('search.filter.column')}
            value={row.column}
            data-testid={IDS.filterColumn(i)}
            options={columns.map((c) => ({ value: c, label: c }))}
            onChange={(column: string) => update(i, { ...row, column })}
            showSearch
          />
          <Select
            mode="tags"
            style={{ minWidth: 240, flex: 1 }}
            placeholder={t('search.filter.values')}
            value={row.values}
            data-testid={IDS.filterValues(i)}
            tokenSeparators={[',']}
            open={false}
            suffixIcon={null}
            onChange={(values: string[]) => update(i, { ...row, values })}
          />
          <Button
            type="text"
            danger
            icon={<DeleteOutlined />}
            aria-label={t('search.filter.remove')}
            data-testid={IDS.filterRemove(i)}
            onClick={() => onChange(rows.filter((_, j) => j !== i))}
          />
        </Flex>
      ))}
      <Flex gap={8} align="center">
        <Button size="small" icon={<PlusOutlined />} disabled={!columns.length} data-testid={IDS.filterAdd} onClick={() => onChange([...rows, { values: [] }])}>
          {t('search.filter.add')}
        </Button>
        {columns.length ? null : <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('search.filter.noColumns')}</Typography.Text>}
      </Flex>
    </Flex>
  );
}
