import { useState } from 'react';
import { App, Button, Flex, Form, Input, Popconfirm, Select, Space, Switch, Tag, Typography, type TableColumnsType } from 'antd';
import { AimOutlined, DeleteOutlined, DownloadOutlined, EditOutlined, FieldTimeOutlined, RedoOutlined, StopOutlined, WarningOutlined } from '@ant-design/icons';
import {
  cancelCollectionTask, COLLECTION_STATUS_VALUES, deleteCollections, exportCollections, listCollections, setCollectionEnabled,
  type Collection, type CollectionQuery, type CollectionStatus,
} from '../../api/vectors';
import { Auth } from '../../auth/auth';
import { usePermission } from '../../auth/session-hooks';
import { RefreshButton, RowAction } from '../../components/resource/actions';
import { useEditor } from '../../components/resource/form-modal';
import { ResourceTable } from '../../components/resource/resource-table';
import { usePagedList } from '../../components/resource/use-paged-list';
import { useResourceMutation } from '../../components/resource/use-resource-mutation';
import { SearchForm } from '../../components/search-form';
import { testId, VECTOR_IDS } from '../../components/test-ids';
import { formatTime } from '../../components/time';
import { useT } from '../../i18n/preferences';
import type { MessageKey } from '../../i18n/messages';
import { isAbortError } from '../../lib/download-flow';
import { CollectionStatusCell, isBusy } from './collection-status';
import { RebuildModal, RenameModal, useEmbeddingModels } from './collection-dialogs';
import { COLLECTIONS_KEY, VECTOR_PERM } from './keys';
import { SyncDialog, syncFormValues, type SyncFormValues } from './sync-dialog';
import { RecallDialog, recallFormValues, type RecallFormValues } from './recall-dialog';

/** How often the list refreshes while a collection builds. */
const BUILDING_REFRESH_MS = 2000;
type Filters = Pick<CollectionQuery, 'keyword' | 'status'>;

export const STATUS_LABELS: Record<CollectionStatus, MessageKey> = {
  building: 'vector.status.building',
  ready: 'vector.status.ready',
  error: 'vector.status.error',
};


/** The collections: filters, bulk delete and export, the table with its switches and row actions. */
export function CollectionsTab() {
  const t = useT();
  const { message } = App.useApp();
  const collections = usePagedList<Collection, Filters>({
    key: COLLECTIONS_KEY,
    fetch: (params, signal) => listCollections(params, signal),
    refetchInterval: (query) => (query.state.data?.records.some(isBusy) ? BUILDING_REFRESH_MS : false),
  });
  const [searchForm] = Form.useForm<Filters>();
  const [selected, setSelected] = useState<number[]>([]);
  const [exporting, setExporting] = useState(false);
  const renamer = useEditor<Collection, { title: string }>();
  const rebuilder = useEditor<Collection, { embeddingModel?: string }>();
  const scheduler = useEditor<Collection, SyncFormValues>();
  const recaller = useEditor<Collection, RecallFormValues>();

  const toggle = useResourceMutation({
    mutationFn: (c: Collection) => setCollectionEnabled(c.id, !c.isEnabled),
    success: t('vector.enabledChanged'),
    refresh: collections.refresh,
  });
  const remove = useResourceMutation({
    mutationFn: (ids: number[]) => deleteCollections(ids),
    success: t('common.deleted'),
    onSuccess: (_, ids) => {
      setSelected((s) => s.filter((id) => !ids.includes(id)));
      collections.afterRemove(ids.length);
    },
    refresh: collections.refresh,
  });
  const cancel = useResourceMutation({
    mutationFn: (c: Collection) => cancelCollectionTask(c.id),
    success: t('vector.cancelled'),
    refresh: collections.refresh,
  });

  const exportList = async () => {
    setExporting(true);
    try {
      const result = await exportCollections(selected);
      message.success(t('vector.exported', { filename: result.filename }));
    } catch (error) {
      if (!isAbortError(error)) message.error((error as Error).message);
    } finally {
      setExporting(false);
    }
  };

  const columns: TableColumnsType<Collection> = [
    { title: 'ID', dataIndex: 'id', width: 64 },
    { title: t('vector.col.title'), dataIndex: 'title', render: (v: string) => <Typography.Text strong>{v}</Typography.Text> },
    { title: t('vector.col.connection'), dataIndex: 'connectionName', render: (v: string | null) => v || '-' },
    {
      title: t('vector.col.tables'),
      dataIndex: 'tableIds',
      render: (tables: string[]) => (
        <Space size={[0, 4]} wrap style={{ maxWidth: 240 }}>
          {tables.map((name, i) => <Tag key={name} color={i === 0 ? 'blue' : undefined}>{name}</Tag>)}
        </Space>
      ),
    },
    { title: t('vector.col.status'), dataIndex: 'status', render: (_, c) => <CollectionStatusCell collection={c} /> },
    {
      title: t('vector.col.enabled'),
      dataIndex: 'isEnabled',
      render: (_, c) => (
        <Auth perm={VECTOR_PERM} fallback={c.isEnabled ? <Tag color="green">{t('common.enabled')}</Tag> : <Tag>{t('common.disabled')}</Tag>}>
          <Switch size="small" checked={c.isEnabled} loading={toggle.isPending && toggle.variables?.id === c.id} onChange={() => toggle.mutate(c)} data-testid={VECTOR_IDS.enabled(c.id)} />
        </Auth>
      ),
    },
    { title: t('vector.col.docCount'), dataIndex: 'docCount', align: 'right', render: (v: number) => v.toLocaleString() },
    {
      title: t('vector.col.model'),
      dataIndex: 'embeddingModel',
      render: (model: string, c) => (
        <Flex vertical>
          <Typography.Text code>{model}</Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('vector.modelDim', { dimension: c.dimension })} · {c.metric} · ef_search {c.efSearch}</Typography.Text>
        </Flex>
      ),
    },
    {
      title: t('vector.col.schedule'),
      dataIndex: 'syncEnabled',
      render: (on: boolean, c) => (on && c.syncExpression ? <Typography.Text code>{c.syncExpression}</Typography.Text> : <Typography.Text type="secondary">{t('vector.scheduleOff')}</Typography.Text>),
    },
    { title: t('vector.col.lastSync'), dataIndex: 'lastSyncAt', render: formatTime },
  ];

  const building = collections.records?.some(isBusy) ?? false;
  // A collection whose model is gone from the server's list, or now has another dimension, must be rebuilt.
  const models = useEmbeddingModels(usePermission().has(VECTOR_PERM));
  const needsRebuild = (c: Collection) => {
    if (!models.data) return false;
    const model = models.data.find((m) => m.model === c.embeddingModel);
    return !model || (model.dimension !== null && model.dimension !== c.dimension);
  };

  return (
    <>
      <SearchForm form={searchForm} name="vector" onSearch={(values) => collections.setFilters({ keyword: values.keyword?.trim() || undefined, status: values.status })}>
        <Form.Item name="keyword" label={t('vector.search.keyword')}>
          <Input allowClear style={{ width: 180 }} data-testid={VECTOR_IDS.keyword} />
        </Form.Item>
        <Form.Item name="status" label={t('vector.search.status')}>
          <Select
            allowClear
            style={{ width: 120 }}
            data-testid={VECTOR_IDS.statusFilter}
            options={COLLECTION_STATUS_VALUES.map((s) => ({ value: s, label: t(STATUS_LABELS[s]) }))}
          />
        </Form.Item>
      </SearchForm>
      <Flex justify="space-between" align="center" wrap gap={8} style={{ marginBottom: 12 }}>
        <Space wrap>
          <Auth perm={VECTOR_PERM}>
            <Popconfirm
              destroyOnHidden
              title={t('vector.confirmBulkDelete', { count: selected.length })}
              disabled={!selected.length}
              onConfirm={() => remove.mutate(selected)}
              okButtonProps={{ danger: true, ...testId('popconfirm-ok') }}
            >
              <Button danger icon={<DeleteOutlined />} disabled={!selected.length} loading={remove.isPending} data-testid={VECTOR_IDS.bulkDelete}>
                {t('vector.bulkDelete', { count: selected.length })}
              </Button>
            </Popconfirm>
          </Auth>
          <Button icon={<DownloadOutlined />} loading={exporting} onClick={() => void exportList()} data-testid={VECTOR_IDS.export}>
            {selected.length ? t('vector.exportSelected', { count: selected.length }) : t('vector.exportAll')}
          </Button>
        </Space>
        <Space>
          {building && (
            <Typography.Text type="secondary" data-testid={VECTOR_IDS.autoRefresh}>
              {t('vector.autoRefresh')}
            </Typography.Text>
          )}
          <RefreshButton onClick={collections.refresh} loading={collections.query.isFetching && !collections.query.isLoading} testId="vector-refresh" />
        </Space>
      </Flex>
      <ResourceTable<Collection>
        source={collections}
        name={VECTOR_IDS.table}
        columns={columns}
        emptyText={t('vector.empty')}
        // The periodic refresh while building must not blink the whole table.
        loading={collections.query.isLoading}
        rowSelection={{ selectedRowKeys: selected, onChange: (keys) => setSelected(keys as number[]), preserveSelectedRowKeys: true }}
        actionsPerm={VECTOR_PERM}
        actions={(c) => (
          <>
            <RowAction icon={<EditOutlined />} testId={VECTOR_IDS.rename(c.id)} onClick={() => renamer.open(c, { title: c.title })}>
              {t('vector.action.rename')}
            </RowAction>
            <RowAction icon={<FieldTimeOutlined />} testId={VECTOR_IDS.sync(c.id)} onClick={() => scheduler.open(c, syncFormValues(c))}>
              {t('vector.action.sync')}
            </RowAction>
            <RowAction icon={<AimOutlined />} testId={VECTOR_IDS.recall(c.id)} disabled={c.status !== 'ready'} onClick={() => recaller.open(c, recallFormValues(c))}>
              {t('vector.action.recall')}
            </RowAction>
            <RowAction
              icon={needsRebuild(c) ? <WarningOutlined /> : <RedoOutlined />}
              tooltip={needsRebuild(c) ? t('vector.rebuild.needed') : undefined}
              danger={needsRebuild(c)}
              testId={VECTOR_IDS.rebuild(c.id)}
              disabled={isBusy(c)}
              onClick={() => rebuilder.open(c, { embeddingModel: c.embeddingModel })}
            >
              {t('vector.action.rebuild')}
            </RowAction>
            {isBusy(c) && (
              <RowAction icon={<StopOutlined />} testId={VECTOR_IDS.cancel(c.id)} confirm={t('vector.confirmCancel')} onClick={() => cancel.mutate(c)}>
                {t('vector.action.cancel')}
              </RowAction>
            )}
            <RowAction danger icon={<DeleteOutlined />} testId={VECTOR_IDS.remove(c.id)} confirm={t('vector.confirmDelete')} onClick={() => remove.mutate([c.id])}>
              {t('common.delete')}
            </RowAction>
          </>
        )}
      />
      <RenameModal editor={renamer} refresh={collections.refresh} />
      <RebuildModal editor={rebuilder} refresh={collections.refresh} />
      <SyncDialog editor={scheduler} refresh={collections.refresh} />
      <RecallDialog editor={recaller} refresh={collections.refresh} />
    </>
  );
}
