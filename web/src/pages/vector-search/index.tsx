import { useState } from 'react';
import { Alert, Card, Col, Empty, Row, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';
import { listSearchableCollections } from '../../api/search';
import { getCollection } from '../../api/vectors';
import { usePermission } from '../../auth/session-hooks';
import { PageHeader } from '../../components/page-header';
import { SEARCH_IDS as IDS } from '../../components/test-ids';
import { useT } from '../../i18n/preferences';
import { DEFAULT_FORM, SEARCH_TYPES, metadataColumns, readUrl, requestOf, writeUrl, type SearchForm } from './logic/search-form';
import { ResultPane } from './result-pane';
import { SearchControls, TYPE_LABELS } from './search-controls';

const SEARCH_PERM = 'vector:search';

/** The search as run: the form when Search was pressed (editing the form does not re-run it). */
interface Submitted {
  form: SearchForm & { vectorId: number };
  compare: boolean;
  run: number;
}

/**
 * 向量搜索 (seed 004 §5): one collection searched by vector, keyword or hybrid, or all three side by side.
 * Collection, query, type and topK live in the URL, so a search can be shared; a shared link searches at once.
 */
export default function VectorSearchPage() {
  const t = useT();
  const canSearch = usePermission().has(SEARCH_PERM);
  const [params, setParams] = useSearchParams();
  const [initial] = useState(() => readUrl(params));
  const [form, setForm] = useState<SearchForm>({ ...DEFAULT_FORM, vectorId: initial.vectorId, query: initial.query, type: initial.type, topK: initial.topK });
  const [compare, setCompare] = useState(initial.compare);
  const [submitted, setSubmitted] = useState<Submitted | null>(() =>
    initial.vectorId && initial.query.trim() && canSearch ? { form: { ...form, vectorId: initial.vectorId }, compare, run: 0 } : null,
  );

  const collections = useQuery({ queryKey: ['vectors', 'simple-list'], queryFn: listSearchableCollections });
  const collection = useQuery({
    queryKey: ['vectors', 'collection', form.vectorId],
    queryFn: () => getCollection(form.vectorId!),
    enabled: !!form.vectorId,
  });
  const columns = collection.data ? metadataColumns(collection.data) : [];

  function search() {
    if (!form.vectorId || !form.query.trim()) return;
    setSubmitted((s) => ({ form: { ...form, vectorId: form.vectorId! }, compare, run: (s?.run ?? 0) + 1 }));
    setParams(writeUrl({ vectorId: form.vectorId, query: form.query.trim(), type: form.type, compare, topK: form.topK }), { replace: true });
  }

  let results;
  if (!submitted) results = <Card><Empty data-testid={IDS.prompt} description={t('search.pickFirst')} /></Card>;
  else if (submitted.compare)
    results = (
      <Row gutter={[16, 16]}>
        {SEARCH_TYPES.map((type) => (
          <Col key={type} xs={24} xl={8}>
            <ResultPane name={type} title={t(TYPE_LABELS[type])} input={requestOf(submitted.form, type)} run={submitted.run} />
          </Col>
        ))}
      </Row>
    );
  else results = <ResultPane name="single" title={t(TYPE_LABELS[submitted.form.type])} input={requestOf(submitted.form)} run={submitted.run} />;

  return (
    <div data-testid={IDS.page}>
      <PageHeader title={t('search.title')} />
      <Typography.Paragraph type="secondary">{t('search.intro')}</Typography.Paragraph>
      {canSearch ? null : <Alert type="info" showIcon style={{ marginBottom: 16 }} data-testid={IDS.noPermission} title={t('search.noPermission')} />}
      <Card size="small" style={{ marginBottom: 16 }}>
        <SearchControls
          form={form}
          onChange={setForm}
          compare={compare}
          onCompare={setCompare}
          collections={collections.data}
          collectionsLoading={collections.isLoading}
          metadataColumns={columns}
          canSearch={canSearch}
          onSearch={search}
        />
      </Card>
      {results}
    </div>
  );
}
