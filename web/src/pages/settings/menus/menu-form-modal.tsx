import { useMemo } from 'react';
import { AutoComplete, Col, Form, Input, InputNumber, Radio, Row, Select, Space, Switch, TreeSelect } from 'antd';
import { MENU_ICONS } from '@app/contracts/route-records';
import { createMenu, updateMenu } from '../../../api/menus';
import type { Id, MenuInput, MenuNode } from '../../../api/types';
import { requiredRule } from '../../../components/form-rules';
import { MenuIcon } from '../../../components/menu-icon';
import { FormModal, type Editor } from '../../../components/resource/form-modal';
import { useResourceMutation } from '../../../components/resource/use-resource-mutation';
import { useT } from '../../../i18n/preferences';
import { ROOT_PARENT_ID } from '../../../lib/menu-order';
import { subtreeIds } from '../../../lib/menu-tree';

export type MenuEditing = { mode: 'create'; parentId: Id } | { mode: 'edit'; node: MenuNode };

/** A new entry's defaults, under `parentId`. */
export const newMenuValues = (parentId: Id): Partial<MenuInput> => ({
  parentId, type: 'menu', sort: 1, isVisible: true, keepAlive: false, isIframe: false, roles: [],
});

interface ParentOption {
  value: Id;
  title: string;
  disabled?: boolean;
  children?: ParentOption[];
}

interface MenuFormModalProps {
  editor: Editor<MenuEditing, MenuInput>;
  tree: MenuNode[];
  roleOptions: { value: string; label: string }[];
  refresh: () => unknown;
}

/** Create or edit a menu entry; the fields follow its type (a catalog, a page, a button). */
export function MenuFormModal({ editor, tree, roleOptions, refresh }: MenuFormModalProps) {
  const t = useT();
  const editing = editor.target;
  const type = Form.useWatch('type', editor.form) ?? 'menu';
  const parentId = Form.useWatch('parentId', editor.form);
  // art-design-pro's rule: absolute paths at the top level, relative ones below it
  const topLevel = parentId === undefined || parentId === null || String(parentId) === String(ROOT_PARENT_ID);

  const save = useResourceMutation({
    mutationFn: (values: MenuInput) => (editing?.mode === 'edit' ? updateMenu(editing.node.id, values) : createMenu(values)),
    success: t('common.saved'),
    onSuccess: editor.close,
    refresh,
  });

  // An entry cannot move under itself or its children.
  const parentOptions = useMemo(() => {
    const blocked = editing?.mode === 'edit' ? subtreeIds(editing.node) : new Set<string>();
    const build = (nodes: MenuNode[]): ParentOption[] =>
      nodes
        .filter((n) => n.type !== 'button')
        .map((n) => ({ value: n.id, title: n.title, disabled: blocked.has(String(n.id)), children: build(n.children ?? []) }));
    return [{ value: ROOT_PARENT_ID, title: t('menus.root'), children: build(tree) }];
  }, [tree, editing, t]);

  return (
    <FormModal
      form={editor.form}
      open={!!editing}
      width={720}
      title={editing?.mode === 'edit' ? t('menus.edit') : t('menus.create')}
      onClose={editor.close}
      onSubmit={(values) => save.mutate({ ...values, parentId: values.parentId ?? ROOT_PARENT_ID })}
      pending={save.isPending}
      testId="menu-form"
    >
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
          <Form.Item name="title" label={t('menus.menuTitle')} rules={[requiredRule(t, t('menus.menuTitle'))]}>
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
            <Form.Item name="path" label={t('menus.path')} tooltip={t('menus.pathHelp')} rules={[requiredRule(t, t('menus.path'))]}>
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
            <Select mode="tags" options={roleOptions} data-testid="menu-form-roles" />
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
    </FormModal>
  );
}
