import { useEffect, useMemo, useState, type Key } from 'react';
import {
  Alert, App, AutoComplete, Button, Card, Col, Empty, Flex, Form, Input, InputNumber, Modal, Popconfirm, Radio, Row, Select, Space, Spin, Switch,
  Tag, Tree, TreeSelect, Typography, type TreeDataNode, type TreeProps,
} from 'antd';
import { DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { MENU_ICONS } from '@app/contracts/route-records';
import { createMenu, deleteMenu, listMenus, updateMenu } from '../../../api/menus';
import { listRoles } from '../../../api/roles';
import type { Id, MenuInput, MenuNode, MenuType } from '../../../api/types';
import { Auth } from '../../../auth/auth';
import { ME_QUERY_KEY, usePermission } from '../../../auth/session-hooks';
import { MenuIcon } from '../../../components/menu-icon';
import { PageHeader } from '../../../components/page-header';
import { testId } from '../../../components/test-ids';
import { useT } from '../../../i18n/preferences';
import { dropPositionFromTree, reorderMenus, ROOT_PARENT_ID } from '../../../lib/menu-order';
import { sortMenus, subtreeIds } from '../../../lib/menu-tree';

const PERM = 'system:menus';
const MENUS_KEY = ['settings', 'menus'] as const;
const TYPE_COLORS: Record<MenuType, string> = { catalog: 'geekblue', menu: 'green', button: 'orange' };

type Editing = { mode: 'create'; parentId: Id } | { mode: 'edit'; node: MenuNode };
type MenuTreeNode = TreeDataNode & { menu: MenuNode };

/** The fields PUT accepts, taken from a node (so a reorder does not wipe anything). */
function editable(node: MenuNode): MenuInput {
  return {
    parentId: node.parentId ?? ROOT_PARENT_ID,
    type: node.type ?? 'menu',
    title: node.title,
    name: node.name ?? null,
    path: node.path ?? null,
    component: node.component ?? null,
    icon: node.icon ?? null,
    sort: node.sort ?? 0,
    isVisible: node.isVisible !== false,
    perms: node.perms ?? null,
    roles: node.roles ?? [],
    keepAlive: node.keepAlive === true,
    link: node.link ?? null,
    isIframe: node.isIframe === true,
  };
}

function findNode(nodes: MenuNode[], id: string): MenuNode | null {
  for (const n of nodes) {
    if (String(n.id) === id) return n;
    const hit = findNode(n.children ?? [], id);
    if (hit) return hit;
  }
  return null;
}

export default function MenusPage() {
  const t = useT();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const { has } = usePermission();
  const canEdit = has(PERM);
  const menus = useQuery({ queryKey: MENUS_KEY, queryFn: listMenus });
  const roles = useQuery({ queryKey: ['settings', 'roles'], queryFn: () => listRoles({ silent: true }), enabled: has('system:roles'), retry: false });
  const [tree, setTree] = useState<MenuNode[]>([]);
  const [expanded, setExpanded] = useState<Key[]>([]);
  const [editing, setEditing] = useState<Editing | null>(null);
  const [form] = Form.useForm<MenuInput>();
  const type = Form.useWatch('type', form) ?? 'menu';
  const parentId = Form.useWatch('parentId', form);
  // art-design-pro's rule: absolute paths at the top level, relative ones below it
  const topLevel = parentId === undefined || parentId === null || String(parentId) === String(ROOT_PARENT_ID);

  useEffect(() => {
    if (!menus.data) return;
    const sorted = sortMenus(menus.data);
    setTree(sorted);
    setExpanded((keys) => (keys.length ? keys : sorted.filter((n) => n.children?.length).map((n) => String(n.id))));
  }, [menus.data]);

  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: MENUS_KEY });
    void queryClient.invalidateQueries({ queryKey: ME_QUERY_KEY });
  };

  const save = useMutation({
    mutationFn: (values: MenuInput) => (editing?.mode === 'edit' ? updateMenu(editing.node.id, values) : createMenu(values)),
    onSuccess: () => {
      setEditing(null);
      message.success(t('common.saved'));
      refresh();
    },
  });
  const remove = useMutation({
    mutationFn: (node: MenuNode) => deleteMenu(node.id),
    onSuccess: () => {
      message.success(t('common.deleted'));
      refresh();
    },
  });
  const reorder = useMutation({
    mutationFn: async ({ next, changes }: { next: MenuNode[]; changes: { id: Id; parentId: Id; sort: number }[] }) => {
      for (const change of changes) {
        const node = findNode(next, String(change.id));
        if (node) await updateMenu(change.id, { ...editable(node), parentId: change.parentId, sort: change.sort });
      }
    },
    onSuccess: () => message.success(t('menus.reordered')),
    onSettled: refresh,
  });

  const openEditor = (next: Editing) => {
    form.resetFields();
    if (next.mode === 'edit') form.setFieldsValue(editable(next.node));
    else form.setFieldsValue({ parentId: next.parentId, type: 'menu', sort: 1, isVisible: true, keepAlive: false, isIframe: false, roles: [] });
    setEditing(next);
  };

  const parentOptions = useMemo(() => {
    const blocked = editing?.mode === 'edit' ? subtreeIds(editing.node) : new Set<string>();
    interface Option { value: Id; title: string; disabled?: boolean; children?: Option[] }
    const build = (nodes: MenuNode[]): Option[] =>
      nodes
        .filter((n) => n.type !== 'button')
        .map((n) => ({ value: n.id, title: n.title, disabled: blocked.has(String(n.id)), children: build(n.children ?? []) }));
    return [{ value: ROOT_PARENT_ID, title: t('menus.root'), children: build(tree) }];
  }, [tree, editing, t]);

  const treeData = useMemo(() => {
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
            <Auth perm={PERM}>
              <Space size={0} onClick={(e) => e.stopPropagation()}>
                {node.type !== 'button' && (
                  <Button type="link" size="small" icon={<PlusOutlined />} data-testid={`menus-add-child-${node.id}`} onClick={() => openEditor({ mode: 'create', parentId: node.id })}>
                    {t('menus.addChild')}
                  </Button>
                )}
                <Button type="link" size="small" icon={<EditOutlined />} data-testid={`menus-edit-${node.id}`} onClick={() => openEditor({ mode: 'edit', node })}>
                  {t('common.edit')}
                </Button>
                <Popconfirm destroyOnHidden
                  title={node.children?.length ? t('menus.hasChildren') : t('common.confirmDelete')}
                  okButtonProps={{ ...testId('popconfirm-ok'), disabled: !!node.children?.length }}
                  onConfirm={() => remove.mutate(node)}
                >
                  <Button type="link" size="small" danger icon={<DeleteOutlined />} data-testid={`menus-delete-${node.id}`}>{t('common.delete')}</Button>
                </Popconfirm>
              </Space>
            </Auth>
          </Flex>
        ),
        children: build(node.children ?? []),
      }));
    return build(tree);
  }, [tree, t]);

  const onDrop: TreeProps<MenuTreeNode>['onDrop'] = (info) => {
    const relative = info.dropPosition - Number(String(info.node.pos).split('-').at(-1));
    const position = dropPositionFromTree(info.dropToGap, relative);
    const result = reorderMenus(tree, info.dragNode.key as string, info.node.key as string, position);
    if (!result || result.changes.length === 0) return;
    setTree(result.tree);
    reorder.mutate({ next: result.tree, changes: result.changes });
  };

  return (
    <div data-testid="menus-page">
      <PageHeader
        title={t('menus.title')}
        extra={
          <Auth perm={PERM}>
            <Button type="primary" icon={<PlusOutlined />} data-testid="menus-create" onClick={() => openEditor({ mode: 'create', parentId: ROOT_PARENT_ID })}>
              {t('menus.create')}
            </Button>
          </Auth>
        }
      />
      <Card>
        {canEdit && <Alert type="info" showIcon title={t('menus.dragHint')} style={{ marginBottom: 12 }} />}
        <Spin spinning={menus.isFetching || reorder.isPending}>
          {tree.length === 0 && !menus.isPending ? (
            <Empty />
          ) : (
            <Tree<MenuTreeNode>
              className="menu-tree"
              data-testid="menus-tree"
              blockNode
              draggable={canEdit ? { icon: false } : false}
              allowDrop={({ dropNode, dropPosition }) => !(dropPosition === 0 && dropNode.menu.type === 'button')}
              expandedKeys={expanded}
              onExpand={setExpanded}
              treeData={treeData}
              onDrop={onDrop}
              selectable={false}
            />
          )}
        </Spin>
      </Card>

      <Modal
        open={!!editing}
        width={720}
        title={editing?.mode === 'edit' ? t('menus.edit') : t('menus.create')}
        onCancel={() => setEditing(null)}
        onOk={() => form.submit()}
        confirmLoading={save.isPending}
        okButtonProps={testId('menu-form-submit')}
        forceRender
      >
        <Form form={form} layout="vertical" onFinish={(values) => save.mutate({ ...values, parentId: values.parentId ?? ROOT_PARENT_ID })} data-testid="menu-form">
          <Row gutter={16}>
            <Col span={12}>
              <Form.Item name="parentId" label={t('menus.parent')}>
                <TreeSelect treeData={parentOptions} treeDefaultExpandAll data-testid="menu-form-parent" />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="type" label={t('menus.type')} rules={[{ required: true }]}>
                <Radio.Group optionType="button" data-testid="menu-form-type" options={(['catalog', 'menu', 'button'] as const).map((v) => ({ value: v, label: t(`menus.type.${v}`) }))} />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="title" label={t('menus.menuTitle')} rules={[{ required: true, message: t('common.required', { field: t('menus.menuTitle') }) }]}>
                <Input data-testid="menu-form-title" />
              </Form.Item>
            </Col>
            {type !== 'button' && (
              <Col span={12}>
                <Form.Item name="name" label={t('menus.name')}>
                  <Input data-testid="menu-form-name" />
                </Form.Item>
              </Col>
            )}
            {type !== 'button' && (
              <Col span={12}>
                <Form.Item name="path" label={t('menus.path')} tooltip={t('menus.pathHelp')} rules={[{ required: true, message: t('common.required', { field: t('menus.path') }) }]}>
                  <Input placeholder={topLevel ? '/settings' : 'users'} data-testid="menu-form-path" />
                </Form.Item>
              </Col>
            )}
            {type === 'menu' && (
              <Col span={12}>
                <Form.Item name="component" label={t('menus.component')} tooltip={t('menus.componentHelp')}>
                  <Input placeholder="/system/user" data-testid="menu-form-component" />
                </Form.Item>
              </Col>
            )}
            {type !== 'button' && (
              <Col span={12}>
                <Form.Item name="icon" label={t('menus.icon')} tooltip={t('menus.iconHelp')}>
                  <AutoComplete
                    allowClear
                    placeholder="ri:user-line"
                    data-testid="menu-form-icon"
                    options={MENU_ICONS.map((icon) => ({ value: icon, label: <Space size={6}><MenuIcon name={icon} />{icon}</Space> }))}
                    filterOption={(input, option) => String(option?.value ?? '').includes(input.trim())}
                  />
                </Form.Item>
              </Col>
            )}
            <Col span={12}>
              <Form.Item name="perms" label={t('menus.perms')}>
                <Input placeholder="system:users" data-testid="menu-form-perms" />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="sort" label={t('menus.sort')}>
                <InputNumber min={0} precision={0} style={{ width: '100%' }} data-testid="menu-form-sort" />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="roles" label={t('menus.roles')}>
                <Select mode="tags" options={(roles.data ?? []).map((r) => ({ value: r.roleKey, label: `${r.name} (${r.roleKey})` }))} data-testid="menu-form-roles" />
              </Form.Item>
            </Col>
            {type === 'menu' && (
              <Col span={12}>
                <Form.Item name="link" label={t('menus.link')} rules={[{ type: 'url' }]}>
                  <Input placeholder="https://" data-testid="menu-form-link" />
                </Form.Item>
              </Col>
            )}
            {type !== 'button' && (
              <Col span={24}>
                <Space size="large" wrap>
                  <Form.Item name="isVisible" label={t('menus.isVisible')} valuePropName="checked">
                    <Switch data-testid="menu-form-visible" />
                  </Form.Item>
                  {type === 'menu' && (
                    <Form.Item name="keepAlive" label={t('menus.keepAlive')} valuePropName="checked">
                      <Switch />
                    </Form.Item>
                  )}
                  {type === 'menu' && (
                    <Form.Item name="isIframe" label={t('menus.isIframe')} valuePropName="checked">
                      <Switch />
                    </Form.Item>
                  )}
                </Space>
              </Col>
            )}
          </Row>
        </Form>
      </Modal>
    </div>
  );
}
