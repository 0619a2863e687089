import type { Key } from 'react';
import { Flex, Space, Tag, Tree, Typography, type TreeDataNode, type TreeProps } from 'antd';
import { DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import type { MenuNode, MenuType } from '../../../api/types';
import { Auth } from '../../../auth/auth';
import { MenuIcon } from '../../../components/menu-icon';
import { RowAction } from '../../../components/resource/actions';
import { useT } from '../../../i18n/preferences';
import { dropPositionFromTree, reorderMenus, type SortChange } from '../../../lib/menu-order';

const TYPE_COLORS: Record<MenuType, string> = { catalog: 'geekblue', menu: 'green', button: 'orange' };

type MenuTreeNode = TreeDataNode & { menu: MenuNode };

interface MenuTreeViewProps {
  tree: MenuNode[];
  perm: string;
  /** Drag and drop reorders (holders of `perm`). */
  draggable: boolean;
  expanded: Key[];
  onExpand: (keys: Key[]) => void;
  onAddChild: (node: MenuNode) => void;
  onEdit: (node: MenuNode) => void;
  onDelete: (node: MenuNode) => void;
  /** A drop that moved something: the new tree and the entries whose parent or sort changed. */
  onReorder: (next: MenuNode[], changes: SortChange[]) => void;
}

/** The menu tree with each entry's type, path and permission, its buttons, and drag-and-drop reordering. */
export function MenuTreeView({ tree, perm, draggable, expanded, onExpand, onAddChild, onEdit, onDelete, onReorder }: MenuTreeViewProps) {
  const t = useT();
  const build = (nodes: MenuNode[]): MenuTreeNode[] =>
    nodes.map((node) => ({
      key: String(node.id),
      menu: node,
      title: (
        <Flex justify="space-between" align="center" gap={8} data-testid={`menus-node-${node.id}`} style={{ width: '100%' }}>
          <Space size={6} wrap>
            <MenuIcon name={node.icon} />
            <Typography.Text strong={node.type !== 'button'}>{node.title}</Typography.Text>
            <Tag color={TYPE_COLORS[node.type ?? 'menu']}>{t(`menus.type.${node.type ?? 'menu'}`)}</Tag>
            {node.path && <Typography.Text code>{node.path}</Typography.Text>}
            {node.perms && <Tag>{node.perms}</Tag>}
            {node.isVisible === false && <Tag color="default">{t('common.no')} {t('menus.isVisible')}</Tag>}
          </Space>
          <Auth perm={perm}>
            <Space size={0} onClick={(e) => e.stopPropagation()}>
              {node.type !== 'button' && (
                <RowAction icon={<PlusOutlined />} testId={`menus-add-child-${node.id}`} onClick={() => onAddChild(node)}>{t('menus.addChild')}</RowAction>
              )}
              <RowAction icon={<EditOutlined />} testId={`menus-edit-${node.id}`} onClick={() => onEdit(node)}>{t('common.edit')}</RowAction>
              <RowAction
                danger
                icon={<DeleteOutlined />}
                testId={`menus-delete-${node.id}`}
                confirm={node.children?.length ? t('menus.hasChildren') : t('common.confirmDelete')}
                confirmBlocked={!!node.children?.length}
                onClick={() => onDelete(node)}
              >
                {t('common.delete')}
              </RowAction>
            </Space>
          </Auth>
        </Flex>
      ),
      children: build(node.children ?? []),
    }));

  const onDrop: TreeProps<MenuTreeNode>['onDrop'] = (info) => {
    const relative = info.dropPosition - Number(String(info.node.pos).split('-').at(-1));
    const position = dropPositionFromTree(info.dropToGap, relative);
    const result = reorderMenus(tree, info.dragNode.key as string, info.node.key as string, position);
    if (result && result.changes.length > 0) onReorder(result.tree, result.changes);
  };

  return (
    <Tree<MenuTreeNode>
      className="menu-tree"
      data-testid="menus-tree"
      blockNode
      draggable={draggable ? { icon: false } : false}
      allowDrop={({ dropNode, dropPosition }) => !(dropPosition === 0 && dropNode.menu.type === 'button')}
      expandedKeys={expanded}
      onExpand={onExpand}
      treeData={build(tree)}
      onDrop={onDrop}
      selectable={false}
    />
  );
}
