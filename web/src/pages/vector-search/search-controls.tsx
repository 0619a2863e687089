import { Button, Collapse, Flex, Form, Input, InputNumber, Segmented, Select, Switch, Typography } from 'antd';
import { SearchOutlined } from '@ant-design/icons';
import type { SearchType } from '../../api/search';
import { SEARCH_IDS as IDS } from '../../components/test-ids';
import { useT } from '../../i18n/preferences';
import type { MessageKey } from '../../i18n/messages';
import { FilterRows } from './filter-rows';
import { MAX_TOP_K, SEARCH_TYPES, type SearchForm } from './logic/search-form';

export const TYPE_LABELS: Record<SearchType, MessageKey> = {
  vector: 'search.type.vector',
  keyword: 'search.type.keyword',
  hybrid: 'search.type.hybrid',
};

interface Props {
  form: SearchForm;
  onChange: (form: SearchForm) => void;
  compare: boolean;
  onCompare: (on: boolean) => void;
  collections: { id: number; title: string }[] | undefined;
  collectionsLoading: boolean;
  metadataColumns: string[];
  canSearch: boolean;
  onSearch: () => void;
}

/** The search's choices: collection, query, type (or all three), topK, threshold, filters, hybrid's fusion. */
export function SearchControls({ form, onChange, compare, onCompare, collections, collectionsLoading, metadataColumns, canSearch, onSearch }: Props) {
  const t = useT();
  const set = (patch: Partial<SearchForm>) => onChange({ ...form, ...patch });
  const ready = canSearch && !!form.vectorId && form.query.trim() !== '';
  const showFusion = compare || form.type === 'hybrid';

  return (
    <Form layout="vertical" component="div">
      <Flex gap={16} wrap align="flex-end">
        <Form.Item label={t('search.collection')} style={{ marginBottom: 12 }}>
          <Select
            style={{ width: 260 }}
            showSearch={{ optionFilterProp: 'label' }}
            loading={collectionsLoading}
            placeholder={t('search.collectionPlaceholder')}
            notFoundContent={t('search.noCollections')}
            value={form.vectorId}
            data-testid={IDS.collection}
            options={(collections ?? []).map((c) => ({ value: c.id, label: c.title }))}
            // Another collection has other metadata columns: its filters start over.
            onChange={(vectorId: number) => set({ vectorId, filters: [] })}
          />
        </Form.Item>
        <Form.Item label={t('search.query')} style={{ marginBottom: 12, flex: 1, minWidth: 280 }}>
          <Input
            allowClear
            value={form.query}
            maxLength={2000}
            placeholder={t('search.queryPlaceholder')}
            data-testid={IDS.query}
            onChange={(e) => set({ query: e.target.value })}
            onPressEnter={() => ready && onSearch()}
          />
        </Form.Item>
        <Form.Item style={{ marginBottom: 12 }}>
          <Button type="primary" icon={<SearchOutlined />} disabled={!ready} onClick={onSearch} data-testid={IDS.run}>
            {t('search.run')}
          </Button>
        </Form.Item>
      </Flex>
      <Flex gap={16} wrap align="flex-end">
        <Form.Item label={t('search.type')} style={{ marginBottom: 12 }}>
          <Flex gap={12} align="center">
            <Segmented<SearchType>
              value={form.type}
              disabled={compare}
              data-testid={IDS.type}
              options={SEARCH_TYPES.map((type) => ({ value: type, label: <span data-testid={`${IDS.type}-${type}`}>{t(TYPE_LABELS[type])}</span> }))}
              onChange={(type) => set({ type })}
            />
            <Switch checked={compare} onChange={onCompare} data-testid={IDS.compare} />
            <Typography.Text>{t('search.compare')}</Typography.Text>
          </Flex>
        </Form.Item>
        <Form.Item label={t('search.topK')} style={{ marginBottom: 12 }}>
          <InputNumber min={1} max={MAX_TOP_K} precision={0} value={form.topK} data-testid={IDS.topK} onChange={(topK) => set({ topK: topK ?? form.topK })} />
        </Form.Item>
        <Form.Item label={t('search.threshold')} style={{ marginBottom: 12 }}>
          <InputNumber
            step={0.01}
            value={form.scoreThreshold ?? null}
            placeholder={t('search.thresholdPlaceholder')}
            data-testid={IDS.threshold}
            onChange={(scoreThreshold) => set({ scoreThreshold })}
          />
        </Form.Item>
      </Flex>
      <Form.Item label={t('search.filters')} style={{ marginBottom: 12 }}>
        <FilterRows rows={form.filters} columns={metadataColumns} onChange={(filters) => set({ filters })} />
      </Form.Item>
      {showFusion && (
        <Collapse
          size="small"
          ghost
          items={[
            {
              key: 'advanced',
              label: <span data-testid={IDS.advanced}>{t('search.advanced')}</span>,
              children: (
                <Flex vertical gap={8}>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('search.fusion.hint')}</Typography.Text>
                  <Flex gap={16} wrap>
                    <Form.Item label={t('search.fusion.k')} style={{ marginBottom: 0 }}>
                      <InputNumber min={1} max={1000} precision={0} placeholder="60" value={form.fusion.k ?? null} data-testid={IDS.fusionK}
                        onChange={(k) => set({ fusion: { ...form.fusion, k } })} />
                    </Form.Item>
                    <Form.Item label={t('search.fusion.vectorWeight')} style={{ marginBottom: 0 }}>
                      <InputNumber min={0} max={100} step={0.1} placeholder="1" value={form.fusion.vectorWeight ?? null} data-testid={IDS.vectorWeight}
                        onChange={(vectorWeight) => set({ fusion: { ...form.fusion, vectorWeight } })} />
                    </Form.Item>
                    <Form.Item label={t('search.fusion.keywordWeight')} style={{ marginBottom: 0 }}>
                      <InputNumber min={0} max={100} step={0.1} placeholder="1" value={form.fusion.keywordWeight ?? null} data-testid={IDS.keywordWeight}
                        onChange={(keywordWeight) => set({ fusion: { ...form.fusion, keywordWeight } })} />
                    </Form.Item>
                  </Flex>
                </Flex>
              ),
            },
          ]}
        />
      )}
    </Form>
  );
}
