import { useEffect } from 'react';
import { Col, Form, Input, InputNumber, Row, Select, type FormInstance } from 'antd';
import { VECTOR_METRIC_VALUES, type SourceFieldInfo } from '../../../api/vectors';
import { requiredRule } from '../../../components/form-rules';
import { VECTOR_IDS } from '../../../components/test-ids';
import { useT } from '../../../i18n/preferences';
import type { MessageKey } from '../../../i18n/messages';
import { modelOptions, useEmbeddingModels } from '../collection-dialogs';
import type { IndexSettings } from '../logic/wizard-plan';
import { titleAvailableRule } from '../title-rule';

const METRIC_LABELS: Record<IndexSettings['metric'], MessageKey> = {
  cosine: 'vector.wizard.settings.metric.cosine',
  l2: 'vector.wizard.settings.metric.l2',
  ip: 'vector.wizard.settings.metric.ip',
};

/** Step 5: the collection's title and how it is indexed. */
export function StepSettings({ form, initial, mainFields, onChange }: { form: FormInstance<IndexSettings>; initial: Partial<IndexSettings>; mainFields: SourceFieldInfo[]; onChange: (values: IndexSettings) => void }) {
  const t = useT();
  const models = useEmbeddingModels();
  // Bounds as services/vectors/src/schemas/plan.ts checks them. The server's default model until the user picks one.
  useEffect(() => {
    const preferred = models.data?.find((m) => m.isDefault) ?? models.data?.[0];
    if (preferred && !form.getFieldValue('embeddingModel')) {
      form.setFieldValue('embeddingModel', preferred.model);
      onChange(form.getFieldsValue(true) as IndexSettings);
    }
  }, [models.data, form, onChange]);

  return (
    <Form<IndexSettings>
      form={form}
      layout="vertical"
      preserve
      initialValues={initial}
      onValuesChange={(_, all) => onChange(all)}
      data-testid={VECTOR_IDS.wizardSettings}
    >
      <Form.Item
        name="title"
        label={t('vector.wizard.settings.title')}
        validateTrigger={['onChange', 'onBlur']}
        rules={[requiredRule(t, t('vector.wizard.settings.title')), { max: 100 }, titleAvailableRule(t)]}
      >
        <Input maxLength={100} data-testid={VECTOR_IDS.wizardTitle} />
      </Form.Item>
      <Row gutter={12}>
        <Col span={14}>
          <Form.Item name="embeddingModel" label={t('vector.wizard.settings.model')} rules={[requiredRule(t, t('vector.wizard.settings.model'))]}>
            <Select loading={models.isLoading} options={modelOptions(models.data, t)} data-testid={VECTOR_IDS.wizardModel} />
          </Form.Item>
        </Col>
        <Col span={10}>
          <Form.Item name="metric" label={t('vector.wizard.settings.metric')}>
            <Select options={VECTOR_METRIC_VALUES.map((m) => ({ value: m, label: t(METRIC_LABELS[m]) }))} data-testid="vector-wizard-metric" />
          </Form.Item>
        </Col>
      </Row>
      <Row gutter={12}>
        <Col span={8}>
          <Form.Item name="m" label={t('vector.wizard.settings.m')} rules={[{ required: true }]}>
            <InputNumber min={4} max={64} precision={0} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item name="efConstruction" label={t('vector.wizard.settings.efConstruction')} rules={[{ required: true }]}>
            <InputNumber min={8} max={512} precision={0} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item name="chunkSize" label={t('vector.wizard.settings.chunkSize')} rules={[{ required: true }]}>
            <InputNumber min={100} max={8000} precision={0} step={100} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name="template" label={t('vector.wizard.settings.template')} extra={t('vector.wizard.settings.templateHint')}>
        <Input.TextArea rows={3} style={{ fontFamily: 'monospace' }} data-testid="vector-wizard-template" />
      </Form.Item>
      <Form.Item name="updatedAtField" label={t('vector.wizard.settings.updatedAt')} extra={t('vector.wizard.settings.updatedAtHint')}>
        <Select allowClear options={mainFields.map((f) => ({ value: f.key, label: `${f.column} (${f.type})` }))} data-testid="vector-wizard-updated-at" />
      </Form.Item>
    </Form>
  );
}
