import { useState } from 'react';
import { App, Button, Card, Col, Empty, Flex, Input, Pagination, Row, Spin } from 'antd';
import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { deleteProject, listProjects, type Project, type ProjectQuery } from '../../api/projects';
import { Auth } from '../../auth/auth';
import { usePermission } from '../../auth/session-hooks';
import { PageHeader } from '../../components/page-header';
import { useT } from '../../i18n/preferences';
import { projectsRefreshInterval } from './logic/service-status';
import { ProjectCard } from './project-card';
import { ProjectFormModal, type ProjectEditing } from './project-form-modal';
import { useOpenComfy } from './use-open-comfy';

const PAGE_SIZES = [12, 24, 48];

/** 个人工作台 (seed 000 §2.2): the user's projects as cards, each with its ComfyUI status and "数据生成". */
export default function WorkbenchPage() {
  const t = useT();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const { has } = usePermission();
  const [paging, setPaging] = useState({ current: 1, size: PAGE_SIZES[0] });
  const [keyword, setKeyword] = useState('');
  const [editing, setEditing] = useState<ProjectEditing | null>(null);
  const comfy = useOpenComfy();

  const query: ProjectQuery = { ...paging, keyword: keyword || undefined };
  const projects = useQuery({
    queryKey: ['workbench', 'projects', query],
    queryFn: () => listProjects(query),
    placeholderData: keepPreviousData,
    refetchInterval: (q) => projectsRefreshInterval(q.state.data?.records),
  });
  const records = projects.data?.records ?? [];
  const total = projects.data?.total ?? 0;

  const refresh = () => queryClient.invalidateQueries({ queryKey: ['workbench'] });
  const remove = useMutation({
    mutationFn: (p: Project) => deleteProject(p.id),
    onSuccess: () => {
      message.success(t('common.deleted'));
      // The last card of a page: step back so the page is not empty.
      if (records.length === 1 && paging.current > 1) setPaging((p) => ({ ...p, current: p.current - 1 }));
      void refresh();
    },
  });

  const createButton = (id: string) => (
    <Auth perm="project:manage">
      <Button type="primary" icon={<PlusOutlined />} data-testid={id} onClick={() => setEditing({ mode: 'create' })}>
        {t('workbench.create')}
      </Button>
    </Auth>
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
              onSearch={(value) => {
                setKeyword(value.trim());
                setPaging((p) => ({ ...p, current: 1 }));
              }}
            />
            <Button icon={<ReloadOutlined />} onClick={() => void refresh()} loading={projects.isFetching && !projects.isLoading} data-testid="project-refresh">
              {t('common.refresh')}
            </Button>
            {createButton('project-create')}
          </>
        }
      />
      {projects.isLoading ? (
        <Card><Flex justify="center" style={{ padding: 48 }}><Spin /></Flex></Card>
      ) : projects.isError && !projects.data ? (
        <Card>
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('common.loadFailed')} data-testid="project-error">
            <Button onClick={() => void projects.refetch()}>{t('common.retry')}</Button>
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
      {total > paging.size && (
        <Pagination
          style={{ marginTop: 16, justifyContent: 'flex-end' }}
          current={paging.current}
          pageSize={paging.size}
          total={total}
          showSizeChanger
          pageSizeOptions={PAGE_SIZES}
          showTotal={(n) => t('common.total', { total: n })}
          onChange={(current, size) => setPaging({ current: size === paging.size ? current : 1, size })}
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
