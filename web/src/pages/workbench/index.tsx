import { useState } from 'react';
import { Button, Card, Col, Empty, Flex, Input, Pagination, Row, Spin } from 'antd';
import { deleteProject, listProjects, type Project } from '../../api/projects';
import { usePermission } from '../../auth/session-hooks';
import { PageHeader } from '../../components/page-header';
import { CreateButton, RefreshButton } from '../../components/resource/actions';
import { usePagedList } from '../../components/resource/use-paged-list';
import { useInvalidate, useResourceMutation } from '../../components/resource/use-resource-mutation';
import { useT } from '../../i18n/preferences';
import { projectsRefreshInterval } from './logic/service-status';
import { ProjectCard } from './project-card';
import { ProjectFormModal, type ProjectEditing } from './project-form-modal';
import { useOpenComfy } from './use-open-comfy';

const PAGE_SIZES = [12, 24, 48];
const PERM = 'project:manage';

/** 个人工作台 (seed 000 §2.2): the user's projects as cards, each with its ComfyUI status and "数据生成". */
export default function WorkbenchPage() {
  const t = useT();
  const { has } = usePermission();
  const [editing, setEditing] = useState<ProjectEditing | null>(null);
  const comfy = useOpenComfy();
  const projects = usePagedList<Project, { keyword?: string }>({
    key: ['workbench', 'projects'],
    fetch: (params) => listProjects(params),
    size: PAGE_SIZES[0],
    refetchInterval: (q) => projectsRefreshInterval(q.state.data?.records),
  });
  const { query, pager } = projects;
  const records = projects.records ?? [];
  const keyword = projects.filters.keyword;

  // The instances page shows the same instances.
  const refresh = useInvalidate(['workbench']);
  const remove = useResourceMutation({
    mutationFn: (p: Project) => deleteProject(p.id),
    success: t('common.deleted'),
    onSuccess: () => projects.afterRemove(),
    refresh,
  });

  const createButton = (id: string) => (
    <CreateButton perm={PERM} testId={id} onClick={() => setEditing({ mode: 'create' })}>{t('workbench.create')}</CreateButton>
  );

  return (
    <div data-testid="workbench-page">
      <PageHeader
        title={t('workbench.title')}
        extra={
          <>
            <Input.Search
              allowClear
              maxLength={64}
              placeholder={t('workbench.searchPlaceholder')}
              style={{ width: 260, maxWidth: '100%' }}
              data-testid="project-search"
              onSearch={(value) => projects.setFilters({ keyword: value.trim() || undefined })}
            />
            <RefreshButton onClick={refresh} loading={query.isFetching && !query.isLoading} testId="project-refresh" />
            {createButton('project-create')}
          </>
        }
      />
      {query.isLoading ? (
        <Card><Flex justify="center" style={{ padding: 48 }}><Spin /></Flex></Card>
      ) : query.isError && !query.data ? (
        <Card>
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('common.loadFailed')} data-testid="project-error">
            <Button onClick={() => void query.refetch()}>{t('common.retry')}</Button>
          </Empty>
        </Card>
      ) : records.length === 0 ? (
        <Card>
          <Empty data-testid="project-empty" description={keyword ? t('workbench.emptySearch') : t('workbench.empty')}>
            {!keyword && createButton('project-empty-create')}
          </Empty>
        </Card>
      ) : (
        <Row gutter={[16, 16]} data-testid="project-grid">
          {records.map((p) => (
            <Col key={p.id} xs={24} sm={12} lg={8} xxl={6}>
              <ProjectCard
                project={p}
                showOwner={has('*')}
                opening={comfy.isPending(p.id)}
                onOpen={() => comfy.open(p.id)}
                onEdit={() => setEditing({ mode: 'edit', project: p })}
                onDelete={() => remove.mutate(p)}
              />
            </Col>
          ))}
        </Row>
      )}
      {pager.total > pager.size && (
        <Pagination
          style={{ marginTop: 16, justifyContent: 'flex-end' }}
          current={pager.current}
          pageSize={pager.size}
          total={pager.total}
          showSizeChanger
          pageSizeOptions={PAGE_SIZES}
          showTotal={(n) => t('common.total', { total: n })}
          onChange={pager.setPage}
          data-testid="project-pagination"
        />
      )}
      <ProjectFormModal
        editing={editing}
        onClose={() => setEditing(null)}
        onSaved={() => {
          setEditing(null);
          void refresh();
        }}
      />
    </div>
  );
}
