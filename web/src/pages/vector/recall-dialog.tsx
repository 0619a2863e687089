import { Alert, Button, Col, Form, InputNumber, Progress, Row, Typography } from 'antd';
import { useMutation } from '@tanstack/react-query';
import { checkRecall, saveSearchConfig, type Collection, type RecallAnswer } from '../../api/vectors';
import { FormModal, type Editor } from '../../components/resource/form-modal';
import { useResourceMutation } from '../../components/resource/use-resource-mutation';
import { VECTOR_IDS } from '../../components/test-ids';
import { useT } from '../../i18n/preferences';

export interface RecallFormValues {
  efSearch: number;
  sample: number;
  topK: number;
}

export const recallFormValues = (c: Collection): RecallFormValues => ({ efSearch: c.efSearch, sample: 50, topK: 10 });

/** A collection's recall check (HNSW against exact search) at an ef_search, and saving that ef_search. */
export function RecallDialog({ editor, refresh }: { editor: Editor<Collection, RecallFormValues>; refresh: () => unknown }) {
  const t = useT();
  const target = editor.target;
  const check = useMutation({ mutationFn: (v: RecallFormValues) => checkRecall(target!.id, v) });
  const save = useResourceMutation({
    mutationFn: ({ efSearch }: RecallFormValues) => saveSearchConfig(target!.id, efSearch),
    success: t('vector.recall.saved'),
    onSuccess: editor.close,
    refresh,
  });
  const close = () => {
    check.reset();
    editor.close();
  };
  const run = async () => check.mutate(await editor.form.validateFields());
  const answer: RecallAnswer | undefined = check.data;
  const number = (name: keyof RecallFormValues, max: number) => (
    <Form.Item name={name} label={t(`vector.recall.${name}`)} rules={[{ required: true }]}>
      <InputNumber min={1} max={max} precision={0} style={{ width: '100%' }} data-testid={`${VECTOR_IDS.recallForm}-${name}`} />
    </Form.Item>
  );
  return (
    <FormModal
      form={editor.form}
      open={!!target}
      title={t('vector.recall.title', { title: target?.title ?? '' })}
      onClose={close}
      onSubmit={(values) => save.mutate(values)}
      pending={save.isPending}
      testId={VECTOR_IDS.recallForm}
      width={560}
    >
      <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('vector.recall.desc')} />
      <Row gutter={12}>
        <Col span={8}>{number('efSearch', 1000)}</Col>
        <Col span={8}>{number('sample', 200)}</Col>
        <Col span={8}>{number('topK', 100)}</Col>
      </Row>
      <Button onClick={() => void run()} loading={check.isPending} data-testid={VECTOR_IDS.recallRun}>
        {t('vector.recall.run')}
      </Button>
      {answer && (
        <div data-testid={VECTOR_IDS.recallResult} style={{ marginTop: 16 }}>
          {answer.recall === null ? (
            <Typography.Text type="secondary">{t('vector.recall.noRows')}</Typography.Text>
          ) : (
            <>
              <Typography.Text strong>{t('vector.recall.result', { topK: answer.topK })}</Typography.Text>
              <Progress percent={Math.round(answer.recall * 1000) / 10} status={answer.recall >= 0.95 ? 'success' : 'normal'} />
              <Typography.Text type="secondary">
                {t('vector.recall.timing', { efSearch: answer.efSearch, sample: answer.sample, hnswMs: answer.hnswMs, exactMs: answer.exactMs })}
              </Typography.Text>
            </>
          )}
        </div>
      )}
      <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
        {t('vector.recall.save')}
      </Typography.Paragraph>
    </FormModal>
  );
}
