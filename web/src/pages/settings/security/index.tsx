import { Card, DatePicker, Form, Input, Tag, type TableColumnsType } from 'antd';
import { CheckCircleOutlined, StopOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { createIpRule, listIpRules, setIpRuleStatus } from '../../../api/security';
import type { IpRule } from '../../../api/types';
import { requiredRule } from '../../../components/form-rules';
import { PageHeader } from '../../../components/page-header';
import { CreateButton, RowAction } from '../../../components/resource/actions';
import { FormModal, useEditor } from '../../../components/resource/form-modal';
import { ResourceTable } from '../../../components/resource/resource-table';
import { usePagedList } from '../../../components/resource/use-paged-list';
import { useResourceMutation } from '../../../components/resource/use-resource-mutation';
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
  const rules = usePagedList<IpRule>({ key: ['settings', 'ips'], fetch: ({ current, size }) => listIpRules(current, size) });
  const creator = useEditor<'new', RuleForm>();

  const create = useResourceMutation({
    mutationFn: ({ ipOrCidr, reason, expireAt }: RuleForm) =>
      createIpRule({ ipOrCidr: ipOrCidr.trim(), reason: reason?.trim() || undefined, expireAt: expireAt ? expireAt.toISOString() : undefined }),
    success: t('common.saved'),
    onSuccess: creator.close,
    refresh: rules.refresh,
  });
  const toggle = useResourceMutation({
    mutationFn: (rule: IpRule) => setIpRuleStatus(rule.id, rule.status === 'banned' ? 'allowed' : 'banned'),
    success: t('common.saved'),
    refresh: rules.refresh,
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
  ];

  return (
    <div data-testid="security-page">
      <PageHeader
        title={t('security.title')}
        extra={<CreateButton perm={PERM} testId="ips-create" onClick={() => creator.open('new')}>{t('security.create')}</CreateButton>}
      />
      <Card>
        <ResourceTable<IpRule>
          source={rules}
          name="ips"
          columns={columns}
          actionsPerm={PERM}
          actions={(rule) => {
            const banned = rule.status === 'banned';
            const label = banned ? t('security.unban') : t('security.ban');
            return (
              <RowAction danger={!banned} icon={banned ? <CheckCircleOutlined /> : <StopOutlined />} testId={`ips-toggle-${rule.id}`} confirm={label} onClick={() => toggle.mutate(rule)}>
                {label}
              </RowAction>
            );
          }}
        />
      </Card>
      <FormModal
        form={creator.form}
        open={!!creator.target}
        title={t('security.create')}
        onClose={creator.close}
        onSubmit={(values) => create.mutate(values)}
        pending={create.isPending}
        testId="ip-form"
      >
        <Form.Item
          name="ipOrCidr"
          label={t('security.ip')}
          rules={[
            requiredRule(t, t('security.ip')),
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
      </FormModal>
    </div>
  );
}
