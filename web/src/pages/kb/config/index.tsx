import { useState } from 'react';
import { Alert, Card, Drawer, Flex, Input, Space, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import { DeleteOutlined, EditOutlined, ExperimentOutlined, KeyOutlined } from '@ant-design/icons';
import { deleteKb, listKbs, type KnowledgeBase } from '../../../api/kb';
import { usePermission } from '../../../auth/session-hooks';
import { Auth } from '../../../auth/auth';
import { CreateButton, RefreshButton, RowAction } from '../../../components/resource/actions';
import { useEditor } from '../../../components/resource/form-modal';
import { ResourceTable } from '../../../components/resource/resource-table';
import { usePagedList } from '../../../components/resource/use-paged-list';
import { useInvalidate, useResourceMutation } from '../../../components/resource/use-resource-mutation';
import { PageHeader } from '../../../components/page-header';
import { formatTime } from '../../../components/time';
import { useT } from '../../../i18n/preferences';
import { KbFormModal, type KbEditing } from '../kb-form-modal';
import { KbKeysDrawer } from '../kb-keys-drawer';
import { KB_CONFIG, KB_RETRIEVAL, RETRIEVAL_TYPE_LABELS } from '../labels';
import { collectionsOf, kbFormValues, type KbFormValues } from '../logic/kb-form';
import { KB_ALL_KEY, KBS_KEY, RetrievalPanel, useCollectionTitles } from '../retrieval-panel';
import { KB_IDS as IDS } from '../test-ids';

/** A knowledge base's collections as tags: the title when known, a warning tag for one that cannot be searched. */
function CollectionTags({ kb, searchable }: { kb: KnowledgeBase; searchable: { id: number; title: string }[] | undefined }) {
  const t = useT();
  return (
    <Space size={[4, 4]} wrap style={{ maxWidth: 320 }}>
      {collectionsOf(kb.vectorIds, searchable).map((c) => {
        const tag = (
          <Tag key={c.id} color={c.unavailable ? 'warning' : 'blue'} data-testid={IDS.collection(kb.id, c.id)} data-unavailable={String(c.unavailable)}>
            {c.title ?? `#${c.id}`}
          </Tag>
        );
        return c.unavailable ? <Tooltip key={c.id} title={t('kb.collection.unavailableHint')}>{tag}</Tooltip> : tag;
      })}
    </Space>
  );
}

/**
 * 知识库配置 (seed 004 §6): the knowledge bases — groups of collections searched as one — with their retrieval
 * settings; create, edit and delete them, manage their API keys (Dify's external knowledge API) and try a
 * retrieval. Viewers (kb:view) see the list only.
 */
export default function KbConfigPage() {
  const t = useT();
  const permission = usePermission();
  const canConfig = permission.has(KB_CONFIG);
  const list = usePagedList<KnowledgeBase, { keyword: string }>({ key: KBS_KEY, fetch: (params, signal) => listKbs(params, signal) });
  const refreshAll = useInvalidate(KBS_KEY, KB_ALL_KEY);
  const collections = useCollectionTitles();
  const editor = useEditor<KbEditing, KbFormValues>();
  const [keysOf, setKeysOf] = useState<KnowledgeBase | null>(null);
  const [testOf, setTestOf] = useState<KnowledgeBase | null>(null);
  const remove = useResourceMutation({
    mutationFn: (kb: KnowledgeBase) => deleteKb(kb.id),
    success: t('common.deleted'),
    onSuccess: () => list.afterRemove(),
    refresh: refreshAll,
  });

  const columns: TableColumnsType<KnowledgeBase> = [
    { title: 'ID', dataIndex: 'id', width: 64 },
    {
      title: t('kb.name'),
      dataIndex: 'name',
      render: (name: string, kb) => (
        <Flex vertical style={{ maxWidth: 280 }}>
          <Typography.Text strong>{name}</Typography.Text>
          {kb.description ? <Typography.Text type="secondary" ellipsis={{ tooltip: kb.description }} style={{ fontSize: 12 }}>{kb.description}</Typography.Text> : null}
        </Flex>
      ),
    },
    { title: t('kb.collections'), key: 'collections', render: (_, kb) => <CollectionTags kb={kb} searchable={collections.data} /> },
    { title: t('kb.retrievalType'), key: 'type', render: (_, kb) => <Tag color="geekblue">{t(RETRIEVAL_TYPE_LABELS[kb.retrievalConfig.type])}</Tag> },
    { title: t('kb.topK'), key: 'topK', render: (_, kb) => kb.retrievalConfig.topK },
    { title: t('kb.threshold'), key: 'threshold', render: (_, kb) => kb.retrievalConfig.scoreThreshold },
    { title: t('kb.updatedAt'), dataIndex: 'updatedAt', render: formatTime },
  ];

  return (
    <div data-testid={IDS.page}>
      <PageHeader
        title={t('kb.config.title')}
        extra={
          <>
            <Input.Search
              allowClear
              placeholder={t('kb.keywordPlaceholder')}
              style={{ width: 220 }}
              data-testid={IDS.keyword}
              onSearch={(keyword) => list.setFilters({ keyword: keyword.trim() || undefined })}
            />
            <RefreshButton onClick={refreshAll} loading={list.query.isFetching && !list.query.isLoading} testId="kb-refresh" />
            <CreateButton perm={KB_CONFIG} testId={IDS.create} onClick={() => editor.open({ mode: 'create' }, kbFormValues())}>
              {t('kb.create')}
            </CreateButton>
          </>
        }
      />
      <Typography.Paragraph type="secondary">{t('kb.config.intro')}</Typography.Paragraph>
      {canConfig ? null : <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('kb.readOnlyNote')} data-testid={IDS.readOnlyNote} />}
      <Card>
        <ResourceTable<KnowledgeBase>
          source={list}
          name={IDS.table}
          columns={columns}
          emptyText={t('kb.empty')}
          actionsPerm={[KB_CONFIG, KB_RETRIEVAL]}
          actions={(kb) => (
            <>
              <Auth perm={KB_RETRIEVAL}>
                <RowAction icon={<ExperimentOutlined />} testId={IDS.test(kb.id)} onClick={() => setTestOf(kb)}>{t('kb.test')}</RowAction>
              </Auth>
              <Auth perm={KB_CONFIG}>
                <RowAction icon={<KeyOutlined />} testId={IDS.keys(kb.id)} onClick={() => setKeysOf(kb)}>{t('kb.keys')}</RowAction>
                <RowAction icon={<EditOutlined />} testId={IDS.edit(kb.id)} onClick={() => editor.open({ mode: 'edit', kb }, kbFormValues(kb))}>
                  {t('common.edit')}
                </RowAction>
                <RowAction danger icon={<DeleteOutlined />} testId={IDS.remove(kb.id)} confirm={t('kb.deleteConfirm')} onClick={() => remove.mutate(kb)}>
                  {t('common.delete')}
                </RowAction>
              </Auth>
            </>
          )}
        />
      </Card>
      <KbFormModal editor={editor} refresh={refreshAll} collections={collections.data} collectionsLoading={collections.isLoading} />
      <KbKeysDrawer kb={keysOf} onClose={() => setKeysOf(null)} />
      <Drawer
        open={!!testOf}
        size={860}
        destroyOnHidden
        onClose={() => setTestOf(null)}
        title={testOf ? t('kb.test.title', { name: testOf.name }) : ''}
        data-testid={IDS.retrievalDrawer}
      >
        {testOf ? <RetrievalPanel fixedKb={testOf} /> : null}
      </Drawer>
    </div>
  );
}
