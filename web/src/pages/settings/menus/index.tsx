import { useEffect, useState, type Key } from 'react';
import { Alert, App, Card, Empty, Spin } from 'antd';
import { useMutation, useQuery } from '@tanstack/react-query';
import { deleteMenu, listMenus, updateMenu } from '../../../api/menus';
import type { MenuInput, MenuNode } from '../../../api/types';
import { ME_QUERY_KEY, usePermission } from '../../../auth/session-hooks';
import { PageHeader } from '../../../components/page-header';
import { CreateButton } from '../../../components/resource/actions';
import { useEditor } from '../../../components/resource/form-modal';
import { useInvalidate, useResourceMutation } from '../../../components/resource/use-resource-mutation';
import { useT } from '../../../i18n/preferences';
import { ROOT_PARENT_ID, type SortChange } from '../../../lib/menu-order';
import { sortMenus } from '../../../lib/menu-tree';
import { useRoleOptions } from '../use-role-options';
import { editable, findNode } from './logic/menu-input';
import { MenuFormModal, newMenuValues, type MenuEditing } from './menu-form-modal';
import { MenuTreeView } from './menu-tree-view';

const PERM = 'system:menus';
const MENUS_KEY = ['settings', 'menus'] as const;

export default function MenusPage() {
  const t = useT();
  const { message } = App.useApp();
  const canEdit = usePermission().has(PERM);
  const menus = useQuery({ queryKey: MENUS_KEY, queryFn: listMenus });
  const roleOptions = useRoleOptions();
  // The tree as shown: a drop moves entries here at once, before the server has them.
  const [tree, setTree] = useState<MenuNode[]>([]);
  const [expanded, setExpanded] = useState<Key[]>([]);
  const editor = useEditor<MenuEditing, MenuInput>();
  // The signed-in user's side menu is built from the same entries.
  const refresh = useInvalidate(MENUS_KEY, ME_QUERY_KEY);

  useEffect(() => {
    if (!menus.data) return;
    const sorted = sortMenus(menus.data);
    setTree(sorted);
    setExpanded((keys) => (keys.length ? keys : sorted.filter((n) => n.children?.length).map((n) => String(n.id))));
  }, [menus.data]);

  const remove = useResourceMutation({ mutationFn: (node: MenuNode) => deleteMenu(node.id), success: t('common.deleted'), refresh });
  const reorder = useMutation({
    mutationFn: async ({ next, changes }: { next: MenuNode[]; changes: SortChange[] }) => {
      for (const change of changes) {
        const node = findNode(next, change.id);
        if (node) await updateMenu(change.id, { ...editable(node), parentId: change.parentId, sort: change.sort });
      }
    },
    onSuccess: () => message.success(t('menus.reordered')),
    // Refetched either way: after a failure the server's order is shown again.
    onSettled: refresh,
  });

  return (
    <div data-testid="menus-page">
      <PageHeader
        title={t('menus.title')}
        extra={
          <CreateButton perm={PERM} testId="menus-create" onClick={() => editor.open({ mode: 'create', parentId: ROOT_PARENT_ID }, newMenuValues(ROOT_PARENT_ID))}>
            {t('menus.create')}
          </CreateButton>
        }
      />
      <Card>
        {canEdit && <Alert type="info" showIcon title={t('menus.dragHint')} style={{ marginBottom: 12 }} />}
        <Spin spinning={menus.isFetching || reorder.isPending}>
          {tree.length === 0 && !menus.isPending ? (
            <Empty />
          ) : (
            <MenuTreeView
              tree={tree}
              perm={PERM}
              draggable={canEdit}
              expanded={expanded}
              onExpand={setExpanded}
              onAddChild={(node) => editor.open({ mode: 'create', parentId: node.id }, newMenuValues(node.id))}
              onEdit={(node) => editor.open({ mode: 'edit', node }, editable(node))}
              onDelete={(node) => remove.mutate(node)}
              onReorder={(next, changes) => {
                setTree(next);
                reorder.mutate({ next, changes });
              }}
            />
          )}
        </Spin>
      </Card>
      <MenuFormModal editor={editor} tree={tree} roleOptions={roleOptions} refresh={refresh} />
    </div>
  );
}
