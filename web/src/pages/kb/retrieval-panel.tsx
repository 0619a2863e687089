import { useState } from 'react';
import { Alert, Button, Card, Empty, Flex, Form, Input, InputNumber, List, Select, Space, Spin, Tag, Typography } from 'antd';
import { ClockCircleOutlined, SearchOutlined } from '@ant-design/icons';
import { useMutation, useQuery } from '@tanstack/react-query';
import { listAllKbs, retrieveKb, type KbRetrievalAnswer, type KnowledgeBase } from '../../api/kb';
import { listSearchableCollections } from '../../api/search';
import { usePermission } from '../../auth/session-hooks';
import { useT } from '../../i18n/preferences';
import { HighlightedText } from '../vector-search/highlighted-text';
import { formatScore, metadataText } from '../vector-search/logic/search-form';
import { KB_IDS as IDS } from './test-ids';
import { RETRIEVAL_TYPE_LABELS } from './labels';
import { MAX_TOP_K, SKIP_REASON_KEYS, retrievalRequest, sourceTitle, titlesOf, type RetrievalForm } from './logic/retrieval';

export const KBS_KEY = ['kb', 'list'] as const;
export const KB_ALL_KEY = ['kb', 'all'] as const;
export const COLLECTIONS_KEY = ['vectors', 'simple-list'] as const;

/** The searchable collections' titles, for a user who may list them (vector:view); otherwise none. */
export function useCollectionTitles() {
  const canList = usePermission().has('vector:view');
  return useQuery({ queryKey: COLLECTIONS_KEY, queryFn: listSearchableCollections, enabled: canList });
}

/** Why some collections of the knowledge base were not searched. */
function Skipped({ skipped }: { skipped: KbRetrievalAnswer['skipped'] }) {
  const t = useT();
  if (!skipped.length) return null;
  return (
    <Alert
      type="warning"
      showIcon
      style={{ marginBottom: 12 }}
      data-testid={IDS.retrievalSkipped}
      title={t('kb.skipped.title', { count: skipped.length })}
      description={
        <ul style={{ margin: 0, paddingInlineStart: 18 }}>
          {skipped.map((s) => (
            <li key={s.vectorId} data-reason={s.reason}>
              {t('kb.skipped.item', { title: s.title ?? `#${s.vectorId}`, id: s.vectorId, reason: t(SKIP_REASON_KEYS[s.reason]) })}
            </li>
          ))}
        </ul>
      }
    />
  );
}

/** The answer: latency, what was not searched and why, the ranked results with their source collection. */
function Results({ answer, titles }: { answer: KbRetrievalAnswer; titles: ReadonlyMap<number, string> }) {
  const t = useT();
  return (
    <>
      <Flex gap={12} align="center" style={{ marginBottom: 12 }}>
        <Typography.Text type="secondary">{t('search.count', { count: answer.results.length })}</Typography.Text>
        <Tag icon={<ClockCircleOutlined />} color="blue" data-testid={IDS.retrievalTook}>{t('search.took', { ms: answer.tookMs })}</Tag>
      </Flex>
      <Skipped skipped={answer.skipped} />
      {answer.results.length === 0 ? (
        <Empty data-testid={IDS.retrievalEmpty} description={t('kb.retrieval.empty')} />
      ) : (
        <List
          itemLayout="vertical"
          dataSource={answer.results}
          rowKey={(hit) => `${hit.vectorId}:${hit.id}`}
          renderItem={(hit, i) => (
            <List.Item data-testid={IDS.result(i + 1)}>
              <Flex justify="space-between" align="center" gap={8} wrap style={{ marginBottom: 6 }}>
                <Space size={8} wrap>
                  <Tag color="geekblue">{t('search.rank', { rank: i + 1 })}</Tag>
                  <Tag color="purple" data-testid={IDS.resultSource}>{t('kb.retrieval.source', { title: sourceTitle(hit.vectorId, titles) })}</Tag>
                  <Typography.Text type="secondary" copyable={{ text: hit.id }} style={{ fontSize: 12 }}>{hit.id}</Typography.Text>
                </Space>
                <Typography.Text code data-testid={IDS.resultScore}>{t('search.score', { score: formatScore(hit.score) })}</Typography.Text>
              </Flex>
              <HighlightedText content={hit.content} highlights={hit.highlights} testId={IDS.resultContent} />
              <Space size={[4, 4]} wrap style={{ marginTop: 8 }} data-testid={IDS.resultMetadata}>
                {Object.keys(hit.metadata).length ? (
                  Object.entries(hit.metadata).map(([key, value]) => <Tag key={key}>{key}: {metadataText(value)}</Tag>)
                ) : (
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('search.noMetadata')}</Typography.Text>
                )}
              </Space>
            </List.Item>
          )}
        />
      )}
    </>
  );
}

/** What the chosen knowledge base searches with unless the test says otherwise. */
function KbSettings({ kb }: { kb: KnowledgeBase | undefined }) {
  const t = useT();
  if (!kb) return null;
  const { type, topK, scoreThreshold } = kb.retrievalConfig;
  return (
    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
      {t('kb.retrieval.settings', { type: t(RETRIEVAL_TYPE_LABELS[type]), topK, threshold: scoreThreshold, count: kb.vectorIds.length })}
    </Typography.Text>
  );
}

/**
 * The retrieval test (`POST /api/kb/retrieval`): a knowledge base, a query and a topK (the knowledge base's own
 * when empty), and the fused answer. `fixedKb` pins the knowledge base (the test opened from its row).
 */
export function RetrievalPanel({ fixedKb, initialKbId }: { fixedKb?: KnowledgeBase; initialKbId?: number }) {
  const t = useT();
  const [form, setForm] = useState<RetrievalForm>({ kbId: fixedKb?.id ?? initialKbId, query: '', topK: null });
  const kbs = useQuery({ queryKey: KB_ALL_KEY, queryFn: listAllKbs, enabled: !fixedKb });
  const collections = useCollectionTitles();
  const run = useMutation({ mutationFn: (input: NonNullable<ReturnType<typeof retrievalRequest>>) => retrieveKb(input) });
  const request = retrievalRequest(form);
  const chosen = fixedKb ?? kbs.data?.find((kb) => kb.id === form.kbId);
  const set = (patch: Partial<RetrievalForm>) => setForm((f) => ({ ...f, ...patch }));
  const go = () => request && run.mutate(request);
  const titles = titlesOf(collections.data, run.data?.skipped);

  let body;
  if (run.isPending) body = <Flex justify="center" style={{ padding: 32 }}><Spin /></Flex>;
  else if (run.isError) body = <Alert type="error" showIcon data-testid={IDS.retrievalError} title={run.error.message} />;
  else if (run.data) body = <Results answer={run.data} titles={titles} />;
  else body = <Empty data-testid={IDS.retrievalPrompt} description={t('kb.retrieval.prompt')} />;

  return (
    <div data-testid={IDS.retrieval}>
      <Form layout="vertical" component="div">
        <Flex gap={16} wrap align="flex-end">
          {fixedKb ? null : (
            <Form.Item label={t('kb.retrieval.kb')} style={{ marginBottom: 12 }}>
              <Select
                style={{ width: 260 }}
                showSearch={{ optionFilterProp: 'label' }}
                loading={kbs.isLoading}
                placeholder={t('kb.retrieval.kbPlaceholder')}
                notFoundContent={t('kb.retrieval.noKbs')}
                value={form.kbId}
                data-testid={IDS.retrievalKb}
                options={(kbs.data ?? []).map((kb) => ({ value: kb.id, label: kb.name }))}
                onChange={(kbId: number) => set({ kbId })}
              />
            </Form.Item>
          )}
          <Form.Item label={t('search.query')} style={{ marginBottom: 12, flex: 1, minWidth: 240 }}>
            <Input
              allowClear
              value={form.query}
              maxLength={2000}
              placeholder={t('search.queryPlaceholder')}
              data-testid={IDS.retrievalQuery}
              onChange={(e) => set({ query: e.target.value })}
              onPressEnter={go}
            />
          </Form.Item>
          <Form.Item label={t('search.topK')} style={{ marginBottom: 12 }}>
            <InputNumber
              min={1}
              max={MAX_TOP_K}
              precision={0}
              value={form.topK}
              placeholder={chosen ? String(chosen.retrievalConfig.topK) : undefined}
              data-testid={IDS.retrievalTopK}
              onChange={(topK) => set({ topK })}
            />
          </Form.Item>
          <Form.Item style={{ marginBottom: 12 }}>
            <Button type="primary" icon={<SearchOutlined />} disabled={!request} loading={run.isPending} onClick={go} data-testid={IDS.retrievalRun}>
              {t('kb.retrieval.run')}
            </Button>
          </Form.Item>
        </Flex>
        <KbSettings kb={chosen} />
      </Form>
      <Card size="small" style={{ marginTop: 12 }} styles={{ body: { paddingTop: 12 } }}>
        {body}
      </Card>
    </div>
  );
}
