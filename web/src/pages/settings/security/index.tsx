import { useState } from 'react';
import { App, Button, Card, DatePicker, Form, Input, Modal, Popconfirm, Table, Tag, type TableColumnsType } from 'antd';
import { PlusOutlined, StopOutlined, CheckCircleOutlined } from '@ant-design/icons';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Dayjs } from 'dayjs';
import { createIpRule, listIpRules, setIpRuleStatus } from '../../../api/security';
import type { IpRule } from '../../../api/types';
import { Auth } from '../../../auth/auth';
import { PageHeader } from '../../../components/page-header';
import { rowTestId, testId } from '../../../components/test-ids';
import { formatTime } from '../../../components/time';
import { useT } from '../../../i18n/preferences';
import { isIpOrCidr } from '../../../lib/ip';

const PERM = 'system:security';

interface RuleForm {
  ipOrCidr: string;
  reason?: string;
  expireAt?: Dayjs | null;
}

export default function SecurityPage() {
  const t = useT();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [paging, setPaging] = useState({ current: 1, size: 10 });
  const [creating, setCreating] = useState(false);
  const [form] = Form.useForm<RuleForm>();

  const rules = useQuery({
    queryKey: ['settings', 'ips', paging],
    queryFn: () => listIpRules(paging.current, paging.size),
    placeholderData: keepPreviousData,
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['settings', 'ips'] });

  const create = useMutation({
    mutationFn: ({ ipOrCidr, reason, expireAt }: RuleForm) =>
      createIpRule({ ipOrCidr: ipOrCidr.trim(), reason: reason?.trim() || undefined, expireAt: expireAt ? expireAt.toISOString() : undefined }),
    onSuccess: () => {
      setCreating(false);
      message.success(t('common.saved'));
      void refresh();
    },
  });
  const toggle = useMutation({
    mutationFn: (rule: IpRule) => setIpRuleStatus(rule.id, rule.status === 'banned' ? 'allowed' : 'banned'),
    onSuccess: () => {
      message.success(t('common.saved'));
      void refresh();
    },
  });

  const columns: TableColumnsType<IpRule> = [
    { title: 'ID', dataIndex: 'id', width: 72 },
    { title: t('security.ip'), dataIndex: 'ipOrCidr', render: (v: string) => <code>{v}</code> },
    {
      title: t('common.status'),
      dataIndex: 'status',
      render: (v: IpRule['status']) => (v === 'banned' ? <Tag color="red">{t('security.banned')}</Tag> : <Tag color="green">{t('security.allowed')}</Tag>),
    },
    { title: t('security.reason'), dataIndex: 'reason', render: (v) => v || '-' },
    { title: t('security.expireAt'), dataIndex: 'expireAt', render: (v) => (v ? formatTime(v) : t('security.never')) },
    { title: t('security.createdBy'), dataIndex: 'createdBy', render: (v) => v ?? '-' },
    { title: t('common.createdAt'), dataIndex: 'createdAt', render: formatTime },
    {
      title: t('common.actions'),
      key: 'actions',
      render: (_, rule) => (
        <Auth perm={PERM}>
          <Popconfirm destroyOnHidden
            title={rule.status === 'banned' ? t('security.unban') : t('security.ban')}
            onConfirm={() => toggle.mutate(rule)}
            okButtonProps={testId('popconfirm-ok')}
          >
            <Button
              type="link"
              size="small"
              danger={rule.status !== 'banned'}
              icon={rule.status === 'banned' ? <CheckCircleOutlined /> : <StopOutlined />}
              data-testid={`ips-toggle-${rule.id}`}
            >
              {rule.status === 'banned' ? t('security.unban') : t('security.ban')}
            </Button>
          </Popconfirm>
        </Auth>
      ),
    },
  ];

  return (
    <div data-testid="security-page">
      <PageHeader
        title={t('security.title')}
        extra={
          <Auth perm={PERM}>
            <Button
              type="primary"
              icon={<PlusOutlined />}
              data-testid="ips-create"
              onClick={() => {
                form.resetFields();
                setCreating(true);
              }}
            >
              {t('security.create')}
            </Button>
          </Auth>
        }
      />
      <Card>
        <Table<IpRule>
          rowKey="id"
          columns={columns}
          dataSource={rules.data?.records}
          loading={rules.isFetching}
          onRow={rowTestId('ips')}
          scroll={{ x: 'max-content' }}
          pagination={{
            current: paging.current,
            pageSize: paging.size,
            total: rules.data?.total ?? 0,
            showSizeChanger: true,
            showTotal: (total) => t('common.total', { total }),
            onChange: (current, size) => setPaging({ current, size }),
          }}
        />
      </Card>
      <Modal
        open={creating}
        title={t('security.create')}
        onCancel={() => setCreating(false)}
        onOk={() => form.submit()}
        confirmLoading={create.isPending}
        okButtonProps={testId('ip-form-submit')}
        forceRender
      >
        <Form form={form} layout="vertical" onFinish={(values) => create.mutate(values)} data-testid="ip-form">
          <Form.Item
            name="ipOrCidr"
            label={t('security.ip')}
            rules={[
              { required: true, message: t('common.required', { field: t('security.ip') }) },
              { validator: async (_r, v: string | undefined) => { if (v && !isIpOrCidr(v)) throw new Error(t('security.ipInvalid')); } },
            ]}
          >
            <Input placeholder="203.0.113.7 / 10.0.0.0/8 / 2001:db8::/32" data-testid="ip-form-ip" />
          </Form.Item>
          <Form.Item name="reason" label={t('security.reason')} rules={[{ max: 255 }]}>
            <Input.TextArea rows={2} data-testid="ip-form-reason" />
          </Form.Item>
          <Form.Item name="expireAt" label={t('security.expireAt')} extra={t('security.never')}>
            <DatePicker showTime style={{ width: '100%' }} data-testid="ip-form-expire" />
          </Form.Item>
        </Form>
      </Modal>
    </div>
  );
}
