import { useState } from 'react';
import { Alert, Col, Form, Input, InputNumber, Radio, Row, Select, Typography } from 'antd';
import { ApiError } from '../../api/http';
import { createKb, updateKb, type KnowledgeBase } from '../../api/kb';
import { requiredRule } from '../../components/form-rules';
import { FormModal, type Editor } from '../../components/resource/form-modal';
import { useResourceMutation } from '../../components/resource/use-resource-mutation';
import { useT } from '../../i18n/preferences';
import { RETRIEVAL_TYPE_LABELS } from './labels';
import { KB_LIMITS, KB_RETRIEVAL_TYPES, collectionOptions, fieldRefusal, kbInput, type KbFormValues } from './logic/kb-form';
import { KB_IDS as IDS } from './test-ids';

export type KbEditing = { mode: 'create' } | { mode: 'edit'; kb: KnowledgeBase };

/**
 * Create or edit a knowledge base: its collections (the searchable ones, and any it already holds that are
 * no longer), the retrieval type, topK and score threshold. A refusal of the server is shown beside the field
 * it names, any other above the form.
 */
export function KbFormModal({
  editor, refresh, collections, collectionsLoading,
}: {
  editor: Editor<KbEditing, KbFormValues>;
  refresh: () => unknown;
  collections: { id: number; title: string }[] | undefined;
  collectionsLoading: boolean;
}) {
  const t = useT();
  const editing = editor.target;
  const [failure, setFailure] = useState<string | null>(null);
  const selected: number[] = Form.useWatch('vectorIds', editor.form) ?? [];
  const save = useResourceMutation({
    mutationFn: (values: KbFormValues) => {
      const input = kbInput(values);
      return editing?.mode === 'edit' ? updateKb(editing.kb.id, input) : createKb(input);
    },
    success: t('common.saved'),
    onSuccess: editor.close,
    refresh,
  });

  function submit(values: KbFormValues) {
    setFailure(null);
    save.mutate(values, {
      onError: (error) => {
        const refusal = error instanceof ApiError ? fieldRefusal(error) : null;
        if (!refusal) return setFailure(error.message);
        const text = refusal.kind === 'unknownCollections'
          ? t('kb.form.unknownCollections', { ids: refusal.detail })
          : t('kb.form.serverInvalid', { detail: refusal.detail });
        editor.form.setFields([{ name: refusal.field, errors: [text] }]);
      },
    });
  }

  const options = collectionOptions(collections ?? [], selected).map((o) => ({
    value: o.value,
    label: o.unavailable ? t('kb.collection.unavailable', { title: o.label }) : o.label,
  }));
  const field = (name: string) => ({ 'data-testid': IDS.field(name) });

  return (
    <FormModal
      form={editor.form}
      open={!!editing}
      width={620}
      title={editing?.mode === 'edit' ? t('kb.edit') : t('kb.create')}
      onClose={() => {
        setFailure(null);
        editor.close();
      }}
      onSubmit={submit}
      pending={save.isPending}
      testId={IDS.form}
    >
      {failure ? <Alert type="error" showIcon style={{ marginBottom: 16 }} title={failure} data-testid={IDS.formError} /> : null}
      <Form.Item name="name" label={t('kb.name')} rules={[requiredRule(t, t('kb.name')), { max: KB_LIMITS.name }, { whitespace: true, message: t('common.required', { field: t('kb.name') }) }]}>
        <Input maxLength={KB_LIMITS.name} {...field('name')} />
      </Form.Item>
      <Form.Item name="description" label={t('kb.description')} rules={[{ max: KB_LIMITS.description }]}>
        <Input.TextArea rows={2} maxLength={KB_LIMITS.description} showCount {...field('description')} />
      </Form.Item>
      <Form.Item
        name="vectorIds"
        label={t('kb.collections')}
        extra={t('kb.collections.hint', { max: KB_LIMITS.collections })}
        rules={[
          { required: true, type: 'array', min: 1, message: t('kb.collections.required') },
          { type: 'array', max: KB_LIMITS.collections, message: t('kb.collections.tooMany', { max: KB_LIMITS.collections }) },
        ]}
      >
        <Select
          mode="multiple"
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          loading={collectionsLoading}
          placeholder={t('kb.collections.placeholder')}
          notFoundContent={t('search.noCollections')}
          options={options}
          {...field('vectorIds')}
        />
      </Form.Item>
      <Form.Item name="type" label={t('kb.retrievalType')} rules={[requiredRule(t, t('kb.retrievalType'))]}>
        <Radio.Group
          optionType="button"
          {...field('type')}
          options={KB_RETRIEVAL_TYPES.map((type) => ({ value: type, label: <span data-testid={IDS.field(`type-${type}`)}>{t(RETRIEVAL_TYPE_LABELS[type])}</span> }))}
        />
      </Form.Item>
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: -12 }}>{t('kb.retrievalType.hint')}</Typography.Paragraph>
      <Row gutter={12}>
        <Col span={12}>
          <Form.Item name="topK" label={t('kb.topK')} rules={[requiredRule(t, t('kb.topK'))]}>
            <InputNumber min={1} max={KB_LIMITS.topK} precision={0} style={{ width: '100%' }} {...field('topK')} />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name="scoreThreshold" label={t('kb.threshold')} extra={t('kb.threshold.hint')} rules={[requiredRule(t, t('kb.threshold'))]}>
            <InputNumber min={0} max={1} step={0.05} style={{ width: '100%' }} {...field('scoreThreshold')} />
          </Form.Item>
        </Col>
      </Row>
    </FormModal>
  );
}
