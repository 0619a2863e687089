import { Alert, Card, Empty, Flex, List, Space, Spin, Tag, Typography } from 'antd';
import { ClockCircleOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { searchVectors, type SearchInput } from '../../api/search';
import { SEARCH_IDS as IDS } from '../../components/test-ids';
import { useT } from '../../i18n/preferences';
import { HighlightedText } from './highlighted-text';
import { formatScore, metadataText } from './logic/search-form';

/** One search's answer: latency, the ranked results, or why there are none. `name` tells panes apart. */
export function ResultPane({ name, input, run, title }: { name: string; input: SearchInput; run: number; title?: string }) {
  const t = useT();
  // `run` makes pressing Search again ask again, even for the same request.
  const search = useQuery({
    queryKey: ['search', input, run],
    queryFn: ({ signal }) => searchVectors(input, signal),
    retry: false,
    staleTime: Infinity,
    refetchOnWindowFocus: false,
  });
  const answer = search.data;

  const extra = answer ? (
    <Space size={12}>
      <Typography.Text type="secondary">{t('search.count', { count: answer.results.length })}</Typography.Text>
      <Tag icon={<ClockCircleOutlined />} color="blue" data-testid={IDS.took(name)}>{t('search.took', { ms: answer.tookMs })}</Tag>
    </Space>
  ) : null;

  let body;
  if (search.isPending) body = <Flex justify="center" style={{ padding: 32 }}><Spin /></Flex>;
  else if (search.isError) body = <Alert type="error" showIcon data-testid={IDS.error(name)} title={search.error.message} />;
  else if (!answer?.results.length) body = <Empty data-testid={IDS.empty(name)} description={t('search.empty')} />;
  else
    body = (
      <List
        itemLayout="vertical"
        dataSource={answer.results}
        rowKey={(hit) => hit.id}
        renderItem={(hit, i) => (
          <List.Item data-testid={IDS.result(name, i + 1)}>
            <Flex justify="space-between" align="center" gap={8} style={{ marginBottom: 6 }}>
              <Space size={8}>
                <Tag color="geekblue">{t('search.rank', { rank: i + 1 })}</Tag>
                <Typography.Text type="secondary" copyable={{ text: hit.id }} style={{ fontSize: 12 }}>{hit.id}</Typography.Text>
              </Space>
              <Typography.Text code data-testid={IDS.score}>{t('search.score', { score: formatScore(hit.score) })}</Typography.Text>
            </Flex>
            <HighlightedText content={hit.content} highlights={hit.highlights} testId={IDS.content} />
            <Space size={[4, 4]} wrap style={{ marginTop: 8 }} data-testid={IDS.metadata}>
              {Object.keys(hit.metadata).length ? (
                Object.entries(hit.metadata).map(([key, value]) => <Tag key={key}>{key}: {metadataText(value)}</Tag>)
              ) : (
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('search.noMetadata')}</Typography.Text>
              )}
            </Space>
          </List.Item>
        )}
      />
    );

  return (
    <Card size="small" title={title} extra={extra} data-testid={IDS.pane(name)} styles={{ body: { paddingTop: 4 } }}>
      {body}
    </Card>
  );
}
